"""Casualty phrases from the demo corpus and the seed's kind of prose."""

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sitrep.extract.casualties import find_figures
from sitrep.kb.registry import KnowledgeBase

from .conftest import Parse


def figures(text: str, kb: KnowledgeBase) -> tuple[list[tuple[int, str]], list[tuple[int, str]]]:
    found = find_figures(text, kb.lexicon)
    return ([(f.value, f.qualifier) for f in found.killed], [(f.value, f.qualifier) for f in found.wounded])


@pytest.mark.parametrize(
    ("text", "killed", "wounded"),
    [
        ("A car bomb killed 16 people in the Druze village of Hader.", [(16, "exact")], []),
        (
            "The explosion killed 16 local inhabitants, some with relatives living in Israel.",
            [(16, "exact")],
            [],
        ),
        (
            "more than 100 people had been killed and many more wounded when an ISIS car bomb blew up",
            [(100, "more than")],
            [],
        ),
        (
            "Five civilians were wounded when an improvised explosive device exploded in the Hur Rajab area",
            [],
            [(5, "exact")],
        ),
        ("Six terrorist operatives were killed and five wounded.", [(6, "exact")], [(5, "exact")]),
        ("counterattacked, killing dozens of the attackers.", [(12, "dozens")], []),
        (
            "At least 20 Syrian army soldiers and 11 rebel fighters have been killed, three of them officers",
            [(20, "at least"), (11, "exact")],
            [],
        ),
        (
            "Citing media reports, it says that eight people were killed and 12 were wounded.",
            [(8, "exact")],
            [(12, "exact")],
        ),
        ("Nine persons lost their lives with twenty-four persons injured", [(9, "exact")], [(24, "exact")]),
        ("Three other attackers then stormed the building and killed 21 officers", [(21, "exact")], []),
        (
            "Abu Abd al-Rahman al-Ansari, 17, from Beit Jinn, was behind the car bomb that killed 16 people",
            [(16, "exact")],
            [],
        ),
        ("the death toll rose to 15 on Monday", [(15, "exact")], []),
        ("Russian officers removed 275 improvised explosive devices", [], []),
        ("its attacks caused 11,182 casualties among the Syrian army", [], []),
        # A count inside the counted group is part of it, not more of it.
        ("Ten Egyptian soldiers including one colonel were killed on Friday", [(10, "exact")], []),
        (
            "Fifteen people including three children were killed and 20 including a policeman wounded",
            [(15, "exact")],
            [(20, "exact")],
        ),
        ("Two traffic policemen were among those killed.", [], []),
        (
            "Two soldiers were martyred and three others succumbed to their wounds.",
            [(2, "exact"), (3, "exact")],
            [],
        ),
        # The number nearer the casualty word is the toll; one after a preposition describes.
        (
            "The results of the two incidents show 15 fallen soldiers and one injured.",
            [(15, "exact")],
            [(1, "exact")],
        ),
        ("Five people in 3 cars were killed.", [(5, "exact"), (3, "exact")], []),
        # One named victim; a capitalised word that qualifies a noun names none.
        ("Assailants executed Hashim Faris, a newspaper cameraperson, in Mosul.", [(1, "exact")], []),
        ("The air strike killed Iraqi soldiers near the border.", [], []),
    ],
)
def test_figures(
    kb: KnowledgeBase, text: str, killed: list[tuple[int, str]], wounded: list[tuple[int, str]]
) -> None:
    assert figures(text, kb) == (killed, wounded)


def test_perpetrators_are_told_apart_from_victims(kb: KnowledgeBase) -> None:
    found = find_figures("Six terrorist operatives were killed and five wounded.", kb.lexicon)
    assert found.killed[0].side == "perpetrator"
    found = find_figures("Five civilians were wounded when an IED exploded", kb.lexicon)
    assert found.wounded[0].side == "victim"


def test_masked_spans_hide_dates(kb: KnowledgeBase) -> None:
    text = "On November 4, 2017, two fighters were killed"
    found = find_figures(text, kb.lexicon, [(3, 19)])
    assert [f.value for f in found.killed] == [2]


def test_an_age_between_commas_is_not_a_toll(kb: KnowledgeBase) -> None:
    text = "an HTS member, Abu Abd al-Rahman al-Ansari, 17, set off a car bomb in Hader, killing 16 people."
    assert figures(text, kb) == ([(16, "exact")], [])


def test_killed_or_wounded_counts_neither_alone(kb: KnowledgeBase) -> None:
    assert figures(
        "an attacker detonated an explosive belt, killing or wounding more than 30 guards", kb
    ) == (
        [],
        [],
    )
    assert figures("30 people were killed or wounded in the blast", kb) == ([], [])


def test_verb_first_figures_keep_their_own_verb(kb: KnowledgeBase) -> None:
    assert figures("The bomb went off, killing 3 and wounding 5 people.", kb) == (
        [(3, "exact")],
        [(5, "exact")],
    )


def test_the_subject_of_a_killing_verb_is_not_a_toll(kb: KnowledgeBase) -> None:
    text = "the group said one of its explosive devices killed two Popular Mobilization fighters"
    assert figures(text, kb) == ([(2, "exact")], [])


@pytest.mark.parametrize(
    ("text", "killed", "wounded"),
    [
        ("two militants fired upon and killed a tea seller and a civilian outside a tea shop.", 2, 0),
        ("Suspected guerillas shot and killed the village chief of San Mariano.", 1, 0),
        ("The soldier was killed in the attack.", 1, 0),
        ("The official was killed and her colleague was injured in the assault.", 1, 1),
        ("No one was wounded in the attack and there was only minor damage.", 0, 0),
        ("A suicide bomber attacked a checkpoint, killing himself and wounding four others.", 1, 4),
        ("In addition to the bomber, at least two officers were killed and five others were injured.", 3, 5),
        ("Gunmen burst in, killing the two men.", 2, 0),
    ],
)
def test_implicit_and_singular_counts(kb: KnowledgeBase, text: str, killed: int, wounded: int) -> None:
    found = find_figures(text, kb.lexicon)
    assert (sum(f.value for f in found.killed), sum(f.value for f in found.wounded)) == (killed, wounded)


@pytest.mark.parametrize(
    ("text", "killed", "wounded"),
    [
        ("two gunmen using an 11 millimeter pistol shot and killed a construction worker", 1, 0),
        ("Both assailants were killed and a soldier was injured in the ensuing clash.", 2, 1),
        ("The assailant was shot and killed by security forces.", 1, 0),
        ("Assailants kidnapped and later beheaded a religious scholar and a police officer.", 2, 0),
        ("Unknown gunmen assassinated the chieftain of the village.", 1, 0),
        ("The victim died of his injuries from the attack.", 1, 0),
        ("Assailants attacked the home of an official, killing him and injuring three relatives.", 1, 3),
        ("Gunmen pulled two tribesmen from a car, then fired upon and killed them both.", 2, 0),
        ("The governor was killed along with four bodyguards in an attack on his convoy.", 5, 0),
        ("Rebels detonated a land mine, killing two policemen and their driver.", 3, 0),
        ("The owner and two employees were killed, and the building was damaged.", 3, 0),
        ("Gunmen attacked the village and two people were killed.", 2, 0),
        ("Four civilians and a policeman died in the attack.", 5, 0),
        ("At least 15 people, including 14 laborers and a police officer, were killed.", 15, 0),
    ],
)
def test_killing_verbs_measures_and_pairs(kb: KnowledgeBase, text: str, killed: int, wounded: int) -> None:
    found = find_figures(text, kb.lexicon)
    assert (sum(f.value for f in found.killed), sum(f.value for f in found.wounded)) == (killed, wounded)


_KILLED_VERBS = ["were killed", "died", "were shot dead", "lost their lives"]
_WOUNDED_VERBS = ["were wounded", "were injured", "were hurt"]
_GROUPS = ["people", "civilians", "soldiers", "police officers", "fighters"]


@given(
    killed=st.integers(min_value=2, max_value=9999),
    wounded=st.integers(min_value=2, max_value=9999),
    qualifier=st.sampled_from(["", "at least ", "more than ", "about "]),
    verb=st.sampled_from(_KILLED_VERBS),
    hurt=st.sampled_from(_WOUNDED_VERBS),
    group=st.sampled_from(_GROUPS),
)
def test_any_toll_and_wounded_count_are_read_apart(
    kb: KnowledgeBase, killed: int, wounded: int, qualifier: str, verb: str, hurt: str, group: str
) -> None:
    text = f"{qualifier}{killed:,} {group} {verb} and {wounded} others {hurt} in the attack."
    found = find_figures(text[0].upper() + text[1:], kb.lexicon)
    assert [f.value for f in found.killed] == [killed]
    assert [f.value for f in found.wounded] == [wounded]
    expected = {"": "exact", "at least ": "at least", "more than ": "more than", "about ": "about"}[qualifier]
    assert found.killed[0].qualifier == expected


@given(
    killed=st.integers(min_value=2, max_value=999),
    verb=st.sampled_from(["killing", "killed"]),
    group=st.sampled_from(_GROUPS),
)
def test_a_verb_before_its_count_takes_it(kb: KnowledgeBase, killed: int, verb: str, group: str) -> None:
    found = find_figures(f"A car bomb exploded in the market, {verb} {killed} {group}.", kb.lexicon)
    assert [f.value for f in found.killed] == [killed] and not found.wounded


def test_dead_attackers_are_kept_apart_from_their_victims(parse: Parse) -> None:
    # The bomber's own death is one of the dead, as ACLED and GTD count them.
    text = "On 7 November 2012, a suicide bomber blew himself up in Peshawar, killing at least six people."
    (incident,) = parse(text)
    assert incident.killed is not None and (incident.killed.best, incident.killed.reports[0].qualifier) == (
        7,
        "at least",
    )
    text = (
        "On 22 February 2015, a suicide car bomb exploded at a checkpoint near Tikrit. In addition to "
        "the bomber, eight fighters were killed."
    )
    (incident,) = parse(text)
    assert incident.killed is not None and incident.killed.best == 9
    # Other dead attackers told beside the victims are another count.
    text = (
        "On 7 November 2012, six soldiers were killed in an attack in Peshawar, and four "
        "militants were also killed."
    )
    (incident,) = parse(text)
    assert incident.killed is not None and incident.killed.best == 6
    # Only the attackers died: they are the toll.
    text = "On 7 November 2012, six militants were killed when soldiers repelled their attack in Peshawar."
    (incident,) = parse(text)
    assert incident.killed is not None and incident.killed.best == 6


def test_armed_men_are_the_attackers(kb: KnowledgeBase) -> None:
    found = find_figures("Two soldiers and 18 armed men were killed in the attack.", kb.lexicon)
    assert [(f.value, f.side) for f in found.killed] == [(2, "unknown"), (18, "perpetrator")]


def test_a_toll_the_report_says_was_overtaken_is_not_the_best(parse: Parse) -> None:
    text = (
        "On 19 January 2023, three police constables were killed in an attack on a checkpost in Jamrud, "
        "police said. The officer had earlier said that two police officials were killed in the attack."
    )
    (incident,) = parse(text)
    assert incident.killed is not None and incident.killed.best == 3
    assert {r.value for r in incident.killed.reports} == {2, 3}
    assert "killing 3 people" in incident.summary


def test_a_toll_that_rose_overtakes_the_first(parse: Parse) -> None:
    text = (
        "On 3 May 2019, a car bomb killed 10 people in Kabul, police said. "
        "The death toll later rose to 15, a health ministry spokesman said."
    )
    (incident,) = parse(text)
    assert incident.killed is not None and incident.killed.best == 15
    assert "killing 15 people" in incident.summary


def test_the_groups_own_toll_is_its_claim(parse: Parse) -> None:
    text = (
        "On 25 March 2020, an al-Shabaab suicide bomber blew himself up in a restaurant in Mogadishu, "
        "killing three people, police said. The group says it killed 9 people in the attack."
    )
    (incident,) = parse(text)
    # Three people and the bomber.
    assert incident.killed is not None and incident.killed.best == 4
    assert [r.qualifier for r in incident.killed.reports if r.value == 9] == ["claimed, exact"]


def test_the_toll_of_an_earlier_event_is_not_this_ones(parse: Parse) -> None:
    text = (
        "On 25 May 2017, five police officers were killed when their vehicle hit a roadside bomb in "
        "Garissa, a day after nine police died in similar blasts."
    )
    (incident,) = parse(text)
    assert incident.killed is not None and incident.killed.best == 5
    assert {r.value for r in incident.killed.reports} == {5}


def test_a_toll_across_several_incidents_is_not_this_ones(parse: Parse) -> None:
    text = (
        "07/15/2014: Assailants opened fire on a military position near Stepanivka, Donetsk oblast, "
        "Ukraine. This was one of at least 11 similar attacks on July 15, 2014. Six soldiers were "
        "killed and 13 others were wounded across this and seven of the attacks."
    )
    (incident,) = parse(text, published=date(2014, 7, 15))
    assert incident.killed is None and incident.wounded is None
