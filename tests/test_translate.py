"""The translation interface: off by default; a team's engine, named in the settings, shows its
output beside non-English quotes in the API and the incident page, marked as machine translation,
with the quote kept as published."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import ClassVar

import pytest
from fastapi.testclient import TestClient

from sitrep.app import Sitrep
from sitrep.errors import ConfigError
from sitrep.extract.pipeline import Extractor
from sitrep.languages.translate import load_translator
from sitrep.model import Document
from sitrep.store.accounts import Accounts
from sitrep.web.app import create_app


class Glossary:
    """A word-for-word engine over a small glossary: enough to see the interface at work."""

    name = "glossary"
    WORDS: ClassVar[dict[str, str]] = {"سيارة": "car", "مفخخة": "bomb", "انفجار": "explosion", "قتلى": "dead"}

    def translate(self, text: str, source: str, target: str = "en") -> str:
        return " ".join(self.WORDS.get(word, word) for word in text.split())


def test_no_translator_unless_one_is_named() -> None:
    assert load_translator("") is None
    engine = load_translator("tests.test_translate:Glossary")
    assert engine is not None and engine.translate("انفجار سيارة مفخخة", "ar") == "explosion car bomb"
    for spec, message in (
        ("nocolon", "package.module:factory"),
        ("no.such.module:X", "cannot load"),
        ("tests.test_translate:date", "take no arguments"),
        ("tests.test_translate:Path", "no name and translate"),
    ):
        with pytest.raises(ConfigError, match=message):
            load_translator(spec)


def test_the_workspace_shows_a_marked_translation_beside_the_quote(
    app: Sitrep, extractor: Extractor, tmp_path: Path
) -> None:
    translating = Sitrep(replace(app.config, translator="tests.test_translate:Glossary"), app.kb)
    translating.__dict__["extractor"] = extractor
    quote = "دير الزور: انفجار سيارة مفخخة يوم 4 تشرين الثاني 2017 أسفر عن 12 قتلى."
    translating.store.add_document(
        Document(text=quote, source="SANA", published=date(2017, 11, 4), language="ar")
    )
    translating.extract()
    (incident,) = translating.incidents()
    Accounts(translating.store).add_user("vic", "correct horse battery", "viewer")
    client = TestClient(create_app(translating, tmp_path), base_url="http://127.0.0.1")
    token = Accounts(translating.store).new_token("vic")
    found = client.get(f"/api/incidents/{incident.id}", headers={"Authorization": f"Bearer {token}"}).json()
    (statement,) = [s for s in found["statements"] if s["language"] == "ar"]
    assert statement["text"] in quote and statement["translated_by"] == "glossary"
    assert "car bomb" in statement["translation"]
    # The bulletin's sentence is Sitrep's own English, from the coded fields, citing the outlet.
    assert incident.summary.startswith("On November 4, 2017") and "Deir" in incident.summary
    untranslated = Sitrep(app.config, app.kb)
    untranslated.__dict__["extractor"] = extractor
    assert untranslated.translator is None
