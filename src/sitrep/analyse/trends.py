"""This week against the weeks before: incidents, killed and wounded by theatre, province or actor.

The comparison is with the mean of the previous ``PRIOR_WEEKS`` weeks. A change is called out
only when it is both relative (``NOTABLE_SHARE`` of the earlier level) and absolute
(``NOTABLE_INCIDENTS`` incidents), so a quiet province going from one incident to two is not
"a sharp increase".
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sitrep.kb.registry import KnowledgeBase
from sitrep.model import Incident, Tally

PRIOR_WEEKS = 4
NOTABLE_SHARE = 0.25
NOTABLE_INCIDENTS = 2.0
SHARP_SHARE = 0.75
# Earlier weeks with any incident on record before a comparison means anything.
MIN_COVERED_WEEKS = 2


@dataclass(frozen=True)
class Trend:
    group: str
    incidents: int
    killed: int
    wounded: int
    prior_incidents: float
    prior_killed: float
    prior_wounded: float
    baseline: bool = True
    """Whether enough of the earlier weeks hold incidents for the comparison to mean anything."""

    @property
    def words(self) -> str:
        """The change in the bulletin's words ("a decrease in the intensity of attacks")."""
        if not self.baseline:
            return "no earlier weeks on record to compare with"
        change = self.incidents - self.prior_incidents
        if abs(change) < NOTABLE_INCIDENTS or (
            self.prior_incidents and abs(change) / self.prior_incidents < NOTABLE_SHARE
        ):
            return "no marked change in the number of attacks"
        sharp = not self.prior_incidents or abs(change) / self.prior_incidents >= SHARP_SHARE
        if change > 0:
            return f"{'a sharp' if sharp else 'an'} increase in the intensity of attacks"
        return f"{'a sharp' if sharp else 'a'} decrease in the intensity of attacks"

    def to_json(self) -> dict[str, Any]:
        return {
            "group": self.group,
            "incidents": self.incidents,
            "killed": self.killed,
            "wounded": self.wounded,
            "prior_weekly_incidents": round(self.prior_incidents, 2),
            "prior_weekly_killed": round(self.prior_killed, 2),
            "prior_weekly_wounded": round(self.prior_wounded, 2),
            "baseline": self.baseline,
            "words": self.words,
        }


def grouping(by: str, kb: KnowledgeBase) -> Callable[[Incident], str]:
    if by == "theatre":
        return lambda i: kb.theatre_of(i.country).name
    if by == "province":
        return lambda i: i.admin1 or i.location
    if by == "actor":
        return lambda i: i.actor1 or "unattributed"
    raise ValueError(f"cannot group trends by {by!r}")


# Demonstrations are counted apart: a week of protests is not "an increase in the intensity
# of attacks".
NOT_COUNTED = frozenset({"Peaceful protest"})


def tallies(incidents: Iterable[Incident], key: Callable[[Incident], str]) -> list[Tally]:
    return [
        Tally(i.date, key(i), 1, i.killed.best if i.killed else 0, i.wounded.best if i.wounded else 0)
        for i in incidents
        if i.sub_event_type not in NOT_COUNTED
    ]


def weekly_trends(
    incidents: Iterable[Incident], week_start: date, key: Callable[[Incident], str]
) -> list[Trend]:
    """One row per group active in the week or the weeks before, busiest first."""
    return trends_from_tallies(tallies(incidents, key), week_start)


def trends_from_tallies(rows: Iterable[Tally], week_start: date) -> list[Trend]:
    """One row per group active in the week or the ``PRIOR_WEEKS`` before, busiest first."""
    week_end = week_start + timedelta(days=6)
    prior_start = week_start - timedelta(days=7 * PRIOR_WEEKS)
    now: dict[str, list[int]] = {}
    before: dict[str, list[int]] = {}
    covered: set[int] = set()
    for r in rows:
        bucket = (
            now if week_start <= r.day <= week_end else before if prior_start <= r.day < week_start else None
        )
        if bucket is None:
            continue
        if bucket is before:
            covered.add((week_start - r.day).days // 7)
        row = bucket.setdefault(r.group, [0, 0, 0])
        row[0] += r.incidents
        row[1] += r.killed
        row[2] += r.wounded
    trends = []
    for group in set(now) | set(before):
        a = now.get(group, [0, 0, 0])
        b = before.get(group, [0, 0, 0])
        trends.append(
            Trend(
                group,
                a[0],
                a[1],
                a[2],
                b[0] / PRIOR_WEEKS,
                b[1] / PRIOR_WEEKS,
                b[2] / PRIOR_WEEKS,
                len(covered) >= MIN_COVERED_WEEKS,
            )
        )
    return sorted(trends, key=lambda t: (-t.incidents, -t.killed, t.group))


def weekly_series(rows: Iterable[Tally], weeks: list[date]) -> dict[str, list[int]]:
    """Incidents a week for each group, one value for each week starting on a day of ``weeks``
    (consecutive, oldest first); groups ordered by their total, busiest first."""
    series: dict[str, list[int]] = {}
    if not weeks:
        return series
    first = weeks[0]
    for r in rows:
        index = (r.day - first).days // 7
        if 0 <= index < len(weeks):
            series.setdefault(r.group, [0] * len(weeks))[index] += r.incidents
    return dict(sorted(series.items(), key=lambda kv: (-sum(kv[1]), kv[0])))
