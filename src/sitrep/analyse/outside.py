"""Involvement of outside powers: which foreign states, forces and their proxies took part in
the week's incidents, and how ("Russian air strikes in Abu Kamal", "Hezbollah, backed by Iran").

An outside power in an incident is an actor of another country than the incident's (a foreign
state force, a coalition, a foreign militia), or the foreign sponsor an actor is ``backed by``
at the incident's date (actors.yaml relations). Forces are counted under the state or coalition
they are ``part of`` (the Qods Force under Iran), so each power is listed once.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from sitrep.kb.registry import Actor, KnowledgeBase
from sitrep.model import Incident

OUTSIDE_TYPES = frozenset({"foreign state force", "coalition", "state force", "militia", "rebel group"})


@dataclass
class Involvement:
    power: str
    incidents: list[Incident] = field(default_factory=list)
    through: dict[str, set[str]] = field(default_factory=dict)
    """Incident id -> the actors the power acted through (its proxies), when not directly."""


def _root(actor: Actor, kb: KnowledgeBase) -> Actor:
    """The state or coalition a force is part of, followed to the top."""
    seen = {actor.id}
    while True:
        parent = next((r.actor for r in actor.relations if r.relation == "part of"), None)
        if parent is None or parent in seen or parent not in kb.actor_by_id:
            return actor
        seen.add(parent)
        actor = kb.actor_by_id[parent]


def _foreign(actor: Actor, country: str) -> bool:
    if actor.type not in OUTSIDE_TYPES:
        return False
    if actor.country is None:
        # A coalition belongs to no one country; a militia with none recorded cannot be placed.
        return actor.type == "coalition"
    return actor.country != country


def outside_powers(incidents: Iterable[Incident], kb: KnowledgeBase) -> list[Involvement]:
    """Each outside power with the incidents it took part in, most involved first."""
    found: dict[str, Involvement] = {}
    for i in incidents:
        for name in dict.fromkeys(n for n in (i.actor1, i.actor2) if n):
            actor = kb.actor_by_name.get(name)
            if actor is None:
                continue
            direct: list[Actor] = [actor] if _foreign(actor, i.country) else []
            # A proxy's sponsor is involved through it; a state's own allies are not counted
            # in every operation of its army.
            sponsors = [
                kb.actor_by_id[r.actor]
                for r in actor.relations
                if r.relation == "backed by"
                and r.actor in kb.actor_by_id
                and r.in_force(i.date)
                and not actor.is_state
            ]
            for power in [*direct, *(s for s in sponsors if _foreign(s, i.country))]:
                top = _root(power, kb)
                entry = found.setdefault(top.name, Involvement(top.name))
                if i not in entry.incidents:
                    entry.incidents.append(i)
                if power is not actor:
                    entry.through.setdefault(i.id, set()).add(actor.name)
    return sorted(found.values(), key=lambda v: (-len(v.incidents), v.power))
