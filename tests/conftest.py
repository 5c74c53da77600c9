"""Shared fixtures: the knowledge base, an extractor, the demo corpus, ../shared when present,
and a fresh database, SQLite or PostgreSQL, for each test that stores anything."""

from __future__ import annotations

import os
import shutil
import socket
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Protocol

import psycopg
import pytest
from hypothesis import settings

from sitrep.app import Sitrep
from sitrep.config import Config
from sitrep.extract.pipeline import Extractor
from sitrep.kb.gazetteer import build_index
from sitrep.kb.matcher import Matcher
from sitrep.kb.registry import KnowledgeBase, load_kb
from sitrep.model import Document, Incident
from sitrep.store import Store

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "data" / "demo"
SHARED = ROOT.parent / "shared"
POSTGRES_VARIABLE = "SITREP_TEST_POSTGRES_URL"
TEMPLATE = "sitrep_template"
DEMO_TEMPLATE = "sitrep_demo"

# The suite draws the same hypothesis examples on every run, so a red run can be replayed and
# a green one is not luck; ``pytest --hypothesis-profile=explore`` (and
# benchmarks/fuzz_ingest.py) draw fresh ones to look for new failures.
settings.register_profile("repeatable", derandomize=True)
settings.register_profile("explore", derandomize=False)
settings.load_profile("repeatable")


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    # Tests marked ``databases`` run once on each database (or on those the marker names);
    # the rest use SQLite alone.
    marker = metafunc.definition.get_closest_marker("databases")
    if "database_url" in metafunc.fixturenames and marker is not None:
        metafunc.parametrize("database_url", marker.args or ("sqlite", "postgresql"), indirect=True)


def _on(url: str, database: str) -> str:
    return url.rsplit("/", 1)[0] + "/" + database


@pytest.fixture(scope="session")
def postgres_template() -> Iterator[str]:
    """The server's URL, once a template database migrated to the newest schema is on it."""
    url = os.environ.get(POSTGRES_VARIABLE)
    if not url:
        pytest.skip(f"no PostgreSQL server: set {POSTGRES_VARIABLE} (make test starts a throwaway one)")
    with psycopg.connect(url, autocommit=True) as admin:
        for name in (DEMO_TEMPLATE, TEMPLATE):
            admin.execute(f"DROP DATABASE IF EXISTS {name}")
        admin.execute(f"CREATE DATABASE {TEMPLATE}")
    Store(_on(url, TEMPLATE)).close()
    yield url
    with psycopg.connect(url, autocommit=True) as admin:
        for name in (DEMO_TEMPLATE, TEMPLATE):
            admin.execute(f"DROP DATABASE IF EXISTS {name}")


@pytest.fixture
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A new, empty, migrated database: a SQLite file, or a PostgreSQL database copied from the
    template (far quicker than migrating each one) and dropped afterwards."""
    if getattr(request, "param", "sqlite") == "sqlite":
        yield f"sqlite:///{tmp_path / 'sitrep.db'}"
        return
    server: str = request.getfixturevalue("postgres_template")
    name = f"test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(server, autocommit=True) as admin:
        admin.execute(f"CREATE DATABASE {name} TEMPLATE {TEMPLATE}")
    yield _on(server, name)
    with psycopg.connect(server, autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def free_port() -> int:
    """A loopback port nothing listens on, for a server a test starts."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


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


class Parse(Protocol):
    def __call__(self, text: str, *, published: date | None = None) -> list[Incident]: ...


@pytest.fixture(scope="session")
def parse(kb: KnowledgeBase, extractor: Extractor) -> Parse:
    """The incidents one text reports, read by the session's extractor with no database."""
    app = Sitrep(Config(), kb)
    app.__dict__["extractor"] = extractor

    def run(text: str, *, published: date | None = None) -> list[Incident]:
        return app.parse(Document(text=text, source="Test wire", published=published))

    return run


@pytest.fixture(scope="session")
def shared() -> Path:
    if not (SHARED / "schema" / "incident.schema.json").exists():
        pytest.skip("../shared is not beside this checkout (evaluation data and contract live there)")
    return SHARED


@pytest.fixture
def app(database_url: str, kb: KnowledgeBase, extractor: Extractor) -> Iterator[Sitrep]:
    sitrep = Sitrep(Config(database_url=database_url), kb)
    sitrep.__dict__["extractor"] = extractor  # reuse the session's matcher: it takes a second to build
    yield sitrep
    if "store" in sitrep.__dict__:
        sitrep.store.close()


@dataclass
class DemoStores:
    """The demo week, extracted once a session on each database, waiting to be copied."""

    folder: Path
    sqlite: Path | None = None
    postgresql: bool = False


@pytest.fixture(scope="session")
def demo_stores(tmp_path_factory: pytest.TempPathFactory) -> DemoStores:
    return DemoStores(tmp_path_factory.mktemp("demo"))


def _extract_demo(url: str, kb: KnowledgeBase, extractor: Extractor) -> None:
    sitrep = Sitrep(Config(database_url=url), kb)
    sitrep.__dict__["extractor"] = extractor
    sitrep.ingest([str(DEMO)])
    sitrep.extract()
    sitrep.store.close()


@pytest.fixture
def loaded(
    request: pytest.FixtureRequest,
    app: Sitrep,
    database_url: str,
    demo_stores: DemoStores,
    kb: KnowledgeBase,
    extractor: Extractor,
) -> Sitrep:
    """A fresh store holding the whole demo week, extracted and resolved: a copy of one made
    once a session, as extracting the week for every test would take most of the suite."""
    if database_url.startswith("sqlite:///"):
        if demo_stores.sqlite is None:
            demo_stores.sqlite = demo_stores.folder / "demo.db"
            _extract_demo(f"sqlite:///{demo_stores.sqlite}", kb, extractor)
        shutil.copyfile(demo_stores.sqlite, database_url.removeprefix("sqlite:///"))
        return app
    server: str = request.getfixturevalue("postgres_template")
    with psycopg.connect(server, autocommit=True) as admin:
        if not demo_stores.postgresql:
            admin.execute(f"CREATE DATABASE {DEMO_TEMPLATE} TEMPLATE {TEMPLATE}")
            _extract_demo(_on(server, DEMO_TEMPLATE), kb, extractor)
            demo_stores.postgresql = True
        name = database_url.rsplit("/", 1)[1]
        admin.execute(f"DROP DATABASE {name} WITH (FORCE)")
        admin.execute(f"CREATE DATABASE {name} TEMPLATE {DEMO_TEMPLATE}")
    return app
