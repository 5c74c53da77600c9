"""Seconds to generate a weekly bulletin: the demo week, and a week of a 1M-incident store.

    python benchmarks/bulletin.py [--incidents 1000000] [--db /tmp/sitrep-synthetic.db] [--pdf]

The demo figure is the whole of `sitrep bulletin` after `make demo`'s ingest and extract:
composing (queries, rebuilding the week's incidents from their statements, trends, claims,
maps) and writing Markdown, HTML, PDF and Word. The large figure composes the week of
November 2, 2017 from a synthetic store (``benchmarks/synthetic.py``, built on first use and
reused) and writes Markdown and HTML; its PDF is timed only with --pdf, since a week of some
740 incidents makes a PDF of well over a hundred pages. Each phase is printed apart; the
target is under 5 s for composing plus Markdown and HTML on the large store.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from datetime import date
from pathlib import Path

from synthetic import build

from sitrep.app import Sitrep
from sitrep.config import Config
from sitrep.report.bulletin import compose, write

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "data" / "demo"
DEMO_WEEK = date(2017, 11, 2)


def timed(app: Sitrep, week: date, out: Path, formats: tuple[str, ...]) -> dict[str, float]:
    times = {}
    began = time.perf_counter()
    bulletin = compose(app.store, app.builder, app.kb, week)
    times["compose"] = time.perf_counter() - began
    for fmt in formats:
        began = time.perf_counter()
        write(bulletin, out, (fmt,))
        times[fmt] = time.perf_counter() - began
    items = sum(len(members) for s in bulletin.sections for members in s.subsections.values())
    print(
        f"  {items} items, {len(bulletin.figures)} figures: "
        + ", ".join(f"{name} {seconds:.2f} s" for name, seconds in times.items())
    )
    return times


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--incidents", type=int, default=1_000_000)
    parser.add_argument("--db", type=Path, default=Path("/tmp/sitrep-synthetic.db"))
    parser.add_argument("--pdf", action="store_true", help="also time the large week's PDF")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        app = Sitrep(Config(database_url=f"sqlite:///{tmp}/demo.db"))
        app.ingest([str(DEMO)])
        app.extract()
        print(f"demo week {DEMO_WEEK} ({app.store.counts()['incidents']} incidents stored):")
        demo = timed(app, DEMO_WEEK, Path(tmp) / "out", ("md", "html", "pdf", "docx"))
        print(f"  total {sum(demo.values()):.2f} s")

        store = build(args.db, args.incidents)
        store.close()
        large = Sitrep(Config(database_url=f"sqlite:///{args.db}"))
        large.kb  # noqa: B018 - load the knowledge base before the clock starts, as a server would have
        print(f"synthetic store, {args.incidents:,} incidents, week {DEMO_WEEK}:")
        formats = ("md", "html", "pdf") if args.pdf else ("md", "html")
        times = timed(large, DEMO_WEEK, Path(tmp) / "large", formats)
        core = times["compose"] + times["md"] + times["html"]
        print(f"  compose + Markdown + HTML: {core:.2f} s (target < 5 s: {'met' if core < 5 else 'missed'})")


if __name__ == "__main__":
    main()
