"""Dates in Arabic news text, resolved against the publication date.

``resolve_dates(sentences, published)`` returns every date expression with
the date it stands for, the date of the main event, and notes.

Decisions (documented here because they are choices, not facts):

* "اليوم" = the publication date; "أمس" = one day before; "أول أمس" / "أول
  من أمس" / "قبل أمس" = two days before; "غداً" = one day after; "بعد غد" =
  two days after.  A weekday written with them ("اليوم الأربعاء", "أمس
  الثلاثاء") is checked: when it does not match, the mention is *not*
  resolved (``resolved=None``) and its note explains the conflict, e.g.
  "says Wednesday but 2025-09-08 is a Monday".  We never guess which of
  the two is wrong.
* A bare weekday ("الثلاثاء", "يوم الثلاثاء") is the most recent such day on
  or before the publication date; with "الماضي" the most recent strictly
  before it; with "المقبل" / "القادم" the next one strictly after it.
* "الأسبوع الماضي", "الشهر الماضي", "العام الماضي" (and "المقبل") are
  periods, not days: ``resolved=None`` with a note giving the period
  (weeks run Monday to Sunday: "last week: 2025-09-01 to 2025-09-07").
* Absolute dates: "10 سبتمبر 2025", "10 أيلول/سبتمبر 2025", "10 سبتمبر"
  (the year of the publication date, or the year before when that would put
  the date more than ``FUTURE_TOLERANCE_DAYS`` after publication),
  "2025/9/10", "10-09-2025", "10.9.2025", in any digits.  Month names of all
  the systems in use: Egyptian/Gulf (يناير ...), Levantine/Iraqi (كانون
  الثاني ...), Algerian/Tunisian (جانفي ...), Moroccan (يوليوز، غشت ...), and
  the Libyan names of the Gaddafi era (أي النار، النوار، الربيع، الطير، الماء،
  الصيف، ناصر، هانيبال، الفاتح، التمور، الحرث، الكانون).  Because many month
  names are also ordinary words (مارس "practised", الربيع "spring", الماء
  "water"), a month name counts only next to a day number or a year, or
  after "شهر"; the Libyan names only after a day number.  Libyan years
  counted from the Prophet's death ("1393 و.ر") are converted (+632).
  A month with a year but no day ("سبتمبر 2025") is a period: not resolved.
* The event date is the first mention in the first ``LEAD_SENTENCES``
  sentences that names a day (relative, weekday or absolute).  When that
  mention is a conflict, the event date is ``None`` (the text contradicts
  its own dateline; a wrong date is worse than none).  When the lead names
  no day, the publication date is used, with the note "event date not
  stated; using publication date".
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache
from typing import Sequence

from ..text.arabic import normalise
from ..text.document import Document, annotate
from ..text.tokens import Token, clitic_readings, raw_prefix_end
from ..models import DateMention, Sentence

__all__ = ["resolve_dates", "MONTHS", "LIBYAN_MONTHS", "WEEKDAYS", "LEAD_SENTENCES"]

LEAD_SENTENCES = 3
FUTURE_TOLERANCE_DAYS = 62

_WEEKDAY_NAMES = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
WEEKDAYS: dict[str, int] = {
    normalise(k): v
    for k, v in {
        "الاثنين": 0,
        "الإثنين": 0,
        "الأثنين": 0,
        "الثلاثاء": 1,
        "الأربعاء": 2,
        "الخميس": 3,
        "الجمعة": 4,
        "السبت": 5,
        "الأحد": 6,
    }.items()
}

# Month names -> number.  Multi-word names are tuples of normalised words.
_MONTH_SOURCE = {
    1: ["يناير", "كانون الثاني", "جانفي", "جانفييه"],
    2: ["فبراير", "شباط", "فيفري", "فبرير"],
    3: ["مارس", "آذار", "اذار"],
    4: ["أبريل", "ابريل", "إبريل", "نيسان", "أفريل", "افريل"],
    5: ["مايو", "أيار", "ايار", "ماي"],
    6: ["يونيو", "يونيه", "حزيران", "جوان"],
    7: ["يوليو", "يوليه", "تموز", "جويلية", "جويليه", "يوليوز"],
    8: ["أغسطس", "اغسطس", "آب", "اب", "أوت", "اوت", "غشت"],
    9: ["سبتمبر", "أيلول", "ايلول", "شتنبر"],
    10: ["أكتوبر", "اكتوبر", "تشرين الأول", "أكتوبر"],
    11: ["نوفمبر", "تشرين الثاني", "نونبر"],
    12: ["ديسمبر", "كانون الأول", "دجنبر", "دسمبر"],
}
_LIBYAN_SOURCE = {
    1: ["أي النار", "آي النار", "اي النار"],
    2: ["النوار"],
    3: ["الربيع"],
    4: ["الطير"],
    5: ["الماء"],
    6: ["الصيف"],
    7: ["ناصر"],
    8: ["هانيبال", "هانيبعل"],
    9: ["الفاتح"],
    10: ["التمور"],
    11: ["الحرث"],
    12: ["الكانون"],
}


def _month_table(source: dict[int, list[str]]) -> dict[tuple[str, ...], int]:
    table: dict[tuple[str, ...], int] = {}
    for number, names in source.items():
        for name in names:
            table[tuple(normalise(w) for w in name.split())] = number
    return table


MONTHS = _month_table(_MONTH_SOURCE)
LIBYAN_MONTHS = _month_table(_LIBYAN_SOURCE)


def _by_first_word() -> dict[str, list[tuple[int, bool, tuple[str, ...], int]]]:
    """Month names by their first word: (order, is Libyan, words, month),
    the order being the tables' (standard names first)."""
    index: dict[str, list[tuple[int, bool, tuple[str, ...], int]]] = {}
    order = 0
    for table, is_libyan in ((MONTHS, False), (LIBYAN_MONTHS, True)):
        for key, month in table.items():
            index.setdefault(key[0], []).append((order, is_libyan, key, month))
            order += 1
    return index


_MONTHS_BY_FIRST_WORD = _by_first_word()

_W = {
    k: normalise(v)
    for k, v in {
        "today": "اليوم",
        "yesterday": "أمس",
        "tomorrow": "غدا",
        "first": "أول",
        "from": "من",
        "before": "قبل",
        "after": "بعد",
        "tomorrow2": "غد",
        "day": "يوم",
        "last_m": "الماضي",
        "last_f": "الماضية",
        "next_m": "المقبل",
        "next_f": "المقبلة",
        "next2_m": "القادم",
        "next2_f": "القادمة",
        "week": "الأسبوع",
        "month": "الشهر",
        "year": "العام",
        "year2": "السنة",
        "month_word": "شهر",
        "lr": "و.ر",
    }.items()
}
_PAST = {_W["last_m"], _W["last_f"]}
_NEXT = {_W["next_m"], _W["next_f"], _W["next2_m"], _W["next2_f"]}


def _bare(tok: Token) -> tuple[str, ...]:
    """The token's key and its readings without a leading conjunction or
    preposition ("وأمس" -> "امس"), keeping the article."""
    return _bare_key(tok.key)


@lru_cache(maxsize=65536)
def _bare_key(key: str) -> tuple[str, ...]:
    out = [key]
    for n, art, stem in clitic_readings(key):
        if n and n <= 2:
            word = ("ال" + stem) if art else stem
            if word not in out:
                out.append(word)
    return tuple(out)


def _is(tok: Token | None, word: str) -> bool:
    return tok is not None and tok.kind == "w" and word in _bare(tok)


def _weekday(tok: Token | None) -> int | None:
    if tok is None or tok.kind != "w":
        return None
    for w in _bare(tok):
        if w in WEEKDAYS:
            return WEEKDAYS[w]
    return None


def _fmt(d: dt.date) -> str:
    return f"{d.isoformat()} is a {_WEEKDAY_NAMES[d.weekday()]}"


def _check(day: dt.date, weekday: int | None) -> tuple[dt.date | None, str | None]:
    if weekday is None or day.weekday() == weekday:
        return day, None
    return None, f"says {_WEEKDAY_NAMES[weekday]} but {_fmt(day)}"


class _Scanner:
    def __init__(self, text: str, published: dt.date, tokens: Sequence[Token]):
        self.text = text
        self.tokens = tokens
        self.published = published
        self.found: list[tuple[int, int, DateMention, bool]] = []  # token span, mention, names a day

    def tok(self, i: int) -> Token | None:
        return self.tokens[i] if 0 <= i < len(self.tokens) else None

    def add(
        self, start: int, end: int, resolved: dt.date | None, note: str | None, day: bool = True, clitic_first: bool = True
    ) -> None:
        first = self.tokens[start]
        s = first.start
        if clitic_first:
            # drop a leading conjunction/preposition from the displayed words
            for n, art, stem in clitic_readings(first.key):
                if n and ((("ال" + stem) if art else stem) in _ALL_KEYWORDS):
                    s = first.start + raw_prefix_end(first.text, n)
                    break
        text = self.text[s : self.tokens[end - 1].end]
        self.found.append((start, end, DateMention(text, resolved, note), day))

    def taken(self, i: int) -> bool:
        return any(s <= i < e for s, e, _, _ in self.found)

    def number(self, i: int, lo: int, hi: int) -> int | None:
        t = self.tok(i)
        if t is None or t.kind != "n" or not t.key.isdigit():
            return None
        v = int(t.key)
        return v if lo <= v <= hi else None

    def month_at(self, i: int, libyan: bool) -> tuple[int, int, bool] | None:
        """(month, tokens used, is a Libyan name) of a month name at ``i``."""
        best = None
        t = self.tok(i)
        if t is None or t.kind != "w":
            return None
        # the names whose first word is one of the token's readings, in table order
        candidates = sorted(c for w in _bare(t) for c in _MONTHS_BY_FIRST_WORD.get(w, ()) if libyan or not c[1])
        for _, is_libyan, key, month in candidates:
            if all(getattr(self.tok(i + j), "key", None) == key[j] for j in range(1, len(key))):
                if best is None or len(key) > best[1]:
                    best = (month, len(key), is_libyan)
        return best

    def may_start(self, i: int) -> bool:
        """Whether a date expression can begin at token ``i``: every pattern
        opens with a number or a date word (weekday, month, "اليوم", "الأسبوع",
        "يوم", "شهر" ...), so other tokens are passed over at once."""
        t = self.tokens[i]
        return t.kind == "n" or (t.kind == "w" and not _ALL_KEYWORDS.isdisjoint(_bare(t)))

    # -- the patterns -------------------------------------------------------
    def run(self) -> list[tuple[int, int, DateMention, bool]]:
        self.numeric()
        i = 0
        while i < len(self.tokens):
            if not self.may_start(i) or self.taken(i):
                i += 1
                continue
            used = self.absolute(i) or self.relative(i) or self.period(i) or self.weekday(i)
            i += used or 1
        self.found.sort(key=lambda f: f[0])
        return self.found

    def numeric(self) -> None:
        for m in _NUMERIC_RE.finditer(self.text):
            a, b, c = (int(x) for x in (m.group(1), m.group(3), m.group(4)))
            if len(m.group(1)) == 4:
                y, mo, d = a, b, c
            elif len(m.group(4)) == 4:
                d, mo, y = a, b, c
            else:
                continue
            try:
                day = dt.date(y, mo, d)
            except ValueError:
                continue
            start = next((k for k, t in enumerate(self.tokens) if t.start >= m.start()), None)
            end = next((k for k, t in enumerate(self.tokens) if t.end >= m.end()), None)
            if start is None or end is None:
                continue
            weekday = _weekday(self.tok(start - 1))
            if weekday is not None:
                start -= 1
                if _is(self.tok(start - 1), _W["day"]):
                    start -= 1
            resolved, note = _check(day, weekday)
            self.add(start, end + 1, resolved, note)

    def absolute(self, i: int) -> int:
        """[weekday] DAY [من] MONTH[/MONTH] [YEAR [و.ر]] or [شهر] MONTH YEAR."""
        start = i
        weekday = _weekday(self.tok(i))
        j = i
        if weekday is not None:
            j += 1
        elif _is(self.tok(i), _W["day"]) and _weekday(self.tok(i + 1)) is not None:
            weekday = _weekday(self.tok(i + 1))
            j += 2
        day = self.number(j, 1, 31)
        if day is not None:
            k = j + 1
            if _is(self.tok(k), _W["from"]):
                k += 1
            month = self.month_at(k, libyan=True)
            if month is None:
                return 0
            libyan = month[2]
            k += month[1]
            k = self._alt_month(k, month[0])
            year = self.number(k, 1300, 2100)
            note = None
            if year is not None:
                k += 1
                marked = [getattr(self.tok(k + x), "key", None) for x in range(3)] == ["و", ".", "ر"]
                if marked:
                    k += 3
                if year < 1500:
                    if not (marked or libyan):
                        return 0
                    year += 632
                    note = "Libyan calendar year (from the Prophet's death) converted: +632"
            else:
                year = self.published.year
                try:
                    guess = dt.date(year, month[0], day)
                except ValueError:
                    return 0
                if (guess - self.published).days > FUTURE_TOLERANCE_DAYS:
                    year -= 1
                note = f"year not stated; taken as {year}"
            try:
                date = dt.date(year, month[0], day)
            except ValueError:
                self.add(start, k, None, f"no such date: day {day} of month {month[0]}, {year}")
                return k - start
            resolved, conflict = _check(date, weekday)
            self.add(start, k, resolved, conflict or note)
            return k - start
        if weekday is not None:
            return 0
        # month + year (a period), or شهر + month
        k = i
        if _is(self.tok(k), _W["month_word"]):
            k += 1
        month = self.month_at(k, libyan=False)
        if month is None:
            return 0
        k2 = self._alt_month(k + month[1], month[0])
        year = self.number(k2, 1900, 2100)
        if year is None and k == i:
            return 0
        if year is not None:
            k2 += 1
        label = f"{_MONTH_EN[month[0]]} {year}" if year else _MONTH_EN[month[0]]
        self.add(start, k2, None, f"a month, not a day: {label}", day=False)
        return k2 - start

    def _alt_month(self, k: int, month: int) -> int:
        """Skip "/ أيلول" or "(أيلول)" that repeats the month in another system."""
        t = self.tok(k)
        if t is not None and t.kind == "p" and t.text in "/(-":
            alt = self.month_at(k + 1, libyan=False)
            if alt and alt[0] == month:
                k = k + 1 + alt[1]
                if getattr(self.tok(k), "text", None) == ")":
                    k += 1
        return k

    def relative(self, i: int) -> int:
        t = self.tok(i)
        if t is None or t.kind != "w":
            return 0
        p = self.published
        offset = None
        n = 0
        if _is(t, _W["today"]):
            offset, n = 0, 1
        elif _is(t, _W["first"]) and _is(self.tok(i + 1), _W["from"]) and _is(self.tok(i + 2), _W["yesterday"]):
            offset, n = -2, 3
        elif _is(t, _W["first"]) and _is(self.tok(i + 1), _W["yesterday"]):
            offset, n = -2, 2
        elif _is(t, _W["before"]) and _is(self.tok(i + 1), _W["yesterday"]):
            offset, n = -2, 2
        elif _is(t, _W["yesterday"]):
            offset, n = -1, 1
        elif _is(t, _W["after"]) and _is(self.tok(i + 1), _W["tomorrow2"]):
            offset, n = 2, 2
        elif _is(t, _W["tomorrow"]):
            offset, n = 1, 1
        if offset is None:
            return 0
        weekday = _weekday(self.tok(i + n))
        end = i + n + (1 if weekday is not None else 0)
        # "اليوم الأربعاء 10 سبتمبر": the absolute date decides, checked below
        resolved, note = _check(p + dt.timedelta(days=offset), weekday)
        self.add(i, end, resolved, note)
        return end - i

    def period(self, i: int) -> int:
        t = self.tok(i)
        nxt = self.tok(i + 1)
        if t is None or nxt is None or nxt.kind != "w":
            return 0
        past = any(w in _PAST for w in _bare(nxt))
        future = any(w in _NEXT for w in _bare(nxt))
        if not (past or future):
            return 0
        p = self.published
        sign = -1 if past else 1
        if _is(t, _W["week"]):
            monday = p - dt.timedelta(days=p.weekday()) + dt.timedelta(weeks=sign)
            word = "last week" if past else "next week"
            note = f"{word}: {monday.isoformat()} to {(monday + dt.timedelta(days=6)).isoformat()}"
        elif _is(t, _W["month"]):
            y, m = p.year, p.month + sign
            if m == 0:
                y, m = y - 1, 12
            elif m == 13:
                y, m = y + 1, 1
            note = f"{'last' if past else 'next'} month: {_MONTH_EN[m]} {y}"
        elif _is(t, _W["year"]) or _is(t, _W["year2"]):
            note = f"{'last' if past else 'next'} year: {p.year + sign}"
        else:
            return 0
        self.add(i, i + 2, None, note, day=False)
        return 2

    def weekday(self, i: int) -> int:
        start = i
        j = i
        if _is(self.tok(i), _W["day"]):
            j += 1
        weekday = _weekday(self.tok(j))
        if weekday is None:
            return 0
        # "الأحد" is also "one" ("الواحد الأحد"); "الجمعة" stays Friday
        nxt = self.tok(j + 1)
        p = self.published
        end = j + 1
        if nxt is not None and any(w in _PAST for w in _bare(nxt)):
            back = (p.weekday() - weekday) % 7 or 7
            day = p - dt.timedelta(days=back)
            end += 1
        elif nxt is not None and any(w in _NEXT for w in _bare(nxt)):
            ahead = (weekday - p.weekday()) % 7 or 7
            day = p + dt.timedelta(days=ahead)
            end += 1
        else:
            day = p - dt.timedelta(days=(p.weekday() - weekday) % 7)
        self.add(start, end, day, None)
        return end - start


_MONTH_EN = {
    1: "January",
    2: "February",
    3: "March",
    4: "April",
    5: "May",
    6: "June",
    7: "July",
    8: "August",
    9: "September",
    10: "October",
    11: "November",
    12: "December",
}
_NUMERIC_RE = re.compile(r"(?<![\d/.\-])(\d{1,4})\s*([/\-.])\s*(\d{1,2})\s*\2\s*(\d{1,4})(?![\d/.\-])")
_ALL_KEYWORDS = frozenset(_W.values()) | frozenset(WEEKDAYS) | {k[0] for k in MONTHS}


# Words before a date that make it the start or end of a measure ("اعتبارا من
# الأحد المقبل", "حتى 15 يوليو"), not the day of the reported event.
_EFFECTIVE_CUES = frozenset(
    normalise(w) for w in ["اعتبارا", "اعتباراً", "ابتداء", "ابتداءً", "بدءا", "بدءاً", "حتى", "لغاية", "وحتى", "ولغاية"]
)


def _effective_from(tokens: Sequence[Token], start: int) -> bool:
    words = [t.key for t in tokens[max(0, start - 3) : start] if t.kind == "w"]
    if words and words[-1] in (normalise("يوم"),):
        words = words[:-1]
    if words and words[-1] == normalise("من"):
        words = words[:-1]
    return bool(words) and words[-1] in _EFFECTIVE_CUES


def resolve_dates(
    sentences: Sequence[Sentence],
    published: dt.date,
    document: Document | None = None,
) -> tuple[tuple[DateMention, ...], dt.date | None, list[str]]:
    """Date mentions of the article in text order, the event date, and notes.

    See the module docstring for the rules.  ``document`` is the article's
    annotation (its tokens); without one, the sentences are annotated here.
    """
    document = document if document is not None else annotate(sentences)
    mentions: list[DateMention] = []
    notes: list[str] = []
    event: dt.date | None = None
    event_decided = False
    for position, sentence in enumerate(sentences):
        scanner = _Scanner(sentence.text, published, document.tokens(sentence))
        found = scanner.run()
        for start, _, mention, names_day in found:
            if names_day and _effective_from(scanner.tokens, start):
                names_day = False  # "اعتبارا من الأحد المقبل": when a decision takes effect

            mentions.append(mention)
            if mention.resolved is None and mention.note and mention.note.startswith("says "):
                notes.append(f"date conflict in sentence {sentence.index + 1}: “{mention.text}” {mention.note}")
            if not event_decided and position < LEAD_SENTENCES and names_day:
                event_decided = True
                event = mention.resolved
                if event is None:
                    notes.append(f"event date unknown: the lead says “{mention.text}” ({mention.note})")
                else:
                    notes.append(f"event date {event.isoformat()} from “{mention.text}”")
    if not event_decided:
        event = published
        notes.append("event date not stated; using publication date")
    return tuple(mentions), event, notes
