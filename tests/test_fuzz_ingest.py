"""Every reader survives whatever it is given: a fixed-length fuzz run (mutated samples and
random bytes, through hypothesis), the inputs earlier fuzzing found crashing, and hand-made
hostile files. benchmarks/fuzz_ingest.py runs the same fuzzer for longer."""

from __future__ import annotations

import random
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sitrep.config import Config
from sitrep.ingest import READERS, Rejected, read, read_bytes
from sitrep.ingest.fuzz import SAMPLES, mutate
from sitrep.model import Document

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "fuzz"
FORMATS = sorted(READERS)


def _survives(data: bytes, fmt: str | None) -> list[Document | Rejected]:
    items = list(read_bytes(data, "fuzz", fmt))
    for item in items:
        assert isinstance(item, Document | Rejected)
        if isinstance(item, Rejected):
            assert item.reason.strip(), "a rejection must say why"
        else:
            assert item.text.strip()
    return items


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(FORMATS), st.sampled_from(sorted(SAMPLES)), st.integers(0, 2**32))
def test_mutated_samples_never_crash_a_reader(fmt: str, sample: str, seed: int) -> None:
    _survives(mutate(SAMPLES[sample], random.Random(seed)), fmt)


@settings(max_examples=200, deadline=None)
@given(st.sampled_from([*FORMATS, None]), st.binary(max_size=4096))
def test_random_bytes_never_crash_a_reader(fmt: str | None, data: bytes) -> None:
    _survives(data, fmt)


def test_inputs_that_once_crashed_are_now_rejections() -> None:
    kept = sorted(FIXTURES.glob("*.bin"))
    assert kept, "the crashing inputs found by fuzzing are kept as fixtures"
    for path in kept:
        items = _survives(path.read_bytes(), path.name.split("-", 1)[0])
        assert items and all(isinstance(i, Rejected) for i in items), path.name


def test_html_nested_a_hundred_thousand_deep_is_rejected_or_read() -> None:
    deep = (
        b"<html><body>" + b"<div>" * 100_000 + b"Car bomb in Aden." + b"</div>" * 100_000 + b"</body></html>"
    )
    _survives(deep, "html")


def test_a_multi_gigabyte_file_is_refused_without_reading_it(tmp_path: Path) -> None:
    huge = tmp_path / "huge.txt"
    with huge.open("wb") as f:
        f.truncate(3 * 1024**3)  # sparse: three gigabytes on paper, nothing on disk
    (item,) = read(str(huge), Config())
    assert isinstance(item, Rejected) and "too large" in item.reason


def test_mixed_and_wrong_encodings(tmp_path: Path) -> None:
    mixed = b"Clashes in Dar'a killed 3. " + "Attaque à Gao: 4 morts.".encode("latin-1")
    (doc,) = _survives(mixed, "text")
    assert isinstance(doc, Document) and "Gao" in doc.text
    utf16 = "Clashes in Hader killed 12.".encode("utf-16")
    (item,) = _survives(utf16, "text")
    assert isinstance(item, Rejected) and "binary" in item.reason
