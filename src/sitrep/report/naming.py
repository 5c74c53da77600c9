"""How the bulletin names an actor: in its own words, and on first mention with what a reader
needs to place it — "the Headquarters for the Liberation of al-Sham (originally the
al-Qaeda-affiliated al-Nusra Front)". Everything said comes from the knowledge base."""

from __future__ import annotations

from datetime import date, timedelta

from sitrep.kb.registry import Actor, KnowledgeBase

_RENAME_YEARS = 3


def short_name(actor: Actor, when: date | None = None) -> str:
    """The name the bulletin uses; on a day before a rename, the name the group had then."""
    if when is not None:
        for former in sorted(actor.former_names, key=lambda f: f.until or date.max):
            if (
                former.until is not None
                and when < former.until
                and (former.start is None or former.start <= when)
            ):
                return former.bulletin_name or former.name
    return actor.bulletin_name or actor.name


def introduction(actor: Actor, kb: KnowledgeBase, when: date) -> str:
    """The actor's name with its origin (an earlier name and affiliation) and its sponsors, as of
    ``when``; a name with nothing to add stands alone."""
    notes = []
    # A rename a reader may still remember: within the last few years.
    recent = when - timedelta(days=365 * _RENAME_YEARS)
    earlier = [f for f in actor.former_names if f.until is not None and recent <= f.until <= when]
    if earlier:
        first = min(earlier, key=lambda f: f.until or when)
        former = first.bulletin_name or first.name
        affiliated = next(
            (
                kb.actor_by_id[r.actor]
                for r in actor.relations
                if r.relation == "affiliated with"
                and r.actor in kb.actor_by_id
                and r.until
                and r.until <= when
            ),
            None,
        )
        qualifier = f"{affiliated.name}-affiliated " if affiliated else ""
        notes.append(f"originally the {qualifier}{former}")
    sponsors = [
        kb.actor_by_id[r.actor].name
        for r in actor.relations
        if r.relation == "backed by" and r.actor in kb.actor_by_id and r.in_force(when)
    ]
    if sponsors:
        notes.append("backed by " + " and ".join(sponsors[:2]))
    name = short_name(actor, when)
    # A bulletin name that carries its own gloss ("the Popular Mobilization Forces (the
    # Iranian-backed Shi'ite militias)") needs no second one.
    return f"{name} ({'; '.join(notes)})" if notes and "(" not in name else name
