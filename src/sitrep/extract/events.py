"""Event triggers and how ACLED codes them: the lexicon's rules matched in one sentence."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

from sitrep.extract.patterns import CaseBlind, alternation
from sitrep.kb.normalize import fold, fold_name
from sitrep.kb.registry import EventRule, Lexicon

# Words around an explosive that describe finding, clearing or making it, not an attack.
# A trigger used transitively ("blew up a bank", "detonated the charge"): set off by someone.
_SET_OFF_WHAT = re.compile(r"\s+(?:a|an|the|his|her|their|its)\s", re.I)
# "tribal leaders fighting on the government's side": who they are, not a battle told.
_WHO_FIGHTS = re.compile(r"\s+(?:on|alongside|for) (?:the|their|its|his) ", re.I)
# Words that make what follows a protest the protest's cause.
_CAUSE = re.compile(
    r"\b(?:to (?:condemn|denounce|demand|protest|decry|mourn|commemorate|pay tribute)|against|after|"
    r"over|following|demanding|denouncing|condemning|in protest|who (?:was|were|had)|for the)\b",
    re.I,
)
_NOT_AN_ATTACK = CaseBlind(
    r"\b(?:removed|defused|dismantled|neutrali[sz]e|neutrali[sz]ed|found|discovered|seized|planted|"
    r"left behind|clearing|cleared|combed|manufactur\w*|making|instructions|workshops?|stockpiles?|"
    r"quantities)\b",
)
# Mass clearance after a battle, or bomb-making: no event at all.
_CLEARING = CaseBlind(
    r"\b(?:removed|clearing|cleared|combed|left behind|manufactur\w*|making|instructions|workshops?|"
    r"stockpiles?|quantities)\b",
)
_EXPLOSIVES = frozenset({"IED", "vehicle-borne IED", "explosive belt", "grenade"})


# Police or troops breaking up a protest that stays peaceful on the protesters' side.
_INTERVENTION = CaseBlind(
    r"\b(?:dispersed|tear ?gas(?:sed)?|teargassed|water cannons?|rubber bullets|baton charged?|"
    r"broke up|arrested (?:several|some|a number of|\d+)?\s*(?:of the )?(?:protesters|demonstrators))\b",
)


@dataclass(frozen=True)
class EventCue:
    rule: EventRule
    start: int
    end: int
    phrase: str


@dataclass(frozen=True)
class EventReading:
    """What a sentence's triggers add up to."""

    event_type: str
    sub_event_type: str
    weapon: str | None
    suicide: bool
    kind: str
    cues: tuple[EventCue, ...]


class EventMatcher:
    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon

    @cached_property
    def _pattern(self) -> tuple[re.Pattern[str], dict[str, EventRule]]:
        table: dict[str, EventRule] = {}
        for rule in self.lexicon.events:
            for phrase in rule.phrases:
                key = fold_name(phrase)
                if key not in table or table[key].priority < rule.priority:
                    table[key] = rule
        # The longest phrase wins where several match: "air strikes" over "air strike".
        pattern = re.compile(r"(?<![\w])" + alternation(table) + r"(?![\w])")
        return pattern, table

    def cues(self, text: str, folded: tuple[str, list[int]] | None = None) -> list[EventCue]:
        """Every trigger in ``text`` (``folded`` is ``fold(text)`` when the caller has it)."""
        pattern, table = self._pattern
        folded_text, offsets = folded or fold(text)
        out = []
        for m in pattern.finditer(folded_text):
            start, end = offsets[m.start()], offsets[m.end() - 1] + 1
            out.append(EventCue(table[m.group()], start, end, text[start:end]))
        return out

    def read(
        self,
        text: str,
        has_casualties: bool,
        names: Sequence[tuple[int, int]] = (),
        cues: list[EventCue] | None = None,
        *,
        control: bool = True,
    ) -> EventReading | None:
        """The coding of the sentence's event, or None when its triggers describe no attack.

        ``names`` are spans of actor and place names: a trigger inside one ("Headquarters for
        the Liberation of al-Sham") is part of a name, not an event. ``cues`` are the sentence's
        triggers when the caller found them already (offsets relative to ``text``).
        ``control=False`` leaves out control words, for a sentence whose control words have no
        place as their object.
        """
        found = self._outside(self.cues(text) if cues is None else cues, names)
        if not control:
            found = [c for c in found if c.rule.kind != "control"]
        return self._read(found, text, has_casualties)

    @staticmethod
    def _outside(cues: list[EventCue], names: Sequence[tuple[int, int]]) -> list[EventCue]:
        return [c for c in cues if not any(start < c.start and c.end < end for start, end in names)]

    def _read(self, cues: list[EventCue], text: str, has_casualties: bool) -> EventReading | None:
        if not has_casualties:
            cues = [c for c in cues if not c.rule.needs_casualties]
        if not any(c.rule.weapon for c in cues):
            cues = [c for c in cues if not c.rule.needs_weapon]
        if not cues:
            return None
        if not has_casualties and _NOT_AN_ATTACK.search(text):
            # Explosives cleared, found or made, not set off: at most a disrupted weapon.
            cues = [c for c in cues if c.rule.weapon not in _EXPLOSIVES]
            if not cues or _CLEARING.search(text):
                return None
        best = max(cues, key=lambda c: c.rule.priority)
        protest = next((c for c in cues if c.rule.event_type == "Protests"), None)
        if (
            protest is not None
            and best.rule.kind == "incident"
            and protest.start < best.start
            and _CAUSE.search(text, protest.end, best.start)
        ):
            # "protested ... to condemn an assassination attempt", "held a vigil ... for two men
            # who were killed": the violence is the crowd's cause, the crowd is the event.
            best = protest
        accident = self.lexicon.accident_pattern
        if (
            best.rule.event_type == "Explosions/Remote violence"
            and best.rule.weapon is None
            and accident is not None
            and accident.search(text.lower())
            # "individuals blew up a bank in the industrial zone": someone set it off.
            and not _SET_OFF_WHAT.match(text, best.end)
        ):
            # "a tank at the plant exploded": an accident, unless a weapon or attacker is named.
            return None
        clash = next(
            (
                c
                for c in cues
                if c.rule.sub_event_type == "Armed clash" and not _WHO_FIGHTS.match(text, c.end)
            ),
            None,
        )
        if clash is not None and best.rule.sub_event_type == "Shelling/artillery/missile attack":
            # "Fighting resumed ... and the army shelled the combat zone": both sides fought.
            best = clash
        suicide = any(c.rule.suicide for c in cues)
        weapons = sorted((c for c in cues if c.rule.weapon), key=lambda c: -c.rule.priority)
        weapon = best.rule.weapon or (weapons[0].rule.weapon if weapons else None)
        if suicide and any(c.rule.weapon == "vehicle-borne IED" for c in cues):
            weapon = "vehicle-borne IED"
        sub_event = best.rule.sub_event_type
        event_type = best.rule.event_type
        types = {c.rule.event_type for c in cues}
        crowd = types & {"Riots", "Protests"}
        if crowd and event_type == "Battles" and best.rule.kind == "incident" and best.rule.priority <= 55:
            # "Palestinian rioters clashed with Israeli forces": a crowd fighting is a riot.
            event_type, sub_event = (
                "Riots",
                "Violent demonstration" if "Protests" in crowd else "Mob violence",
            )
            weapon = None
        elif event_type == "Riots" and "Protests" in types:
            # Demonstrators who turn violent: ACLED's violent demonstration, not a mob.
            sub_event = "Violent demonstration"
        elif event_type == "Protests" and _INTERVENTION.search(text):
            sub_event = "Protest with intervention"
        if suicide and event_type == "Explosions/Remote violence":
            sub_event = "Suicide bomb"
        return EventReading(event_type, sub_event, weapon, suicide, best.rule.kind, tuple(cues))
