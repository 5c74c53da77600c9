"""The bulletin as a Word document, for analysts whose publishing runs through Word.

The structure follows the HTML bulletin: title and dates, main events, a section for each
theatre, the figures with their captions and sources, the tables, the sources and the notes.
Word's own footnotes are not written (python-docx cannot); the notes are numbered at the end,
as the Markdown renders them.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docx import Document
from docx.shared import Cm, Pt, RGBColor

if TYPE_CHECKING:
    from sitrep.report.bulletin import Bulletin, Item
    from sitrep.report.maps import Graphic

_ACCENT = RGBColor(0x7A, 0x1F, 0x1F)


def _heading(doc: Any, text: str, level: int) -> None:
    heading = doc.add_heading(text, level=level)
    for run in heading.runs:
        run.font.color.rgb = _ACCENT


def _item(doc: Any, item: Item, first_only: bool = False) -> None:
    paragraph = doc.add_paragraph(style="List Bullet")
    update = " (update)" if item.update_of else ""
    paragraph.add_run(f"{item.headline}{update}.").bold = True
    if item.footnote:
        paragraph.add_run(str(item.footnote)).font.superscript = True
    paragraph.add_run(" " + (item.sentences[0] if first_only else " ".join(item.sentences)))


def _figure(doc: Any, graphic: Graphic | None) -> None:
    if graphic is None:
        return
    doc.add_picture(io.BytesIO(graphic.png), width=Cm(16))
    caption = doc.add_paragraph()
    caption.add_run(graphic.caption + " ").italic = True
    caption.add_run(f"({graphic.source})").font.size = Pt(8)


def _table(doc: Any, header: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
    table = doc.add_table(rows=1, cols=len(header))
    table.style = "Light Grid Accent 1"
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = text
    for row in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, row, strict=True):
            cell.text = text


def write_docx(b: Bulletin, path: Path) -> None:
    doc = Document()
    doc.styles["Normal"].font.name = "DejaVu Serif"
    doc.styles["Normal"].font.size = Pt(10.5)
    title = doc.add_heading("Sitrep weekly bulletin", level=0)
    for run in title.runs:
        run.font.color.rgb = _ACCENT
    doc.add_paragraph(b.date_range).runs[0].bold = True

    _heading(doc, "Main events of the week", 1)
    if not b.main_events:
        doc.add_paragraph("No incidents were recorded in the reports for this week.")
    for item in b.main_events:
        _item(doc, item, first_only=True)
    for paragraph in b.commentary:
        doc.add_paragraph(paragraph)
    _figure(doc, b.figures.get("map-incidents"))
    _figure(doc, b.figures.get("chart-trends"))

    for section in b.sections:
        _heading(doc, section.title, 1)
        if section.trend:
            doc.add_paragraph().add_run(section.trend).italic = True
        for paragraph in section.commentary:
            doc.add_paragraph(paragraph)
        for sub, items in section.subsections.items():
            _heading(doc, sub, 2)
            for item in items:
                _item(doc, item)

    if b.control_changes:
        _heading(doc, "Territorial control: changes this week", 1)
        _figure(doc, b.figures.get("map-control"))
        _table(
            doc,
            ("Date", "Place", "Taken by", "Source"),
            [
                (
                    it.incident.date.isoformat(),
                    it.incident.location,
                    it.incident.actor1 or "unidentified forces",
                    ", ".join(dict.fromkeys(c.name for c in it.incident.sources)),
                )
                for it in b.control_changes
            ],
        )
    if b.outside:
        _heading(doc, "Involvement of outside powers", 1)
        for power, sentence in b.outside:
            bullet = doc.add_paragraph(style="List Bullet")
            bullet.add_run(f"{power}.").bold = True
            bullet.add_run(" " + sentence)
    if b.claims or b.propaganda:
        _heading(doc, "The battle for hearts and minds", 1)
    if b.claims:
        _heading(doc, "Claims of responsibility", 2)
        _table(
            doc,
            ("Date", "Place", "Group", "Channel", "Delay", "Against the group's habit"),
            [
                (
                    r.incident.date.isoformat(),
                    r.incident.location,
                    r.group or "—",
                    (r.incident.claim.channel if r.incident.claim else None) or "—",
                    "—"
                    if r.incident.claim is None or r.incident.claim.latency_hours is None
                    else f"{r.incident.claim.latency_hours:.0f} h",
                    r.habit_words,
                )
                for r in b.claims
            ],
        )
    if b.propaganda:
        _heading(doc, "Propaganda and reality", 2)
        _table(
            doc,
            ("Group", "Period", "The group claims", "Independent reports in the store", "Source"),
            [
                (
                    c.claim.group,
                    f"{c.claim.start.isoformat()} to {c.claim.end.isoformat()}",
                    ", ".join(f"{v:,} {k}" for k, v in c.claim.figures.items()),
                    f"{c.incidents} incidents, {c.suicide_attacks} suicide attacks, "
                    f"{c.killed + c.wounded} casualties" + (f" ({'; '.join(c.notes)})" if c.notes else ""),
                    f"{c.claim.source or '—'}, {c.claim.published.isoformat() if c.claim.published else '—'}",
                )
                for c in b.propaganda
            ],
        )
    if b.sources:
        _heading(doc, "Sources cited", 1)
        _table(
            doc,
            ("Outlet", "Affiliation", "Reliability"),
            [(name, affiliation or "—", grade or "not graded") for name, affiliation, grade in b.sources],
        )
    if b.footnotes:
        _heading(doc, "Notes", 1)
        for n, note in enumerate(b.footnotes, start=1):
            doc.add_paragraph(f"{n}. {note.text}")
    doc.save(str(path))
