"""A group's balance sheet beside independent reporting: propaganda against reality.

A balance sheet is a report that credits a named armed group with period totals ("the group
carried out 311 suicide attacks ... from October 2, 2016 to September 20, 2017") and comes from
the group's own outlets or is told as its claim ("according to the infographic", "it claims").
Its figures are kept as the group's claims and set beside the incidents the store holds for
the same group, country and period — with the store's own coverage of that period stated, so a
week of monitoring is never passed off as a year's count.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sitrep.extract.dates import explicit_dates
from sitrep.kb.matcher import Matcher
from sitrep.kb.normalize import fold_name
from sitrep.kb.registry import KnowledgeBase
from sitrep.model import AggregateClaim, Document, Incident

MIN_PERIOD_DAYS = 28
_COUNT = re.compile(r"(?<![\w,.])(\d{1,3}(?:,\d{3})+|\d+)\s+([a-z][a-z ]{2,40})", re.I)
_CLAIMED = re.compile(r"\b(?:according to|claims?|claimed|boasts?|balance sheet|infographic|summar)", re.I)


@dataclass
class Comparison:
    claim: AggregateClaim
    incidents: int = 0
    suicide_attacks: int = 0
    killed: int = 0
    wounded: int = 0
    covered: tuple[date, date] | None = None
    notes: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            **self.claim.to_json(),
            "independent": {
                "incidents": self.incidents,
                "suicide_attacks": self.suicide_attacks,
                "killed": self.killed,
                "wounded": self.wounded,
                "casualties": self.killed + self.wounded,
            },
            "store_covers": None if self.covered is None else [d.isoformat() for d in self.covered],
            "notes": self.notes,
        }


def find_aggregate_claims(doc: Document, kb: KnowledgeBase, matcher: Matcher) -> list[AggregateClaim]:
    """The balance sheets one report carries (at most one per report: its period and group)."""
    text = doc.text
    source = kb.find_source(doc.source) if doc.source else None
    own_outlet = source is not None and source.kind == "militant outlet"
    if not (own_outlet or _CLAIMED.search(text)):
        return []
    days = sorted({d.date for d in explicit_dates(text, doc.published) if d.precision == "day"})
    if len(days) < 2 or (days[-1] - days[0]).days < MIN_PERIOD_DAYS:
        return []
    group = None
    country = None
    for m in matcher.find(text):
        for entry in m.entries:
            if entry.kind == "actor" and group is None:
                actor = matcher.actor(entry.id)
                if actor.type in {"jihadist group", "rebel group", "militia"}:
                    group = actor.name
            if entry.kind == "place" and country is None and matcher.place(entry.id).kind == "country":
                country = matcher.place(entry.id).country
    if group is None:
        return []
    figures: dict[str, int] = {}
    for match in _COUNT.finditer(text):
        words = fold_name(match.group(2))
        key = next(
            (
                kb.lexicon.aggregate_nouns[n]
                for n in sorted(kb.lexicon.aggregate_nouns, key=len, reverse=True)
                if words == n or words.startswith(n + " ")
            ),
            None,
        )
        if key is not None and key not in figures:
            figures[key] = int(match.group(1).replace(",", ""))
    if not figures:
        return []
    return [AggregateClaim(group, country, days[0], days[-1], figures, doc.source, doc.published, doc.title)]


def compare(claim: AggregateClaim, incidents: Iterable[Incident]) -> Comparison:
    """The store's own count for the claim's group, country and period, with its coverage."""
    result = Comparison(claim)
    seen: list[date] = []
    for i in incidents:
        if not claim.start <= i.date <= claim.end:
            continue
        seen.append(i.date)
        if i.actor1 != claim.group or (claim.country and i.country != claim.country):
            continue
        result.incidents += 1
        result.suicide_attacks += i.sub_event_type == "Suicide bomb"
        result.killed += i.killed.best if i.killed else 0
        result.wounded += i.wounded.best if i.wounded else 0
    if seen:
        result.covered = (min(seen), max(seen))
        span = (claim.end - claim.start).days + 1
        covered = (result.covered[1] - result.covered[0]).days + 1
        if covered < span / 2:
            result.notes.append(
                f"the store holds reports for {covered} of the claim's {span} days: its count is no total"
            )
    else:
        result.notes.append("the store holds no report from the claim's period")
    return result
