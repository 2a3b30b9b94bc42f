"""The seed articles: KB names are found even without a recogniser, with exact offsets."""

from __future__ import annotations

from pathlib import Path

import pytest

from rasd.record import Document
from rasd.resolve import resolve_entities

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"


def _resolve(name: str) -> Document:
    path = SEEDS / name
    if not path.is_file():
        pytest.skip("shared seeds not present")
    text = path.read_text("utf-8", errors="replace")
    doc = Document(id="s", source=str(path), text=text)
    resolve_entities(doc)
    for ent in doc.entities:
        for m in ent.mentions:
            assert text[m.start:m.end] == m.text and m.text == m.text.strip()
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
