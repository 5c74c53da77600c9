"""Statements from Arabic, Persian, Russian and French sentences.

The English pipeline's regular expressions are written for English word order; here each
language's lexicon (``kb/data/lexicon-<language>.yaml``) supplies the words and a few rules
that hold across these languages do the rest: a figure belongs to the nearest casualty word
("مقتل 15 عنصراً", "10 نفر کشته", "погибли 28 жителей", "84 morts"), the word before it winning
a tie; the perpetrator is the first actor named who is not the object of an attack or among the
counted dead; a sentence without a place, date or perpetrator of its own continues the story
told before it. Names of actors and places come from the same knowledge base and gazetteer as
in English text, in their own scripts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from itertools import pairwise
from typing import TYPE_CHECKING

from sitrep.kb.matcher import Mention
from sitrep.kb.normalize import fold_name
from sitrep.kb.registry import EventRule
from sitrep.languages.dates import find_dates
from sitrep.languages.detect import HANDLED, detect, mixed
from sitrep.languages.lexicon import LanguageLexicon, load_lexicon
from sitrep.languages.numbers import Quantity, find_quantities
from sitrep.languages.words import Match, Token, tokenize, variants
from sitrep.model import ActorRef, Citation, Document, Figure, PlaceRef, Statement, StatementKind

if TYPE_CHECKING:
    from sitrep.extract.pipeline import Extractor

_PARAGRAPH = re.compile(r"\n\s*\n|\n")
_SENTENCE_END = re.compile(r"(?<=[.!?؟…])\s+")
# Tokens between a figure and its casualty word.
_REACH = 4
# A capitalised Russian word of four letters or more: shorter ones ("По", "Во") open sentences.
_CYRILLIC_WORD = re.compile(r"[А-ЯЁ][а-яё]{3,}(?:[- ][А-ЯЁ][а-яё]+)?")
# Russian case endings, longest first, and what a name's nominative may end in instead.
_ENDINGS = (
    "ами",
    "ями",
    "ого",
    "его",
    "ому",
    "ему",
    "ой",
    "ей",
    "ом",
    "ем",
    "ах",
    "ях",
    "ы",
    "и",
    "а",
    "я",
    "у",
    "ю",
    "е",
)
_NOMINATIVE = ("", "а", "я", "ь", "й", "ия", "и", "ы")


@dataclass(frozen=True)
class Part:
    """A sentence of a document, with its offsets and paragraph."""

    start: int
    end: int
    text: str
    paragraph: int


def split(text: str) -> list[Part]:
    """Sentences at full stops and question marks (Arabic's too), and at line breaks."""
    parts: list[Part] = []
    position = 0
    for paragraph, block in enumerate(_PARAGRAPH.split(text)):
        block_start = text.find(block, position)
        position = block_start + len(block)
        offset = 0
        for piece in _SENTENCE_END.split(block):
            start = block.find(piece, offset)
            offset = start + len(piece)
            if piece.strip():
                parts.append(Part(block_start + start, block_start + offset, piece, paragraph))
    return parts


@dataclass
class _Story:
    place: PlaceRef | None = None
    date: date | None = None
    actor1: ActorRef | None = None
    actor_paragraph: int = -1
    rule: EventRule | None = None
    countries: set[str] = field(default_factory=set)
    anchors: list[tuple[float, float]] = field(default_factory=list)


def _figures(
    tokens: list[Token], quantities: list[Quantity], roles: list[Match[str]], lexicon: LanguageLexicon
) -> tuple[tuple[Figure, ...], tuple[Figure, ...]]:
    """Killed and wounded figures of one sentence."""
    kinds = {r.first: r.value.removesuffix("-one") for r in roles}
    merged: set[int] = set()
    for r, s in pairwise(roles):
        # "بين قتيل وجريح", "مقتل وإصابة العشرات": killed and wounded together, neither alone.
        if s.first - r.last <= 2 and kinds[r.first] != kinds[s.first]:
            merged.update((r.first, s.first))
    pairs = []
    for q in quantities:
        for r in roles:
            if r.first > q.last:
                distance, after = r.first - q.last, 1
            elif r.last < q.first:
                distance, after = q.first - r.last, 0
            else:
                continue
            if distance <= _REACH:
                pairs.append((distance, after, q.first, q, r))
    pairs.sort(key=lambda p: (p[0], p[1], p[2]))
    assigned: dict[int, tuple[Quantity, Match[str]]] = {}
    used_roles: set[int] = set()
    for _, _, _, q, r in pairs:
        if q.first in assigned:
            continue
        assigned[q.first] = (q, r)
        used_roles.add(r.first)
    for q in quantities:
        if q.first in assigned:
            continue
        # "سه پلیس افغان و یک راننده کشته شدند": a figure joined to the next one shares its word.
        later = [
            a for a in assigned.values() if 0 < a[0].first - q.last <= _REACH + 1 and a[1].first > a[0].last
        ]
        if later and any(
            tokens[k].norm in lexicon.joiners | {"и", "et", "و"} for k in range(q.last + 1, later[0][0].first)
        ):
            assigned[q.first] = (q, later[0][1])
    killed: list[Figure] = []
    wounded: list[Figure] = []
    for q, r in sorted(assigned.values(), key=lambda a: a[0].first):
        if r.first in merged:
            continue
        figure = Figure(
            q.value, q.qualifier, None, "unknown", " ".join(t.text for t in tokens[q.first : q.last + 1])
        )
        (killed if kinds[r.first] == "killed" else wounded).append(figure)
    for r in roles:
        if r.first in used_roles or r.first in merged:
            continue
        count = 0
        counted = next(
            (lexicon.counted[f] for f in variants(tokens[r.first].norm) if f in lexicon.counted), None
        )
        if counted is not None:
            count = counted[1]
        elif r.value.endswith("-one") or (
            r.last + 1 < len(tokens)
            and any(f in lexicon.singular_nouns for f in variants(tokens[r.last + 1].norm))
        ):
            count = 1
        if count:
            figure = Figure(
                count, "exact", None, "unknown", " ".join(t.text for t in tokens[r.first : r.last + 2])
            )
            (killed if kinds[r.first] == "killed" else wounded).append(figure)
    return tuple(killed), tuple(wounded)


def _rule(cues: list[Match[EventRule]], has_figures: bool) -> tuple[EventRule, bool, str | None] | None:
    """The coding a sentence's triggers add up to: (rule, suicide, weapon)."""
    usable = [c.value for c in cues if has_figures or not c.value.needs_casualties]
    if not usable:
        return None
    best = max(usable, key=lambda r: r.priority)
    suicide = any(r.suicide for r in usable)
    weapons = sorted((r for r in usable if r.weapon), key=lambda r: -r.priority)
    weapon = best.weapon or (weapons[0].weapon if weapons else None)
    if suicide and any(r.weapon == "vehicle-borne IED" for r in usable):
        weapon = "vehicle-borne IED"
    return best, suicide, weapon


class Reader:
    """Reads the sentences of the languages it has lexicons for, with an English extractor's
    knowledge base, matcher and place choice."""

    def __init__(self, extractor: Extractor) -> None:
        self.extractor = extractor
        self._lexicons: dict[str, LanguageLexicon] = {}

    def lexicon(self, language: str) -> LanguageLexicon:
        if language not in self._lexicons:
            self._lexicons[language] = load_lexicon(language)
        return self._lexicons[language]

    def mentions(self, text: str) -> list[Mention]:
        """Names in ``text``; Russian ones also in their other cases ("в Кабуле", "Пальмиры")."""
        found = self.extractor.matcher.find(text)
        taken = [(m.start, m.end) for m in found]
        for m in _CYRILLIC_WORD.finditer(text):
            if any(s < m.end() and m.start() < e for s, e in taken):
                continue
            entries = self.extractor.matcher.lookup(_nominatives(m.group()))
            if entries:
                found.append(Mention(entries[0].kind, m.start(), m.end(), m.group(), entries))
        found.sort(key=lambda m: m.start)
        return found

    def extract(self, doc: Document, languages: dict[int, str]) -> list[Statement]:
        """Statements of the document's sentences whose language (by sentence start, in
        ``languages``) has a lexicon."""
        x = self.extractor
        parts = [p for p in split(doc.text) if languages.get(p.start) is not None]
        mentions = self.mentions(doc.text)
        story = _Story()
        story.countries = x._document_countries(mentions)
        story.anchors = x._anchors(mentions, story.countries)
        cite = x._document_citation(doc)
        cites = (cite,) if cite is not None else ()
        out: list[Statement] = []
        for part in parts:
            own = [m for m in mentions if part.start <= m.start and m.end <= part.end]
            statement = self._sentence(doc, part, own, self.lexicon(languages[part.start]), story, cites)
            if statement is not None:
                out.append(statement)
        return out

    def _place(self, mentions: list[Mention], story: _Story) -> PlaceRef | None:
        x = self.extractor
        ranked = []
        for order, m in enumerate(mentions):
            place = x._pick_place(m, story.countries, story.anchors)
            if place is None or place.kind in {"river", "sea"}:
                continue
            ranked.append(((place.kind == "country", place.precision, order), x._place_ref(place, 1)))
        return min(ranked, key=lambda r: r[0])[1] if ranked else None

    def _actors(
        self, tokens: list[Token], mentions: list[Mention], offset: int, lexicon: LanguageLexicon
    ) -> tuple[ActorRef | None, ActorRef | None]:
        """(perpetrator, other side) among the actors a sentence names."""
        x = self.extractor
        perpetrator = target = None
        for m in mentions:
            actor = x._actor_for(m)
            if actor is None:
                continue
            ref = ActorRef(actor.id, actor.name, m.surface)
            before = [t for t in tokens if t.end <= m.start - offset][-2:]
            victim = any(f in lexicon.victim_before for t in before for f in variants(t.norm))
            if victim:
                target = target or ref
            elif perpetrator is None:
                perpetrator = ref
        return perpetrator, target

    def _sentence(
        self,
        doc: Document,
        part: Part,
        mentions: list[Mention],
        lexicon: LanguageLexicon,
        story: _Story,
        cites: tuple[Citation, ...],
    ) -> Statement | None:
        x = self.extractor
        tokens = tokenize(part.text)
        if not tokens:
            return None
        reference = doc.published or date.today()
        dates = find_dates(tokens, part.text, reference, lexicon)
        masked = {k for d in dates for k in range(d.first, d.last + 1)}
        quantities = find_quantities(tokens, lexicon, masked)
        roles = [r for r in lexicon.casualty_table.find(tokens) if r.first not in masked]
        killed, wounded = _figures(tokens, quantities, roles, lexicon)
        has_figures = bool(killed or wounded)
        cues = list(lexicon.event_table.find(tokens))
        coded = _rule(cues, has_figures)
        place = self._place(mentions, story)
        explicit = next((d for d in dates if d.explicit), None)
        if place is not None and place.kind != "country":
            story.place = place
        if explicit is not None:
            story.date = explicit.date
        actor1, actor2 = self._actors(tokens, mentions, part.start, lexicon)
        claim = any(True for _ in lexicon.claim_table.find(tokens))
        if coded is None and has_figures and story.rule is not None:
            # "Ранения получили пять человек": the figures of the event just told.
            coded = (story.rule, bool(story.rule.suicide), story.rule.weapon)
        if coded is None:
            if actor1 is not None and claim:
                story.actor1, story.actor_paragraph = actor1, part.paragraph
            return None
        rule, suicide, weapon = coded
        story.rule = rule
        if actor1 is None and story.actor1 is not None and part.paragraph - story.actor_paragraph <= 1:
            actor1 = story.actor1
        if actor1 is not None:
            story.actor1, story.actor_paragraph = actor1, part.paragraph
        where = (
            place if place is not None and (place.kind != "country" or story.place is None) else story.place
        )
        where = where or place
        if where is None or not (has_figures or actor1 or dates):
            return None
        when = explicit.date if explicit else dates[0].date if dates else story.date or reference
        event_type, sub_event = rule.event_type, rule.sub_event_type
        if rule.kind == "control" and actor1 is not None:
            actor = x.kb.actor_by_id.get(actor1.id)
            if actor is not None and x._sides_with_government(actor):
                sub_event = "Government regains territory"
        if suicide and event_type == "Explosions/Remote violence":
            sub_event = "Suicide bomb"
        kind: StatementKind = "control" if rule.kind == "control" else "incident"
        return Statement(
            kind=kind,
            document_hash=doc.hash,
            start=part.start,
            end=part.end,
            text=part.text,
            date=when,
            event_type=event_type,
            sub_event_type=sub_event,
            weapon=weapon,
            suicide=suicide or None,
            actor1=actor1,
            actor2=actor2 if actor2 is None or actor1 is None or actor2.id != actor1.id else None,
            place=where,
            killed=killed,
            wounded=wounded,
            citations=cites,
            claimed_by=actor1 if claim else None,
            date_explicit=explicit is not None,
            confidence=round(
                0.4
                + 0.15 * bool(actor1)
                + 0.15 * has_figures
                + 0.15 * (explicit is not None)
                + (0.15 if where.precision == 1 else 0.0),
                2,
            ),
            section=0,
        )


def _nominatives(word: str) -> list[str]:
    """Folded keys a Russian name in any case may be filed under: "Кабуле" → "кабул", ..."""
    folded = fold_name(word)
    keys = [folded]
    for ending in _ENDINGS:
        if folded.endswith(ending) and len(folded) - len(ending) >= 3:
            stem = folded[: -len(ending)]
            keys.extend(stem + nominative for nominative in _NOMINATIVE)
            break
    return list(dict.fromkeys(keys))


def sentence_languages(doc: Document) -> dict[int, str]:
    """The language of each sentence (by its start) that a lexicon reads; empty for a document
    in English or another language without one. A document in one script is read whole in its
    language; one mixing scripts, sentence by sentence."""
    main = (doc.language or detect(doc.text)).split("+")[0]
    if mixed(doc.text):
        return {p.start: lang for p in split(doc.text) if (lang := detect(p.text)) in HANDLED}
    if main not in HANDLED:
        return {}
    return {p.start: main for p in split(doc.text)}
