"""Quantities in Arabic, Persian, Russian and French: digits of any script, number words joined
as the language joins them ("خمسة وعشرين", "بیست و پنج", "двадцать пять"), vague quantities
(عشرات = tens = 10, following ACLED) and the qualifier before or after ("أكثر من", "على الأقل")."""

from __future__ import annotations

from dataclasses import dataclass

from sitrep.languages.lexicon import LanguageLexicon
from sitrep.languages.words import Token


@dataclass(frozen=True)
class Quantity:
    value: int
    qualifier: str
    first: int
    last: int


def _number_run(tokens: list[Token], i: int, lexicon: LanguageLexicon) -> tuple[int, int] | None:
    """(value, last index) of the number words starting at ``i``: "two hundred" style
    multiplication by hundreds and thousands, addition otherwise."""
    total, current, last, j = 0, 0, -1, i
    while j < len(tokens):
        found = lexicon.number_table.at(tokens, j)
        if found is None:
            # "وعشرين": the joiner written onto the next number word.
            if j > i and tokens[j].norm in lexicon.joiners:
                j += 1
                continue
            break
        if j > i and j - last > 2:
            break
        value = found.value
        if value in (100, 1000) and current:
            current *= value
            if value == 1000:
                total, current = total + current, 0
        else:
            current += value
        last, j = found.last, found.last + 1
    if last < 0:
        return None
    return total + current, last


def find_quantities(tokens: list[Token], lexicon: LanguageLexicon, masked: set[int]) -> list[Quantity]:
    out: list[Quantity] = []
    i = 0
    while i < len(tokens):
        if i in masked:
            i += 1
            continue
        qualifier, first = "exact", i
        qual = lexicon.qualifier_table.at(tokens, i)
        if qual is not None and qual.last + 1 < len(tokens):
            qualifier, i = qual.value, qual.last + 1
        token = tokens[i]
        parsed: tuple[int, int] | None = None
        if token.norm.isdigit() and i not in masked:
            parsed = int(token.norm), i
        elif i not in masked:
            vague = lexicon.vague_table.at(tokens, i)
            run = _number_run(tokens, i, lexicon)
            if vague is not None and (run is None or vague.last > run[1]):
                parsed = vague.value, vague.last
                if qualifier == "exact":
                    qualifier = vague.phrase
            else:
                parsed = run
        if parsed is None:
            i = first + 1
            continue
        value, last = parsed
        after = lexicon.qualifier_after_table
        for k in range(last + 1, min(last + 4, len(tokens))):
            found = after.at(tokens, k)
            if found is not None:
                qualifier = found.value
                break
        if (
            last == i
            and tokens[i].norm in lexicon.weak_numbers
            and not _counts_people(tokens, last + 1, lexicon)
        ):
            # "Un kamikaze", "یک خودرو": an article, unless a person or casualty word follows.
            i = first + 1
            continue
        if last + 1 < len(tokens) and lexicon.measure_table.at(tokens, last + 1) is not None:
            # "70 km south of Palmyra", "a 23 mm gun": a measure, not a head count.
            i = last + 1
            continue
        out.append(Quantity(value, qualifier, first, last))
        i = last + 1
    return out


def _counts_people(tokens: list[Token], k: int, lexicon: LanguageLexicon) -> bool:
    """Whether the word at ``k`` is one a head count goes with: a person or a casualty word."""
    if k >= len(tokens):
        return False
    return tokens[k].norm in lexicon.person_nouns or lexicon.casualty_table.at(tokens, k) is not None
