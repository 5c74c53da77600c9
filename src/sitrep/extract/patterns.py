"""Regular expressions for long lists of words, written for the speed of Python's engine.

The engine tries the branches of ``(?:w1|w2|...)`` one after another at every position, so a
lexicon of hundreds of phrases costs hundreds of tries per word of text: ``alternation``
writes the same list as a trie, one branch per next character. Case-blind patterns are slow
in their own way; ``CaseBlind`` searches ASCII text lower-cased instead.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import cache

_Trie = dict[str, "_Trie"]
# Marks a node where a word ends (no character is the empty string).
_END = ""


def alternation(words: Iterable[str]) -> str:
    """A non-capturing group matching what ``(?:w1|w2|...)`` matches with the words sorted
    longest first: where several words match, the longest is tried first, then shorter ones
    as the rest of the pattern fails. For words that differ other than in letter case."""
    trie: _Trie = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[_END] = {}
    return _group(trie)


def _group(node: _Trie) -> str:
    branches = [re.escape(ch) + _group(child) for ch, child in node.items() if ch != _END]
    if not branches:
        return ""
    # The end of a word, if here, is the last branch: longer words are tried before it.
    if _END in node:
        branches.append("")
    elif len(branches) == 1:
        return branches[0]
    return "(?:" + "|".join(branches) + ")"


# Group names and references, whose capitals match no text.
_GROUP_NAMES = re.compile(r"\(\?P(?:<\w+>|=\w+\))")


class CaseBlind:
    """A case-blind pattern whose searches are several times faster in ASCII text.

    The engine compares case-blind character by character and cannot skip ahead to a likely
    start; ASCII text is lower-cased instead and searched with the pattern compiled
    case-sensitively, which finds the same spans as long as the pattern names no capital
    letter. A match found that way holds the lower-cased text: read its spans, or its groups
    lower-cased.
    """

    def __init__(self, source: str) -> None:
        self.pattern = re.compile(source, re.IGNORECASE)
        bare = _GROUP_NAMES.sub("", source)
        self._twin = re.compile(source) if bare == bare.lower() else None

    def search(self, text: str) -> re.Match[str] | None:
        if self._twin is not None and text.isascii():
            return self._twin.search(text.lower())
        return self.pattern.search(text)

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        if self._twin is not None and text.isascii():
            return self._twin.finditer(text.lower())
        return self.pattern.finditer(text)


@cache
def case_blind(source: str) -> CaseBlind:
    """``CaseBlind(source)``, built once for each pattern a knowledge base supplies."""
    return CaseBlind(source)
