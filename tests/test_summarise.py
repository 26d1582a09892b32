"""Key points and headlines (generator/briefs/summarise.py)."""

from __future__ import annotations

import pytest

from generator.text.arabic import normalise, split_sentences
from generator.models import Sentence
from generator.briefs.summarise import HEADLINE_MAX_WORDS, content_tokens, headline_from_lead, key_points, point_count

# A realistic report: lead, detail, attendance, quote, background, boilerplate.
REPORT = """\
أعلنت وزارة الداخلية في حكومة الوحدة الوطنية، اليوم الخميس، ضبط شحنة كبيرة من الأقراص المخدرة في ميناء مصراتة البحري كانت مخبأة داخل حاوية قادمة من الخارج.
وأوضحت الوزارة في بيان أن الشحنة تضم أكثر من مليون ونصف مليون قرص من مخدر الترامادول، وأن الحاوية كانت مسجلة باسم شركة استيراد مواد غذائية.
وأشار البيان إلى أن عملية الضبط جاءت بعد متابعة استمرت ثلاثة أسابيع بالتنسيق مع مصلحة الجمارك وجهاز المباحث الجنائية.
وقال المتحدث باسم الوزارة في تصريح صحفي:
وتمكنت الأجهزة الأمنية من القبض على ثلاثة متهمين بينهم موظف في الميناء، وأحيلوا إلى النيابة العامة لاستكمال التحقيقات.
ويأتي ذلك في إطار حملة موسعة تشنها الوزارة على شبكات تهريب المخدرات في المنافذ البحرية والبرية.
وكانت الوزارة قد أعلنت الشهر الماضي ضبط شحنة مماثلة في ميناء الخمس التجاري.
اقرأ أيضا: الداخلية تضبط شحنة أسلحة في طرابلس
لن يتم نشر عنوان بريدك الإلكتروني. الحقول الإلزامية مشار إليها بـ *
"""


def sents(text: str) -> tuple[Sentence, ...]:
    return tuple(Sentence(i, s, 0) for i, s in enumerate(split_sentences(text)))


def numbered(n: int) -> tuple[Sentence, ...]:
    """n distinct, well-formed news sentences on one story."""
    facts = [
        "عقد المجلس البلدي في مدينة سبها اجتماعا طارئا لبحث أزمة انقطاع المياه عن الأحياء الجنوبية",
        "وقرر المجلس تشكيل لجنة فنية لمتابعة أعمال صيانة الخط الرئيسي لمنظومة النهر الصناعي",
        "وطالب عميد البلدية الحكومة بتوفير مولدات احتياطية لمحطات الضخ خلال فصل الصيف",
        "وأكد مدير شركة المياه أن الأعطال نتجت عن سرقة كوابل نحاسية من المحطة الرئيسية",
        "وشهدت الأحياء المتضررة احتجاجات محدودة للسكان الذين أغلقوا الطريق الدائري لساعات",
        "وتعهدت وزارة الموارد المائية بإرسال فرق صيانة إضافية من طرابلس خلال يومين",
        "وقدرت البلدية عدد السكان المتضررين بأكثر من أربعين ألف نسمة في خمسة أحياء",
        "وأعلن الهلال الأحمر توزيع مياه الشرب بالصهاريج على الأسر الأكثر حاجة",
        "وكانت المدينة قد شهدت أزمة مماثلة العام الماضي استمرت أسبوعين كاملين",
        "ودعا نشطاء إلى محاسبة المسؤولين عن تأخر أعمال الصيانة الدورية للشبكة",
        "وأشار مهندسون إلى أن الشبكة القديمة تحتاج إلى استبدال كامل بتكلفة كبيرة",
        "وناقش الاجتماع كذلك خطة لحفر آبار جوفية جديدة لتغذية الأحياء المرتفعة",
        "وأوضح المجلس أن مصرف ليبيا المركزي وافق على تمويل عاجل لشراء قطع الغيار",
        "ومن المنتظر أن تعود المياه تدريجيا إلى الأحياء المتضررة مطلع الأسبوع المقبل",
        "وأثنى السكان على جهود المتطوعين في توزيع المياه على كبار السن والمرضى",
        "واقترح خبراء إنشاء خزانات احتياطية في كل حي لتفادي تكرار الأزمة مستقبلا",
    ]
    return tuple(Sentence(i, facts[i] + ".", 0) for i in range(n))


# --- how many points ---------------------------------------------------------


@pytest.mark.parametrize(
    "usable, expected",
    [(0, 0), (1, 1), (2, 2), (3, 3), (4, 3), (6, 3), (7, 4), (12, 4), (13, 5), (40, 5)],
)
def test_point_count_grows_with_length(usable, expected):
    assert point_count(usable) == expected


@pytest.mark.parametrize("n, expected", [(1, 1), (2, 2), (3, 3), (5, 3), (8, 4), (16, 5)])
def test_number_of_points_by_article_length(n, expected):
    points = key_points(numbered(n))
    assert len(points) == expected


def test_k_min_and_k_max_are_respected():
    assert len(key_points(numbered(16), k_max=4)) == 4
    assert len(key_points(numbered(5), k_min=2, k_max=2)) == 2


# --- order, indices, scores ---------------------------------------------------


@pytest.mark.parametrize("text", [REPORT, "\n".join(s.text for s in numbered(16))])
def test_points_in_document_order_and_point_back(text):
    sentences = sents(text)
    points = key_points(sentences)
    indices = [p.sentence_index for p in points]
    assert indices == sorted(indices)
    assert len(set(indices)) == len(indices)
    by_index = {s.index: s for s in sentences}
    for p in points:
        assert by_index[p.sentence_index].text == p.text
        assert 0.0 < p.score <= 1.0


def test_indices_follow_sentence_index_not_position():
    # a brief whose sentences were renumbered from 10 (e.g. a title dropped)
    shifted = tuple(Sentence(s.index + 10, s.text, 0) for s in numbered(8))
    points = key_points(shifted)
    assert all(p.sentence_index >= 10 for p in points)
    texts = {s.index: s.text for s in shifted}
    assert all(texts[p.sentence_index] == p.text for p in points)


def test_lead_is_chosen():
    assert key_points(sents(REPORT))[0].sentence_index == 0
    assert key_points(numbered(16))[0].sentence_index == 0


def test_deterministic():
    sentences = sents(REPORT)
    first = key_points(sentences, title="ضبط شحنة مخدرات في ميناء مصراتة")
    for _ in range(3):
        assert key_points(sentences, title="ضبط شحنة مخدرات في ميناء مصراتة") == first


def test_empty_input():
    assert key_points(()) == ()
    assert headline_from_lead(()) == ""


# --- redundancy and boilerplate -------------------------------------------------


def test_near_identical_sentences_not_both_chosen():
    lead = "أعلنت المؤسسة الوطنية للنفط استئناف الإنتاج في حقل الشرارة النفطي بعد توقف دام أسبوعين بسبب احتجاجات محلية."
    repeat = (
        "وأعلنت المؤسسة الوطنية للنفط، اليوم، استئناف الإنتاج في حقل الشرارة النفطي بعد توقف دام أسبوعين بسبب الاحتجاجات المحلية."
    )
    others = [
        "وقالت المؤسسة إن الإنتاج سيعود إلى معدله الطبيعي البالغ ثلاثمئة ألف برميل يوميا خلال أيام.",
        "وكان محتجون من أبناء المنطقة قد أغلقوا صمامات الحقل للمطالبة بفرص عمل وخدمات أساسية.",
        "وتوصلت لجنة حكومية إلى اتفاق مع المحتجين يقضي بتوظيف مئات الشبان في الشركات النفطية.",
        "ويعد حقل الشرارة من أكبر الحقول النفطية في البلاد وتديره شركة أكاكوس بالشراكة مع شركات أجنبية.",
    ]
    sentences = sents("\n".join([lead, repeat] + others))
    chosen = {p.sentence_index for p in key_points(sentences)}
    assert 0 in chosen
    assert 1 not in chosen  # says again what the lead says
    assert len(chosen) == 3


@pytest.mark.parametrize(
    "boilerplate",
    [
        "اقرأ أيضا: الداخلية تضبط شحنة أسلحة في طرابلس",
        "لن يتم نشر عنوان بريدك الإلكتروني. الحقول الإلزامية مشار إليها بـ *",
        "- هل تلجأ الأمم المتحدة إلى معاقبة معرقلي خارطة الطريق الجديدة في ليبيا؟",
        "IMG 8601 IMG 8603 IMG 8605",
        "وقال المتحدث باسم الوزارة في تصريح صحفي:",
        "وفق بيان صادر عن الوزارة.",
        "تابعونا على صفحتنا في فيسبوك لمزيد من الأخبار العاجلة والتقارير الحصرية من ليبيا",
    ],
)
def test_boilerplate_and_attribution_never_chosen(boilerplate):
    body = list(s.text for s in numbered(6))
    body.insert(1, boilerplate)  # right after the lead, where the position prior is high
    sentences = sents("\n".join(body))
    chosen = [p.text for p in key_points(sentences)]
    assert all(normalise(boilerplate) not in normalise(t) for t in chosen)


def test_report_points_skip_quote_intro_and_link_lists():
    points = key_points(sents(REPORT))
    texts = " ".join(p.text for p in points)
    assert "اقرأ أيضا" not in texts
    assert "لن يتم نشر" not in texts
    assert not any(p.text.endswith(":") for p in points)
    assert len(points) == 4  # 8 usable sentences


def test_short_article_falls_back_to_weak_sentences():
    # two sentences, one of them short: an article of two sentences gives two
    sentences = sents(
        "اندلع حريق كبير في سوق الخضار المركزي بمدينة الزاوية مساء الجمعة والتهم عشرات المحال.\nولم تسجل أي إصابات."
    )
    assert [p.sentence_index for p in key_points(sentences)] == [0, 1]


def test_stopwords_and_clitics_removed_from_tokens():
    tokens = content_tokens("وأكد الوزير في بيانه أن القوات التي وصلت إلى طرابلس")
    assert "في" not in tokens and "ان" not in tokens and "التي" not in tokens and "الي" not in tokens
    assert "قوات" in tokens and "طرابلس" in tokens


# --- headline -------------------------------------------------------------------

SEED_000_LEAD = (
    "بحث وكيل وزارة الدفاع في حكومة الوحدة الوطنية، عبدالسلام الزوبي، مع نائب قائد القيادة العسكرية "
    "الأميركية في أفريقيا (أفريكوم)، الفريق جون برينان، سبل تعزيز التعاون الأمني والعسكري بين ليبيا "
    "والولايات المتحدة، في إطار جهود دعم الاستقرار ومكافحة الإرهاب."
)
MANY_COMMAS = (
    "أعلنت وزارة الداخلية، اليوم الخميس، عن ضبط شحنة كبيرة من المخدرات في ميناء مصراتة البحري، "
    "حيث تم ضبط أكثر من مليون قرص، وكميات من الحشيش، وأسلحة خفيفة، وذخائر، وأجهزة اتصال، "
    "وسيارات رباعية الدفع، وذلك بعد عملية رصد ومتابعة استمرت أسابيع."
)
NO_BOUNDARY = (
    "شهدت مدينة طرابلس اشتباكات مسلحة عنيفة بين مجموعات مسلحة تابعة لجهاز دعم الاستقرار وقوات اللواء "
    "444 قتال في منطقة أبوسليم جنوب العاصمة استخدمت فيها الأسلحة الثقيلة والمتوسطة ما أدى إلى سقوط ضحايا"
)


@pytest.mark.parametrize(
    "lead, expected",
    [
        (
            SEED_000_LEAD,
            "بحث وكيل وزارة الدفاع في حكومة الوحدة الوطنية، عبدالسلام الزوبي، مع نائب قائد القيادة "
            "العسكرية الأميركية في أفريقيا (أفريكوم)",
        ),
        (
            MANY_COMMAS,
            "أعلنت وزارة الداخلية، اليوم الخميس، عن ضبط شحنة كبيرة من المخدرات في ميناء مصراتة البحري",
        ),
        (
            "قال رئيس المجلس الرئاسي محمد المنفي إن المجلس يدعم جهود البعثة الأممية.",
            "قال رئيس المجلس الرئاسي محمد المنفي إن المجلس يدعم جهود البعثة الأممية",
        ),
    ],
)
def test_headline_cut_at_clause_boundary(lead, expected):
    assert headline_from_lead(sents(lead)) == expected


@pytest.mark.parametrize("lead", [SEED_000_LEAD, MANY_COMMAS, NO_BOUNDARY])
def test_headline_reads_well(lead):
    headline = headline_from_lead(sents(lead))
    words = headline.rstrip("…").split()
    assert 8 <= len(words) <= 20
    assert normalise(words[-1]) not in {"في", "من", "مع", "على", "عن", "الى", "بين", "و"}
    assert not headline.endswith(("،", ".", ",", ":"))
    assert headline.count("(") == headline.count(")")
    assert lead.startswith(headline.rstrip("…"))


def test_headline_prefers_title_and_skips_labels():
    sentences = sents("أخبار محلية\n" + SEED_000_LEAD)
    assert headline_from_lead(sentences, title="  الزوبي يبحث مع أفريكوم التعاون الأمني ") == (
        "الزوبي يبحث مع أفريكوم التعاون الأمني"
    )
    assert headline_from_lead(sentences).startswith("بحث وكيل وزارة الدفاع")


@pytest.mark.parametrize("text", ["عاجل", "IMG 8601", "اقرأ أيضا: خبر آخر", "انفجار في بنغازي!"])
def test_headline_never_empty(text):
    assert headline_from_lead(sents(text))


def test_headline_better_than_lead_cut_for_long_first_clause():
    # the old derive_headline returned the whole 30-word first clause here
    headline = headline_from_lead(sents(NO_BOUNDARY))
    assert len(headline.rstrip("…").split()) <= HEADLINE_MAX_WORDS + 4


def test_pagerank_is_the_walks_fixed_point():
    """The centrality of key points is the personalised PageRank: the rank
    the damped walk (its dangling sentences jumping to the prior) leaves
    unchanged, the limit of power iteration, summing to one."""
    import numpy as np

    from generator.briefs.summarise import DAMPING, _pagerank

    rng = np.random.default_rng(7)
    for n in (2, 5, 9, 30):
        sim = rng.random((n, n))
        sim = (sim + sim.T) / 2
        sim[sim < 0.5] = 0.0  # some sentences alike, some not
        sim[:, 0] = sim[0, :] = 0.0  # one with no neighbour at all
        np.fill_diagonal(sim, 1.0)
        prior = rng.random(n)
        prior /= prior.sum()
        rank = _pagerank(sim, prior)
        assert abs(rank.sum() - 1.0) < 1e-12 and (rank > 0).all()
        # the walk, step by step
        w = sim.copy()
        np.fill_diagonal(w, 0.0)
        out = w.sum(axis=1)
        walked = prior.copy()
        for _ in range(2000):
            moved = np.zeros(n)
            for i in range(n):
                if out[i]:
                    moved += walked[i] * w[i] / out[i]
                else:
                    moved += walked[i] * prior
            walked = DAMPING * moved + (1 - DAMPING) * prior
        assert np.allclose(rank, walked, rtol=0, atol=1e-12), n
