"""Reading a sentence's event from its trigger words."""

from __future__ import annotations

from datetime import date

import pytest

from sitrep.extract.events import EventMatcher
from sitrep.kb.registry import KnowledgeBase

from .conftest import Parse


@pytest.fixture(scope="module")
def events(kb: KnowledgeBase) -> EventMatcher:
    return EventMatcher(kb.lexicon)


@pytest.mark.parametrize(
    ("text", "event_type"),
    [
        # Set off by someone, though an accident's word is near.
        ("Unknown individuals blew up a bank in the Parque Industrial region.", "Explosions/Remote violence"),
        ("Teachers gathered in Migori town against the government's decision.", "Protests"),
        ("Around 50 merchants blocked Avenida Pino Suarez in front of the city council.", "Protests"),
        # The violence is the crowd's cause.
        (
            "Families held a vigil and protested to demand justice for two men killed in a shooting.",
            "Protests",
        ),
        ("Workers protested to condemn an assassination attempt on a labour activist.", "Protests"),
        # The crowd is not what the sentence reports.
        ("Gunmen shot dead two protesters after the rally.", "Violence against civilians"),
        # Who the victims were, not a battle.
        (
            "A Houthi ballistic missile hit a house during a meeting of tribal leaders fighting on the "
            "government's side.",
            "Explosions/Remote violence",
        ),
    ],
)
def test_events_are_read(events: EventMatcher, text: str, event_type: str) -> None:
    reading = events.read(text, has_casualties=False)
    assert reading is not None and reading.event_type == event_type


@pytest.mark.parametrize(
    "text",
    [
        "A gas tank exploded at the industrial plant.",
        "The boiler blew up at the factory.",
    ],
)
def test_an_explosion_with_no_one_setting_it_off_is_an_accident(events: EventMatcher, text: str) -> None:
    assert events.read(text, has_casualties=False) is None


def test_a_notes_tag_codes_the_whole_note(parse: Parse) -> None:
    text = (
        "Interception: On 1 December 2023, Hezbollah forces fired rockets toward Kiryat Shmona. "
        "Two of the rockets were intercepted over the area of Kiryat Shmona."
    )
    (incident,) = parse(text)
    assert (incident.event_type, incident.sub_event_type) == (
        "Strategic developments",
        "Disrupted weapons use",
    )


def test_forces_named_by_no_nationality_are_the_countrys(parse: Parse) -> None:
    acting = "On 1 December 2023, in Aracaju (Sergipe), civil police officers exchanged fire with a suspect."
    assert [(i.country, i.actor1) for i in parse(acting)] == [("BR", "Police Forces of Brazil")]
    passive = "On 1 December 2023, a man was shot and wounded by soldiers in Kaduna."
    assert [(i.country, i.actor1) for i in parse(passive)] == [("NG", "Military Forces of Nigeria")]
    # The dead are not the attackers, and forces of no known country are no country's.
    dead = "On 1 December 2023, two soldiers were killed when gunmen attacked a checkpoint in Kaduna."
    assert [(i.country, i.actor1) for i in parse(dead)] == [("NG", None)]
    unknown = "On 1 December 2023, a drone by unknown military forces conducted an airstrike in Kaduna."
    assert [(i.country, i.actor1) for i in parse(unknown)] == [("NG", None)]
    target = "On 1 December 2023, two gunmen opened fire on police officers deployed at a gate in Kaduna."
    assert [(i.country, i.actor1) for i in parse(target)] == [("NG", None)]


@pytest.mark.parametrize(
    "text",
    [
        "With over 100 killed within four months in about 10 attacks in Borno, the insurgency goes on.",
        "ISSP and JNIM fought several battles across northeastern Mali between August 2022 and April 2023.",
        "After 10 days of heart-breaking violence that claimed more than 400 lives in Khartoum, talks began.",
    ],
)
def test_a_tally_over_a_span_is_no_incident(parse: Parse, text: str) -> None:
    assert [(i.country, i.actor1) for i in parse(text)] == []


def test_an_event_told_beside_a_span_stays(parse: Parse) -> None:
    text = (
        "On 1 October 2016, Syrian government forces recaptured several villages in Hama province, "
        "pushing back rebels who had advanced in recent weeks."
    )
    assert len(parse(text)) == 1


def test_a_country_wide_lead_does_not_join_two_towns(parse: Parse) -> None:
    text = (
        "Government air strikes on rebel-held towns have killed at least 44 people, activists said.\n\n"
        "In Daraa, 16 civilians were killed in four air strikes on Monday.\n\n"
        "Elsewhere, air strikes on Douma, east of Damascus, killed at least 10 civilians."
    )
    places = sorted(i.location for i in parse(text))
    assert places == ["Daraa", "Dūmā"]


def test_elsewhere_goes_on_with_the_storys_day_and_attacker(parse: Parse) -> None:
    text = (
        "Syrian army air strikes killed 16 civilians in Daraa on Monday, activists said.\n\n"
        "Elsewhere, air strikes on Douma, east of Damascus, killed at least 10 civilians."
    )
    douma = next(i for i in parse(text, published=date(2015, 2, 3)) if i.location == "Dūmā")
    assert (douma.date, douma.actor1) == (date(2015, 2, 2), "Syrian Arab Army")


def test_an_interception_is_coded_to_who_intercepted(parse: Parse) -> None:
    text = (
        "Interception: On 1 December 2023, Hamas militants fired barrages of rockets toward southern "
        "Israel, causing sirens to sound in Netivot (Beer Sheva, HaDarom). Some of the rockets were "
        "intercepted over the area of Netivot."
    )
    (incident,) = parse(text)
    assert incident.sub_event_type == "Disrupted weapons use"
    assert (incident.actor1, incident.actor2) == ("Israel Defense Forces", "Hamas")


def test_in_a_riot_the_crowd_acts_and_the_forces_it_faced_are_the_other_side(parse: Parse) -> None:
    text = (
        "On 1 December 2023, Palestinian rioters clashed with Israeli forces during an Israeli raid in "
        "Jenin city (West Bank). Palestinian rioters threw rocks and Israeli forces fired live and "
        "rubber bullets, stun grenades and tear gas canisters. There were no casualties."
    )
    (incident,) = parse(text)
    assert (incident.event_type, incident.actor1, incident.actor2) == ("Riots", None, "Israel Defense Forces")


def test_a_protest_that_turned_violent_is_a_riot(parse: Parse) -> None:
    text = (
        "On 30 November 2023, residents held a demonstration in Port-au-Prince to decry the killing "
        "of a young man. Demonstrators burned tires on the road."
    )
    (incident,) = parse(text)
    assert (incident.event_type, incident.sub_event_type) == ("Riots", "Violent demonstration")
    (incident,) = parse("On 1 December 2023, Israeli settlers raided a restaurant near Nablus (West Bank).")
    assert (incident.event_type, incident.sub_event_type) == ("Riots", "Mob violence")
