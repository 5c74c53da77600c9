"""`sitrep kb`: list, show, add, alias, check and the STIX export, on a copy of the knowledge files."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import stix2
from click.testing import CliRunner

from sitrep.cli import cli
from sitrep.kb.check import check_kb
from sitrep.kb.registry import DATA_DIR, KnowledgeBase, load_kb
from sitrep.kb.stix import to_stix


@pytest.fixture
def kb_dir(tmp_path: Path) -> Path:
    target = tmp_path / "kb"
    shutil.copytree(DATA_DIR, target)
    return target


def _run(kb_dir: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args), env={"SITREP_KB_DIR": str(kb_dir)})
    return result.exit_code, result.output


def test_the_shipped_knowledge_is_consistent(kb: KnowledgeBase) -> None:
    assert check_kb(kb) == []


def test_check_finds_each_kind_of_problem(kb_dir: Path) -> None:
    actors = kb_dir / "actors.yaml"
    text = actors.read_text(encoding="utf-8")
    text = text.replace(
        "      - {actor: iran, relation: backed by}", "      - {actor: nowhere, relation: backed by}", 1
    )
    text += (
        "\n  - id: copycat\n    name: Copycat\n    type: militia\n    country: SY\n"
        "    aliases: [HTS, Police]\n"
    )
    actors.write_text(text, encoding="utf-8")
    sources = kb_dir / "sources.yaml"
    sources.write_text(sources.read_text(encoding="utf-8").replace("reliability: D", "reliability: Q", 1))
    code, out = _run(kb_dir, "kb", "check")
    assert code == 1
    assert "relation to unknown actor 'nowhere'" in out
    assert "alias 'hts' belongs to several actors" in out
    assert "alias 'Police' is a common word" in out
    assert "is not A-F" in out


def test_show_finds_an_actor_by_a_former_name_with_its_dated_renames(kb_dir: Path) -> None:
    code, out = _run(kb_dir, "kb", "show", "Nusra Front", "--format", "json")
    assert code == 0
    record = json.loads(out)
    assert record["id"] == "hts"
    assert [(f["name"], f["until"]) for f in record["former_names"]] == [
        ("Jabhat al-Nusra", "2016-07-28"),
        ("Jabhat Fatah al-Sham", "2017-01-28"),
    ]
    assert {"relation": "affiliated with", "actor": "al-qaeda"}.items() <= record["relations"][0].items()
    code, out = _run(kb_dir, "kb", "show", "Haj Khaled")
    assert "commander of the al-Baqir Brigade" in out and "Abu Hussein" in out
    code, out = _run(kb_dir, "kb", "show", "Lebanese daily al-Akhbar")
    assert code == 0 and "affiliation: Hezbollah" in out and "reliability:" in out
    code, out = _run(kb_dir, "kb", "show", "Nobody At All")
    assert code == 1 and "no actor or source" in out


def test_add_and_alias_edit_the_files_and_keep_them_loadable(kb_dir: Path) -> None:
    code, out = _run(
        kb_dir,
        "kb",
        "add",
        "--id",
        "jaysh-al-islam",
        "--name",
        "Jaysh al-Islam",
        "--type",
        "rebel group",
        "--country",
        "SY",
        "--alias",
        "Army of Islam",
    )
    assert code == 0, out
    code, out = _run(kb_dir, "kb", "alias", "Army of Islam", "Jaish al-Islam")
    assert code == 0, out
    code, out = _run(kb_dir, "kb", "alias", "HTS", "Hayat Tahrir al Sham Front")
    assert code == 0, out
    knowledge = load_kb(kb_dir)
    assert {"Army of Islam", "Jaish al-Islam"} <= set(knowledge.actor_by_id["jaysh-al-islam"].aliases)
    assert "Hayat Tahrir al Sham Front" in knowledge.actor_by_id["hts"].aliases
    assert "# Sitrep knowledge base" in (kb_dir / "actors.yaml").read_text(encoding="utf-8")
    before = (kb_dir / "actors.yaml").read_text(encoding="utf-8")
    code, out = _run(kb_dir, "kb", "alias", "ISIS", "HTS")
    assert code == 2 and "already names hts" in out
    code, out = _run(kb_dir, "kb", "alias", "ISIS", "Police")
    assert code == 2 and "common word" in out
    assert (kb_dir / "actors.yaml").read_text(encoding="utf-8") == before


def test_stix_bundle_parses_and_is_stable(kb: KnowledgeBase, kb_dir: Path, tmp_path: Path) -> None:
    bundle = stix2.parse(to_stix(kb).serialize(), allow_custom=False)
    kinds = {o.type for o in bundle.objects}
    assert {"threat-actor", "intrusion-set", "identity", "location", "relationship"} <= kinds
    hts = next(o for o in bundle.objects if o.type == "threat-actor" and o.name == "Hay'at Tahrir al-Sham")
    assert "Jabhat al-Nusra" in hts.aliases
    out = tmp_path / "kb.json"
    code, _ = _run(kb_dir, "kb", "export", "--format", "stix", "-o", str(out))
    assert code == 0
    assert json.loads(out.read_text())["id"] == json.loads(to_stix(kb).serialize())["id"]
    assert out.read_text() == (to_stix(kb).serialize(pretty=True) + "\n")


def test_list_as_json(kb_dir: Path) -> None:
    code, out = _run(kb_dir, "kb", "list", "--kind", "sources", "--format", "json")
    assert code == 0
    rows = {r["name"]: r for r in json.loads(out)}
    assert rows["al-Akhbar"]["affiliation"] == "Hezbollah" and rows["al-Akhbar"]["reliability"] in "ABCDEF"
