"""Extraction spread over a Dask cluster: the workers read, only the calling process writes.

Each worker builds its own knowledge base, matcher and extractor once (the first chunk it is
sent) and keeps them for the rest. Documents travel in small chunks; a chunk's results come
back to the client, which stores them. When a worker dies, Dask runs its chunks again on
another worker; the client takes each chunk's result once, and statements are stored by their
span in any case, so nothing is lost or stored twice.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from itertools import islice

from dask.distributed import Client, LocalCluster, as_completed

from sitrep.app import Extracted, extract_document
from sitrep.batch import worker_app
from sitrep.config import Config
from sitrep.model import Document

# Documents a task: enough to keep the scheduler's per-task cost small beside the reading,
# few enough that a dead worker's chunk is quick to read again.
CHUNK = 8


def extract_chunk(config: Config, documents: list[tuple[int, Document]]) -> list[Extracted]:
    """Run on a worker: read each document of the chunk."""
    app = worker_app(config)
    return [extract_document(app, document_id, doc) for document_id, doc in documents]


@contextmanager
def cluster_client(scheduler: str | None, workers: int) -> Iterator[Client]:
    """A client of the scheduler at ``scheduler``, or of a local cluster of ``workers`` worker
    processes (one thread each: extraction holds the GIL) that lasts as long as the client."""
    if scheduler is not None:
        with Client(scheduler) as client:
            yield client
        return
    local = LocalCluster(
        n_workers=workers,
        threads_per_worker=1,
        processes=True,
        dashboard_address=None,
        silence_logs=logging.WARNING,
    )
    with local, Client(local) as client:
        yield client


def _chunks(documents: list[tuple[int, Document]], size: int) -> Iterator[list[tuple[int, Document]]]:
    it = iter(documents)
    while chunk := list(islice(it, size)):
        yield chunk


def extract_on_cluster(
    config: Config,
    documents: list[tuple[int, Document]],
    *,
    scheduler: str | None = None,
    workers: int = 2,
    chunk: int = CHUNK,
) -> Iterator[Extracted]:
    """Each document's extraction, in the order the chunks finish. A chunk Dask gives up on
    (its workers died too often) comes back as a failure of each of its documents."""
    if not documents:
        return
    with cluster_client(scheduler, workers) as client:
        futures = {
            client.submit(extract_chunk, config, part, pure=False): part for part in _chunks(documents, chunk)
        }
        for future in as_completed(futures):
            part = futures[future]
            try:
                results: list[Extracted] = future.result()
            except Exception as exc:
                reason = f"{type(exc).__name__}: {exc}"
                results = [Extracted(document_id, "", error=reason) for document_id, _ in part]
            finally:
                future.release()
            yield from results
