"""Consistency checks on the knowledge base: what `sitrep kb check` reports.

Each problem names the file, the entry and what is wrong, so an editor can fix it by hand.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from sitrep.kb.normalize import fold_name
from sitrep.kb.registry import KnowledgeBase
from sitrep.languages.detect import HANDLED

GRADES = frozenset("ABCDEF")
RELATIONS = frozenset({"affiliated with", "backed by", "part of", "commanded by"})


@dataclass(frozen=True)
class Problem:
    file: str
    entry: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}: {self.entry}: {self.message}"


def _shared(owners: dict[str, set[str]], file: str, message: str) -> list[Problem]:
    """A problem for every folded name that more than one entry answers to."""
    return [
        Problem(file, ", ".join(sorted(ids)), message.format(key))
        for key, ids in sorted(owners.items())
        if len(ids) > 1
    ]


def check_kb(kb: KnowledgeBase) -> list[Problem]:
    """Duplicate aliases, dangling references, common-word aliases, bad grades and coordinates."""
    problems: list[Problem] = []
    actor_ids = {a.id for a in kb.actors}
    owners: dict[str, set[str]] = defaultdict(set)
    for actor in kb.actors:
        for name in actor.names():
            key = fold_name(name)
            owners[key].add(actor.id)
            if key in kb.lexicon.common_words or len(key) < 2:
                problems.append(Problem("actors.yaml", actor.id, f"alias {name!r} is a common word"))
        for relation in actor.relations:
            if relation.actor not in actor_ids:
                problems.append(
                    Problem("actors.yaml", actor.id, f"relation to unknown actor {relation.actor!r}")
                )
            if relation.relation not in RELATIONS:
                problems.append(Problem("actors.yaml", actor.id, f"unknown relation {relation.relation!r}"))
            if relation.start and relation.until and relation.start > relation.until:
                problems.append(
                    Problem("actors.yaml", actor.id, f"relation to {relation.actor} ends before it starts")
                )
        if actor.member_of is not None and actor.member_of not in actor_ids:
            problems.append(Problem("actors.yaml", actor.id, f"member of unknown actor {actor.member_of!r}"))
        for former in actor.former_names:
            if former.start and former.until and former.start > former.until:
                problems.append(
                    Problem("actors.yaml", actor.id, f"former name {former.name!r} ends before it starts")
                )
    problems += _shared(owners, "actors.yaml", "alias {!r} belongs to several actors")
    source_names: dict[str, set[str]] = defaultdict(set)
    for source in kb.sources:
        for name in (source.name, *source.aliases):
            source_names[fold_name(name)].add(source.id)
        if source.reliability not in GRADES:
            problems.append(
                Problem("sources.yaml", source.id, f"reliability {source.reliability!r} is not A-F")
            )
        if source.speaks_for is not None and source.speaks_for not in actor_ids:
            problems.append(
                Problem("sources.yaml", source.id, f"speaks for unknown actor {source.speaks_for!r}")
            )
    problems += _shared(source_names, "sources.yaml", "name {!r} belongs to several sources")
    place_ids: set[str] = set()
    for place in kb.places:
        if place.id in place_ids:
            problems.append(Problem("places.yaml", place.id, "id used twice"))
        place_ids.add(place.id)
        if place.lat is not None and not -90 <= place.lat <= 90:
            problems.append(Problem("places.yaml", place.id, f"latitude {place.lat} out of range"))
        if place.lon is not None and not -180 <= place.lon <= 180:
            problems.append(Problem("places.yaml", place.id, f"longitude {place.lon} out of range"))
        if place.kind not in {"country"} and (place.lat is None or place.lon is None):
            problems.append(Problem("places.yaml", place.id, "no coordinates"))
        for language in place.languages:
            if language not in HANDLED:
                problems.append(Problem("places.yaml", place.id, f"no lexicon reads language {language!r}"))
    camped: dict[str, set[str]] = defaultdict(set)
    for camp in kb.camps:
        if not re.fullmatch(r"#[0-9a-fA-F]{6}", camp.colour):
            problems.append(Problem("control-key.yaml", camp.id, f"colour {camp.colour!r} is not #rrggbb"))
        for actor_id in camp.actors:
            camped[actor_id].add(camp.id)
            if actor_id not in actor_ids:
                problems.append(Problem("control-key.yaml", camp.id, f"unknown actor {actor_id!r}"))
    problems += _shared(camped, "control-key.yaml", "actor {!r} is in several camps")
    return problems
