"""Shared fixtures: the knowledge base, an extractor, the demo corpus, ../shared when present."""

from __future__ import annotations

from pathlib import Path

import pytest

from sitrep.app import Sitrep
from sitrep.config import Config
from sitrep.extract.pipeline import Extractor
from sitrep.kb.matcher import Matcher
from sitrep.kb.registry import KnowledgeBase, load_kb

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "data" / "demo"
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def kb() -> KnowledgeBase:
    return load_kb()


@pytest.fixture(scope="session")
def matcher(kb: KnowledgeBase) -> Matcher:
    return Matcher(kb)


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
