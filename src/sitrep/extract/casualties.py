"""Killed and wounded figures, each with its qualifier, the group it counts and which side that is.

Three shapes cover most report prose:
  quantity-first   "at least 20 soldiers and 11 fighters had been killed", "five wounded"
  verb-first       "killing 16 people", "killed 21 officers", "injuring 24"
  toll             "the death toll rose to 15"
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from sitrep.extract.numbers import Quantity, Token, find_quantities, tokenize
from sitrep.extract.patterns import case_blind
from sitrep.kb.normalize import fold_name
from sitrep.kb.registry import Lexicon
from sitrep.model import Figure, Side

_AUX = frozenset(
    ["were", "was", "had", "have", "has", "been", "being", "are", "is", "reportedly", "also", "all", "later"]
)
_GROUP_STOP = frozenset(
    [
        ".",
        ",",
        ";",
        ":",
        "(",
        ")",
        "in",
        "at",
        "on",
        "near",
        "during",
        "when",
        "after",
        "while",
        "by",
        "with",
        "as",
    ]
)
_MAX_GROUP = 10
# A count inside the counted group that is part of it, not more of it.
_PART_OF = frozenset(["including", "among"])
_ASIDE = frozenset(["including", "among", "mostly", "most", "many", "some", "all", "mainly", "mainly"])
_SINGULAR = frozenset(["a", "an", "the", "his", "her", "their", "its"])
# "Two traffic policemen were among those killed": a part of a toll, not a toll.
_GROUP_BREAK = frozenset(
    ["then", "who", "which", "that", "to", "after", "before", "because", "since", "while", "among"]
)
# Past participles that describe a group rather than end it ("armed men", "suspected militants").
_ADJECTIVE_ED = frozenset(
    [
        "armed",
        "unarmed",
        "unidentified",
        "unnamed",
        "suspected",
        "displaced",
        "masked",
        "hooded",
        "trained",
        "retired",
        "detained",
        "kidnapped",
        "abducted",
    ]
)


def _breaks_group(word: str) -> bool:
    w = word.lower()
    return w in _GROUP_BREAK or (w.endswith("ed") and w not in _ADJECTIVE_ED and w not in _AUX)


@dataclass(frozen=True)
class Figures:
    killed: tuple[Figure, ...]
    wounded: tuple[Figure, ...]


def _role(tokens: list[Token], i: int, lexicon: Lexicon) -> tuple[str, int] | None:
    """Whether a casualty phrase starts at token ``i``: (its role, its last index)."""
    for parts, role in lexicon.casualty_phrases.get(tokens[i].lower, ()):
        if all(i + k < len(tokens) and tokens[i + k].lower == w for k, w in enumerate(parts)):
            return role, i + len(parts) - 1
    return None


def _merge_alternatives(tokens: list[Token], roles: dict[int, tuple[str, int]]) -> None:
    """ "killing or wounding more than 30" counts casualties, neither killed nor wounded alone."""
    ends = {end: start for start, (_, end) in roles.items()}
    for start, (_, end) in list(roles.items()):
        before = ends.get(start - 2)
        if start >= 2 and tokens[start - 1].lower in {"or", "and/or"} and before is not None:
            roles[start] = ("casualties", end)
            roles[before] = ("casualties", roles[before][1])
        after = end + 2
        if after in roles and tokens[end + 1].lower in {"or", "and/or"}:
            roles[start] = ("casualties", end)
            roles[after] = ("casualties", roles[after][1])


def _and_chain(
    tokens: list[Token], q: Quantity, by_first: dict[int, Quantity], roles: dict[int, tuple[str, int]]
) -> list[Quantity]:
    """Quantities joined to ``q`` by "and" before any punctuation or other verb."""
    out = []
    j = q.last + 1
    while j < len(tokens) and j - q.last <= _MAX_GROUP:
        tok = tokens[j].lower
        if tok in {".", ";", ":", ",", "(", ")"} or j in roles or _breaks_group(tokens[j].text):
            break
        if tok == "and" and j + 1 in by_first:
            q = by_first[j + 1]
            out.append(q)
            j = q.last + 1
            continue
        if tok == "and" and j + 1 < len(tokens) and tokens[j + 1].lower in _SINGULAR:
            # "killing two policemen and their driver"
            out.append(Quantity(1, "exact", j + 1, j + 1))
            j += 2
            continue
        j += 1
    return out


def _singular_chain(tokens: list[Token], j: int, roles: dict[int, tuple[str, int]]) -> int:
    """How many more "and a ..." objects follow a singular object starting at ``j``."""
    more = 0
    while j < len(tokens) and j not in roles:
        tok = tokens[j].lower
        if tok in {".", ";", ":", "(", ")"} or _breaks_group(tokens[j].text):
            break
        if tok == "and" and j + 1 < len(tokens) and tokens[j + 1].lower in _SINGULAR:
            more += 1
        j += 1
    return more


def _singular_before(tokens: list[Token], first: int) -> bool:
    """Whether "the <noun> and" (two to four words, opening the clause) comes before ``first``."""
    if first < 3 or tokens[first - 1].lower != "and":
        return False
    for k in range(first - 2, max(-1, first - 6), -1):
        word = tokens[k].lower
        if word in {",", ".", ";", ":", "and"} or word.isdigit():
            return False
        if word in _SINGULAR and k < first - 2:
            opens = k == 0 or tokens[k - 1].lower in {",", ".", ";", ":", "(", "when", "as"}
            return opens and tokens[first - 2].text[:1].islower()
    return False


_NOT_NAMES = frozenset(
    {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "i", "at", "in", "on"}
)
_AFTER_NAME = frozenset({",", ".", ";", "and", "along", "in", "on", "at", "who", "while", "as", "near"})


def _named_person(tokens: list[Token], first: int) -> bool:
    """Whether a person's name opens at ``first``: one to four capitalised words, then a comma,
    a full stop or a linking word ("Hashim Faris, a cameraperson"), not a noun they qualify
    ("Iraqi soldiers", "ISIS members")."""
    last = first
    while last < len(tokens) and last - first < 4 and tokens[last].text[:1].isupper():
        if tokens[last].lower in _NOT_NAMES:
            return False
        last += 1
    return last > first and (last == len(tokens) or tokens[last].lower in _AFTER_NAME)


def _negated(tokens: list[Token], start: int) -> bool:
    """ "No one was wounded", "none of them was hurt"."""
    window = [t.lower for t in tokens[max(0, start - 6) : start]]
    return any(w in {"no", "nobody", "none", "neither", "not"} for w in window)


def _SELF_KILLED(tokens: list[Token]) -> bool:
    words = " ".join(t.lower for t in tokens)
    return any(
        phrase in words
        for phrase in (
            "killing himself",
            "killing herself",
            "killed himself",
            "killed herself",
            "blew himself up",
            "blew herself up",
            "in addition to the bomber",
            "in addition the bomber",
            "in addition the assailant",
            "in addition to the assailant ,",
            "in addition to the attacker",
            "in addition to the suicide bomber",
            "in addition to the perpetrator",
        )
    )


ATTACKER = Figure(1, "exact", "the attacker", "perpetrator", "the attacker")


def _side(group: str, lexicon: Lexicon) -> Side:
    folded = f" {fold_name(group)} "
    # "armed men": the attackers, though "men" alone are civilians.
    if any(" " in noun and f" {noun} " in folded for noun in lexicon.attacker_nouns):
        return "perpetrator"
    if any(f" {noun} " in folded for noun in lexicon.civilian_nouns):
        return "victim"
    if any(f" {noun} " in folded for noun in lexicon.attacker_nouns):
        return "perpetrator"
    return "unknown"


def _group_after(tokens: list[Token], start: int) -> str | None:
    words = []
    for tok in tokens[start : start + _MAX_GROUP]:
        if tok.lower in _GROUP_STOP or tok.lower == "and":
            break
        words.append(tok.text)
    return " ".join(words) or None


def _overlapping(tokens: list[Token], spans: list[tuple[int, int]]) -> set[int]:
    """Indices of the tokens that overlap any of ``spans``."""
    if not spans:
        return set()
    # Tokens follow one another without overlap, so their starts and ends both ascend.
    starts = [t.start for t in tokens]
    ends = [t.end for t in tokens]
    out: set[int] = set()
    for start, end in spans:
        out.update(range(bisect_right(ends, start), bisect_left(starts, end)))
    return out


# Words after which a second number describes the first one's group: "five people in 3 cars".
_DESCRIBES = frozenset({"of", "the", "in", "on", "at", "from", "with", "aboard", "inside", "near", "by"})


def find_figures(text: str, lexicon: Lexicon, masked_spans: list[tuple[int, int]] = ()) -> Figures:  # type: ignore[assignment]
    """Killed and wounded figures in one sentence; ``masked_spans`` hide dates and citations."""
    if not case_blind(lexicon.casualty_pattern.pattern).search(text):
        return Figures((), ())
    tokens = tokenize(text)
    masked = _overlapping(tokens, masked_spans)
    roles: dict[int, tuple[str, int]] = {}
    openers = lexicon.casualty_phrases
    for i, token in enumerate(tokens):
        if token.lower in openers and i not in masked:
            found = _role(tokens, i, lexicon)
            if found:
                roles[i] = found
    # Every phrase of the attacker's own death holds one of these words; most sentences none.
    lowered = text.lower()
    self_killed = ("self" in lowered or "addition" in lowered) and _SELF_KILLED(tokens)
    if not roles:
        # With no casualty phrase, no figure but the attacker's own death is told.
        return Figures((ATTACKER,) if self_killed else (), ())
    # "No one was wounded": a negated count is no count.
    quantities = [
        q
        for q in find_quantities(tokens, lexicon, masked)
        if not (q.first > 0 and tokens[q.first - 1].lower == "no")
        # "an 11 millimeter pistol", "a 7-year-old girl": a measure, not a head count.
        and not (
            q.last + 1 < len(tokens)
            and (tokens[q.last + 1].lower in lexicon.measure_words or tokens[q.last + 1].lower == "-")
        )
    ]
    _merge_alternatives(tokens, roles)
    killed: list[Figure] = []
    wounded: list[Figure] = []
    used: set[int] = set()
    by_first = {q.first: q for q in quantities}

    def emit(q: Quantity, role: str, group: str | None) -> None:
        if id(q) in used or role == "casualties":
            return
        if q.last + 1 < len(tokens) and tokens[q.last + 1].lower == "more":
            return
        used.add(id(q))
        phrase = text[tokens[q.first].start : tokens[q.last].end]
        figure = Figure(q.value, q.qualifier, group, _side(group or "", lexicon), phrase)
        (killed if role == "killed" else wounded).append(figure)

    last_group: str | None = None
    role_ends = {end: role for role, end in roles.values()}
    counted_roles: set[int] = set()
    for q in quantities:
        # Verb first: "killing 16 people", "killed a tea seller and a civilian".
        verb = q.first - 1
        if verb >= 1 and tokens[verb].lower in {"the", "all", "some"} and verb - 1 in role_ends:
            verb -= 1  # "killing the two men"
        if verb in role_ends:
            role = role_ends[verb]
            counted_roles.add(verb)
            group = _group_after(tokens, q.last + 1)
            emit(q, role, group)
            last_group = group or last_group
            for later in _and_chain(tokens, q, by_first, roles):
                emit(later, role, _group_after(tokens, later.last + 1))
            continue
        # Quantity first: walk right over the counted group (and chained "and 11 fighters")
        # to a casualty word.
        j, group_words, chain = q.last + 1, [], [q]
        while j < len(tokens) and j - q.last <= _MAX_GROUP + 6:
            if j in roles:
                break
            tok = tokens[j]
            if tok.lower == "(":
                while j < len(tokens) and tokens[j].lower != ")":
                    j += 1
                j += 1
                continue
            if tok.lower == "," and j + 1 < len(tokens) and tokens[j + 1].lower in _ASIDE:
                # "At least 10 people, including soldiers and civilians, have been killed".
                k = j + 1
                while k < len(tokens) and tokens[k].lower not in {",", ".", ";"}:
                    k += 1
                j = k + 1
                continue
            if tok.lower in _PART_OF and (
                j + 1 in by_first or (j + 1 < len(tokens) and tokens[j + 1].lower in _SINGULAR)
            ):
                # "Ten Egyptian soldiers including one colonel were killed": the colonel is one
                # of the ten, not an eleventh.
                k = j + 1
                while k < len(tokens) and k not in roles and tokens[k].lower not in {",", ".", ";"}:
                    if k in by_first:
                        used.add(id(by_first[k]))
                    k += 1
                j = k
                continue
            if tok.lower == "," and j + 1 not in by_first:
                # "al-Ansari, 17, from Beit Jinn": a comma ends the counted group.
                j = len(tokens)
                break
            if tok.lower in {".", ";", ":"} or _breaks_group(tok.text):
                j = len(tokens)
                break
            if j in by_first and tokens[j - 1].lower in {"and", ","}:
                chain.append(by_first[j])
                j = by_first[j].last + 1
                continue
            if j in by_first and tokens[j - 1].lower not in _DESCRIBES:
                # "the two incidents show 15 fallen soldiers": the nearer number is the toll;
                # "five people in 3 cars were killed": a number after a preposition describes.
                j = len(tokens)
                break
            if tok.lower not in _AUX:
                group_words.append((j, tok.text))
            j += 1
        if (
            j < len(tokens)
            and j in roles
            and (
                roles[j][1] + 1 in by_first
                or (roles[j][1] + 1 < len(tokens) and tokens[roles[j][1] + 1].lower in _SINGULAR)
            )
        ):
            # "one of its explosive devices killed two", "two gunmen ... killed a worker": the
            # words after the verb are the toll.
            continue
        if j < len(tokens) and j in roles:
            role = roles[j][0]
            counted_roles.add(roles[j][1])
            for part in chain:
                nxt = [
                    w
                    for k, w in group_words
                    if k > part.last and not any(c.first <= k <= c.last for c in chain if c is not part)
                ]
                group = " ".join(w for w in nxt if w not in {"and", ","}).strip() or None
                if len(chain) > 1:
                    later_starts = [c.first for c in chain if c.first > part.last]
                    stop = min(later_starts) if later_starts else j
                    group = (
                        " ".join(w for k, w in group_words if part.last < k < stop and w not in {"and", ","})
                        or None
                    )
                group = group or last_group
                emit(part, role, group)
                last_group = group or last_group
            if _singular_before(tokens, q.first):
                # "The owner and two employees were killed": one more before the number.
                (killed if role == "killed" else wounded).append(Figure(1, "exact", None, "unknown", ""))
            # "Four civilians and a policeman died": one more after the counted group.
            last = chain[-1].last
            for k in range(last + 1, j - 1):
                if tokens[k].lower in {",", "(", ";"}:
                    break  # "15 people, including 14 laborers and a police officer, were killed"
                if tokens[k].lower == "and" and tokens[k + 1].lower in _SINGULAR and k + 1 not in by_first:
                    (killed if role == "killed" else wounded).append(Figure(1, "exact", None, "unknown", ""))
            continue
    # Singular objects: "killed a tea seller and a civilian", "shot and killed the village chief".
    for start, (role, end) in roles.items():
        if role == "casualties" or end in counted_roles or end + 2 >= len(tokens):
            continue
        if (
            tokens[end + 1].lower in _SINGULAR
            and end + 2 not in by_first
            and tokens[end + 2].text[:1].isalpha()
        ):
            counted_roles.add(end)
            count = 1 + _singular_chain(tokens, end + 2, roles)
            figure = Figure(
                count,
                "exact",
                _group_after(tokens, end + 2),
                "unknown",
                text[tokens[start].start : tokens[end + 2].end],
            )
            (killed if role == "killed" else wounded).append(figure)
        elif _named_person(tokens, end + 1):
            # "executed Hashim Faris, a cameraperson": one named victim.
            counted_roles.add(end)
            figure = Figure(1, "exact", None, "unknown", text[tokens[start].start : tokens[end + 1].end])
            (killed if role == "killed" else wounded).append(figure)
    # One named or singular victim: "The soldier was killed", "Janab was shot dead".
    for start, (role, end) in roles.items():
        if role == "casualties" or end in counted_roles or start < 1 or start in masked:
            continue
        aux = tokens[start - 1].lower
        if aux == "and" and start >= 3 and tokens[start - 3].lower == "was":
            aux = "was"  # "The assailant was shot and killed"
        has_been = aux == "been" and start >= 2 and tokens[start - 2].lower in {"has", "had"}
        # "The victim died of his injuries": a singular subject of "died" is one death.
        died = tokens[start].lower in {"died", "dies"} and aux not in {"who", "and", "had", "have"}
        # "killing him", "killed them both".
        pronoun = tokens[end + 1].lower if end + 1 < len(tokens) else ""
        objects = (
            1
            if pronoun in {"him", "her"}
            else 2
            if tokens[end + 1 : end + 3]
            and " ".join(t.lower for t in tokens[end + 1 : end + 3]) == "them both"
            else 0
        )
        if (aux == "was" or has_been or died or objects) and not _negated(tokens, start):
            count = objects or 1
            # "was killed along with four bodyguards"
            if end + 3 < len(tokens) and tokens[end + 1].lower == "along" and tokens[end + 2].lower == "with":
                more = by_first.get(end + 3)
                count += more.value if more is not None else 0
            figure = Figure(count, "exact", None, "unknown", text[tokens[start - 1].start : tokens[end].end])
            (killed if role == "killed" else wounded).append(figure)
    # The attacker's own death: "killing himself", "In addition to the bomber, ...".
    if self_killed:
        killed.append(ATTACKER)
    # Toll: "the death toll rose to 15".
    for _role_start, (_, end) in roles.items():
        if tokens[end].lower == "toll":
            after = [q for q in quantities if 0 < q.first - end <= _MAX_GROUP + 6 and id(q) not in used]
            # "The toll of the March 2 bombing rose to 12": the number the toll rose to.
            risen = [
                q for q in after if q.first >= 1 and tokens[q.first - 1].lower in {"to", "at", "reached"}
            ]
            near = [q for q in after if q.first - end <= 4]
            chosen = risen or near
            if chosen:
                emit(chosen[0], "killed", None)
    return Figures(tuple(killed), tuple(wounded))


def total(figures: tuple[Figure, ...]) -> int | None:
    """The sum of a sentence's figures for one role (groups are disjoint), or None."""
    if not figures:
        return None
    return sum(f.value for f in figures)
