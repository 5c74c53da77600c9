from sitrep.extract.text import paragraphs, sentences


def test_sentences_keep_offsets_and_headings() -> None:
    text = (
        "Fighting in the northern Golan Heights\n\nOn November 3, 2017, the rebels attacked posts "
        "near Hader (Khutwa, November 3, 2017). After several hours of clashes Lt. Col. Ali "
        "said the attack was halted.\n\n- ▶ A second paragraph."
    )
    found = sentences(text)
    assert [s.text for s in found] == [
        "On November 3, 2017, the rebels attacked posts near Hader (Khutwa, November 3, 2017).",
        "After several hours of clashes Lt. Col. Ali said the attack was halted.",
        "A second paragraph.",
    ]
    assert all(text[s.start : s.end] == s.text for s in found)
    assert found[0].heading == "Fighting in the northern Golan Heights"
    assert found[0].paragraph == found[1].paragraph != found[2].paragraph


def test_bold_markers_do_not_glue_sentences() -> None:
    found = sentences("They began clearing the city.** A Syrian unit combed the squares.")
    assert len(found) == 2


def test_blank_text() -> None:
    assert sentences("  \n\n ") == []
    assert paragraphs("") == []


def test_a_page_break_inside_a_sentence_does_not_split_the_paragraph() -> None:
    head = (
        "The unit announced that ISIS operatives and their families had fled to the city of Abu Kamal on the"
    )
    text = f"{head} Syrian side of the border\n\n(al-Jazeera, November 4, 2017). Next sentence here."
    (only,) = paragraphs(text)
    assert text[only[0] : only[1]].endswith("Next sentence here.")


def test_footnotes_are_not_part_of_the_story() -> None:
    text = "A car bomb exploded in Aden.\n\n² Update of the report of October 26, 2017.\n\nMore text."
    assert [s.text for s in sentences(text)] == ["A car bomb exploded in Aden.", "More text."]


def test_sentences_know_their_section() -> None:
    text = "First heading\n\nOne. Two.\n\nSecond heading\n\nThree."
    found = sentences(text)
    assert [s.section for s in found] == [0, 0, text.index("Second heading")]


def test_without_blank_lines_a_line_break_after_a_sentence_starts_a_paragraph() -> None:
    text = "A bomb went off in Kuje.\nAt least 18 people were killed in Damaturu.\nThe road was\nclosed."
    assert len(paragraphs(text)) == 3
    assert len(paragraphs("One.\n\nTwo.\nThree.")) == 2


def test_a_single_line_report_is_not_a_heading() -> None:
    text = (
        "Iraqi army forces have taken control of the Husaybah border crossing, northwest of al-Qa'im. #Anbar"
    )
    found = sentences(text)
    assert found and found[0].text.startswith("Iraqi army forces have taken control")
    assert found[0].heading is None
    assert sentences("Fighting in the north\n\nClashes went on.")[0].heading == "Fighting in the north"
