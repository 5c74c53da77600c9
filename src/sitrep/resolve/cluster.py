"""Grouping statements into incidents, and building each incident from its statements.

Two statements report the same incident when their dates are at most a day apart, they are
in the same country, their places are within ``MERGE_KM`` of each other (or one is the
province of the other), their event types agree, and their perpetrators do not contradict
each other. A claim of responsibility joins the incident it claims: same place, the
claimant as perpetrator (or none named), up to ``CLAIM_WINDOW_DAYS`` before the claim.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sitrep.extract.patterns import CaseBlind
from sitrep.geo import haversine_km
from sitrep.kb.registry import KnowledgeBase
from sitrep.model import Citation, Claim, Incident, PlaceRef, Statement
from sitrep.resolve.figures import count
from sitrep.resolve.summary import summarise

MERGE_KM = 25.0
_MIDDAY = 12
CLAIM_WINDOW_DAYS = 14
# How many source names a builder remembers the grade of before it starts afresh.
_GRADES_REMEMBERED = 10_000
_SUB_EVENT_RANK = [
    "Suicide bomb",
    "Remote explosive/landmine/IED",
    "Air/drone strike",
    "Armed clash",
    "Shelling/artillery/missile attack",
    "Attack",
    "Government regains territory",
    "Non-state actor overtakes territory",
    # A protest that turned violent, or a crowd that clashed and was then arrested, is a riot.
    "Violent demonstration",
    "Mob violence",
    "Arrests",
    "Peaceful protest",
]
# Places that hold towns rather than being one.
_AREAS = frozenset({"country", "province"})
# Events whose actor is a crowd: ACLED's protesters and rioters.
_CROWD_EVENTS = frozenset({"Protests", "Riots"})
# Clashes and the artillery fired in them are one battle when one report tells them together.
_ONE_BATTLE = frozenset({"Armed clash", "Shelling/artillery/missile attack"})
# The patterns below are case-blind, searched in the lower-cased text where it is ASCII:
# a statement's text is read again for every cluster it is weighed against.
# Words by which a report sets its event apart from another like it.
_DISTINCT = CaseBlind(
    r"\b(?:in an? (?:separate|second|another|unrelated) (?:attack|incident|bombing|blast)|a second|"
    r"another (?:car )?bomb|separately|elsewhere)\b",
)
_CONTINUES = CaseBlind(r"\b(?:then|other|ensuing|followed|after that)\b")
_SEPARATE = CaseBlind(r"\b(?:separately|elsewhere|in an? (?:separate|second|unrelated)|unrelated|also)\b")


def distance_km(a: PlaceRef, b: PlaceRef) -> float | None:
    if a.lat is None or a.lon is None or b.lat is None or b.lon is None:
        return None
    return haversine_km(a.lat, a.lon, b.lat, b.lon)


def same_place(a: PlaceRef, b: PlaceRef) -> bool:
    if a.id == b.id:
        return True
    if a.country != b.country:
        return False
    if (a.kind == "province" and b.admin1 == a.name) or (b.kind == "province" and a.admin1 == b.name):
        return True
    km = distance_km(a, b)
    return km is not None and km <= MERGE_KM


def _rank(sub_event: str | None) -> int:
    return _SUB_EVENT_RANK.index(sub_event) if sub_event in _SUB_EVENT_RANK else len(_SUB_EVENT_RANK)


@dataclass
class Cluster:
    """Statements believed to report one incident."""

    statements: list[Statement] = field(default_factory=list)
    id: str | None = None

    @property
    def events(self) -> list[Statement]:
        return [s for s in self.statements if s.kind != "claim"] or self.statements

    def accepts(self, s: Statement, leads: frozenset[str] = frozenset()) -> bool:
        if s.place is None or s.date is None:
            return False
        if s.kind != "claim":
            # The places the cluster's statements from the same report name.
            named = [
                other.place
                for other in self.statements
                if other.document_hash == s.document_hash
                and other.kind != "claim"
                and other.place is not None
            ]
            if (
                any(
                    p.id != s.place.id
                    and "province" in {p.kind, s.place.kind}
                    and "country" not in {p.kind, s.place.kind}
                    for p in named
                )
                # Asked last: the only pattern search here, for every cluster a statement meets.
                and not _continues_story(s)
            ):
                # One report naming two places for two events ("in al-Miqdadiyah" ... "in Diyala")
                # tells two incidents, even where one place contains the other.
                return False
            if s.place.kind not in _AREAS and any(
                p.kind not in _AREAS and not same_place(s.place, p) for p in named
            ):
                # "In Jassem, 16 civilians were killed ... air strikes on Douma killed 10": one
                # report's country-wide lead does not make its two towns one incident.
                return False
        for other in self.events:
            if other.place is None or other.date is None:
                continue
            if s.kind == "claim":
                lag = (s.date - other.date).days
                if not 0 <= lag <= CLAIM_WINDOW_DAYS:
                    continue
            elif abs((s.date - other.date).days) > 1:
                continue
            elif s.date != other.date and s.date_explicit and other.date_explicit:
                # Both reports name their day, and the days differ: two events, as ACLED counts.
                continue
            elif _after_report(s, other) or _after_report(other, s):
                # A report cannot tell of an event that happened after it was published.
                continue
            if not (same_place(s.place, other.place) or _country_lead(s, other)):
                continue
            if (
                s.kind != "claim"
                and (s.kind == "control") != (other.kind == "control")
                and not _fighting_for_it(s, other)
            ):
                # Fighting in a town and the town changing hands are two events.
                continue
            if s.kind == "control" and s.place.id != other.place.id:
                # Each town changes hands on its own, however close the next one is.
                continue
            if not _actors_agree(s, other):
                continue
            if s.event_type != other.event_type and s.kind != "claim" and not _same_story(s, other, leads):
                continue
            return True
        return False


def _same_story(s: Statement, other: Statement, leads: frozenset[str]) -> bool:
    """ "Three other attackers then stormed the building": one section of one report telling the
    phases of one attack, whatever their event types. A sentence with no figures ("fighters
    attacked the building") is the story's lead, not a new event."""
    if s.place is None or other.place is None:
        return False
    return (
        s.document_hash == other.document_hash
        and s.section == other.section
        and (s.place.id == other.place.id or _country_lead(s, other))
        and (s.date == other.date or not (s.date_explicit and other.date_explicit))
        and not _SEPARATE.search(s.text)
        and (
            _continues_story(s)
            or _is_lead(s, leads)
            or _is_lead(other, leads)
            or _is_generic(s)
            or _is_generic(other)
            or {s.sub_event_type, other.sub_event_type} <= _ONE_BATTLE
        )
    )


def cluster(statements: Iterable[Statement], clusters: list[Cluster] | None = None) -> list[Cluster]:
    """Add ``statements`` to ``clusters`` (new ones where none fits); claims go last."""
    clusters = clusters if clusters is not None else []
    ordered = sorted(statements, key=lambda s: (s.kind == "claim", s.date or date.min, s.start))
    leads = story_leads([*ordered, *(x for c in clusters for x in c.statements)])
    for s in ordered:
        fits = [c for c in clusters if c.accepts(s, leads)]
        own = [c for c in fits if any(x.document_hash == s.document_hash for x in c.statements)]
        if not own and s.kind == "incident" and _DISTINCT.search(s.text):
            # "In a separate attack, a second car bomb went off": the report says this is not
            # the event others told of, however alike.
            fits = []
        # A report's own earlier statements are the likeliest home for its next sentence; then
        # the incident whose toll agrees with this one.
        agreeing = [c for c in fits if _same_toll(s, c)]
        candidates = own or agreeing or fits
        if candidates:
            target = candidates[0]
        else:
            target = Cluster()
            clusters.append(target)
        target.statements.append(s)
    return clusters


def _same_toll(s: Statement, c: Cluster) -> bool:
    values = {f.value for f in s.killed}
    return bool(values) and any(values & {f.value for f in x.killed} for x in c.statements)


def story_leads(statements: Iterable[Statement]) -> frozenset[str]:
    """Keys of each section's first incident statement: the lead that later sentences detail."""
    first: dict[tuple[str, int], Statement] = {}
    for s in statements:
        if s.kind != "incident":
            continue
        key = (s.document_hash, s.section)
        if key not in first or s.start < first[key].start:
            first[key] = s
    return frozenset(s.key for s in first.values())


def _is_lead(s: Statement, leads: frozenset[str]) -> bool:
    """ "Fighters attacked the building": a lead with no figures of its own is not a new event."""
    return s.key in leads and not (s.killed or s.wounded)


def _after_report(event: Statement, report: Statement) -> bool:
    """Whether ``event`` happened after every citation of ``report`` was published."""
    published = [c.date for c in report.citations if c.date is not None]
    return bool(published) and event.date is not None and event.date_explicit and event.date > max(published)


def _country_lead(a: Statement, b: Statement) -> bool:
    """ "At least 18 people were killed in attacks in Nigeria ... bombings across Damaturu": one
    report's country-wide lead and the town it then names."""
    if a.place is None or b.place is None or a.document_hash != b.document_hash or a.section != b.section:
        return False
    return a.place.country == b.place.country and "country" in {a.place.kind, b.place.kind}


def _fighting_for_it(a: Statement, b: Statement) -> bool:
    """ "During the fighting in Deir al-Zor ISIS suffered heavy losses", told beside the city's
    liberation in the same report: the battle for the town, not another clash."""
    control, other = (a, b) if a.kind == "control" else (b, a)
    return (
        control.kind == "control"
        and other.sub_event_type == "Armed clash"
        and not (other.killed or other.wounded)
        and a.document_hash == b.document_hash
        and a.section == b.section
        and a.place is not None
        and b.place is not None
        and a.place.id == b.place.id
        and a.date == b.date
    )


def _is_generic(s: Statement) -> bool:
    """ "ISIS announced that 69 ... had been killed in a combined attack": told with the bare word
    "attack" (an armed clash with no weapon), a statement names no event of its own kind."""
    return s.sub_event_type == "Armed clash" and s.weapon is None


def _actors_agree(a: Statement, b: Statement) -> bool:
    """Same perpetrator, or none named; in a battle either side may be told first."""
    if a.actor1 is None or b.actor1 is None or a.actor1.id == b.actor1.id:
        return True
    if a.event_type == b.event_type == "Battles":
        # Each report may name only its own side's force; a battle has two.
        return a.actor2 is None or b.actor2 is None or a.actor1.id in _sides(b) or b.actor1.id in _sides(a)
    return False


def _sides(s: Statement) -> set[str]:
    return {r.id for r in (s.actor1, s.actor2) if r is not None}


def _continues_story(s: Statement) -> bool:
    return bool(_CONTINUES.search(s.text))


def claim_latency_hours(claim: Statement, events: Sequence[Statement], when: date) -> float | None:
    """Hours from the attack on ``when`` to a claim statement: hours where reports give them
    (a wire's time stamp, "Tuesday afternoon"), midday where they do not."""
    if claim.date is None or claim.kind != "claim":
        return None
    event_hour = next((s.hour for s in events if s.hour is not None and s.date == when), _MIDDAY)
    claim_hour = claim.hour if claim.hour is not None else _MIDDAY
    return float((claim.date - when).days * 24 + claim_hour - event_hour)


def incident_id(seed_key: str) -> str:
    return "sr-" + hashlib.sha1(seed_key.encode("ascii")).hexdigest()[:12]


class IncidentBuilder:
    """Builds the exchanged Incident from a cluster's statements, using the registry's grades."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        # Every figure is graded by its source, and most sources are the same few names
        # ("unknown" for each uncited one); an unknown name costs a scan of the registry.
        self._grades: dict[str, str] = {}

    def _is_state(self, actor_id: str) -> bool:
        actor = self.kb.actor_by_id.get(actor_id)
        return actor is not None and actor.is_state

    def _grade(self, source_name: str) -> str:
        grade = self._grades.get(source_name)
        if grade is None:
            if len(self._grades) >= _GRADES_REMEMBERED:
                self._grades.clear()
            source = self.kb.find_source(source_name)
            grade = self._grades[source_name] = source.reliability if source else "F"
        return grade

    def build(self, c: Cluster) -> Incident:
        events = c.events
        explicit = [s for s in events if s.date_explicit and s.date is not None]
        dated = explicit or [s for s in events if s.date is not None]
        when = min(s.date for s in dated if s.date is not None)
        placed = [s.place for s in events if s.place is not None]
        counts = Counter(p.id for p in placed)
        # Both are precision 3, but a province says more than its country.
        place = min(placed, key=lambda p: (p.precision, p.kind == "country", -counts[p.id], p.name))
        # A change of control leads the battle fought for it; then the most specific coding.
        lead = min(
            events, key=lambda s: (s.kind != "control", _is_generic(s), _rank(s.sub_event_type), s.start)
        )
        weapon = lead.weapon or next(
            (s.weapon for s in sorted(events, key=lambda s: _rank(s.sub_event_type)) if s.weapon), None
        )
        # The perpetrator most statements name, weighted by their confidence.
        votes: dict[str, float] = {}
        refs = {}
        for s in events:
            if s.actor1 is not None:
                votes[s.actor1.id] = votes.get(s.actor1.id, 0.0) + s.confidence
                refs[s.actor1.id] = s.actor1
        actor1 = refs[max(votes, key=lambda k: (votes[k], k))] if votes else None
        actor2 = next(
            (s.actor2 for s in events if s.actor2 and (actor1 is None or s.actor2.id != actor1.id)), None
        )
        if lead.event_type in _CROWD_EVENTS and actor1 is not None and self._is_state(actor1.id):
            # "Palestinian rioters threw rocks and Israeli forces fired tear gas": the crowd acts
            # in a riot, as ACLED codes it, and the forces it faced are the other side.
            actor1, actor2 = None, actor1
        killed = count(c.statements, "killed", self._grade, _continues_story)
        wounded = count(c.statements, "wounded", self._grade, _continues_story)
        claimed = [s for s in c.statements if s.claimed_by is not None]
        claim_statements = [s for s in claimed if s.kind == "claim"] or claimed
        claim = None
        claimed_by = None
        if claim_statements:
            first = min(claim_statements, key=lambda s: s.date or when)
            claimed_by = first.claimed_by.name if first.claimed_by else None
            latency = claim_latency_hours(first, events, when)
            # The first claim's channel, or the channel another report of the claim names.
            channel = first.claim_channel or next(
                (s.claim_channel for s in claim_statements if s.claim_channel), None
            )
            claim = Claim(actor=claimed_by or "", channel=channel, date=first.date, latency_hours=latency)
        sources = _unique_citations(s.citations for s in c.statements)
        keys = tuple(s.key for s in c.statements)
        seed = c.id or incident_id(min(keys))
        confidence = round(max(s.confidence for s in c.statements), 2)
        fields: dict[str, Any] = dict(
            id=seed,
            date=when,
            country=place.country,
            admin1=place.admin1 or (place.name if place.kind == "province" else None),
            location=place.name,
            latitude=place.lat,
            longitude=place.lon,
            geo_precision=place.precision,
            event_type=lead.event_type or "Battles",
            sub_event_type=lead.sub_event_type or "Armed clash",
            weapon=weapon,
            actor1=actor1.name if actor1 else None,
            actor2=actor2.name if actor2 else None,
            killed=killed,
            wounded=wounded,
            suicide=True if any(s.suicide for s in events) else None,
            claimed_by=claimed_by,
            claim=claim,
            sources=sources,
            confidence=confidence,
            statement_keys=keys,
        )
        # The summary is written from the incident's own fields: read from a draft without it.
        return Incident(**fields, summary=summarise(Incident(**fields, summary="")))


def _unique_citations(groups: Iterable[tuple[Citation, ...]]) -> tuple[Citation, ...]:
    seen: dict[tuple[str, object], Citation] = {}
    for group in groups:
        for c in group:
            seen.setdefault((c.name, c.date), c)
    return tuple(sorted(seen.values(), key=lambda c: (c.date or date.min, c.name)))
