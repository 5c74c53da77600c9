"""The faster forms of the extraction's patterns and loops find exactly what the plain forms find."""

from __future__ import annotations

import random
import re

import pytest

from sitrep.extract.casualties import _overlapping
from sitrep.extract.numbers import tokenize
from sitrep.extract.patterns import CaseBlind, alternation
from sitrep.extract.text import _word_closed
from sitrep.kb.normalize import _fold_ascii


def _texts(alphabet: str, count: int, longest: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, longest))) for _ in range(count)]


@pytest.mark.parametrize("flags", [0, re.IGNORECASE])
@pytest.mark.parametrize("tail", [r"(?![\w])", r"\b", r"\s+b", r"c?\b", ""])
def test_alternation_matches_the_longest_first_list(flags: int, tail: str) -> None:
    rng = random.Random(7)
    for _ in range(300):
        words = list(
            {"".join(rng.choice("abc d") for _ in range(rng.randint(1, 5))).strip() or "a" for _ in range(6)}
        )
        longest_first = sorted(words, key=len, reverse=True)
        plain = re.compile(r"(?<![\w])(?:" + "|".join(map(re.escape, longest_first)) + ")" + tail, flags)
        trie = re.compile(r"(?<![\w])" + alternation(words) + tail, flags)
        for text in _texts("abcdAB _.-", 10, 25, len(words)):
            assert [m.span() for m in trie.finditer(text)] == [m.span() for m in plain.finditer(text)]


@pytest.mark.parametrize(
    "source",
    [
        r"\b(?:killed|wounded|dead)\b",
        r"near|outside|km",
        r"\b(?P<month>may|march)\.?\s+(?P<day>\d{1,2})\b",
        r"\b(?:at|around)\s+(?:(?P<military>[012]\d[0-5]\d)\b|(?P<hour>1[0-2]|0?\d)\s*(?P<half>[ap])\.?m)",
    ],
)
def test_case_blind_finds_what_ignorecase_finds(source: str) -> None:
    blind = CaseBlind(source)
    plain = re.compile(source, re.IGNORECASE)
    words = ["killed", "KILLED", "Dead", "near", "Near", "KM", "outside", "May", "MAY", "march"]
    words += ["3", "12", "at", "AROUND", "0630", "6", "pm", "P.M.", "ſ", "K", "x"]
    rng = random.Random(3)
    for _ in range(2000):
        text = " ".join(rng.choice(words) for _ in range(rng.randint(1, 6)))
        assert [(m.span(), [g and g.lower() for g in m.groups()]) for m in blind.finditer(text)] == [
            (m.span(), [g and g.lower() for g in m.groups()]) for m in plain.finditer(text)
        ]
        found, expected = blind.search(text), plain.search(text)
        assert (found and found.span()) == (expected and expected.span())


def test_case_blind_leaves_capitals_to_the_case_blind_pattern() -> None:
    # Lower-cased text would never hold "[A-Z]": such a pattern is searched as it is.
    blind = CaseBlind(r"\b[A-Z]\w+")
    assert blind.search("in Mosul") is not None


def test_fold_ascii_drops_what_a_character_walk_drops() -> None:
    for text in _texts("ab S'`-. \n\t,x", 5000, 14, 1):
        folded, offsets = _fold_ascii(text)
        # The walk fold describes: apostrophes vanish, separators and space runs become one
        # space, leading space goes, and each kept character keeps its original offset.
        expected_chars: list[str] = []
        expected_offsets: list[int] = []
        same = re.sub(r"['`](?=[sS](?![A-Za-z0-9]))", " ", text)
        for i, ch in enumerate(same):
            out = "" if ch in "'`" else " " if ch in "-., \n\t" else ch.lower()
            if not out or (out == " " and (not expected_chars or expected_chars[-1] == " ")):
                continue
            expected_chars.append(out)
            expected_offsets.append(i)
        assert (folded, offsets) == ("".join(expected_chars), expected_offsets)


def test_word_closed_reads_back_as_the_forward_search_does() -> None:
    for text in _texts("ab.Z_1 é,!?\n٣-", 5000, 12, 2):
        for stop in range(1, len(text) + 1):
            if text[stop - 1] not in ".!?":
                continue
            for start in range(stop):
                forward = re.search(r"([\w.]+)\.$", text[start:stop])
                assert _word_closed(text, start, stop) == (forward.group(1) if forward else None)


def test_overlapping_tokens_by_bisection() -> None:
    rng = random.Random(5)
    for text in _texts("ab 12,.-", 500, 30, 4):
        tokens = tokenize(text)
        for _ in range(5):
            spans = [
                (s, s + rng.randint(0, 6)) for s in rng.sample(range(len(text) + 1), min(2, len(text) + 1))
            ]
            expected = {i for i, t in enumerate(tokens) if any(t.start < e and t.end > s for s, e in spans)}
            assert _overlapping(tokens, spans) == expected
