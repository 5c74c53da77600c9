"""Gold standards: documents with the incidents a careful coder takes from them.

Three shapes are read, one record a line (JSON Lines) or one snippet a row (TSV):

  news / ACLED   {"key", "published", "source", "text", "incidents": [{date, place, lat, lon, km,
                  category, actor1 | actor1_text, killed | killed_low, wounded, sub_event_type}]}
  GTD            {"id", "published", "source", "text", "gtd": {date, attacktype, weapon, nkill, nwound}}
  CASE 2021 t2   id <TAB> EventSnippet <TAB> SubType        (event type of a snippet, or none)
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from sitrep.errors import SitrepError
from sitrep.model import TERRITORY_CHANGES


class GoldError(SitrepError):
    """A gold file that cannot be read."""


# GTD attack types and the ACLED categories a coder may give them (README of the eval data).
GTD_CATEGORIES: dict[str, frozenset[str]] = {
    "Bombing/Explosion": frozenset({"explosion"}),
    "Armed Assault": frozenset({"battle", "violence_against_civilians"}),
    "Assassination": frozenset({"violence_against_civilians", "battle", "explosion"}),
    "Hostage Taking (Kidnapping)": frozenset({"violence_against_civilians"}),
    "Hostage Taking (Barricade Incident)": frozenset({"violence_against_civilians", "battle"}),
    "Unarmed Assault": frozenset({"violence_against_civilians"}),
    "Hijacking": frozenset({"violence_against_civilians"}),
    "Facility/Infrastructure Attack": frozenset({"violence_against_civilians", "explosion"}),
}
# GTD counts a bomb found or defused before it went off as an attack (Bombing/Explosion); ACLED
# codes the same event as "Disrupted weapons use". Those sub-types also answer these attack types.
GTD_SUB_EVENTS: dict[str, frozenset[str]] = {
    "Bombing/Explosion": frozenset({"Disrupted weapons use"}),
}
# GTD weapon types and the weapons Sitrep names that fall under them.
GTD_WEAPONS: dict[str, frozenset[str]] = {
    "Explosives": frozenset(
        {"IED", "vehicle-borne IED", "explosive belt", "grenade", "artillery", "aircraft", "cruise missile"}
    ),
    "Firearms": frozenset({"firearms"}),
    "Melee": frozenset({"knife"}),
    "Incendiary": frozenset({"arson"}),
    "Vehicle (not to include vehicle-borne explosives, i.e., car or truck bombs)": frozenset(
        {"vehicle ramming"}
    ),
}
# CASE 2021 task 2 labels as ACLED sub-event types; None marks text that reports no event.
CASE_SUBTYPES: dict[str, str | None] = {
    "ABDUCT_DISSAP": "Abduction/forced disappearance",
    "AGREEMENT": "Agreement",
    "AIR_STRIKE": "Air/drone strike",
    "ARMED_CLASH": "Armed clash",
    "ARREST": "Arrests",
    "ART_MISS_ATTACK": "Shelling/artillery/missile attack",
    "ATTACK": "Attack",
    "CHANGE_TO_GROUP_ACT": "Change to group/activity",
    "CHEM_WEAP": "Chemical weapon",
    "DISR_WEAP": "Disrupted weapons use",
    "FORCE_AGAINST_PROTEST": "Excessive force against protesters",
    "GOV_REGAINS_TERIT": "Government regains territory",
    "GRENADE": "Grenade",
    "HQ_ESTABLISHED": "Headquarters or base established",
    "MOB_VIOL": "Mob violence",
    "NON_STATE_ACTOR_OVERTAKES_TER": "Non-state actor overtakes territory",
    "NON_VIOL_TERRIT_TRANSFER": "Non-violent transfer of territory",
    "OTHER": "Other",
    "PEACE_PROTEST": "Peaceful protest",
    "PROPERTY_DISTRUCT": "Looting/property destruction",
    "PROTEST_WITH_INTER": "Protest with intervention",
    "REM_EXPLOS": "Remote explosive/landmine/IED",
    "SEX_VIOL": "Sexual violence",
    "SUIC_BOMB": "Suicide bomb",
    "VIOL_DEMONSTR": "Violent demonstration",
    "ORG_CRIME": None,
    "NATURAL_DISASTER": None,
    "MAN_MADE_DISASTER": None,
    "DIPLO": None,
    "ATTRIB": None,
}


# "X claimed responsibility for the car bomb that killed eight": CASE labels the attribution,
# but the text does report an attack, so it is neither an event gold nor a quiet text.
CASE_UNJUDGED = frozenset({"ATTRIB"})


@dataclass(frozen=True)
class GoldIncident:
    key: str
    date: date | None
    days: int = 1
    country: str | None = None
    place: str | None = None
    lat: float | None = None
    lon: float | None = None
    km: float = 25.0
    categories: frozenset[str] = frozenset()
    sub_event_type: str | None = None
    actor1: str | None = None
    actor1_text: str | None = None
    killed: int | None = None
    killed_low: int | None = None
    wounded: int | None = None
    weapons: frozenset[str] = frozenset()
    suicide: bool | None = None
    also_sub_event_types: frozenset[str] = frozenset()


@dataclass(frozen=True)
class GoldDocument:
    key: str
    text: str
    published: date | None
    source: str | None
    kind: str  # "news" | "gtd" | "case"
    incidents: tuple[GoldIncident, ...] = field(default_factory=tuple)
    reports_event: bool = True


def _date(value: Any) -> date | None:
    return date.fromisoformat(str(value)) if value else None


def _news_incident(raw: dict[str, Any], n: int) -> GoldIncident:
    category = raw.get("category")
    sub = raw.get("sub_event_type")
    if sub in TERRITORY_CHANGES:
        category = "territory"
    return GoldIncident(
        key=str(raw.get("key") or n),
        date=_date(raw.get("date")),
        days=int(raw.get("days", 1)),
        country=raw.get("country"),
        place=raw.get("place"),
        lat=raw.get("lat"),
        lon=raw.get("lon"),
        km=float(raw.get("km") or 25),
        categories=frozenset({category}) if category else frozenset(),
        sub_event_type=sub,
        actor1=raw.get("actor1"),
        actor1_text=raw.get("actor1_text"),
        killed=raw.get("killed"),
        killed_low=raw.get("killed_low"),
        wounded=raw.get("wounded"),
        suicide=raw.get("suicide"),
    )


def _gtd_incident(key: str, raw: dict[str, Any]) -> GoldIncident:
    return GoldIncident(
        key=key,
        date=_date(raw.get("date")),
        categories=GTD_CATEGORIES.get(str(raw.get("attacktype")), frozenset()),
        killed=raw.get("nkill"),
        wounded=raw.get("nwound"),
        weapons=GTD_WEAPONS.get(str(raw.get("weapon")), frozenset()),
        also_sub_event_types=GTD_SUB_EVENTS.get(str(raw.get("attacktype")), frozenset()),
    )


def _jsonl(path: Path) -> Iterator[GoldDocument]:
    with path.open(encoding="utf-8") as fh:
        for number, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                raw = json.loads(line)
                key = str(raw.get("key") or raw.get("id") or number)
                published = _date(raw.get("published"))
                if "gtd" in raw:
                    incidents: tuple[GoldIncident, ...] = (_gtd_incident(key, raw["gtd"]),)
                    kind = "gtd"
                else:
                    incidents = tuple(_news_incident(i, n) for n, i in enumerate(raw.get("incidents") or []))
                    kind = "news"
                yield GoldDocument(
                    key=key,
                    text=str(raw["text"]),
                    published=published,
                    source=raw.get("source"),
                    kind=kind,
                    incidents=incidents,
                    reports_event=bool(incidents),
                )
            except (ValueError, KeyError, TypeError, AttributeError) as exc:
                raise GoldError(f"{path.name}, line {number}: {exc}") from exc


def _case(path: Path) -> Iterator[GoldDocument]:
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            label = row.get("SubType", "").strip()
            if label not in CASE_SUBTYPES:
                raise GoldError(f"{path.name}: snippet {row.get('id')} has unknown label {label!r}")
            if label in CASE_UNJUDGED:
                continue
            sub = CASE_SUBTYPES[label]
            incident = GoldIncident(key=str(row["id"]), date=None, sub_event_type=sub)
            yield GoldDocument(
                key=str(row["id"]),
                text=row["EventSnippet"],
                published=None,
                source=None,
                kind="case",
                incidents=(incident,) if sub else (),
                reports_event=sub is not None,
            )


def load_gold(path: Path) -> list[GoldDocument]:
    """Every gold document in ``path`` (.jsonl or CASE .tsv)."""
    if not path.is_file():
        raise GoldError(f"{path}: no such file")
    if path.suffix == ".tsv":
        return list(_case(path))
    return list(_jsonl(path))
