"""Text similarity that survives rewording: character n-gram TF-IDF.

Outlets rewriting one wire story change the word order, the clitics
("وأعلنت" / "أعلنت"), the spelling of names ("عبد الغني" / "عبدالغني") and
the attribution; word vectors then share little.  Character 3-5-grams over
the normalised text (``arabic.normalise``: diacritics, hamza and ta marbuta
folded, Latin lower-cased) still share most of their weight, as in the
short-text duplicate detection literature.  Each word is padded with a space
on both sides so that n-grams never cross a word boundary and word starts and
ends are features of their own.

This is the one TF-IDF in the project: clustering uses it over character
n-grams for the same-event decision, the benchmark's peer ("plain TF-IDF
cosine, one threshold") is built from the same vectors, so the two are
compared on exactly the same representation, and the key points
(``summarise``) weigh an article's sentences by their words with it
(``term_weights`` down-weights low-information words; ``project`` places the
title in the sentences' space without counting it as a document).

Weights as of a day (``epochs``): a text's IDF may count only the texts of
its own day and earlier (and the first ``min_documents`` texts, so the
earliest are not weighed on a handful).  An archive grows at its newest end:
weighed so, an older report's vector, and every score between older
reports, stays what it was when a new one is added, where one IDF over the
whole batch moved every score a little and flipped pairs near a threshold
weeks back (``benchmarks/bench_cluster_stability.py``).

Vectors are sparse: sorted term ids and L2-normalised weights in numpy
arrays; ``cosines`` scores a list of pairs grouped by their left member with
one dense buffer, so the cost is linear in the candidate pairs, never n².
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from .arabic import normalise

__all__ = [
    "NGRAM_RANGE",
    "Vectors",
    "as_of_reach",
    "char_ngrams",
    "cosines",
    "pair_cosine",
    "project",
    "sparse_dot",
    "sparse_sum",
    "vectorise",
    "vectorise_ids",
]

NGRAM_RANGE = (3, 5)
# term ids: 4 bytes a feature, not 8 (a vocabulary stays far below 2**31 terms)
TERM_ID = np.int32


def char_ngrams(text: str | Iterable[str], lo: int = NGRAM_RANGE[0], hi: int = NGRAM_RANGE[1]) -> Counter:
    """Counts of the character ``lo``..``hi``-grams of each word of the
    normalised ``text`` (or texts), words padded with one space each side."""
    grams: list[str] = []
    for one in [text] if isinstance(text, str) else text:
        for word in normalise(one).split():
            grams.extend(_word_ngrams(word, lo, hi))
    return Counter(grams)


@lru_cache(maxsize=200_000)
def _word_ngrams(word: str, lo: int, hi: int) -> tuple[str, ...]:
    """News repeats its words: each word's n-grams are cut once."""
    padded = f" {word} "
    size = len(padded)
    return tuple(padded[k : k + n] for n in range(lo, min(hi, size) + 1) for k in range(size - n + 1))


@dataclass
class Vectors:
    """Sparse L2-normalised TF-IDF rows of a batch of texts."""

    idx: list[np.ndarray]  # sorted term ids per text
    weights: list[np.ndarray]  # matching weights (unit length)
    df: np.ndarray  # document frequency per term id
    size: int  # vocabulary size
    terms: list[str]  # term per id (for explanations and blocking keys)
    documents: int = 0  # texts counted in ``df`` (the batch and the background)
    term_weights: Mapping[str, float] | None = None  # a factor per term (default 1)

    def dense(self) -> np.ndarray:
        """The rows as a dense matrix (texts x vocabulary, at least one column)."""
        matrix = np.zeros((len(self.idx), max(self.size, 1)))
        for row, (ids, w) in enumerate(zip(self.idx, self.weights)):
            matrix[row, ids] = w
        return matrix

    def top_terms(self, row: int, k: int, *, min_df: int = 2, max_df: int | None = None) -> list[int]:
        """The ``k`` heaviest term ids of a row among those at least
        ``min_df`` texts share (a term of one text blocks nothing) and at most
        ``max_df`` (a term in everything blocks everything)."""
        idx, w = self.idx[row], self.weights[row]
        df = self.df[idx]
        ok = df >= min_df
        if max_df is not None:
            ok &= df <= max_df
        chosen = np.flatnonzero(ok)
        if not len(chosen):
            return []
        if len(chosen) > PARTITION_FROM and k < len(chosen):
            # only the terms as heavy as the k-th heaviest can be among the k
            # (ties included): a partition, then a sort of those alone, where
            # a sort of a report's thousand n-grams was most of the time
            heavy = w[chosen] >= -np.partition(-w[chosen], k - 1)[k - 1]
            chosen = chosen[heavy]
        # heaviest first, ties by term id: deterministic
        order = np.lexsort((idx[chosen], -w[chosen]))[:k]
        return idx[chosen][order].tolist()


PARTITION_FROM = 64  # terms: shorter rows are sorted whole (as fast)


def vectorise(
    texts: Iterable[str] | Iterable[Counter],
    background: Sequence[Counter] = (),
    term_weights: Mapping[str, float] | None = None,
    *,
    epochs: Sequence[int] | None = None,
    min_documents: int = 0,
) -> Vectors:
    """TF-IDF (sublinear tf, smoothed IDF over this batch) of each text's
    character n-grams; a text may also be given as its feature counts (any
    features: clustering also weighs language-neutral concepts this way, the
    key points words).  ``background`` documents count towards the document
    frequencies only: a prior that says which features are common in news
    even when the batch is too small to tell.  ``term_weights`` multiplies
    a term's weight before the rows are normalised.  With ``epochs`` (a
    number per text, its day), each text is weighed as of its day
    (``_as_of_weights``).

    *texts* may be a generator: each text is turned into its row and let go
    before the next is made, so a batch of thousands of articles never holds
    all their n-gram counts at once (clustering 5,000 articles held 140 MB
    of them); the rows keep one array of ids and one of weights each."""
    vocab: dict[str, int] = {}
    rows_terms: list[np.ndarray] = []
    rows_weights: list[np.ndarray] = []  # the term frequencies (used up by the weights)
    for text in texts:
        c = text if isinstance(text, Counter) else char_ngrams(text)
        ids = np.fromiter((vocab.setdefault(t, len(vocab)) for t in c), dtype=TERM_ID, count=len(c))
        tf = np.fromiter(c.values(), dtype=np.float64, count=len(c))
        order = np.argsort(ids)
        rows_terms.append(ids[order])
        rows_weights.append(tf[order])
    for c in background:
        for t in c:
            vocab.setdefault(t, len(vocab))
    background_df = np.zeros(len(vocab), dtype=np.int64)
    for c in background:
        background_df[[vocab[t] for t in c]] += 1
    terms = [""] * len(vocab)
    for t, i in vocab.items():
        terms[i] = t
    factors = np.array([term_weights.get(t, 1.0) for t in terms]) if term_weights else None
    weights, df = _as_of_weights(rows_terms, rows_weights, background_df, len(background), factors, epochs, min_documents)
    n = len(rows_terms) + len(background)
    return Vectors(rows_terms, weights, df, len(vocab), terms, n, term_weights)


def vectorise_ids(
    rows: list[tuple[np.ndarray, np.ndarray] | None],
    terms: Sequence[str],
    background: Sequence[np.ndarray] = (),
    *,
    consume: bool = False,
    epochs: Sequence[int] | None = None,
    min_documents: int = 0,
    known: Mapping[int, tuple[np.ndarray, np.ndarray]] | None = None,
) -> Vectors:
    """``vectorise`` of texts given as (term ids, counts) into a shared
    vocabulary *terms*, each row in the order its counts were made, the
    ``background`` documents as term ids: the same vectors, term for term
    (ids numbered in the order the terms are first met, rows, then the
    background), without a dictionary look-up per term (the rows of a
    rebuild come from the build store, ``generator.stories.memo``).  A
    row's ids are distinct (they count a ``Counter``'s terms).  ``epochs``
    and ``min_documents`` as in ``vectorise``.

    Row by row, never all rows' ids at once: at 5,000 reports the character
    n-grams alone are six million ids, and one array of them and its sort
    took tens of megabytes at the moment clustering needs the most.  With
    *consume*, each row of *rows* is let go (set to None) once its vector is
    made, so the counts and the vectors of a batch are never all held at
    once (at 5,000 reports: 44 MB of character n-gram counts).

    *known* gives rows whose vector is made already, as (ids, weights) in
    this batch's numbering (``stories.memo.VectorMemo``: a row whose weights
    count the same rows as in an earlier batch, which numbered its terms
    the same way): those are not made again, only counted in the document
    frequencies."""
    known = known or {}
    parts: list[np.ndarray] = []
    for row in rows:
        assert row is not None, "a row was used up"
        parts.append(row[0])
    parts.extend(background)
    size = max((int(ids.max()) + 1 for ids in parts if len(ids)), default=0)
    seen = np.zeros(size, dtype=bool)
    met_parts = []
    for ids in parts:
        new = ids[~seen[ids]]  # in the row's order: the shared ids in first-met order
        seen[new] = True
        met_parts.append(new)
    del seen, parts
    met = np.concatenate(met_parts) if met_parts else np.zeros(0, dtype=np.int64)
    del met_parts
    local = np.zeros(size, dtype=TERM_ID)
    local[met] = np.arange(len(met), dtype=TERM_ID)
    rows_terms: list[np.ndarray] = []
    rows_counts: list[np.ndarray | None] = []
    for k, row in enumerate(rows):
        assert row is not None
        ids, tf = row
        if consume:
            rows[k] = None
        if k in known:
            rows_terms.append(known[k][0])
            rows_counts.append(None)
            continue
        mine = local[ids]
        order = np.argsort(mine)
        rows_terms.append(mine[order])
        rows_counts.append(tf[order])
        del row, ids, tf
    background_df = np.zeros(len(met), dtype=np.int64)
    for ids in background:
        background_df[local[ids]] += 1
    weights, df = _as_of_weights(rows_terms, rows_counts, background_df, len(background), None, epochs, min_documents, known)
    n = len(rows_terms) + len(background)
    return Vectors(rows_terms, weights, df, len(met), [terms[g] for g in met.tolist()], n)


def _as_of_weights(
    rows_terms: list[np.ndarray],
    counts: list,
    background_df: np.ndarray,
    background: int,
    factors: np.ndarray | None,
    epochs: Sequence[int] | None,
    min_documents: int,
    known: Mapping[int, tuple[np.ndarray, np.ndarray]] | None = None,
) -> tuple[list[np.ndarray], np.ndarray]:
    """Each row's unit weights from its term *counts* (each let go, set to
    None, once used), and the document frequencies of the whole batch (rows
    and background).  Without ``epochs`` a row's IDF counts every row; with
    them, the rows of its epoch and of earlier ones, or the first
    ``min_documents`` rows in epoch order when those are more.  The rows in
    *known* (ids, weights) have their weights already: they are only counted."""
    n = len(rows_terms)
    everything, reach = as_of_reach(n, epochs, min_documents)
    known = known or {}
    df = background_df.copy()
    weights: list[np.ndarray] = [known[r][1] if r in known else np.zeros(0) for r in range(n)]
    # the rows to weigh, in the same order (their reaches never decrease along it)
    order = [r for r in everything if r not in known] if known else everything
    counted = 0
    start = 0
    while start < len(order):
        # rows weighed at once: those of one reach (one document frequency),
        # of one count type (float32 counts take their logarithm in float32),
        # at most WEIGHED_AT_ONCE terms (a row at least).  Row by row, the
        # three kinds of vectors took 0.83 s of every clustering at 5,000
        # reports; so, 0.5-0.65 s, bit for bit the same.
        first = order[start]
        stop, size = start + 1, len(rows_terms[first])
        while (
            stop < len(order)
            and reach[order[stop]] == reach[first]
            and counts[order[stop]].dtype == counts[first].dtype
            and size + len(rows_terms[order[stop]]) <= WEIGHED_AT_ONCE
        ):
            size += len(rows_terms[order[stop]])
            stop += 1
        if counted < reach[first]:
            _count(df, [rows_terms[r] for r in everything[counted : reach[first]]])
            counted = reach[first]
        part = order[start:stop]
        ids = np.concatenate([rows_terms[r] for r in part])
        w = _tf_idf(np.concatenate([counts[r] for r in part]), _idf(df[ids], counted + background))
        if factors is not None:
            w = w * factors[ids]
        at = 0
        for r in part:
            weights[r] = _unit_length(w[at : at + len(rows_terms[r])])
            at += len(rows_terms[r])
            counts[r] = None
        start = stop
    if counted < n:  # the batch's frequencies (blocking keys, ``project``)
        _count(df, [rows_terms[r] for r in everything[counted:]])
    return weights, df


WEIGHED_AT_ONCE = 1 << 16  # terms (half a megabyte a temporary array)


def _count(df: np.ndarray, rows: list[np.ndarray]) -> None:
    """Add the documents *rows* (each a row's distinct term ids) to *df*, 64 rows at a time."""
    for start in range(0, len(rows), 64):
        part = rows[start : start + 64]
        if part:
            df += np.bincount(np.concatenate(part), minlength=len(df))


def as_of_reach(n: int, epochs: Sequence[int] | None, min_documents: int) -> tuple[list[int], list[int]]:
    """The *n* rows in epoch order (ties: row order), and for each row how
    many of the first rows in that order its weights count: through the last
    row of its epoch, and at least ``min_documents`` (every row without
    epochs).  What a row's weights depend on: the rows before that reach."""
    if epochs is None:
        return list(range(n)), [n] * n
    if len(epochs) != n:
        raise ValueError(f"{len(epochs)} epochs for {n} rows")
    order = sorted(range(n), key=lambda r: (epochs[r], r))
    reach = [0] * n
    floor = min(min_documents, n)
    k = n
    while k > 0:  # from the last epoch back: each row's reach ends with its epoch's last row
        end, epoch = k, epochs[order[k - 1]]
        while k > 0 and epochs[order[k - 1]] == epoch:
            k -= 1
            reach[order[k]] = max(end, floor)
    return order, reach


def _idf(df: np.ndarray, n: int) -> np.ndarray:
    """Smoothed inverse document frequency of terms found in *df* of *n* documents."""
    return np.log((n + 1) / (df + 1)) + 1.0


def _tf_idf(tf: np.ndarray, idf: np.ndarray) -> np.ndarray:
    # sublinear tf; a weight below one (a feature given half a count) stays proportional
    return np.where(tf >= 1.0, 1.0 + np.log(np.maximum(tf, 1.0)), tf) * idf


def _weights(tf: np.ndarray, idf: np.ndarray, factors: np.ndarray | None) -> np.ndarray:
    """Unit-length TF-IDF weights of one row."""
    w = _tf_idf(tf, idf)
    if factors is not None:
        w = w * factors
    return _unit_length(w)


def _unit_length(w: np.ndarray) -> np.ndarray:
    return w / (float(np.linalg.norm(w)) or 1.0)


def project(vectors: Vectors, counts: Counter) -> np.ndarray:
    """A text's dense TF-IDF row in the space of ``vectors`` (the title
    against an article's sentences): the IDF of the batch, the text itself
    not counted as a document; its terms outside the vocabulary weigh in
    its length only."""
    vocab = {t: i for i, t in enumerate(vectors.terms)}
    row = np.zeros(max(vectors.size, 1))
    if not counts:
        return row
    # the vocabulary's terms in id order, then the new ones as they come
    terms = sorted(counts, key=lambda t: (0, vocab[t]) if t in vocab else (1, 0))
    ids = np.array([vocab.get(t, -1) for t in terms], dtype=np.int64)
    tf = np.array([counts[t] for t in terms], dtype=np.float64)
    df = np.where(ids >= 0, vectors.df[np.maximum(ids, 0)], 0)
    idf = np.log((vectors.documents + 1) / (df + 1)) + 1.0
    factors = np.array([vectors.term_weights.get(t, 1.0) for t in terms]) if vectors.term_weights else None
    w = _weights(tf, idf, factors)
    known = ids >= 0
    row[ids[known]] = w[known]
    return row


def pair_cosine(vectors: Vectors, i: int, j: int) -> float:
    """Cosine of one pair of rows (no dense buffer: for a handful of pairs)."""
    return float(min(1.0, max(0.0, sparse_dot((vectors.idx[i], vectors.weights[i]), (vectors.idx[j], vectors.weights[j])))))


Sparse = tuple[np.ndarray, np.ndarray]  # (sorted term ids, weights): one row, or a sum of rows


def sparse_sum(parts: Sequence[Sparse]) -> Sparse:
    """The sum of sparse rows (``(vectors.idx[r], vectors.weights[r])``, or sums of them)."""
    if len(parts) == 1:
        return parts[0]
    ids, at = np.unique(np.concatenate([p[0] for p in parts]), return_inverse=True)
    return ids, np.bincount(at, weights=np.concatenate([p[1] for p in parts]), minlength=len(ids))


def sparse_dot(a: Sparse, b: Sparse) -> float:
    """The dot product of two sparse rows: the shorter row's ids looked up in
    the longer one's by binary search (twice as fast as ``np.intersect1d``,
    which sorts both; threads and pairs outside the candidates ask for tens
    of thousands).  The shared terms are summed in id order either way, so
    the result is the same to the bit (and a product of two vectors is the
    same whichever comes first)."""
    (shorter, shorter_w), (longer, longer_w) = (a, b) if len(a[0]) <= len(b[0]) else (b, a)
    if not len(shorter):
        return 0.0
    at = np.searchsorted(longer, shorter)
    np.minimum(at, len(longer) - 1, out=at)
    hit = longer[at] == shorter
    return float(shorter_w[hit] @ longer_w[at[hit]])


def cosines(vectors: Vectors, pairs: Sequence[tuple[int, int]]) -> np.ndarray:
    """Cosine of each pair (i, j) of rows; pairs with the same left member
    should be adjacent (they share one scatter of the left row)."""
    out = np.zeros(len(pairs))
    buf = np.zeros(max(vectors.size, 1))
    k = 0
    while k < len(pairs):
        i = pairs[k][0]
        end = k
        while end < len(pairs) and pairs[end][0] == i:
            end += 1
        left = vectors.idx[i]
        buf[left] = vectors.weights[i]
        rights = [j for _, j in pairs[k:end]]
        idx = np.concatenate([vectors.idx[j] for j in rights])
        w = np.concatenate([vectors.weights[j] for j in rights])
        lengths = np.array([len(vectors.idx[j]) for j in rights])
        offsets = np.concatenate(([0], np.cumsum(lengths)[:-1]))
        products = buf[idx] * w
        sums = np.zeros(len(rights))
        filled = lengths > 0  # reduceat cannot take an empty row's offset
        if filled.any():
            sums[filled] = np.add.reduceat(products, offsets[filled])
        out[k:end] = sums
        buf[left] = 0.0
        k = end
    return np.clip(out, 0.0, 1.0)
