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
