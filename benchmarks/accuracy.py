"""Extraction accuracy on every gold set in ../shared/eval and on the quoted wire reports in
tests/fixtures, printed and written into the README.

    python benchmarks/accuracy.py            # print the table
    python benchmarks/accuracy.py --readme   # also replace the table in README.md

The figures come from `sitrep eval --format json`, so the README says what the command says.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EVAL_DIR = ROOT.parent / "shared" / "eval"
SETS = (
    EVAL_DIR / "news-dev.jsonl",
    ROOT / "tests" / "fixtures" / "news-wire.jsonl",
    ROOT / "tests" / "fixtures" / "news-wire-2.jsonl",
    ROOT / "tests" / "fixtures" / "news-wire-3.jsonl",
    ROOT / "tests" / "fixtures" / "news-ar.jsonl",
    ROOT / "tests" / "fixtures" / "news-fa.jsonl",
    ROOT / "tests" / "fixtures" / "news-ru.jsonl",
    ROOT / "tests" / "fixtures" / "news-fr.jsonl",
    EVAL_DIR / "gtd-dev.jsonl",
    EVAL_DIR / "acled-dev.jsonl",
    EVAL_DIR / "case2021_task2" / "test_set_final_release_with_labels.tsv",
)
COLUMNS = (
    ("recall", "incident recall"),
    ("precision", "precision"),
    ("date_1day", "date ±1 day"),
    ("place_25km", "place ≤ 25 km"),
    ("event_type", "event type"),
    ("sub_event_type", "sub-type"),
    ("weapon", "weapon"),
    ("perpetrator", "perpetrator"),
    ("killed", "killed exact"),
    ("wounded", "wounded exact"),
)
START, END = "<!-- accuracy:start -->", "<!-- accuracy:end -->"


def run(path: Path) -> dict[str, object]:
    began = time.perf_counter()
    out = subprocess.run(
        [sys.executable, "-m", "sitrep", "--database", "sqlite://", "eval", str(path), "--format", "json"],
        check=True,
        capture_output=True,
        text=True,
    )
    figures: dict[str, object] = json.loads(out.stdout)
    figures["seconds"] = time.perf_counter() - began
    return figures


def cell(figures: dict[str, object], key: str) -> str:
    fields = figures["fields"]
    assert isinstance(fields, dict)
    if key in fields:
        tally = fields[key]
        if not tally["judged"]:
            return "—"
        return f"{100 * tally['rate']:.0f}% ({tally['right']}/{tally['judged']})"
    value = figures.get(key)
    return "—" if value is None else f"{100 * float(value):.0f}%"  # type: ignore[arg-type]


def table(results: dict[str, dict[str, object]]) -> str:
    head = "| set | docs | " + " | ".join(label for _, label in COLUMNS) + " | invented |"
    rule = "|" + "---|" * (len(COLUMNS) + 3)
    rows = [head, rule]
    for name, figures in results.items():
        invented = f"{figures['incidents_invented_there']} in {figures['documents_reporting_none']}"
        cells = " | ".join(cell(figures, key) for key, _ in COLUMNS)
        rows.append(f"| {name} | {figures['documents']} | {cells} | {invented} |")
    return "\n".join(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--readme", action="store_true", help="rewrite the table in README.md")
    args = parser.parse_args()
    if not EVAL_DIR.is_dir():
        sys.exit(f"no evaluation data at {EVAL_DIR}")
    results = {}
    for path in SETS:
        if path.exists():
            results[path.stem] = run(path)
            print(f"{path.name}: {results[path.stem]['seconds']:.1f} s", file=sys.stderr)
    text = table(results)
    print(text)
    if args.readme:
        readme = ROOT / "README.md"
        body = readme.read_text(encoding="utf-8")
        if START not in body or END not in body:
            sys.exit(f"README.md lacks the {START} … {END} markers")
        before, rest = body.split(START, 1)
        _, after = rest.split(END, 1)
        readme.write_text(f"{before}{START}\n{text}\n{END}{after}", encoding="utf-8")


if __name__ == "__main__":
    main()
