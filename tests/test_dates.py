from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sitrep.extract.dates import MONTHS, explicit_dates, find_dates, hour_of, relative_dates

PUBLISHED = date(2017, 11, 5)  # a Sunday


def first(text: str, reference: date | None = PUBLISHED) -> date | None:
    found = find_dates(text, reference)
    return found[0].date if found else None


def test_bulletin_style_dates() -> None:
    assert first("On November 3, 2017, the rebel organizations began") == date(2017, 11, 3)
    assert first("On November 4,2017 it was reported") == date(2017, 11, 4)
    assert first("(website of the ministry, November 3 and 4, 2017)") == date(2017, 11, 3)
    assert first("syrianpc.com, July 8 2017") == date(2017, 7, 8)


def test_day_month_year_forms() -> None:
    assert first("said on the 28 Oct 16 that") == date(2016, 10, 28)
    assert first("On 1 December 2023, police officers") == date(2023, 12, 1)
    assert first("12/28/2017: A suicide bomber") == date(2017, 12, 28)


def test_bare_month_day_takes_the_year_before_publication() -> None:
    assert first("on November 4 the bombers returned") == date(2017, 11, 4)
    assert first("on December 30 the bombers returned") == date(2016, 12, 30)


def test_month_year_has_month_precision() -> None:
    (mention,) = explicit_dates("During a visit to Syria in July 2017, he")
    assert mention.date == date(2017, 7, 1) and mention.precision == "month"


def test_weekdays_resolve_backwards_from_publication() -> None:
    # Published Monday 2015-05-04: "late Saturday" is May 2, "Sunday" May 3.
    monday = date(2015, 5, 4)
    assert relative_dates("late Saturday in the Karrada district", monday)[0].date == date(2015, 5, 2)
    assert relative_dates("claimed responsibility Sunday for", monday)[0].date == date(2015, 5, 3)
    assert relative_dates("yesterday", monday)[0].date == date(2015, 5, 3)


def test_the_word_may_is_not_a_month() -> None:
    assert find_dates("The attack may be expected soon", PUBLISHED) == []


@given(
    st.dates(min_value=date(1990, 1, 1), max_value=date(2030, 12, 31)),
    st.sampled_from(["{B} {d}, {Y}", "{d} {B} {Y}", "{b} {d}, {Y}", "{Y}-{m:02d}-{d:02d}"]),
)
def test_any_written_date_reads_back(day: date, pattern: str) -> None:
    text = (
        "On "
        + pattern.format(B=day.strftime("%B"), b=day.strftime("%b"), d=day.day, Y=day.year, m=day.month)
        + ", gunmen attacked"
    )
    assert first(text, None) == day


@given(
    st.dates(min_value=date(2000, 1, 1), max_value=date(2030, 1, 1)),
    st.sampled_from(["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]),
)
def test_weekday_is_within_the_week_before(reference: date, weekday: str) -> None:
    (mention,) = relative_dates(f"on {weekday} night", reference)
    assert reference - timedelta(days=6) <= mention.date <= reference
    assert mention.date.strftime("%A") == weekday


@pytest.mark.parametrize(
    ("text", "hour"),
    [
        ("charged in Tuesday afternoon's truck attack", 15),
        ("On Wednesday morning at 0630, militants attacked", 6),
        ("gunmen opened fire at about 9:45 p.m. on the market", 21),
        ("a bomb exploded in the market", None),
        ("On Friday night around 2200, militants detonated a bomb", 22),
    ],
)
def test_hour_of_the_event(text: str, hour: int | None) -> None:
    assert hour_of(text) == hour


@given(st.sampled_from(sorted(MONTHS)), st.integers(1, 28), st.booleans())
def test_month_names_the_pattern_takes_case_blind_are_read(name: str, day: int, upper: bool) -> None:
    # The case-blind pattern also takes letters that only fold to ASCII ("ſ" for s, "K" for k).
    odd = name.replace("s", "ſ").replace("k", "\u212a")
    text = f"On {day} {odd.upper() if upper else odd} 2017 gunmen attacked"
    found = find_dates(text, date(2017, 12, 31))
    assert all(d.date is None or d.date.year == 2017 for d in found)
