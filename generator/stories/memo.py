"""What clustering derives from one brief alone, kept between builds.

A report's features (actors, places, dates, word and concept counts, its
character n-grams: ``cluster._doc``) depend on its brief only; the TF-IDF
weights, the candidate pairs and every decision depend on the whole batch
and are computed again on every build.  So a rebuild after adding one
article computes one report's features and loads the others' from the build
store (``BuildStore.cluster_features``), keyed by the brief and by the
clustering code's version.

What a pair of reports scored, and what was decided for it, depends on the
two reports as weighed: on their briefs and, since term weights are those
of a report's day (``textsim.as_of_reach``), on every brief before the later
report's reach in the archive's order.  ``PairMemo`` keeps each report's
pairs with the reports before it under a key of exactly that: a new day's
article leaves every older report's key, and so its pairs, as they were,
and only its own day's pairs are scored again.

Feature counts are kept as arrays of term ids into one shared vocabulary
(the terms in the order they were first met, only ever appended to), in the
order the counts were made: ``textsim.vectorise_ids`` turns them into the
same vectors ``textsim.vectorise`` makes of the counts, without a dictionary
look-up per term.  The vocabulary is stored with the features, in one
transaction, so features never outlive the vocabulary their ids index.
"""

from __future__ import annotations

import functools
import hashlib
from collections import Counter
from collections.abc import Collection
from pathlib import Path
from typing import Any

import numpy as np

from ..briefs.store import BuildStore, brief_code_version
from ..models import Brief

__all__ = ["FeatureMemo", "PairMemo", "Vocabulary", "cluster_code_version"]

VOCABULARY_KIND = "cluster-vocabulary"


@functools.lru_cache(maxsize=1)  # the code does not change during a build
def cluster_code_version() -> str:
    """The brief code (text, briefs: tokens, normalisation, n-grams) and the
    stories package that turns a brief into features."""
    h = hashlib.sha256(brief_code_version().encode("utf-8"))
    for path in sorted(Path(__file__).parent.glob("*.py")):
        h.update(path.name.encode("utf-8"))
        h.update(path.read_bytes())
    return h.hexdigest()


class Vocabulary:
    """Terms by id, in the order they were first met; ids never change."""

    def __init__(self, terms: list[str] | None = None):
        self.terms: list[str] = terms if terms is not None else []
        self._ids: dict[str, int] | None = None  # made only when something is encoded
        self.grown = False

    def forget_lookup(self) -> None:
        """Drop the term -> id table (made again if something is encoded)."""
        self._ids = None

    def lookup(self) -> dict[str, int]:
        """The term -> id table, made if it was let go."""
        if self._ids is None:
            self._ids = {t: i for i, t in enumerate(self.terms)}
        return self._ids

    def encode(self, counts: Counter) -> tuple[np.ndarray, np.ndarray]:
        """(term ids, counts) of *counts*, in its order."""
        return self.ids_of(counts), np.fromiter(counts.values(), dtype=np.float64, count=len(counts))

    def ids_of(self, terms: Collection[str]) -> np.ndarray:
        """The ids of *terms* (distinct), those new appended in that order."""
        ids = self.lookup()
        new = [t for t in terms if t not in ids]
        if new:
            for term in new:
                ids[term] = len(self.terms)
                self.terms.append(term)
            self.grown = True
        # map(): no Python loop per term (a report has a thousand n-grams)
        return np.fromiter(map(ids.__getitem__, terms), dtype=np.int64, count=len(terms))


def brief_feature_key(brief: Brief, version: str) -> str:
    """The brief as it is (every field: ``Brief.digest``) and the clustering code."""
    return hashlib.sha256(f"{version}\0{brief.digest}".encode("utf-8")).hexdigest()


class FeatureMemo:
    """Per-brief features found in the store, and those made in this run."""

    def __init__(self, store: BuildStore | None = None, version: str | None = None):
        self.store = store
        self.version = version or cluster_code_version()
        self.vocabulary = Vocabulary()
        self.found: dict[str, Any] = {}
        self.new: dict[str, Any] = {}
        self.reused = 0

    def load(self, keys: list[str]) -> None:
        """Read the stored features of *keys* (none if the vocabulary is gone)."""
        if self.store is None:
            return
        terms = self.store.derived(f"{VOCABULARY_KIND}:{self.version}")
        if not isinstance(terms, list):
            return  # features without their vocabulary mean nothing: make them again
        self.vocabulary = Vocabulary(terms)
        self.found = self.store.cluster_features(keys)

    def missing(self, keys: list[str]) -> list[int]:
        """The places in *keys* of those whose features were not found."""
        return [n for n, key in enumerate(keys) if self.found.get(key) is None]

    def key(self, brief: Brief) -> str:
        return brief_feature_key(brief, self.version)

    def get(self, key: str) -> Any | None:
        row = self.found.get(key)
        if row is not None:
            self.reused += 1
        return row

    def put(self, key: str, row: Any) -> None:
        self.new[key] = row

    def save(self, keep: set[str]) -> None:
        """Store the features made in this run and forget those of briefs
        no longer clustered.  The memo then lets go of the features and of
        the vocabulary's look-up table: the rest of clustering needs neither,
        and they need not be held while it runs."""
        if self.store is not None:
            vocabulary = (
                (VOCABULARY_KIND, f"{VOCABULARY_KIND}:{self.version}", self.vocabulary.terms) if self.vocabulary.grown else None
            )
            self.store.save_cluster_features(self.new, keep, vocabulary)
        self.found, self.new = {}, {}
        self.vocabulary.forget_lookup()


class PairMemo:
    """The outcomes of report pairs (``cluster._PairScores``) kept between
    builds.  Report *j*'s record holds its pairs with the reports placed
    before it, by their place; its key is the briefs of the first ``reach``
    reports (all of them, in order: a report's weights depend on those) and
    *j*'s place among them.  Where that key is the same, those reports are the
    same, in the same places, weighed the same: a stored outcome is the one
    this build would compute, bit for bit."""

    def __init__(self, store: BuildStore | None, feature_keys: list[str], reach: list[int], version: str | None = None):
        self.store = store
        chain = [hashlib.sha256(f"pairs\0{version or cluster_code_version()}".encode("utf-8")).hexdigest()]
        for key in feature_keys:  # chain[k]: the first k briefs, in order
            chain.append(hashlib.sha256(f"{chain[-1]}\0{key}".encode("utf-8")).hexdigest())
        self.keys = [f"{chain[end]}:{j}" for j, end in enumerate(reach)]
        self.found: dict[str, dict] = {}
        self.new: dict[str, dict] = {}
        if store is not None:
            self.found = {k: v for k, v in store.pair_outcomes(self.keys).items() if isinstance(v, dict)}

    def get(self, i: int, j: int) -> Any | None:
        """The stored outcome of the pair (i, j), i < j, or None; *i* is
        ``-1 - i`` for a pair scored on demand (``_PairScores.score_of``:
        one cosine, whose last bit may differ from a batch's)."""
        record = self.found.get(self.keys[j])
        return record.get(i) if record is not None else None

    def put(self, i: int, j: int, outcome: Any) -> None:
        key = self.keys[j]
        if key not in self.new:
            self.new[key] = dict(self.found.get(key, {}))
        self.new[key][i] = outcome

    def save(self) -> None:
        """Store the records that grew; forget those of reports no longer clustered as they were."""
        if self.store is not None:
            self.store.save_pair_outcomes(self.new, set(self.keys))
        self.found, self.new = {}, {}
