"""`sitrep parse` as ../shared/CONTRACT.md defines it: schema-valid JSON Lines, exit codes, batch."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from sitrep.cli import cli

from .conftest import DEMO, ROOT

PACKAGED_SCHEMA = ROOT / "src" / "sitrep" / "schema" / "incident.schema.json"


def _validator(schema_path: Path) -> jsonschema.Draft202012Validator:
    schema = json.loads(schema_path.read_text(encoding="utf-8"))
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())


def test_packaged_schema_is_the_contract(shared: Path) -> None:
    assert json.loads(PACKAGED_SCHEMA.read_text()) == json.loads(
        (shared / "schema" / "incident.schema.json").read_text()
    )


def _parse(args: list[str], stdin: str | None = None) -> tuple[int, list[dict[str, object]], str]:
    result = CliRunner().invoke(cli, ["parse", *args], input=stdin)
    lines = [json.loads(line) for line in result.stdout.splitlines() if line.strip()]
    return result.exit_code, lines, result.stderr


def test_parse_prints_schema_valid_incidents(tmp_path: Path) -> None:
    code, incidents, _ = _parse([str(DEMO / "html" / "haaretz-2017-11-03-hader-car-bomb.html")])
    assert code == 0 and incidents
    validator = _validator(PACKAGED_SCHEMA)
    for incident in incidents:
        errors = list(validator.iter_errors(incident))
        assert not errors, errors[0].message
    bomb = next(i for i in incidents if i["location"] == "Hader")
    assert bomb["date"] == "2017-11-03" and bomb["killed"]["best"] == 16  # type: ignore[index]
    assert bomb["sources"][0]["name"] == "Haaretz"  # type: ignore[index]


def test_parse_stdin_with_published_and_source() -> None:
    text = "Five civilians were wounded on Saturday when an IED exploded in Hur Rajab, south of Baghdad."
    code, incidents, _ = _parse(["-", "--published", "2017-11-06", "--source", "al-Sumaria News"], text)
    assert code == 0
    (incident,) = incidents
    assert incident["date"] == "2017-11-04" and incident["wounded"]["best"] == 5  # type: ignore[index]
    assert incident["sources"][0]["name"] == "al-Sumaria News"  # type: ignore[index]


def test_parse_finds_nothing_in_commentary_and_exits_zero() -> None:
    text = "It can be expected that additional attempts will be made to take the enclave."
    code, incidents, _ = _parse(["-", "--published", "2017-11-08"], text)
    assert code == 0 and incidents == []


def test_parse_unreadable_input_exits_2(tmp_path: Path) -> None:
    blob = tmp_path / "blob.pdf"
    blob.write_bytes(b"%PDF-1.4 garbage")
    code, _, err = _parse([str(blob)])
    assert code == 2 and err.startswith("Error:") and len(err.strip().splitlines()) == 1
    code, _, _ = _parse([str(tmp_path / "missing.txt")])
    assert code == 2


def test_parse_batch_tags_doc_ids_and_skips_bad_lines(tmp_path: Path) -> None:
    batch = tmp_path / "batch.jsonl"
    batch.write_text(
        json.dumps(
            {
                "id": "d1",
                "text": "A car bomb killed 16 people in Hader on Friday.",
                "published": "2017-11-04",
                "source": "Haaretz",
            }
        )
        + "\n"
        + "{broken\n"
        + json.dumps({"id": "d2", "text": "Nothing happened here."})
        + "\n",
        encoding="utf-8",
    )
    code, incidents, err = _parse(["--batch", str(batch)])
    assert code == 0
    assert [i["doc_id"] for i in incidents] == ["d1"]
    assert "line 2" in err
    validator = _validator(PACKAGED_SCHEMA)
    assert not list(validator.iter_errors({k: v for k, v in incidents[0].items() if k != "doc_id"}))


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "geojson", "acled"])
def test_incidents_command_formats(tmp_path: Path, fmt: str) -> None:
    db = f"sqlite:///{tmp_path / 'x.db'}"
    runner = CliRunner()
    assert runner.invoke(cli, ["--database", db, "ingest", str(DEMO / "reports.jsonl")]).exit_code == 0
    assert runner.invoke(cli, ["--database", db, "extract"]).exit_code == 0
    result = runner.invoke(cli, ["--database", db, "incidents", "--format", fmt, "--country", "IQ"])
    assert result.exit_code == 0 and result.stdout.strip()
    if fmt == "jsonl":
        validator = _validator(PACKAGED_SCHEMA)
        for line in result.stdout.splitlines():
            assert not list(validator.iter_errors(json.loads(line)))
    if fmt == "geojson":
        assert json.loads(result.stdout)["type"] == "FeatureCollection"
    if fmt == "acled":
        assert result.stdout.startswith("event_id_cnty,event_date")
