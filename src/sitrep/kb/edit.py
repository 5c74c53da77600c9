"""Editing the knowledge files from the command line, keeping their comments and layout.

Edits are made on the YAML text (a new entry appended, an alias inserted in its list), then
the whole knowledge base is loaded and checked; an edit that breaks it is undone.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from sitrep.errors import KnowledgeError
from sitrep.kb.check import check_kb
from sitrep.kb.normalize import fold_name
from sitrep.kb.registry import KnowledgeBase, load_kb

ACTOR_TYPES = (
    "jihadist group",
    "rebel group",
    "state force",
    "militia",
    "foreign state force",
    "coalition",
    "political party",
    "person",
    "civilians",
)


def _quote(value: str) -> str:
    # JSON strings are valid YAML scalars and escape whatever a name holds.
    return json.dumps(value, ensure_ascii=False)


def _write_checked(path: Path, text: str, data_dir: Path) -> KnowledgeBase:
    before = path.read_text(encoding="utf-8")
    path.write_text(text, encoding="utf-8")
    try:
        kb = load_kb(data_dir)
        problems = check_kb(kb)
        if problems:
            raise KnowledgeError("; ".join(str(p) for p in problems[:3]))
    except KnowledgeError:
        path.write_text(before, encoding="utf-8")
        raise
    return kb


def find_actor(kb: KnowledgeBase, name: str) -> str | None:
    """The id of the actor that ``name`` (its id, name or any alias) stands for."""
    if name in kb.actor_by_id:
        return name
    key = fold_name(name)
    for actor in kb.actors:
        if any(fold_name(n) == key for n in actor.names()):
            return actor.id
    return None


def add_actor(
    data_dir: Path,
    actor_id: str,
    name: str,
    actor_type: str,
    *,
    country: str | None = None,
    aliases: tuple[str, ...] = (),
    description: str | None = None,
) -> KnowledgeBase:
    """Append an actor to actors.yaml and return the reloaded knowledge base."""
    if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", actor_id):
        raise KnowledgeError(f"actor id {actor_id!r}: use lower-case letters, digits and hyphens")
    if actor_type not in ACTOR_TYPES:
        raise KnowledgeError(f"actor type {actor_type!r}: one of {', '.join(ACTOR_TYPES)}")
    kb = load_kb(data_dir)
    if actor_id in kb.actor_by_id:
        raise KnowledgeError(f"actor {actor_id!r} exists already")
    lines = [
        "",
        f"  - id: {actor_id}",
        f"    name: {_quote(name)}",
        f"    type: {actor_type}",
        f"    country: {country or 'null'}",
    ]
    if aliases:
        lines.append(f"    aliases: [{', '.join(_quote(a) for a in aliases)}]")
    if description:
        lines.append(f"    description: {_quote(description)}")
    path = data_dir / "actors.yaml"
    text = path.read_text(encoding="utf-8").rstrip("\n") + "\n" + "\n".join(lines) + "\n"
    return _write_checked(path, text, data_dir)


def add_alias(data_dir: Path, actor: str, alias: str) -> KnowledgeBase:
    """Add ``alias`` to the actor named ``actor`` in actors.yaml."""
    kb = load_kb(data_dir)
    actor_id = find_actor(kb, actor)
    if actor_id is None:
        raise KnowledgeError(f"no actor is named {actor!r}")
    owner = find_actor(kb, alias)
    if owner is not None:
        raise KnowledgeError(f"{alias!r} already names {owner}")
    path = data_dir / "actors.yaml"
    text = path.read_text(encoding="utf-8")
    start = re.search(rf"^  - id: {re.escape(actor_id)}\s*$", text, re.M)
    if start is None:
        raise KnowledgeError(f"actor {actor_id!r} is not in {path.name} (it is generated)")
    end_match = re.search(r"^  - id: ", text[start.end() :], re.M)
    end = start.end() + end_match.start() if end_match else len(text)
    block = text[start.start() : end]
    flow = re.search(r"^    aliases: \[(.*)\](.*)$", block, re.M)
    listed = re.search(r"^    aliases:\s*$", block, re.M)
    if flow is not None:
        inner = flow.group(1).rstrip()
        joined = f"{inner}, {_quote(alias)}" if inner else _quote(alias)
        block = block[: flow.start()] + f"    aliases: [{joined}]{flow.group(2)}" + block[flow.end() :]
    elif listed is not None:
        block = block[: listed.end()] + f"\n      - {_quote(alias)}" + block[listed.end() :]
    else:
        name_line = re.search(r"^    name: .*$", block, re.M)
        if name_line is None:
            raise KnowledgeError(f"actor {actor_id!r} has no name line")
        block = block[: name_line.end()] + f"\n    aliases: [{_quote(alias)}]" + block[name_line.end() :]
    return _write_checked(path, text[: start.start()] + block + text[end:], data_dir)
