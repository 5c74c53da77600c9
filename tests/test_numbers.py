from hypothesis import given
from hypothesis import strategies as st

from sitrep.extract.numbers import find_quantities, tokenize, words_to_int
from sitrep.kb.registry import KnowledgeBase

ONES = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
]
TENS = ["_", "_", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]


def spell(n: int) -> str:
    """English words for 1..999 (the way reports write them)."""
    parts = []
    if n >= 100:
        parts.append(f"{ONES[n // 100]} hundred")
        n %= 100
        if n:
            parts.append("and")
    if n >= 20:
        parts.append(TENS[n // 10] + (f"-{ONES[n % 10]}" if n % 10 else ""))
    elif n:
        parts.append(ONES[n])
    return " ".join(parts)


def quantities(text: str, kb: KnowledgeBase) -> list[tuple[int, str]]:
    return [(q.value, q.qualifier) for q in find_quantities(tokenize(text), kb.lexicon, set())]


def test_words(kb: KnowledgeBase) -> None:
    assert words_to_int(["sixteen"], kb.lexicon) == 16
    assert words_to_int(["two", "hundred", "and", "five"], kb.lexicon) == 205
    assert words_to_int(["soldiers"], kb.lexicon) is None


def test_digits_and_qualifiers(kb: KnowledgeBase) -> None:
    assert quantities("ISIS attacks allegedly caused 11,182 casualties", kb) == [(11182, "exact")]
    assert quantities("more than 100 people had been killed", kb) == [(100, "more than")]
    assert quantities("at least 20 Syrian army soldiers", kb) == [(20, "at least")]


def test_vague_quantities_follow_acled(kb: KnowledgeBase) -> None:
    assert quantities("killing dozens of operatives", kb) == [(12, "dozens")]
    assert quantities("hundreds of families fled", kb) == [(100, "hundreds")]


@given(st.integers(min_value=1, max_value=999))
def test_spelled_numbers_read_back(kb: KnowledgeBase, n: int) -> None:
    assert quantities(f"killing {spell(n)} people", kb) == [(n, "exact")]


@given(st.integers(min_value=1, max_value=10_000_000))
def test_digit_groups_read_back(kb: KnowledgeBase, n: int) -> None:
    assert quantities(f"about {n:,} people", kb) == [(n, "about")]
