"""Mention boundaries, two names of one person, spelling variants, unit names, name beginnings."""

from __future__ import annotations

from conftest import resolved_document
from rasd.kb.names import same_name
from rasd.record import Document

_doc = resolved_document


def _entity_at(doc: Document, surface: str):
    start = doc.text.index(surface)
    end = start + len(surface)
    return next((e for e in doc.entities for m in e.mentions if m.start < end and start < m.end), None)


def _mention_at(doc: Document, surface: str) -> str | None:
    start = doc.text.index(surface)
    end = start + len(surface)
    return next((m.text for e in doc.entities for m in e.mentions if m.start < end and start < m.end), None)


# --- 1. boundaries --------------------------------------------------------------------------------


def test_a_kb_name_with_a_title_and_a_group_word_after_it_is_cut_to_the_name() -> None:
    text = "قال عبد المالك دروكدال أمير جماعة التوحيد إن الهجوم فشل"
    doc = _doc(text, [("عبد المالك دروكدال أمير جماعة", "PER")])
    assert _mention_at(doc, "دروكدال") == "عبد المالك دروكدال"
    assert _entity_at(doc, "دروكدال").id == "rasd:abdelmalek-droukdel"


def test_a_common_noun_before_a_kb_name_is_cut() -> None:
    doc = _doc("نشرت الصحيفة رسائل من هاتف دونالد ترامب أمس", [("هاتف دونالد ترامب", "PER")])
    assert _mention_at(doc, "ترامب") == "دونالد ترامب"
    assert _entity_at(doc, "ترامب").id == "rasd:donald-trump"


def test_a_first_name_before_a_kb_name_is_not_cut() -> None:
    # «حمزة» is a name word: «حمزة بن لادن» is someone else than Osama
    doc = _doc("ظهر حمزة بن لادن في تسجيل جديد", [("حمزة بن لادن", "PER")])
    ent = _entity_at(doc, "حمزة")
    assert ent is not None and ent.id != "rasd:osama-bin-laden" and ent.mentions[0].text == "حمزة بن لادن"


def test_a_nisba_adjective_after_a_descriptor_is_cut_without_a_kb_name() -> None:
    text = "اعتقلت القوات القيادي الليبي سالم الورفلي الليبي في المدينة"
    doc = _doc(text, [("الليبي سالم الورفلي الليبي", "PER")])
    assert _mention_at(doc, "سالم") == "سالم الورفلي الليبي"


def test_a_span_of_titles_only_is_never_emptied() -> None:
    doc = _doc("وصل الرئيس الفرنسي إلى المدينة", [("الرئيس الفرنسي", "PER")])
    assert _mention_at(doc, "الفرنسي")


# --- 2. two names of one person, spelling variants --------------------------------------------------


def test_two_names_of_one_kb_person_in_one_span_link_to_him() -> None:
    doc = _doc("وكان خالد أبو العباس مختار بلمختار في ليبيا", [("خالد أبو العباس مختار بلمختار", "PER")])
    assert _entity_at(doc, "خالد").id == "rasd:mokhtar-belmokhtar"


def test_a_name_and_a_spelling_variant_of_the_kunya_link_to_the_person() -> None:
    doc = _doc(
        "أعلن عبد المالك دروكدال أبو مصعب عبدالودود البيان",
        [("عبد المالك دروكدال أبو مصعب عبدالودود", "PER")],
    )
    assert _entity_at(doc, "دروكدال").id == "rasd:abdelmalek-droukdel"


def test_names_of_two_different_people_in_one_span_are_not_one_kb_person() -> None:
    doc = _doc("التقى مختار بلمختار يحيى أبو الهمام في الصحراء", [("مختار بلمختار يحيى أبو الهمام", "PER")])
    ent = _entity_at(doc, "بلمختار")
    assert ent is None or not (
        {m.text for m in ent.mentions} >= {"مختار بلمختار يحيى أبو الهمام"} and ent.id.startswith("rasd:")
    )


def test_systematic_spelling_variants_link() -> None:
    cases = [
        ("التقى الوفد بلال أق الشريف", "بلال أق الشريف", "rasd:bilal-ag-acherif"),  # ق/غ for the g sound
        ("ظهر عبد المالك غوري في شريط", "عبد المالك غوري", "rasd:abdelmalek-gouri"),
        ("ظهر حماده ولد محمد خيري في شريط", "حماده ولد محمد خيري", "rasd:hamada-ould-kheirou"),  # article
        ("ظهر أبو قمقم في شريط", "أبو قمقم", "rasd:hamada-ould-kheirou"),  # a long vowel dropped
    ]
    for text, mention, expect in cases:
        ent = _entity_at(_doc(text, [(mention, "PER")]), mention)
        assert ent is not None and ent.id == expect, (mention, ent)


def test_a_different_first_name_is_a_different_person_even_one_variant_letter_apart() -> None:
    # Mahmoud is not Mohamed (a long vowel), «غيس» is not «قيس» (a g-sound letter)
    for text, mention, kb_id in [
        ("التقى الوفد محمود بازوم أمس", "محمود بازوم", "rasd:mohamed-bazoum"),
        ("التقى الوفد غيس سعيد أمس", "غيس سعيد", "rasd:kais-saied"),
        ("التقى الوفد كمال عكاشة أمس", "كمال عكاشة", "rasd:yahya-abu-al-hammam"),
    ]:
        ent = _entity_at(_doc(text, [(mention, "PER")]), mention)
        assert ent is None or ent.id != kb_id, mention


def test_same_name_rules() -> None:
    assert same_name("اياد اق غالي", "اياد اغ غالي", person=True)
    assert same_name("ابو قمقم", "ابو قمقوم", person=True)
    assert not same_name("ابو عمر", "ابو عامر", person=True)  # short names: a vowel makes another name
    assert not same_name("محمد حامد", "محمد حميد", person=True)  # a vowel changed, not added
    assert not same_name("محمود بازوم", "محمد بازوم", person=True)


# --- 3. unit names ----------------------------------------------------------------------------------


def test_a_unit_word_before_a_tagged_person_makes_the_kb_unit() -> None:
    doc = _doc("قاتلت كتائب الشهداء أبو سليم في درنة", [("أبو سليم", "PER")])
    ent = _entity_at(doc, "سليم")
    assert ent is not None and ent.id == "rasd:abu-salim-brigade" and ent.type == "ORG"
    assert ent.mentions[0].text == "كتائب الشهداء أبو سليم"


def test_unit_words_are_interchangeable_when_the_whole_name_is_tagged() -> None:
    doc = _doc("تبنت سرية عقبة بن نافع الهجوم", [("سرية عقبة بن نافع", "ORG")])
    assert _entity_at(doc, "عقبة").id == "rasd:okba-ibn-nafaa"


def test_a_unit_word_before_a_non_kb_name_changes_nothing() -> None:
    doc = _doc("قاتلت كتيبة سالم الورفلي في درنة", [("سالم الورفلي", "PER")])
    ent = _entity_at(doc, "سالم")
    assert ent.type == "PER" and ent.mentions[0].text == "سالم الورفلي"


# --- 4. beginnings of long organisation names --------------------------------------------------------


def test_the_beginning_of_a_long_kb_name_wins_over_the_split_spans() -> None:
    text = "تبنى تنظيم الدولة الإسلامية في الصحراء الهجوم على الثكنة"
    doc = _doc(text, [("تنظيم الدولة الإسلامية", "ORG"), ("الصحراء", "LOC")])
    ent = _entity_at(doc, "تنظيم الدولة")
    assert ent.id == "rasd:isgs"
    assert not any(e.type == "LOC" for e in doc.entities)


def test_a_shorter_kb_name_stays_itself_when_no_long_name_follows() -> None:
    doc = _doc("تبنى تنظيم الدولة الإسلامية الهجوم في الصحراء", [("تنظيم الدولة الإسلامية", "ORG")])
    assert _entity_at(doc, "تنظيم الدولة").id == "rasd:islamic-state"


# --- 5. a movement word before a place ----------------------------------------------------------------


def test_a_movement_word_before_a_place_makes_an_organisation() -> None:
    doc = _doc("اندلعت اشتباكات بين جبهة فزان والجيش", [("فزان", "LOC")])
    ent = _entity_at(doc, "فزان")
    assert ent.type == "ORG" and ent.mentions[0].text == "جبهة فزان" and not ent.id.startswith("rasd:")
    assert not any(e.id == "rasd:fezzan" for e in doc.entities)


def test_a_movement_word_before_a_place_links_when_the_kb_lists_the_name() -> None:
    doc = _doc("أعلنت حركة تحرير أزواد السيطرة على المدينة", [("تحرير أزواد", "LOC")])
    assert _entity_at(doc, "أزواد").id == "rasd:mnla"


# --- 7. public figures, surnames with context ------------------------------------------------------


def test_a_surname_alone_links_only_with_support_in_the_article() -> None:
    with_ctx = _doc("قال مسؤول إن ألقذافي كان يدعم الجماعات في ليبيا", [("ألقذافي", "PER")], doc_id="a")
    assert _entity_at(with_ctx, "ألقذافي").id == "rasd:muammar-gaddafi"
    without = _doc("قال مسؤول إن القذافي كان حاضرا", [("القذافي", "PER")], doc_id="b")
    assert _entity_at(without, "القذافي").id != "rasd:muammar-gaddafi"
    toure = _doc("خسر توري الانتخابات في مالي", [("توري", "PER")], doc_id="c")
    assert _entity_at(toure, "توري").id == "rasd:amadou-toumani-toure"


def test_a_relative_of_a_kb_figure_is_not_the_figure() -> None:
    doc = _doc("ظهر سيف الإسلام القذافي في ليبيا", [("سيف الإسلام القذافي", "PER")])
    assert _entity_at(doc, "سيف").id != "rasd:muammar-gaddafi"


def test_full_names_of_public_figures_link_across_articles() -> None:
    a = _doc("قال معمّر القذافي إن", [("معمّر القذافي", "PER")], doc_id="a")
    b = _doc("قال معمر القذافي إن", [("معمر القذافي", "PER")], doc_id="b")
    assert _entity_at(a, "القذافي").id == _entity_at(b, "القذافي").id == "rasd:muammar-gaddafi"


def test_a_place_keeps_its_compass_word() -> None:
    doc = _doc("تقدمت القوات في جنوب ليبيا أمس", [("جنوب ليبيا", "LOC")])
    ent = _entity_at(doc, "جنوب")
    assert ent.mentions[0].text == "جنوب ليبيا" and ent.id != "country:LY" and ent.geo.precision == "region"
