"""Key points that carry what happened (issue 13): outcomes, decisions,
figures and the next step over stock diplomatic phrases and background;
never a sentence the cleaning flagged."""

from __future__ import annotations

from generator.text.arabic import normalise
from generator.models import Removal, Sentence
from generator.briefs.summarise import flagged_texts, key_points


def sents(*texts: str) -> tuple[Sentence, ...]:
    return tuple(Sentence(i, t, 0) for i, t in enumerate(texts))


STOCK = "وبحث الجانبان سبل تعزيز التعاون الثنائي بما يخدم مصالح البلدين الشقيقين في مختلف المجالات."
OUTCOME = "واتفق الطرفان على استئناف الرحلات الجوية المباشرة بين طرابلس وروما اعتبارا من 15 يناير المقبل."
LEAD = "استقبل رئيس حكومة الوحدة الوطنية عبد الحميد الدبيبة في طرابلس السفير الإيطالي لدى ليبيا."
NEXT = "وأوضح الدبيبة أن لجنة فنية مشتركة ستجتمع الأسبوع المقبل لوضع جدول الرحلات والترتيبات الأمنية."
PRAISE = "وأشاد الجانبان بمستوى العلاقات التاريخية التي تجمع البلدين الصديقين وأكدا على أهمية التنسيق."


def test_stock_phrases_give_way_to_outcomes_and_the_next_step():
    points = key_points(sents(LEAD, STOCK, PRAISE, OUTCOME, NEXT), title="الدبيبة يستقبل السفير الإيطالي")
    texts = [p.text for p in points]
    assert OUTCOME in texts and NEXT in texts
    assert STOCK not in texts and PRAISE not in texts


def test_background_gives_way_to_the_news():
    background = "وتتنازع السلطة في البلاد حكومتان منذ سنوات، واحدة في طرابلس وأخرى في الشرق تدعمها قوات القيادة العامة."
    news = "وأعلنت وزارة الدفاع صباح الثلاثاء أنها استعادت السيطرة على منطقة أبوسليم بالكامل."
    points = key_points(
        sents("اندلعت اشتباكات عنيفة في العاصمة الليبية ليل الاثنين بين مجموعات مسلحة.", background, news), k_min=2, k_max=2
    )
    assert news in [p.text for p in points]
    assert background not in [p.text for p in points]


def test_a_sentence_the_cleaning_flagged_is_never_a_key_point():
    caption = "السفير الإيطالي خلال لقائه رئيس الحكومة في مقر ديوان رئاسة الوزراء بطرابلس"
    flagged = flagged_texts((Removal(9, caption, "image-caption"),))
    assert normalise(caption) in flagged
    points = key_points(sents(LEAD, caption + ".", OUTCOME), flagged=flagged)
    assert all(caption not in p.text for p in points)
    assert len(points) == 2
