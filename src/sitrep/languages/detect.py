"""Which language a document and each of its sentences is written in, offline and cheaply.

The script settles most cases at C speed: Cyrillic is read as Russian; Arabic script as Persian
when the letters only Persian uses (پ چ ژ گ and its own kaf and yeh) outnumber those only Arabic
uses. Latin-script text is English unless its function words say otherwise; only when they
disagree is the statistical detector (py3langid, whose model ships in the package) asked.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache

ENGLISH = "en"
HANDLED = ("ar", "fa", "ru", "fr")

_ARABIC_SCRIPT = re.compile(r"[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")
_PERSIAN_ONLY = re.compile(r"[پچژگکی]")
_ARABIC_ONLY = re.compile(r"[يكةى]")
_WORDS = re.compile(r"[a-zà-ÿœ']+")
_ENGLISH_WORDS = frozenset(
    [
        "the",
        "of",
        "and",
        "to",
        "in",
        "was",
        "were",
        "is",
        "are",
        "said",
        "on",
        "at",
        "by",
        "with",
        "has",
        "have",
        "had",
        "from",
        "that",
        "which",
        "who",
    ]
)
_FRENCH_WORDS = frozenset(
    [
        "le",
        "la",
        "les",
        "des",
        "du",
        "de",
        "et",
        "à",
        "un",
        "une",
        "est",
        "été",
        "dans",
        "par",
        "pour",
        "sur",
        "au",
        "aux",
        "qui",
        "ont",
        "selon",
        "dont",
    ]
)
# Languages the statistical detector may answer; others would be noise for news text.
_CANDIDATES = ["en", "fr", "de", "es", "it", "pt", "nl", "ar", "fa", "ru"]


@cache
def _identifier() -> Callable[[str], tuple[str, float]]:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    identifier.set_languages(_CANDIDATES)
    classify: Callable[[str], tuple[str, float]] = identifier.classify
    return classify


def _latin_language(text: str) -> str:
    words = _WORDS.findall(text[:4000].lower())
    english = sum(w in _ENGLISH_WORDS for w in words)
    french = sum(w in _FRENCH_WORDS for w in words)
    if english >= 2 * french and english >= 2:
        return ENGLISH
    if french >= 2 * english and french >= 2:
        return "fr"
    return _identifier()(text[:4000])[0]


def _ascii_language(text: str) -> str:
    words = _WORDS.findall(text[:4000].lower())
    english = sum(w in _ENGLISH_WORDS for w in words)
    french = sum(w in _FRENCH_WORDS for w in words)
    return "fr" if french >= 3 and french >= 3 * max(english, 1) else ENGLISH


def _arabic_script_language(text: str) -> str:
    return "fa" if len(_PERSIAN_ONLY.findall(text)) > len(_ARABIC_ONLY.findall(text)) else "ar"


def detect(text: str) -> str:
    """The language most of ``text`` is written in (ISO 639-1)."""
    if text.isascii():
        # News in Arabic, Persian or Russian is never plain ASCII, and French seldom: only a
        # sentence without an accent that French function words carry ("Dans le nord du
        # Cameroun, sept habitants sont morts") is read as French.
        if " le " in text or " les " in text or " des " in text or " du " in text:
            return _ascii_language(text)
        return ENGLISH
    arabic = len(_ARABIC_SCRIPT.findall(text))
    cyrillic = len(_CYRILLIC.findall(text))
    latin = len(_LATIN.findall(text))
    top = max(arabic, cyrillic, latin)
    if top == 0:
        return ENGLISH
    if top == arabic:
        return _arabic_script_language(text)
    if top == cyrillic:
        return "ru"
    return _latin_language(text)


def label(languages: list[str]) -> str:
    """What the document record keeps: its main language, then any other its sentences are in
    ("en+ar"), most frequent first."""
    order = sorted(set(languages), key=lambda lang: (-languages.count(lang), lang))
    return "+".join(order) if order else ENGLISH


def mixed(text: str) -> bool:
    """Whether ``text`` holds runs of two scripts, so that its sentences need reading one by one.

    A few words of another script (an Arabic name beside its transliteration) do not count.
    """
    if text.isascii():
        return False
    counts = [len(_ARABIC_SCRIPT.findall(text)), len(_CYRILLIC.findall(text)), len(_LATIN.findall(text))]
    counts.sort(reverse=True)
    return counts[1] >= 40 and counts[1] >= counts[0] / 20


def document_language(text: str) -> str:
    """What a document record keeps as its language: its own, or for text mixing scripts each
    language its sentences are in, most frequent first ("ar+en")."""
    if not mixed(text):
        return detect(text)
    from sitrep.languages.reader import split

    return label([detect(part.text) for part in split(text)])
