"""Regular expressions for long lists of words.

Python's regex engine tries the branches of ``(?:w1|w2|...)`` one after another at every
position, so a lexicon of hundreds of phrases costs hundreds of tries per word of text.
``alternation`` writes the same list as a trie: one branch per next character.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

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
