"""Fuzz every reader: mutated samples of each format and raw random bytes, for a fixed time.

    python benchmarks/fuzz_ingest.py [--seconds 300] [--seed 1]

Each input goes through ``read_bytes``, the entry point ingest and watch use; it passes when
only documents with text and rejections with a reason come out and nothing is raised. Any
input that makes a reader raise, yield an empty document or a rejection without a reason, or
take over ``SLOW_SECONDS``, is written to tests/fixtures/fuzz/ (the
regression tests replay that folder) and counted. Prints inputs tried per reader and per
second, rejections, documents and failures.
"""

from __future__ import annotations

import argparse
import hashlib
import logging
import random
import time
from collections import Counter
from pathlib import Path

from sitrep.ingest import READERS, Rejected, read_bytes
from sitrep.ingest.fuzz import SAMPLES, mutate

FIXTURES = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "fuzz"
SLOW_SECONDS = 5.0


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--seconds", type=float, default=300.0)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    # pypdf and trafilatura log every oddity they meet; what counts here is what the readers
    # yield, and their complaints would bury the summary.
    logging.disable(logging.CRITICAL)
    rng = random.Random(args.seed)
    tried: Counter[str] = Counter()
    outcome: Counter[str] = Counter()
    failures: list[str] = []
    began = time.monotonic()
    while time.monotonic() - began < args.seconds:
        fmt = rng.choice(sorted(READERS))
        if rng.random() < 0.1:
            data = rng.randbytes(rng.randrange(1, 4096))
        else:
            data = mutate(
                SAMPLES[rng.choice(sorted(SAMPLES))] if rng.random() < 0.2 else SAMPLES.get(fmt, b""), rng
            )
        tried[fmt] += 1
        started = time.monotonic()
        try:
            for item in read_bytes(data, "fuzz", fmt):
                if isinstance(item, Rejected):
                    outcome["rejected"] += 1
                    if not item.reason.strip():
                        raise ValueError("a rejection without a reason")
                else:
                    outcome["documents"] += 1
                    if not item.text.strip():
                        raise ValueError("a document without text")
        except Exception as exc:
            failures.append(f"{fmt}: {type(exc).__name__}: {exc}")
            name = f"{fmt}-{hashlib.sha1(data).hexdigest()[:12]}.bin"
            FIXTURES.mkdir(parents=True, exist_ok=True)
            (FIXTURES / name).write_bytes(data)
            continue
        if time.monotonic() - started > SLOW_SECONDS:
            failures.append(f"{fmt}: slow ({time.monotonic() - started:.1f} s)")
            FIXTURES.mkdir(parents=True, exist_ok=True)
            (FIXTURES / f"{fmt}-slow-{hashlib.sha1(data).hexdigest()[:12]}.bin").write_bytes(data)
    elapsed = time.monotonic() - began
    total = sum(tried.values())
    print(f"{total:,} inputs in {elapsed:.0f} s ({total / elapsed:,.0f}/s), seed {args.seed}")
    for fmt in sorted(tried):
        print(f"  {fmt:9} {tried[fmt]:,}")
    print(
        f"items yielded: {outcome['documents']:,} documents, {outcome['rejected']:,} rejections with a reason"
    )
    print(f"failures (raised or slower than {SLOW_SECONDS:g} s): {len(failures)}")
    for failure in failures[:20]:
        print(f"  {failure}")


if __name__ == "__main__":
    main()
