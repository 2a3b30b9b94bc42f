"""The shipped knowledge base: what it holds, how names are graded, how ids are formed."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import shared_kb
from rasd.kb import build_knowledge_base, name_key

ISSUE_ENTITIES = [
    "rasd:aqim",
    "rasd:al-mourabitoun",
    "rasd:mujao",
    "rasd:ansar-dine",
    "rasd:jnim",
    "rasd:isgs",
    "rasd:iswap",
    "rasd:boko-haram",
    "rasd:signed-in-blood",
    "rasd:ansar-al-sharia-tunisia",
    "rasd:ansar-beit-al-maqdis",
    "rasd:jund-al-khilafa-algeria",
    "rasd:okba-ibn-nafaa",
    "rasd:abu-salim-brigade",
    "rasd:mnla",
    "rasd:mokhtar-belmokhtar",
    "rasd:abdelmalek-droukdel",
    "rasd:iyad-ag-ghaly",
    "rasd:drs",
    "rasd:dss-algeria",
    "rasd:fama",
    "rasd:operation-barkhane",
    "rasd:operation-serval",
    "rasd:africom",
    "rasd:egypt-gis",
    "rasd:cia",
]


def test_the_issues_groups_leaders_and_agencies_are_in_the_kb() -> None:
    kb = shared_kb()
    missing = [eid for eid in ISSUE_ENTITIES if eid not in kb.entities]
    assert missing == []


def test_belmokhtar_names_kunya_and_nom_de_guerre_lead_to_one_entity() -> None:
    kb = shared_kb()
    for name in ["مختار بلمختار", "بلمختار", "خالد أبو العباس", "بلعور", "Mokhtar Belmokhtar"]:
        assert [eid for eid, _ in kb.lookup(name_key(name))] == ["rasd:mokhtar-belmokhtar"], name
    assert kb.entities["rasd:mokhtar-belmokhtar"].un_sanctions == "QDi.136"


def test_aqim_spellings_lead_to_aqim() -> None:
    kb = shared_kb()
    for name in [
        "تنظيم القاعدة في بلاد المغرب الإسلامي",
        "القاعدة في المغرب الإسلامي",
        "تنظيم القاعدة المغاربي",
    ]:
        assert [eid for eid, _ in kb.lookup(name_key(name))] == ["rasd:aqim"], name


def test_a_name_two_entities_share_needs_context() -> None:
    kb = shared_kb()
    holders = kb.lookup(name_key("أنصار الشريعة"))
    assert {eid for eid, _ in holders} >= {"rasd:ansar-al-sharia-tunisia", "rasd:ansar-al-sharia-benghazi"}
    assert {strength for _, strength in holders} == {"needs_context"}


def test_country_names_that_are_common_words_are_linked_but_never_searched_for() -> None:
    kb = shared_kb()
    assert kb.lookup(name_key("مالي")) == [("country:ML", "link")]
    assert "مالي" not in kb.scan_prefixes
    assert kb.lookup(name_key("ليبيا")) == [("country:LY", "scan")]


def test_name_keys_fold_spelling_variants() -> None:
    assert name_key("عبدالمالك") == name_key("عبد المالك")
    assert name_key("أبي مصعب الزرقاوي") == name_key("أبو مصعب الزرقاوي")
    assert name_key("التوحيد و الجهاد") == name_key("التوحيد والجهاد")
    assert name_key("ورڤلة") == name_key("ورقلة")


def test_relations_are_typed_dated_and_point_at_kb_entities() -> None:
    kb = shared_kb()
    assert {r.type for r in kb.relations} >= {
        "leader_of",
        "part_of",
        "founded",
        "pledged_allegiance_to",
        "split_from",
    }
    for rel in kb.relations:
        assert rel.subject in kb.entities and rel.object in kb.entities, rel
    founded = [r for r in kb.relations_of("rasd:al-mourabitoun") if r.type == "founded"]
    assert founded and founded[0].subject == "rasd:mokhtar-belmokhtar" and founded[0].start == "2013-08"


def test_un_listed_entries_without_curated_entry_get_un_ids() -> None:
    kb = shared_kb()
    assert kb.by_un_ref["QDi.136"] == "rasd:mokhtar-belmokhtar"
    assert kb.by_un_ref["QDi.092"] == "un:QDi.092"
    assert kb.entities["un:QDi.092"].type == "PER"


def test_analyst_entities_in_the_user_kb_dir_are_loaded(tmp_path: Path) -> None:
    extra = {
        "entities": [
            {
                "id": "rasd:test-brigade",
                "type": "ORG",
                "name": "كتيبة الاختبار الوهمية",
                "names": ["كتيبة الاختبار الوهمية"],
            }
        ]
    }
    (tmp_path / "entities_local.json").write_text(json.dumps(extra, ensure_ascii=False), encoding="utf-8")
    kb = build_knowledge_base(tmp_path)
    assert kb.lookup(name_key("كتيبة الاختبار الوهمية")) == [("rasd:test-brigade", "scan")]
    assert "rasd:aqim" in kb.entities
