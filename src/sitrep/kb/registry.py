"""The knowledge base: actors, sources, places, theatres and word lists, loaded from YAML.

Knowledge lives in ``kb/data/*.yaml`` (versioned with the code, edited by analysts);
this module only reads it into typed records and checks that it hangs together.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import Any, TypeVar

import yaml

from sitrep.errors import KnowledgeError
from sitrep.kb.divisions import Divisions, load_divisions
from sitrep.kb.normalize import fold_name

_V = TypeVar("_V")

DATA_DIR = Path(__file__).parent / "data"


@dataclass(frozen=True)
class FormerName:
    name: str
    aliases: tuple[str, ...] = ()
    start: date | None = None
    until: date | None = None
    bulletin_name: str | None = None


@dataclass(frozen=True)
class ClaimHabit:
    """How a group usually claims its attacks: through which outlet, how long after."""

    channel: str | None
    median_hours: float | None
    note: str | None = None


@dataclass(frozen=True)
class Relation:
    actor: str
    relation: str
    start: date | None = None
    until: date | None = None
    note: str | None = None

    def in_force(self, on: date) -> bool:
        return (self.start is None or self.start <= on) and (self.until is None or on <= self.until)


@dataclass(frozen=True)
class Actor:
    id: str
    name: str
    type: str
    country: str | None = None
    aliases: tuple[str, ...] = ()
    former_names: tuple[FormerName, ...] = ()
    relations: tuple[Relation, ...] = ()
    possible_aliases: tuple[str, ...] = ()
    bulletin_name: str | None = None
    role: str | None = None
    kunyas: tuple[str, ...] = ()
    member_of: str | None = None
    eval_key: str | None = None
    acled_name: str | None = None
    description: str | None = None
    claim_habit: ClaimHabit | None = None

    @property
    def is_state(self) -> bool:
        return self.type in {"state force", "foreign state force", "coalition"}

    def names(self) -> tuple[str, ...]:
        """Every name this actor is matched by: canonical, aliases, kunyas and former names."""
        former = [n for f in self.former_names for n in (f.name, *f.aliases)]
        return (self.name, *self.aliases, *self.kunyas, *former)


@dataclass(frozen=True)
class Source:
    id: str
    name: str
    kind: str
    aliases: tuple[str, ...] = ()
    country: str | None = None
    affiliation: str | None = None
    affiliation_phrase: str | None = None
    reliability: str = "F"
    language: str | None = None
    url: str | None = None
    speaks_for: str | None = None
    """Actor whose own operations the outlet announces (a ministry, a military spokesman)."""


@dataclass(frozen=True)
class Place:
    id: str
    name: str
    kind: str
    country: str
    lat: float | None
    lon: float | None
    admin1: str | None = None
    aliases: tuple[str, ...] = ()
    population: int = 0
    curated: bool = True
    # Languages whose text alone may name this place (``languages: [fa, ru]`` in places.yaml):
    # names an English report reads otherwise, or a province English text never names so.
    # Empty: every language.
    languages: tuple[str, ...] = ()

    @property
    def precision(self) -> int:
        """ACLED geo-precision of a pin on this place."""
        if self.kind in {"province", "country"}:
            return 3
        if self.kind in {"region", "landmark", "river", "district"}:
            return 2
        return 1


@dataclass(frozen=True)
class Theatre:
    id: str
    name: str
    countries: tuple[str, ...]


@dataclass(frozen=True)
class Camp:
    """A side on the control map (control-key.yaml): its legend label and colour."""

    id: str
    label: str
    colour: str
    actors: tuple[str, ...] = ()
    states: tuple[str, ...] = ()


@dataclass(frozen=True)
class EventRule:
    """Words that signal an event, and how ACLED would code it."""

    phrases: tuple[str, ...]
    event_type: str
    sub_event_type: str
    weapon: str | None = None
    suicide: bool | None = None
    priority: int = 50
    kind: str = "incident"
    needs_casualties: bool = False
    """A word too common alone ("attack") signals an event only beside a casualty figure."""
    needs_weapon: bool = False
    """ "was found", "intercepted": an event only when what was found is a weapon."""


@dataclass(frozen=True)
class Lexicon:
    """The words extraction needs for one language."""

    events: tuple[EventRule, ...]
    killed: tuple[str, ...]
    wounded: tuple[str, ...]
    casualties: tuple[str, ...]
    number_words: dict[str, int]
    vague_quantities: dict[str, int]
    qualifiers: dict[str, str]
    hedges: tuple[str, ...]
    perpetrator_nouns: tuple[str, ...]
    claim_phrases: tuple[str, ...]
    claim_channels: dict[str, str]
    common_words: frozenset[str] = field(default_factory=frozenset)
    summary_headings: frozenset[str] = field(default_factory=frozenset)
    civilian_nouns: frozenset[str] = field(default_factory=frozenset)
    attacker_nouns: frozenset[str] = field(default_factory=frozenset)
    accident_words: tuple[str, ...] = ()
    measure_words: frozenset[str] = field(default_factory=frozenset)
    note_tags: dict[str, tuple[str, str]] = field(default_factory=dict)
    security_nouns: frozenset[str] = field(default_factory=frozenset)
    # "police" / "military": the nouns that name a country's forces without a nationality.
    state_force_nouns: dict[str, tuple[str, ...]] = field(default_factory=dict)
    aggregate_nouns: dict[str, str] = field(default_factory=dict)
    # "province", "area": the words after a division's name that make a short one ("Bam") its.
    division_words: tuple[str, ...] = ()

    @cached_property
    def accident_pattern(self) -> re.Pattern[str] | None:
        if not self.accident_words:
            return None
        words = sorted((w.lower() for w in self.accident_words), key=len, reverse=True)
        return re.compile(r"\b(?:" + "|".join(re.escape(w) for w in words) + r")\b")

    @cached_property
    def casualty_phrases(self) -> dict[str, list[tuple[tuple[str, ...], str]]]:
        """Casualty phrases by first folded word, longest first: one dict lookup per token."""
        return _by_first_word(
            (fold_name(p), role)
            for role, phrases in (
                ("casualties", self.casualties),
                ("killed", self.killed),
                ("wounded", self.wounded),
            )
            for p in phrases
        )

    @cached_property
    def casualty_pattern(self) -> re.Pattern[str]:
        """Any word that can open a casualty phrase: a sentence without one states no figure."""
        words = sorted(self.casualty_phrases, key=len, reverse=True)
        return re.compile(r"\b(?:" + "|".join(re.escape(w) for w in words) + r")\b", re.IGNORECASE)

    @cached_property
    def qualifier_phrases(self) -> dict[str, list[tuple[tuple[str, ...], str]]]:
        return _by_first_word((phrase, value) for phrase, value in self.qualifiers.items())

    @cached_property
    def vague_phrases(self) -> dict[str, list[tuple[tuple[str, ...], int]]]:
        return _by_first_word((phrase, value) for phrase, value in self.vague_quantities.items())


def _by_first_word(items: Iterable[tuple[str, _V]]) -> dict[str, list[tuple[tuple[str, ...], _V]]]:
    table: dict[str, list[tuple[tuple[str, ...], _V]]] = {}
    for phrase, value in items:
        parts = tuple(phrase.split())
        if parts:
            table.setdefault(parts[0], []).append((parts, value))
    for entries in table.values():
        entries.sort(key=lambda e: -len(e[0]))
    return table


def _date(value: Any, where: str) -> date | None:
    if value is None or isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError as exc:
        raise KnowledgeError(f"{where}: {value!r} is not a YYYY-MM-DD date") from exc


def as_strings(value: Any) -> tuple[str, ...]:
    """A YAML value that may be one string or a list of them, as a tuple of strings."""
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    return tuple(str(v) for v in value)


def _load(path: Path, key: str) -> list[dict[str, Any]]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise KnowledgeError(f"cannot read {path.name}: {exc}") from exc
    items = data.get(key) if isinstance(data, dict) else None
    if not isinstance(items, list):
        raise KnowledgeError(f"{path.name}: expected a top-level '{key}:' list")
    return items


def _claim_habit(raw: Any) -> ClaimHabit | None:
    if not raw:
        return None
    hours = raw.get("median_hours")
    return ClaimHabit(
        channel=raw.get("channel"),
        median_hours=float(hours) if hours is not None else None,
        note=raw.get("note"),
    )


def _actor(item: dict[str, Any]) -> Actor:
    where = f"actors.yaml: {item.get('id')}"
    relations = []
    for rel_key in ("affiliations", "sponsors"):
        for rel in item.get(rel_key) or []:
            relations.append(
                Relation(
                    actor=str(rel["actor"]),
                    relation=str(
                        rel.get("relation", "backed by" if rel_key == "sponsors" else "affiliated with")
                    ),
                    start=_date(rel.get("from"), where),
                    until=_date(rel.get("until"), where),
                    note=rel.get("note"),
                )
            )
    former = tuple(
        FormerName(
            name=str(f["name"]),
            aliases=as_strings(f.get("aliases")),
            start=_date(f.get("from"), where),
            until=_date(f.get("until"), where),
            bulletin_name=f.get("bulletin_name"),
        )
        for f in item.get("former_names") or []
    )
    possible = tuple(
        str(p["name"]) if isinstance(p, dict) else str(p) for p in item.get("possible_aliases") or []
    )
    return Actor(
        id=str(item["id"]),
        name=str(item["name"]),
        type=str(item.get("type", "unknown")),
        country=item.get("country"),
        aliases=as_strings(item.get("aliases")),
        former_names=former,
        relations=tuple(relations),
        possible_aliases=possible,
        bulletin_name=item.get("bulletin_name"),
        role=item.get("role"),
        kunyas=as_strings(item.get("kunyas")),
        member_of=item.get("member_of"),
        eval_key=item.get("eval_key"),
        acled_name=item.get("acled_name"),
        claim_habit=_claim_habit(item.get("claim_habit")),
        description=item.get("description"),
    )


def _place(item: dict[str, Any]) -> Place:
    lat, lon = item.get("lat"), item.get("lon")
    return Place(
        id=str(item["id"]),
        name=str(item["name"]),
        kind=str(item.get("kind", "town")),
        country=str(item["country"]),
        admin1=item.get("admin1"),
        lat=None if lat is None else float(lat),
        lon=None if lon is None else float(lon),
        aliases=as_strings(item.get("aliases")),
        languages=as_strings(item.get("languages")),
    )


def event_rule(e: dict[str, Any]) -> EventRule:
    """One entry of a lexicon's ``events`` list, in any language's lexicon file."""
    return EventRule(
        phrases=as_strings(e["phrases"]),
        event_type=str(e["event_type"]),
        sub_event_type=str(e["sub_event_type"]),
        weapon=e.get("weapon"),
        suicide=e.get("suicide"),
        priority=int(e.get("priority", 50)),
        kind=str(e.get("kind", "incident")),
        needs_casualties=bool(e.get("needs_casualties", False)),
        needs_weapon=bool(e.get("needs_weapon", False)),
    )


def _lexicon(path: Path) -> Lexicon:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise KnowledgeError(f"cannot read {path.name}: {exc}") from exc
    events = tuple(event_rule(e) for e in data["events"])
    return Lexicon(
        events=events,
        killed=as_strings(data["killed"]),
        wounded=as_strings(data["wounded"]),
        casualties=as_strings(data["casualties"]),
        number_words={str(k): int(v) for k, v in data["number_words"].items()},
        vague_quantities={str(k): int(v) for k, v in data["vague_quantities"].items()},
        qualifiers={str(k): str(v) for k, v in data["qualifiers"].items()},
        hedges=as_strings(data["hedges"]),
        perpetrator_nouns=as_strings(data["perpetrator_nouns"]),
        claim_phrases=as_strings(data["claim_phrases"]),
        claim_channels={str(k): str(v) for k, v in data["claim_channels"].items()},
        common_words=frozenset(fold_name(w) for w in as_strings(data.get("common_words"))),
        summary_headings=frozenset(fold_name(w) for w in as_strings(data.get("summary_headings"))),
        civilian_nouns=frozenset(fold_name(w) for w in as_strings(data.get("civilian_nouns"))),
        attacker_nouns=frozenset(fold_name(w) for w in as_strings(data.get("attacker_nouns"))),
        accident_words=as_strings(data.get("accident_words")),
        measure_words=frozenset(fold_name(w) for w in as_strings(data.get("measure_words"))),
        note_tags={
            fold_name(str(tag)): (str(coding[0]), str(coding[1]))
            for tag, coding in (data.get("note_tags") or {}).items()
        },
        security_nouns=frozenset(fold_name(w) for w in as_strings(data.get("security_nouns"))),
        division_words=tuple(fold_name(w) for w in as_strings(data.get("division_words"))),
        state_force_nouns={
            str(kind): tuple(fold_name(n) for n in as_strings(nouns))
            for kind, nouns in (data.get("state_force_nouns") or {}).items()
        },
        aggregate_nouns={fold_name(str(k)): str(v) for k, v in (data.get("aggregate_nouns") or {}).items()},
    )


@dataclass(frozen=True)
class KnowledgeBase:
    actors: tuple[Actor, ...]
    sources: tuple[Source, ...]
    places: tuple[Place, ...]
    theatres: tuple[Theatre, ...]
    lexicon: Lexicon
    camps: tuple[Camp, ...] = ()
    divisions: Divisions = field(default_factory=Divisions)

    @cached_property
    def actor_by_id(self) -> dict[str, Actor]:
        return {a.id: a for a in self.actors}

    @cached_property
    def actor_by_name(self) -> dict[str, Actor]:
        return {a.name: a for a in self.actors}

    @cached_property
    def place_by_id(self) -> dict[str, Place]:
        return {p.id: p for p in self.places}

    @cached_property
    def _source_index(self) -> dict[str, Source]:
        index: dict[str, Source] = {}
        for s in self.sources:
            for name in (s.name, *s.aliases):
                index.setdefault(fold_name(name), s)
        return index

    def find_source(self, name: str) -> Source | None:
        """The registry entry for an outlet named any of its ways ("the Murasiloun website")."""
        key = fold_name(name)
        for candidate in (key, key.removeprefix("the ").removesuffix(" website").strip()):
            if candidate in self._source_index:
                return self._source_index[candidate]
        # "the Hezbollah-affiliated daily al-Akhbar": the longest outlet name inside the phrase.
        # A platform label ("YouTube: Arab Union Party") is a name of its own.
        if ":" in name:
            return None
        padded = f" {key} "
        inside = [k for k in self._source_index if len(k) >= 4 and f" {k} " in padded]
        return self._source_index[max(inside, key=len)] if inside else None

    @cached_property
    def _camp_index(self) -> dict[str, Camp]:
        index: dict[str, Camp] = {}
        for camp in self.camps:
            for actor_id in camp.actors:
                index.setdefault(actor_id, camp)
        for actor in self.actors:
            if actor.id in index or not actor.is_state or actor.country is None:
                continue
            for camp in self.camps:
                if actor.country in camp.states:
                    index[actor.id] = camp
                    break
        return index

    def camp_of(self, actor_name: str | None, on: date | None = None) -> Camp | None:
        """The control map's camp for an actor named as the store names it (its canonical
        name), following "part of", "backed by" and "affiliated with" relations in force on
        ``on`` when the actor itself is not listed."""
        actor = self.actor_by_name.get(actor_name) if actor_name else None
        seen: set[str] = set()
        while actor is not None and actor.id not in seen:
            seen.add(actor.id)
            if actor.id in self._camp_index:
                return self._camp_index[actor.id]
            parent = next(
                (
                    r.actor
                    for r in actor.relations
                    if r.relation in {"part of", "backed by", "affiliated with"}
                    and (on is None or r.in_force(on))
                ),
                None,
            )
            actor = self.actor_by_id.get(parent) if parent else None
        return None

    def theatre_of(self, country: str) -> Theatre:
        fallback = None
        for t in self.theatres:
            if country in t.countries:
                return t
            if not t.countries:
                fallback = t
        if fallback is None:
            raise KnowledgeError("theatres.yaml needs one theatre with no countries (the rest)")
        return fallback


def _state_forces(path: Path, curated: tuple[Actor, ...]) -> list[Actor]:
    """National military and police forces named by nationality (see states.yaml)."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise KnowledgeError(f"cannot read {path.name}: {exc}") from exc
    taken = {fold_name(n) for a in curated for n in a.names()}
    names = {fold_name(a.name) for a in curated} | {fold_name(a.acled_name or "") for a in curated}
    out = []
    for state in data.get("states") or []:
        for kind, nouns, type_ in (
            ("Military", data.get("military_nouns") or [], "state force"),
            ("Police", data.get("police_nouns") or [], "state force"),
        ):
            name = f"{kind} Forces of {state['name']}"
            if fold_name(name) in names:
                continue
            own = as_strings(state.get("military_aliases")) if kind == "Military" else ()
            named = [
                f"{demonym} {noun}"
                for demonym in as_strings(state.get("demonyms"))
                for noun in as_strings(nouns)
            ]
            aliases = tuple(alias for alias in (*own, *named) if fold_name(alias) not in taken)
            out.append(
                Actor(
                    id=f"{kind.lower()}-forces-{str(state['country']).lower()}",
                    name=name,
                    type=type_,
                    country=str(state["country"]),
                    aliases=aliases,
                    acled_name=name,
                )
            )
    return out


def load_kb(data_dir: Path = DATA_DIR) -> KnowledgeBase:
    """Read every knowledge file under ``data_dir``; raise KnowledgeError on the first problem."""
    try:
        actors = tuple(_actor(i) for i in _load(data_dir / "actors.yaml", "actors"))
        sources = tuple(
            Source(
                id=str(i["id"]),
                name=str(i["name"]),
                kind=str(i.get("kind", "website")),
                aliases=as_strings(i.get("aliases")),
                country=i.get("country"),
                affiliation=i.get("affiliation"),
                affiliation_phrase=i.get("affiliation_phrase"),
                reliability=str(i.get("reliability", "F")),
                language=i.get("language"),
                url=i.get("url"),
                speaks_for=i.get("speaks_for"),
            )
            for i in _load(data_dir / "sources.yaml", "sources")
        )
        places = tuple(_place(i) for i in _load(data_dir / "places.yaml", "places"))
        theatres = tuple(
            Theatre(id=str(t["id"]), name=str(t["name"]), countries=as_strings(t.get("countries")))
            for t in _load(data_dir / "theatres.yaml", "theatres")
        )
        key = data_dir / "control-key.yaml"
        camps = tuple(
            Camp(
                id=str(c["id"]),
                label=str(c["label"]),
                colour=str(c["colour"]),
                actors=as_strings(c.get("actors")),
                states=as_strings(c.get("states")),
            )
            for c in (_load(key, "camps") if key.exists() else [])
        )
        states = data_dir / "states.yaml"
        if states.exists():
            actors = (*actors, *_state_forces(states, actors))
    except KeyError as exc:
        raise KnowledgeError(f"knowledge file entry lacks required field {exc}") from exc
    known = {a.id for a in actors}
    for source in sources:
        if source.speaks_for is not None and source.speaks_for not in known:
            raise KnowledgeError(f"sources.yaml: {source.id} speaks for unknown actor {source.speaks_for!r}")
    return KnowledgeBase(
        actors=actors,
        sources=sources,
        places=places,
        theatres=theatres,
        lexicon=_lexicon(data_dir / "lexicon-en.yaml"),
        camps=camps,
        divisions=load_divisions(data_dir),
    )
