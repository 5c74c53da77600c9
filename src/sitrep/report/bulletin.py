"""The weekly bulletin: composed from stored incidents, written as Markdown, HTML and PDF.

Every sentence is generated from an incident's fields (``resolve.summary``) or states a
source's own figure, and carries the citations of the statements behind it, so nothing in
the bulletin is unsourced.

"Main events of the week" ranks incidents by a published rule (``significance``):
killed + ½ × wounded, plus 20 for a change of territorial control, 10 for a suicide attack
and 5 for each source beyond the first; ties go to the earlier incident.
"""

from __future__ import annotations

import base64
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from pathlib import Path

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from sitrep.analyse.claims import ClaimRow, claim_rows, departures, habits
from sitrep.analyse.control import holders_on
from sitrep.analyse.outside import Involvement, outside_powers
from sitrep.analyse.propaganda import Comparison, compare
from sitrep.analyse.trends import NOT_COUNTED, Trend, trends_from_tallies, weekly_series
from sitrep.errors import ReportError
from sitrep.kb.registry import KnowledgeBase
from sitrep.model import TERRITORY_CHANGES, Citation, Incident, Tally
from sitrep.report.edits import Edits, apply_item, ordered
from sitrep.report.maps import Graphic, control_map, incident_map, trend_chart
from sitrep.report.naming import introduction, short_name
from sitrep.report.word import write_docx
from sitrep.resolve.cluster import IncidentBuilder
from sitrep.store import IncidentFilter, Store

MAIN_EVENTS = 5
CHART_WEEKS = 8
_HEADLINES = {
    "Suicide bomb": "Suicide bombing",
    "Remote explosive/landmine/IED": "Explosion",
    "Air/drone strike": "Air strikes",
    "Shelling/artillery/missile attack": "Shelling",
    "Attack": "Attack",
    "Armed clash": "Clashes",
    "Government regains territory": "Control change",
    "Non-state actor overtakes territory": "Control change",
    "Arrests": "Arrests",
    "Peaceful protest": "Demonstration",
}
_WEAPON_HEADLINES = {
    "vehicle-borne IED": "Car bomb",
    "IED": "IED explosion",
    "cruise missile": "Cruise missile strikes",
    "vehicle ramming": "Vehicle-ramming attack",
    "explosive belt": "Suicide bombing",
}


def significance(i: Incident) -> float:
    """The ranking score for "Main events of the week" (see the module docstring)."""
    score = float(i.killed.best if i.killed else 0) + 0.5 * (i.wounded.best if i.wounded else 0)
    score += 20 if i.sub_event_type in TERRITORY_CHANGES else 0
    score += 10 if i.suicide else 0
    score += 5 * max(0, len({c.name for c in i.sources}) - 1)
    return score


def cite(citations: Iterable[Citation]) -> str:
    labels = [c.label() for c in citations]
    return "(" + "; ".join(labels) + ")" if labels else ""


def cited(sentence: str, citations: Iterable[Citation]) -> str:
    """The sentence with its sources before the closing full stop, as the seed writes them:
    "... killing 50 people (Amaq, November 5, 2017)."."""
    text, reference = sentence.strip(), cite(citations)
    if not reference:
        return text
    if text.endswith("."):
        return f"{text[:-1]} {reference}."
    return f"{text} {reference}"


@dataclass(frozen=True)
class Item:
    """One incident as the bulletin tells it."""

    incident: Incident
    headline: str
    sentences: tuple[str, ...]
    update_of: date | None = None
    footnote: int | None = None


@dataclass
class Section:
    title: str
    subsections: dict[str, list[Item]] = field(default_factory=dict)
    trend: str | None = None
    commentary: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Footnote:
    text: str
    earlier_week: date | None = None
    """The first day of the earlier bulletin the note points to, if any."""

    @property
    def earlier_stem(self) -> str | None:
        return bulletin_stem(self.earlier_week) if self.earlier_week else None


@dataclass
class Bulletin:
    week_start: date
    week_end: date
    main_events: list[Item]
    sections: list[Section]
    control_changes: list[Item]
    footnotes: list[Footnote]
    sources: list[tuple[str, str | None, str | None]]
    commentary: list[str] = field(default_factory=list)
    stale_edits: list[str] = field(default_factory=list)
    figures: dict[str, Graphic] = field(default_factory=dict)
    claims: list[ClaimRow] = field(default_factory=list)
    propaganda: list[Comparison] = field(default_factory=list)
    outside: list[tuple[str, str]] = field(default_factory=list)
    """(power, sentence with its citations): "Involvement of outside powers"."""

    @property
    def stem(self) -> str:
        return bulletin_stem(self.week_start)

    @property
    def date_range(self) -> str:
        return date_range(self.week_start, self.week_end)

    @property
    def is_empty(self) -> bool:
        return not self.sections


def date_range(a: date, b: date) -> str:
    """ "November 2 – 8, 2017", naming the month and year only as often as needed."""
    if a.month == b.month and a.year == b.year:
        return f"{a:%B} {a.day} – {b.day}, {b.year}"
    if a.year == b.year:
        return f"{a:%B} {a.day} – {b:%B} {b.day}, {b.year}"
    return f"{a:%B} {a.day}, {a.year} – {b:%B} {b.day}, {b.year}"


def bulletin_stem(week_start: date) -> str:
    """The file name, without suffix, of the bulletin for the week from ``week_start``."""
    return f"bulletin-{week_start.isoformat()}"


def headline(i: Incident) -> str:
    base = _WEAPON_HEADLINES.get(i.weapon or "") or _HEADLINES.get(i.sub_event_type, "Incident")
    if i.sub_event_type in TERRITORY_CHANGES:
        return f"{i.actor1 or 'Forces'} take {i.location}"
    return f"{base} in {i.location}"


def _figure_sentences(i: Incident) -> list[str]:
    """One sentence per source figure when sources disagree or a group claims its own count."""
    out = []
    by_name = {c.name: c for c in i.sources}
    for role, count in (("killed", i.killed), ("wounded", i.wounded)):
        if count is None:
            continue
        values = {r.value for r in count.reports}
        claimed = [r for r in count.reports if r.qualifier.startswith("claimed")]
        if len(values) < 2 and not claimed:
            continue
        for r in count.reports:
            qualifier = r.qualifier.replace("claimed, ", "").replace("earlier, ", "")
            words = "" if qualifier in {"exact", "sum of parts"} else f"{qualifier} "
            if qualifier in {"dozens", "tens", "hundreds", "several", "scores"}:
                words, shown = "", f"{qualifier} (coded as {r.value})"
            else:
                shown = str(r.value)
            verb = (
                "claimed"
                if r.qualifier.startswith("claimed")
                else "had earlier reported"
                if r.qualifier.startswith("earlier")
                else "reported"
            )
            citation = by_name.get(r.source)
            out.append(cited(f"{r.source} {verb} {words}{shown} {role}.", [citation] if citation else []))
    return out


def _claim_sentence(i: Incident) -> str | None:
    if i.claim is None or i.claim.date is None or i.claim.latency_hours is None:
        return None
    channel = f" through {i.claim.channel}" if i.claim.channel else ""
    hours = int(i.claim.latency_hours)
    citation = next((c for c in i.sources if c.date == i.claim.date), None)
    return cited(
        f"{i.claimed_by} claimed responsibility{channel} on {i.claim.date:%B} "
        f"{i.claim.date.day}, {i.claim.date.year}, {hours} hours after the attack.",
        [citation] if citation else [],
    )


def _item(i: Incident, week_start: date, footnote: int | None, departs: list[str]) -> Item:
    sentences = [cited(i.summary, i.sources)]
    sentences += _figure_sentences(i)
    claim = _claim_sentence(i)
    if claim:
        sentences.append(claim)
    if departs and i.claim is not None:
        # "The claim was different from previous claims of responsibility ..."; the habit is
        # the knowledge base's or the store's, the claim's facts are its source's.
        claim_date = i.claim.date
        source = next((c for c in i.sources if claim_date is not None and c.date == claim_date), None)
        sentences.append(
            cited(
                f"The claim departs from {i.claimed_by}'s habit: {'; '.join(departs)}.",
                [source] if source else [],
            )
        )
    update_of = i.date if i.date < week_start else None
    return Item(i, headline(i), tuple(sentences), update_of, footnote)


def _trend_sentence(t: Trend, members: list[Item]) -> str:
    """The section's count against the weeks before, saying what the count leaves out."""
    new = [it for it in members if it.update_of is None]
    if not new:
        return "No new incident this week; the items below update incidents reported earlier."
    count = f"{t.incidents} incident{'s' if t.incidents != 1 else ''} this week"
    left_out = sum(it.incident.sub_event_type in NOT_COUNTED for it in new)
    if left_out:
        count += f" (not counting {left_out} demonstration{'s' if left_out != 1 else ''})"
    if not t.baseline:
        return f"{count}; {t.words}."
    return f"{count} against a weekly mean of {t.prior_incidents:.1f} over the four weeks before: {t.words}."


def _in_sentence(headline_text: str) -> str:
    """A headline inside a sentence: "Air strikes in X" -> "air strikes in X"; one that opens
    with a name or an acronym ("Hezbollah take X", "IED explosion in X") is left as it is."""
    first = headline_text.split(" ", 1)[0]
    generic = {h.split(" ", 1)[0] for h in (*_HEADLINES.values(), *_WEAPON_HEADLINES.values())}
    return (
        headline_text[0].lower() + headline_text[1:]
        if first in generic and not first.isupper()
        else headline_text
    )


def _involvement_sentence(v: Involvement, kb: KnowledgeBase) -> str:
    """What an outside power did in the week, incident by incident, with their sources."""
    parts = []
    for i in v.incidents:
        text = f"{_in_sentence(headline(i))}, {i.date:%B} {i.date.day}"
        proxies = [
            short_name(kb.actor_by_name[n], i.date).split(" (", 1)[0] if n in kb.actor_by_name else n
            for n in sorted(v.through.get(i.id, ()))
        ]
        if proxies:
            text += f" (through {' and '.join(proxies)}, which it backs)"
        parts.append(text)
    citations = dict.fromkeys(c for i in v.incidents for c in i.sources)
    sentence = "; ".join(parts)
    return cited(sentence[0].upper() + sentence[1:] + ".", citations)


def _footnote(i: Incident, week_start: date) -> Footnote:
    """Where an update's incident was first told: the earlier bulletin holding its date, if a
    report of it was out before this week; otherwise it is new to readers this week."""
    day = f"{i.date:%B} {i.date.day}, {i.date.year}"
    reported = [c.date for c in i.sources if c.date is not None]
    if reported and min(reported) < week_start:
        weeks_back = -(-(week_start - i.date).days // 7)
        earlier = week_start - timedelta(days=7 * weeks_back)
        end = earlier + timedelta(days=6)
        return Footnote(
            f"Update of the incident of {day}, first reported in the bulletin of {date_range(earlier, end)}.",
            earlier,
        )
    return Footnote(f"The incident of {day} was first reported this week.")


def compose(
    store: Store, builder: IncidentBuilder, kb: KnowledgeBase, week_start: date, edits: Edits | None = None
) -> Bulletin:
    """The bulletin for the seven days from ``week_start``, with the analyst's ``edits`` merged."""
    edits = edits or Edits()
    week_end = week_start + timedelta(days=6)
    incidents = store.incidents_touching(builder, week_start, week_end)
    # The year before the week: the groups' claiming habits.
    claimed = store.incidents(
        builder, IncidentFilter(start=week_start - timedelta(days=365), end=week_end, claimed=True)
    )
    known_habits = habits(claimed, kb)
    chart_weeks = [week_start - timedelta(days=7 * n) for n in reversed(range(CHART_WEEKS))]
    counted = [
        replace(t, group=kb.theatre_of(t.group).name)
        for t in store.tallies(chart_weeks[0], week_end, leave_out=NOT_COUNTED)
    ]
    trend_by_theatre = {t.group: t for t in trends_from_tallies(counted, week_start)}
    footnotes: list[Footnote] = []
    items: list[Item] = []
    for i in incidents:
        note = None
        if i.date < week_start:
            footnotes.append(_footnote(i, week_start))
            note = len(footnotes)
        items.append(_item(i, week_start, note, departures(i, known_habits) if i.claim else []))
    ranked = sorted(items, key=lambda it: (-significance(it.incident), it.incident.date))
    main = [it for it in ranked if significance(it.incident) > 0][:MAIN_EVENTS]
    sections: list[Section] = []
    for theatre in kb.theatres:
        members = [it for it in items if kb.theatre_of(it.incident.country).id == theatre.id]
        if not members:
            continue
        trend = trend_by_theatre.get(theatre.name)
        section = Section(theatre.name, trend=_trend_sentence(trend, members) if trend else None)
        for it in members:
            sub = it.incident.admin1 or it.incident.location
            section.subsections.setdefault(sub, []).append(it)
        sections.append(section)
    main, sections = _name_actors(main, sections, kb)
    main, sections = _edited(main, sections, edits)
    sections = _introduce_sources(sections, kb)
    for section in sections:
        section.commentary = [c.text for c in edits.commentary if c.section == section.title]
    kept = {it.incident.id for s in sections for members in s.subsections.values() for it in members}
    items = [it for it in items if it.incident.id in kept]
    control = [it for it in items if it.incident.sub_event_type in TERRITORY_CHANGES]
    cited_names = {c.name for it in items for c in it.incident.sources}
    sources = []
    for name in sorted(cited_names, key=str.lower):
        registry = kb.find_source(name)
        sources.append(
            (name, registry.affiliation if registry else None, registry.reliability if registry else None)
        )
    week_ids = {i.id for i in incidents}
    shown = [it.incident for it in items]
    return Bulletin(
        week_start,
        week_end,
        main,
        sections,
        control,
        footnotes,
        sources,
        commentary=[c.text for c in edits.commentary if c.main or c.section is None],
        stale_edits=sorted(edits.named - week_ids),
        figures=_figures(store, builder, kb, shown, week_start, week_end, chart_weeks, counted),
        claims=claim_rows(shown, known_habits),
        outside=[(v.power, _involvement_sentence(v, kb)) for v in outside_powers(shown, kb)],
        propaganda=[
            compare(claim, store.incidents(builder, IncidentFilter(start=claim.start, end=claim.end)))
            for claim in store.aggregate_claims()
            if claim.published is not None and week_start <= claim.published <= week_end
        ],
    )


def _figures(
    store: Store,
    builder: IncidentBuilder,
    kb: KnowledgeBase,
    shown: list[Incident],
    week_start: date,
    week_end: date,
    chart_weeks: list[date],
    counted: list[Tally],
) -> dict[str, Graphic]:
    """The week's maps and trend chart, each left out when it would be empty."""
    drawn: list[Graphic | None] = [
        incident_map([i for i in shown if week_start <= i.date <= week_end], week_start, week_end)
    ]
    held = holders_on(store.latest_of_each_place(builder, TERRITORY_CHANGES, week_end), week_end)
    if any(week_start <= c.date for c in held):
        camps = {c.taken_by: camp for c in held if c.taken_by and (camp := kb.camp_of(c.taken_by, week_end))}
        changed = {c.place for c in held if week_start <= c.date}
        drawn.append(control_map(held, camps, kb.camps, week_end, changed))
    drawn.append(
        trend_chart(
            chart_weeks,
            weekly_series(counted, chart_weeks),
            "Incidents a week by theatre",
            store.first_incident_date(),
        )
    )
    return {g.name: g for g in drawn if g is not None}


def _introduce_sources(sections: list[Section], kb: KnowledgeBase) -> list[Section]:
    """An outlet named in the bulletin's prose is introduced once, in the registry's words
    ("the Murasiloun website, affiliated with supporters of the Syrian regime, reported ...")."""
    introduced: set[str] = set()

    def introduce(item: Item) -> Item:
        sentences = list(item.sentences)
        for n, sentence in enumerate(sentences[1:], start=1):
            for verb in (" reported ", " claimed "):
                name = sentence.split(verb, 1)[0] if verb in sentence else None
                source = kb.find_source(name) if name else None
                if name is None or source is None or not source.affiliation_phrase:
                    continue
                if source.id not in introduced:
                    introduced.add(source.id)
                    phrase = source.affiliation_phrase
                    # An apposition inside the phrase is closed before the verb.
                    closing = "," if "," in phrase else ""
                    sentences[n] = phrase[0].upper() + phrase[1:] + closing + sentence[len(name) :]
                break
        return replace(item, sentences=tuple(sentences))

    return _each_subsection(sections, lambda _sub, members: [introduce(it) for it in members])


def _edited(main: list[Item], sections: list[Section], edits: Edits) -> tuple[list[Item], list[Section]]:
    """The analyst's suppressions, rewrites and order, applied to generated items."""

    def keep(members: list[Item]) -> list[Item]:
        out = []
        for it in members:
            edited = apply_item(it, edits)
            if edited is None:
                continue
            if edited is not it and not edited.sentences[0].rstrip(".").endswith(")"):
                # The rewrite keeps the item's citation, so it still traces to its reports.
                edited = replace(
                    edited, sentences=(cited(edited.sentences[0], it.incident.sources), *edited.sentences[1:])
                )
            out.append(edited)
        return out

    def arranged(sub: str, members: list[Item]) -> list[Item]:
        kept = keep(members)
        return ordered(kept, edits.order[sub]) if sub in edits.order else kept

    return keep(main), _each_subsection(sections, arranged)


def _name_actors(
    main: list[Item], sections: list[Section], kb: KnowledgeBase
) -> tuple[list[Item], list[Section]]:
    """Actors in the bulletin's words; the first mention introduces them (knowledge base)."""
    by_name = {a.name: a for a in kb.actors}
    seen: set[str] = set()

    def named(item: Item) -> Item:
        first = item.sentences[0]
        i = item.incident
        for actor_name in dict.fromkeys(n for n in (i.actor1, i.actor2) if n):
            actor = by_name.get(actor_name)
            if actor is None or actor_name not in first:
                continue
            shown = short_name(actor, i.date) if actor.id in seen else introduction(actor, kb, i.date)
            seen.add(actor.id)
            first = first.replace(actor_name, shown, 1)
        return replace(item, sentences=(first, *item.sentences[1:]))

    return [named(it) for it in main], _each_subsection(
        sections, lambda _sub, members: [named(it) for it in members]
    )


def _each_subsection(
    sections: list[Section], change: Callable[[str, list[Item]], list[Item]]
) -> list[Section]:
    """The sections with each subsection's items passed through ``change``; a subsection or
    section left empty is dropped."""
    out = []
    for section in sections:
        subsections = {
            sub: kept for sub, members in section.subsections.items() if (kept := change(sub, members))
        }
        if subsections:
            out.append(replace(section, subsections=subsections))
    return out


def _data_uri(graphic: Graphic) -> str:
    return "data:image/png;base64," + base64.b64encode(graphic.png).decode("ascii")


def _hours(value: float | None) -> str:
    return "—" if value is None else f"{value:.0f} h"


def _env() -> Environment:
    env = Environment(
        loader=PackageLoader("sitrep.report", "templates"),
        autoescape=select_autoescape(["html.j2"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["data_uri"] = _data_uri
    env.filters["hours"] = _hours
    return env


def render_markdown(b: Bulletin) -> str:
    """Markdown with figures as PNG files beside it (``<stem>-<figure>.png``)."""
    return _env().get_template("bulletin.md.j2").render(b=b)


def render_html(b: Bulletin) -> str:
    """Standalone HTML: figures embedded, no outside file or network address."""
    return _env().get_template("bulletin.html.j2").render(b=b)


FORMATS = ("md", "html", "pdf", "docx")


def write(b: Bulletin, out_dir: Path, formats: Iterable[str]) -> list[Path]:
    """Write the bulletin in each format into ``out_dir`` as ``bulletin-<week>.<format>``
    (Markdown's figures beside it); returns the paths written."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    html = render_html(b)
    for fmt in formats:
        if fmt not in FORMATS:
            raise ReportError(f"unknown bulletin format {fmt!r} (one of {', '.join(FORMATS)})")
        path = out_dir / f"{b.stem}.{fmt}"
        try:
            if fmt == "md":
                for graphic in b.figures.values():
                    image = out_dir / f"{b.stem}-{graphic.name}.png"
                    image.write_bytes(graphic.png)
                    written.append(image)
                path.write_text(render_markdown(b), encoding="utf-8")
            elif fmt == "html":
                path.write_text(html, encoding="utf-8")
            elif fmt == "pdf":
                # WeasyPrint loads Pango through cffi; import it only when a PDF is wanted.
                from weasyprint import HTML

                HTML(string=html, base_url=str(out_dir)).write_pdf(path)
            else:
                write_docx(b, path)
        except OSError as exc:
            raise ReportError(f"cannot write {path}: {exc}") from exc
        written.append(path)
    return written
