"""Inline attributions, the bulletin way: "(SANA, November 3, 2017)",
"(Khutwa, November 3; Murasiloun, November 4, 2017)", "(Tasnim and the Murasiloun website, November 5, 2017)".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from sitrep.extract.dates import MONTHS
from sitrep.kb.registry import KnowledgeBase
from sitrep.model import Citation

_PAREN = re.compile(r"\(([^()]{2,300})\)")
_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
_GROUP_DATE = re.compile(
    rf"^(?P<names>.*?)[,\s]+(?P<month>{_MONTH})\.?\s+(?P<day>\d{{1,2}})(?:\s*(?:and|-|–)\s*\d{{1,2}})?"
    rf"(?:(?:,\s*|\s+)(?P<year>\d{{4}}))?\s*$",
    re.IGNORECASE,
)
_BASED_ON = re.compile(
    r"based on (?:an? )?(?:announcement|statement|report|claim)s? (?:of|by|from) (?:the )?(.+)$",
    re.IGNORECASE,
)
_POSTED = re.compile(r"posted (?:to|on) (?:the )?(.+)$", re.IGNORECASE)
_PREFIXES = re.compile(
    r"^(?:from |see |the |a |an |website of the |website of |twitter account of (?:the )?)+", re.IGNORECASE
)


@dataclass(frozen=True)
class Attribution:
    start: int
    end: int
    citations: tuple[Citation, ...]


def _clean_name(raw: str) -> str:
    name = raw.strip().strip(",;")
    for pattern in (_BASED_ON, _POSTED):
        found = pattern.search(name)
        if found:
            name = found.group(1)
    name = name.split(", ")[0]
    if raw.lower().startswith("twitter account of"):
        handle = re.search(r"@[\w.]+", raw)
        base = _PREFIXES.sub("", name).split("@")[0].strip()
        return (
            f"Twitter: {handle.group(0)}"
            if handle and not base
            else (f"Twitter: {base}" + (f" ({handle.group(0)})" if handle else ""))
        )
    name = _PREFIXES.sub("", name).strip()
    return re.sub(r"\s+website$", "", name, flags=re.IGNORECASE).strip()


def _split_names(names: str) -> list[str]:
    if names.lower().startswith("twitter account"):
        return [names]
    if _BASED_ON.search(names):
        return [names]
    return [n for n in re.split(r"\s+and\s+", names) if n.strip()]


def parse_attribution(content: str, kb: KnowledgeBase | None = None) -> tuple[Citation, ...]:
    """The citations in one parenthesis body, or () when it is not an attribution."""
    groups = [g.strip() for g in content.split(";") if g.strip()]
    parsed: list[tuple[str, int, int, int | None]] = []
    for group in groups:
        m = _GROUP_DATE.match(group)
        if not m or not m["names"].strip():
            return ()
        parsed.append(
            (m["names"], MONTHS[m["month"].lower()], int(m["day"]), int(m["year"]) if m["year"] else None)
        )
    years = [y for *_, y in parsed if y is not None]
    if not years:
        return ()
    citations: list[Citation] = []
    for names, month, day, year in parsed:
        try:
            when = date(year or years[-1], month, day)
        except ValueError:
            return ()
        if re.match(r"\s*(?:updated|as of|see|as at)\b", names, re.IGNORECASE):
            return ()
        for raw in _split_names(names):
            name = _clean_name(raw)
            if not name or len(name) > 80:
                continue
            affiliation = None
            if kb is not None:
                source = kb.find_source(name)
                if source is not None:
                    name, affiliation = source.name, source.affiliation
            citations.append(Citation(name=name, date=when, affiliation=affiliation))
    return tuple(citations)


def find_attributions(text: str, kb: KnowledgeBase | None = None) -> list[Attribution]:
    """Every parenthesised attribution in ``text`` with its span."""
    out = []
    for m in _PAREN.finditer(text):
        citations = parse_attribution(m.group(1), kb)
        if citations:
            out.append(Attribution(m.start(), m.end(), citations))
    return out
