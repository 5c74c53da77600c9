"""`sitrep eval`: gold formats are read, matching is one-to-one, fields are scored where judged."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from sitrep.cli import cli
from sitrep.evaluate import GoldError, evaluate, load_gold
from sitrep.evaluate.gold import GoldDocument, GoldIncident
from sitrep.kb.registry import KnowledgeBase
from sitrep.model import Count, Incident

NEWS = {
    "key": "two-blasts",
    "published": "2017-11-05",
    "source": "Test Wire",
    "text": "Two bombs went off in Baghdad on Saturday, November 4, 2017. One killed 3 people in Karrada.",
    "incidents": [
        {
            "key": "karrada",
            "date": "2017-11-04",
            "country": "IQ",
            "place": "Baghdad",
            "lat": 33.3,
            "lon": 44.42,
            "km": 25,
            "category": "explosion",
            "actor1": None,
            "killed": 3,
            "wounded": None,
        },
        {
            "key": "mosul",
            "date": "2017-11-04",
            "country": "IQ",
            "place": "Mosul",
            "lat": 36.34,
            "lon": 43.13,
            "km": 25,
            "category": "explosion",
            "actor1": "isis",
            "killed": None,
            "wounded": 2,
        },
    ],
}


def _incident(location: str, lat: float, lon: float, killed: int | None, **kw: object) -> Incident:
    fields: dict[str, object] = {
        "id": f"sr-{location}",
        "date": date(2017, 11, 4),
        "country": "IQ",
        "location": location,
        "latitude": lat,
        "longitude": lon,
        "event_type": "Explosions/Remote violence",
        "sub_event_type": "Remote explosive/landmine/IED",
        "actor1": None,
        "killed": Count(killed, killed, killed) if killed is not None else None,
        "wounded": None,
        "sources": (),
        "summary": location,
    }
    fields.update(kw)
    return Incident(**fields)  # type: ignore[arg-type]


def test_news_gold_is_read(tmp_path: Path) -> None:
    path = tmp_path / "gold.jsonl"
    path.write_text(json.dumps(NEWS) + "\n\n", encoding="utf-8")
    (doc,) = load_gold(path)
    assert doc.kind == "news" and doc.published == date(2017, 11, 5)
    assert [g.key for g in doc.incidents] == ["karrada", "mosul"]
    assert doc.incidents[0].categories == {"explosion"}


def test_a_bad_gold_line_names_its_line(tmp_path: Path) -> None:
    path = tmp_path / "gold.jsonl"
    path.write_text(json.dumps(NEWS) + "\n{not json\n", encoding="utf-8")
    with pytest.raises(GoldError, match="line 2"):
        load_gold(path)


def test_gtd_and_case_shapes(tmp_path: Path) -> None:
    gtd = tmp_path / "gtd.jsonl"
    record = {
        "id": "g1",
        "published": "2015-01-02",
        "source": "GTD",
        "text": "01/02/2015: A bomb.",
        "gtd": {
            "date": "2015-01-02",
            "attacktype": "Armed Assault",
            "weapon": "Firearms",
            "nkill": 2,
            "nwound": None,
        },
    }
    gtd.write_text(json.dumps(record) + "\n", encoding="utf-8")
    (doc,) = load_gold(gtd)
    (gold,) = doc.incidents
    assert doc.kind == "gtd" and gold.categories == {"battle", "violence_against_civilians"}
    assert gold.weapons == {"firearms"} and gold.killed == 2 and gold.wounded is None
    case = tmp_path / "case.tsv"
    case.write_text(
        "id\tEventSnippet\tSubType\n1\tJets struck a town.\tAIR_STRIKE\n2\tFloods.\tNATURAL_DISASTER\n"
        "3\tA group claimed the bombing.\tATTRIB\n"
    )
    strike, flood = load_gold(case)
    assert strike.incidents[0].sub_event_type == "Air/drone strike" and strike.reports_event
    assert not flood.incidents and not flood.reports_event


def test_matching_is_one_to_one_and_fields_are_scored_where_judged(tmp_path: Path, kb: KnowledgeBase) -> None:
    path = tmp_path / "gold.jsonl"
    path.write_text(json.dumps(NEWS) + "\n", encoding="utf-8")
    docs = load_gold(path)
    predicted = [
        _incident("Baghdad", 33.30, 44.42, 3),
        _incident("Baghdad", 33.30, 44.41, 5),
        _incident("Basra", 30.5, 47.8, 1),
    ]
    result = evaluate(docs, lambda _doc: predicted, kb)
    assert (result.gold, result.predicted, result.matched) == (2, 3, 1)
    assert result.recall == 0.5 and result.precision == pytest.approx(1 / 3)
    assert result.fields["killed"].right == 1 and result.fields["killed"].judged == 1
    assert result.fields["wounded"].judged == 0
    assert result.fields["perpetrator"].rate == 1.0
    assert result.misses == [{"document": "two-blasts", "gold": "mosul", "place": "Mosul"}]


def test_incidents_from_text_that_reports_none_are_counted(kb: KnowledgeBase) -> None:
    quiet = GoldDocument(
        key="q",
        text="Talks went on.",
        published=None,
        source=None,
        kind="case",
        incidents=(),
        reports_event=False,
    )
    loud = GoldDocument(
        key="l",
        text="x",
        published=None,
        source=None,
        kind="case",
        incidents=(GoldIncident(key="l", date=None, sub_event_type="Armed clash"),),
    )
    result = evaluate([quiet, loud], lambda _doc: [_incident("Basra", 30.5, 47.8, None)], kb)
    assert (result.quiet_documents, result.invented) == (1, 1)
    assert result.fields["sub_event_type"].right == 0 and result.matched == 1


def test_eval_command_prints_json(tmp_path: Path) -> None:
    path = tmp_path / "gold.jsonl"
    path.write_text(json.dumps(NEWS) + "\n", encoding="utf-8")
    out = CliRunner().invoke(
        cli, ["--database", f"sqlite:///{tmp_path}/x.db", "eval", str(path), "--format", "json"]
    )
    assert out.exit_code == 0, out.output
    figures = json.loads(out.stdout)
    assert figures["gold_incidents"] == 2 and figures["documents"] == 1
    assert set(figures["fields"]) >= {"killed", "wounded", "perpetrator", "place_25km", "event_type"}


def test_news_dev_is_found_whole(shared: Path, tmp_path: Path) -> None:
    out = CliRunner().invoke(
        cli,
        [
            "--database",
            f"sqlite:///{tmp_path}/x.db",
            "eval",
            str(shared / "eval" / "news-dev.jsonl"),
            "--format",
            "json",
        ],
    )
    assert out.exit_code == 0, out.output
    figures = json.loads(out.stdout)
    assert figures["recall"] == 1.0
