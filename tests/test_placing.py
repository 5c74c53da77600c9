"""Where an incident is placed: first-level divisions (their names, a GeoNames place's province,
the province named beside a place settling which of its namesakes it is, the province a missing
village falls back to), and which of a sentence's places is where the event happened."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sitrep.extract.pipeline import _cased_otherwise, _part_of_longer_name
from sitrep.kb.divisions import load_divisions
from sitrep.kb.matcher import Matcher
from sitrep.kb.registry import DATA_DIR, KnowledgeBase

from .conftest import Parse


def test_divisions_are_named_by_code_and_known_by_every_name(kb: KnowledgeBase) -> None:
    divisions = kb.divisions
    assert divisions.name("UA", "07") == "Kharkiv"
    # A name the agencies use, or a division's present name, comes before Natural Earth's.
    assert divisions.name("PK", "03") == "Khyber Pakhtunkhwa"
    assert "n w f p" in divisions.keys("PK", "Khyber Pakhtunkhwa")
    assert divisions.name("US", "NY") == "New York"
    assert divisions.name("UA", "no-such-code") is None and divisions.name("UA", None) is None
    # Natural Earth's "Dayr Az Zawr" and the agencies' "Deir ez-Zor" are one governorate.
    assert "dayr az zawr" in divisions.keys("SY", "Deir ez-Zor")
    assert "deir ez zor" in divisions.keys("SY", "Dayr Az Zawr")
    # Added names extend a division, and a region Natural Earth lacks gets its name from them.
    assert "zaporizhia" in divisions.keys("UA", "Zaporizhzhya")
    assert divisions.name("BF", "12") == "Sahel"
    assert divisions.keys("XX", "Nowhere") == frozenset({"nowhere"})


def test_a_missing_table_is_no_divisions(tmp_path: Path) -> None:
    assert load_divisions(tmp_path).by_code == {}
    assert load_divisions(DATA_DIR).name("IQ", "11") == "Erbil"


def test_geonames_places_carry_their_province(matcher: Matcher) -> None:
    (mention,) = [
        m for m in matcher.find("Protesters rallied in Rochester on Friday.") if m.surface == "Rochester"
    ]
    provinces = {p.admin1 for p in matcher.places_of(mention) if p.country == "US"}
    assert {"New York", "Minnesota"} <= provinces


def test_the_province_named_beside_a_place_picks_its_namesake(parse: Parse) -> None:
    (incident,) = parse("On 1 December 2023, protesters rallied in Rochester (New York) to demand aid.")
    assert incident.country == "US" and incident.admin1 == "New York"
    assert incident.latitude is not None and abs(incident.latitude - 43.15) < 0.2
    (incident,) = parse(
        "On 1 December 2023, protesters rallied in Rochester, Minnesota, to demand aid.",
    )
    assert incident.admin1 == "Minnesota"


def test_the_province_outweighs_the_countries_a_report_mentions(parse: Parse) -> None:
    text = (
        "On 1 December 2023, protesters held demonstrations in Hajjah city (Hajjah) in support of the "
        "Palestinian people in Gaza and to denounce Israel. They also marched in solidarity with the "
        "West Bank."
    )
    places = {(i.country, i.location) for i in parse(text)}
    assert ("YE", "Ḩajjah") in places
    assert not any(country in {"IL", "PS"} for country, _ in places)


def test_a_lowercase_word_is_no_province(parse: Parse) -> None:
    # Burkina Faso's Manga lies in the Centre-Sud region; "the centre-sud road" names no region.
    upper = parse("On 1 December 2023, gunmen killed two traders in Manga, Centre-Sud.")
    lower = parse("On 1 December 2023, gunmen killed two traders in Manga near the centre-sud road.")
    assert [(i.country, i.admin1) for i in upper] == [("BF", "Centre-Sud")]
    assert len(lower) == 1 and lower[0].admin1 != "Centre-Sud"


def test_a_village_not_in_the_gazetteer_falls_back_to_its_province(parse: Parse) -> None:
    (incident,) = parse("On 1 December 2023, Russian forces shelled Levadne, Zaporizhia. No one was hurt.")
    assert (incident.country, incident.location, incident.geo_precision) == ("UA", "Zaporizhia", 3)


def test_a_city_comes_before_the_province_of_its_name(parse: Parse) -> None:
    (incident,) = parse(
        "On 1 December 2023, protesters rallied in the street of Sanaa - Sanaa International Airport "
        "(Bani Al Harith) to denounce the war.",
    )
    assert (incident.location, incident.geo_precision) == ("Sanaa", 1)


def test_plain_words_and_country_names_name_no_province(matcher: Matcher) -> None:
    found = matcher.find("The Central Bank and the Capital Region met in Niger and in Borno on Monday.")
    kinds = {m.surface: {p.kind for p in matcher.places_of(m)} for m in found}
    assert "province" not in kinds.get("Central", set()) | kinds.get("Capital", set())
    assert kinds["Niger"] == {"country"}
    assert kinds["Borno"] == {"province"}


def test_of_places_only_after_a_word_for_a_place(parse: Parse) -> None:
    (incident,) = parse(
        "On 30 November 2023, clients of the Novin Taravat Company staged a protest in front of the "
        "governor's office in Qazvin city (Qazvin).",
    )
    assert incident.location == "Qazvin"
    (incident,) = parse(
        "On 30 November 2023, gunmen attacked a checkpoint on the outskirts of Marka, killing two.",
    )
    assert incident.location == "Marka"


def test_a_street_named_after_a_place_is_not_where(parse: Parse) -> None:
    (incident,) = parse(
        "On 30 November 2023, employees attacked a group of auctioneers at the company centre on "
        "Mombasa Road in Nairobi (Starehe, Nairobi).",
    )
    assert incident.location == "Nairobi"


def test_the_end_of_a_longer_name_or_an_acronym_is_no_place(parse: Parse) -> None:
    (incident,) = parse(
        "On 30 November 2023, FAMa and Wagner forces abducted ten civilians on the road between "
        "Tonka and Goundam (Goundam, Tombouctou).",
    )
    assert (incident.location, incident.actor1) == ("Goundam", "Wagner Group")
    # The rules alone: the words before a mention, and its spelling against the place's name.
    assert _part_of_longer_name("bombs were dropped in Pauk ")
    assert not _part_of_longer_name("bombs were dropped in ")
    assert not _part_of_longer_name("Reuters) ")
    assert not _part_of_longer_name("On Monday, ")
    assert not _part_of_longer_name("a drone strike in North ")
    assert _cased_otherwise("FAMa", "Fama") and not _cased_otherwise("McAllen", "McAllen")
    assert not _cased_otherwise("BAGHDAD", "Baghdad") and not _cased_otherwise("Baghdad", "Baghdad")


def test_an_outlet_named_after_a_place_is_not_where(parse: Parse) -> None:
    text = "On 23 April 2017, al-Shabaab fighters attacked an army base in Somalia, Garowe Online reported."
    assert [i.location for i in parse(text)] == ["Somalia"]


def test_a_dateline_in_capitals_places_the_report(parse: Parse) -> None:
    text = "BANNU, Dec 4: Militants blew up a government school in the Haweed area on Tuesday night."
    assert [i.location for i in parse(text)] == ["Bannu"]


def test_a_short_division_name_is_found_with_the_word_that_makes_it_one(matcher: Matcher) -> None:
    found = {m.surface: m for m in matcher.find("Soldiers died in the Bam area and near Bam, Iran.")}
    assert {(p.country, p.kind) for p in matcher.places_of(found["Bam area"])} == {("BF", "province")}
    assert all(p.country == "IR" for p in matcher.places_of(found["Bam"]))


def test_a_country_qualified_by_a_direction_is_not_the_dateline(parse: Parse) -> None:
    text = (
        "OUAGADOUGOU, Burkina Faso (AP) — At least 15 soldiers were killed in northern Burkina Faso "
        "when their vehicles hit land mines, the army said.\n\n"
        "The explosions took place in the Bam area of the Center-North region, the army said in a "
        "statement issued late Tuesday."
    )
    (incident,) = parse(text, published=date(2022, 8, 9))
    assert (incident.location, incident.geo_precision, incident.killed and incident.killed.best) == (
        "Bam",
        3,
        15,
    )
    # Where the report says nothing but the country, the city it was filed from is nearer.
    (incident,) = parse(
        "MOGADISHU (Reuters) - A car bomb killed 5 people in Somalia on Monday, police said.",
        published=date(2022, 8, 9),
    )
    assert incident.location == "Mogadishu"


def test_a_transliterated_name_is_found_by_its_consonants_where_it_is_a_place(parse: Parse) -> None:
    # GeoNames spells them "Jāsim" and "Khān Shaykhūn".
    (incident,) = parse(
        "In Jassem in the southern province of Deraa, 16 civilians were killed in four air strikes "
        "on Monday.",
        published=date(2015, 2, 3),
    )
    assert (incident.location, incident.admin1, incident.geo_precision) == ("Jāsim", "Daraa", 1)
    # Found by sound alone, a name is placed only in the countries the report is about.
    (incident,) = parse(
        "On 1 December 2023, Russian military forces advanced near Sieverne, Donetsk, clashing "
        "with the Ukrainian military."
    )
    assert incident.country == "UA"


def test_the_province_of_a_name_is_the_province(parse: Parse) -> None:
    (incident,) = parse(
        "On 1 December 2023, 3 soldiers were killed in a roadside bomb blast in the southern "
        "province of Deraa."
    )
    assert (incident.location, incident.geo_precision) == ("Daraa Governorate", 3)


def test_a_place_whose_namesakes_all_lie_in_other_provinces_falls_back_to_the_named_one(
    parse: Parse,
) -> None:
    # The gazetteer knows five Bohdanivkas, none in Donetsk oblast.
    (incident,) = parse("On 1 December 2023, Russian military forces shelled Bohdanivka, Donetsk.")
    assert (incident.location, incident.geo_precision) == ("Donetsk", 3)
    # Where the gazetteer cannot tell a place's province, or the name is a region over several
    # provinces, the place stands.
    (incident,) = parse("On 1 December 2023, cleaners staged a rally in Santander (Cantabria).")
    assert (incident.location, incident.country) == ("Santander", "ES")
    (incident,) = parse("On 1 December 2023, thousands took to the streets of Bari (Puglia) to protest.")
    assert (incident.location, incident.country) == ("Bari", "IT")


def test_a_province_named_alone_is_pinned_at_its_largest_town(parse: Parse) -> None:
    (incident,) = parse("On 1 December 2023, Russian military forces shelled Levadne, Zaporizhia.")
    assert incident.latitude is not None and incident.longitude is not None
    # Zaporizhzhia city (47.85, 35.12), not the oblast's middle (47.34, 35.71).
    assert abs(incident.latitude - 47.85) < 0.05 and abs(incident.longitude - 35.12) < 0.05


def test_a_name_followed_by_a_word_for_a_place_is_where(parse: Parse) -> None:
    (incident,) = parse(
        "On 1 December 2023, regime forces shelled Teftnaz town in Idleb countryside with artillery."
    )
    assert (incident.location, incident.geo_precision) == ("Taftanāz", 1)


def test_every_name_of_a_run_is_found_by_its_consonants(matcher: Matcher) -> None:
    found = {
        m.surface: m
        for m in matcher.find(
            "In Syria, drones targeted the vicinity of Tall Refaat town. A man was killed between "
            "Nawa and Sheikh Miskine towns."
        )
    }
    assert [p.name for p in matcher.places_of(found["Tall Refaat"])] == ["Tall Rif‘at"]
    assert [p.name for p in matcher.places_of(found["Sheikh Miskine"])] == ["Shaykh Miskīn"]
    assert all(m.uncertain for m in (found["Tall Refaat"], found["Sheikh Miskine"]))
    # A report naming no place of a country whose names are transliterated is not searched so.
    assert not any(m.uncertain for m in matcher.find("Drones targeted the vicinity of Tall Refaat town."))


def test_a_country_named_for_its_forces_casts_no_vote_for_where(parse: Parse) -> None:
    text = (
        "JOHANNESBURG -- The U.S. military says it has carried an airstrike that killed 18 al-Shabab "
        "extremists after U.S. and local forces came under attack in southern Somalia.\n\n"
        "The U.S. Africa Command says the airstrike was carried out on Friday about 50 kilometres "
        "northwest of the port city of Kismayo.\n\n"
        "An AFRICOM spokesman says no U.S. or partner forces were injured. U.S. forces and U.S. "
        "military advisers were on a combined patrol."
    )
    (incident,) = parse(text, published=date(2018, 9, 22))
    assert (incident.location, incident.geo_precision) == ("Kismayo", 2)
