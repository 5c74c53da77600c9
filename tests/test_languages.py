"""Reports in Arabic, Persian, Russian and French: language identification, normalisation,
digits, number words, dates, and extraction on quoted published reports
(tests/fixtures/news-{ar,fa,ru,fr}.jsonl), whose floors hold today's figures."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sitrep.app import Sitrep
from sitrep.evaluate import Evaluation, GoldDocument, evaluate, load_gold
from sitrep.kb.matcher import Matcher
from sitrep.kb.registry import KnowledgeBase
from sitrep.languages.dates import find_dates, lunar, lunar_year
from sitrep.languages.detect import detect, document_language, mixed
from sitrep.languages.lexicon import load_lexicon
from sitrep.languages.numbers import find_quantities
from sitrep.languages.reader import _figures
from sitrep.languages.words import normalize, tokenize, variants
from sitrep.model import Document, Incident

FIXTURES = Path(__file__).resolve().parent / "fixtures"
ARABIC_INDIC = "٠١٢٣٤٥٦٧٨٩"
PERSIAN = "۰۱۲۳۴۵۶۷۸۹"


def test_language_by_script_and_words() -> None:
    assert detect("At least five people were killed in Kabul on Monday.") == "en"
    assert detect("قتل خمسة أشخاص في هجوم على دير الزور") == "ar"
    assert detect("پنج نفر در حمله طالبان کشته شدند") == "fa"
    assert detect("Погибли пять человек в Кабуле") == "ru"
    assert detect("Au moins cinq personnes ont été tuées à Kaboul.") == "fr"
    english = "The army said the attack on the town was repelled. " * 3
    arabic = "قتل خمسة أشخاص في هجوم انتحاري على سوق مكتظة في بغداد اليوم الخميس. " * 2
    assert mixed(english + "\n\n" + arabic)
    assert document_language(english + "\n\n" + arabic).split("+")[0] in {"en", "ar"}
    assert not mixed("ISIS (داعش) claimed the attack on the town of Hajin in the east of the country.")
    # French without an accent, by its function words; English that quotes a French name stays English.
    assert (
        detect("Dans le nord du Cameroun, sept habitants sont morts dans un attentat le 2 septembre.") == "fr"
    )
    assert detect("The attack on the Rue des Rosiers in Paris was claimed by the group.") == "en"


def test_arabic_normalisation() -> None:
    # Hamza and alef forms, alef maqsura, taa marbuta, diacritics and tatweel.
    assert normalize("إِسْلامِيَّة") == normalize("اسلاميه")
    assert normalize("مُسْتَشْفَى") == normalize("مستشفي")
    assert normalize("قتـــلى") == normalize("قتلى")
    assert normalize("آخرین") == normalize("اخرين")  # Persian yeh read as Arabic yaa
    assert "دير" in variants(normalize("بدير"))
    assert "تنظيم" in variants(normalize("للتنظيم"))


@given(st.integers(min_value=0, max_value=99999))
def test_digits_of_every_script(n: int) -> None:
    ascii_digits = str(n)
    for script in (ARABIC_INDIC, PERSIAN):
        written = "".join(script[int(d)] for d in ascii_digits)
        assert normalize(written) == ascii_digits


@pytest.mark.parametrize(
    ("language", "text", "value", "qualifier"),
    [
        ("ar", "مقتل خمسة وعشرين شخصا", 25, "exact"),
        ("ar", "أسفرت عن مقتل أكثر من 30 مدنيا", 30, "more than"),
        ("ar", "مقتل ٣٠ شخصا على الأقل", 30, "at least"),
        ("ar", "إصابة العشرات بجروح", 10, "العشرات"),
        ("ar", "قتل نحو 10 مسلحين", 10, "about"),
        ("fa", "دست کم بیست و پنج نفر کشته شدند", 25, "at least"),
        ("fa", "دهها نفر زخمی شدند", 10, "دهها"),
        ("ru", "погибли по меньшей мере четыре человека", 4, "at least"),
        ("ru", "погибли двадцать пять человек", 25, "exact"),
        ("fr", "au moins vingt-cinq morts", 25, "at least"),
        ("fr", "une dizaine de blessés", 10, "une dizaine"),
    ],
)
def test_numbers_and_vague_quantities(language: str, text: str, value: int, qualifier: str) -> None:
    found = find_quantities(tokenize(text), load_lexicon(language), set())
    assert [(q.value, q.qualifier) for q in found] == [(value, qualifier)]


def test_measures_are_not_head_counts() -> None:
    assert find_quantities(tokenize("в 70 км к югу от Пальмиры"), load_lexicon("ru"), set()) == []


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        ("ar", "مساء الجمعة 30 أكتوبر/ تشرين الأول 2015", date(2015, 10, 30)),
        ("ar", "تاريخ النشر: 19.07.2018", date(2018, 7, 19)),
        ("ar", "في 5 حزيران", date(2017, 6, 5)),
        ("fa", "09 خرداد 1396", date(2017, 5, 30)),
        ("fa", "۱۵ دی ۱۳۹۲", date(2014, 1, 5)),
        ("fa", "تاریخ انتشار: ۲۲:۱۳ - ۲۷-۰۴-۱۳۹۴", date(2015, 7, 18)),
        ("ru", "ТАСС, 12 февраля.", date(2017, 2, 12)),
        ("ru", "в понедельник, 5 сентября 2022", date(2022, 9, 5)),
        ("fr", "jeudi 9 avril 2020", date(2020, 4, 9)),
        # Lunar Hijri dates, by the arithmetical calendar.
        ("ar", "الجمعة 15 رمضان 1445 هـ", date(2024, 3, 25)),
        # The arithmetical calendar's day: the sighted month made Eid al-Adha 1438 a day earlier.
        ("ar", "في 10 ذو الحجة", date(2017, 9, 2)),
        # Persian days as ordinal words, in the current Solar Hijri year without one.
        ("fa", "شنبه یازدهم مهرماه", date(2017, 10, 3)),
        ("fa", "دوم آذر ۱۳۹۹", date(2020, 11, 22)),
        ("fa", "بیست و یکم حمل", date(2017, 4, 10)),
        ("fr", "samedi 1er mai", date(2017, 5, 1)),
        ("ru", "1-го мая 2022 года", date(2022, 5, 1)),
    ],
)
def test_written_dates(language: str, text: str, expected: date) -> None:
    found = find_dates(tokenize(text), text, date(2017, 11, 8), load_lexicon(language))
    assert next(d.date for d in found if d.explicit) == expected


@given(st.dates(min_value=date(1925, 1, 1), max_value=date(2090, 12, 31)))
def test_lunar_hijri_dates_round_trip(day: date) -> None:
    year = lunar_year(day)
    month = max(m for m in range(1, 13) if (lunar(year, m, 1) or date.max) <= day)
    start = lunar(year, month, 1)
    assert start is not None and lunar(year + 1, 1, 1) is not None
    assert start <= day < lunar(year + 1, 1, 1)  # type: ignore[operator]
    names: dict[int, str] = {}
    for name, number in load_lexicon("ar").lunar_months.items():
        names.setdefault(number, name)
    text = f"{(day - start).days + 1} {names[month]} {year}"
    found = find_dates(tokenize(text), text, day, load_lexicon("ar"))
    assert [d.date for d in found] == [day]


@pytest.mark.parametrize(
    ("language", "word", "back"),
    [("ar", "أمس", 1), ("ar", "الخميس", 6), ("fa", "دیروز", 1), ("ru", "вчера", 1), ("fr", "hier", 1)],
)
def test_relative_days(language: str, word: str, back: int) -> None:
    reference = date(2017, 11, 8)  # a Wednesday
    found = find_dates(tokenize(word), word, reference, load_lexicon(language))
    assert [(reference - d.date).days for d in found] == [back]


@given(st.dates(min_value=date(1930, 1, 1), max_value=date(2090, 12, 31)))
def test_solar_hijri_dates_round_trip(day: date) -> None:
    import jdatetime

    solar = jdatetime.date.fromgregorian(date=day)
    names: dict[int, str] = {}
    for name, month in load_lexicon("fa").solar_months.items():
        names.setdefault(month, name)
    text = f"{solar.day} {names[solar.month]} {solar.year}"
    found = find_dates(tokenize(text), text, day, load_lexicon("fa"))
    assert found and found[0].date == day


@pytest.mark.parametrize(
    ("text", "place", "killed", "wounded"),
    [
        # Persian puts the verb last: each figure takes the casualty word after it.
        ("در حمله انتحاری در کابل ۱۰ نفر کشته و ۱۸ نفر دیگر زخمی شدند.", "Kabul", 10, 18),
        # "un", "une" count only before a person or casualty word, not as articles.
        (
            "Un kamikaze s'est fait exploser jeudi à Kaboul, tuant une personne et blessant 16 autres.",
            "Kabul",
            1,
            16,
        ),
        # A name after "à" is a place though English reads it as a word; "dont" breaks a toll down.
        ("L'attentat de jeudi soir à Nice a fait 84 morts, dont 10 enfants.", "Nice", 84, None),
        # A Russian name in another case is the curated place, not a namesake village.
        ("В результате взрыва в Кабуле погибли пять человек, еще 12 получили ранения.", "Kabul", 5, 12),
    ],
)
def test_figures_and_places(
    app: Sitrep, text: str, place: str, killed: int | None, wounded: int | None
) -> None:
    [incident] = app.parse(Document(text=text, source="test", published=date(2020, 1, 2)))
    assert incident.location == place
    assert (incident.killed.best if incident.killed else None) == killed
    assert (incident.wounded.best if incident.wounded else None) == wounded


@pytest.mark.parametrize(
    ("language", "text", "killed", "wounded"),
    [
        # Each figure between two casualty words takes the one it stands before.
        ("fr", "L'attaque a fait 15 morts, 19 blessés", [15], [19]),
        ("fr", "Le kamikaze aurait tué au moins une personne et blessé 16 autres", [1], [16]),
        ("fr", "Deux gendarmes ont trouvé la mort et trois autres ont été blessés", [2], [3]),
        ("fr", "L'embuscade a coûté la vie à cinq soldats", [5], []),
        ("ar", "ما أسفر عن وقوع 20 قتيلاً وعشرات الجرحى", [20], [10]),
        ("ar", "أسفر عن مقتل 12 شخصا وإصابة 30 آخرين", [12], [30]),
        ("ar", "أسفرت عن استشهاد ضابط واصابة 2 آخرين", [1], [2]),
        ("ru", "погибли трое граждан США и двое сирийских силовиков", [3, 2], []),
        # "The number of martyrs reached 21 and of the wounded 40": the count told before its figure.
        ("fa", "شمار شهدای این حادثه به 21 نفر و زخمیها نیز به 40 نفر افزایش یافته است", [21], [40]),
        # Killed and wounded told together share no figure of either.
        ("ar", "أسفر عن مقتل وإصابة العشرات", [], []),
        ("fr", "Au moins 127 personnes ont été tuées et environ 180 ont été blessées", [127], [180]),
        # Vehicles counted beside the dead are no head count.
        ("fr", "onze soldats ont été tués et huit véhicules militaires volés", [11], []),
    ],
)
def test_figures_take_their_casualty_word(
    language: str, text: str, killed: list[int], wounded: list[int]
) -> None:
    lexicon = load_lexicon(language)
    tokens = tokenize(text)
    quantities = find_quantities(tokens, lexicon, set())
    found = _figures(tokens, quantities, list(lexicon.casualty_table.find(tokens)), lexicon)
    assert ([f.value for f in found[0]], [f.value for f in found[1]]) == (killed, wounded)


@pytest.mark.parametrize(
    ("text", "actor"),
    [
        (
            "تبنت حركة الشباب الصومالية الهجوم بسيارة مفخخة على نقطة تفتيش في مقديشو أسفر عن مقتل 12 جنديا",
            "al-shabaab",
        ),
        ("ИГ взяло на себя ответственность за взрыв в Кабуле, погибли семь человек.", "isis"),
        (
            "Автобус с солдатами сирийской армии подвергся нападению ИГИЛовцев в Пальмире, погибли 23"
            " человека.",
            "isis",
        ),
        ("Le GSIM a revendiqué l'attaque qui a tué cinq soldats à Djibo.", "jnim"),
        # A name only French text gives ISIS ("EI" is no name in English text).
        ("L'EI a revendiqué l'attentat-suicide qui a fait six morts lundi à Kaboul.", "isis"),
    ],
)
def test_actors_in_their_own_languages(app: Sitrep, text: str, actor: str) -> None:
    [incident] = app.parse(Document(text=text, source="test", published=date(2020, 1, 2)))
    assert incident.actor1 is not None and app.kb.actor_by_id[actor].name == incident.actor1


@pytest.mark.parametrize(
    ("text", "sub_event_type"),
    [
        ("Des hommes armés ont enlevé jeudi cinq personnes à Djibo.", "Abduction/forced disappearance"),
        ("В Дагестане в четверг похитили двух полицейских.", "Abduction/forced disappearance"),
        ("اختطف مسلحون يوم الخميس خمسة مدنيين في درعا.", "Abduction/forced disappearance"),
        ("دیروز پنج مسافر در ولایت غزنی ربوده شدند.", "Abduction/forced disappearance"),
        (
            "طالبان دیروز ولسوالی موسی قلعه در ولایت هلمند را تصرف کردند.",
            "Non-state actor overtakes territory",
        ),
    ],
)
def test_event_words_of_each_language(app: Sitrep, text: str, sub_event_type: str) -> None:
    incidents = app.parse(Document(text=text, source="test", published=date(2020, 1, 2)))
    assert [i.sub_event_type for i in incidents] == [sub_event_type]


def test_named_among_the_toll_is_no_attacker(app: Sitrep) -> None:
    text = (
        "Un attentat à la bombe a visé dimanche une mosquée de Kaboul, faisant au moins cinq morts et"
        " 11 blessés, dont des civils et des talibans."
    )
    [incident] = app.parse(Document(text=text, source="test", published=date(2021, 10, 4)))
    assert incident.actor1 is None and incident.wounded is not None and incident.wounded.best == 11


def test_a_group_counted_among_the_wounded_is_no_attacker(app: Sitrep) -> None:
    text = "در انفجار انتحاری امروز در کابل سه نفر از نیروهای طالبان زخمی شدند."
    [incident] = app.parse(Document(text=text, source="test", published=date(2023, 3, 27)))
    assert incident.actor1 is None and incident.wounded is not None and incident.wounded.best == 3


def test_bearings_and_clauses(app: Sitrep) -> None:
    # "Jabal al-Zawiya, south of Idlib": the place a bearing locates, not the town it is taken
    # from; the clause after "فيما" tells another side's event, whose attacker is not carried over.
    text = (
        "قتلت امرأة وأصيب مدنيون آخرون، مساء السبت، نتيجة قصف مدفعي لقوات النظام على منطقة جبل الزاوية،"
        " جنوبي إدلب، فيما قتل نحو 10 مسلحين من هيئة تحرير الشام باشتباك شمالي المحافظة."
    )
    statements = app.extractor.extract(Document(text=text, source="test", published=date(2020, 10, 11)))
    found = [(s.place.name if s.place else None, s.actor1.id if s.actor1 else None) for s in statements]
    assert found == [("Jabal al-Zawiya", "syrian-army"), ("Jabal al-Zawiya", None)]


def test_a_province_is_narrowed_by_the_next_sentence(app: Sitrep) -> None:
    text = (
        "أفادت الخلية بانفجار عبوة ناسفة أسفرت عن استشهاد ضابط واصابة 2 آخرين في محافظة صلاح الدين."
        " وذكرت الخلية أن التفجير حدث أثناء عمليات تفتيش في جبال مكحول بصلاح الدين."
    )
    [incident] = app.parse(Document(text=text, source="test", published=date(2020, 8, 21)))
    assert incident.location == "Makhoul mountains"


def test_a_lead_takes_the_day_its_story_gives(app: Sitrep) -> None:
    text = (
        "В ходе боестолкновения в Цунтинском районе Дагестана погиб боец спецназа.\n"
        "«Минувшим вечером в лесном массиве на территории Цунтинского района произошло боестолкновение»,"
        " сообщил собеседник агентства."
    )
    incidents = app.parse(Document(text=text, source="test", published=date(2013, 11, 5)))
    assert {i.date for i in incidents} == {date(2013, 11, 4)}


def test_a_base_named_for_a_town_is_not_there(app: Sitrep) -> None:
    # "قرارگاه قدس" is the Quds base, not the town of Qods near Tehran.
    text = "فرمانده قرارگاه قدس گفت در عملیات شهرستان سراوان پنج تروریست امروز به هلاکت رسیدند."
    [incident] = app.parse(Document(text=text, source="test", published=date(2025, 8, 27)))
    assert incident.location == "Sarāvān"


@pytest.mark.parametrize(
    ("text", "country"),
    [
        ("Dans le nord du Cameroun, sept habitants sont morts dans un attentat le 2 septembre.", "CM"),
        ("В Пакистане при взрыве 2 сентября погибли семь человек.", "PK"),
        ("قتل سبعة أشخاص في تفجير في ليبيا يوم 2 سبتمبر.", "LY"),
        ("در انفجار روز ۱۱ شهریور در پاکستان هفت نفر کشته شدند.", "PK"),
    ],
)
def test_countries_in_their_own_languages(app: Sitrep, text: str, country: str) -> None:
    incidents = app.parse(Document(text=text, source="test", published=date(2020, 9, 4)))
    assert [i.country for i in incidents] == [country]


def test_russian_stems_do_not_overreach() -> None:
    lexicon = load_lexicon("ru")
    # "Минувшим" (last) is no mine, "смертник" (a suicide bomber) no death, "снаряжение" no shell.
    for text in ("Минувшим вечером", "13-летний террорист-смертник", "снаряжение бойцов"):
        tokens = tokenize(text)
        rules = [m.value.sub_event_type for m in lexicon.event_table.find(tokens)]
        assert (
            "Remote explosive/landmine/IED" not in rules and "Shelling/artillery/missile attack" not in rules
        )
        assert [m.value for m in lexicon.casualty_table.find(tokens)] == []
    tokens = tokenize("подорвался на мине")
    assert [m.value.weapon for m in lexicon.event_table.find(tokens)] == ["IED"]


@pytest.mark.parametrize(
    "text",
    [
        "انفجرت سيارة مفخخة اليوم في بغداد ما أسفر عن مقتل 5 أشخاص،"
        " ويعتقد أن عناصر من تنظيم داعش يقفون وراء الهجوم.",
        "قتل خمسة جنود في هجوم شنه مسلحون يشتبه بانتمائهم لتنظيم داعش في دير الزور اليوم الخميس.",
        "Пятеро военных погибли в четверг в Дейр-эз-Зоре при нападении боевиков, предположительно членов ИГ.",
    ],
)
def test_a_suspected_group_is_the_perpetrator(app: Sitrep, text: str) -> None:
    [incident] = app.parse(Document(text=text, source="test", published=date(2020, 1, 2)))
    assert incident.actor1 == "ISIS"


def test_a_government_that_reports_is_no_attacker(app: Sitrep) -> None:
    # "The Taliban's interior ministry": the source of the toll, not the perpetrator.
    text = "وزارت داخلهی طالبان گفته است که در انفجار انتحاری در شهر کابل شش غیرنظامی کشته شدند."
    [incident] = app.parse(Document(text=text, source="test", published=date(2023, 3, 27)))
    assert incident.actor1 is None and incident.killed is not None and incident.killed.best == 6


def test_attack_with_casualties_but_no_figure(app: Sitrep) -> None:
    text = "قتل وأصيب عدد من عناصر قوات النظام بهجوم لفصائل المعارضة في ريف إدلب الجنوبي، أمس الأحد."
    incidents = app.parse(Document(text=text, source="test", published=date(2024, 1, 22)))
    assert [(i.date, i.event_type) for i in incidents] == [(date(2024, 1, 21), "Battles")]


def test_places_of_the_reported_country(app: Sitrep) -> None:
    # A square named for Aden is no place in Yemen; the lead without a place is placed by the
    # sentence after it.
    text = (
        "یک عامل انتحاری داعش امروز خودش را با یک خودروی بمب گذاری شده در میدان «عدن» در شهر کاظمین"
        " در شمال بغداد منفجر کرد. در این انفجار پنج شهروند عراقی کشته شدند."
    )
    assert [i.location for i in app.parse(Document(text=text, source="t", published=date(2015, 10, 3)))] == [
        "Kadhimiya"
    ]
    text = (
        "استهدف هجوم انتحاري اليوم الأربعاء حافلة تقل عناصر من الحرس الثوري ما أسفر عن مقتل عشرين شخصا.\n"
        "ووقع التفجير على الطريق بين بلدتي خاش وزاهدان في محافظة سيستان وبلوشستان."
    )
    [incident] = app.parse(Document(text=text, source="t", published=date(2019, 2, 13)))
    assert incident.country == "IR" and incident.killed is not None and incident.killed.best == 20


def test_common_words_are_not_places(app: Sitrep) -> None:
    # "این" (this), "روی" (on) and "سی" (thirty) name villages in GeoNames' alternate names.
    text = "در این حمله، که در ولسوالی اسپین بولدک ولایت قندهار روی داد، همچنین سی تن دیگر زخمی شده اند."
    incidents = app.parse(Document(text=text, source="test", published=date(2020, 1, 2)))
    assert {i.country for i in incidents} <= {"AF"}


def test_clauses_tell_their_own_events(app: Sitrep) -> None:
    text = "قتل خمسة مدنيين بغارة جوية على بلدة هجين، بينما قصفت قوات النظام مدينة إدلب."
    incidents = app.parse(Document(text=text, source="test", published=date(2020, 1, 2)))
    assert sorted(i.sub_event_type for i in incidents) == [
        "Air/drone strike",
        "Shelling/artillery/missile attack",
    ]


def test_names_restricted_to_languages(kb: KnowledgeBase, matcher: Matcher) -> None:
    # A place only Persian, Arabic, Russian and French text names so is no place in English text.
    restricted = next(p for p in kb.places if p.id == "helmand-prov-af")
    assert restricted.languages
    assert not any(
        e.id == restricted.id for m in matcher.find("Fighting in Helmand province") for e in m.entries
    )
    for text, language in [
        ("درگیری در ولایت هلمند", "fa"),
        ("اشتباكات في ولاية هلمند", "ar"),
        ("бои в провинции Гильменд", "ru"),
        ("combats dans la province du Helmand", "fr"),
    ]:
        found = matcher.find(text, languages=frozenset({language}))
        assert any(e.id == restricted.id for m in found for e in m.entries), text
    # English text keeps what the gazetteer reads in the name.
    assert matcher.lookup(["helmand"], frozenset({"fr"}))[0].id == restricted.id
    assert all(e.id != restricted.id for e in matcher.lookup(["helmand"]))


def test_restricted_names_in_a_mixed_document(app: Sitrep) -> None:
    # The Persian sentence reads the province; the English one does not.
    persian = "در حمله طالبان به ولایت بادغیس شش سرباز کشته شدند. " * 2
    english = "The Taliban said on Monday that fighters attacked a checkpoint in Badghis province. " * 2
    doc = Document(text=english + "\n\n" + persian, source="test", published=date(2020, 1, 2))
    provinces = {i.location for i in app.parse(doc) if i.country == "AF"}
    assert "Badghis Province" in provinces


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("۱۲ نفر در انفجار بمب در ولسوالی اسپین بولدک کشته شدند.", "Spin Boldak"),
        ("В Дагестане в перестрелке погибли два полицейских.", "Dagestan"),
        ("Пять человек погибли при обстреле в Харьковской области.", "Kharkiv Oblast"),
        ("Cinq soldats ont été tués dans une attaque dans la province du Soum.", "Soum"),
    ],
)
def test_provinces_in_their_own_languages(app: Sitrep, text: str, place: str) -> None:
    incidents = app.parse(Document(text=text, source="test", published=date(2020, 1, 2)))
    assert [i.location for i in incidents] == [place]


@pytest.mark.parametrize(
    ("text", "place"),
    [
        # A town's adjective before a division's noun names the town.
        ("В Цунтинском районе в перестрелке погибли два полицейских.", "Tsunta"),
        # Two capitalised words in a row are two names.
        ("В столице Афганистана Кабуле при взрыве погибли пять человек.", "Kabul"),
        # Latin letters in Russian text name an outlet, not a place ("Tolo" is a Greek town).
        ("Телеканал Tolo News сообщил, что при взрыве в Кабуле погибли семь человек.", "Kabul"),
        # One word of a hyphenated name is no place of its own ("Хан" is Haan in Germany).
        ("Смертник подорвался в квартале Вазир-Акбар-Хан, погибли семь человек.", "Wazir Akbar Khan"),
    ],
)
def test_russian_names(app: Sitrep, text: str, place: str) -> None:
    incidents = app.parse(Document(text=text, source="test", published=date(2020, 1, 2)))
    assert [i.location for i in incidents] == [place]


# Today's figures on the quoted reports, as floors: (recall, killed, wounded, perpetrator, event type).
FLOORS = {
    "ar": (0.82, 0.75, 0.90, 0.82, 0.78),
    "fa": (0.87, 0.72, 0.82, 0.85, 0.92),
    "ru": (0.90, 0.78, 0.80, 0.90, 0.88),
    "fr": (0.74, 0.85, 0.68, 0.85, 0.92),
}


@pytest.mark.parametrize("language", sorted(FLOORS))
def test_quoted_reports(app: Sitrep, language: str) -> None:
    gold = load_gold(FIXTURES / f"news-{language}.jsonl")
    assert len(gold) >= 15 and all(doc.text for doc in gold)

    def predict(doc: GoldDocument) -> list[Incident]:
        return app.parse(Document(text=doc.text, source=doc.source, published=doc.published))

    result: Evaluation = evaluate(gold, predict, app.kb, kind="news")
    recall, killed, wounded, perpetrator, event_type = FLOORS[language]
    assert result.recall is not None and result.recall >= recall
    assert (result.fields["killed"].rate or 0.0) >= killed
    assert (result.fields["wounded"].rate or 0.0) >= wounded
    assert (result.fields["perpetrator"].rate or 0.0) >= perpetrator
    assert (result.fields["event_type"].rate or 0.0) >= event_type
