"""Shared fixtures: the knowledge base, an extractor, the demo corpus, ../shared when present."""

from __future__ import annotations

from pathlib import Path

import pytest

from sitrep.app import Sitrep
from sitrep.config import Config
from sitrep.extract.pipeline import Extractor
from sitrep.kb.gazetteer import build_index
from sitrep.kb.matcher import Matcher
from sitrep.kb.registry import KnowledgeBase, load_kb

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "data" / "demo"
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def kb() -> KnowledgeBase:
    return load_kb()


@pytest.fixture(scope="session")
def gazetteer_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The gazetteer index, built once a session so that tests never read or write the user's cache."""
    path = tmp_path_factory.mktemp("gazetteer") / "gazetteer.sqlite"
    build_index(path)
    return path


@pytest.fixture(scope="session")
def matcher(kb: KnowledgeBase, gazetteer_index: Path) -> Matcher:
    return Matcher(kb, index=gazetteer_index)


@pytest.fixture(scope="session")
def extractor(kb: KnowledgeBase, matcher: Matcher) -> Extractor:
    return Extractor(kb, matcher)


@pytest.fixture(scope="session")
def shared() -> Path:
    if not (SHARED / "schema" / "incident.schema.json").exists():
        pytest.skip("../shared is not beside this checkout (evaluation data and contract live there)")
    return SHARED


@pytest.fixture
def app(tmp_path: Path, kb: KnowledgeBase, extractor: Extractor) -> Sitrep:
    config = Config(database_url=f"sqlite:///{tmp_path / 'sitrep.db'}")
    sitrep = Sitrep(config, kb)
    sitrep.__dict__["extractor"] = extractor  # reuse the session's matcher: it takes a second to build
    return sitrep


@pytest.fixture
def loaded(app: Sitrep) -> Sitrep:
    """A fresh store holding the whole demo week, extracted and resolved."""
    app.ingest([str(DEMO)])
    app.extract()
    return app
