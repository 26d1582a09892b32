"""A small OpenAI-compatible chat-completions server on 127.0.0.1 for tests.

It reads the segments the ``llm`` engine sends (the JSON after the first line
of the user message) and answers according to ``mode``:

* ``good``: one English line per segment, placeholders kept;
* ``malformed``: chatter around the JSON;
* ``drop``: the last segment left out;
* ``arabic``: the first segment echoed in Arabic;
* ``placeholder``: placeholders re-cased (``__g1__``);
* ``refuse``: an apology instead of a translation for the first segment;
* ``hang``: no answer until the client gives up (bounded by ``hang_for``);
* ``flaky``: HTTP 503 on the first request, then ``good``.

``requests`` counts the requests received; ``bodies`` keeps them.  ``mode``
may be changed between calls, or given as a list consumed one per request.
"""

from __future__ import annotations

import json
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PLACEHOLDER = re.compile(r"_{1,2}G\d+_{1,2}")


def english_for(segment: dict) -> str:
    """The server's "translation": fixed English words plus the placeholders."""
    names = " ".join(PLACEHOLDER.findall(segment["ar"]))
    return f"English for segment {segment['id']} ({len(segment['ar'])} chars)" + (f" with {names}" if names else "")


class FakeLLMServer:
    def __init__(self, mode: str | list[str] = "good", hang_for: float = 5.0):
        self.mode = mode
        self.hang_for = hang_for
        self.requests = 0
        self.bodies: list[dict] = []
        self.authorization: list[str | None] = []
        self._stop = threading.Event()
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # keep test output quiet
                pass

            def do_POST(self):
                length = int(self.headers.get("Content-Length", 0))
                body = json.loads(self.rfile.read(length))
                owner.requests += 1
                owner.bodies.append(body)
                owner.authorization.append(self.headers.get("Authorization"))
                mode = owner.mode.pop(0) if isinstance(owner.mode, list) else owner.mode
                if self.path != "/v1/chat/completions":
                    return self.reply(404, {"error": "not found"})
                if mode == "hang":
                    owner._stop.wait(owner.hang_for)
                    return self.reply(200, {"choices": []})
                if mode == "flaky":
                    owner.mode = "good"
                    return self.reply(503, {"error": "busy"})
                segments = json.loads(body["messages"][1]["content"].split("\n", 1)[1])["segments"]
                items = [{"id": s["id"], "en": english_for(s)} for s in segments]
                if mode == "drop":
                    items = items[:-1]
                elif mode == "arabic":
                    items[0]["en"] = segments[0]["ar"]
                elif mode == "placeholder":
                    items = [{"id": i["id"], "en": i["en"].replace("__G", "__g")} for i in items]
                elif mode == "refuse":
                    items[0]["en"] = "I'm sorry, but I can't translate this text."
                content = json.dumps({"translations": items}, ensure_ascii=False)
                if mode == "malformed":
                    content = "Sure! Here are the translations:\n" + content[:-2]
                self.reply(
                    200,
                    {
                        "id": "x",
                        "object": "chat.completion",
                        "model": body.get("model"),
                        "choices": [{"index": 0, "finish_reason": "stop", "message": {"role": "assistant", "content": content}}],
                    },
                )

            def reply(self, status: int, payload: dict):
                data = json.dumps(payload).encode()
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):  # the client timed out
                    pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.base_url = f"http://127.0.0.1:{self.httpd.server_address[1]}/v1"
        self._thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self) -> "FakeLLMServer":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self.httpd.shutdown()
        self.httpd.server_close()
        self._thread.join(timeout=5)
