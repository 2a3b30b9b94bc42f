"""The seed articles: KB names are found even without a recogniser, with exact offsets."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import shared_gazetteer, shared_kb
from rasd.record import Document
from rasd.resolve import resolve_entities

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"


def _resolve(name: str) -> Document:
    path = SEEDS / name
    if not path.is_file():
        pytest.skip("shared seeds not present")
    text = path.read_text("utf-8", errors="replace")
    doc = Document(id="s", source=str(path), text=text)
    resolve_entities(doc, shared_kb(), shared_gazetteer())
    for ent in doc.entities:
        for m in ent.mentions:
            assert text[m.start : m.end] == m.text and m.text == m.text.strip()
    return doc


def test_seed_0_belmokhtar_misspelt_and_by_his_noms_de_guerre() -> None:
    doc = _resolve("000_1dcc66cc26a858c9.txt")
    bel = doc.entity("rasd:mokhtar-belmokhtar")
    assert bel is not None
    assert {"مختار بمختار", "خالد أبو العباس", "بلعور"} <= {m.text for m in bel.mentions}
    assert doc.entity("rasd:aqim") is not None


def test_seed_1_droukdel_misspelt_and_egyptian_intelligence() -> None:
    doc = _resolve("001_63d6f64e561c0f9c.txt")
    drou = doc.entity("rasd:abdelmalek-droukdel")
    assert drou is not None and "درودكال" in {m.text for m in drou.mentions}
    assert doc.entity("rasd:ansar-beit-al-maqdis") is not None


def test_seed_4_belmokhtar_quoted() -> None:
    doc = _resolve("004_64ae3f57c649b00b.txt")
    assert doc.entity("rasd:mokhtar-belmokhtar") is not None
    assert doc.entity("rasd:drs") is not None


def _resolve_tagged(name: str, tagged: list[tuple[str, str]]) -> Document:
    """A seed with spans as a recogniser gives them (every occurrence of each surface form)."""
    from rasd.record import TaggedSpan

    path = SEEDS / name
    if not path.is_file():
        pytest.skip("shared seeds not present")
    text = path.read_text("utf-8", errors="replace")
    spans = []
    for surface, label in tagged:
        start = text.find(surface)
        while start >= 0:
            spans.append(TaggedSpan(start=start, end=start + len(surface), text=surface, label=label))
            start = text.find(surface, start + 1)
    doc = Document(id="s", source=str(path), text=text, spans=spans)
    resolve_entities(doc, shared_kb(), shared_gazetteer())
    for ent in doc.entities:
        for m in ent.mentions:
            assert text[m.start : m.end] == m.text and m.text
    return doc


def _by_surface(doc: Document, surface: str) -> str | None:
    start = doc.text.index(surface)
    end = start + len(surface)
    return next((e.id for e in doc.entities for m in e.mentions if m.start < end and start < m.end), None)


def test_seed_3_long_spans_variants_and_a_shortened_aqim_name() -> None:
    doc = _resolve_tagged(
        "003_7d333a195e1a001e.txt",
        [
            ("حمادة ولد محمد خيري أبو قمقم", "PER"),
            ("جمال عكاشة يحيى أبو الهمام", "PER"),
            ("إياد أق غالي", "PER"),
            ("الموريتاني صفي الدين الموريتاني", "PER"),
            ("المغرب", "LOC"),
        ],
    )
    assert _by_surface(doc, "حمادة ولد") == "rasd:hamada-ould-kheirou"
    assert _by_surface(doc, "جمال عكاشة") == "rasd:yahya-abu-al-hammam"
    assert _by_surface(doc, "إياد أق غالي") == "rasd:iyad-ag-ghaly"
    assert "صفي الدين الموريتاني" in {m.text for e in doc.entities for m in e.mentions}
    assert _by_surface(doc, "القاعدة في بلاد المغرب.") == "rasd:aqim"


def test_seed_4_mail_of_hillary_clinton_and_belmokhtar_founder() -> None:
    doc = _resolve_tagged(
        "004_64ae3f57c649b00b.txt", [("بريد هيلاري كلينتون", "PER"), ("مختار بلمختار مؤسس كتيبة", "PER")]
    )
    texts = {m.text for e in doc.entities for m in e.mentions}
    assert "بريد هيلاري كلينتون" not in texts and "مختار بلمختار مؤسس كتيبة" not in texts
    assert doc.entity("rasd:hillary-clinton") is not None
    assert _by_surface(doc, "بلمختار مؤسس") == "rasd:mokhtar-belmokhtar"


def test_seed_1_abu_salim_brigade_and_gaddafi() -> None:
    doc = _resolve_tagged(
        "001_63d6f64e561c0f9c.txt", [("أبو سليم", "PER"), ("معمّر القذافي", "PER"), ("القذافي", "PER")]
    )
    assert _by_surface(doc, "لواء الشهيد") == "rasd:abu-salim-brigade"
    assert doc.entity("rasd:abu-salim-brigade").type == "ORG"
    assert _by_surface(doc, "معمّر القذافي") == "rasd:muammar-gaddafi"


def test_seed_0_azawad_movement_is_an_organisation() -> None:
    doc = _resolve_tagged("000_1dcc66cc26a858c9.txt", [("الأزواد", "PER")])
    start = doc.text.index("حركة الأزواد")
    ent = next(e for e in doc.entities for m in e.mentions if m.start == start)
    assert ent.type == "ORG" and ent.mentions[0].text == "حركة الأزواد"
