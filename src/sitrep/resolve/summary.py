"""One or two sentences in the bulletin's voice, generated from an incident's fields alone.

Nothing here paraphrases a report: every word comes from a coded field (who, what, where,
how many), so a summary can never say more than the statements behind it.
"""

from __future__ import annotations

from sitrep.model import TERRITORY_CHANGES, Count, Incident

# (sub-event, weapon) → the verb phrase; a None weapon is the fallback for the sub-event.
_ACTIONS: dict[tuple[str, str | None], str] = {
    ("Suicide bomb", "vehicle-borne IED"): "carried out a suicide car bombing",
    ("Suicide bomb", "explosive belt"): "carried out a suicide attack with an explosive belt",
    ("Suicide bomb", None): "carried out a suicide bombing",
    ("Remote explosive/landmine/IED", "vehicle-borne IED"): "detonated a car bomb",
    ("Remote explosive/landmine/IED", None): "detonated an IED",
    ("Air/drone strike", None): "carried out air strikes",
    ("Shelling/artillery/missile attack", "cruise missile"): "launched cruise missiles",
    ("Shelling/artillery/missile attack", None): "shelled targets",
    ("Attack", "vehicle ramming"): "carried out a vehicle-ramming attack",
    ("Attack", None): "attacked",
    ("Armed clash", None): "clashed with",
    ("Government regains territory", None): "took control of",
    ("Non-state actor overtakes territory", None): "took control of",
    ("Arrests", None): "made arrests",
    ("Peaceful protest", None): "demonstrated",
}
_PASSIVE: dict[str, str] = {
    "Suicide bomb": "A suicide bombing took place",
    "Remote explosive/landmine/IED": "An explosive device went off",
    "Air/drone strike": "Air strikes were carried out",
    "Shelling/artillery/missile attack": "Shelling was reported",
    "Attack": "An attack took place",
    "Armed clash": "Clashes took place",
    "Government regains territory": "Control changed hands",
    "Non-state actor overtakes territory": "Control changed hands",
    "Arrests": "Arrests were made",
    "Peaceful protest": "A demonstration was held",
}


def _figure(count: Count, noun: str) -> str:
    reports = {r.value for r in count.reports if not r.qualifier.startswith(("claimed", "earlier"))}
    if len(reports) > 1:
        return f"{count.low}–{count.high} {noun} (reports differ)"
    qualifier = next(
        (
            r.qualifier
            for r in count.reports
            if r.value == count.best and not r.qualifier.startswith("earlier")
        ),
        "exact",
    )
    prefix = {
        "at least": "at least ",
        "more than": "more than ",
        "about": "about ",
    }.get(qualifier, "")
    if qualifier in {"dozens", "tens", "hundreds", "several", "scores"}:
        return f"{qualifier} of {noun} (coded as {count.best})"
    if qualifier.startswith("claimed"):
        # Only the perpetrator gives a figure: say so beside it.
        inner = qualifier.removeprefix("claimed, ")
        prefix = {"at least": "at least ", "more than": "more than ", "about": "about "}.get(inner, "")
        return f"{prefix}{count.best} {noun} (the perpetrator's figure)"
    return f"{prefix}{count.best} {noun}"


def place_phrase(incident: Incident) -> str:
    where = incident.location
    if incident.admin1 and incident.admin1 != incident.location:
        where += f" ({incident.admin1})"
    near = "near " if incident.geo_precision == 2 else "in "
    return near + where


def summarise(incident: Incident) -> str:
    """The incident's summary sentence, from its fields only."""
    sub = incident.sub_event_type
    action = _ACTIONS.get((sub, incident.weapon)) or _ACTIONS.get((sub, None), "attacked")
    day = f"On {incident.date:%B} {incident.date.day}, {incident.date.year}"
    where = place_phrase(incident)
    actor1, actor2 = incident.actor1, incident.actor2
    if sub in TERRITORY_CHANGES:
        who = actor1 or "Unidentified forces"
        sentence = f"{day}, {who} took control of {incident.location}"
        if actor2:
            sentence += f" from {actor2}"
    elif actor1 is None:
        passive = _PASSIVE.get(sub, "An incident took place")
        sentence = f"{day}, {passive[0].lower()}{passive[1:]} {where}"
    elif action.endswith("with") or action == "attacked":
        target = actor2 or ("opposing forces" if action.endswith("with") else "a target")
        sentence = f"{day}, {actor1} {action} {target} {where}"
    else:
        sentence = f"{day}, {actor1} {action} {where}"
        if actor2 and sub in {"Air/drone strike", "Shelling/artillery/missile attack"}:
            sentence += f" against {actor2}"
    parts = []
    if incident.killed:
        parts.append("killing " + _figure(incident.killed, "people"))
    if incident.wounded:
        parts.append(("and wounding " if parts else "wounding ") + _figure(incident.wounded, "people"))
    if parts:
        sentence += ", " + " ".join(parts)
    sentence += "."
    if incident.claimed_by:
        via = f" through {incident.claim.channel}" if incident.claim and incident.claim.channel else ""
        sentence += f" {incident.claimed_by} claimed responsibility{via}."
    return sentence
