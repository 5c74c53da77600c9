"""Dates in Arabic, Persian, Russian and French report prose.

Written dates ("12 февраля", "9 avril 2020", "30 أكتوبر/ تشرين الأول 2015", "۱۵ دی ۱۳۹۲",
"1er mai", "دوم آذر"), numeric ones ("19.07.2018", "1399/01/14", day first), Solar Hijri dates
converted to the Gregorian calendar (jdatetime), Lunar Hijri ones ("15 رمضان 1445") by the
arithmetical Islamic calendar (within a day or two of the sighted month's start), and days
relative to publication: weekdays, yesterday, today.
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
# Lunar Hijri years of modern reporting (1340 AH = 1921), and the day before the calendar's
# first (1 Muharram 1 AH, 16 July 622 Julian) as a proleptic Gregorian ordinal.
_LUNAR_YEARS = range(1340, 1520)
_LUNAR_EPOCH = 227014
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


def lunar(year: int, month: int, day: int) -> date | None:
    """The Gregorian date of a day of the arithmetical Islamic calendar (30-year cycle, leap years
    2, 5, 7, 10, 13, 16, 18, 21, 24, 26, 29), or None for a day no month has."""
    if not (1 <= month <= 12 and 1 <= day <= 30) or (day == 30 and month % 2 == 0 and month != 12):
        return None
    if month == 12 and day == 30 and (14 + 11 * year) % 30 >= 11:
        return None
    return date.fromordinal(
        _LUNAR_EPOCH + (year - 1) * 354 + (3 + 11 * year) // 30 + 29 * (month - 1) + month // 2 + day
    )


def lunar_year(day: date) -> int:
    """The Lunar Hijri year ``day`` falls in."""
    year = (day.toordinal() - _LUNAR_EPOCH) * 30 // 10631 + 1
    while (start := lunar(year + 1, 1, 1)) is not None and start <= day:
        year += 1
    while (start := lunar(year, 1, 1)) is not None and start > day:
        year -= 1
    return year


def _lunar_date(year: int | None, month: int, day: int, reference: date | None) -> date | None:
    if year is None:
        if reference is None:
            return None
        year = lunar_year(reference)
        when = lunar(year, month, day)
        # A day without its year is the most recent such day not after publication.
        if when is not None and when > reference + timedelta(days=1):
            when = lunar(year - 1, month, day)
        return when
    return lunar(year, month, day) if year in _LUNAR_YEARS else None


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
        if i in taken or i + 1 >= len(tokens):
            continue
        ordinal = lexicon.ordinal_day_table.at(tokens, i)
        if ordinal is not None and ordinal.last + 1 < len(tokens):
            # "بیست و یکم مهر": the day in words.
            number, after = ordinal.value, ordinal.last + 1
        elif token.norm.isdigit() and int(token.norm) <= 31:
            number, after = int(token.norm), i + 1
            if tokens[after].norm in lexicon.day_suffixes and after + 1 < len(tokens):
                after += 1  # "1er mai"
        else:
            continue
        month = lexicon.solar_month_table.at(tokens, after)
        solar = month is not None
        if month is None:
            month = lexicon.month_table.at(tokens, after)
        calendar_lunar = month is None
        if month is None:
            month = lexicon.lunar_month_table.at(tokens, after)
        if month is None:
            continue
        last, year = month.last, None
        # "30 أكتوبر/ تشرين الأول 2015": a second name of the same month may follow.
        second = lexicon.month_table.at(tokens, last + 1) if last + 1 < len(tokens) else None
        if second is not None and second.value == month.value:
            last = second.last
        if last + 1 < len(tokens) and tokens[last + 1].norm.isdigit() and len(tokens[last + 1].norm) == 4:
            last, year = last + 1, int(tokens[last + 1].norm)
        if calendar_lunar:
            day = _lunar_date(year, month.value, number, reference)
            if day is not None:
                found.append(Found(day, i, last, True))
                taken.update(range(i, last + 1))
            continue
        if solar and year is None and reference is not None:
            year = jdatetime.date.fromgregorian(date=reference).year
        day = _make(year, month.value, number, reference, solar)
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
