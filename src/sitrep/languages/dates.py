"""Dates in Arabic, Persian, Russian and French report prose.

Written dates ("12 февраля", "9 avril 2020", "30 أكتوبر/ تشرين الأول 2015", "۱۵ دی ۱۳۹۲"),
numeric ones ("19.07.2018", "1399/01/14", day first), Solar Hijri dates converted to the
Gregorian calendar (jdatetime), and days relative to publication: weekdays, yesterday, today.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

import jdatetime

from sitrep.languages.lexicon import LanguageLexicon
from sitrep.languages.words import Token

# Years a Solar Hijri date may carry in modern reporting (1300 AP = 1921).
_SOLAR_YEARS = range(1300, 1500)
_NUMERIC = re.compile(r"(?<!\d)(\d{1,4})([./-])(\d{1,2})\2(\d{2,4})(?!\d)")


@dataclass(frozen=True)
class Found:
    date: date
    first: int
    last: int
    explicit: bool


def _solar(year: int, month: int, day: int) -> date | None:
    try:
        converted: date = jdatetime.date(year, month, day).togregorian()
    except ValueError:
        return None
    return converted


def _gregorian(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _make(year: int | None, month: int, day: int, reference: date | None, solar: bool) -> date | None:
    if solar and year is not None and year in _SOLAR_YEARS:
        return _solar(year, month, day)
    if year is None:
        if reference is None:
            return None
        when = _gregorian(reference.year, month, day)
        # A day without its year is the most recent such day not after publication.
        if when is not None and when > reference + timedelta(days=1):
            when = _gregorian(reference.year - 1, month, day)
        return when
    if year < 100:
        year += 2000
    return _gregorian(year, month, day) if 1900 <= year <= 2100 else None


def numeric_dates(text: str, reference: date | None, lexicon: LanguageLexicon) -> list[tuple[date, int, int]]:
    """(date, start, end) of each numeric date; day first, or year first when it leads."""
    out = []
    for m in _NUMERIC.finditer(text):
        a, b, c = int(m.group(1)), int(m.group(3)), int(m.group(4))
        solar = lexicon.calendar == "solar hijri"
        when = _make(a, b, c, reference, solar) if len(m.group(1)) == 4 else _make(c, b, a, reference, solar)
        if when is not None:
            out.append((when, m.start(), m.end()))
    return out


def find_dates(
    tokens: list[Token], text: str, reference: date | None, lexicon: LanguageLexicon
) -> list[Found]:
    """Dates among a sentence's tokens, in order; relative ones only with a reference date."""
    found: list[Found] = []
    taken: set[int] = set()
    starts = [t.start for t in tokens]
    for when, start, end in numeric_dates(text, reference, lexicon):
        first = next((k for k, s in enumerate(starts) if s >= start), len(tokens) - 1)
        last = max(first, next((k for k in range(len(tokens) - 1, -1, -1) if tokens[k].end <= end), first))
        found.append(Found(when, first, last, True))
        taken.update(range(first, last + 1))
    for i, token in enumerate(tokens):
        if i in taken or not token.norm.isdigit() or int(token.norm) > 31 or i + 1 >= len(tokens):
            continue
        month = lexicon.solar_month_table.at(tokens, i + 1)
        solar = month is not None
        if month is None:
            month = lexicon.month_table.at(tokens, i + 1)
        if month is None:
            continue
        last, year = month.last, None
        # "30 أكتوبر/ تشرين الأول 2015": a second name of the same month may follow.
        second = lexicon.month_table.at(tokens, last + 1) if last + 1 < len(tokens) else None
        if second is not None and second.value == month.value:
            last = second.last
        if last + 1 < len(tokens) and tokens[last + 1].norm.isdigit() and len(tokens[last + 1].norm) == 4:
            last, year = last + 1, int(tokens[last + 1].norm)
        if solar and year is None and reference is not None:
            year = jdatetime.date.fromgregorian(date=reference).year
        day = _make(year, month.value, int(token.norm), reference, solar)
        if day is not None:
            found.append(Found(day, i, last, True))
            taken.update(range(i, last + 1))
    if reference is not None:
        for i in range(len(tokens)):
            if i in taken:
                continue
            weekday = lexicon.weekday_table.at(tokens, i)
            if weekday is not None:
                back = (reference.weekday() - weekday.value) % 7
                found.append(Found(reference - timedelta(days=back), i, weekday.last, False))
                continue
            relative = lexicon.relative_table.at(tokens, i)
            if relative is not None:
                found.append(Found(reference + timedelta(days=relative.value), i, relative.last, False))
    found.sort(key=lambda f: f.first)
    return found
