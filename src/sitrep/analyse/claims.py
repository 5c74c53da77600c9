"""Claims of responsibility against each group's habit: usual channel, usual delay.

A group's habit is what its stored claims show once there are enough of them
(``MIN_CLAIMS``); before that, what the knowledge base records of it (``claim_habit`` in
actors.yaml, e.g. ISIS: Amaq, within a day).
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sitrep.kb.registry import KnowledgeBase
from sitrep.model import Incident

MIN_CLAIMS = 3
# A claim is late when it comes this many times the usual delay, and a day later at least.
LATE_FACTOR = 2.0
LATE_MARGIN_HOURS = 24.0


@dataclass(frozen=True)
class Habit:
    group: str
    channel: str | None
    median_hours: float | None
    claims: int
    basis: str  # "observed" or "knowledge base"

    def to_json(self) -> dict[str, Any]:
        return {
            "group": self.group,
            "channel": self.channel,
            "median_hours": self.median_hours,
            "claims": self.claims,
            "basis": self.basis,
        }


def habits(incidents: Iterable[Incident], kb: KnowledgeBase) -> dict[str, Habit]:
    """Each claiming group's usual channel and median delay."""
    channels: dict[str, Counter[str]] = {}
    delays: dict[str, list[float]] = {}
    for i in incidents:
        if i.claim is None or not i.claimed_by:
            continue
        if i.claim.channel and i.claim.channel != "unknown":
            channels.setdefault(i.claimed_by, Counter())[i.claim.channel] += 1
        if i.claim.latency_hours is not None:
            delays.setdefault(i.claimed_by, []).append(i.claim.latency_hours)
    out: dict[str, Habit] = {}
    groups = set(channels) | set(delays) | {a.name for a in kb.actors if a.claim_habit}
    for group in sorted(groups):
        seen = delays.get(group, [])
        used = channels.get(group, Counter())
        declared = next((a.claim_habit for a in kb.actors if a.name == group and a.claim_habit), None)
        if len(seen) >= MIN_CLAIMS or declared is None:
            out[group] = Habit(
                group,
                used.most_common(1)[0][0] if used else None,
                statistics.median(seen) if seen else None,
                len(seen),
                "observed",
            )
        else:
            out[group] = Habit(group, declared.channel, declared.median_hours, len(seen), "knowledge base")
    return out


def departures(incident: Incident, known: dict[str, Habit]) -> list[str]:
    """How a claim (or its absence) departs from the group's habit, in the bulletin's words."""
    out = []
    if incident.claim is not None and incident.claimed_by:
        habit = known.get(incident.claimed_by)
        latency = incident.claim.latency_hours
        if habit is not None and latency is not None and habit.median_hours is not None:
            usual = habit.median_hours
            if latency >= LATE_FACTOR * usual and latency - usual >= LATE_MARGIN_HOURS:
                out.append(f"late: claimed {latency:.0f} hours after the attack, against a usual {usual:.0f}")
        channel = incident.claim.channel
        if habit is not None and habit.channel and channel and channel not in {"unknown", habit.channel}:
            out.append(f"unusual channel: {channel} rather than {habit.channel}")
    elif incident.actor1 and incident.actor1 in known:
        out.append(f"unclaimed, though attributed to {incident.actor1}")
    return out


@dataclass(frozen=True)
class ClaimRow:
    """One incident's claim of responsibility (or conspicuous absence of one) against habit."""

    incident: Incident
    group: str | None
    departures: tuple[str, ...]

    @property
    def habit_words(self) -> str:
        if self.departures:
            return "; ".join(self.departures)
        claim = self.incident.claim
        if claim is not None and claim.latency_hours is None and claim.channel in {None, "unknown"}:
            return "channel and timing not reported"
        return "as usual"

    def to_json(self) -> dict[str, Any]:
        i = self.incident
        return {
            "incident": i.id,
            "date": i.date.isoformat(),
            "place": i.location,
            "group": self.group,
            "channel": i.claim.channel if i.claim else None,
            "claim_date": i.claim.date.isoformat() if i.claim and i.claim.date else None,
            "latency_hours": i.claim.latency_hours if i.claim else None,
            "departures": list(self.departures),
        }


def claim_rows(incidents: Iterable[Incident], known: dict[str, Habit]) -> list[ClaimRow]:
    """Every claimed incident, and every unclaimed one a claiming group is blamed for."""
    rows = []
    for i in incidents:
        flags = departures(i, known)
        if i.claim is None and not flags:
            continue
        rows.append(ClaimRow(i, i.claimed_by or i.actor1, tuple(flags)))
    return rows
