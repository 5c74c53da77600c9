"""Dates in report prose: explicit ("November 3, 2017", "28 Oct 16") and relative to publication
("on Saturday", "yesterday", "last week")."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from sitrep.extract.patterns import CaseBlind, alternation
from sitrep.model import DatePrecision

MONTHS = {
    "january": 1,
    "jan": 1,
    "february": 2,
    "feb": 2,
    "march": 3,
    "mar": 3,
    "april": 4,
    "apr": 4,
    "may": 5,
    "june": 6,
    "jun": 6,
    "july": 7,
    "jul": 7,
    "august": 8,
    "aug": 8,
    "september": 9,
    "sep": 9,
    "sept": 9,
    "october": 10,
    "oct": 10,
    "november": 11,
    "nov": 11,
    "december": 12,
    "dec": 12,
}
WEEKDAYS = {"monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6}

_MONTH = r"(?P<month>" + alternation(MONTHS) + r")\.?"
# Every name of a month, written out or short, begins with one of these.
_MONTH_STEMS = tuple(sorted({name[:3] for name in MONTHS}))
_YEAR = r"(?P<year>\d{4}|'?\d{2})"
_MONTH_DAY_YEAR = CaseBlind(
    rf"\b{_MONTH}\s+(?P<day>\d{{1,2}})(?!\d)(?:st|nd|rd|th)?(?:\s*(?P<joint>and|-|–)\s*\d{{1,2}})?"
    rf"(?:(?:,\s*|\s+){_YEAR})?(?![\d:])"
)
_DAY_MONTH_YEAR = CaseBlind(
    rf"\b(?:the\s+)?(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}(?:(?:,\s*|\s+){_YEAR})?(?![\d:])"
)
_ISO = re.compile(r"\b(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})\b")
_NUMERIC = re.compile(r"\b(?P<month>\d{1,2})/(?P<day>\d{1,2})/(?P<year>\d{4})\b")
_MONTH_YEAR = CaseBlind(rf"\b(?:in|during|since|by)\s+{_MONTH}\s+(?P<year>\d{{4}})\b")
_WEEKDAY = CaseBlind(
    r"\b(?:(?P<last>last|this|on|late|early)\s+)?(?P<weekday>monday|tuesday|wednesday|thursday|"
    r"friday|saturday|sunday)(?:\s+(?:night|morning|evening|afternoon))?\b"
)
# Each with a word it cannot match without, to skip the pattern in text that lacks the word.
_RELATIVE: tuple[tuple[re.Pattern[str], tuple[str, ...], int, DatePrecision], ...] = (
    (re.compile(r"\byesterday\b", re.I), ("yesterday",), -1, "day"),
    (
        re.compile(r"\b(?:today|this morning|this afternoon|this evening|tonight|earlier today)\b", re.I),
        ("today", "this", "tonight"),
        0,
        "day",
    ),
    (re.compile(r"\bthe day before yesterday\b", re.I), ("yesterday",), -2, "day"),
    (re.compile(r"\blast week\b", re.I), ("last",), -7, "week"),
    (re.compile(r"\blast month\b", re.I), ("last",), -30, "month"),
)
# "Two weeks ago, ISIS-K claimed ...": counted back from publication, to the day it gives.
_AGO = CaseBlind(
    r"\b(?P<count>a|an|one|two|three|four|five|six|seven|eight|nine|ten|\d{1,2})\s+"
    r"(?P<unit>days?|weeks?)\s+ago\b"
)
_AGO_COUNTS = dict(a=1, an=1, one=1, two=2, three=3, four=4, five=5, six=6, seven=7, eight=8, nine=9, ten=10)


@dataclass(frozen=True)
class DateMention:
    date: date
    start: int
    end: int
    precision: DatePrecision
    explicit: bool


def _year(raw: str | None, reference: date | None, month: int, day: int) -> int | None:
    if raw:
        digits = raw.lstrip("'")
        value = int(digits)
        return value + 2000 if len(digits) == 2 else value
    if reference is None:
        return None
    # A bare "November 3" is the most recent such day not after the reference date.
    year = reference.year
    try:
        if date(year, month, day) > reference + timedelta(days=1):
            year -= 1
    except ValueError:
        return None
    return year


def _make(year: int | None, month: int, day: int) -> date | None:
    if year is None:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


def explicit_dates(text: str, reference: date | None = None) -> list[DateMention]:
    """Calendar dates written out in ``text``, in order."""
    found: list[DateMention] = []
    taken: list[tuple[int, int]] = []

    def add(m: re.Match[str], when: date | None, precision: DatePrecision = "day") -> None:
        if when is None or any(m.start() < e and m.end() > s for s, e in taken):
            return
        taken.append((m.start(), m.end()))
        found.append(DateMention(when, m.start(), m.end(), precision, explicit=True))

    # Most sentences have no hyphen or slash, and these forms need one.
    if "-" in text:
        for m in _ISO.finditer(text):
            add(m, _make(int(m["year"]), int(m["month"]), int(m["day"])))
    if "/" in text:
        for m in _NUMERIC.finditer(text):
            add(m, _make(int(m["year"]), int(m["month"]), int(m["day"])))
    if not _may_hold(text.lower() if text.isascii() else None, _MONTH_STEMS):
        # The forms below all name a month, and most sentences name none.
        found.sort(key=lambda d: d.start)
        return found
    # Day-first dates with a year, then month-first ones, then day-first ones without a year.
    day_first = list(_DAY_MONTH_YEAR.finditer(text))
    passes = ((day_first, True), (_MONTH_DAY_YEAR.finditer(text), False), (day_first, False))
    for matches, needs_year in passes:
        for m in matches:
            if needs_year and m["year"] is None:
                continue
            # casefold, not lower: the case-blind pattern also takes "ſept" (a long s) for "sept".
            month, day = MONTHS[m["month"].casefold()], int(m["day"])
            # The match may hold the text lower-cased: the capital is read in the text itself.
            if m["month"].lower() == "may" and m["year"] is None and not text[m.start("month")].isupper():
                continue
            # "October 14-20, 2021" is a period, not a day; "November 3 and 4" keeps its first day.
            ranged = "joint" in m.groupdict() and m["joint"] in {"-", "–"}
            add(m, _make(_year(m["year"], reference, month, day), month, day), "week" if ranged else "day")
    for m in _MONTH_YEAR.finditer(text):
        add(m, _make(int(m["year"]), MONTHS[m["month"].casefold()], 1), "month")
    found.sort(key=lambda d: d.start)
    return found


def _may_hold(lowered: str | None, words: tuple[str, ...]) -> bool:
    """Whether text (``lowered``: lower-cased if ASCII, else None) may match a case-blind pattern
    that needs one of ``words``. Other text always may: there "ſ" matches "s", "ı" matches "i"."""
    if lowered is None:
        return True
    # A loop: twice as fast as any() over a generator, and called several times a sentence.
    for word in words:  # noqa: SIM110
        if word in lowered:
            return True
    return False


def relative_dates(text: str, reference: date) -> list[DateMention]:
    """Dates given relative to the publication date: weekdays, yesterday, last week."""
    found: list[DateMention] = []
    lowered = text.lower() if text.isascii() else None
    # Every weekday's name ends in "day".
    if _may_hold(lowered, ("day",)):
        for m in _WEEKDAY.finditer(text):
            target = WEEKDAYS[m["weekday"].lower()]
            back = (reference.weekday() - target) % 7
            if (m["last"] or "").lower() == "last" and back == 0:
                back = 7
            found.append(DateMention(reference - timedelta(days=back), m.start(), m.end(), "day", False))
    for pattern, needs, delta, precision in _RELATIVE:
        if not _may_hold(lowered, needs):
            continue
        for m in pattern.finditer(text):
            found.append(DateMention(reference + timedelta(days=delta), m.start(), m.end(), precision, False))
    if _may_hold(lowered, ("ago",)):
        for m in _AGO.finditer(text):
            count = m["count"].lower()
            days = int(count) if count.isdigit() else _AGO_COUNTS[count]
            days *= 7 if m["unit"].lower().startswith("week") else 1
            found.append(DateMention(reference - timedelta(days=days), m.start(), m.end(), "day", False))
    found.sort(key=lambda d: d.start)
    return found


# Every date form above needs a digit or one of these words; most sentences have neither.
_DIGIT = re.compile(r"\d")
_HINT_WORDS = (
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|mon|tue|wed|thu|fri|sat|sun)[a-z]*\b|"
    r"\b(?:yesterday|today|tonight|this morning|this afternoon|this evening|last week|last month|ago)\b"
)
_HINT = re.compile(_HINT_WORDS, re.IGNORECASE)
# The same words in lower-cased ASCII text, where a case-blind search is several times slower.
_LOWER_HINT = re.compile(_HINT_WORDS)


def _hinted(text: str) -> bool:
    if _DIGIT.search(text):
        return True
    if text.isascii():
        return _LOWER_HINT.search(text.lower()) is not None
    return _HINT.search(text) is not None


def find_dates(text: str, reference: date | None) -> list[DateMention]:
    """Explicit dates and, when a reference date is known, relative ones; in text order."""
    if not _hinted(text):
        return []
    found = explicit_dates(text, reference)
    if reference is not None:
        spans = [(d.start, d.end) for d in found]
        found += [
            d for d in relative_dates(text, reference) if not any(d.start < e and d.end > s for s, e in spans)
        ]
    found.sort(key=lambda d: d.start)
    return found


# Parts of the day and their usual hour; "at 0630", "around 2200", "at 6:30 pm" read as clock time.
DAY_PARTS = {
    "dawn": 6,
    "morning": 9,
    "noon": 12,
    "midday": 12,
    "afternoon": 15,
    "evening": 19,
    "night": 22,
    "midnight": 0,
}
# Each part of the day holds one of these ("afternoon" holds "noon", "midnight" "night").
_DAY_PART_WORDS = ("dawn", "morning", "noon", "midday", "evening", "night")
_DAY_PART = CaseBlind(r"\b(" + "|".join(DAY_PARTS) + r")\b")
_CLOCK = CaseBlind(
    r"\b(?:at|around|about|after|before)\s+(?:(?P<military>[012]\d[0-5]\d)\b|"
    r"(?P<hour>1[0-2]|0?\d)(?::(?P<minute>[0-5]\d))?\s*(?P<half>[ap])\.?m\.?)"
)


def hour_of(text: str) -> int | None:
    """The hour of the day a sentence gives for its event, if any ("Tuesday afternoon" → 15)."""
    # A clock time holds a digit, a part of the day one of its words; most sentences neither.
    clock = _CLOCK.search(text) if _DIGIT.search(text) else None
    if clock is not None:
        if clock["military"]:
            value = int(clock["military"][:2])
            return value if value < 24 else None
        hour = int(clock["hour"]) % 12
        return hour + 12 if clock["half"].lower() == "p" else hour
    if not _may_hold(text.lower() if text.isascii() else None, _DAY_PART_WORDS):
        return None
    part = _DAY_PART.search(text)
    return DAY_PARTS[part.group(1).lower()] if part else None
