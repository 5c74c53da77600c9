"""First-level divisions (provinces, states, governorates) and the names reports give them.

GeoNames places carry a division code; reports name the division: "Berestove, Kharkiv",
"Columbia (Maryland)", "Hajjah city (Hajjah)". The table in ``kb/data/admin1.tsv`` (written
by ``scripts/build_admin1.py``) and the additions in ``kb/data/admin1-aliases.yaml`` give each
code its names, so that a place's division can be told and recognised wherever it is named.
"""

from __future__ import annotations

import csv
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path

import yaml

from sitrep.errors import KnowledgeError
from sitrep.kb.normalize import fold_name

TABLE = "admin1.tsv"
ALIASES = "admin1-aliases.yaml"


@dataclass(frozen=True)
class Division:
    """One first-level division: its GeoNames id and a point inside it where the table has them."""

    country: str
    code: str
    names: tuple[str, ...]
    geonames_id: int | None = None
    lat: float | None = None
    lon: float | None = None


@dataclass(frozen=True)
class Divisions:
    """First-level divisions by (ISO country code, GeoNames admin1 code)."""

    by_code: Mapping[tuple[str, str], Division] = field(default_factory=dict)

    def name(self, country: str, code: str | None) -> str | None:
        """The main name of a division, or None when the code is unknown."""
        division = self.by_code.get((country, code)) if code else None
        return division.names[0] if division else None

    @cached_property
    def _keys(self) -> dict[tuple[str, str], frozenset[str]]:
        out: dict[tuple[str, str], frozenset[str]] = {}
        for (country, _), division in self.by_code.items():
            keys = _folded(division)
            for key in keys:
                # A name two divisions share ("Northern") tells neither apart: it stays with the first.
                out.setdefault((country, key), keys)
        return out

    @cached_property
    def _asked(self) -> dict[tuple[str, str], frozenset[str]]:
        # Asked for every candidate place of every sentence: each answer is kept.
        return {}

    @cached_property
    def _owners(self) -> Counter[tuple[str, str]]:
        return Counter((country, key) for (country, _), d in self.by_code.items() for key in _folded(d))

    def names_one(self, country: str, key: str) -> bool:
        """Whether ``key``, a folded name, names one division of ``country`` (not none, nor a
        region over several: "Puglia" is Italy's five provinces there)."""
        return self._owners[(country, key)] == 1

    def keys(self, country: str, name: str) -> frozenset[str]:
        """Every folded name of the division ``name`` in ``country`` (by any of its names)."""
        found = self._asked.get((country, name))
        if found is None:
            key = fold_name(name)
            found = self._asked[(country, name)] = self._keys.get((country, key), frozenset({key}))
        return found


def _folded(division: Division) -> frozenset[str]:
    return frozenset(k for k in map(fold_name, division.names) if len(k) >= 3)


def load_divisions(data_dir: Path) -> Divisions:
    """The divisions table under ``data_dir`` with its additions; empty when there is none."""
    table, aliases = data_dir / TABLE, data_dir / ALIASES
    by_code: dict[tuple[str, str], Division] = {}
    try:
        if table.exists():
            with table.open(encoding="utf-8", newline="") as f:
                rows = csv.reader((line for line in f if not line.startswith("#")), delimiter="\t")
                for country, code, gn_id, lat, lon, name, others in (r for r in rows if r[:1] != ["country"]):
                    names = (name, *filter(None, others.split("|")))
                    by_code[(country, code)] = Division(
                        country, code, names, int(gn_id) if gn_id else None, float(lat), float(lon)
                    )
        extra = yaml.safe_load(aliases.read_text(encoding="utf-8")) if aliases.exists() else {}
        for country, codes in (extra or {}).items():
            for code, added in codes.items():
                key = (str(country), str(code))
                known = by_code.get(key) or Division(key[0], key[1], ())
                first = tuple(dict.fromkeys(str(n) for n in added))
                names = (*first, *(n for n in known.names if n not in first))
                by_code[key] = replace(known, names=names)
    except (OSError, ValueError, yaml.YAMLError, AttributeError) as exc:
        raise KnowledgeError(f"cannot read the divisions table in {data_dir}: {exc}") from exc
    return Divisions(by_code)
