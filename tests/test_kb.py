"""The knowledge base loads, holds together, and resolves the seed's names."""

import shutil
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sitrep.errors import KnowledgeError
from sitrep.kb.matcher import Matcher
from sitrep.kb.normalize import fold, fold_name
from sitrep.kb.registry import DATA_DIR, KnowledgeBase, load_kb


@pytest.mark.parametrize(
    ("surface", "actor"),
    [
        ("Headquarters for the Liberation of al-Sham", "hts"),
        ("Hay'at Tahrir al-Sham", "hts"),
        ("al-Nusra Front", "hts"),
        ("HTS", "hts"),
        ("Daesh", "isis"),
        ("ISIL", "isis"),
        ("Islamic State", "isis"),
        ("Popular Mobilization Forces", "pmf"),
        ("SDF", "sdf"),
        ("Hezbollah", "hezbollah"),
        ("al-Baqir Brigade", "al-baqir-brigade"),
        ("Jabhat Fatah al-Sham", "hts"),
        ("Army of Muhammad", "hts"),
        ("Haj Khaled", "haj-khaled"),
        ("Abu Hussein", "haj-khaled"),
        ("Qasem Soleimani", "qasem-soleimani"),
        ("IRGC's Qods Force", "qods-force"),
        ("Afghan Fatemiyoun Brigade", "fatemiyoun"),
        ("Shi'ite militias", "shiite-militias"),
        ("Syrian army", "syrian-army"),
        ("Syrian Democratic Forces", "sdf"),
        ("Iraqi army", "iraqi-army"),
        ("Egyptian army", "egyptian-army"),
        ("Abu Bakr al-Baghdadi", "abu-bakr-al-baghdadi"),
        ("Sayfullo Saipov", "sayfullo-saipov"),
        ("هيئة تحرير الشام", "hts"),
        ("Colonel Ryan Dillon", "ryan-dillon"),
        ("Abd al-Amir Rashid Yar Allah", "abd-al-amir-rashid-yarallah"),
        ("Sa'il Hassan al-Ait", "sail-hassan-al-ait"),
        ("Abu Abd al-Rahman al-Ansari", "abu-abd-al-rahman-al-ansari"),
        ("Mukhammadzoi Kadiron", "mukhammadzoir-kadirov"),
        ("Bashar Assad", "bashar-al-assad"),
        ("Popular Mobilization", "pmf"),
        ("Iranian-backed Shi'ite militias", "shiite-militias"),
    ],
)
def test_aliases_resolve(matcher: Matcher, surface: str, actor: str) -> None:
    (mention,) = matcher.find(f"Fighters of the {surface} attacked.") or [None]
    assert mention is not None
    assert actor in {e.id for e in mention.entries if e.kind == "actor"}


@pytest.mark.parametrize(
    ("surface", "place"),
    [
        ("Deir al-Zor", "Deir al-Zor"),
        ("Deir ez-Zor", "Deir al-Zor"),
        ("Dayr az Zawr", "Deir al-Zor"),
        ("Abu Kamal", "Abu Kamal"),
        ("Al Bukamal", "Abu Kamal"),
        ("Hadar", "Hader"),
        ("al-Qa'im", "al-Qa'im"),
        ("Husybah", "Husaybah"),
        ("al-Miqdadiyah", "al-Miqdadiyah"),
        ("Aden", "Aden"),
    ],
)
def test_place_transliterations(matcher: Matcher, surface: str, place: str) -> None:
    mentions = [m for m in matcher.find(f"Clashes broke out in {surface} today.") if m.kind == "place"]
    assert mentions
    names = {p.name for p in matcher.places_of(mentions[0])}
    assert place in names


def test_no_alias_belongs_to_two_actors(kb: KnowledgeBase) -> None:
    owner: dict[str, str] = {}
    for actor in kb.actors:
        for name in actor.names():
            key = fold_name(name)
            assert owner.setdefault(key, actor.id) == actor.id, f"{name} is {owner[key]} and {actor.id}"


def test_references_exist(kb: KnowledgeBase) -> None:
    provinces = {p.name for p in kb.places if p.kind == "province"}
    assert all(p.admin1 in provinces for p in kb.places if p.admin1)
    ids = set(kb.actor_by_id)
    assert all(r.actor in ids for a in kb.actors for r in a.relations)
    assert all(a.member_of in ids for a in kb.actors if a.member_of)


def test_sources_have_grades_and_affiliations(kb: KnowledgeBase) -> None:
    assert all(s.reliability in "ABCDEF" for s in kb.sources)
    akhbar = kb.find_source("al-Akhbar")
    assert akhbar is not None and "Hezbollah" in (akhbar.affiliation or "")


def test_fold_keeps_offsets() -> None:
    text = "ISIS's fighters in Ḩaḑar"
    folded, offsets = fold(text)
    assert folded.startswith("isis s") and "hadar" in folded
    start = folded.index("hadar")
    assert text[offsets[start] : offsets[start + 4] + 1] == "Ḩaḑar"


def test_gazetteer_ignores_stray_words(matcher: Matcher) -> None:
    text = "One of the bombers flew over the Sea, For all Human beings."
    assert [m.surface for m in matcher.find(text) if m.kind == "place"] == []


def test_a_source_speaks_for_a_known_actor(tmp_path: Path) -> None:
    for name in DATA_DIR.iterdir():
        shutil.copy(name, tmp_path / name.name)
    sources = tmp_path / "sources.yaml"
    sources.write_text(
        sources.read_text(encoding="utf-8").replace("speaks_for: russian-forces", "speaks_for: nobody"),
        encoding="utf-8",
    )
    with pytest.raises(KnowledgeError, match="speaks for unknown actor 'nobody'"):
        load_kb(tmp_path)
    assert load_kb().find_source("Russian MoD").speaks_for == "russian-forces"  # type: ignore[union-attr]


@given(st.text(alphabet=st.sampled_from(list("abcXYZ sS'`-.,()\n\t019/:;\"*")), max_size=60))
def test_the_ascii_fold_is_the_character_fold(text: str) -> None:
    from sitrep.kb.normalize import _fold_ascii, _fold_chars

    assert _fold_ascii(text) == _fold_chars(text)


# Characters that fold to themselves, to another, to nothing or to several; and NUL.
_FOLDED = "abX sS'’ʿ´-. \n\xa0\u2009\x00\x1céÉİıſΣأةکـﬁ½／＇"


@given(st.text(alphabet=st.sampled_from(list(_FOLDED)), max_size=60))
def test_the_table_fold_is_the_character_fold(text: str) -> None:
    from sitrep.kb.normalize import _fold_chars, _fold_table

    assert _fold_table(text) == _fold_chars(text)


def test_uncertain_attributions_stay_uncertain(matcher: Matcher) -> None:
    (mention,) = [m for m in matcher.find("The Army of Muhammad announced the attack.") if m.kind == "actor"]
    assert all(e.uncertain for e in mention.entries if e.id == "hts")


@pytest.mark.parametrize(
    ("named", "source", "affiliation"),
    [
        ("the Hezbollah-affiliated daily al-Akhbar", "al-Akhbar", "Hezbollah"),
        ("Lebanese daily newspaper Al-Akhbar", "al-Akhbar", "Hezbollah"),
        ("the Murasiloun website", "Murasiloun", None),
        ("Syrian Human Rights Observatory", "Syrian Observatory for Human Rights", None),
        ("website of the Russian ministry of defense", "Russian Ministry of Defence", "Russian government"),
    ],
)
def test_seed_sources_resolve_with_affiliation_and_grade(
    kb: KnowledgeBase, named: str, source: str, affiliation: str | None
) -> None:
    found = kb.find_source(named)
    assert found is not None and found.name == source and found.reliability in "ABCDEF"
    if affiliation is not None:
        assert found.affiliation == affiliation
