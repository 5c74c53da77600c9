from datetime import date

import pytest

from sitrep.extract.attribution import find_attributions, parse_attribution
from sitrep.kb.registry import KnowledgeBase


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("SANA, November 3, 2017", [("SANA", date(2017, 11, 3))]),
        (
            "Khutwa, November 3; Murasiloun, November 4, 2017",
            [("Khutwa", date(2017, 11, 3)), ("Murasiloun", date(2017, 11, 4))],
        ),
        (
            "Tasnim and the Murasiloun website, November 5, 2017",
            [("Tasnim", date(2017, 11, 5)), ("Murasiloun", date(2017, 11, 5))],
        ),
        (
            "YouTube, based on an announcement of the Arab Union Party, November 3, 2017",
            [("Arab Union Party", date(2017, 11, 3))],
        ),
        ("syrianpc.com, July 8 2017", [("syrianpc.com", date(2017, 7, 8))]),
    ],
)
def test_bulletin_attributions(body: str, expected: list[tuple[str, date]]) -> None:
    assert [(c.name, c.date) for c in parse_attribution(body)] == expected


@pytest.mark.parametrize(
    "body", ["Google Maps", "Tu-22M3s", "updated to November 4, 2017", "the former al-Nusra Front"]
)
def test_other_parentheses_are_not_attributions(body: str) -> None:
    assert parse_attribution(body) == ()


def test_registry_names_and_affiliations(kb: KnowledgeBase) -> None:
    (citation,) = parse_attribution("Syrian News Agency, November 5, 2017", kb)
    assert citation.name == "SANA"
    assert citation.affiliation and "regime" in citation.affiliation.lower()
    (akhbar,) = parse_attribution("al-Akhbar, November 3, 2017", kb)
    assert akhbar.affiliation and "hezbollah" in akhbar.affiliation.lower()


def test_spans() -> None:
    text = "The army retook the posts (Dimashq al-A'an, November 3, 2017). Clashes resumed."
    (found,) = find_attributions(text)
    assert text[found.start : found.end] == "(Dimashq al-A'an, November 3, 2017)"
