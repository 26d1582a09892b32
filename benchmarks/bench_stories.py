"""Benchmark: stories on reports written like real ones, against the plain peer.

    python benchmarks/bench_stories.py                       # tests/corpus
    python benchmarks/bench_stories.py --real /path/to/realpages

Runs ``briefing eval`` (``generator.evaluate.evaluate_project``) on the
evaluation corpus (``tests/corpus``: reports modelled on real Libyan,
regional and English-language pages, with gold annotations) and, when given,
on a project of real pages kept outside the repository (their text is never
committed).  On each it prints our same-event and same-thread pairwise
precision, recall and F1 next to the peer measured in the same run on the
same briefs: a TF-IDF cosine over character 3-5-grams with one threshold,
pairs joined into groups, at the threshold that suits the peer best on that
very corpus (an oracle in its favour) and at a fixed 0.5.  It also prints the
stories and threads that join reports of three or more gold threads (a chain
of unrelated reports), and the time of the whole run.

Targets (issue 12): same-event F1 >= 0.85 and at least 0.15 above the peer;
thread F1 >= 0.85; no chain.  The exit code is 0 whatever the figures: this
is a measurement, read the table.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from generator.config import load_config
from generator.evaluate import evaluate_project, load_gold

REPO = Path(__file__).resolve().parent.parent
FIXED_PEER_THRESHOLD = 0.5


def measure(project: Path, label: str) -> dict:
    config, problems = load_config(project.resolve())
    gold, found = load_gold(project / "gold.yaml")
    for p in problems + found:
        print(p.format(), file=sys.stderr)
    start = time.perf_counter()
    result = evaluate_project(config, gold, peer_threshold=FIXED_PEER_THRESHOLD)
    seconds = time.perf_counter() - start
    f = result.figures
    event, thread, peer = f["same_event"], f["same_thread"], f["peer"]
    print(f"\n{label}: {f['articles']} reports ({seconds:.1f}s for brief + cluster + score)")
    print(f"  {'':<40} {'P':>5} {'R':>5} {'F1':>5}")
    print(f"  {'same event: ours':<40} {event['precision']:5.2f} {event['recall']:5.2f} {event['f1']:5.2f}")
    best = peer["best"]
    print(
        f"  {'same event: peer @' + format(peer['best_threshold'], '.2f') + ' (its best)':<40} "
        f"{best['precision']:5.2f} {best['recall']:5.2f} {best['f1']:5.2f}"
    )
    fixed = peer["at_threshold"]
    print(
        f"  {'same event: peer @' + format(FIXED_PEER_THRESHOLD, '.2f'):<40} "
        f"{fixed['precision']:5.2f} {fixed['recall']:5.2f} {fixed['f1']:5.2f}"
    )
    print(f"  {'same thread: ours':<40} {thread['precision']:5.2f} {thread['recall']:5.2f} {thread['f1']:5.2f}")
    c = f["chains"]
    print(
        f"  chains (3+ gold threads in one story / thread): {c['chained_stories']} / {c['chained_threads']}; "
        f"mixing two: {c['mixed_stories']} / {c['mixed_threads']}"
    )
    margin = event["f1"] - best["f1"]
    print(
        f"  ours - peer(best) = {margin:+.2f}; targets: event F1 >= 0.85 "
        f"({'met' if event['f1'] >= 0.85 else 'NOT met'}), margin >= 0.15 "
        f"({'met' if margin >= 0.15 else 'NOT met'}), thread F1 >= 0.85 "
        f"({'met' if thread['f1'] >= 0.85 else 'NOT met'}), no chain "
        f"({'met' if not c['chained_stories'] and not c['chained_threads'] else 'NOT met'})"
    )
    return f


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=REPO / "tests" / "corpus")
    parser.add_argument("--real", type=Path, default=None, help="a project of real pages with gold.yaml")
    args = parser.parse_args(argv)
    measure(args.corpus, "evaluation corpus")
    if args.real:
        measure(args.real, "real pages")
    return 0


if __name__ == "__main__":
    sys.exit(main())
