"""kill -9 in the middle of ingest and of extraction, then run again: the store ends as a run
that was never interrupted leaves it. Real subprocesses, a real database file."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from sitrep.app import Sitrep
from sitrep.config import Config

TOWNS = ("Hader", "Aden", "Abu Kamal", "al-Mayadeen", "Tikrit", "Baqubah", "Mosul", "Kirkuk", "Ramadi", "Hit")
EVENTS = (
    "a car bomb exploded in {town}, killing {n} people",
    "ISIS militants attacked an army checkpoint in {town}, killing {n} soldiers",
    "an IED struck a patrol near {town}, wounding {n} policemen",
)
DOCUMENTS = 900
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def _corpus(folder: Path) -> None:
    folder.mkdir()
    for k in range(DOCUMENTS):
        town = TOWNS[k % len(TOWNS)]
        event = EVENTS[k % len(EVENTS)].format(town=town, n=2 + k % 17)
        day = 1 + (k // len(TOWNS)) % 28
        (folder / f"report-{k:04d}.txt").write_text(
            f"Source: Wire {k % 7}\nPublished: 2017-{1 + k % 12:02d}-{day:02d}\n\n"
            f"On {MONTHS[k % 12]} "
            f"{day}, 2017, {event}. Report number {k}.\n",
            encoding="utf-8",
        )


def _count(db: Path, table: str) -> int:
    try:
        with sqlite3.connect(db, timeout=5) as conn:
            return int(conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
    except sqlite3.OperationalError:
        return 0


def _run(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "sitrep", "--database", f"sqlite:///{db}", *args],
        capture_output=True,
        text=True,
        check=True,
    )


def _kill_when(db: Path, table: str, at_least: int, *args: str) -> int:
    """Start sitrep with ``args``, SIGKILL it once ``table`` holds ``at_least`` rows; returns
    the rows held at the kill (0 means it finished first, which the caller checks)."""
    process = subprocess.Popen(
        [sys.executable, "-m", "sitrep", "--database", f"sqlite:///{db}", *args],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 120
    try:
        while process.poll() is None and time.monotonic() < deadline:
            held = _count(db, table)
            if held >= at_least:
                process.send_signal(signal.SIGKILL)
                process.wait(timeout=10)
                return held
            time.sleep(0.02)
    finally:
        if process.poll() is None:
            process.kill()
    return 0


def _snapshot(db: Path) -> tuple[list[tuple[object, ...]], list[str], list[tuple[object, ...]]]:
    app = Sitrep(Config(database_url=f"sqlite:///{db}"))
    with sqlite3.connect(db) as conn:
        documents = conn.execute(
            "SELECT content_hash, source_name, published FROM documents ORDER BY 1"
        ).fetchall()
        statements = [row[0] for row in conn.execute("SELECT key FROM statements ORDER BY key")]
    incidents = sorted(
        (
            i.date.isoformat(),
            i.location,
            i.sub_event_type,
            i.killed.best if i.killed else None,
            len(i.statement_keys),
        )
        for i in app.incidents()
    )
    return documents, statements, incidents


def test_kill_9_during_ingest_and_extraction_loses_and_doubles_nothing(tmp_path: Path) -> None:
    corpus = tmp_path / "reports"
    _corpus(corpus)
    clean = tmp_path / "clean.db"
    _run(clean, "ingest", str(corpus))
    _run(clean, "extract")

    killed = tmp_path / "killed.db"
    held = _kill_when(killed, "documents", 40, "ingest", str(corpus))
    assert 0 < held < DOCUMENTS, "the ingest finished before it could be killed"
    _run(killed, "ingest", str(corpus))
    assert _count(killed, "documents") == DOCUMENTS
    assert _count(killed, "rejections") == 0

    held = _kill_when(killed, "statements", 40, "extract")
    assert held > 0, "the extraction finished before it could be killed"
    _run(killed, "extract")
    assert _snapshot(killed) == _snapshot(clean)
    # And once more: nothing left to do, nothing changes.
    _run(killed, "ingest", str(corpus))
    _run(killed, "extract")
    assert _snapshot(killed) == _snapshot(clean)
