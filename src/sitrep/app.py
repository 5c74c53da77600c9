"""The library's front door: the steps the CLI runs, each a plain method.

app = Sitrep(load_config())
app.ingest(["data/demo"])      # reports in
app.extract()                  # statements out, incidents resolved
app.write_bulletin(date(2017, 11, 2), Path("out"))
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import Any

from sitrep.analyse.propaganda import find_aggregate_claims
from sitrep.config import Config
from sitrep.extract.pipeline import Extractor
from sitrep.ingest import Rejected, read
from sitrep.kb.matcher import Matcher
from sitrep.kb.registry import KnowledgeBase, load_kb
from sitrep.languages.detect import document_language
from sitrep.languages.translate import Translator, load_translator
from sitrep.model import AggregateClaim, Document, Incident, Statement
from sitrep.report.bulletin import FORMATS, compose, write
from sitrep.report.edits import load_edits, overlay_path
from sitrep.resolve.cluster import IncidentBuilder, cluster
from sitrep.store import IncidentFilter, Store

log = logging.getLogger(__name__)


@dataclass
class IngestReport:
    added: int = 0
    duplicates: int = 0
    rejected: list[Rejected] = field(default_factory=list)


@dataclass
class ExtractReport:
    documents: int = 0
    statements: int = 0
    incidents_touched: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)


# Documents written in one transaction by extract: a commit each would cost more than reading
# them, and a run stopped midway leaves at most this many to read again.
WRITE_BATCH = 64


@dataclass(frozen=True)
class Extracted:
    """What was read from one stored document, or why it could not be."""

    document_id: int
    version: str
    statements: tuple[Statement, ...] = ()
    claims: tuple[AggregateClaim, ...] = ()
    error: str | None = None


def extract_document(app: Sitrep, document_id: int, doc: Document) -> Extracted:
    """Statements and balance sheets of one document; a failure is kept as its reason, so that
    one bad document does not end the run."""
    try:
        statements = app.extractor.extract(doc)
        claims = find_aggregate_claims(doc, app.kb, app.extractor.matcher)
    except Exception as exc:
        log.exception("extraction failed for document %s", document_id)
        return Extracted(document_id, app.extractor.version, error=f"{type(exc).__name__}: {exc}")
    return Extracted(document_id, app.extractor.version, tuple(statements), tuple(claims))


class Sitrep:
    """Sitrep's steps bound to one configuration, knowledge base and (lazily) database."""

    def __init__(self, config: Config, kb: KnowledgeBase | None = None) -> None:
        self.config = config
        self._kb = kb

    @cached_property
    def kb(self) -> KnowledgeBase:
        return self._kb or load_kb(self.config.kb_path)

    @cached_property
    def extractor(self) -> Extractor:
        return Extractor(self.kb, Matcher(self.kb, index=self.config.gazetteer_path))

    @cached_property
    def builder(self) -> IncidentBuilder:
        return IncidentBuilder(self.kb)

    @cached_property
    def translator(self) -> Translator | None:
        """The team's machine-translation engine, when the ``translator`` setting names one."""
        return load_translator(self.config.translator)

    @cached_property
    def store(self) -> Store:
        store = Store(self.config.database_url)
        store.sync_kb(self.kb)
        return store

    def parse(self, doc: Document) -> list[Incident]:
        """Incidents reported by one document, with no database involved."""
        statements = self.extractor.extract(doc)
        return [self.builder.build(c) for c in cluster(statements)]

    def ingest(
        self, targets: Iterable[str], *, source: str | None = None, published: date | None = None
    ) -> IngestReport:
        report = IngestReport()
        for target in targets:
            for item in read(target, self.config, source=source, published=published):
                if isinstance(item, Rejected):
                    log.warning("rejected %s: %s", item.origin, item.reason)
                    self.store.add_rejection(item.origin, item.reason)
                    report.rejected.append(item)
                    continue
                if item.language is None:
                    item = replace(item, language=document_language(item.text))
                _, created = self.store.add_document(item, origin=target)
                if created:
                    report.added += 1
                else:
                    report.duplicates += 1
        return report

    def extract(
        self,
        progress: Callable[[int], None] | None = None,
        *,
        scheduler: str | None = None,
        workers: int = 1,
    ) -> ExtractReport:
        """Extract every stored document not yet read by this extractor, then resolve.

        With ``scheduler`` (a Dask scheduler's address, tcp://HOST:8786; by default the
        dask_scheduler setting) or ``workers`` > 1 (a local Dask cluster of that many
        processes), documents are read on the cluster's workers; only this process writes to
        the database, each document once.
        """
        scheduler = scheduler or self.config.dask_scheduler or None
        report = ExtractReport()
        pending = self.store.pending_documents(self.extractor.version)
        results: Iterable[Extracted]
        if scheduler is None and workers <= 1:
            results = (extract_document(self, doc_id, doc) for doc_id, doc in pending)
        else:
            # Imported here: Dask takes a second to import and most runs never need it.
            from sitrep.distributed import extract_on_cluster

            results = extract_on_cluster(self.config, pending, scheduler=scheduler, workers=workers)
        version = self.extractor.version
        batch: list[Extracted] = []

        def flush() -> None:
            done = [(r.document_id, r.statements, r.claims) for r in batch]
            report.statements += self.store.save_extracted(version, done)
            report.documents += len(done)
            if progress is not None:
                progress(len(done))
            batch.clear()

        for result in results:
            if result.error is None and result.version != version:
                stale = f"read by extractor {result.version}, this process runs {version}"
                result = replace(result, error=stale)
            if result.error is not None:
                report.failed.append((str(result.document_id), result.error))
                if progress is not None:
                    progress(1)
                continue
            batch.append(result)
            if len(batch) >= WRITE_BATCH:
                flush()
        flush()
        report.incidents_touched = self.store.resolve(self.builder)
        return report

    def pending(self) -> int:
        return len(self.store.pending_documents(self.extractor.version))

    def incidents(self, where: IncidentFilter | None = None) -> list[Incident]:
        return self.store.incidents(self.builder, where, self.kb)

    def history(self, incident_id: str) -> list[dict[str, Any]]:
        """The incident's changes: field, old and new value, when, and the report behind each."""
        return self.store.history(incident_id)

    def write_bulletin(
        self,
        week: date,
        out_dir: Path,
        formats: Iterable[str] = FORMATS,
        edits_path: Path | None = None,
    ) -> list[Path]:
        """Write the week's bulletin, merging the analyst's overlay (default out/edits-WEEK.yaml)."""
        edits = load_edits(edits_path or overlay_path(out_dir, week))
        bulletin = compose(self.store, self.builder, self.kb, week, edits)
        for incident_id in bulletin.stale_edits:
            log.warning("edits name %s, which is not in the week's bulletin", incident_id)
        return write(bulletin, out_dir, formats)
