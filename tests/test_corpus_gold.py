"""The evaluation corpus (tests/corpus) and its gold file agree with each other.

The corpus is scored by `briefing eval tests/corpus/gold.yaml`; these tests keep
the annotations honest: every file exists, every string the gold says is in a
file is there verbatim, ids are used consistently, topic ids exist, and the
corpus is as large and as varied as issue 12 asks (articles, outlets, events
reported by several outlets, both languages, non-articles and off-focus items).
"""

from __future__ import annotations

import datetime
import re
from collections import Counter, defaultdict
from pathlib import Path

import pytest
import yaml

CORPUS = Path(__file__).parent / "corpus"
GOLD = CORPUS / "gold.yaml"
EVENT_KINDS = {
    "meeting",
    "visit",
    "call",
    "statement",
    "attack",
    "appointment",
    "clash",
    "rescue",
    "disaster",
    "shutdown",
    "decision",
    "dismissal",
    "condemnation",
    "killing",
    "resumption",
}
ACTOR_TYPES = {"person", "organisation", "place"}
PAGE_KINDS = {"article", "listing", "multi"}


def _front_matter(text: str) -> dict:
    match = re.match(r"---\n(.*?)\n---\n", text, re.DOTALL)
    assert match, "no front matter"
    return yaml.safe_load(match.group(1))


@pytest.fixture(scope="module")
def gold() -> dict:
    return yaml.safe_load(GOLD.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def entries(gold) -> list[dict]:
    return gold["articles"]


@pytest.fixture(scope="module")
def texts(entries) -> dict[str, str]:
    return {e["file"]: (CORPUS / e["file"]).read_text(encoding="utf-8") for e in entries if (CORPUS / e["file"]).is_file()}


def test_gold_has_version_1_and_unique_files(gold, entries):
    assert gold["version"] == 1
    files = [e["file"] for e in entries]
    assert [f for f, n in Counter(files).items() if n > 1] == []


def test_every_gold_file_exists_and_every_article_is_annotated(entries):
    missing = [e["file"] for e in entries if not (CORPUS / e["file"]).is_file()]
    assert missing == []
    on_disk = {p.relative_to(CORPUS).as_posix() for p in (CORPUS / "content" / "articles").rglob("*.md")}
    assert on_disk - {e["file"] for e in entries} == set()


def test_front_matter_matches_gold_language_and_folder_date(entries, texts):
    for e in entries:
        meta = _front_matter(texts[e["file"]])
        assert meta["lang"] == e["lang"], e["file"]
        assert {"title", "date", "source", "lang"} <= set(meta), e["file"]
        assert Path(e["file"]).parent.name == str(meta["date"]), e["file"]


def test_every_listed_string_occurs_verbatim(entries, texts):
    absent = []
    for e in entries:
        for key in ("boilerplate", "story_sentences"):
            absent += [(e["file"], key, s) for s in e.get(key) or [] if s not in texts[e["file"]]]
    assert absent == []


def test_fields_use_known_values(entries):
    topic_ids = {t["id"] for t in yaml.safe_load((CORPUS / "content" / "topics.yaml").read_text(encoding="utf-8"))}
    for e in entries:
        assert e["lang"] in {"ar", "en"}, e["file"]
        assert e["kind"] in PAGE_KINDS, e["file"]
        assert e["focus"] in {"on", "off"}, e["file"]
        assert "boilerplate" in e, e["file"]
        if e["kind"] == "article" and e["focus"] == "on":
            assert e.get("event") and e.get("cluster") and e.get("actors") and e.get("story_sentences"), e["file"]
        if e.get("event"):
            assert e["event"]["kind"] in EVENT_KINDS, e["file"]
            assert isinstance(e["event"]["date"], datetime.date), e["file"]
        for actor in e.get("actors") or []:
            assert actor["type"] in ACTOR_TYPES and actor["name"].strip(), e["file"]
        assert set(e.get("topics") or []) <= topic_ids, e["file"]


def test_a_cluster_is_one_event_in_one_thread(entries):
    by_cluster = defaultdict(list)
    for e in entries:
        if e.get("cluster"):
            by_cluster[e["cluster"]].append(e)
    for cluster, members in by_cluster.items():
        assert len({(m["event"]["kind"], m["event"]["date"]) for m in members}) == 1, cluster
        assert len({m.get("thread") for m in members}) == 1, cluster
    threads = {e.get("thread") for e in entries if e.get("thread")}
    assert threads.isdisjoint(by_cluster), "a thread id reused as a cluster id"


def test_corpus_size_and_variety(entries, texts):
    articles = [e for e in entries if e["kind"] == "article"]
    assert len(entries) >= 80
    sources = {_front_matter(t)["source"] for t in texts.values()}
    assert len(sources) >= 20
    clusters = Counter(e["cluster"] for e in entries if e.get("cluster"))
    assert sum(1 for n in clusters.values() if n >= 3) >= 12
    bilingual = {c for c in clusters if {e["lang"] for e in entries if e.get("cluster") == c} == {"ar", "en"}}
    assert len(bilingual) >= 4
    assert {e["kind"] for e in entries} == PAGE_KINDS
    assert sum(1 for e in entries if e["focus"] == "off") >= 4
    threads = Counter(e["thread"] for e in entries if e.get("thread"))
    multi_event_threads = [t for t in threads if len({e["cluster"] for e in entries if e.get("thread") == t}) >= 2]
    assert len(multi_event_threads) >= 3
    assert len(articles) >= 60
