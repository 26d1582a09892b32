"""``briefing translate score``: which engine translates *your* material best.

The reviewed translation memory is a test set made by the newsroom itself:
its Arabic is translated by each engine alone (its cache first, so a second
run asks nothing new), and the output is scored against the reviewed English
with sacrebleu's chrF (character n-grams, kinder to morphology and name
spellings, the better guide on a few hundred segments) and BLEU.  A segment
an engine could not translate counts as an empty answer: an engine that
fails half the time should not look good on the half it managed.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..config import Config
from ..models import Problem
from .engines import engine_chain
from .memory import MEMORY_FILE, TranslationMemory
from .run import translate_with_engine


@dataclass(frozen=True)
class EngineScore:
    engine: str  # registry name
    label: str  # what pages show, e.g. "llm (qwen2.5)"
    segments: int
    translated: int
    cached: int
    chrf: float
    bleu: float
    note: str | None = None


@dataclass
class ScoreReport:
    scores: list[EngineScore]
    problems: list[Problem]

    def table(self) -> str:
        header = ("engine", "segments", "translated", "from cache", "chrF", "BLEU")
        rows = [
            (s.label, str(s.segments), str(s.translated), str(s.cached), f"{s.chrf:.1f}", f"{s.bleu:.1f}") for s in self.scores
        ]
        widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]

        def line(row: tuple[str, ...]) -> str:
            cells = [row[0].ljust(widths[0])] + [cell.rjust(width) for cell, width in zip(row[1:], widths[1:])]
            return "  ".join(cells).rstrip()

        out = [line(header), "  ".join("-" * w for w in widths)]
        out.extend(line(row) for row in rows)
        out.extend(f"{s.label}: {s.note}" for s in self.scores if s.note)
        return "\n".join(out)


def score_engines(config: Config, engines: list[str] | None = None, *, offline: bool = False) -> ScoreReport:
    import sacrebleu

    memory = TranslationMemory.load(config.content_path / MEMORY_FILE, f"{config.content_dir}/{MEMORY_FILE}")
    problems = list(memory.problems)
    pairs = list(dict.fromkeys((entry.ar, entry.en) for entry in memory.entries))
    sources = [ar for ar, _ in pairs]
    references = [en for _, en in pairs]
    scores = []
    for name in engines or engine_chain(config):
        run = translate_with_engine(sources, config, name, offline=offline)
        problems.extend(p for p in run.problems if p.severity == "error")
        hypotheses = [run.results[ar].text or "" for ar in sources]
        done = [r for r in (run.results[ar] for ar in sources) if r.text is not None]
        labels = {r.engine for r in done if r.engine and r.engine != "copy"}
        stats = run.stats.engines.get(name)
        scores.append(
            EngineScore(
                engine=name,
                label=labels.pop() if len(labels) == 1 else name,
                segments=len(sources),
                translated=len(done),
                cached=run.stats.cached,
                chrf=sacrebleu.corpus_chrf(hypotheses, [references]).score if sources else 0.0,
                bleu=sacrebleu.corpus_bleu(hypotheses, [references]).score if sources else 0.0,
                note=(stats.note if stats else None)
                or ("offline: network engine skipped" if run.stats.offline and not done else None),
            )
        )
    return ScoreReport(scores, problems)
