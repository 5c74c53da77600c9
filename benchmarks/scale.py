"""Sitrep beyond one machine: extraction over Dask workers, ingest into SQLite and PostgreSQL,
and the bulletin and filtered queries on a large synthetic store in each.

    scripts/with-postgres.sh .venv/bin/python benchmarks/scale.py [--incidents 1000000]

PostgreSQL is the server named by --postgres or $SITREP_TEST_POSTGRES_URL (which
scripts/with-postgres.sh sets, for a throwaway cluster); the benchmark creates its databases
there. Its parts:

- extraction: the demo week and --copies copies of each of its reports (each a new document
  telling the same stories) read in one process, then on a local Dask cluster of one and of two
  worker processes, warmed first (each worker has built its extractor): documents a second
  read on the workers, and end to end (read, written to SQLite and resolved), and the ratio of
  two workers to one;
- ingest: the same documents as JSON Lines, through `Sitrep.ingest`, into each database;
- the large store: --incidents synthetic incidents (benchmarks/synthetic.py; the SQLite file is
  reused when it already holds that many), then the bulletin of the week of November 2, 2017
  (composed, Markdown and HTML) and filtered queries as the workspace asks them, each the
  median of five runs after one unmeasured.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import tempfile
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import psycopg
from dask.distributed import Client, LocalCluster
from synthetic import build

from sitrep.app import Sitrep
from sitrep.batch import worker_app
from sitrep.config import Config, load_config
from sitrep.distributed import extract_on_cluster
from sitrep.ingest import read
from sitrep.model import Document
from sitrep.report.bulletin import compose, write
from sitrep.store import IncidentFilter

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "data" / "demo"
WEEK = date(2017, 11, 2)
YEAR = (date(2017, 1, 1), date(2017, 12, 31))
DAMASCUS = (33.5138, 36.2765)


def corpus(copies: int) -> list[Document]:
    week = [d for d in read(str(DEMO), Config()) if isinstance(d, Document)]
    return week + [replace(d, text=f"{d.text}\n\nFiled again ({n}).") for n in range(copies) for d in week]


def stored(url: str, docs: list[Document]) -> Sitrep:
    app = Sitrep(replace(load_config(), database_url=url))
    for doc in docs:
        app.store.add_document(doc)
    return app


def _warm(config: Config) -> str:
    return worker_app(config).extractor.version


def extraction(docs: list[Document], folder: Path) -> None:
    print(f"extraction of {len(docs)} documents, documents a second:")
    alone = stored(f"sqlite:///{folder / 'alone.db'}", docs)
    alone.extractor  # noqa: B018 - built before the clock starts, as the workers' are
    began = time.perf_counter()
    alone.extract()
    print(f"  {'one process, no Dask:':<22} {len(docs) / (time.perf_counter() - began):7.1f} end to end")
    reading, whole = {}, {}
    for workers in (1, 2):
        app = stored(f"sqlite:///{folder / f'dask-{workers}.db'}", docs)
        pending = app.store.pending_documents(app.extractor.version)
        local = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None)
        with local, Client(local) as client:
            client.run(_warm, app.config)
            began = time.perf_counter()
            for _ in extract_on_cluster(app.config, pending, scheduler=local.scheduler_address):
                pass
            reading[workers] = len(pending) / (time.perf_counter() - began)
            began = time.perf_counter()
            report = app.extract(scheduler=local.scheduler_address)
            whole[workers] = report.documents / (time.perf_counter() - began)
        label = f"Dask, {workers} worker{'s' if workers > 1 else ''}:"
        print(
            f"  {label:<22} {reading[workers]:7.1f} read on the workers, {whole[workers]:7.1f} end to end "
            "(written to SQLite and resolved by the client)"
        )
    print(
        f"  {'scaling, 2 workers / 1:':<22} {reading[2] / reading[1]:7.2f}x reading, "
        f"{whole[2] / whole[1]:.2f}x end to end, on {os.cpu_count()} cores shared by the client, "
        "the scheduler and the workers"
    )


def ingest(docs: list[Document], urls: dict[str, str], folder: Path) -> None:
    items = folder / "items.jsonl"
    with items.open("w", encoding="utf-8") as out:
        for n, doc in enumerate(docs):
            line = {"id": str(n), "text": doc.text, "source": doc.source, "published": str(doc.published)}
            out.write(json.dumps(line) + "\n")
    print(f"ingest of {len(docs)} documents (JSON Lines, one transaction a document):")
    for name, url in urls.items():
        app = Sitrep(replace(load_config(), database_url=url))
        app.store  # noqa: B018 - migrated and synchronised with the knowledge base before the clock
        began = time.perf_counter()
        report = app.ingest([str(items)])
        print(f"  {name:<10} {report.added / (time.perf_counter() - began):7.1f} docs/s")
        app.store.close()


def median_ms(run: Callable[[], Any]) -> tuple[float, Any]:
    result = run()
    times = []
    for _ in range(5):
        began = time.perf_counter()
        result = run()
        times.append(time.perf_counter() - began)
    return 1000 * statistics.median(times), result


def large_store(name: str, target: Path | str, url: str, incidents: int, folder: Path) -> None:
    began = time.perf_counter()
    build(target, incidents).close()
    built = time.perf_counter() - began
    app = Sitrep(replace(load_config(), database_url=url))
    app.store  # noqa: B018
    print(f"{name}, {incidents:,} synthetic incidents (ready in {built:.0f} s):")

    def bulletin() -> int:
        b = compose(app.store, app.builder, app.kb, WEEK)
        write(b, folder / name, ("md", "html"))
        return sum(len(members) for s in b.sections for members in s.subsections.values())

    ms, items = median_ms(bulletin)
    print(f"  bulletin, week of {WEEK}, composed + Markdown + HTML ({items} items): {ms:8.1f} ms")
    queries: dict[str, Callable[[], Any]] = {
        "country SY in 2017, first page of 50": lambda: app.incidents(
            IncidentFilter(*YEAR, country="SY", limit=50)
        ),
        "country SY in 2017, count": lambda: app.store.count(IncidentFilter(*YEAR, country="SY")),
        "actor by alias (Daesh) in 2017, first page": lambda: app.incidents(
            IncidentFilter(*YEAR, actor="Daesh", limit=50)
        ),
        "text 'suicide bomb', first page": lambda: app.incidents(
            IncidentFilter(text="suicide bomb", limit=50)
        ),
        "text 'suicide bomb', count": lambda: app.store.count(IncidentFilter(text="suicide bomb")),
        "within 25 km of Damascus in 2017": lambda: app.store.incidents_near(
            app.builder, *DAMASCUS, 25.0, IncidentFilter(*YEAR), app.kb
        ),
    }
    for label, query in queries.items():
        ms, result = median_ms(query)
        size = result if isinstance(result, int) else len(result)
        print(f"  {label:<45} {ms:8.1f} ms ({size:,})")
    app.store.close()


def fresh_database(server: str, name: str) -> str:
    with psycopg.connect(server, autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        admin.execute(f"CREATE DATABASE {name}")
    return server.rsplit("/", 1)[0] + "/" + name


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--incidents", type=int, default=1_000_000, help="size of the large stores")
    parser.add_argument("--copies", type=int, default=10, help="copies of the demo week to extract")
    parser.add_argument(
        "--db", type=Path, default=Path("/tmp/sitrep-scale.db"), help="the large SQLite store"
    )
    parser.add_argument("--postgres", default=os.environ.get("SITREP_TEST_POSTGRES_URL"), metavar="URL")
    args = parser.parse_args()
    if not args.postgres:
        parser.error("no PostgreSQL server: give --postgres URL or run under scripts/with-postgres.sh")
    docs = corpus(args.copies)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        extraction(docs, folder)
        ingest(
            docs,
            {
                "SQLite": f"sqlite:///{folder / 'ingest.db'}",
                "PostgreSQL": fresh_database(args.postgres, "sitrep_scale_ingest"),
            },
            folder,
        )
        large_store("SQLite", args.db, f"sqlite:///{args.db}", args.incidents, folder)
        large = fresh_database(args.postgres, "sitrep_scale")
        large_store("PostgreSQL", large, large, args.incidents, folder)


if __name__ == "__main__":
    main()
