"""Analysts' merge and split judgements: recorded by the CLI, applied to every (re-)resolved record."""

from __future__ import annotations

from typer.testing import CliRunner

from conftest import shared_gazetteer, shared_kb
from rasd.cli import app
from rasd.kb.ids import entity_id
from rasd.kb.judgements import Correction, apply_judgements, apply_merges, merge_map, merge_reasons
from rasd.record import Document, Entity, Event, Relation, Span, TaggedSpan
from rasd.resolve import resolve_entities

TEXT = (
    "التقى أحمد ولد سالم بالقيادي حمادة الأزوادي في كيدال، وقال أحمد ولد سالم إن حمادة الأزوادي وعد بالدعم."
)


def _resolved() -> Document:
    spans = []
    for name, label in [("أحمد ولد سالم", "PER"), ("حمادة الأزوادي", "PER")]:
        start = 0
        while (start := TEXT.find(name, start)) != -1:
            spans.append(TaggedSpan(start=start, end=start + len(name), text=name, label=label))
            start += len(name)
    doc = Document(id="d", source="t", text=TEXT, spans=spans)
    resolve_entities(doc, shared_kb(), shared_gazetteer())
    return doc


def test_merge_keeps_the_first_id_and_records_why() -> None:
    doc = _resolved()
    a, b = entity_id("PER", "أحمد ولد سالم"), entity_id("PER", "حمادة الأزوادي")
    doc.relations.append(
        Relation(type="allied_with", subject=a, object=b, evidence=Span(start=0, end=5), confidence=0.5)
    )
    apply_judgements(doc, [Correction("merge", a, b, "same man, two names (analyst)")], shared_kb())
    ids = [e.id for e in doc.entities]
    assert b not in ids and a in ids
    merged = doc.entity(a)
    assert merged is not None
    assert len(merged.mentions) == 4
    assert "حمادة الأزوادي" in merged.aliases
    assert "same man, two names" in (merged.resolution or "")
    assert doc.relations[0].object == a


def test_a_later_split_of_the_pair_cancels_the_merge() -> None:
    doc = _resolved()
    a, b = entity_id("PER", "أحمد ولد سالم"), entity_id("PER", "حمادة الأزوادي")
    apply_judgements(
        doc,
        [("merge", a, b, "x"), {"kind": "split", "entity_a": a, "entity_b": b, "reason": "no"}],
        shared_kb(),
    )
    assert {a, b} <= {e.id for e in doc.entities}


def test_split_by_name_detaches_those_mentions_from_a_kb_entity() -> None:
    text = "قال مختار بلمختار إن بلعور ليس هو."
    doc = Document(id="d", source="t", text=text)
    resolve_entities(doc, shared_kb(), shared_gazetteer())
    bel = doc.entity("rasd:mokhtar-belmokhtar")
    assert bel is not None and len(bel.mentions) == 2
    apply_judgements(
        doc, [Correction("split", "rasd:mokhtar-belmokhtar", "بلعور", "another Belaouar")], shared_kb()
    )
    assert [m.text for m in doc.entity("rasd:mokhtar-belmokhtar").mentions] == ["مختار بلمختار"]
    other = doc.entity(entity_id("PER", "بلعور"))
    assert other is not None and other.mentions[0].text == "بلعور"
    assert "another Belaouar" in (other.resolution or "")


def test_cli_records_judgements_that_survive_re_resolution(sqlite_url: str) -> None:
    from rasd.store import Store

    a, b = entity_id("PER", "أحمد ولد سالم"), entity_id("PER", "حمادة الأزوادي")
    runner = CliRunner()
    result = runner.invoke(app, ["kb", "merge", a, b, "--reason", "one man", "--db", sqlite_url])
    assert result.exit_code == 0, result.output
    result = runner.invoke(app, ["kb", "split", "QDi.136", "بلعور", "--db", sqlite_url])
    assert result.exit_code == 0, result.output
    with Store.open(sqlite_url) as store:
        judgements = store.judgements()
    assert [(j.kind, j.entity_a, j.entity_b) for j in judgements] == [
        ("merge", a, b),
        ("split", "rasd:mokhtar-belmokhtar", "بلعور"),
    ]
    for _ in range(2):  # a fresh resolution of the same article gets the same corrections
        doc = _resolved()
        apply_judgements(doc, judgements, shared_kb())
        assert [e.id for e in doc.entities if e.type == "PER"] == [a]


def test_cli_refuses_an_ambiguous_name() -> None:
    result = CliRunner().invoke(
        app, ["kb", "merge", "أنصار الشريعة", "rasd:aqim", "--db", "sqlite:///:memory:"]
    )
    assert result.exit_code == 2


def test_merge_map_takes_every_form_and_ignores_splits_by_name() -> None:
    judgements = [
        ("merge", "rasd:a", "per:b", "same man"),
        {"kind": "split", "entity_a": "rasd:a", "entity_b": "بلعور"},
        Correction("merge", "rasd:c", "rasd:a", "one group"),
    ]
    assert merge_map(judgements) == {"per:b": "rasd:c", "rasd:a": "rasd:c"}
    assert merge_reasons(judgements) == {"per:b": "same man", "rasd:a": "one group"}


def test_apply_merges_takes_the_canonical_entity_and_keeps_everything_else() -> None:
    doc = _resolved()
    a, b = entity_id("PER", "أحمد ولد سالم"), entity_id("PER", "حمادة الأزوادي")
    doc.entity(b).kb = {"wikidata": "Q1"}
    doc.events.append(
        Event(
            type="attack",
            acled=None,
            trigger=doc.entity(a).mentions[0],
            actors=[a, b],
            evidence=Span(start=0, end=5),
        )
    )
    canonical = {
        "rasd:x": Entity(id="rasd:x", type="PER", subtype="leader", name="X", kb={"un_sanctions": "QDi.1"})
    }
    apply_merges(doc, {a: "rasd:x", b: "rasd:x"}, canonical, {b: "kunya"})
    [merged] = [e for e in doc.entities if e.type == "PER"]
    assert (merged.id, merged.name, merged.subtype) == ("rasd:x", "X", "leader")
    assert merged.aliases == ["أحمد ولد سالم", "حمادة الأزوادي"]
    assert [m.start for m in merged.mentions] == sorted(m.start for m in merged.mentions)
    assert len(merged.mentions) == 4
    assert merged.kb == {"wikidata": "Q1", "un_sanctions": "QDi.1"}
    assert merged.resolution is not None and merged.resolution.endswith(
        f"merged {a} by analyst judgement; merged {b} by analyst judgement: kunya"
    )
    assert doc.events[0].actors == ["rasd:x"]
