"""An analyst's edits to one week's bulletin, kept beside it and merged into every regeneration.

The overlay is a YAML file, by default ``<out>/edits-<week>.yaml``:

    week: 2017-11-02
    suppress: [sr-1a2b3c4d5e6f]                 # items left out
    rewrite:                                     # an item's first sentence, as the analyst wrote it
      sr-0f9e8d7c6b5a: "On November 3, 2017, ..."
    order:                                       # items of a subsection in the analyst's order
      Quneitra Governorate: [sr-..., sr-...]
    commentary:                                  # the analyst's own paragraphs
      - {section: Syria, text: "The conquest of ... has reached the last lap."}
      - {main: true, text: "..."}

Incident ids are stable, so an edit keeps applying when new reports change an incident; an
edit that names an incident no longer in the week is reported, not silently dropped.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from sitrep.errors import ReportError


@dataclass(frozen=True)
class Commentary:
    text: str
    section: str | None = None
    main: bool = False


@dataclass(frozen=True)
class Edits:
    week: date | None = None
    suppress: frozenset[str] = frozenset()
    rewrite: dict[str, str] = field(default_factory=dict)
    order: dict[str, tuple[str, ...]] = field(default_factory=dict)
    commentary: tuple[Commentary, ...] = ()

    @property
    def named(self) -> set[str]:
        return set(self.suppress) | set(self.rewrite) | {i for ids in self.order.values() for i in ids}


def overlay_path(out_dir: Path, week: date) -> Path:
    return out_dir / f"edits-{week.isoformat()}.yaml"


def load_edits(path: Path) -> Edits:
    """The overlay at ``path``; no file means no edits."""
    if not path.exists():
        return Edits()
    try:
        raw: Any = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise ReportError(f"cannot read the edits file {path}: {exc}") from exc
    if not isinstance(raw, dict):
        raise ReportError(f"{path}: expected a mapping of edits")
    try:
        week = raw.get("week")
        return Edits(
            week=date.fromisoformat(str(week)) if week else None,
            suppress=frozenset(str(i) for i in raw.get("suppress") or []),
            rewrite={str(k): str(v) for k, v in (raw.get("rewrite") or {}).items()},
            order={str(k): tuple(str(i) for i in v) for k, v in (raw.get("order") or {}).items()},
            commentary=tuple(
                Commentary(text=str(c["text"]), section=c.get("section"), main=bool(c.get("main", False)))
                for c in raw.get("commentary") or []
            ),
        )
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise ReportError(f"{path}: malformed edits ({exc})") from exc


def apply_item(item: Any, edits: Edits) -> Any | None:
    """An item as the analyst left it: None when suppressed, its first sentence rewritten."""
    if item.incident.id in edits.suppress:
        return None
    text = edits.rewrite.get(item.incident.id)
    if text is None:
        return item
    return replace(item, sentences=(text, *item.sentences[1:]))


def ordered(items: list[Any], order: tuple[str, ...]) -> list[Any]:
    """Items in the analyst's order; the ones the order does not name keep theirs, after them."""
    rank = {incident_id: n for n, incident_id in enumerate(order)}
    return sorted(items, key=lambda it: rank.get(it.incident.id, len(rank)))
