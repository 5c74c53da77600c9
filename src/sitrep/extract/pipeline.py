"""The extraction pipeline: one document in, its statements out.

Each step is a small function of its own module (text, dates, numbers, casualties, events,
attribution, and the knowledge-base matcher); this module composes them and carries the
context a reader carries from one sentence to the next (the place, date and perpetrator
of the story so far).
"""

from __future__ import annotations

import logging
import math
import re
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from sitrep.extract.attribution import Attribution, find_attributions
from sitrep.extract.casualties import Figures, find_figures
from sitrep.extract.dates import DateMention, find_dates, hour_of
from sitrep.extract.events import EventCue, EventMatcher, EventReading
from sitrep.extract.patterns import CaseBlind, alternation
from sitrep.extract.text import Sentence, sentences
from sitrep.geo import haversine_km
from sitrep.kb.matcher import Matcher, Mention
from sitrep.kb.normalize import fold, fold_name
from sitrep.kb.registry import Actor, KnowledgeBase, Place
from sitrep.languages.detect import mixed
from sitrep.languages.reader import Reader, sentence_languages
from sitrep.model import ActorRef, Citation, Document, Figure, PlaceRef, Statement

log = logging.getLogger(__name__)

EXTRACTOR_VERSION = "extract.v1"
NOT_REPORTING = frozenset({"analysis"})

# "of" places only after a word for a place: "the town of Marka", not "clients of the Novin
# company".
_LOCATIVE = re.compile(
    r"\b(?:in|at|into|on|near|outside|around|from|to|attacked|struck|stormed|targeted|hit|"
    r"(?:town|city|village|outskirts|province|district|area|region|governorate|suburbs?|county|"
    r"state|capital|countryside|camp|neighbou?rhood|streets|centre|center|heart|north|south|east|"
    r"west|part|parts) of)"
    r"\s+(?:the\s+)?(?:[A-Z]\w+\s+){0,2}$"
)
_ORIGIN = CaseBlind(
    r"\b(?:(?:member|native|resident|operative|fighter|man|youth|bomber)s? from|"
    r"(?:taking|took|taken|take|flying|flew|launched|operating) (?:off )?from|based (?:at|in)|"
    r"(?:advancing|advanced|coming|moving|pushing) from (?:the area of )?|"
    r"(?:planes|aircraft|jets|bombers|helicopters|drones|rockets|missiles|mortars|shells|projectiles) "
    r"(?:\w+ )?from|"
    r"from (?:its|their) base (?:at|in))\s+(?:the\s+)?$",
)
_YEAR = re.compile(r"(?:\bin|\bsince|,)\s+((?:19|20)\d\d)\b")
# "a conflict that has claimed 5,000 lives since March": a war's toll to date, not an incident.
_SINCE = CaseBlind(
    r"\bsince (?:(?:early|late|mid)\s+)?(?:january|february|march|april|june|july|august|september|"
    r"october|november|december|the (?:start|beginning|outbreak)|the (?:war|conflict|insurgency))\b"
)
_SPAN = CaseBlind(
    r"\b(?:within|over|during) (?:the )?(?:(?:past|last|first|previous) )?(?:\w+ )?"
    r"(?:days|weeks|months|years)\b(?! ago)|"
    r"\bbetween (?:\w+ )?(?:19|20)\d\d and\b|"
    r"\bin (?:about |some |more than |over |at least )?\d+ (?:separate )?"
    r"(?:attacks|incidents|raids|bombings)\b|"
    r"\b\d+ (?:days|weeks|months) of (?:[\w-]+ )?(?:violence|fighting|war|clashes|conflict)\b"
)
_ACROSS = CaseBlind(
    r"\bacross (?:all |both |the |these |those |this and )?(?:\w+ )?(?:of )?(?:the |these )?"
    r"(?:attacks|incidents|events|bombings|blasts|raids|explosions|strikes)\b"
)
# Words by which a sentence tells of another event than the story's ("after an attack on
# the palace on Friday"): its day is not the story's day.
_OTHER_EVENT = CaseBlind(r"\b(?:another|second|earlier|previous|prior|separate|after|before|last)\b")
_STORY_REACH = 600
# How far before its report a lead may be dated by the day its story gives.
_LEAD_DAYS = 7
# ", Donetsk." and " (Bakhmut district, Donetsk)": a name qualifying the place before it.
_QUALIFIER = re.compile(
    r",[^\S\n]*(?P<name>[A-Z][\w'’ -]{2,40}?)(?=[^\S\n]*(?:[.;)]|,\s|$))|"
    r"[^\S\n]*\((?:[^()\n]{0,60},[^\S\n]*)?(?P<last>[A-Z][^(),\n]{2,40})\)"
)
_QUALIFIED_AFTER = re.compile(r"[^\S\n]*(?:[.;)]|,\s|$)")
_DIVISION_WORD = re.compile(r" (?:region|province|oblast|state|governorate|district)$")
_PROVINCE_OF = re.compile(r"\b(?:province|governorate|state|region) of (?:the )?$", re.I)
_COMPASS_BEFORE = re.compile(
    r"\b(?:(?:north|south)(?:-?(?:east|west))?|east|west|central)(?:ern)?\s+$|"
    r"\b(?:north|south|east|west|centre|center)\w* (?:part |region )?of (?:the )?$",
    re.I,
)
_NEAR_WORDS = CaseBlind(
    r"near|outside|outskirts|around|north|south|east|west|kilomet|km|countryside|region|area|vicinity"
)
_ORIGIN_WORDS = CaseBlind(r"from|based")
_NOTE_TAG = re.compile(r"^([A-Z][A-Za-z -]{2,30}):\s")
_SAID_ON = re.compile(
    r"\b(?:said|says|announced|reported|stated|added|confirmed|told \w+|statement)\s+(?:on\s+)?(?:the\s+)?"
    # "announced on Sunday (August 1st)": the date beside the weekday restates it.
    r"(?:(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)\s*\(\s*)?$",
    re.I,
)
_BACKGROUND_DAYS = 30
# "KABUL, Afghanistan (AP) —", "MOGADISHU, Feb 27 (Reuters) -", "Aden:", "BEIRUT Syrian ...": where
# the report was filed, which names the event's place only when the report names none closer.
_DATELINE = re.compile(
    r"^\s*(?:[A-Z][\w'’.-]+(?: [A-Z][\w'’.-]+){0,2})(?:, ?[A-Z][A-Za-z]+(?: [A-Z][A-Za-z]+)?)?"
    r"(?:,? ?[A-Z][a-z]{2,8}\.? \d{1,2})?"
    r"(?: ?\([^()\n]{2,40}\) ?(?:[-–—:]+ )?| ?(?:[-–—:]+) )"
    r"|^\s*[A-Z]{3,}(?: [A-Z]{3,})? (?=[A-Z][a-z])"
)
_EARLIER = CaseBlind(
    r"\b(?:had (?:earlier|initially|previously|first) (?:said|reported|put|given|announced)|"
    r"(?:earlier|initial|first|preliminary) (?:toll|death toll|figures?|reports?|count)|"
    r"initially (?:said|reported|put))\b"
)
_EARLIER_EVENT = CaseBlind(
    r"\b(?:a|one|two|three|four|five|six|several|\d+) (?:day|days|week|weeks|month|months) "
    r"(?:after|since)\b(?! the (?:attack|blast|bombing|explosion))"
)
_SHOUTED = re.compile(r"\s*([A-Z]{3,}(?: [A-Z]{3,}){0,2})\b")
# "near the Niger border", "the border with Mali": a neighbour named for where the border is.
# "Mombasa Road in Nairobi", "Casuarina Square in Darwin": a street named after a place.
_STREET = r"(?:Road|Rd|Street|St|Avenue|Ave|Highway|Square|Boulevard|Lane|Bridge|Junction|Roundabout|Mall)\b"
# "Teftnaz town", "Kafr Nabl village": named as a place by the word after it.
_PLACE_NOUN_AFTER = re.compile(
    r" (?:towns?|villages?|city|cities|district|sub-?district|camps?|neighbou?rhoods?)\b"
)
_STREET_AFTER = re.compile(rf"^[ -]{_STREET}")
# "Garowe Online", "Kabul Times", "Radio Dalsan": an outlet named after a place.
_OUTLET_AFTER = re.compile(
    r"^ (?:Online|News|Times|Post|Radio|TV|Television|Tribune|Herald|Journal|Gazette|Observer)\b"
)
_STREET_NAME = re.compile(rf"\b{_STREET}$")
_BORDER_AFTER = re.compile(r"^\W{0,2}(?:border|frontier)\b", re.I)
_BORDER_BEFORE = re.compile(r"\bborder (?:with|of)\s+(?:the\s+)?$", re.I)
_LOWER_WORD = re.compile(
    r"^\s+(?!(?:province|city|district|governorate|region|state|county|town|village|area|camp)\b)[a-z]"
)
_CAPTION = re.compile(
    r"^(?:Right|Left|Above|Below|Top|Bottom|Center|Centre|Photo|Picture|Image)\s*:|^Map of\b"
)
_SHORT_DOCUMENT = 6
# ACLED's interceptions, seizures and controlled detonations: its actor1 is who disrupted.
_DISRUPTED = "Disrupted weapons use"
_OWN_OPERATIONS = frozenset(["Air/drone strike", "Shelling/artillery/missile attack", "Armed clash"])
_CAMPAIGN_BEFORE = re.compile(
    r"\b(?:(?:operations?|campaign|battle|offensive|commander|command) (?:for|of) (?:the\s+)?|"
    r"(?:after|since|following|before|prior to|turned to|moved on to|aimed at|aims at|attempt at|"
    r"bid for|push for|complete|completing)\s+(?:the\s+)?)$",
    re.I,
)
_NEAR = CaseBlind(
    r"\b(?:near|outside|outskirts of|around|(?:north|south|east|west|northeast|northwest|southeast|"
    r"southwest)(?:ern)?(?: side)? of|kilometers? (?:from|of)|km (?:from|of)|countryside of|"
    r"region of|area of|vicinity of)\s+(?:the\s+)?(?:\w+\s+){0,3}$",
)
_VICTIM_BEFORE = re.compile(
    r"\b(?:against|(?<!blamed )on|targeting|targeted|attacked|attacking|killing|killed|at|fired at|hitting|"
    r"striking|bombing|bombed|shelling|shelled|"
    r"struck|hit|manned by|posts of|positions of|toward|towards|clear\w* (?:the \w+ )?of)\s+(?:the\s+)?"
    r"(?:(?!(?:as|when|after|while|because|since|before|in|during|by)\s)\w+\s+){0,2}$",
    re.I,
)
# "killing dozens of fighters of the Headquarters ...": the actor is among the counted dead.
_COUNTED_BEFORE = re.compile(
    r"\b(?:killing|killed|wounding|wounded|injuring|injured)\s+(?:[\w-]+\s+){1,4}"
    r"(?:of|from)\s+(?:the\s+)?$",
    re.I,
)
_LOSER_BEFORE = re.compile(r"\bfrom\s+(?:the\s+)?$", re.I)
_REPORTER_BEFORE = re.compile(r"\baccording to\s+(?:the\s+)?(?:[\w-]+\s+){0,2}$", re.I)
_GROUP_SAID = re.compile(
    r"\bthe (?:group|organi[sz]ation|militants|insurgents)\s+(?:claimed|claims|said|says|announced|stated)\b",
    re.I,
)
# "killed in a Taliban attack": what follows a preposition is not the verb's object.
_NOT_CONJUNCTION = r"(?!(?:as|when|after|while|because|since|before|in|during|by)\s)"
_KILLED_BEFORE = re.compile(
    r"\b(?:killing|killed|wounding|wounded|injuring|injured)\s+(?:" + _NOT_CONJUNCTION + r"[\w-]+\s+){0,2}$",
    re.I,
)
# "two members of the Popular Mobilization were killed": the actor is the counted group.
_COUNTED_AFTER = re.compile(
    r"^(?:'s)?\s*(?:[\w-]+\s+){0,3}?(?:were|was|had been|have been|has been)\s+"
    r"(?:killed|wounded|injured|hurt)\b",
    re.I,
)
_PERPETRATOR_AFTER = re.compile(
    r"^(?:'s)?\s*(?:\w+\s+){0,2}?(?:operatives?|fighters|militants|suicide|car bomb|ied|gunmen|"
    r"terrorists?|detonated|attacked|carried out|launched|fired|shelled|stormed|claimed|"
    r"announced|issued a claim|retook|took|seized|captured|recaptured|struck|bombed|killed|"
    r"ambushed|halted|repulsed|repelled|counterattacked|forces (?:had )?(?:retaken|taken)|"
    # "killed in a Taliban attack"
    r"attacks?|ambush|raid|assault|offensive)\b",
    re.I,
)
_BY_BEFORE = re.compile(
    r"\b(?:by|led by|headed by|an?|operatives? of|blamed on|blamed|blaming|attributed to)"
    r"\s+(?:the\s+)?$",
    re.I,
)
_TARGET_AFTER = re.compile(
    r"^(?:'s)?\W*(?:targets?|positions|strongholds|depots|hideouts|posts|suffered|lost|"
    # "outside the Taliban-run Attorney General's office"
    r"run|held|controlled|"
    r"command cent(?:er|re)s)\b",
    re.I,
)
# "the Taliban reported ... a lower number of casualties": who tells, not who acts.
_REPORTS_AFTER = re.compile(r"^\s*(?:\w+\s+)?(?:reported|told|confirmed)\b", re.I)
# "No one immediately claimed responsibility", "there was no immediate claim of responsibility".
_NO_CLAIM_BEFORE = re.compile(r"\b(?:no|not|nobody|none|yet to)\b(?:\s+\w+){0,3}\s*$")
_CLAIM_VERB_AFTER = re.compile(r"^\s*(?:\w+\s+){0,1}(?:claimed|announced|said|issued a claim|stated)", re.I)
_CONTINUATION = CaseBlind(
    r"\b(?:then|other|another|the ensuing|the explosion|the attack|elsewhere|"
    r"the blast|the bombing|the clash|the assault)\b",
)


# "the death toll is expected to rise": a forecast of the count, not of another attack.
_TOLL_BEFORE = re.compile(r"\b(?:toll|casualties|number of (?:dead|deaths|victims))(?: \w+){0,2} $")


@dataclass
class _Report:
    """A report's text, its folded form with each folded character's offset in the text, and
    where it names each name asked about so far (asked again for every place of every sentence)."""

    text: str
    folded: str
    offsets: list[int]
    named: dict[str, list[int]] = field(default_factory=dict)

    def names(self, key: str) -> list[int]:
        """Where (offsets in the text) the report names ``key``, a folded name, as a proper name."""
        found = self.named.get(key)
        if found is None:
            found = []
            folded, at = self.folded, self.folded.find(key)
            while at != -1:
                end = at + len(key)
                origin = self.offsets[at]
                if (
                    (at == 0 or not folded[at - 1].isalnum())
                    and (end == len(folded) or not folded[end].isalnum())
                    # A proper name, not the word "centre" or "north" in a sentence.
                    and not self.text[origin : origin + 1].islower()
                ):
                    found.append(origin)
                at = folded.find(key, end)
            self.named[key] = found
        return found


@dataclass
class _Context:
    """What the story so far has established, carried from sentence to sentence."""

    heading: str | None = None
    paragraph: int = -1
    place: PlaceRef | None = None
    heading_place: PlaceRef | None = None
    region: PlaceRef | None = None
    country: PlaceRef | None = None
    date: date | None = None
    # The story's date came only from when its lead was reported: a day told later replaces it.
    date_weak: bool = False
    # Whether the last sentence's statements were dated by their report alone.
    undated: bool = False
    actor1: ActorRef | None = None
    actor_paragraph: int = -1
    reading: EventReading | None = None
    reading_paragraph: int = -1
    countries: set[str] = field(default_factory=set)
    anchors: list[tuple[float, float]] = field(default_factory=list)
    voice: ActorRef | None = None
    report: _Report = field(default_factory=lambda: _Report("", "", []))
    mention_starts: list[int] = field(default_factory=list)
    cues: list[EventCue] = field(default_factory=list)
    cue_starts: list[int] = field(default_factory=list)
    sentence_count: int = 0
    first_sentence: int = 0
    caption: bool = False
    # Whether the heading above is a summary's; read for every sentence, so found once.
    summary: bool = False
    # The document's identity, hashed once rather than for each statement.
    document_hash: str = ""
    # Where the report was filed, and the span of its dateline.
    dateline: PlaceRef | None = None
    dateline_end: int = 0
    # The coding a note's opening tag gives ("Interception: ..."), for the whole note.
    coding: tuple[str, str] | None = None
    # The one country the report is about, for a lead that names no place of its own.
    home: PlaceRef | None = None


def _date_from_what_follows(statements: list[Statement]) -> list[Statement]:
    """ "At least 10 people have been killed in Afgoye. ... Clashes on the 18 Oct 16 started when
    a suicide bomber ...": an undated lead takes the day the next lines of its story give.

    Only a statement dated by its publication alone, and only from a dated statement that
    follows closely in the same section, at the same place or within the lead's country.
    """
    out = list(statements)
    for i, lead in enumerate(out):
        if lead.date_explicit or lead.place is None or lead.kind != "incident":
            continue
        for later in out[i + 1 :]:
            if later.section != lead.section or later.start - lead.end > _STORY_REACH:
                break
            if not later.date_explicit or later.date is None or later.place is None:
                continue
            same_place = later.place.id == lead.place.id or (
                lead.place.kind == "country" and later.place.country == lead.place.country
            )
            if same_place and lead.date is not None and later.date <= lead.date:
                out[i] = replace(lead, date=later.date)
            break
    return out


def _turned_violent(statements: list[Statement], riot_cues: list[int]) -> list[Statement]:
    """ "Residents held a demonstration ... Demonstrators burned tires on the road": a protest
    whose story goes on to a riot's words, before the report's next event, is a violent
    demonstration, as ACLED codes it."""
    if not riot_cues:
        return statements
    out = list(statements)
    for i, s in enumerate(out):
        if s.event_type != "Protests":
            continue
        until = min(out[i + 1].start if i + 1 < len(out) else s.start + _STORY_REACH, s.start + _STORY_REACH)
        if any(s.start <= cue < until for cue in riot_cues):
            out[i] = replace(s, event_type="Riots", sub_event_type="Violent demonstration")
    return out


def _qualifies(text: str, mention: Mention) -> bool:
    """Whether a mention names the province of the place before it: "Bohdanivka, Donetsk.",
    "(Bakhmut, Donetsk)"; not a list's next town ("Aleppo, Idlib and Hama")."""
    head = text[max(0, mention.start - 70) : mention.start].rstrip(" \t")
    if not head or head[-1] not in ",(":
        return False
    if head[-1] == ",":
        opened = head.rfind("(")
        inside = opened > head.rfind(")") and "\n" not in head[opened:] and len(head) - opened <= 62
        before = head[:-1].rstrip(" \t").split()
        if not (inside or (before and before[-1][:1].isupper())):
            return False
    return bool(_QUALIFIED_AFTER.match(text, mention.end))


def _within(place: PlaceRef, area: PlaceRef | None) -> bool:
    """Whether ``place`` lies in ``area``, a country or a province."""
    if area is None or place.precision >= 3 or place.country != area.country:
        return False
    return area.kind == "country" or place.admin1 == area.name or place.admin1 is None


_NAME_BEFORE = re.compile(
    r"(?<![.!?:;,(\"“‘'\n])[^\S\n](?:[A-Z][a-z]+ )*"
    # "North Waziristan", "Greater Cairo": a direction or a size says which part, it names none;
    # nor does a word that opens a sentence ("In Daraa, ...").
    r"(?!(?:North|South|East|West|Northern|Southern|Eastern|Western|Central|Upper|Lower|Greater|"
    r"Old|New|Outer|Inner|Middle|In|At|On|Near|From|To|The|And|But|Elsewhere|Meanwhile)\b)[A-Z][a-z]+ $"
)


# Forces named after these words are not the country's forces acting: "a drone by unknown
# military forces" (no known country's), "opened fire on police officers" (the target).
_NOT_ACTING_BEFORE = re.compile(
    r"\b(?:unknown|unidentified|foreign|suspected|rogue) $|"
    # "opened fire on police officers deployed at the gate": the forces are the target.
    r"\b(?:on|at|against|targeting|targeted|attacked|attacking|ambushed|killing|killed|wounding|"
    r"injuring|of|with|two|three|four|five|six|seven|eight|nine|ten|\d+)(?: the| \w+)? $"
)
# "Military Forces of Brazil", "Police Forces of Turkey": ACLED's names for a country's forces.
_FORCE_KIND = re.compile(r"^(Military|Police) Forces of ")
# What a country's forces do when a report names them by no nationality; "killed" and "shot"
# are left out, as "soldiers killed" is as often the dead.
_FORCES_ACT = (
    r"(?:\w+ ){0,2}?(?:exchanged|arrested|detained|fired|opened fire|raided|clashed|seized|conducted|"
    r"attacked|intercepted|destroyed|dismantled|carried out|launched|repelled|repulsed|stormed|"
    r"ambushed|shelled|dispersed|captured|abducted|bombed|struck|beat|tortured|"
    r"shot and killed|shot dead)\b"
)


def _part_of_longer_name(before: str) -> bool:
    """Whether capitalised words run straight into the mention from within the sentence."""
    return bool(_NAME_BEFORE.search(before))


def _cased_otherwise(surface: str, name: str) -> bool:
    """ "FAMa" against "Fama": a word with capitals inside it that the place's name has not (an
    acronym), where the text is not all capitals (a headline)."""
    return not surface.isupper() and any(
        ch.isupper() and not (i < len(name) and name[i].isupper())
        for i, ch in enumerate(surface)
        if i > 0 and surface[i - 1].isalpha()
    )


def _nearest_km(place: Place, anchors: Sequence[tuple[float, float]]) -> float:
    if place.lat is None or place.lon is None:
        return math.inf
    return min((haversine_km(place.lat, place.lon, lat, lon) for lat, lon in anchors), default=math.inf)


class Extractor:
    """Turns documents into statements using one knowledge base."""

    version = EXTRACTOR_VERSION

    def __init__(self, kb: KnowledgeBase, matcher: Matcher | None = None) -> None:
        self.kb = kb
        self.matcher = matcher or Matcher(kb)
        self.events = EventMatcher(kb.lexicon)
        # Only whether and where these match is read, never which phrase matched.
        self._hedges = re.compile(r"\b" + alternation(fold_name(h) for h in kb.lexicon.hedges) + r"\b")
        self._claims = re.compile(r"\b" + alternation(fold_name(c) for c in kb.lexicon.claim_phrases) + r"\b")
        self._channels = {fold_name(k): v for k, v in kb.lexicon.claim_channels.items()}
        self._countries = {
            p.country: p for p in kb.places if p.kind == "country" and p.country and not p.languages
        }
        # Each country's own military and police forces, for forces a report names by no
        # nationality ("civil police officers exchanged fire").
        self._state_forces: dict[tuple[str, str], Actor] = {}
        for actor in kb.actors:
            force = _FORCE_KIND.match(actor.acled_name or "")
            if actor.country and force and actor.type in {"state force", "foreign state force"}:
                self._state_forces.setdefault((actor.country, force.group(1).lower()), actor)
        # (kind, pattern): the force's noun followed by what it did, or after "by".
        self._nameless_forces = []
        for kind, nouns in kb.lexicon.state_force_nouns.items():
            names = rf"(?:{alternation(nouns)})"
            pattern = re.compile(rf"\b(?:by (?:the )?{names}\b|{names} {_FORCES_ACT})")
            self._nameless_forces.append((kind, pattern))
        self.reader = Reader(self)

    # -- the parts -------------------------------------------------------------------------

    def _document_citation(self, doc: Document) -> Citation | None:
        if not doc.source:
            return None
        source = self.kb.find_source(doc.source)
        name = source.name if source else doc.source
        return Citation(
            name=name, date=doc.published, affiliation=source.affiliation if source else None, url=doc.url
        )

    def _place_ref(self, place: Place, precision: int) -> PlaceRef:
        admin1 = place.admin1
        return PlaceRef(
            id=place.id,
            name=place.name,
            country=place.country,
            admin1=admin1,
            lat=place.lat,
            lon=place.lon,
            kind=place.kind,
            precision=max(precision, place.precision),
        )

    def _document_countries(self, mentions: list[Mention], text: str = "") -> set[str]:
        """The countries a report is about, by a vote of every place it names.

        A name that can only be in one country (or a curated place, or a country's own name)
        weighs most; "La Sabana" (a dozen countries) beside "Guerrero" leans to Mexico. A
        country named for whose forces they are ("U.S. and Somali forces") casts no vote.
        """
        votes: dict[str, float] = {}
        for m in mentions:
            if m.uncertain:
                # A name found by its sound alone is placed by the report's countries.
                continue
            places = self.matcher.places_of(m)
            if text and places and places[0].kind == "country" and self._adjectival(text, m, 0):
                continue
            countries = {p.country for p in places if p.country}
            if not countries:
                continue
            weight = 3.0 if any(p.curated or p.kind == "country" for p in places) else 1.0
            for country in countries:
                votes[country] = votes.get(country, 0.0) + weight / len(countries)
        if not votes:
            return set()
        top = max(votes.values())
        return {country for country, vote in votes.items() if vote >= top / 2}

    def _anchors(self, mentions: list[Mention], countries: set[str]) -> list[tuple[float, float]]:
        """Where the report's unambiguous places are: one candidate, or a curated one."""
        out = []
        for m in mentions:
            if m.uncertain:
                continue
            places = self.matcher.places_of(m)
            curated = [p for p in places if p.curated]
            sure = curated if len(curated) == 1 else places if len(places) == 1 else []
            for p in sure:
                if p.lat is not None and p.lon is not None and p.kind != "country" and p.country in countries:
                    out.append((p.lat, p.lon))
        return out

    def _division_distance(self, place: Place, mention: Mention, report: _Report) -> int | None:
        """How near the mention the report names the province ``place`` lies in (in characters),
        elsewhere than in the mention itself: "Altamirano, Chiapas", "Columbia (Maryland)",
        "Hajjah city (Hajjah)". None if it names it nowhere."""
        if place.admin1 is None or place.precision == 3:
            # A province does not lie in itself: "Sanaa - Sanaa Airport" names the city twice.
            return None
        distances = [
            origin - mention.end if origin >= mention.end else mention.start - origin
            for key in self.kb.divisions.keys(place.country, place.admin1)
            for origin in report.names(key)
            if not mention.start <= origin < mention.end
        ]
        return min(distances, default=None)

    def _pick_place(
        self,
        mention: Mention,
        countries: set[str],
        anchors: Sequence[tuple[float, float]] = (),
        report: _Report | None = None,
    ) -> Place | None:
        candidates = self.matcher.places_of(mention)
        candidates = [p for p in candidates if p.kind not in {"river", "sea"}]
        if not candidates:
            return None
        curated = [p for p in candidates if p.curated]
        pool = curated or candidates
        in_context = [p for p in pool if p.country in countries]
        if report is not None and (not in_context or len({(p.country, p.admin1) for p in candidates}) > 1):
            # "Rochester (New York)", "Hajjah city (Hajjah)" in a report about Gaza protests: the
            # province named beside a place settles which of its namesakes it is, and where.
            distances = {p.id: self._division_distance(p, mention, report) for p in candidates}
            named = [p for p in candidates if distances[p.id] is not None]
            if named:
                # Of two namesakes whose provinces are both named, the one named nearer.
                nearest = min(d for d in distances.values() if d is not None)
                pool = in_context = [p for p in named if distances[p.id] == nearest]
            elif self._outside_division_named(mention, report, candidates):
                # "Bohdanivka, Donetsk" where the gazetteer knows only namesakes in other
                # provinces: better the province named than a wrong pin.
                return None
        if report is not None and _qualifies(report.text, mention):
            # "Bohdanivka, Donetsk", "(Bakhmut, Donetsk)": the name after a place is its province.
            provinces = [p for p in pool if p.kind == "province"]
            if len(provinces) == 1:
                pool = provinces
                in_context = [p for p in pool if p.country in countries]
        if (countries or mention.uncertain) and not in_context and not curated:
            # "Kafr Taal ... in Aleppo countryside": a Philippine "Taal" in a Syrian report is a
            # wrong pin; better the province or the country the report is about.
            return None
        pool = in_context or pool
        if len(pool) > 1 and anchors:
            # "La Sabana ... in Villahermosa": of the places so named, the one nearest the report's other,
            # unambiguous places.
            return min(pool, key=lambda p: (p.precision, _nearest_km(p, anchors), -p.population))
        # "Nairobi", "Kherson", "Abuja": the city before the province or country of its name.
        return min(pool, key=lambda p: (p.precision, -p.population))

    def _outside_division_named(self, mention: Mention, report: _Report, candidates: list[Place]) -> bool:
        """Whether the name after ``mention`` (", Donetsk.", "(Bakhmut, Donetsk)") is a division
        of a country where every place so named lies, as far as the gazetteer tells, in another
        division (none lies in it: the caller found none named)."""
        after = (
            _QUALIFIER.match(report.text, mention.end)
            if report.text.startswith((",", " (", "("), mention.end)
            else None
        )
        if after is None:
            return False
        key = _DIVISION_WORD.sub("", fold_name(after.group("name") or after.group("last")))
        countries = {p.country for p in candidates if self.kb.divisions.names_one(p.country, key)}
        return bool(countries) and all(p.admin1 is not None for p in candidates if p.country in countries)

    def _province_named(self, mention: Mention, place: Place) -> Place | None:
        """The province a mention names where the report says so, of ``place``'s country."""
        provinces = [p for p in self.matcher.places_of(mention) if p.kind == "province"]
        if not provinces:
            key = fold_name(mention.surface)
            entries = self.matcher.lookup([f"{key} {word}" for word in self.kb.lexicon.division_words])
            provinces = [self.matcher.place(e.id) for e in entries if e.kind == "place"]
        return next((p for p in provinces if p.kind == "province" and p.country == place.country), None)

    def _places(
        self,
        text: str,
        offset: int,
        mentions: list[Mention],
        countries: set[str],
        anchors: Sequence[tuple[float, float]] = (),
        report: _Report | None = None,
    ) -> list[tuple[int, PlaceRef]]:
        """Places named in a sentence, with a rank (lower is a likelier event location)."""
        found = []
        for m in mentions:
            place = self._pick_place(m, countries, anchors, report)
            if place is None:
                continue
            before = text[max(0, m.start - offset - 60) : m.start - offset]
            after = text[m.end - offset : m.end - offset + 20]
            if not m.curated and not before.strip(" \"'“‘*-–—▶►◆•") and _LOWER_WORD.match(after):
                # "More than 60 people were killed": a capital that only opens the sentence.
                continue
            if _STREET_AFTER.match(after) or _STREET_NAME.search(m.surface) or _OUTLET_AFTER.match(after):
                continue
            if (
                place.kind != "province"
                and before.endswith(("of ", "of the "))
                and _PROVINCE_OF.search(before)
            ):
                # "the southern province of Deraa": the province, not the city of its name.
                place = self._province_named(m, place) or place
            if not m.curated and (_part_of_longer_name(before) or _cased_otherwise(m.surface, place.name)):
                # "Pauk Nay ward", "Mya Kone village": the end of a name the gazetteer lacks;
                # "FAMa" (Mali's army) is no "Fama".
                continue
            if place.kind == "country" and (
                _BORDER_AFTER.search(after)
                or _BORDER_BEFORE.search(before)
                or self._adjectival(text, m, offset)
            ):
                # "U.S. military", "near the Niger border": the country describes, it is not where.
                continue
            # The patterns below look back from the name; most windows hold none of their words.
            near = _NEAR_WORDS.search(before)
            precision = 2 if near and _NEAR.search(before) else 1
            if _ORIGIN_WORDS.search(before) and _ORIGIN.search(before):
                # "an HTS member from Beit Jinn", "aircraft taking off from Hmeimim": where the
                # attackers came from, not where the event took place.
                continue
            where = _LOCATIVE.search(before) or _PLACE_NOUN_AFTER.match(after)
            rank = (0 if where else 1) + (2 if place.precision == 3 else 0)
            rank += 1 if place.kind == "country" else 0
            found.append((rank, self._place_ref(place, precision)))
        return found

    def _dateline(self, text: str, mentions: list[Mention], ctx: _Context) -> None:
        """The place a report was filed from, when it opens with a dateline naming one."""
        found = _DATELINE.match(text)
        if found is None:
            return
        for m in mentions:
            if m.start >= found.end():
                break
            place = self._pick_place(m, ctx.countries, ctx.anchors, ctx.report)
            if place is not None and place.kind != "country":
                ctx.dateline, ctx.dateline_end = self._place_ref(place, 1), found.end()
                return
        shouted = _SHOUTED.match(text)
        if shouted is not None:
            # "BANNU, Dec 4:": a short name in capitals is read as an acronym elsewhere, not here.
            for m in self.matcher.find(shouted.group(1).title()):
                place = self._pick_place(m, ctx.countries, ctx.anchors)
                if place is not None and place.kind != "country":
                    ctx.dateline, ctx.dateline_end = self._place_ref(place, 1), found.end()
                    return

    def _adjectival(self, text: str, mention: Mention, offset: int) -> bool:
        """ "U.S. and local forces came under attack": a country named for whose forces they are."""
        after = fold_name(text[mention.end - offset : mention.end - offset + 30])
        words = after.split()
        if words[:1] == ["and"]:
            words = words[2:]
        nouns = self.kb.lexicon.security_nouns
        return any(" ".join(words[:n]) in nouns for n in (1, 2))

    def _actor_for(self, mention: Mention) -> Actor | None:
        for entry in mention.entries:
            if entry.kind == "actor" and not entry.uncertain:
                actor = self.matcher.actor(entry.id)
                if actor.type == "person":
                    return self.kb.actor_by_id.get(actor.member_of or "")
                return actor
        return None

    def _actors(
        self, text: str, offset: int, mentions: list[Mention], control: bool = False
    ) -> tuple[ActorRef | None, ActorRef | None, ActorRef | None]:
        """(perpetrator, other side, claimant) among the actors a sentence names."""
        scored: list[tuple[int, int, ActorRef]] = []
        claimant = None
        for order, m in enumerate(mentions):
            actor = self._actor_for(m)
            if actor is None:
                continue
            ref = ActorRef(actor.id, actor.name, m.surface)
            before = text[max(0, m.start - offset - 40) : m.start - offset]
            if _REPORTER_BEFORE.search(before):
                # "according to the Arab Union Party": who tells, not who acts.
                continue
            after = text[m.end - offset : m.end - offset + 60]
            if _REPORTS_AFTER.search(after):
                continue
            score = 0
            counted = _COUNTED_AFTER.search(after)
            # "gendarmes were killed": the dead, whatever verb comes after.
            if (not counted and _PERPETRATOR_AFTER.search(after)) or _BY_BEFORE.search(before):
                score -= 2
            if (
                _VICTIM_BEFORE.search(before)
                or _TARGET_AFTER.search(after)
                or _COUNTED_BEFORE.search(before)
                or counted
            ):
                score += 2
            if control and _LOSER_BEFORE.search(before):
                # "taken a stretch of the border area from Daesh": the side that lost it.
                score += 3
            if _KILLED_BEFORE.search(before):
                # "killed two Popular Mobilization fighters": the dead are never the attackers.
                score += 1
            if _CLAIM_VERB_AFTER.search(after) and claimant is None:
                claimant = ref
            scored.append((score, order, ref))
        if not scored:
            return None, None, claimant
        # An actor named once as attacker is the attacker; named only as target, a target.
        by_actor: dict[str, list[int]] = {}
        for score, _, ref in scored:
            by_actor.setdefault(ref.id, []).append(score)
        scored = [
            (min(by_actor[ref.id]) if min(by_actor[ref.id]) < 0 else max(by_actor[ref.id]), order, ref)
            for _, order, ref in scored
        ]
        scored.sort(key=lambda s: (s[0], s[1]))
        actor1 = scored[0][2] if scored[0][0] <= 0 else None
        # The other side is the one most plainly on the receiving end.
        others = [
            r
            for _, _, r in sorted(scored, key=lambda x: (-x[0], x[1]))
            if actor1 is None or r.id != actor1.id
        ]
        actor2 = others[0] if others else None
        if actor1 is None and actor2 is not None and len(scored) == 1:
            return None, actor2, claimant
        return actor1, actor2, claimant

    def _nameless_force(self, folded: str, country: str, other: ActorRef | None) -> ActorRef | None:
        """ "Civil police officers exchanged fire with a suspect", "shot by police": the police
        or military forces of the country the event is in, when they act and no one else does."""
        for kind, pattern in self._nameless_forces:
            found = next(
                (f for f in pattern.finditer(folded) if not _NOT_ACTING_BEFORE.search(folded, 0, f.start())),
                None,
            )
            actor = self._state_forces.get((country, kind)) if found else None
            if found and actor is not None and (other is None or other.id != actor.id):
                return ActorRef(actor.id, actor.name, found.group().removeprefix("by ").removeprefix("the "))
        return None

    def _disrupter(
        self, actor1: ActorRef | None, actor2: ActorRef | None, country: str
    ) -> tuple[ActorRef | None, ActorRef | None]:
        """(actor1, actor2) of a disrupted weapons use, as ACLED codes it: the force that
        intercepted or seized first. "Hamas militants fired barrages of rockets ... some were
        intercepted" over Israel: Israel's military, then Hamas."""
        named = self.kb.actor_by_id.get(actor1.id) if actor1 is not None else None
        if named is not None and named.is_state:
            return actor1, actor2
        forces = self._state_forces.get((country, "military"))
        if forces is None:
            return actor1, actor2
        return ActorRef(forces.id, forces.name), actor1 or actor2

    def _armed_victims(self, figures: Figures, other: ActorRef | None) -> bool:
        other_actor = self.kb.actor_by_id.get(other.id) if other is not None else None
        if other_actor is not None and other_actor.is_state:
            return True
        nouns = self.kb.lexicon.security_nouns
        return any(
            f" {noun} " in f" {fold_name(f.group or '')} "
            for f in (*figures.killed, *figures.wounded)
            for noun in nouns
        )

    def _sides_with_government(self, actor: Actor) -> bool:
        """A state force, or one affiliated with a state force (ACLED: "or their affiliates")."""
        if actor.is_state:
            return True
        for relation in actor.relations:
            ally = self.kb.actor_by_id.get(relation.actor)
            if relation.relation == "affiliated with" and ally is not None and ally.is_state:
                return True
        return False

    def _channel(self, folded: str, citations: tuple[Citation, ...]) -> str | None:
        for key, channel in self._channels.items():
            if re.search(rf"\b{re.escape(key)}\b", folded):
                return channel
        for c in citations:
            key = fold_name(c.name)
            if key in self._channels:
                return self._channels[key]
        return None

    # -- the whole -------------------------------------------------------------------------

    def _citations_by_sentence(
        self, doc: Document, sents: list[Sentence], attributions: list[Attribution]
    ) -> list[tuple[Citation, ...]]:
        own: list[tuple[Citation, ...]] = []
        for s in sents:
            cites = tuple(c for a in attributions if s.start <= a.start < s.end for c in a.citations)
            own.append(cites)
        fallback = self._document_citation(doc)
        # A sentence's paragraph-mates, looked up rather than found by a scan of the document.
        by_paragraph: dict[int, list[int]] = {}
        for i, s in enumerate(sents):
            by_paragraph.setdefault(s.paragraph, []).append(i)
        resolved: list[tuple[Citation, ...]] = []
        for i, s in enumerate(sents):
            cites = own[i]
            if not cites:
                mates = by_paragraph[s.paragraph]
                later = [own[j] for j in mates if j > i and own[j]]
                earlier = [own[j] for j in reversed(mates) if j < i and own[j]]
                cites = later[0] if later else earlier[0] if earlier else ()
            if not cites and fallback is not None:
                cites = (fallback,)
            resolved.append(cites)
        return resolved

    def extract(self, doc: Document) -> list[Statement]:
        """Every incident, claim and control statement the document makes.

        An outlet the registry knows as analysis (commentary, assessments) reports no events,
        so its documents yield none.
        """
        source = self.kb.find_source(doc.source) if doc.source else None
        if source is not None and source.kind in NOT_REPORTING:
            return []
        # Arabic, Persian, Russian and French sentences are read by their own lexicons; a
        # document wholly in one of them needs nothing of what follows.
        foreign = sentence_languages(doc)
        if foreign and not mixed(doc.text):
            return self.reader.extract(doc, foreign)
        text = doc.text
        sents = sentences(text)
        attributions = find_attributions(text, self.kb)
        citations = self._citations_by_sentence(doc, sents, attributions)
        ctx = _Context(document_hash=doc.hash)
        # The whole report is folded once, for names and triggers; sentences take slices.
        folded = fold(text)
        ctx.report = _Report(text, *folded)
        mentions = self.matcher.find(text, folded)
        ctx.cues = self.events.cues(text, folded)
        ctx.cue_starts = [c.start for c in ctx.cues]
        ctx.mention_starts = [m.start for m in mentions]
        speaker = self.kb.actor_by_id.get(source.speaks_for or "") if source is not None else None
        if speaker is not None:
            ctx.voice = ActorRef(speaker.id, speaker.name, doc.source or "")
        ctx.countries = self._document_countries(mentions, text)
        ctx.anchors = self._anchors(mentions, ctx.countries)
        self._dateline(text, mentions, ctx)
        if len(ctx.countries) == 1:
            home = self._countries.get(next(iter(ctx.countries)))
            ctx.home = self._place_ref(home, 3) if home is not None else None
        ctx.sentence_count = len(sents)
        ctx.summary = self._summary_heading(None)
        ctx.first_sentence = sents[0].start if sents else 0
        out: list[Statement] = []
        # Leads dated by their report alone, waiting for the day the story goes on to give;
        # leads placed only in a country or province, waiting for the town it goes on to name.
        waiting: list[int] = []
        coarse: list[int] = []
        for sent, cites in zip(sents, citations, strict=True):
            before = (ctx.heading, ctx.date, ctx.date_weak)
            story_place = ctx.place
            found = self._sentence(doc, sent, cites, attributions, mentions, ctx)
            if coarse and (ctx.heading != before[0] or (ctx.date != before[1] and not before[2])):
                coarse = []
            elif coarse and ctx.place is not None and ctx.place is not story_place:
                # A sentence that tells an event of its own there is another event, not the lead's.
                told = any(st.kind == "incident" for st in found)
                for i in [] if told else coarse:
                    if sent.start - out[i].end <= _STORY_REACH and _within(ctx.place, out[i].place):
                        out[i] = replace(out[i], place=ctx.place)
                coarse = []
            if waiting and (ctx.heading != before[0] or (ctx.date != before[1] and not before[2])):
                waiting = []
            elif waiting and ctx.date is not None and ctx.date != before[1] and not ctx.date_weak:
                for i in waiting:
                    lead = out[i]
                    if (
                        sent.start - lead.end <= _STORY_REACH
                        and lead.date is not None
                        and timedelta(0) < lead.date - ctx.date <= timedelta(days=_LEAD_DAYS)
                    ):
                        out[i] = replace(lead, date=ctx.date)
                waiting = []
            if found and ctx.undated:
                waiting.extend(range(len(out), len(out) + len(found)))
            coarse.extend(
                len(out) + i for i, st in enumerate(found) if st.place is not None and st.place.precision == 3
            )
            out.extend(found)
        out = _turned_violent(out, [c.start for c in ctx.cues if c.rule.event_type == "Riots"])
        if foreign:
            out.extend(self.reader.extract(doc, foreign))
            out.sort(key=lambda s: s.start)
        return _date_from_what_follows(out)

    def _sentence(
        self,
        doc: Document,
        sent: Sentence,
        cites: tuple[Citation, ...],
        attributions: list[Attribution],
        mentions: list[Mention],
        ctx: _Context,
    ) -> list[Statement]:
        if sent.heading != ctx.heading:
            ctx.heading, ctx.place, ctx.actor1, ctx.date = sent.heading, None, None, None
            ctx.date_weak = False
            ctx.region = ctx.country = None
            ctx.heading_place = None
            if sent.heading:
                ctx.heading_place = self._heading_place(sent.heading, ctx.countries)
            ctx.summary = self._summary_heading(sent.heading)
        new_paragraph = sent.paragraph != ctx.paragraph
        ctx.paragraph = sent.paragraph
        text = sent.text
        masked = [
            (a.start - sent.start, a.end - sent.start)
            for a in attributions
            if sent.start <= a.start < sent.end
        ]
        if sent.start < ctx.dateline_end:
            masked.append((0, ctx.dateline_end - sent.start))
        plain = text
        for start, end in sorted(masked, reverse=True):
            plain = plain[:start] + " " * (end - start) + plain[end:]
        first_mention = bisect_left(ctx.mention_starts, sent.start)
        after_mentions = bisect_left(ctx.mention_starts, sent.end, first_mention)
        own = [
            m
            for m in mentions[first_mention:after_mentions]
            if m.end <= sent.end and not any(sent.start + s <= m.start < sent.start + e for s, e in masked)
        ]
        if new_paragraph:
            ctx.caption = bool(_CAPTION.match(text))
        if ctx.sentence_count > _SHORT_DOCUMENT and (ctx.caption or ctx.summary):
            # "Right: ...", "Map of ...", "Main events of the week": a caption or a summary
            # repeats what the body of a long report tells in full.
            return []
        # Undated text (a snippet, a caption) reads relative dates against today.
        reference = next((c.date for c in cites if c.date), None) or doc.published or date.today()
        all_dates = find_dates(plain, reference)
        known = [c.date for c in cites if c.date] + ([doc.published] if doc.published else [])
        latest = max(known) + timedelta(days=1) if known else None
        dates: list[DateMention] = []
        said: list[DateMention] = []
        for d in all_dates:
            if d.precision != "day" or (latest is not None and d.date > latest):
                continue
            # "the agency said on the 3 Oct 15": when it was said, not when it happened.
            (said if _SAID_ON.search(plain[max(0, d.start - 40) : d.start]) else dates).append(d)
        # "on Friday, November 3, 2017": the written-out date outranks the weekday beside it.
        dates.sort(key=lambda d: not d.explicit)
        if dates and dates[0].explicit and cites and all(c.date and c.date < dates[0].date for c in cites):
            # A citation borrowed from earlier in the paragraph cannot report a later day.
            fallback = self._document_citation(doc)
            cites = (fallback,) if fallback is not None else ()
        if not dates and latest is not None:
            years = [int(y) for y in _YEAR.findall(plain)] + [d.date.year for d in all_dates]
            if any(y < latest.year for y in years):
                # "the ISIS attack on the Berlin Christmas market, 2016": background, not this week.
                return []
            if "ince" in plain and _SINCE.search(plain):
                return []
        if _SPAN.search(plain):
            # "over 100 people killed within four months in about 10 attacks", "fought several
            # battles between August 2022 and April 2023": a tally over a span, not an event.
            return []
        # "... a day after nine police died in similar blasts": the toll of another, earlier event.
        earlier = _EARLIER_EVENT.search(plain)
        told_before = [(earlier.start(), len(plain))] if earlier is not None else []
        figures = find_figures(
            plain, self.kb.lexicon, [(d.start, d.end) for d in dates] + masked + told_before
        )
        if (figures.killed or figures.wounded) and _ACROSS.search(plain):
            # "At least 15 people were killed across all six events": the toll of several
            # incidents together, not this one's.
            figures = Figures((), ())
        doc_folded, doc_offsets = ctx.report.folded, ctx.report.offsets
        first, last = bisect_left(doc_offsets, sent.start), bisect_left(doc_offsets, sent.end)
        folded = doc_folded[first:last]
        first_cue = bisect_left(ctx.cue_starts, sent.start)
        after_cues = bisect_left(ctx.cue_starts, sent.end, first_cue)
        sentence_cues = [
            EventCue(c.rule, c.start - sent.start, c.end - sent.start, c.phrase)
            for c in ctx.cues[first_cue:after_cues]
            if c.end <= sent.end and not any(s <= c.start - sent.start < e for s, e in masked)
        ]
        places = self._places(text, sent.start, own, ctx.countries, ctx.anchors, ctx.report)
        sentence_place = min(places, key=lambda p: (p[0], p[1].precision))[1] if places else None
        story_place = ctx.place
        if sentence_place is not None and sentence_place.precision < 3:
            ctx.place = sentence_place
        elif sentence_place is not None and sentence_place.kind != "country":
            ctx.region = sentence_place
        elif sentence_place is not None:
            # "... in Dissa area, North Darfur state, Sudan": the last resort for what follows.
            ctx.country = sentence_place
        claim_phrase = self._claims.search(folded)
        if claim_phrase is not None and _NO_CLAIM_BEFORE.search(
            folded[max(0, claim_phrase.start() - 40) : claim_phrase.start()]
        ):
            claim_phrase = None
        is_claim = claim_phrase is not None
        # "claims the vehicle attack in New York on Tuesday, October 31": a day named after the
        # claim's words, and before the claim was published, is the attack's; "On November 2,
        # ISIS issued a claim" dates the claim and nothing else.
        claim_at = doc_offsets[first + claim_phrase.start()] - sent.start if claim_phrase is not None else 0
        attack_day = next(
            (
                d
                for d in dates
                if claim_phrase is not None
                and reference is not None
                and d.date < reference
                and d.start > claim_at
            ),
            None,
        )
        story_day = attack_day if attack_day is not None else dates[0] if dates and not is_claim else None
        if story_day is not None and story_day.explicit:
            if ctx.date is not None and story_day.date != ctx.date:
                # Another day is another story: its perpetrator must be named again.
                ctx.actor1 = None
            ctx.date, ctx.date_weak = story_day.date, False
        elif story_day is not None and (
            ctx.date is None or (ctx.date_weak and not _OTHER_EVENT.search(plain))
        ):
            # "during Friday prayers": a weekday dates the story until a written date comes,
            # and dates the lead that only said when it was reported.
            ctx.date, ctx.date_weak = story_day.date, False
        has_figures = bool(figures.killed or figures.wounded)
        names = [(m.start - sent.start, m.end - sent.start) for m in own]
        reading = self.events.read(plain, has_figures, names, sentence_cues)
        tag = _NOTE_TAG.match(text) if sent.start == ctx.first_sentence else None
        coding = self.kb.lexicon.note_tags.get(fold_name(tag.group(1))) if tag else None
        if coding is not None:
            ctx.coding = coding
        elif reading is not None and ctx.coding is not None:
            # "Interception: ... Two of the rockets were intercepted": the tag codes the whole note.
            coding = ctx.coding
        tagged = coding is not None
        if coding is not None:
            # "Interception: On 1 December 2023, ...": the note's own tag names the event.
            reading = (
                replace(reading, event_type=coding[0], sub_event_type=coding[1], kind="incident")
                if reading is not None
                else EventReading(coding[0], coding[1], None, False, "incident", ())
            )
        if (
            reading is None
            and has_figures
            and ctx.reading is not None
            and sent.paragraph - ctx.reading_paragraph <= 1
        ):
            # "At least 20 soldiers ... have been killed" continues the event just told.
            reading = ctx.reading
        if reading is None and not (is_claim and has_figures):
            return []
        if any(not _TOLL_BEFORE.search(folded, 0, h.start()) for h in self._hedges.finditer(folded)):
            return []
        if reading is not None and reading.kind == "incident":
            ctx.reading, ctx.reading_paragraph = reading, sent.paragraph
        if reading is not None and reading.kind == "control":
            taken = self._place_after(reading, own, sent.start, plain)
            if taken is None:
                reading = self.events.read(plain, has_figures, names, sentence_cues, control=False)
                if reading is None:
                    return []
            else:
                # What changed hands is the trigger's object, not the town the sentence ends on.
                taken_place = self._pick_place(taken, ctx.countries, ctx.anchors, ctx.report)
                if taken_place is not None:
                    sentence_place = self._place_ref(taken_place, 1)
        continuing = bool(_CONTINUATION.search(plain)) or not new_paragraph
        # "Two weeks ago, ... in eastern Nangarhar province": another day's event keeps its own place.
        other_day = bool(dates) and ctx.date is not None and dates[0].date != ctx.date
        place = sentence_place
        if place is None or (place.precision == 3 and ctx.place and continuing and not other_day):
            place = ctx.place or ctx.region or ctx.heading_place or place or ctx.country or ctx.dateline
        if (
            place is not None
            and place.kind == "country"
            and ctx.dateline
            and ctx.dateline.country == place.country
            and not any(
                _COMPASS_BEFORE.search(text, max(0, m.start - sent.start - 30), m.start - sent.start)
                for m in own
                if any(e.id == place.id for e in m.entries)
            )
        ):
            # "MOGADISHU - ... in Somalia's capital": the dateline is closer than the country;
            # not so for "in northern Burkina Faso", away from where the report was filed.
            place = ctx.dateline
        place = place or ctx.home
        if place is None:
            log.debug("no place for %r", text[:80])
            return []
        actor1, actor2, claimant = self._actors(
            text, sent.start, own, control=reading is not None and reading.kind == "control"
        )
        # A new paragraph about another place is another story: its perpetrator is not carried.
        recent = sent.paragraph - ctx.actor_paragraph <= 1 and (
            sentence_place is None or (story_place is not None and sentence_place.id == story_place.id)
        )
        if (
            actor1 is None
            and (continuing or recent)
            and ctx.actor1 is not None
            and (actor2 is None or actor2.id != ctx.actor1.id)
        ):
            actor1 = ctx.actor1
        if (
            actor1 is None
            and ctx.voice is not None
            and reading is not None
            and reading.kind == "incident"
            and reading.sub_event_type in _OWN_OPERATIONS
            and (actor2 is None or actor2.id != ctx.voice.id)
        ):
            # A ministry announcing strikes with no subject announces its own forces' strikes.
            actor1 = ctx.voice
        if not (has_figures or actor1 or actor2 or dates):
            return []
        if actor1 is None and reading is not None and reading.event_type not in {"Protests", "Riots"}:
            # Named only now: forces of no nationality are no evidence that an event took place.
            actor1 = self._nameless_force(folded, place.country, actor2)
        if reading is not None and reading.sub_event_type == _DISRUPTED:
            actor1, actor2 = self._disrupter(actor1, actor2, place.country)
        if place.kind == "country" and not (has_figures or (dates and dates[0].explicit)):
            # Only a figure or a written date makes a country-wide mention an event of its own;
            # otherwise the country is context ("Russia said ...").
            return []
        ctx.undated = False
        if dates:
            when, explicit = dates[0].date, dates[0].explicit
        elif ctx.date is not None and (
            continuing
            or sentence_place is None
            or (story_place is not None and sentence_place.id == story_place.id)
        ):
            # The section's story goes on: its date holds until a sentence gives another.
            when, explicit = ctx.date, False
        else:
            # "At least 13 people were killed ..., emergency services said Friday": it happened
            # by the day it was told, which may be earlier than the report.
            when = said[0].date if said and reference is not None and said[0].date < reference else reference
            explicit, ctx.undated = False, True
            if ctx.date is None and when is not None:
                ctx.date, ctx.date_weak = when, True
        if when is None:
            return []
        if doc.published is not None and when < doc.published - timedelta(days=_BACKGROUND_DAYS):
            # "was established in 2014 to fight in the campaign for Aleppo": a report's history,
            # not its news.
            return []
        if actor1 is not None and not (dates and ctx.date is not None and when != ctx.date):
            # "after al Shabaab said it was behind an attack on the palace on Friday": a group
            # named for another day's attack is not this story's perpetrator.
            ctx.actor1, ctx.actor_paragraph = actor1, sent.paragraph
        if (
            not tagged
            and reading is not None
            and reading.event_type == "Violence against civilians"
            and reading.sub_event_type == "Attack"
            and self._armed_victims(figures, actor2)
        ):
            # "two municipal police officers were shot and injured": armed victims make a battle.
            reading = replace(reading, event_type="Battles", sub_event_type="Armed clash")
        if reading is not None and reading.event_type == "Protests":
            # "marching in support of the Syrian government": the cause, not the crowd.
            actor1 = actor2 = None
        elif reading is not None and reading.event_type == "Riots" and actor1 is not None:
            # "Palestinian rioters clashed with Israeli forces": the crowd acts; the force is
            # the other side.
            actor1, actor2 = None, actor1
        event_type = reading.event_type if reading else "Violence against civilians"
        sub_event = reading.sub_event_type if reading else "Attack"
        kind = "incident"
        if reading is not None and reading.kind == "control":
            kind = "control"
            actor = self.kb.actor_by_id.get(actor1.id) if actor1 else None
            if actor is not None:
                sub_event = (
                    "Government regains territory"
                    if self._sides_with_government(actor)
                    else "Non-state actor overtakes territory"
                )
        if claimant is None and actor1 is not None and _GROUP_SAID.search(plain):
            # "The group claimed that more than nine Iraqi fighters were killed."
            claimant = actor1
        perpetrator_claim = False
        claimed_by = None
        # "The DPO had earlier said that two were killed": a toll since overtaken.
        superseded = has_figures and bool(_EARLIER.search(plain))
        if claimant is not None and actor1 is not None and claimant.id == actor1.id:
            actor = self.kb.actor_by_id.get(claimant.id)
            if actor is not None and not actor.is_state:
                perpetrator_claim = True
                claimed_by = claimant
        if actor1 is None and claimant is not None:
            # "the Islamic State said that two members of the Popular Mobilization were killed":
            # an armed group telling of its own attack.
            actor = self.kb.actor_by_id.get(claimant.id)
            if actor is not None and not actor.is_state and actor.type != "person":
                actor1, perpetrator_claim, claimed_by = claimant, True, claimant
                if actor2 is not None and actor2.id == claimant.id:
                    actor2 = None
        if is_claim and actor1 is not None:
            kind, claimed_by, perpetrator_claim = "claim", actor1, True
        reading = reading or EventReading(event_type, sub_event, None, False, "incident", ())
        confidence = (
            0.4
            + 0.15 * bool(actor1)
            + 0.15 * has_figures
            + 0.15 * explicit
            + (0.15 if place.precision == 1 else 0.0)
        )
        statement = Statement(
            kind=kind,  # type: ignore[arg-type]
            document_hash=ctx.document_hash,
            start=sent.start,
            end=sent.end,
            text=text,
            date=when,
            event_type=event_type,
            sub_event_type=sub_event,
            weapon=reading.weapon,
            suicide=reading.suicide or None,
            actor1=actor1,
            actor2=actor2,
            place=place,
            killed=self._tag(figures.killed, perpetrator_claim, superseded),
            wounded=self._tag(figures.wounded, perpetrator_claim, superseded),
            citations=cites,
            claimed_by=claimed_by,
            claim_channel=self._channel(folded, cites) if claimed_by else None,
            perpetrator_claim=perpetrator_claim,
            date_explicit=explicit,
            confidence=round(min(confidence, 1.0), 2),
            section=sent.section,
            # A claim happened when its report came out; an event when the text says.
            hour=(
                doc.published_time.hour
                if kind == "claim" and doc.published_time is not None
                else hour_of(plain)
                if kind != "claim"
                else None
            ),
        )
        if kind == "claim" and attack_day is not None and reference is not None:
            # One sentence, two facts: the attack on its day, the claim on the claim's day.
            attack = replace(
                statement,
                kind="incident",
                date=attack_day.date,
                date_explicit=attack_day.explicit,
                hour=hour_of(plain),
            )
            return [attack, replace(statement, date=reference, date_explicit=False)]
        return [statement]

    @staticmethod
    def _place_after(
        reading: EventReading, mentions: list[Mention], offset: int, text: str
    ) -> Mention | None:
        """Whether a control trigger has a place as its object ("took control of al-Qa'im").

        A trigger inside a title ("the commander of operations for the liberation of western
        Anbar") names a campaign, not a change of control.
        """
        for cue in reading.cues:
            if cue.rule.kind != "control" or _CAMPAIGN_BEFORE.search(
                text[max(0, cue.start - 40) : cue.start]
            ):
                continue
            for m in mentions:
                gap = m.start - offset - cue.end
                between = text[cue.end : m.start - offset]
                if (
                    0 <= gap <= 60
                    and any(e.kind == "place" for e in m.entries)
                    and not re.match(r"\s*by\b", between)
                    and not re.search(r"[,;]", between)
                ):
                    return m
        return None

    @staticmethod
    def _tag(figures: tuple[Figure, ...], claimed: bool, superseded: bool = False) -> tuple[Figure, ...]:
        if claimed:
            return tuple(replace(f, qualifier=f"claimed, {f.qualifier}") for f in figures)
        if superseded:
            return tuple(replace(f, qualifier=f"earlier, {f.qualifier}") for f in figures)
        return figures

    def _summary_heading(self, heading: str | None) -> bool:
        """Whether a heading opens a summary of the week ("Main events of the week")."""
        return fold_name(heading or "") in self.kb.lexicon.summary_headings

    def _heading_place(self, heading: str, countries: set[str]) -> PlaceRef | None:
        places = self._places(heading, 0, self.matcher.find(heading), countries)
        return min(places, key=lambda p: (p[0], p[1].precision))[1] if places else None
