"""Aliases the text states: trigger phrases and acronyms in parentheses, with their evidence spans."""

from __future__ import annotations

from conftest import shared_gazetteer, shared_kb
from rasd.record import Document, TaggedSpan
from rasd.resolve import resolve_entities


def _resolve(text: str, tagged: list[tuple[str, str]] = ()) -> Document:
    spans = []
    for surface, label in tagged:
        start = text.index(surface)
        spans.append(TaggedSpan(start=start, end=start + len(surface), text=surface, label=label))
    doc = Document(id="d", source="t", text=text, spans=spans)
    resolve_entities(doc, shared_kb(), shared_gazetteer())
    for ent in doc.entities:
        for m in [*ent.mentions, *ent.alias_evidence]:
            assert text[m.start : m.end] == m.text
    return doc


def test_noms_de_guerre_after_a_kb_name_join_it_with_evidence() -> None:
    text = "قال مختار بلمختار، المعروف باسمه الحركي «خالد أبو العباس» أو «بلعور»، إن الهجوم نجح."
    doc = _resolve(text)
    [bel] = [e for e in doc.entities if e.type == "PER"]
    assert bel.id == "rasd:mokhtar-belmokhtar"
    assert [m.text for m in bel.alias_evidence] == ["خالد أبو العباس", "بلعور"]
    assert "alias stated in text" in (bel.resolution or "")


def test_an_unknown_person_gets_the_aliases_the_text_gives_and_their_repeats() -> None:
    text = (
        "اعتقل الأمن سالم ولد الشيخاني، الملقب بـ«الذئب الأبيض»، في المدينة. "
        "وكان الذئب الأبيض قد فر العام الماضي."
    )
    doc = _resolve(text, [("سالم ولد الشيخاني", "PER")])
    [person] = [e for e in doc.entities if e.type == "PER"]
    assert person.name == "سالم ولد الشيخاني"
    assert [m.text for m in person.mentions] == ["سالم ولد الشيخاني", "الذئب الأبيض", "الذئب الأبيض"]
    assert [m.text for m in person.alias_evidence] == ["الذئب الأبيض"]
    assert "الذئب الأبيض" in person.aliases


def test_glued_preposition_and_kunya_after_almukanna() -> None:
    doc = _resolve("ظهر عمر ولد حماها المكنى بأبي قتادة في التسجيل.", [("عمر ولد حماها", "PER")])
    [person] = [e for e in doc.entities if e.type == "PER"]
    assert [m.text for m in person.alias_evidence] == ["أبي قتادة"]
    doc = _resolve("ظهر القيادي الملقب ببلعور وهو يتحدث.", [("القيادي", "PER")])
    assert doc.entity("rasd:mokhtar-belmokhtar") is not None


def test_real_name_phrase_links_a_nom_de_guerre_to_the_kb_person() -> None:
    text = "أعلن أبو الفداء الجزائري، واسمه الحقيقي عبد المالك دروكدال، البيعة."
    doc = _resolve(text, [("أبو الفداء الجزائري", "PER")])
    drou = doc.entity("rasd:abdelmalek-droukdel")
    assert drou is not None
    assert {m.text for m in drou.mentions} == {"أبو الفداء الجزائري", "عبد المالك دروكدال"}


def test_acronym_in_parentheses_after_an_organisation() -> None:
    text = "كشفت وكالة المخابرات المركزية الأمريكية (سي آي إيه) أن هيئة الرصد الساحلي (HRS) حذرت."
    doc = _resolve(text, [("هيئة الرصد الساحلي", "ORG")])
    cia = doc.entity("rasd:cia")
    assert cia is not None and [m.text for m in cia.alias_evidence] == ["سي آي إيه"]
    [other] = [e for e in doc.entities if e.id != "rasd:cia"]
    assert other.aliases == ["HRS"]


def test_two_kb_entities_are_never_joined_by_an_alias_phrase() -> None:
    text = "التقى مختار بلمختار المعروف بـ«عبد المالك دروكدال» في الصحراء."
    doc = _resolve(text)
    assert {"rasd:mokhtar-belmokhtar", "rasd:abdelmalek-droukdel"} <= {e.id for e in doc.entities}


def test_a_trigger_without_a_name_before_it_adds_nothing() -> None:
    doc = _resolve("ومن المعروف أن الطريق طويلة.")
    assert doc.entities == []
