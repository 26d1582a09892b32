"""The one lexicon matcher (generator.text.lexicon) and its named parameters."""

from generator.text.arabic import normalise
from generator.text.lexicon import Lexicon, form_of, words
from generator.text.tokens import scan


def _found(lexicon: Lexicon, text: str, *, folded: bool = False) -> list[tuple[str, int, str, int]]:
    """(entry, clitic letters, fused article, tokens) of every reading at every token."""
    tokens = words(text, folded=folded)
    return [(r.entry, r.clitics, r.fused, r.length) for i in range(len(tokens)) for r in lexicon.readings_at(text, tokens, i)]


def _lexicon(*spellings: str, folded: bool = False, **options) -> Lexicon:
    return Lexicon(((form_of(normalise(s), folded_words=folded), s) for s in spellings), **options)


def test_clitics_and_the_article_agree():
    lex = _lexicon("طرابلس", "المجلس الرئاسي")
    assert _found(lex, "وبطرابلس") == [("طرابلس", 2, "", 1)]
    assert _found(lex, "للمجلس الرئاسي") == [("المجلس الرئاسي", 1, "ا", 2)]
    assert _found(lex, "الطرابلسي") == [] and _found(lex, "الطرابلس") == []


def test_longest_forms_come_first():
    lex = _lexicon("المجلس", "المجلس الرئاسي")
    assert [f[0] for f in _found(lex, "المجلس الرئاسي")] == ["المجلس الرئاسي", "المجلس"]


def test_merged_lams_is_a_parameter():
    # "للجنة": ل + اللجنة (the two lams merge) or ل + الجنة
    assert ("اللجنة", 1, "ال", 1) in _found(_lexicon("اللجنة"), "للجنة")
    assert _found(_lexicon("اللجنة", merged_lams=False), "للجنة") == []
    assert _found(_lexicon("الجنة", merged_lams=False), "للجنة") == [("الجنة", 1, "ا", 1)]


def test_exact_spacing_is_a_parameter():
    loose, exact = _lexicon("مارتن أندرو"), _lexicon("مارتن أندرو", exact_spacing=True)
    assert _found(loose, "مارتن «أندرو»") == [("مارتن أندرو", 0, "", 2)]
    assert _found(exact, "مارتن «أندرو»") == [("مارتن أندرو", 0, "", 2)]  # a space, quotes aside
    assert _found(exact, "مارتن«أندرو»") == []
    numbered = _lexicon("لجنة 5+5", exact_spacing=True)
    assert _found(numbered, "لجنة 5+5") == [("لجنة 5+5", 0, "", 4)]
    assert _found(numbered, "لجنة 5 + 5") == []
    assert _found(_lexicon("لجنة 5+5"), "لجنة 5+5") == []  # without it, only words follow the first


def test_folded_words_and_word_boundaries_are_parameters():
    assert [t.key for t in words("بـ«غنيوة»", folded=True)] == ["بغنيوه"]
    assert [t.key for t in scan("بـ«غنيوة»")] == ["ب", "غنيوه"]
    lex = _lexicon("غنيوة", folded=True, word_boundaries=True)
    assert _found(lex, "المعروف بـ«غنيوة»", folded=True) == [("غنيوة", 1, "", 1)]
    assert _found(lex, "كلمة«غنيوة»", folded=True) == []  # one word in the normalised text
    assert _found(lex, "_غنيوة", folded=True) == []
    assert _found(_lexicon("غنيوة"), "_غنيوة") == [("غنيوة", 0, "", 1)]


def test_folded_words_split_numbers_at_their_separators():
    assert [t.key for t in words("اللواء 444.2", folded=True)] == ["اللواء", "444", ".", "2"]
    assert [t.key for t in scan("اللواء 444.2")] == ["اللواء", "444.2"]
    lex = _lexicon("اللواء 444", folded=True, exact_spacing=True, word_boundaries=True)
    assert _found(lex, "اللواء 444.2", folded=True) == [("اللواء 444", 0, "", 2)]
    assert _found(lex, "اللواء 4442", folded=True) == []
