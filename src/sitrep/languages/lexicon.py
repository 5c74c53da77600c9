"""The word lists of one language (``kb/data/lexicon-<language>.yaml``), ready to match."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import yaml

from sitrep.errors import KnowledgeError
from sitrep.kb.registry import DATA_DIR, EventRule, as_strings, event_rule
from sitrep.languages.words import PhraseTable, normalize


def _ints(value: Any) -> dict[str, int]:
    return {str(k): int(v) for k, v in (value or {}).items()}


@dataclass(frozen=True)
class LanguageLexicon:
    language: str
    events: tuple[EventRule, ...]
    killed: tuple[str, ...]
    wounded: tuple[str, ...]
    killed_counts: dict[str, int]
    wounded_counts: dict[str, int]
    singular_killed: tuple[str, ...]
    singular_wounded: tuple[str, ...]
    singular_nouns: frozenset[str]
    number_words: dict[str, int]
    joiners: frozenset[str]
    vague_quantities: dict[str, int]
    qualifiers: dict[str, str]
    qualifiers_after: dict[str, str]
    measure_words: tuple[str, ...]
    claim_phrases: tuple[str, ...]
    victim_before: frozenset[str]
    months: dict[str, int]
    solar_months: dict[str, int]
    weekdays: dict[str, int]
    relative_days: dict[str, int]
    calendar: str = "gregorian"
    # Months of the Islamic (Lunar Hijri) calendar: "15 رمضان 1445".
    lunar_months: dict[str, int] = field(default_factory=dict)
    # Days written as ordinal words before a month: "دوم آذر", "بیست و یکم مهر".
    ordinal_days: dict[str, int] = field(default_factory=dict)
    # Words a day's figure may carry before its month: "1er mai".
    day_suffixes: frozenset[str] = frozenset()
    common_words: frozenset[str] = frozenset()
    # Verb-final word order ("۱۲ نفر کشته شدند"): a figure's casualty word follows it, and may
    # stand up to ``reach_after`` words later.
    word_after_figure: bool = False
    # Number words that are also articles ("un", "une", "یک"): a figure only before a person
    # ("une personne", "یک فرد") or a casualty word ("un mort").
    weak_numbers: frozenset[str] = frozenset()
    person_nouns: frozenset[str] = frozenset()
    # Words before a figure that make it part of a toll already given ("dont 10 enfants").
    subset_before: tuple[str, ...] = ()
    # Words before an event word that point back to the event just told ("cette attaque").
    demonstratives: frozenset[str] = frozenset()
    # Words that start a clause telling another event ("بينما", "tandis que").
    clause_breaks: tuple[str, ...] = ()
    # Words before an event word that make it background ("بعد سيطرته": after taking it).
    background_before: frozenset[str] = frozenset()
    # Words before a place's name ("à Nice"): a capitalised name after one is looked up as a
    # place even when English reads it as a common word.
    place_prepositions: frozenset[str] = frozenset()
    reach_after: int = 0
    # Words that make the place after them a bearing ("جنوبي إدلب", "к югу от", "au nord de").
    direction_words: tuple[str, ...] = ()
    # Words that say who is suspected or believed to be behind an attack ("يشتبه", "يعتقد",
    # "предположительно", "présumés"): a group named just after them is the perpetrator.
    suspect_words: tuple[str, ...] = ()
    # Words that take a part of a group ("از" in "سه نفر از نیروهای طالبان", "из", "de").
    partitives: frozenset[str] = frozenset()
    # Names of actors only this language's text uses, by actor id ("EI" for ISIS in French,
    # where English reads "EI" otherwise).
    actor_names: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # Words for a street or square, before a name they borrow ("میدان «عدن»": Aden square).
    street_words: frozenset[str] = frozenset()
    # In a language whose figures take the casualty word after them, the casualty phrases that
    # take it after themselves instead ("شمار کشته شدگان به 21 نفر رسید").
    figure_after: frozenset[str] = frozenset()
    # Casualty words that follow their figure, where a tie goes to the word before a figure
    # ("20 قتيلاً" beside "مقتل 20").
    figure_before: frozenset[str] = frozenset()

    @cached_property
    def not_places(self) -> frozenset[str]:
        """Words that name no place in this language's text, though a gazetteer's alternate
        names list a village for most of them: the lexicon's common words and every one-word
        entry of its other lists (number words, months, casualty words, ...)."""
        words = set(self.common_words)
        lists = (
            self.killed,
            self.wounded,
            self.singular_killed,
            self.singular_wounded,
            self.measure_words,
            self.claim_phrases,
            tuple(self.number_words),
            tuple(self.vague_quantities),
            tuple(self.qualifiers),
            tuple(self.months),
            tuple(self.solar_months),
            tuple(self.lunar_months),
            tuple(self.ordinal_days),
            tuple(self.weekdays),
            tuple(self.relative_days),
            tuple(p for rule in self.events for p in rule.phrases),
        )
        for phrases in lists:
            words.update(normalize(p) for p in phrases if " " not in p and not p.endswith("*"))
        return frozenset(words | self.joiners | self.victim_before | self.singular_nouns)

    @cached_property
    def event_table(self) -> PhraseTable[EventRule]:
        return PhraseTable((p, rule) for rule in self.events for p in rule.phrases)

    @cached_property
    def casualty_table(self) -> PhraseTable[str]:
        return PhraseTable(
            [(p, "killed") for p in self.killed]
            + [(p, "wounded") for p in self.wounded]
            + [(p, "killed-one") for p in self.singular_killed]
            + [(p, "wounded-one") for p in self.singular_wounded]
        )

    @cached_property
    def counted(self) -> dict[str, tuple[str, int]]:
        """Casualty words that carry their own count ("قتيلان": two dead), by normalised form."""
        out = {normalize(w): ("killed", n) for w, n in self.killed_counts.items()}
        out.update({normalize(w): ("wounded", n) for w, n in self.wounded_counts.items()})
        return out

    @cached_property
    def number_table(self) -> PhraseTable[int]:
        return PhraseTable(self.number_words.items())

    @cached_property
    def vague_table(self) -> PhraseTable[int]:
        return PhraseTable(self.vague_quantities.items())

    @cached_property
    def qualifier_table(self) -> PhraseTable[str]:
        return PhraseTable(self.qualifiers.items())

    @cached_property
    def qualifier_after_table(self) -> PhraseTable[str]:
        return PhraseTable(self.qualifiers_after.items())

    @cached_property
    def measure_table(self) -> PhraseTable[bool]:
        return PhraseTable((w, True) for w in self.measure_words)

    @cached_property
    def claim_table(self) -> PhraseTable[bool]:
        return PhraseTable((p, True) for p in self.claim_phrases)

    @cached_property
    def clause_table(self) -> PhraseTable[bool]:
        return PhraseTable((p, True) for p in self.clause_breaks)

    @cached_property
    def subset_table(self) -> PhraseTable[bool]:
        return PhraseTable((p, True) for p in self.subset_before)

    @cached_property
    def month_table(self) -> PhraseTable[int]:
        return PhraseTable(self.months.items())

    @cached_property
    def solar_month_table(self) -> PhraseTable[int]:
        return PhraseTable(self.solar_months.items())

    @cached_property
    def suspect_table(self) -> PhraseTable[bool]:
        return PhraseTable((p, True) for p in self.suspect_words)

    @cached_property
    def direction_table(self) -> PhraseTable[bool]:
        return PhraseTable((p, True) for p in self.direction_words)

    @cached_property
    def actor_table(self) -> PhraseTable[str]:
        return PhraseTable((name, actor) for actor, names in self.actor_names.items() for name in names)

    @cached_property
    def lunar_month_table(self) -> PhraseTable[int]:
        return PhraseTable(self.lunar_months.items())

    @cached_property
    def ordinal_day_table(self) -> PhraseTable[int]:
        return PhraseTable(self.ordinal_days.items())

    @cached_property
    def weekday_table(self) -> PhraseTable[int]:
        return PhraseTable(self.weekdays.items())

    @cached_property
    def relative_table(self) -> PhraseTable[int]:
        return PhraseTable(self.relative_days.items())


def load_lexicon(language: str, data_dir: Path = DATA_DIR) -> LanguageLexicon:
    """``lexicon-<language>.yaml`` under ``data_dir``; KnowledgeError if it is missing or wrong."""
    path = data_dir / f"lexicon-{language}.yaml"
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        events = tuple(event_rule(e) for e in data["events"])
        return LanguageLexicon(
            language=str(data["language"]),
            events=events,
            killed=as_strings(data["killed"]),
            wounded=as_strings(data["wounded"]),
            killed_counts=_ints(data.get("killed_counts")),
            wounded_counts=_ints(data.get("wounded_counts")),
            singular_killed=as_strings(data.get("singular_killed")),
            singular_wounded=as_strings(data.get("singular_wounded")),
            singular_nouns=frozenset(normalize(w) for w in as_strings(data.get("singular_nouns"))),
            number_words=_ints(data["number_words"]),
            joiners=frozenset(normalize(w) for w in as_strings(data.get("joiners"))),
            vague_quantities=_ints(data.get("vague_quantities")),
            qualifiers={str(k): str(v) for k, v in (data.get("qualifiers") or {}).items()},
            qualifiers_after={str(k): str(v) for k, v in (data.get("qualifiers_after") or {}).items()},
            measure_words=as_strings(data.get("measure_words")),
            claim_phrases=as_strings(data.get("claim_phrases")),
            victim_before=frozenset(normalize(w) for w in as_strings(data.get("victim_before"))),
            months=_ints(data.get("months")),
            solar_months=_ints(data.get("solar_months")),
            weekdays=_ints(data.get("weekdays")),
            relative_days=_ints(data.get("relative_days")),
            calendar=str(data.get("calendar", "gregorian")),
            lunar_months=_ints(data.get("lunar_months")),
            ordinal_days=_ints(data.get("ordinal_days")),
            day_suffixes=frozenset(normalize(w) for w in as_strings(data.get("day_suffixes"))),
            common_words=frozenset(normalize(w) for w in as_strings(data.get("common_words"))),
            place_prepositions=frozenset(normalize(w) for w in as_strings(data.get("place_prepositions"))),
            weak_numbers=frozenset(normalize(w) for w in as_strings(data.get("weak_numbers"))),
            person_nouns=frozenset(
                normalize(w)
                for w in as_strings(data.get("person_nouns")) + as_strings(data.get("singular_nouns"))
            ),
            subset_before=as_strings(data.get("subset_before")),
            demonstratives=frozenset(normalize(w) for w in as_strings(data.get("demonstratives"))),
            clause_breaks=as_strings(data.get("clause_breaks")),
            background_before=frozenset(normalize(w) for w in as_strings(data.get("background_before"))),
            word_after_figure=bool(data.get("word_after_figure", False)),
            reach_after=int(data.get("reach_after", 0)),
            direction_words=as_strings(data.get("direction_words")),
            suspect_words=as_strings(data.get("suspect_words")),
            partitives=frozenset(normalize(w) for w in as_strings(data.get("partitives"))),
            actor_names={str(k): as_strings(v) for k, v in (data.get("actor_names") or {}).items()},
            street_words=frozenset(normalize(w) for w in as_strings(data.get("street_words"))),
            figure_after=frozenset(normalize(w) for w in as_strings(data.get("figure_after"))),
            figure_before=frozenset(normalize(w) for w in as_strings(data.get("figure_before"))),
        )
    except (OSError, yaml.YAMLError, KeyError, TypeError, ValueError) as exc:
        raise KnowledgeError(f"cannot read lexicon-{language}.yaml: {exc}") from exc
