"""How well statements become incidents: precision and recall of merging, pair by pair.

    python benchmarks/merging.py

The labelled set is the demo week (data/demo/expected.yaml says which reports tell which
incident) plus adversarial cases written here: two car bombs in one city on one day, the same
attack told by two outlets in different words, an attack and the clashes that follow it.

A pair of reports is "merged" when Sitrep puts a statement of each into one incident, and
"should merge" when the labels give them a common incident. Precision: merged pairs that
should merge; recall: pairs that should merge and did.
"""

from __future__ import annotations

import itertools
from datetime import date
from pathlib import Path

import yaml

from sitrep.app import Sitrep
from sitrep.config import load_config
from sitrep.ingest import read
from sitrep.model import Document
from sitrep.resolve.cluster import cluster

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "data" / "demo"

# (label of the incident, report id, outlet, published, text)
ADVERSARIAL = [
    (
        "kirkuk-morning",
        "adv-1",
        "Wire A",
        "2020-03-02",
        "A car bomb exploded at the central market in Kirkuk on Monday morning, killing five people.",
    ),
    (
        "kirkuk-evening",
        "adv-2",
        "Wire B",
        "2020-03-02",
        "In a separate attack, a second car bomb went off near the police headquarters in Kirkuk on Monday "
        "evening, killing three officers.",
    ),
    (
        "kirkuk-morning",
        "adv-3",
        "Wire C",
        "2020-03-03",
        "Five people were killed on Monday when a car bomb tore through the Kirkuk market, police said.",
    ),
    (
        "mosul-ambush",
        "adv-4",
        "Wire A",
        "2020-03-05",
        "Islamic State fighters ambushed an army convoy near Mosul on Thursday, killing four soldiers.",
    ),
    (
        "mosul-ambush",
        "adv-5",
        "Wire B",
        "2020-03-06",
        "Four Iraqi soldiers died in an ambush on their convoy outside Mosul on Thursday, the army said.",
    ),
    (
        "basra-protest",
        "adv-6",
        "Wire C",
        "2020-03-05",
        "Hundreds of people protested in Basra on Thursday against power cuts.",
    ),
]


def _item_key(doc: Document, origin: Path) -> str:
    if doc.external_id and doc.format == "jsonl":
        return doc.external_id
    relative = origin.relative_to(DEMO).as_posix()
    if doc.format == "feed" and doc.url:
        return f"{relative}#{doc.url.rstrip('/').rsplit('/', 1)[-1]}"
    return relative


def labelled() -> tuple[list[tuple[str, Document]], dict[str, set[str]]]:
    """Reports with their keys, and for each key the incidents it tells."""
    gold: dict[str, set[str]] = {}
    for incident in yaml.safe_load((DEMO / "expected.yaml").read_text(encoding="utf-8")):
        for item in incident["items"]:
            gold.setdefault(item, set()).add(incident["key"])
    config = load_config()
    docs: list[tuple[str, Document]] = []
    for path in sorted(DEMO.rglob("*")):
        if path.is_dir() or path.name in {"README.md", "expected.yaml"}:
            continue
        for doc in read(str(path), config):
            if isinstance(doc, Document):
                docs.append((_item_key(doc, path), doc))
    for label, key, outlet, published, text in ADVERSARIAL:
        docs.append((key, Document(text=text, source=outlet, published=date.fromisoformat(published))))
        gold.setdefault(key, set()).add(label)
    return docs, gold


def main() -> None:
    app = Sitrep(load_config())
    docs, gold = labelled()
    statements = []
    owner: dict[str, str] = {}
    for key, doc in docs:
        for s in app.extractor.extract(doc):
            statements.append(s)
            owner[s.key] = key
    clusters = cluster([s for s in statements if s.place is not None and s.date is not None])
    merged: set[frozenset[str]] = set()
    for c in clusters:
        keys = {owner[s.key] for s in c.statements}
        merged.update(frozenset(p) for p in itertools.combinations(sorted(keys), 2))
    labelled_keys = sorted(k for k in {key for key, _ in docs} if k in gold)
    should: set[frozenset[str]] = {
        frozenset((a, b)) for a, b in itertools.combinations(labelled_keys, 2) if gold[a] & gold[b]
    }
    judged = {p for p in merged if all(k in gold for k in p)}
    true = judged & should
    precision = len(true) / len(judged) if judged else 1.0
    recall = len(true) / len(should) if should else 1.0
    print(f"reports: {len(docs)} ({len(labelled_keys)} labelled), statements: {len(statements)}")
    print(f"incidents: {len(clusters)}")
    print(f"pairs that should merge: {len(should)}; merged pairs among labelled reports: {len(judged)}")
    print(f"merge precision: {precision:.1%} ({len(true)}/{len(judged)})")
    print(f"merge recall:    {recall:.1%} ({len(true)}/{len(should)})")
    for pair in sorted(judged - should, key=sorted):
        print(f"  false merge: {' + '.join(sorted(pair))}")
    for pair in sorted(should - merged, key=sorted):
        print(f"  missed merge: {' + '.join(sorted(pair))}")


if __name__ == "__main__":
    main()
