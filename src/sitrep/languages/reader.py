"""Statements from Arabic, Persian, Russian and French sentences.

The English pipeline's regular expressions are written for English word order; here each
language's lexicon (``kb/data/lexicon-<language>.yaml``) supplies the words and a few rules
that hold across these languages do the rest: a figure belongs to the nearest casualty word
("مقتل 15 عنصراً", "10 نفر کشته", "погибли 28 жителей", "84 morts"), the word before it winning
a tie; the perpetrator is the first actor named who is not the object of an attack or among the
counted dead; a sentence without a place, date or perpetrator of its own continues the story
told before it, and a claim told on its own goes to the event just told. The lexicons also say
which words name no place, which number words are articles, which words break a toll down
("dont 10 enfants"), point back to the event told ("cette attaque") or open a clause telling
another one ("بينما"). Names of actors and places come from the same knowledge base and gazetteer as
in English text, in their own scripts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date
from itertools import pairwise
from typing import TYPE_CHECKING

from sitrep.kb.matcher import Entry, Mention
from sitrep.kb.normalize import fold_name
from sitrep.kb.registry import EventRule
from sitrep.languages.dates import find_dates
from sitrep.languages.detect import HANDLED, detect, mixed
from sitrep.languages.lexicon import LanguageLexicon, load_lexicon
from sitrep.languages.numbers import Quantity, find_quantities
from sitrep.languages.words import Match, Token, normalize, tokenize, variants
from sitrep.model import ActorRef, Citation, Document, Figure, PlaceRef, Statement, StatementKind

if TYPE_CHECKING:
    from sitrep.extract.pipeline import Extractor

_PARAGRAPH = re.compile(r"\n\s*\n|\n")
_SENTENCE_END = re.compile(r"(?<=[.!?؟…])\s+")
# Tokens between a figure and its casualty word.
_REACH = 4
# Sentences after one placed only in a country that may say where in it.
_LATER = 2
# A capitalised Russian word of four letters or more: shorter ones ("По", "Во") open sentences.
_CYRILLIC_WORD = re.compile(r"[А-ЯЁ][а-яё]{3,}(?:[- ][А-ЯЁ][а-яё]+)?")
# A capitalised Latin name of one or more words ("Nice", "Ouro Gueladjo").
_LATIN_NAME = re.compile(r"[A-ZÀ-Ý][a-zà-ÿ'’-]{2,}(?: [A-ZÀ-Ý][a-zà-ÿ'’-]{2,})*")
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
# Russian adjectives made from a town's name ("Цунтинском", "Харьковской"), and the nouns of
# divisions they name ("районе", "области").
_ADJECTIVE = tuple(
    "ск" + ending for ending in ("ого", "ому", "ими", "ий", "ой", "ом", "ая", "ую", "ое", "ие", "их", "ым")
)
_DIVISION = re.compile(r"\s+(?:район|област|округ|провинци|губерни|уезд)", re.IGNORECASE)
# The script each language not written in Latin letters spells its place names in.
_OWN_SCRIPT = {
    "ru": re.compile(r"[\u0400-\u04ff]"),
    "ar": re.compile(r"[\u0600-\u06ff]"),
    "fa": re.compile(r"[\u0600-\u06ff]"),
}


@dataclass(frozen=True)
class Part:
    """A sentence of a document, with its offsets and paragraph."""

    start: int
    end: int
    text: str
    paragraph: int
    language: str = ""
    # Whether a clause break opened it ("..., فيما قتل ...": another event, told by another side).
    clause: bool = False


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


_Day = date


@dataclass
class _Story:
    place: PlaceRef | None = None
    date: date | None = None
    actor1: ActorRef | None = None
    actor_paragraph: int = -1
    # Where the perpetrator's event was, and a claim just read in a sentence telling no event.
    actor_place: str | None = None
    claimed: ActorRef | None = None
    rule: EventRule | None = None
    countries: set[str] = field(default_factory=set)
    anchors: list[tuple[float, float]] = field(default_factory=list)
    # The day the sentence just read gives itself, if any.
    told: _Day | None = None


def _figures(
    tokens: list[Token], quantities: list[Quantity], roles: list[Match[str]], lexicon: LanguageLexicon
) -> tuple[tuple[Figure, ...], tuple[Figure, ...]]:
    """Killed and wounded figures of one sentence."""
    kinds = {r.first: r.value.removesuffix("-one") for r in roles}
    merged: set[int] = set()
    for r, s in pairwise(roles):
        # "بين قتيل وجريح", "مقتل وإصابة العشرات": killed and wounded together, neither alone;
        # but "16 morts, 6 blessés" gives each its own figure.
        between = any(r.last < q.first and q.last < s.first for q in quantities)
        # Only a joiner between them: "استشهاد ضابط وإصابة 2" gives each its own.
        joined = all(tokens[k].norm in lexicon.joiners for k in range(r.last + 1, s.first))
        if s.first - r.last <= 2 and kinds[r.first] != kinds[s.first] and not between and joined:
            merged.update((r.first, s.first))
    pairs = []
    starts = [q.first for q in quantities]
    for q in quantities:
        for r in roles:
            if r.first > q.last:
                distance, after = r.first - q.last, 1
            elif r.last < q.first:
                distance, after = q.first - r.last, 0
            else:
                continue
            # The casualty verb may stand well after its figure, at the clause's end in Persian
            # ("هفت نفر در انفجار بمبی در جنوب این کشور کشته شده اند") or after auxiliaries in
            # French ("six soldats maliens ont été tués"): the lexicon's reach_after, up to
            # the next figure.
            reach = _REACH
            if after and lexicon.reach_after > _REACH and not any(q.last < k < r.first for k in starts):
                reach = lexicon.reach_after
            if distance <= reach:
                word = normalize(r.phrase)
                rank = 1 - after if lexicon.word_after_figure else 0
                if lexicon.word_after_figure and word in lexicon.figure_after:
                    # "شمار شهدای این حادثه به 21 نفر": the number of the dead, told before it,
                    # comes first.
                    rank = after - 1
                # At equal distance the word before a figure wins ("مقتل 15"), unless the word
                # is one that follows its figure ("20 قتيلاً وعشرات الجرحى").
                tie = 1 - after if word in lexicon.figure_before else after
                pairs.append((rank, distance, tie, q.first, q, r))
    pairs.sort(key=lambda p: p[:4])
    assigned: dict[int, tuple[Quantity, Match[str]]] = {}
    used_roles: set[int] = set()
    for *_, q, r in pairs:
        # One figure to a casualty word: figures joined to share one are paired below.
        if q.first in assigned or r.first in used_roles:
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
    for q in quantities:
        if q.first in assigned:
            continue
        # "погибли трое граждан США и двое сирийских силовиков": a figure joined to the one
        # before it shares that one's word when the word leads them both.
        earlier = [
            a for a in assigned.values() if 0 < q.first - a[0].last <= _REACH + 1 and a[1].last < a[0].first
        ]
        if earlier and any(
            tokens[k].norm in lexicon.joiners | {"и", "et", "و"}
            for k in range(earlier[-1][0].last + 1, q.first)
        ):
            assigned[q.first] = (q, earlier[-1][1])
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

    def mentions(
        self, text: str, prepositions: frozenset[str] = frozenset(), languages: frozenset[str] = frozenset()
    ) -> list[Mention]:
        """Names in ``text`` (written in ``languages``), with the places only those languages
        name so; Russian ones also in their other cases ("в Кабуле", "Пальмиры"), and a
        capitalised Latin name after one of ``prepositions`` ("à Nice") even when English reads
        it as a common word."""
        found = self.extractor.matcher.find(text, languages=languages)
        taken = [(m.start, m.end) for m in found]
        # (start, end, keys): a name of two words first, then each of its words ("Афганистана
        # Кабуле" is two names).
        candidates: list[tuple[int, int, list[str]]] = []
        for m in _CYRILLIC_WORD.finditer(text):
            candidates.append((m.start(), m.end(), _nominatives(m.group(), text[m.end() : m.end() + 12])))
            if " " in m.group():
                second = m.start() + m.group().index(" ") + 1
                candidates.append((m.start(), second - 1, _nominatives(text[m.start() : second - 1])))
                candidates.append(
                    (second, m.end(), _nominatives(text[second : m.end()], text[m.end() : m.end() + 12]))
                )
        if prepositions:
            for m in _LATIN_NAME.finditer(text):
                before = tokenize(text[max(0, m.start() - 12) : m.start()])
                if before and before[-1].norm in prepositions:
                    candidates.append((m.start(), m.end(), [fold_name(m.group())]))
        for start, end, keys in candidates:
            if any(s < end and start < e for s, e in taken):
                continue
            entries = self.extractor.matcher.lookup(keys, languages)
            if entries:
                found.append(Mention(entries[0].kind, start, end, text[start:end], entries))
                taken.append((start, end))
        for language in sorted(languages):
            found.extend(self._own_actor_names(text, self.lexicon(language), taken))
        found.sort(key=lambda m: m.start)
        return found

    def _own_actor_names(
        self, text: str, lexicon: LanguageLexicon, taken: list[tuple[int, int]]
    ) -> list[Mention]:
        """Actors named as only this language names them (the lexicon's ``actor_names``)."""
        known = self.extractor.kb.actor_by_id
        tokens = tokenize(text)
        out = []
        for match in lexicon.actor_table.find(tokens):
            start, end = tokens[match.first].start, tokens[match.last].end
            if match.value not in known or any(s < end and start < e for s, e in taken):
                continue
            out.append(Mention("actor", start, end, text[start:end], (Entry("actor", match.value, True),)))
            taken.append((start, end))
        return out

    def extract(self, doc: Document, languages: dict[int, str]) -> list[Statement]:
        """Statements of the document's sentences whose language (by sentence start, in
        ``languages``) has a lexicon."""
        x = self.extractor
        parts = [p for p in split(doc.text) if languages.get(p.start) is not None]
        lexicons = [self.lexicon(language) for language in set(languages.values())]
        common = frozenset().union(*(lexicon.not_places for lexicon in lexicons))
        prepositions = frozenset().union(*(lexicon.place_prepositions for lexicon in lexicons))
        streets = frozenset().union(*(lexicon.street_words for lexicon in lexicons))
        spoken = frozenset(languages.values())
        mentions = [
            m
            for m in self.mentions(doc.text, prepositions, spoken)
            if not _common(m, common) and not _hyphenated(m, doc.text) and not _street(m, doc.text, streets)
        ]
        story = _Story()
        story.countries = x._document_countries(mentions)
        story.anchors = x._anchors(mentions, story.countries)
        cite = x._document_citation(doc)
        cites = (cite,) if cite is not None else ()
        parts = [clause for part in parts for clause in _clauses(part, self.lexicon(languages[part.start]))]
        out: list[tuple[int, Statement]] = []
        places: list[PlaceRef | None] = []
        told: list[date | None] = []
        for index, part in enumerate(parts):
            own = [
                m
                for m in mentions
                if part.start <= m.start
                and m.end <= part.end
                and _spoken_in(m, part.language)
                and not _foreign_script(m, part.language)
            ]
            places.append(self._place(own, story, doc.text, self.lexicon(part.language)))
            story.told = None
            statement = self._sentence(doc, part, own, self.lexicon(part.language), story, cites)
            # A clause goes by the day of the sentence it is cut from.
            told.append(story.told if not part.clause else told[-1] if told else None)
            if statement is not None:
                out.append((index, statement))
            elif story.claimed is not None:
                out = _claimed(out, story.claimed, parts, part.paragraph)
                story.claimed = None
        out = _dated(out, told, places, doc.published)
        refined = (_refined(statement, places[index + 1 : index + 1 + _LATER]) for index, statement in out)
        return [statement for statement in refined if statement.place is not None]

    def _place(
        self, mentions: list[Mention], story: _Story, text: str, lexicon: LanguageLexicon
    ) -> PlaceRef | None:
        x = self.extractor
        ranked = []
        for order, m in enumerate(mentions):
            place = x._pick_place(m, story.countries, story.anchors)
            if place is None or place.kind in {"river", "sea"}:
                continue
            # "میدان «عدن» در شهر کاظمین": a place outside the countries the report is about
            # (a square named for Aden) yields to one inside them; "جبل الزاوية، جنوبي إدلب": a
            # place named as a bearing ("south of Idlib") yields to the one it locates.
            abroad = bool(story.countries) and place.country not in story.countries
            bearing = _after_direction(m, text, lexicon)
            ranked.append(
                ((place.kind == "country", abroad, bearing, place.precision, order), x._place_ref(place, 1))
            )
        return min(ranked, key=lambda r: r[0])[1] if ranked else None

    def _actors(
        self,
        tokens: list[Token],
        mentions: list[Mention],
        offset: int,
        lexicon: LanguageLexicon,
        quantities: list[Quantity],
    ) -> tuple[ActorRef | None, ActorRef | None]:
        """(perpetrator, other side) among the actors a sentence names: a name after a word of
        the lexicon's ``victim_before`` or right after a figure ("Пятеро сирийских военных
        погибли") is the target or among the counted dead."""
        x = self.extractor
        counted = {tokens[q.last].start for q in quantities}
        perpetrator = target = None
        for m in mentions:
            actor = x._actor_for(m)
            if actor is None:
                continue
            ref = ActorRef(actor.id, actor.name, m.surface)
            preceding = [t for t in tokens if t.end <= m.start - offset]
            before = preceding[-2:]
            victim = any(f in lexicon.victim_before for t in before for f in variants(t.norm)) or bool(
                before and before[-1].start in counted
            )
            # "faisant cinq morts et 11 blessés, dont des civils et des talibans": among the toll.
            window = preceding[-5:]
            victim = victim or any(lexicon.subset_table.at(window, k) is not None for k in range(len(window)))
            victim = victim or _counted(preceding, counted, lexicon)
            # "ويعتقد أن عناصر من تنظيم داعش يقفون وراء الهجوم", "предположительно членов ИГ": the
            # group suspected of the attack is its perpetrator, whatever word stands before it.
            window = preceding[-6:]
            if any(lexicon.suspect_table.at(window, k) is not None for k in range(len(window))):
                victim = False
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
        quantities = [q for q in find_quantities(tokens, lexicon, masked) if not _subset(tokens, q, lexicon)]
        roles = [r for r in lexicon.casualty_table.find(tokens) if r.first not in masked]
        killed, wounded = _figures(tokens, quantities, roles, lexicon)
        has_figures = bool(killed or wounded)
        cues = list(lexicon.event_table.find(tokens))
        told = [
            c for c in cues if not (c.first > 0 and tokens[c.first - 1].norm in lexicon.background_before)
        ]
        if told:
            # "غارة على موقع للتنظيم بعد سيطرته على عدة نقاط": the strike is told, the takeover
            # before it is background.
            cues = told
        # "قتل وأصيب عدد من عناصر": casualties told without a figure of their own still make an
        # attack an event.
        coded = _rule(cues, has_figures or bool(roles))
        place = self._place(mentions, story, doc.text, lexicon)
        explicit = next((d for d in dates if d.explicit), None)
        if story.place is not None and any(
            c.first > 0 and tokens[c.first - 1].norm in lexicon.demonstratives for c in cues
        ):
            # "202 personnes ont été blessées dans cette attaque, a précisé le procureur de
            # Paris": the attack just told, where it was told.
            place = story.place
        if place is not None and place.kind != "country":
            story.place = place
        if explicit is not None:
            story.date = explicit.date
        story.told = explicit.date if explicit else dates[0].date if dates else None
        actor1, actor2 = self._actors(tokens, mentions, part.start, lexicon, quantities)
        claim = any(True for _ in lexicon.claim_table.find(tokens))
        if coded is None and has_figures and story.rule is not None:
            # "Ранения получили пять человек": the figures of the event just told.
            coded = (story.rule, bool(story.rule.suicide), story.rule.weapon)
        if coded is None:
            if actor1 is not None and claim:
                story.actor1, story.actor_paragraph = actor1, part.paragraph
                story.actor_place = story.place.id if story.place is not None else None
                story.claimed = actor1
            return None
        rule, suicide, weapon = coded
        story.rule = rule
        where = (
            place if place is not None and (place.kind != "country" or story.place is None) else story.place
        )
        where = where or place
        if (
            actor1 is None
            and story.actor1 is not None
            and part.paragraph - story.actor_paragraph <= 1
            and not part.clause
            # "The second blast, in Baghlan province": another place's event is not the
            # claimed one.
            and (story.actor_place is None or where is None or where.id == story.actor_place)
        ):
            actor1 = story.actor1
        if actor1 is not None:
            story.actor1, story.actor_paragraph = actor1, part.paragraph
            story.actor_place = where.id if where is not None else None
        if not (has_figures or actor1 or dates) or (where is None and not has_figures):
            return None
        # A lead that tells the event and its toll but no place ("استهدف هجوم انتحاري اليوم
        # الأربعاء حافلة ... ما أسفر عن مقتل عشرين شخصا") is placed by the sentence after it.
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
                + (0.15 if where is not None and where.precision == 1 else 0.0),
                2,
            ),
            section=0,
        )


def _clauses(part: Part, lexicon: LanguageLexicon) -> list[Part]:
    """A sentence cut where the lexicon's ``clause_breaks`` begin another event ("..., بينما
    قصف جيش النظام ...": "while the army shelled"), each clause in the sentence's language."""
    cuts = [0]
    tokens = tokenize(part.text)
    for k in range(1, len(tokens)):
        found = lexicon.clause_table.at(tokens, k)
        if found is not None and found.first == k and tokens[k].start - cuts[-1] > 20:
            cuts.append(tokens[k].start)
    cuts.append(len(part.text))
    return [
        Part(part.start + a, part.start + b, part.text[a:b], part.paragraph, lexicon.language, a > 0)
        for a, b in pairwise(cuts)
        if part.text[a:b].strip()
    ]


def _dated(
    out: list[tuple[int, Statement]],
    told: list[date | None],
    places: list[PlaceRef | None],
    published: date | None,
) -> list[tuple[int, Statement]]:
    """A lead dated only by its report takes the day the next sentence gives its event, when that
    sentence places it nowhere else: "В ходе боестолкновения ... погиб боец спецназа. «Минувшим
    вечером ... произошло боестолкновение»"."""
    if published is None:
        return out
    changed = []
    for index, statement in out:
        if told[index] is None and statement.date == published and not statement.date_explicit:
            for k in range(index + 1, min(index + 1 + _LATER, len(told))):
                day, place = told[k], places[k]
                if day is None:
                    continue
                near = place is None or statement.place is None or place.id == statement.place.id
                if near and day < published:
                    statement = replace(statement, date=day)
                break
        changed.append((index, statement))
    return changed


def _claimed(
    out: list[tuple[int, Statement]], claimant: ActorRef, parts: list[Part], paragraph: int
) -> list[tuple[int, Statement]]:
    """The statements just read, of the last event told in this paragraph or the one before,
    with the group that claimed it: "... Ответственность за инцидент взяло на себя ИГ"."""
    if not out:
        return out
    last = out[-1][1].place
    changed = list(out)
    for k in range(len(out) - 1, -1, -1):
        index, statement = out[k]
        if paragraph - parts[index].paragraph > 1 or statement.place != last:
            break
        if statement.actor1 is None:
            changed[k] = (index, replace(statement, actor1=claimant, claimed_by=claimant))
    return changed


def _subset(tokens: list[Token], quantity: Quantity, lexicon: LanguageLexicon) -> bool:
    """Whether a figure breaks down a toll already given: "84 morts, dont 10 enfants"."""
    for start in range(max(0, quantity.first - 3), quantity.first):
        found = lexicon.subset_table.at(tokens, start)
        if found is not None and quantity.first - found.last <= 2:
            return True
    return False


def _refined(statement: Statement, later: list[PlaceRef | None]) -> Statement:
    """A statement placed only in a country, placed where the next sentences say within it:
    "seven were killed in a bomb blast in the south of the country. ... in a market in Uruzgan
    province"; one the sentence placed nowhere, where the next sentence says; one placed only in a
    province, where the next sentence says within it ("في محافظة صلاح الدين ... في جبال مكحول")."""
    if statement.place is None:
        return replace(statement, place=next((p for p in later[:1] if p is not None), None))
    if statement.place.kind == "province":
        for place in later[:1]:
            if place is not None and place.kind != "province" and place.admin1 == statement.place.name:
                return replace(statement, place=place)
        return statement
    if statement.place.kind != "country":
        return statement
    for place in later:
        if place is not None and place.kind != "country" and place.country == statement.place.country:
            return replace(statement, place=place)
    return statement


def _common(mention: Mention, words: frozenset[str]) -> bool:
    """Whether a place found only in the gazetteer is one word a lexicon knows as no place's
    name ("این", "this"; "Атака", "attack"; "По"): the world has a village for most words."""
    if mention.kind != "place" or any(e.curated for e in mention.entries):
        return False
    tokens = tokenize(mention.surface)
    return len(tokens) == 1 and any(f in words for f in variants(tokens[0].norm))


def _spoken_in(mention: Mention, language: str) -> bool:
    """Whether a sentence in ``language`` may use the name: a place only some languages name so
    is read only in their sentences of a document mixing languages."""
    return any(not e.languages or language in e.languages for e in mention.entries)


def _street(mention: Mention, text: str, words: frozenset[str]) -> bool:
    """Whether a town's name is that of a street or square ("میدان «عدن»", "شارع بغداد", "rue
    de Paris"): the word before it, quotes and prepositions aside, is one of ``words``."""
    if mention.kind != "place" or not words:
        return False
    before = [
        t for t in tokenize(text[max(0, mention.start - 24) : mention.start]) if t.norm not in {"de", "du"}
    ]
    return bool(before) and any(f in words for f in variants(before[-1].norm))


def _counted(before: list[Token], counted: set[int], lexicon: LanguageLexicon) -> bool:
    """Whether the words before a name end a figure's phrase ("سه نفر از نیروهای طالبان": three
    of the Taliban's forces), so that the name is among the counted."""
    linking = lexicon.person_nouns | lexicon.partitives | lexicon.victim_before
    for steps, token in enumerate(reversed(before[-4:])):
        if token.start in counted:
            return steps > 0
        if not any(f in linking for f in variants(token.norm)):
            return False
    return False


def _after_direction(mention: Mention, text: str, lexicon: LanguageLexicon) -> bool:
    """Whether a place is named as a bearing: right after a direction ("جنوبي إدلب", "к югу от
    Пальмиры", "au nord de Gao")."""
    if not lexicon.direction_words:
        return False
    before = tokenize(text[max(0, mention.start - 30) : mention.start])
    return any(
        (found := lexicon.direction_table.at(before, k)) is not None and found.last == len(before) - 1
        for k in range(max(0, len(before) - 4), len(before))
    )


def _hyphenated(mention: Mention, text: str) -> bool:
    """Whether a place found only in the gazetteer is one word of a longer hyphenated name
    ("Хан" of "Вазир-Акбар-Хан")."""
    if mention.kind != "place" or mention.curated:
        return False
    before = text[max(0, mention.start - 2) : mention.start]
    after = text[mention.end : mention.end + 2]
    return (len(before) == 2 and before[1] == "-" and before[0].isalpha()) or (
        len(after) == 2 and after[0] == "-" and after[1].isalpha()
    )


def _foreign_script(mention: Mention, language: str) -> bool:
    """Whether a place found only in the gazetteer is written in Latin letters inside text of a
    language that is not: Russian, Arabic and Persian reports spell places in their own script,
    and keep Latin letters for the names of outlets and units ("Tolo News" is no Tolón)."""
    if language not in _OWN_SCRIPT or mention.kind != "place" or mention.curated:
        return False
    return _OWN_SCRIPT[language].search(mention.surface) is None


def _nominatives(word: str, after: str = "") -> list[str]:
    """Folded keys a Russian name in any case may be filed under: "Кабуле" → "кабул", ...; an
    adjective before a division's noun (``after``: "Цунтинском районе", "Харьковской
    области") also under the town it is made from ("цунта", "харьков")."""
    folded = fold_name(word)
    keys = [folded]
    for ending in _ENDINGS:
        if folded.endswith(ending) and len(folded) - len(ending) >= 3:
            stem = folded[: -len(ending)]
            keys.extend(stem + nominative for nominative in _NOMINATIVE)
            break
    if _DIVISION.match(after) and " " not in folded:
        for ending in _ADJECTIVE:
            if folded.endswith(ending) and len(folded) - len(ending) >= 3:
                town = folded[: -len(ending)]
                keys.append(town)
                # "цунтинский" from "Цунта", "грозненский" from "Грозный": a linking vowel.
                if town[-2:] in {"ин", "ен", "ов", "ев"} and len(town) >= 5:
                    keys.extend(town[:-2] + nominative for nominative in _NOMINATIVE)
                keys.extend(town + nominative for nominative in _NOMINATIVE[1:])
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
