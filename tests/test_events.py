"""Reading a sentence's event from its trigger words."""

from __future__ import annotations

import pytest

from sitrep.extract.events import EventMatcher
from sitrep.kb.registry import KnowledgeBase


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
