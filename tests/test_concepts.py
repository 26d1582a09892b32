"""Concept matching: longest phrase first at each position, whatever the
look-up shortcut (``_PhraseTable.longest``) skips."""

from __future__ import annotations

import random
from collections import Counter

from generator.stories.concepts import LEXICON, MAX_PHRASE, _build, _match, _phrase_table, _tables, concepts_of


def _reference_match(tokens: list[str], phrases: dict[tuple[str, ...], str]) -> Counter:
    """The plain algorithm: at each position try every length from MAX_PHRASE down."""
    found: Counter = Counter()
    i = 0
    while i < len(tokens):
        for n in range(min(MAX_PHRASE, len(tokens) - i), 0, -1):
            concept = phrases.get(tuple(tokens[i : i + n]))
            if concept:
                found[concept] += 1
                i += n
                break
        else:
            i += 1
    return found


def test_matching_equals_the_plain_algorithm_on_streams_of_lexicon_tokens():
    # streams made of the lexicon's own tokens, shuffled, with filler between:
    # phrases overlap, nest and break off, which is where a skip could go wrong
    for phrases, table in zip(_build(), _tables()):
        vocabulary = sorted({token for seq in phrases for token in seq})
        rng = random.Random(17)
        for _ in range(200):
            tokens = [rng.choice(vocabulary) if rng.random() < 0.8 else "filler" for _ in range(60)]
            # and whole phrases, so that long ones occur
            for seq in rng.sample(sorted(phrases), 5):
                at = rng.randrange(len(tokens))
                tokens[at:at] = list(seq)
            found: Counter = Counter()
            _match(tokens, table, found)
            assert found == _reference_match(tokens, phrases)
            assert found  # the streams do hold concepts: the comparison is not of two empty counts


def test_the_longest_phrase_wins_at_a_position():
    # "shot dead" is one "kill", not "shot" (if listed) plus "dead"
    assert "shot dead" in LEXICON["kill"][0].split("|")
    found = concepts_of(["Two guards were shot dead at the gate."], "en")
    assert found["kill"] == 1


def test_a_phrase_longer_than_max_phrase_is_never_matched():
    # as before the shortcut: a phrase of five tokens in the lexicon is never looked for
    table = _phrase_table({("a", "b", "c", "d", "e"): "five", ("a", "b"): "two"})
    assert table.longest == {"a": MAX_PHRASE}
    found: Counter = Counter()
    _match(["a", "b", "c", "d", "e"], table, found)
    assert found == Counter({"two": 1})
