"""Scoring extracted incidents against a gold standard.

A predicted incident matches a gold one when its date is within the gold tolerance and its
coordinates fall within the gold radius (by name when either side has no coordinates); each
gold incident takes at most one prediction, the closest in time, then in space. Fields are
scored on matched pairs only, and only where the gold judges them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from sitrep.evaluate.gold import GoldDocument, GoldIncident
from sitrep.geo import haversine_km
from sitrep.kb.normalize import fold_name
from sitrep.kb.registry import KnowledgeBase
from sitrep.model import TERRITORY_CHANGES, Incident

CATEGORY_OF_EVENT_TYPE = {
    "Battles": "battle",
    "Explosions/Remote violence": "explosion",
    "Violence against civilians": "violence_against_civilians",
    "Protests": "protests",
    "Riots": "riots",
    "Strategic developments": "strategic",
}
# ACLED actor names for crowds: Sitrep names no actor for them.
_CROWDS = ("protesters", "rioters", "unidentified")
FIELDS = (
    "date_exact",
    "date_1day",
    "country",
    "place",
    "place_25km",
    "event_type",
    "sub_event_type",
    "weapon",
    "suicide",
    "perpetrator",
    "killed",
    "wounded",
)


def category(incident: Incident) -> str:
    if incident.sub_event_type in TERRITORY_CHANGES:
        return "territory"
    return CATEGORY_OF_EVENT_TYPE.get(incident.event_type, "other")


def _km(gold: GoldIncident, incident: Incident) -> float | None:
    if gold.lat is None or gold.lon is None or incident.latitude is None or incident.longitude is None:
        return None
    return haversine_km(gold.lat, gold.lon, incident.latitude, incident.longitude)


@dataclass
class Tally:
    right: int = 0
    judged: int = 0

    def add(self, ok: bool | None) -> None:
        if ok is None:
            return
        self.judged += 1
        self.right += bool(ok)

    @property
    def rate(self) -> float | None:
        return self.right / self.judged if self.judged else None


@dataclass
class Evaluation:
    """Figures for one gold set."""

    documents: int = 0
    gold: int = 0
    predicted: int = 0
    matched: int = 0
    quiet_documents: int = 0
    invented: int = 0
    fields: dict[str, Tally] = field(default_factory=lambda: {name: Tally() for name in FIELDS})
    confusion: Counter[tuple[str, str]] = field(default_factory=Counter)
    misses: list[dict[str, Any]] = field(default_factory=list)
    wrong: list[dict[str, Any]] = field(default_factory=list)

    @property
    def recall(self) -> float | None:
        return self.matched / self.gold if self.gold else None

    @property
    def precision(self) -> float | None:
        return self.matched / self.predicted if self.predicted else None

    def to_json(self) -> dict[str, Any]:
        return {
            "documents": self.documents,
            "gold_incidents": self.gold,
            "predicted_incidents": self.predicted,
            "matched": self.matched,
            "recall": self.recall,
            "precision": self.precision,
            "documents_reporting_none": self.quiet_documents,
            "incidents_invented_there": self.invented,
            "fields": {
                name: {"right": t.right, "judged": t.judged, "rate": t.rate}
                for name, t in self.fields.items()
            },
            "confusion": [
                {"gold": g, "predicted": p, "count": n} for (g, p), n in sorted(self.confusion.items())
            ],
        }


class Scorer:
    """Scores predictions with the knowledge base's evaluation keys for actors."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self._by_name = {a.name: a for a in kb.actors}

    def _actor_key(self, name: str | None) -> str | None:
        actor = self._by_name.get(name or "")
        if actor is None:
            return None
        return actor.eval_key or actor.id

    def _names(self, name: str) -> set[str]:
        actor = self._by_name.get(name)
        names = (*actor.names(), *([actor.acled_name] if actor.acled_name else [])) if actor else (name,)
        return {fold_name(n) for n in names if len(fold_name(n)) > 2}

    def perpetrator(self, gold: GoldIncident, incident: Incident, kind: str) -> bool | None:
        predicted = incident.actor1 or incident.claimed_by
        if gold.actor1_text is not None or kind == "acled":
            text = fold_name(gold.actor1_text or "")
            if not text or text.startswith(_CROWDS):
                return predicted is None
            if predicted is None:
                return False
            return any(text.startswith(n) or n == text for n in self._names(predicted))
        if kind != "news":
            return None
        keys = {self._actor_key(incident.actor1), self._actor_key(incident.claimed_by)} - {None}
        if gold.actor1 is None:
            return incident.actor1 is None
        return gold.actor1 in keys

    def fields(self, gold: GoldIncident, incident: Incident, kind: str) -> dict[str, bool | None]:
        km = _km(gold, incident)
        has_gold_pin = gold.lat is not None and gold.lon is not None
        killed = incident.killed.best if incident.killed else 0
        wounded = incident.wounded.best if incident.wounded else 0
        if gold.killed_low is not None:
            killed_ok: bool | None = killed >= gold.killed_low
        elif gold.killed is not None:
            killed_ok = killed == gold.killed
        else:
            killed_ok = None
        return {
            "date_exact": None if gold.date is None else incident.date == gold.date,
            "date_1day": None if gold.date is None else abs((incident.date - gold.date).days) <= 1,
            "country": None if gold.country is None else incident.country == gold.country,
            "place": None if not has_gold_pin else km is not None and km <= gold.km,
            "place_25km": None if not has_gold_pin else km is not None and km <= 25.0,
            "event_type": None
            if not gold.categories
            else category(incident) in gold.categories
            or incident.sub_event_type in gold.also_sub_event_types,
            "sub_event_type": None
            if gold.sub_event_type is None
            else incident.sub_event_type == gold.sub_event_type,
            "weapon": None if not gold.weapons else incident.weapon in gold.weapons,
            "suicide": None if gold.suicide is None else bool(incident.suicide) == gold.suicide,
            "perpetrator": self.perpetrator(gold, incident, kind),
            "killed": killed_ok,
            "wounded": None if gold.wounded is None else wounded == gold.wounded,
        }

    def match(self, doc: GoldDocument, predicted: list[Incident]) -> list[tuple[GoldIncident, Incident]]:
        pairs: list[tuple[tuple[float, float, int], int, int]] = []
        for gi, gold in enumerate(doc.incidents):
            for pi, incident in enumerate(predicted):
                lag = 0 if gold.date is None else abs((incident.date - gold.date).days)
                if lag > gold.days:
                    continue
                km = _km(gold, incident)
                if km is not None:
                    if km > gold.km:
                        continue
                elif (
                    gold.place
                    and gold.lat is not None
                    and fold_name(gold.place) != fold_name(incident.location)
                ):
                    continue
                size = -(incident.killed.best if incident.killed else 0)
                pairs.append(((lag, km or 0.0, size), gi, pi))
        pairs.sort()
        used_gold: set[int] = set()
        used_pred: set[int] = set()
        matched = []
        for _, gi, pi in pairs:
            if gi in used_gold or pi in used_pred:
                continue
            used_gold.add(gi)
            used_pred.add(pi)
            matched.append((doc.incidents[gi], predicted[pi]))
        return matched


def evaluate(
    documents: Iterable[GoldDocument],
    predict: Callable[[GoldDocument], list[Incident]],
    kb: KnowledgeBase,
    *,
    kind: str | None = None,
) -> Evaluation:
    """Run ``predict`` on every gold document and score it; ``kind`` "acled" scores actor names."""
    scorer = Scorer(kb)
    result = Evaluation()
    for doc in documents:
        predicted = predict(doc)
        result.documents += 1
        result.gold += len(doc.incidents)
        result.predicted += len(predicted)
        if not doc.reports_event:
            result.quiet_documents += 1
            result.invented += len(predicted)
            if predicted:
                result.wrong.append({"document": doc.key, "predicted": [i.summary for i in predicted]})
            continue
        pairs = scorer.match(doc, predicted)
        result.matched += len(pairs)
        for gold, incident in pairs:
            scored = scorer.fields(gold, incident, kind or doc.kind)
            for name, ok in scored.items():
                result.fields[name].add(ok)
            if gold.categories:
                result.confusion[("|".join(sorted(gold.categories)), category(incident))] += 1
            elif gold.sub_event_type:
                # Sets coded by sub-type only (CASE 2021) are compared sub-type to sub-type.
                result.confusion[(gold.sub_event_type, incident.sub_event_type)] += 1
            wrong_fields = [name for name, ok in scored.items() if ok is False]
            if wrong_fields:
                result.wrong.append(
                    {
                        "document": doc.key,
                        "gold": gold.key,
                        "fields": wrong_fields,
                        "predicted": incident.summary,
                    }
                )
        found = {id(g) for g, _ in pairs}
        for gold in doc.incidents:
            if id(gold) not in found:
                result.misses.append({"document": doc.key, "gold": gold.key, "place": gold.place})
    return result
