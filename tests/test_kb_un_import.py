"""UN consolidated list import: references, Arabic names, aliases with quality, narrative links."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from rasd.cli import app
from rasd.kb import build_knowledge_base, name_key
from rasd.kb.un_import import load_un_json, read_un_list, write_un_json

SHARED_UN = (
    Path(__file__).resolve().parents[2]
    / "shared"
    / "data"
    / "un_sanctions"
    / "un_consolidated_2022-09-15.xml"
)

# A list in the UN's format, with invented people and groups (our own test data).
SAMPLE = """<?xml version="1.0" encoding="UTF-8"?>
<CONSOLIDATED_LIST dateGenerated="2026-01-01T00:00:00">
 <INDIVIDUALS>
  <INDIVIDUAL><DATAID>1</DATAID><FIRST_NAME>SAMIR</FIRST_NAME><SECOND_NAME>EL  TESTOUNI</SECOND_NAME>
   <UN_LIST_TYPE>Al-Qaida</UN_LIST_TYPE><REFERENCE_NUMBER>QDi.901</REFERENCE_NUMBER><LISTED_ON>2020-01-02</LISTED_ON>
   <NAME_ORIGINAL_SCRIPT>سمير التستوني</NAME_ORIGINAL_SCRIPT>
   <COMMENTS1>Leader of the Test Brigade (QDe.902). Associated with (QDe.014).</COMMENTS1>
   <NATIONALITY><VALUE>Algeria</VALUE></NATIONALITY>
   <INDIVIDUAL_ALIAS><QUALITY>Good</QUALITY><ALIAS_NAME>Abou Testa</ALIAS_NAME></INDIVIDUAL_ALIAS>
   <INDIVIDUAL_ALIAS><QUALITY>Low</QUALITY><ALIAS_NAME>Testa</ALIAS_NAME></INDIVIDUAL_ALIAS>
  </INDIVIDUAL>
  <INDIVIDUAL><DATAID>2</DATAID><FIRST_NAME>OTHER</FIRST_NAME><SECOND_NAME>REGIME</SECOND_NAME>
   <UN_LIST_TYPE>DPRK</UN_LIST_TYPE><REFERENCE_NUMBER>KPi.999</REFERENCE_NUMBER></INDIVIDUAL>
 </INDIVIDUALS>
 <ENTITIES>
  <ENTITY><DATAID>3</DATAID><FIRST_NAME>TEST BRIGADE (TB)</FIRST_NAME><UN_LIST_TYPE>Al-Qaida</UN_LIST_TYPE>
   <REFERENCE_NUMBER>QDe.902</REFERENCE_NUMBER><NAME_ORIGINAL_SCRIPT>كتيبة الامتحان الكبرى</NAME_ORIGINAL_SCRIPT>
   <COMMENTS1>Headed by Samir El Testouni (QDi.901).</COMMENTS1>
   <ENTITY_ALIAS><QUALITY>a.k.a.</QUALITY><ALIAS_NAME>Brigade de l'examen (BDE)</ALIAS_NAME></ENTITY_ALIAS>
  </ENTITY>
 </ENTITIES>
</CONSOLIDATED_LIST>
"""


@pytest.fixture
def sample_xml(tmp_path: Path) -> Path:
    path = tmp_path / "un.xml"
    path.write_text(SAMPLE, encoding="utf-8")
    return path


def test_reads_references_arabic_names_aliases_and_links(sample_xml: Path) -> None:
    records = {r.ref: r for r in read_un_list(sample_xml)}
    assert set(records) == {"QDi.901", "QDe.902"}  # the DPRK regime is outside the field
    person = records["QDi.901"]
    assert person.name == "SAMIR EL TESTOUNI"
    assert person.name_ar == "سمير التستوني"
    assert [(a.name, a.quality) for a in person.aliases] == [("Abou Testa", "Good"), ("Testa", "Low")]
    assert person.links == ["QDe.014", "QDe.902"]
    assert person.nationality == ["Algeria"]
    assert len(read_un_list(sample_xml, regimes=None)) == 3


def test_json_round_trip(sample_xml: Path, tmp_path: Path) -> None:
    records = read_un_list(sample_xml)
    out = tmp_path / "un.json"
    write_un_json(records, out, "test")
    assert load_un_json(out.read_text("utf-8")) == records


def test_imported_list_enters_the_kb_with_links_as_context(sample_xml: Path, tmp_path: Path) -> None:
    kb_dir = tmp_path / "kb"
    result = CliRunner().invoke(
        app, ["kb", "import-un", str(sample_xml), "--out", str(kb_dir / "un_sanctions.json")]
    )
    assert result.exit_code == 0, result.output
    assert "2 records" in result.output
    kb = build_knowledge_base(kb_dir)
    person = kb.entities["un:QDi.901"]
    assert person.names["سمير التستوني"] == "link"  # two words: a common-looking name, not searched for
    assert person.names["Testa"] == "needs_context"  # low-quality alias
    assert "un:QDe.902" in kb.neighbours["un:QDi.901"]
    assert "rasd:aqim" in kb.neighbours["un:QDi.901"]  # QDe.014 is the curated AQIM
    assert "country:DZ" in person.context
    assert kb.lookup(name_key("BDE")) == [("un:QDe.902", "needs_context")]


def test_import_un_reports_a_broken_file_in_one_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.xml"
    bad.write_text("<not-closed", encoding="utf-8")
    result = CliRunner().invoke(app, ["kb", "import-un", str(bad), "--out", str(tmp_path / "x.json")])
    assert result.exit_code == 2
    assert "Traceback" not in result.output


@pytest.mark.skipif(not SHARED_UN.is_file(), reason="shared UN sample not present")
def test_the_published_list_keeps_belmokhtar_and_his_groups() -> None:
    records = {r.ref: r for r in read_un_list(SHARED_UN)}
    bel = records["QDi.136"]
    assert bel.name_ar == "مختار بلمختار"
    assert {"QDe.014", "QDe.141"} <= set(bel.links)
    assert any(a.quality == "Low" and a.name == "Belaour" for a in bel.aliases)
    assert records["QDe.141"].name_ar == "المرابطون"
    # the shipped extract is this same list
    shipped = json.loads(
        (
            Path(__file__).resolve().parents[1] / "src" / "rasd" / "data" / "kb" / "un_sanctions.json"
        ).read_text("utf-8")
    )
    assert {r["ref"] for r in shipped["records"]} == set(records)
