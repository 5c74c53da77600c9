"""A translation engine behind one small interface, for teams that run one; off by default.

Sitrep reads Arabic, Persian, Russian and French itself and writes its bulletin sentences from
the coded fields, so nothing depends on translation. A team with a machine-translation service
of its own can name it in the ``translator`` setting as ``package.module:factory``; the factory
is called with no arguments and returns an object with ``translate``. The workspace then shows
its output beside each non-English quote, marked as machine translation; the quote itself is
never replaced.
"""

from __future__ import annotations

import importlib
from typing import Protocol, runtime_checkable

from sitrep.errors import ConfigError


@runtime_checkable
class Translator(Protocol):
    name: str

    def translate(self, text: str, source: str, target: str = "en") -> str:
        """``text`` in language ``source`` (ISO 639-1) rendered in ``target``."""
        ...


def load_translator(spec: str) -> Translator | None:
    """The translator the setting names, or None when it names none."""
    if not spec.strip():
        return None
    module_name, _, attribute = spec.strip().partition(":")
    if not module_name or not attribute:
        raise ConfigError(f"translator {spec!r}: expected package.module:factory")
    try:
        factory = getattr(importlib.import_module(module_name), attribute)
    except (ImportError, AttributeError) as exc:
        raise ConfigError(f"translator {spec!r}: cannot load it: {exc}") from exc
    try:
        translator = factory()
    except TypeError as exc:
        raise ConfigError(f"translator {spec!r}: the factory must take no arguments: {exc}") from exc
    if not isinstance(translator, Translator):
        raise ConfigError(f"translator {spec!r}: the object has no name and translate(text, source)")
    return translator
