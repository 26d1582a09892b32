#!/usr/bin/env python
"""Benchmark: translation cache throughput and a fully cached rebuild.

    python benchmarks/bench_translation.py [--articles 1000] [--per-article 10]

1. Cache reads: segments per second through ``TranslationCache.get_many``,
   next to two baselines measured in the same run on the same data -- a
   plain dict lookup (the ceiling) and a raw sqlite3 SELECT-per-segment loop
   (what a naive cache would do) -- with the ratios.
2. Rebuild: 1,000 synthetic articles of ~10 segments each are translated once
   by a counting engine registered in the engine registry (filling the
   cache), then ``translate_segments`` runs again over the same segments.
   The second run must make zero engine calls; the script exits 1 otherwise.

Everything happens in a temporary folder; the repository's glossary and
gazetteer are used when present so that placeholder protection costs what
it costs in a real build.
"""

from __future__ import annotations

import argparse
import random
import shutil
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.config import DEFAULT_LANGUAGES, Config, TranslateSettings  # noqa: E402
from generator.translation import register_engine, translate_segments, unregister_engine  # noqa: E402
from generator.translation.cache import TranslationCache  # noqa: E402

WORDS = (
    "أعلنت وزارة الداخلية الدفاع عن خطة أمنية جديدة في العاصمة طرابلس بنغازي مصراتة وقال مسؤول "
    "إن الاجتماع تناول ملفات عدة منها الحدود الجنوبية والهجرة غير النظامية وتهريب الوقود خلال "
    "لقاء رسمي جرى اليوم مع وفد أمريكي المجلس الرئاسي حفتر الدبيبة"
).split()
LATIN = {chr(code): "abcdefghijklmnopqrstuvwxyz"[code % 26] for code in range(0x0621, 0x064B)}


class CountingEngine:
    """A registry engine that counts every text it is asked to translate."""

    name = "bench-count"
    model = "v1"
    max_chars = 2000
    network = False

    def __init__(self):
        self.calls = 0
        self.requests = 0

    def translate_batch(self, texts):
        self.calls += len(texts)
        self.requests += 1
        return ["".join(LATIN.get(ch, ch) for ch in text) for text in texts]

    def why_unavailable(self):
        return None


def synthetic_segments(articles: int, per_article: int, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    out = []
    for article in range(articles):
        for sentence in range(per_article):
            words = rng.choices(WORDS, k=rng.randint(8, 22))
            out.append(f"{' '.join(words)} رقم {article}-{sentence}.")
    return out


def rate(count: int, seconds: float) -> float:
    return count / seconds if seconds > 0 else float("inf")


def bench_cache_reads(folder: Path, segments: list[str]) -> list[tuple[str, float, float]]:
    pairs = [(s, "translation " + s[-12:]) for s in segments]
    with TranslationCache.for_config(folder) as cache:
        cache.put_many("bench", "v1", pairs)
    rows = []

    table = dict(pairs)
    started = time.perf_counter()
    found = sum(1 for s in segments if table.get(s) is not None)
    rows.append(("dict lookup (ceiling)", time.perf_counter() - started, found))

    db = sqlite3.connect(str(folder / "translations.sqlite3"))
    started = time.perf_counter()
    found = 0
    for s in segments:
        row = db.execute("SELECT text FROM translations WHERE engine=? AND model=? AND source=?", ("bench", "v1", s)).fetchone()
        found += row is not None
    rows.append(("raw sqlite3 SELECT loop", time.perf_counter() - started, found))
    db.close()

    with TranslationCache.for_config(folder) as cache:
        started = time.perf_counter()
        found = len(cache.get_many("bench", "v1", segments))
        rows.append(("TranslationCache.get_many", time.perf_counter() - started, found))
    return rows


def make_project(root: Path) -> Config:
    content = root / "content"
    content.mkdir(parents=True)
    for name in ("glossary.yaml", "gazetteer.yaml"):
        if (ROOT / "content" / name).exists():
            shutil.copy(ROOT / "content" / name, content / name)
    return Config(
        root=root,
        base_url="/",
        languages=DEFAULT_LANGUAGES,
        translate=TranslateSettings(engine="bench-count", cache_dir=".cache"),
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--per-article", type=int, default=10)
    args = parser.parse_args()
    segments = synthetic_segments(args.articles, args.per_article)

    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        rows = bench_cache_reads(tmp / "reads", segments)
        print(f"cache reads, {len(segments):,} segments")
        print(f"  {'method':<28} {'seconds':>9} {'segments/s':>13} {'vs raw SELECT':>14}")
        raw = rows[1][1]
        for label, seconds, found in rows:
            assert found == len(segments), label
            print(f"  {label:<28} {seconds:>9.4f} {rate(len(segments), seconds):>13,.0f} {raw / seconds:>13.1f}x")

        engine = CountingEngine()
        register_engine("bench-count", lambda config: engine, replace=True)
        try:
            config = make_project(tmp / "project")
            started = time.perf_counter()
            first = translate_segments(segments, config)
            cold = time.perf_counter() - started
            calls_first = engine.calls
            engine.calls = engine.requests = 0
            started = time.perf_counter()
            second = translate_segments(segments, config)
            warm = time.perf_counter() - started
        finally:
            unregister_engine("bench-count")

    n = len(segments)
    print(f"\nrebuild, {args.articles:,} articles x {args.per_article} segments = {n:,} segments")
    print(f"  {'run':<28} {'seconds':>9} {'segments/s':>13} {'engine calls':>14}")
    print(f"  {'first build (fills cache)':<28} {cold:>9.2f} {rate(n, cold):>13,.0f} {calls_first:>14,}")
    print(f"  {'rebuild (all cached)':<28} {warm:>9.2f} {rate(n, warm):>13,.0f} {engine.calls:>14,}")
    print("  " + first.summary_lines()[0])
    print("  " + second.summary_lines()[0])
    if engine.calls != 0 or second.stats.cached != n:
        print("FAIL: the rebuild called the engine", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
