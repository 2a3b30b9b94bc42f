"""Who can be *in* a place: an organisation that operates there, not a state body or an outlet named
beside the place where it met or reported (sentences written for this test)."""

from __future__ import annotations

from conftest import document_with_entities
from rasd.relate import relate_document


def _located(subtype: str) -> list[tuple[str, str]]:
    text = "ينشط التنظيم في منطقة كيدال منذ سنوات."
    doc = document_with_entities(
        text,
        {
            "org": {"type": "ORG", "names": ["التنظيم"], "subtype": subtype},
            "kidal": {"type": "LOC", "names": ["كيدال"], "subtype": "city"},
        },
    )
    relate_document(doc)
    return [(r.subject, r.object) for r in doc.relations if r.type == "located_in"]


def test_an_armed_group_is_located_where_it_operates() -> None:
    assert _located("armed_group") == [("org", "kidal")]


def test_a_state_body_or_an_outlet_is_never_located_in_a_place() -> None:
    assert _located("state_agency") == []
    assert _located("media") == []
