"""The bulletin names actors as the seed does, from the knowledge base's dates and relations."""

from __future__ import annotations

from datetime import date

from sitrep.app import Sitrep
from sitrep.kb.registry import KnowledgeBase
from sitrep.model import Document
from sitrep.report.naming import introduction


def test_hts_is_introduced_with_its_origin(kb: KnowledgeBase) -> None:
    hts = kb.actor_by_id["hts"]
    assert introduction(hts, kb, date(2017, 11, 3)) == (
        "the Headquarters for the Liberation of al-Sham (originally the al-Qaeda-affiliated al-Nusra Front)"
    )
    # Before the renames the group is named as it was then; long after, the origin is no news.
    assert introduction(hts, kb, date(2015, 6, 1)) == "al-Nusra Front"
    assert (
        introduction(hts, kb, date(2016, 10, 1))
        == "Jabhat Fatah al-Sham (originally the al-Qaeda-affiliated al-Nusra Front)"
    )
    assert "originally" not in introduction(kb.actor_by_id["isis"], kb, date(2017, 11, 3))


def test_sponsors_are_named_as_of_the_day(kb: KnowledgeBase) -> None:
    text = introduction(kb.actor_by_id["hezbollah"], kb, date(2017, 11, 5))
    assert text.startswith("Hezbollah (backed by ")


def test_old_and_new_names_resolve_to_one_actor(app: Sitrep) -> None:
    old = app.parse(
        Document(
            text="On May 3, 2015, al-Nusra Front fighters attacked army posts in Idlib, killing 12 soldiers.",
            published=date(2015, 5, 4),
        )
    )
    new = app.parse(
        Document(
            text="On November 3, 2017, HTS fighters attacked army posts in Idlib, killing 9 soldiers.",
            published=date(2017, 11, 4),
        )
    )
    assert {i.actor1 for i in old} == {i.actor1 for i in new} == {"Hay'at Tahrir al-Sham"}
