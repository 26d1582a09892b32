"""What clustering derives from one brief alone, kept between builds.

A report's features (actors, places, dates, word and concept counts, its
character n-grams: ``cluster._doc``) depend on its brief only; the candidate
pairs and every decision depend on the whole batch and are computed again on
every build.  So a rebuild after adding one article computes one report's
features and loads the others' from the build store
(``BuildStore.cluster_features``), keyed by the brief and by the clustering
code's version.  A report's TF-IDF vectors depend on the reports up to its
reach: ``VectorMemo`` keeps them, as ``PairMemo`` keeps pairs.

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

import contextlib
import functools
import hashlib
import mmap
import os
import pickle
from collections import Counter
from collections.abc import Collection
from pathlib import Path
from typing import Any

import numpy as np

from ..briefs.store import BuildStore, brief_code_version
from ..models import Brief
from ..text.textsim import TERM_ID, Vectors

__all__ = ["FeatureMemo", "PairMemo", "VectorMemo", "Vocabulary", "cluster_code_version"]

VOCABULARY_KIND = "cluster-vocabulary"
VECTOR_FILE = "cluster-vectors.bin"


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


class VectorMemo:
    """The vectors of the last clustering's reports and their top terms (the
    blocking keys' terms), kept in a file beside the build store for the next
    clustering.

    A report's weights count the reports before its reach
    (``textsim.as_of_reach``) and its term ids are numbered in the order the
    batch first meets them, so where the briefs up to a report's reach are
    those of the last batch, in the same places, and its reach is the same,
    its vector is the one this clustering would make, bit for bit: a new
    day's article leaves every older report's vector as it was (an
    article dated back, those before its day).  Its top terms are the same
    too unless one of its terms crossed the ``min_df`` the top terms ask
    for (``Vectors.top_terms``): those reports' are found again.

    It keeps the blocking keys and candidate pairs too: a pair is found from
    its later report (``_posting_pairs``), so the pairs of the reports before
    the first whose keys are not the last batch's are the last batch's
    (``candidates``): a new day's build finds only its own day's pairs.

    The file is flat arrays (the ids, the weights of each count type) read
    through a memory map: pickles of 15,000 rows in SQLite load about as
    slowly as the vectors are made (5,000 reports: 75 MB, written in
    0.2-0.3 s, the rows kept taken in 0.1 s; made, 1.3-1.9 s)."""

    KINDS = ("words", "chars", "concepts")
    MIN_DF = 2  # ``Vectors.top_terms``' default, which the blocking keys use
    MAGIC = b"briefing vectors 2\n"

    def __init__(self, store: BuildStore | None, feature_keys: list[str], reach: list[int], version: str | None = None):
        self.path = store.path.with_name(VECTOR_FILE) if store is not None else None
        self.version = f"{version or cluster_code_version()}; numpy {np.__version__}"
        self.keys, self.reach = feature_keys, reach
        self._df: dict[str, np.ndarray] = {}
        self.found_again = 0  # kept rows whose top terms were found again (a term crossed MIN_DF)
        self.tops: dict[str, list[list[int]]] = {}  # this batch's, as ``top_terms`` gave them
        self.reused = 0
        self.unchanged = False  # the file holds this batch already
        self._new_blocking: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None  # this batch's, for ``save``
        self._forget()
        if self.path is not None:
            try:
                self._load(self.path)
            except (OSError, ValueError, EOFError, pickle.UnpicklingError, KeyError, TypeError):
                self._forget()  # a cache: what cannot be read is made again

    def _forget(self) -> None:
        """Hold nothing of the last batch (and so not its file's map)."""
        self.known: dict[str, dict[int, tuple[np.ndarray, np.ndarray]]] = {kind: {} for kind in self.KINDS}
        self._kept_tops: dict[str, dict[int, list[int]]] = {kind: {} for kind in self.KINDS}
        self._blocking: tuple[int, np.ndarray, np.ndarray, np.ndarray] | None = None  # (same, codes, at, pairs) of the last batch

    def _load(self, path: Path) -> None:
        with open(path, "rb") as f:
            if os.fstat(f.fileno()).st_size <= len(self.MAGIC) + 8:
                return
            # the arrays read from it keep the map open
            data = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
        if data[: len(self.MAGIC)] != self.MAGIC:
            return
        size = int.from_bytes(data[len(self.MAGIC) : len(self.MAGIC) + 8], "little")
        start = len(self.MAGIC) + 8
        header = pickle.loads(data[start : start + size])
        if header["version"] != self.version:
            return
        # where the briefs are the last batch's, in the same places
        keys, same = header["keys"], 0
        while same < min(len(keys), len(self.keys)) and keys[same] == self.keys[same]:
            same += 1
        blocking = header["blocking"]  # None after a clustering of all pairs
        if same and blocking is not None:
            self._blocking = (same, blocking["codes"], blocking["at"], blocking["pairs"])
        kept = [r for r in range(same) if self.reach[r] <= same and header["reach"][r] == self.reach[r]]
        if not kept:
            return
        base = _aligned(start + size)
        for kind in self.KINDS:
            table = header[kind]
            lengths, wide, at, offsets = table["lengths"], table["wide"], table["at"], table["segments"]
            for r in kept:
                count = int(lengths[r])
                ids = np.frombuffer(data, TERM_ID, count, base + offsets["ids"] + 4 * int(at["ids"][r]))
                segment, dtype, width = ("w8", np.float64, 8) if wide[r] else ("w4", np.float32, 4)
                weights = np.frombuffer(data, dtype, count, base + offsets[segment] + width * int(at[segment][r]))
                self.known[kind][r] = (ids, weights)
            tops, top_at = table["tops"], table["top_at"]
            self._kept_tops[kind] = {r: tops[top_at[r] : top_at[r + 1]].tolist() for r in kept}
            self._df[kind] = table["df"]
        # set once every kept row is read: a file that fails half way gives nothing
        self.reused, self.unchanged = len(kept), same == len(keys) == len(self.keys)

    def top_terms(self, kind: str, vectors: Vectors, k: int) -> list[list[int]]:
        """``vectors.top_terms(row, k)`` of every row, kept from the last
        batch for a row whose vector was and whose terms are on the same
        side of MIN_DF; held for ``save``."""
        kept = self._kept_tops[kind]
        if kept:
            before = self._df[kind]
            common = min(len(before), len(vectors.df))
            crossed = np.zeros(len(vectors.df), dtype=bool)
            crossed[:common] = (before[:common] >= self.MIN_DF) != (vectors.df[:common] >= self.MIN_DF)
            if crossed.any():
                kept = {r: top for r, top in kept.items() if not crossed[vectors.idx[r]].any()}
                self.found_again += len(self._kept_tops[kind]) - len(kept)
        self.tops[kind] = [kept[r] if r in kept else vectors.top_terms(r, k, min_df=self.MIN_DF) for r in range(len(vectors.idx))]
        return self.tops[kind]

    def candidates(self, keys: list[np.ndarray]) -> tuple[int, np.ndarray] | None:
        """(first, pairs): the last batch's candidate pairs (i, j) with
        j < first, where the reports before *first* are the last batch's, in
        the same places, with the same blocking *keys*; None if there are none."""
        if self._blocking is None:
            return None
        same, codes, at, pairs = self._blocking
        first = 0
        while first < same and np.array_equal(keys[first], codes[at[first] : at[first + 1]]):
            first += 1
        return (first, pairs[pairs[:, 1] < first]) if first else None

    def keep_candidates(self, keys: list[np.ndarray], pairs: list[tuple[int, int]]) -> None:
        """This batch's blocking keys and candidate pairs, for ``save``."""
        at = np.concatenate(([0], np.cumsum([len(k) for k in keys]))).astype(np.int64)
        codes = np.concatenate(keys) if keys else np.zeros(0, dtype=np.int64)
        self._new_blocking = (codes, at, np.array(pairs, dtype=np.int32).reshape(-1, 2))

    def save(self, vectors: dict[str, Vectors]) -> None:
        """Write this batch's vectors and top terms (to a new file, which then
        takes the old one's place: the old map stays readable)."""
        tops, self.tops = self.tops, {}
        blocking, self._new_blocking = self._new_blocking, None
        self._forget()  # let the old file's map go with the vectors
        if self.path is None or self.unchanged:
            return
        if any(w.dtype not in (np.float64, np.float32) for v in vectors.values() for w in v.weights):
            return  # weights this file cannot hold: made again next time
        header: dict[str, Any] = {
            "version": self.version,
            "keys": self.keys,
            "reach": list(self.reach),
            "blocking": None if blocking is None else dict(zip(("codes", "at", "pairs"), blocking)),
        }
        segment_rows: list[list[np.ndarray]] = []  # in the file's order
        at_data = 0
        for kind in self.KINDS:
            v = vectors[kind]
            wide = np.array([w.dtype == np.float64 for w in v.weights], dtype=bool)
            lengths = np.array([len(ids) for ids in v.idx], dtype=np.int64)
            segments: dict[str, int] = {}  # where each segment starts, after the header
            row_at: dict[str, np.ndarray] = {}  # where each row starts in its segment, in items
            for name, source, mask, width in (
                ("ids", v.idx, np.ones(len(lengths), dtype=bool), 4),
                ("w8", v.weights, wide, 8),
                ("w4", v.weights, ~wide, 4),
            ):
                rows = [row for row, mine in zip(source, mask) if mine]
                sizes = np.where(mask, lengths, 0)
                row_at[name] = np.concatenate(([0], np.cumsum(sizes)[:-1])) if len(sizes) else sizes
                segments[name] = at_data
                at_data = _aligned(at_data + width * int(sizes.sum()))
                segment_rows.append(rows)
            top_at = np.concatenate(([0], np.cumsum([len(t) for t in tops[kind]]))).astype(np.int64)
            flat = np.array([g for t in tops[kind] for g in t], dtype=np.int64)
            header[kind] = {
                "lengths": lengths,
                "wide": wide,
                "at": row_at,
                "segments": segments,
                "df": np.asarray(v.df),
                "tops": flat,
                "top_at": top_at,
            }
        head = pickle.dumps(header, protocol=pickle.HIGHEST_PROTOCOL)
        partial = self.path.with_suffix(f".{os.getpid()}.tmp")
        try:
            with open(partial, "wb", buffering=0) as f:
                start = self.MAGIC + len(head).to_bytes(8, "little") + head
                _write_all(f.fileno(), [start, bytes(_aligned(len(start)) - len(start))])
                written = 0  # after the header
                for rows in segment_rows:
                    written += _write_all(f.fileno(), [np.ascontiguousarray(row).data for row in rows])
                    written += _write_all(f.fileno(), [bytes(_aligned(written) - written)])
            os.replace(partial, self.path)
        except OSError:  # a cache: the next clustering makes the vectors again
            with contextlib.suppress(OSError):
                partial.unlink(missing_ok=True)


def _write_all(fd: int, buffers: list) -> int:
    """Write *buffers* one after another, a few hundred to a system call
    (``os.writev``: one ``write`` per row was most of the time), and return
    the bytes written."""
    # where there is no writev (Windows), one buffer a call, as a short write
    writev = getattr(os, "writev", None) or (lambda fd, views: os.write(fd, views[0]))
    written = 0
    for k in range(0, len(buffers), 512):
        views = [memoryview(b).cast("B") for b in buffers[k : k + 512]]
        at = 0
        while at < len(views):
            done = writev(fd, views[at:])
            written += done
            while at < len(views) and done >= len(views[at]):  # what a short write left is written next
                done -= len(views[at])
                at += 1
            if done:
                views[at] = views[at][done:]
    return written


def _aligned(offset: int) -> int:
    """*offset* rounded up to 8 bytes (each array starts on its items' size)."""
    return -(-offset // 8) * 8
