"""Extraction on a real Dask cluster of worker processes: the store ends as one process leaves
it, even when a worker is killed mid-run."""

from __future__ import annotations

import json
import os
import signal
import threading
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from dask.distributed import Client, LocalCluster
from sqlalchemy import select

from sitrep.app import Sitrep
from sitrep.cli import cli
from sitrep.config import Config
from sitrep.extract.pipeline import Extractor
from sitrep.ingest import read
from sitrep.kb.registry import KnowledgeBase
from sitrep.model import Document
from sitrep.store import schema as t

from .conftest import DEMO


def _corpus(copies: int) -> list[Document]:
    """The demo week, and copies of each report that differ by a closing line: new documents
    telling the same stories, so that the run is long enough to kill a worker in."""
    week = [d for d in read(str(DEMO), Config()) if isinstance(d, Document)]
    return week + [replace(d, text=f"{d.text}\n\nFiled again ({n}).") for n in range(copies) for d in week]


def _contents(app: Sitrep) -> dict[str, Any]:
    """Every statement, incident and link the store holds, independent of row order."""
    s, i, link = t.statements.c, t.incidents.c, t.incident_statements.c
    with app.store.engine.connect() as conn:
        return {
            "statements": sorted(
                conn.execute(
                    select(s.key, s.text, s.date, s.event_type, s.place_id, s.killed, s.wounded, s.citations)
                ).all(),
                key=lambda row: row.key,
            ),
            "incidents": sorted(
                conn.execute(
                    select(i.id, i.date, i.location, i.sub_event_type, i.killed_best, i.summary)
                ).all()
            ),
            "links": sorted(conn.execute(select(link.incident_id, link.statement_key)).all()),
            "counts": app.store.counts(),
        }


def _with_documents(url: str, kb: KnowledgeBase, extractor: Extractor, docs: list[Document]) -> Sitrep:
    app = Sitrep(Config(database_url=url), kb)
    app.__dict__["extractor"] = extractor
    for doc in docs:
        app.store.add_document(doc)
    return app


@pytest.mark.databases
def test_a_worker_killed_mid_run_loses_nothing_and_doubles_nothing(
    database_url: str, tmp_path: Path, kb: KnowledgeBase, extractor: Extractor, gazetteer_index: Path
) -> None:
    docs = _corpus(copies=3)
    alone = _with_documents(f"sqlite:///{tmp_path / 'alone.db'}", kb, extractor, docs)
    alone.extract()
    spread = _with_documents(database_url, kb, extractor, docs)
    # The workers build their own extractor, from the session's place index, not the user's.
    spread.config = replace(spread.config, gazetteer_index=str(gazetteer_index))
    killed: list[tuple[str, int, tuple[Any, ...]]] = []
    cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None)
    with cluster, Client(cluster) as watcher:
        pids: dict[str, int] = watcher.run(os.getpid)

        def kill_a_busy_worker() -> None:
            # The first worker seen holding a chunk dies with it, as a machine would.
            deadline = time.monotonic() + 60
            while not killed and time.monotonic() < deadline:
                busy = {address: tuple(keys) for address, keys in watcher.processing().items() if keys}
                for victim, work in busy.items():
                    os.kill(pids[victim], signal.SIGKILL)
                    killed.append((victim, pids[victim], work))
                    return
                time.sleep(0.002)

        killer = threading.Thread(target=kill_a_busy_worker)
        killer.start()
        report = spread.extract(scheduler=cluster.scheduler_address)
        killer.join()
        survivors = watcher.run(os.getpid)
    ((_, pid, work),) = killed
    assert work, "the killed worker held a chunk"
    assert pid not in survivors.values()
    assert report.failed == [] and report.documents == len(docs)
    assert _contents(spread) == _contents(alone)
    again = spread.extract(scheduler=None)
    assert again.documents == 0 and again.statements == 0
    spread.store.close()
    alone.store.close()


def test_extract_with_local_workers_from_the_command_line(
    tmp_path: Path, kb: KnowledgeBase, extractor: Extractor, gazetteer_index: Path
) -> None:
    docs = _corpus(copies=0)
    alone = _with_documents(f"sqlite:///{tmp_path / 'alone.db'}", kb, extractor, docs)
    alone.extract()
    url = f"sqlite:///{tmp_path / 'spread.db'}"
    _with_documents(url, kb, extractor, docs).store.close()
    env = {"SITREP_GAZETTEER_INDEX": str(gazetteer_index)}
    args = ["--database", url, "extract", "--workers", "2", "--format", "json"]
    result = CliRunner().invoke(cli, args, env=env)
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary["documents"] == len(docs) and summary["failed"] == []
    spread = Sitrep(Config(database_url=url), kb)
    assert _contents(spread) == _contents(alone)
    both = CliRunner().invoke(cli, [*args, "--scheduler", "tcp://127.0.0.1:1"], env=env)
    assert both.exit_code == 2 and "not both" in both.output
