"""Gazetteer index and place matching: build, start-up, throughput, coverage and false matches.

    python benchmarks/gazetteer.py

Prints figures and asserts nothing. It builds a fresh index in a temporary directory, so
it neither needs nor touches the user's cached one. Throughput is measured on news-length
documents cut from the gold sets in ../shared/eval when they are there (else the demo
reports); false matches on prose that names no place: the demo's analyst commentary and
sentences made up from the common words of the same texts.
"""

from __future__ import annotations

import json
import math
import random
import re
import statistics
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from sitrep.kb.gazetteer import build_index
from sitrep.kb.matcher import Matcher
from sitrep.kb.registry import KnowledgeBase, load_kb

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "data" / "demo" / "reports.jsonl"
EVAL_DIR = ROOT.parent / "shared" / "eval"
DOC_CHARS = 2_500
REPEATS = 3
WORDS = re.compile(r"[A-Za-z]+(?:'[a-z]+)?")


def _jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def corpus_texts() -> tuple[str, list[str]]:
    """(where from, texts) for the throughput run."""
    files = [EVAL_DIR / name for name in ("news-dev.jsonl", "acled-dev.jsonl", "gtd-dev.jsonl")]
    case = EVAL_DIR / "case2021_task2" / "test_set_final_release_with_labels.tsv"
    if all(f.exists() for f in [*files, case]):
        texts = [str(r["text"]) for f in files for r in _jsonl(f)]
        rows = case.read_text(encoding="utf-8").splitlines()[1:]
        texts += [row.split("\t")[1] for row in rows if row.count("\t") >= 2]
        return "../shared/eval news, ACLED, GTD and CASE 2021 texts", texts
    return "data/demo reports", [f"{r['title']}\n\n{r['text']}" for r in _jsonl(DEMO)]


def documents(texts: list[str]) -> list[str]:
    """The texts packed into documents of about DOC_CHARS characters, whole texts each."""
    docs: list[str] = []
    current: list[str] = []
    size = 0
    for text in texts:
        current.append(text)
        size += len(text) + 2
        if size >= DOC_CHARS:
            docs.append("\n\n".join(current))
            current, size = [], 0
    return docs


def commentary() -> list[str]:
    return [str(r["text"]) for r in _jsonl(DEMO) if r["source"] == "Analyst commentary"]


def made_up_prose(texts: list[str], words: int, seed: int = 0) -> str:
    """Sentences of common English words: each begins with a capital, and every fifth is a
    title-case headline, which is where capitalised common words come thickest."""
    counts = Counter(w for t in texts for w in WORDS.findall(t))
    # Words the texts only ever write in lower case are common words, not names.
    vocabulary = sorted(w for w, n in counts.items() if n >= 3 and w.islower() and w.title() not in counts)
    rng = random.Random(seed)
    sentences: list[str] = []
    total = 0
    while total < words:
        if len(sentences) % 5 == 4:
            picked = [rng.choice(vocabulary).title() for _ in range(rng.randint(4, 8))]
            sentences.append(" ".join(picked))
        else:
            picked = [rng.choice(vocabulary) for _ in range(rng.randint(8, 16))]
            sentences.append(" ".join([picked[0].capitalize(), *picked[1:]]) + ".")
        total += len(picked)
    return "\n".join(sentences)


def false_matches(matcher: Matcher, label: str, texts: list[str]) -> None:
    hits: Counter[str] = Counter()
    words = 0
    for text in texts:
        words += len(WORDS.findall(text))
        hits.update(m.surface for m in matcher.find(text) if m.kind == "place" and not m.curated)
    rate = 1000 * sum(hits.values()) / max(words, 1)
    print(f"  {label}: {words:,} words, {sum(hits.values())} gazetteer mentions = {rate:.2f} per 1,000 words")
    if hits:
        print("    most frequent: " + ", ".join(f"{s} ({n})" for s, n in hits.most_common(15)))


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = (
        math.sin((p2 - p1) / 2) ** 2
        + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    )
    return 2 * 6371 * math.asin(math.sqrt(a))


def _pinned(matcher: Matcher, text: str, lat: float, lon: float, km: float) -> bool:
    for mention in matcher.find(text):
        for entry in mention.entries:
            if entry.kind != "place":
                continue
            place = matcher.place(entry.id)
            if place.lat is not None and place.lon is not None and _km(place.lat, place.lon, lat, lon) <= km:
                return True
    return False


def coverage(matchers: dict[str, Matcher]) -> None:
    """Share of ACLED events whose gold location some place mention in the notes can pin."""
    path = EVAL_DIR / "acled-dev.jsonl"
    if not path.exists():
        return
    golds = [(str(r["text"]), r["incidents"][0]) for r in _jsonl(path)]
    print(f"ACLED notes ({len(golds)}): a place mention lies within the gold radius")
    for label, matcher in matchers.items():
        pinned = sum(_pinned(matcher, text, g["lat"], g["lon"], g["km"]) for text, g in golds)
        print(f"  {label:<24} {pinned / len(golds):6.1%}")


def throughput(matchers: Iterator[Matcher], docs: list[str]) -> float:
    """Documents per second, the best of a few runs (the machine may be busy with other work)."""
    best = math.inf
    for matcher in matchers:
        began = time.perf_counter()
        for doc in docs:
            matcher.find(doc)
        best = min(best, time.perf_counter() - began)
    return len(docs) / best


def unseen_throughput(kb: KnowledgeBase, index: Path, docs: list[str]) -> float:
    """Documents per second on half the documents, by a matcher that has read the other half:
    a matcher in a long run remembers common names, but each new document brings new ones."""
    shuffled = random.Random(1).sample(docs, len(docs))
    seen, new = shuffled[: len(docs) // 2], shuffled[len(docs) // 2 :]

    def warmed() -> Iterator[Matcher]:
        for _ in range(REPEATS):
            matcher = Matcher(kb, index=index)
            for doc in seen:
                matcher.find(doc)
            yield matcher

    return throughput(warmed(), new)


def load_time(kb: KnowledgeBase, index: Path, runs: int = 7) -> Iterator[float]:
    for _ in range(runs):
        began = time.perf_counter()
        Matcher(kb, index=index)
        yield time.perf_counter() - began


def main() -> None:
    kb = load_kb()
    with tempfile.TemporaryDirectory() as tmp:
        index = Path(tmp) / "gazetteer.sqlite"
        stats = build_index(index)
        print(
            f"index build: {stats.seconds:.1f} s, {stats.size_bytes / 1e6:.1f} MB,"
            f" {stats.places:,} places, {stats.names:,} names"
        )
        print(f"Matcher(kb) load: median {statistics.median(load_time(kb, index)) * 1000:.1f} ms")
        began = time.perf_counter()
        curated = Matcher(kb, gazetteer=False)
        print(f"Matcher(kb, gazetteer=False) load: {(time.perf_counter() - began) * 1000:.1f} ms")

        source, texts = corpus_texts()
        docs = documents(texts)
        mean = statistics.mean(len(d) for d in docs)
        print(f"find throughput on {len(docs)} documents of {mean:,.0f} characters ({source}):")
        fresh = (Matcher(kb, index=index) for _ in range(REPEATS))
        print(f"  first pass (nothing remembered): {throughput(fresh, docs):,.0f} docs/s")
        print(f"  new documents after the other half: {unseen_throughput(kb, index, docs):,.0f} docs/s")
        matcher = Matcher(kb, index=index)
        warm = (matcher for _ in range(REPEATS + 1))
        print(f"  the same documents again (runs and keys remembered): {throughput(warm, docs):,.0f} docs/s")
        print(f"  curated names only: {throughput((curated for _ in range(REPEATS)), docs):,.0f} docs/s")

        print("gazetteer mentions in prose that names no place:")
        false_matches(matcher, "analyst commentary", commentary())
        false_matches(matcher, "made-up sentences and headlines", [made_up_prose(texts, 20_000)])

        coverage({"curated only": curated, "curated and gazetteer": matcher})


if __name__ == "__main__":
    main()
