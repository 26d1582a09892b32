"""The vectors clustering builds from stored counts (``textsim.vectorise_ids``,
``textsim.sparse_sum``, ``stories.memo``) are the ones it built from the
counts themselves."""

from __future__ import annotations

import random
from collections import Counter

import numpy as np
import pytest

from generator.stories.memo import Vocabulary
from generator.text.textsim import char_ngrams, pair_cosine, sparse_dot, sparse_sum, vectorise, vectorise_ids

TEXTS = [
    "أعلن المجلس الرئاسي عن اجتماع في طرابلس مع وفد من البعثة الأممية",
    "اجتماع المجلس الرئاسي مع البعثة الأممية في طرابلس لبحث الانتخابات",
    "Clashes in Tripoli: the ministry of health counts 12 wounded",
    "وزارة الصحة: 12 جريحا في اشتباكات طرابلس",
    "",
    "مصرف ليبيا المركزي يعلن سعر الصرف الجديد للدينار",
]


def _counts(seed: int) -> list[Counter]:
    rng = random.Random(seed)
    words = [f"w{k}" for k in range(60)]
    rows = [Counter({w: rng.choice([0.5, 1.0, 2.0, 3.0]) for w in rng.sample(words, rng.randint(0, 20))}) for _ in range(25)]
    return rows + [char_ngrams(t) for t in TEXTS]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_vectorise_ids_makes_the_vectors_vectorise_makes(seed):
    counts = _counts(seed)
    background = [Counter(dict.fromkeys(["w1", "w59", "never-in-a-row"], 1))] * 3
    vocabulary = Vocabulary(["seen-before", "w7"])  # a vocabulary from an earlier build
    rows = [vocabulary.encode(c) for c in counts]
    extra, _ = vocabulary.encode(background[0])
    expected = vectorise(counts, background=background)
    got = vectorise_ids(rows, vocabulary.terms, background=[extra] * 3)
    assert got.terms == expected.terms and got.size == expected.size and got.documents == expected.documents
    assert np.array_equal(got.df, expected.df)
    for a, b, wa, wb in zip(got.idx, expected.idx, got.weights, expected.weights):
        assert np.array_equal(a, b) and a.dtype == b.dtype
        assert np.array_equal(wa, wb)  # bit for bit: the stories must not move
    assert got.top_terms(0, 5) == expected.top_terms(0, 5)
    used_up = list(rows)
    again = vectorise_ids(used_up, vocabulary.terms, background=[extra] * 3, consume=True)
    assert used_up == [None] * len(rows)  # each row let go once its vector was made
    assert all(np.array_equal(a, b) for a, b in zip(again.weights, expected.weights))
    assert len(rows) == len(counts) and rows[0] is not None  # without consume, the caller's rows stay


@pytest.mark.parametrize("seed", [1, 2])
def test_rows_weighed_together_weigh_as_one_at_a_time(seed, monkeypatch):
    """``_as_of_weights`` weighs the rows of one reach together, a few at a
    time: the vectors are those of one row at a time, bit for bit, with
    stored counts of either precision mixed (float32 counts take their
    logarithm in float32) and rows longer than a batch."""
    from generator.text import textsim

    counts = _counts(seed)
    vocabulary = Vocabulary()
    rows = []
    for k, c in enumerate(counts):
        ids, tf = vocabulary.encode(c)
        rows.append((ids, tf.astype(np.float32) if k % 3 else tf))  # as the store keeps most counts
    epochs = [k // 4 for k in range(len(rows))]
    made = {}
    for at_once in (1, 7, 40, 1 << 16):
        monkeypatch.setattr(textsim, "WEIGHED_AT_ONCE", at_once)
        made[at_once] = vectorise_ids(list(rows), vocabulary.terms, epochs=epochs, min_documents=6)
    one = made[1]
    assert any(len(ids) > 7 for ids, _ in rows)  # some rows exceed a batch of 7 terms
    for vectors in made.values():
        assert np.array_equal(vectors.df, one.df)
        assert all(np.array_equal(a, b) and a.dtype == b.dtype for a, b in zip(vectors.weights, one.weights))
    assert any(not np.array_equal(a, b) for a, b in zip(one.weights, vectorise_ids(list(rows), vocabulary.terms).weights))


@pytest.mark.parametrize("seed", [1, 2])
def test_rows_given_as_known_are_counted_not_made_again(seed):
    """``vectorise_ids(known=...)``: a known row's vector is taken as given
    (``memo.VectorMemo`` gives those of the last clustering), its terms still
    count in the document frequencies, so every other row is weighed as
    when all are made: bit for bit."""
    counts = _counts(seed)
    vocabulary = Vocabulary()
    rows = [vocabulary.encode(c) for c in counts]
    epochs = [k // 4 for k in range(len(rows))]
    full = vectorise_ids(list(rows), vocabulary.terms, epochs=epochs, min_documents=6)
    rng = random.Random(seed)
    chosen = sorted(rng.sample(range(len(rows)), len(rows) // 2))
    # marked weights: only a row taken as given comes back with them
    known = {r: (full.idx[r].copy(), full.weights[r] * 2.0) for r in chosen}
    got = vectorise_ids(list(rows), vocabulary.terms, epochs=epochs, min_documents=6, known=known)
    assert np.array_equal(got.df, full.df) and got.terms == full.terms
    for r in range(len(rows)):
        if r in known:
            assert got.idx[r] is known[r][0] and got.weights[r] is known[r][1]
        else:
            assert np.array_equal(got.idx[r], full.idx[r]) and got.weights[r].tobytes() == full.weights[r].tobytes(), r


def test_top_terms_are_the_heaviest_shared_ones_ties_by_id():
    """``Vectors.top_terms`` on rows long enough to be partitioned first,
    with many equal weights, against a plain sort."""
    rng = random.Random(5)
    words = [f"w{k}" for k in range(300)]
    counts = [Counter({w: rng.choice([1.0, 1.0, 2.0, 3.0]) for w in rng.sample(words, rng.randint(50, 250))}) for _ in range(12)]
    vectors = vectorise(counts)
    for row in range(len(counts)):
        ids, weights = vectors.idx[row].tolist(), vectors.weights[row].tolist()
        for k in (1, 5, 10, 70, 400):
            for min_df in (1, 2, 5):
                shared = [(-w, i) for i, w in zip(ids, weights) if vectors.df[i] >= min_df]
                assert vectors.top_terms(row, k, min_df=min_df) == [i for _, i in sorted(shared)[:k]]
    assert max(len(ids) for ids in vectors.idx) > 64  # long rows: the partition is used


def _rows_equal(a, b, rows) -> bool:
    return all(np.array_equal(a.idx[r], b.idx[r]) and np.array_equal(a.weights[r], b.weights[r]) for r in rows)


@pytest.mark.parametrize("seed", [1, 2])
def test_weights_as_of_a_day_do_not_move_when_a_later_day_is_added(seed):
    """An archive grows at its newest end: with epochs, the rows of earlier
    days keep their weights bit for bit when rows of a later day come; the
    rows of the same day and later ones are weighed with the newcomers."""
    counts = _counts(seed)
    days = [k // 4 for k in range(len(counts))]  # four rows a day, in order
    background = [Counter(dict.fromkeys(["w1", "w59"], 1))] * 2
    before = vectorise(counts[:-2], background=background, epochs=days[:-2], min_documents=6)
    after = vectorise(counts, background=background, epochs=days, min_documents=6)
    last_day = days[-1]
    older = [r for r in range(len(counts) - 2) if days[r] < last_day]
    assert older and _rows_equal(before, after, older)
    same_day = [r for r in range(len(counts) - 2) if days[r] == last_day]
    # the day's earlier rows now count the newcomers (each shares terms with them)
    assert any(not np.array_equal(before.weights[r], after.weights[r]) for r in same_day if len(after.idx[r]))
    # without epochs one IDF over the batch moves every row that shares a term with the newcomers
    flat_before, flat_after = vectorise(counts[:-2], background=background), vectorise(counts, background=background)
    assert not _rows_equal(flat_before, flat_after, older)
    # the batch's frequencies (blocking keys) still count every row
    assert np.array_equal(after.df, flat_after.df) and after.documents == flat_after.documents


def test_weights_as_of_a_day_are_tfidf_over_the_days_so_far():
    """Row r of day d is weighed exactly as a batch of the rows of days <= d
    weighs it; the first ``min_documents`` rows count for the earliest days."""
    counts = _counts(4)
    days = [k // 5 for k in range(len(counts))]
    got = vectorise(counts, epochs=days, min_documents=10)  # days 0 and 1
    for r, day in enumerate(days):
        upto = max(sum(1 for d in days if d <= day), 10)
        alone = vectorise(counts[:upto])
        assert np.allclose(got.weights[r], alone.weights[r]) and np.array_equal(got.idx[r], alone.idx[r]), r
    # rows given out of day order are weighed by their day, not their place (the
    # floor is two whole days here: within a day, rows count in the order given)
    shuffled = list(range(len(counts)))
    random.Random(9).shuffle(shuffled)
    out_of_order = vectorise([counts[k] for k in shuffled], epochs=[days[k] for k in shuffled], min_documents=10)
    for place, k in enumerate(shuffled):
        assert np.allclose(sorted(out_of_order.weights[place]), sorted(got.weights[k])), k


def test_vectorise_ids_weighs_as_of_a_day_as_vectorise_does():
    counts = _counts(5)
    days = [k // 3 for k in range(len(counts))]
    vocabulary = Vocabulary()
    rows = [vocabulary.encode(c) for c in counts]
    expected = vectorise(counts, epochs=days, min_documents=4)
    got = vectorise_ids(rows, vocabulary.terms, epochs=days, min_documents=4, consume=True)
    assert all(np.array_equal(a, b) for a, b in zip(got.weights, expected.weights))
    with pytest.raises(ValueError, match="2 epochs for"):
        vectorise(counts, epochs=[0, 1])


def test_vocabulary_keeps_its_ids():
    vocabulary = Vocabulary()
    first, _ = vocabulary.encode(Counter({"a": 1, "b": 2}))
    assert vocabulary.grown and first.tolist() == [0, 1]
    again = Vocabulary(list(vocabulary.terms))
    ids, counts = again.encode(Counter({"b": 5, "c": 1}))
    assert ids.tolist() == [1, 2] and counts.tolist() == [5.0, 1.0] and again.terms == ["a", "b", "c"]
    assert not Vocabulary(["a"]).grown


def test_the_mean_cosine_of_two_groups_is_the_dot_product_of_their_sums():
    """Threads are compared by the mean cosine of their stories (``cluster._Threads``),
    from each thread's summed story vectors."""
    vectors = vectorise(_counts(4))

    def summed(rows):
        # summed in two steps, as threads are joined
        half = len(rows) // 2 or 1
        parts = [sparse_sum([(vectors.idx[r], vectors.weights[r]) for r in part]) for part in (rows[:half], rows[half:]) if part]
        return sparse_sum(parts)

    for left, right in [([0], [1]), ([0, 2, 5], [1, 3]), ([25, 26], [27, 28, 29, 30]), ([29], [4, 25])]:
        pairs = [pair_cosine(vectors, x, y) for x in left for y in right]
        expected = sum(pairs) / len(pairs)
        assert sparse_dot(summed(left), summed(right)) / (len(left) * len(right)) == pytest.approx(expected, abs=1e-12)
    assert sparse_dot(summed([25]), summed([26])) > 0.3  # two reports of one meeting


def test_feature_key_is_the_same_for_a_brief_read_back_from_the_store():
    """A fresh brief may share a string with a field name (interned); read
    back from its pickle it does not: the key must not see the difference."""
    import importlib.util
    import pickle
    import sys
    from dataclasses import replace
    from pathlib import Path

    from generator.stories.memo import brief_feature_key

    spec = importlib.util.spec_from_file_location("bench_briefs", Path(__file__).parent.parent / "benchmarks" / "bench_briefs.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    items, _ = bench.synthetic_corpus(5, seed=1)
    fresh = replace(items[0].brief, headline=sys.intern("headline"))
    stored = pickle.loads(pickle.dumps(fresh, protocol=pickle.HIGHEST_PROTOCOL))
    assert pickle.dumps(stored, protocol=pickle.HIGHEST_PROTOCOL) != pickle.dumps(fresh, protocol=pickle.HIGHEST_PROTOCOL)
    assert brief_feature_key(stored, "v") == brief_feature_key(fresh, "v")
    assert brief_feature_key(replace(fresh, headline="another"), "v") != brief_feature_key(fresh, "v")


def test_sparse_dot_is_the_sum_over_shared_terms_in_id_order_either_way_round():
    """``sparse_dot`` looks the shorter row's ids up in the longer one: the
    same value, to the bit, as multiplying the shared terms in id order, for
    rows of any lengths (empty, disjoint, one inside the other), in both orders."""
    rng = np.random.default_rng(3)

    def row(n: int, vocabulary: int = 400):
        ids = np.unique(rng.integers(0, vocabulary, n)).astype(np.int32)
        return ids, rng.random(len(ids))

    def reference(a, b) -> float:
        shared = sorted(set(a[0].tolist()) & set(b[0].tolist()))
        where_a = {t: k for k, t in enumerate(a[0].tolist())}
        where_b = {t: k for k, t in enumerate(b[0].tolist())}
        left = np.array([a[1][where_a[t]] for t in shared])
        right = np.array([b[1][where_b[t]] for t in shared])
        return float(left @ right) if shared else 0.0

    empty = (np.zeros(0, dtype=np.int32), np.zeros(0))
    cases = [(row(m), row(n)) for m, n in [(5, 300), (300, 5), (120, 120), (1, 1), (60, 2)]]
    cases += [
        (empty, row(20)),
        (row(20), empty),
        ((np.arange(10, dtype=np.int32), np.ones(10)), (np.arange(10, 20, dtype=np.int32), np.ones(10))),
    ]
    big = row(200)
    cases.append((big, (big[0][::3], big[1][::3])))  # one row's terms inside the other's
    for a, b in cases:
        assert sparse_dot(a, b) == reference(a, b)
        assert sparse_dot(b, a) == reference(b, a)
    assert sparse_dot(cases[-2][0], cases[-2][1]) == 0.0  # disjoint
    assert sparse_dot(big, (big[0][::3], big[1][::3])) > 0
