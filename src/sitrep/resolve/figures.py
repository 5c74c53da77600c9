"""Killed and wounded across reports: each source's figure kept, low / best / high derived.

The rule for ``best`` (documented in the README): take the figures of the most reliable
sources (Admiralty grade, A best) that are not the perpetrator's own claims, and of those the
lowest — the most conservative well-sourced figure. A perpetrator's claim is kept among the
reports, marked "claimed", and never becomes ``best`` unless it is the only figure; nor does a
figure the report itself says was overtaken ("had earlier said two"), marked "earlier".

Within one document, two different figures for one incident from sentences that continue
the story ("then killed 21 ...") are parts of one total and are added; the same figure
repeated is counted once. The one attacker whose own death a sentence tells is one of its dead;
other dead attackers are counted only where a sentence tells no other dead.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from sitrep.extract.casualties import ATTACKER
from sitrep.model import Count, Figure, Report, Statement

_GRADES = "ABCDEF"
_TOLL_ROSE = re.compile(
    r"\b(?:toll|number of (?:dead|deaths|victims|casualties)|tally)\b.{0,30}?"
    r"\b(?:rose|risen|climbed|increased|jumped|went up|has reached|had reached|reached)\b",
    re.I,
)


def _statement_value(figures: tuple[Figure, ...]) -> tuple[int, str] | None:
    # "In addition to the bomber, eight were killed", "blew himself up, killing six": the
    # attacker's own death is one of the dead, as ACLED and GTD count them; other dead
    # attackers a sentence tells beside its victims ("two gunmen were also killed") are another
    # count of the fighting, kept apart.
    victims = tuple(f for f in figures if f.side != "perpetrator" or f == ATTACKER)
    figures = victims or figures
    if not figures:
        return None
    value = sum(f.value for f in figures)
    qualifiers = {f.qualifier for f in figures}
    qualifier = figures[0].qualifier if len(qualifiers) == 1 else "at least"
    return value, qualifier


def count(
    statements: Sequence[Statement],
    role: str,
    grade: Callable[[str], str],
    is_part: Callable[[Statement], bool],
) -> Count | None:
    """The Count for ``role`` ("killed" or "wounded") across ``statements``."""
    # Per document: [value, qualifier, is the perpetrator's claim, source].
    per_doc: dict[str, list[tuple[int, str, bool, str]]] = {}
    for s in sorted(statements, key=lambda s: (s.document_hash, s.start)):
        found = _statement_value(s.killed if role == "killed" else s.wounded)
        if found is None:
            continue
        source = s.citations[0].name if s.citations else "unknown"
        bucket = per_doc.setdefault(s.document_hash, [])
        value, qualifier = found
        if any(v == value and src == source for v, _, _, src in bucket):
            continue
        if bucket and _TOLL_ROSE.search(s.text):
            # "The death toll later rose to 15": what the report said before is overtaken.
            bucket[:] = [
                (v, q if q.startswith("earlier") else f"earlier, {q}", c, src) for v, q, c, src in bucket
            ]
            bucket.append((value, qualifier, s.perpetrator_claim, source))
            continue
        if bucket and is_part(s) and not s.perpetrator_claim and not bucket[-1][2]:
            # The parts of one report's story may carry the citation only on their last part.
            last_value, _, _, last_source = bucket[-1]
            total_source = last_source if last_source != "unknown" else source
            bucket[-1] = (last_value + value, "sum of parts", False, total_source)
            continue
        bucket.append((value, qualifier, s.perpetrator_claim, source))
    reports: list[Report] = []
    claimed: list[Report] = []
    for values in per_doc.values():
        for value, qualifier, is_claim, source in values:
            report = Report(value, qualifier, source)
            (claimed if is_claim else reports).append(report)
    merged: dict[tuple[int, str, str], Report] = {}
    for r in reports + claimed:
        merged.setdefault((r.value, r.qualifier, r.source), r)
    everything = tuple(merged.values())
    if not everything:
        return None
    independent = [r for r in everything if not r.qualifier.startswith("claimed")]
    # A toll the report says was overtaken ("had earlier said two") stays among the reports.
    current = [r for r in independent if not r.qualifier.startswith("earlier")]
    pool = current or independent or list(everything)
    best_grade = min((_GRADES.index(grade(r.source)) for r in pool), default=5)
    well_sourced = [r for r in pool if _GRADES.index(grade(r.source)) == best_grade]
    best = min(r.value for r in well_sourced)
    amounts = [r.value for r in pool]
    return Count(best=best, low=min(amounts), high=max(amounts), reports=everything)
