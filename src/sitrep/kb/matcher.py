"""Finding actors and places in text.

Curated names (``actors.yaml``, ``places.yaml``) are found in one pass of an Aho–Corasick
automaton over the folded text. GeoNames' populated places are far too many to hold in
memory, so they live in an on-disk index (``sitrep.kb.gazetteer``): the text's candidate
names, runs of capitalised words, are looked up there in one query per document.

A curated name always wins over a gazetteer one; a gazetteer hit must be capitalised in
the text and must not be a common word, because the world has a town for most words.
"""

from __future__ import annotations

import functools
import logging
import re
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import ahocorasick

from sitrep.kb.gazetteer import Gazetteer, sound_key, spelt_alike
from sitrep.kb.gazetteer import load_config as gazetteer_config
from sitrep.kb.normalize import _APOSTROPHES, fold, fold_name
from sitrep.kb.registry import Actor, KnowledgeBase, Place

log = logging.getLogger(__name__)

# -- folding at C speed ----------------------------------------------------------------------
# ``fold`` loops in Python over the characters (over the words, in ASCII text), which costs
# more than everything else ``find`` does. ``_Folder`` gets the same result from str.translate
# and two regexes; the apostrophes are ``fold``'s own, so the possessive rule cannot drift.

_APOSTROPHE = "[" + re.escape("".join(sorted(_APOSTROPHES))) + "]"
# fold turns the apostrophe of a possessive ("ISIS's") into a space.
_POSSESSIVE = re.compile(rf"{_APOSTROPHE}(?=[sS](?![^\W_]))")
# Stands in for a character that folds to nothing, so the translated text keeps its offsets.
_GONE = "\x00"
# Characters fold drops: those folding to nothing, spaces at the start, and every space of a
# run but the first.
_DROPPED = re.compile(rf"^[ {_GONE}]+|[ {_GONE}]{{2,}}|{_GONE}")
_SPACE_RUNS = re.compile(" {2,}")


class _Folder:
    """``fold`` for text whose every character folds to at most one character (nearly all text).

    Returns the folded text and a function from a folded index to the original offset,
    as ``fold`` does with its list; other text goes to ``fold`` itself.
    """

    def __init__(self) -> None:
        self._table: dict[int, str] = {}
        self._expanding: set[str] = set()

    def _learn(self, chars: Iterable[str]) -> None:
        for ch in chars:
            # Folded after a letter, so a space it folds to is neither leading nor collapsed.
            folded = fold("x" + ch)[0][1:]
            if len(folded) > 1:
                self._expanding.add(ch)
            else:
                self._table[ord(ch)] = folded or _GONE

    def fold(self, text: str) -> tuple[str, Callable[[int], int]]:
        chars = set(text)
        self._learn(ch for ch in chars if ord(ch) not in self._table and ch not in self._expanding)
        if _GONE in chars or not self._expanding.isdisjoint(chars):
            folded, offsets = fold(text)
            return folded, offsets.__getitem__
        mapped = _POSSESSIVE.sub(" ", text).translate(self._table)
        dropped: list[int] = []
        for run in _DROPPED.finditer(mapped):
            start, end = run.span()
            kept = -1 if start == 0 else mapped.find(" ", start, end)
            if kept == -1:
                dropped.extend(range(start, end))
            else:
                dropped.extend(range(start, kept))
                dropped.extend(range(kept + 1, end))
        folded = _SPACE_RUNS.sub(" ", mapped.replace(_GONE, "")).lstrip(" ")

        def origin(index: int) -> int:
            # The index-th character not dropped: the least i with i == index + drops up to i.
            i = index
            while (shifted := index + bisect_right(dropped, i)) != i:
                i = shifted
            return i

        return folded, origin


# -- candidate gazetteer names ---------------------------------------------------------------
# A letter, leaving out the modifier letters GeoNames and transliterators use as apostrophes
# ("ʿAyn"), so that a word starts and ends on a real letter.
_LETTER = r"[^\W\d_ʼʻʿʾ]"
_WORD = rf"{_LETTER}+(?:{_APOSTROPHE}+{_LETTER}+)*"
_SPACE = r"[^\S\n]"
# Between the words of one name: spaces, one line break or a hyphen ("Deir ez-Zor").
_GAP = rf"(?:{_SPACE}*[-‐‑]{_SPACE}*|{_SPACE}*\n{_SPACE}*|{_SPACE}+){_APOSTROPHE}?"
# The Arabic article in its transliterations; lower case it still begins a name ("al-Qa'im").
_ARTICLES = frozenset(
    {"al", "el", "ad", "adh", "an", "ar", "as", "ash", "at", "ath", "az"}
    | {"ed", "en", "er", "es", "et", "ez", "ud", "ul", "ur", "us", "uz"}
)
# Lower-case words that may link the capitalised words of one name ("Ras al-Ayn",
# "Democratic Republic of the Congo").
_LINKS = (
    _ARTICLES
    | {"and", "bin", "ibn", "of", "the", "y"}
    | {"da", "das", "de", "del", "der", "des", "di", "do", "dos", "du", "la", "le", "les"}
    # "Port-au-Prince", "Châlons-sur-Marne", the Persian "Bandar-e Abbas".
    | {"au", "aux", "sur", "e"}
)
# "al Qaim" is written with a space; the other forms of the article only with a hyphen,
# because "at", "as" and "an" are English words.
_HYPHENED = "|".join(sorted(_ARTICLES - {"al", "el"}))
_LEAD = rf"(?:(?:al|el)(?:{_SPACE}+|[-‐‑])|(?:{_HYPHENED})[-‐‑]){_APOSTROPHE}?"
_LINK = rf"(?:{'|'.join(sorted(_LINKS))}){_GAP}"
# A capitalised word: starts on anything but an ASCII lower-case letter (other lower-case
# initials are rarer and are told apart in Python, where letters without case, as Arabic's,
# count as capitals). The pattern opens on that character class, which lets the regex engine
# skip ahead to the next possible start instead of trying every position.
_INITIAL = r"[^\W\d_a-zʼʻʿʾ]"
_CAPITALISED = rf"{_INITIAL}{_LETTER}*(?:{_APOSTROPHE}+{_LETTER}+)*"
_RUN = re.compile(
    # The look-behind, after the initial, keeps a run from starting inside a word ("iPhone").
    rf"{_INITIAL}(?<![^\W_ʼʻʿʾ].){_LETTER}*(?:{_APOSTROPHE}+{_LETTER}+)*"
    rf"(?:{_GAP}(?:{_LINK})*{_CAPITALISED})*"
)
# An article just before a run, which then begins the run; looked for in the few characters
# before it, as a look-behind cannot vary in width.
_LEAD_BEFORE = re.compile(rf"(?<![^\W_ʼʻʿʾ])(?:{_LEAD})\Z")
_LEAD_WIDTH = 8
_MAX_SOUNDED_WORDS = 3
_PLACE_NOUNS = tuple(
    f" {noun}"
    for noun in (
        "town",
        "village",
        "city",
        "district",
        "sub-district",
        "subdistrict",
        "area",
        "camp",
        "countryside",
        "neighbourhood",
        "neighborhood",
        "region",
        "province",
        "governorate",
    )
)
# "in", "near", "village of": words after which a capitalised name is a place.
_LOCATIVE_WORDS = frozenset({"in", "near", "of", "at", "outside", "around", "into"})
_TOKEN = re.compile(_WORD)
_POSSESSIVE_END = re.compile(rf"{_APOSTROPHE}[sS]$")
# Most capitalised words a candidate name holds (links not counted).
_MAX_WORDS = 4
# How many runs and keys a matcher remembers from one document to the next.
_MEMO_SIZE = 50_000

_Candidate = tuple[int, int, str]
"""(start, end, key): a span of text that may be a gazetteer name, and its folded key."""


def _words(run: str) -> Iterator[list[tuple[int, int, str]]]:
    """(start, end, word) of each word of a run, split where a word is neither capitalised nor a link."""
    words: list[tuple[int, int, str]] = []
    for m in _TOKEN.finditer(run):
        word = m.group()
        if word[0].islower() and word not in _LINKS:
            if words:
                yield words
            words = []
        else:
            words.append((m.start(), m.end(), word))
    if words:
        yield words


def _candidates_in_run(run: str, wanted: Callable[[str], bool]) -> tuple[_Candidate, ...]:
    """Every span of a run of capitalised words (offsets within the run) that may be a gazetteer
    name: 1 to 4 capitalised words, maybe linked by particles, maybe led by an article, whose
    key is ``wanted``."""
    found: list[_Candidate] = []

    def add(start: int, end: int, key: str) -> None:
        # Short all-caps words are acronyms ("SDF", "IRGC") or shouting, not towns.
        if len(key) >= 2 and not (end - start <= 5 and run[start:end].isupper()) and wanted(key):
            found.append((start, end, key))

    if run.isalpha():
        # Most runs are one plain word.
        if not run[0].islower():
            add(0, len(run), fold_name(run))
        return tuple(found)
    for words in _words(run):
        keys = [fold_name(word) for _, _, word in words]
        for i, (start, _, first) in enumerate(words):
            if first[0].islower() and first not in _ARTICLES:
                continue
            capitals = 0
            for j in range(i, len(words)):
                _, end, word = words[j]
                if word[0].islower():
                    continue
                capitals += 1
                if capitals > _MAX_WORDS:
                    break
                add(start, end, " ".join(keys[i : j + 1]))
                # "Aleppo's" may also end a name at its apostrophe.
                owner = _POSSESSIVE_END.search(word)
                if owner is not None:
                    cut = owner.start()
                    add(start, end - len(word) + cut, " ".join([*keys[i:j], fold_name(word[:cut])]))
    return tuple(found)


def _after_locative(text: str, start: int) -> bool:
    """Whether the word before ``start`` (or before "the" there) is "in", "near", "of", ..."""
    words = text[max(0, start - 16) : start].lower().split()
    if words[-1:] == ["the"]:
        words.pop()
    return bool(words) and words[-1] in _LOCATIVE_WORDS


def _sounds_in_run(run: str, wanted: Callable[[str], bool]) -> tuple[_Candidate, ...]:
    """The run (or each of its names joined by "and"), 1 to 3 capitalised words, if it sounds
    like a gazetteer name of a transliterating country (its key is the name's ``sound_key``).
    Only whole names: the first words of "Khirbet al Adas" sound like too many places."""
    groups = list(_words(run))
    if len(groups) != 1:
        return ()
    found = []
    # "between Nawa and Sheikh Miskine towns": each name the run joins by "and" on its own.
    for words in _split_at(groups[0], "and"):
        if len(words) > _MAX_SOUNDED_WORDS:
            continue
        key = sound_key(" ".join(fold_name(word) for _, _, word in words))
        if key is not None and wanted(key):
            found.append((words[0][0], words[-1][1], key))
    return tuple(found)


def _split_at(words: list[tuple[int, int, str]], link: str) -> Iterator[list[tuple[int, int, str]]]:
    part: list[tuple[int, int, str]] = []
    for word in words:
        if word[2] == link:
            yield part
            part = []
        else:
            part.append(word)
    yield part


# Arabic conjunctions and prepositions written joined to the name that follows ("بدير الزور",
# "وداعش", "للتنظيم" before "تنظيم الدولة").
_CLITICS = frozenset({"و", "ف", "ب", "ل", "ك", "وب", "ول", "فب", "فل", "وك", "لل"})


def _clitic_before(folded: str, start: int) -> bool:
    """Whether the letters joined to a name at ``start`` are only clitics."""
    first = start
    while first > 0 and folded[first - 1].isalnum():
        first -= 1
    return folded[first:start] in _CLITICS


# -- the matcher -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Entry:
    """What a folded name stands for."""

    kind: str  # "actor" | "place"
    id: str
    curated: bool
    uncertain: bool = False
    # The only languages whose text may use this name (a place's ``languages``); empty: any.
    languages: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Mention:
    """A name found in text, with every entry it may stand for."""

    kind: str
    start: int
    end: int
    surface: str
    entries: tuple[Entry, ...]
    # Found only by what it sounds like ("Jassem" for Jasim), or only by a possible alias.
    uncertain: bool = False

    @property
    def curated(self) -> bool:
        return any(e.curated for e in self.entries)


def spoken(entries: tuple[Entry, ...], languages: frozenset[str]) -> tuple[Entry, ...]:
    """The entries a name stands for in text of ``languages`` (none given: English text)."""
    if all(not e.languages for e in entries):
        return entries
    return tuple(e for e in entries if not e.languages or e.languages & languages)


def _short_division_names(kb: KnowledgeBase) -> Iterator[tuple[str, Entry]]:
    """("bam province", its entry), ...: a division whose name is under four letters ("Bam",
    "Gao", "Qom") is left out of the gazetteer's names, where it would be other words and
    other towns, and found here with a word that makes it the division ("the Bam area")."""
    for division in kb.divisions.by_code.values():
        if division.geonames_id is None:
            continue
        entry = Entry("place", f"gn:{division.geonames_id}", curated=False)
        for key in {fold_name(name) for name in division.names}:
            if 2 <= len(key) < 4:
                for word in kb.lexicon.division_words:
                    yield f"{key} {word}", entry


class Matcher:
    """Actor and place names of a knowledge base and of the gazetteer, ready to be found in any text.

    ``gazetteer=False`` matches curated names only; ``index`` is the gazetteer index file
    (default: ``gazetteer.default_index_path()``), built on first use if missing.
    """

    def __init__(self, kb: KnowledgeBase, *, gazetteer: bool = True, index: Path | None = None) -> None:
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
            add(
                (place.name, *place.aliases),
                Entry("place", place.id, True, languages=frozenset(place.languages)),
            )
        config = gazetteer_config()
        self._gazetteer = Gazetteer.open(index, config, divisions=kb.divisions) if gazetteer else None
        if self._gazetteer is not None:
            for key, entry in _short_division_names(kb):
                table.setdefault(key, [entry])
        for key, entries in table.items():
            self._automaton.add_word(key, (key, tuple(entries)))
        self._automaton.make_automaton()
        # Names only another language's text uses leave English text to the gazetteer.
        open_keys = {key for key, entries in table.items() if any(not e.languages for e in entries)}
        # Gazetteer places met so far, so that place() needs no query for them.
        self._gazetteer_places: dict[str, Place] = {}
        blocked = frozenset(open_keys) | kb.lexicon.common_words

        def wanted(key: str) -> bool:
            # A curated name is never read as a gazetteer one, nor is a common word; and the
            # index's key filter rules out most other words without a query.
            return key not in blocked and self._gazetteer is not None and self._gazetteer.may_have(key)

        # News repeats its capitalised words ("Monday", "Syrian Army") from one document to the
        # next: remember, within bounds, the candidates of each run and what each key found.
        self._candidates_in_run = functools.lru_cache(maxsize=_MEMO_SIZE)(
            functools.partial(_candidates_in_run, wanted=wanted)
        )
        self._sounds_in_run = functools.lru_cache(maxsize=_MEMO_SIZE)(
            functools.partial(_sounds_in_run, wanted=wanted)
        )
        self._seen_keys: dict[str, tuple[Entry, ...]] = {}
        self._sounding_places = frozenset(
            p.id for p in kb.places if p.country in config.transliterated_countries
        )
        self._sounded: dict[str, tuple[Entry, ...]] = {}
        self._folder = _Folder()
        log.debug("matcher built with %d curated names", len(table))

    def find(
        self,
        text: str,
        folded: tuple[str, list[int]] | None = None,
        languages: frozenset[str] = frozenset(),
    ) -> list[Mention]:
        """Every whole-word mention, longest first where two overlap, in text order
        (``folded`` is ``fold(text)`` when the caller has it); names restricted to some
        languages only when ``languages`` (the text's) includes one of them."""
        # (folded length, start, end, entries): the longest name wins, as over the folded text.
        curated = list(self._curated_hits(text, folded, languages))
        # Names are sought by their sound only in reports that name a curated place (most name
        # their country) of a transliterating country: elsewhere it costs and finds nothing.
        sounding = any(e.kind == "place" and e.id in self._sounding_places for hit in curated for e in hit[3])
        hits = [*curated, *self._gazetteer_hits(text, sounding)]
        hits.sort(key=lambda h: (-h[0], h[1], not h[3][0].curated))
        taken = bytearray(len(text))
        mentions: list[Mention] = []
        for _, start, end, entries in hits:
            if taken.find(1, start, end) != -1:
                continue
            taken[start:end] = b"\x01" * (end - start)
            uncertain = entries[0].uncertain and all(e.uncertain for e in entries)
            mentions.append(Mention(entries[0].kind, start, end, text[start:end], entries, uncertain))
        mentions.sort(key=lambda m: m.start)
        return mentions

    def _curated_hits(
        self,
        text: str,
        given: tuple[str, list[int]] | None = None,
        languages: frozenset[str] = frozenset(),
    ) -> Iterator[tuple[int, int, int, tuple[Entry, ...]]]:
        if given is None:
            folded, origin = self._folder.fold(text)
        else:
            folded, origin = given[0], given[1].__getitem__
        for end_idx, (key, entries) in self._automaton.iter(folded):
            start_idx = end_idx - len(key) + 1
            if start_idx > 0 and folded[start_idx - 1].isalnum() and not _clitic_before(folded, start_idx):
                continue
            if end_idx + 1 < len(folded) and folded[end_idx + 1].isalnum():
                continue
            entries = spoken(entries, languages)
            if entries:
                yield len(key), origin(start_idx), origin(end_idx) + 1, entries

    def _candidate_runs(self, text: str, sounding: bool) -> list[tuple[int, tuple[_Candidate, ...]]]:
        """(offset, candidates within the run) of each run of capitalised words."""
        runs = []
        for run in _RUN.finditer(text):
            start = run.start()
            before = text[max(0, start - _LEAD_WIDTH) : start]
            # Every article ends in "l" or a hyphen; most runs follow neither, and skip the regex.
            if "l" in before or "-" in before or not before.isascii():
                lead = _LEAD_BEFORE.search(text, start - len(before), start)
                if lead is not None:
                    start = lead.start()
            candidates = self._candidates_in_run(text[start : run.end()])
            if (
                sounding
                and (_after_locative(text, start) or text.startswith(_PLACE_NOUNS, run.end()))
                and not any(c[0] == 0 and c[1] == run.end() - start for c in candidates)
            ):
                # "in Jassem", "Teftnaz town": a name of no known spelling, where the report says
                # it is a place.
                candidates += self._sounds_in_run(text[start : run.end()])
            if candidates:
                runs.append((start, candidates))
        return runs

    def _gazetteer_hits(self, text: str, sounding: bool) -> Iterator[tuple[int, int, int, tuple[Entry, ...]]]:
        if self._gazetteer is None:
            return
        runs = self._candidate_runs(text, sounding)
        seen = self._seen_keys
        entries: dict[str, tuple[Entry, ...]] = {}
        unseen: list[str] = []
        for key in {key for _, candidates in runs for _, _, key in candidates}:
            known = seen.get(key)
            if known is None:
                unseen.append(key)
            else:
                entries[key] = known
        if unseen:
            found = self._gazetteer.lookup(unseen)
            if len(seen) + len(unseen) > _MEMO_SIZE:
                seen.clear()
            for key in unseen:
                places = found.get(key, [])
                self._gazetteer_places.update((p.id, p) for p in places)
                # A name found by its sound alone may be another place: it is uncertain.
                entries[key] = seen[key] = tuple(
                    Entry("place", p.id, curated=False, uncertain=key.startswith("~")) for p in places
                )
        for offset, candidates in runs:
            for start, end, key in candidates:
                hit = entries.get(key)
                if hit and key.startswith("~"):
                    hit = self._sounding_like(text[offset + start : offset + end], hit)
                if hit:
                    yield len(key), offset + start, offset + end, hit

    def _sounding_like(self, surface: str, entries: tuple[Entry, ...]) -> tuple[Entry, ...]:
        """Of the places whose consonants ``surface`` shares (``entries``), those spelt
        near enough to it ("Jassem", Jāsim), not only alike in consonants ("Druze", Dārat
        ‘Izzah)."""
        known = self._sounded.get(surface)
        if known is None:
            name = fold_name(surface)
            known = tuple(e for e in entries if spelt_alike(name, fold_name(self.place(e.id).name)))
            if len(self._sounded) > _MEMO_SIZE:
                self._sounded.clear()
            self._sounded[surface] = known
        return known

    def lookup(self, keys: Sequence[str], languages: frozenset[str] = frozenset()) -> tuple[Entry, ...]:
        """What the first of ``keys`` (folded names, likeliest first) that names anything stands
        for in text of ``languages``: a curated name, else a gazetteer one."""
        for key in keys:
            curated = self._automaton.get(key, None)
            if curated is not None:
                entries: tuple[Entry, ...] = spoken(curated[1], languages)
                if entries:
                    return entries
        if self._gazetteer is None:
            return ()
        wanted = [key for key in keys if self._gazetteer.may_have(key)]
        found = self._gazetteer.lookup(wanted) if wanted else {}
        for key in wanted:
            places = found.get(key)
            if places:
                self._gazetteer_places.update((p.id, p) for p in places)
                return tuple(Entry("place", p.id, curated=False) for p in places)
        return ()

    def place(self, entry_id: str) -> Place:
        place = self.places.get(entry_id) or self._gazetteer_places.get(entry_id)
        if place is None and self._gazetteer is not None:
            place = self._gazetteer.place(entry_id)
            if place is not None:
                self._gazetteer_places[entry_id] = place
        if place is None:
            raise KeyError(entry_id)
        return place

    def places_of(self, mention: Mention) -> list[Place]:
        """Every place ``mention`` may stand for."""
        return [self.place(e.id) for e in mention.entries if e.kind == "place"]

    def actor(self, entry_id: str) -> Actor:
        return self.actors[entry_id]
