"""`rasd search` expands a query by the knowledge base's names read from a small cached file
(``rasd.store.kb_names``), not from the whole knowledge base built: the answers must be the same as
``KnowledgeBase.find`` gives, and the file must follow the knowledge base when it changes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from rasd.kb import build_knowledge_base, user_kb_dir
from rasd.store.expand import expand
from rasd.store.kb_names import load_kb_names, names_path

QUERIES = (
    "داعش",
    "بلمختار",
    "Boko Haram",
    "  بوكو حرام ",
    "عبدالمالك دروكدال",  # glued «عبد»: keyed by name_key itself unless the KB writes it so
    "أبي العباس",  # kunya folded to «ابو»
    "مالي",
    "rasd:aqim",  # an id
    "QDi.430",  # a UN reference
    "لا أحد بهذا الاسم",
)


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("RASD_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("RASD_KB_DIR", str(tmp_path / "kb"))
    return tmp_path


def test_the_names_file_finds_what_the_knowledge_base_finds(cache: Path) -> None:
    kb = build_knowledge_base()
    for names in (load_kb_names(), load_kb_names()):  # built, then read back from the file
        assert names_path().is_file()
        for query in QUERIES:
            wanted = [(e.id, list(e.names)) for e in kb.find(query.strip())]
            assert [(e.id, list(e.names)) for e in names.find(query.strip())] == wanted, query
            assert expand(query, names) == expand(query, kb), query
    for query in ("داعش", "بلمختار", "Boko Haram"):
        assert expand(query, load_kb_names()).names, query


def test_an_analysts_new_entity_makes_a_new_names_file(cache: Path) -> None:
    before = names_path()
    load_kb_names()
    assert not load_kb_names().find("جماعة الاختبار المتخيلة")
    user_kb_dir().mkdir(parents=True)
    entity = {"id": "rasd:test-group", "type": "ORG", "name": "جماعة الاختبار المتخيلة"}
    entity |= {"names": ["جماعة الاختبار المتخيلة", "جماعة التجربة"]}
    (user_kb_dir() / "entities_test.json").write_text(json.dumps({"entities": [entity]}), "utf-8")
    assert names_path() != before
    expansion = expand("جماعة الاختبار المتخيلة", load_kb_names())
    assert expansion == expand("جماعة الاختبار المتخيلة", build_knowledge_base())
    assert expansion.entities == ["rasd:test-group"] and expansion.names == ["جماعة التجربة"]


def test_an_unreadable_names_file_is_built_again(cache: Path) -> None:
    load_kb_names()
    names_path().write_text("{not json", "utf-8")
    assert [e.id for e in load_kb_names().find("rasd:aqim")] == ["rasd:aqim"]
    assert json.loads(names_path().read_text("utf-8"))["format"]
