"""GraphML and GEXF exports, read back by networkx's own readers."""

from __future__ import annotations

import io

import networkx as nx
import pytest

from rasd.export import Knowledge
from rasd.export.graph import write_gexf, write_graphml
from rasd.record import Relation, Span

WRITERS = {"graphml": (write_graphml, nx.read_graphml), "gexf": (write_gexf, nx.read_gexf)}


def _export(knowledge: Knowledge, fmt: str) -> tuple[bytes, int, nx.DiGraph]:
    write, read = WRITERS[fmt]
    out = io.BytesIO()
    count = write(knowledge, out)
    return out.getvalue(), count, read(io.BytesIO(out.getvalue()))


def _relations(graph: nx.DiGraph, u: str, v: str) -> set[str]:
    """The relation types on u → v, whether the reader gave back a multigraph or a simple graph."""
    data = graph.get_edge_data(u, v) or {}
    return (
        {d["relation"] for d in data.values()}
        if graph.is_multigraph()
        else {data["relation"]}
        if data
        else set()
    )


@pytest.mark.parametrize("fmt", WRITERS)
def test_seed_graph_reads_back(seed_knowledge, fmt):
    data, count, graph = _export(seed_knowledge, fmt)
    assert count == graph.number_of_nodes() + graph.number_of_edges()
    node = graph.nodes["rasd:mokhtar-belmokhtar"]
    assert node["label"] == "مختار بلمختار"
    assert node["type"] == "PER" and node["un_sanctions"] == "QDi.136"
    assert int(node["articles"]) >= 1 and " | " in node["aliases"]
    assert "مختار بلمختار".encode() in data  # Arabic kept as UTF-8, not as character references
    mali = graph.nodes["country:ML"]
    assert (float(mali["latitude"]), float(mali["longitude"])) == (17.6, -2.0)
    assert mali["wikidata"] == "Q912"
    # Every relation of the knowledge is an edge, the relation type on it.
    assert any(
        r.subject == "rasd:mokhtar-belmokhtar" and r.object == "rasd:aqim" and r.type == "member_of"
        for r in seed_knowledge.relations
    )
    assert "member_of" in _relations(graph, "rasd:mokhtar-belmokhtar", "rasd:aqim")
    for rel in seed_knowledge.relations:
        assert rel.type in _relations(graph, rel.subject, rel.object)
    edge = graph.get_edge_data("rasd:mokhtar-belmokhtar", "rasd:aqim")
    edge = next(iter(edge.values())) if graph.is_multigraph() else edge
    assert float(edge["confidence"]) > 0 and edge["evidence"] and int(edge["articles"]) == 1


@pytest.mark.parametrize("fmt", WRITERS)
def test_event_nodes_are_linked(seed_knowledge, fmt):
    _, _, graph = _export(seed_knowledge, fmt)
    events = [n for n, d in graph.nodes(data=True) if d["type"] == "event"]
    assert events and all(n.startswith("event:") for n in events)
    linked = [e for e in seed_knowledge.events if e.actors or e.targets or e.location]
    assert len(events) == len(linked)
    for n in events:
        assert graph.degree(n) >= 1, n
        assert graph.nodes[n]["modality"] in {"asserted", "planned", "feared", "denied", "hypothetical"}
    gao = next(n for n in events if _relations(graph, n, "rasd:gao") == {"located_in"})
    assert graph.nodes[gao]["event_type"] == "kidnapping"
    assert graph.nodes[gao]["label"] == "kidnapping @ غاو 2012-04"
    assert "actor" in _relations(graph, "rasd:mokhtar-belmokhtar", gao)


@pytest.mark.parametrize("fmt", WRITERS)
def test_reruns_are_byte_identical(seed_documents, fmt):
    first, _, _ = _export(Knowledge.from_documents(seed_documents), fmt)
    again, _, _ = _export(Knowledge.from_documents(list(reversed(seed_documents))), fmt)
    assert first == again
    assert b"lastmodifieddate" not in first  # GEXF's date of writing is stripped


@pytest.mark.parametrize("fmt", WRITERS)
def test_parallel_relations_stay_two_edges(build_document, fmt):
    text = "مختار بلمختار قائد تنظيم القاعدة في بلاد المغرب الإسلامي"
    doc = build_document(
        text,
        entities=(
            ("rasd:mokhtar-belmokhtar", "PER", "مختار بلمختار", "مختار بلمختار", ()),
            ("rasd:aqim", "ORG", "تنظيم القاعدة في بلاد المغرب الإسلامي", "تنظيم القاعدة", ()),
        ),
        with_extraction=True,
    )
    doc.relations.append(
        Relation(
            type="leader_of",
            subject="rasd:mokhtar-belmokhtar",
            object="rasd:aqim",
            evidence=Span(start=0, end=len(text)),
            confidence=0.9,
        )
    )
    _, count, graph = _export(Knowledge.from_documents([doc]), fmt)
    assert graph.is_multigraph()
    assert _relations(graph, "rasd:mokhtar-belmokhtar", "rasd:aqim") == {"member_of", "leader_of"}
    # conftest's extraction adds one event: actor the first entity, place the second. So 3 nodes; 2 relation
    # edges and 2 event edges (actor → event, event → place).
    assert count == graph.number_of_nodes() + graph.number_of_edges() == 3 + 4


@pytest.mark.parametrize("fmt", WRITERS)
def test_empty_knowledge(fmt):
    _, count, graph = _export(Knowledge.from_documents([]), fmt)
    assert count == 0 and graph.number_of_nodes() == 0


def _networkx_graph(knowledge: Knowledge) -> nx.MultiDiGraph:
    """The graph the writers used to build and hand to networkx: the oracle their streamed output must
    equal byte for byte."""
    from rasd.export.graph import _entity_attributes, _event_attributes, _relation_attributes

    graph = nx.MultiDiGraph()
    for entity_id, rec in sorted(knowledge.entities.items()):
        graph.add_node(entity_id, **_entity_attributes(rec))
    for rel in sorted(knowledge.relations, key=lambda r: (r.subject, r.object, r.type)):
        if rel.subject in graph and rel.object in graph:
            graph.add_edge(rel.subject, rel.object, key=rel.type, **_relation_attributes(rel))
    for event_id, ev in knowledge.numbered_events():
        links = [(a, event_id, "actor") for a in ev.actors]
        links += [(event_id, t, "target") for t in ev.targets]
        links += [(event_id, ev.location, "located_in")] if ev.location else []
        links = [(u, v, k) for u, v, k in links if (v if u == event_id else u) in graph]
        if not links:
            continue
        graph.add_node(event_id, **_event_attributes(knowledge, ev))
        for u, v, kind in links:
            graph.add_edge(u, v, key=kind, label=kind, relation=kind)
    return graph


def _networkx_bytes(graph: nx.MultiDiGraph, fmt: str) -> bytes:
    out = io.BytesIO()
    if fmt == "graphml":
        nx.write_graphml(graph, out, encoding="utf-8", prettyprint=True)
    else:
        from networkx.readwrite.gexf import GEXFWriter

        writer = GEXFWriter(encoding="utf-8", prettyprint=True)
        writer.add_graph(graph)
        meta = writer.xml.find("meta")
        if meta is not None:
            meta.attrib.pop("lastmodifieddate", None)
        writer.write(out)
    return out.getvalue()


def _tangled_knowledge(build_document) -> Knowledge:
    """Events whose links cross: an actor that is also a target, a place that is also a target, a
    repeated actor, an event with no known participant (left out), two relations on one pair."""
    from rasd.record import Event

    text = "مختار بلمختار قائد تنظيم القاعدة في بلاد المغرب الإسلامي في غاو"
    doc = build_document(
        text,
        entities=(
            ("rasd:mokhtar-belmokhtar", "PER", "مختار بلمختار", "مختار بلمختار", ()),
            ("rasd:aqim", "ORG", "تنظيم القاعدة في بلاد المغرب الإسلامي", "تنظيم القاعدة", ()),
            ("rasd:gao", "LOC", "غاو", "غاو", ()),
        ),
        with_extraction=True,
    )
    span = Span(start=0, end=len(text))
    doc.relations.append(
        Relation(
            type="leader_of",
            subject="rasd:mokhtar-belmokhtar",
            object="rasd:aqim",
            evidence=span,
            confidence=0.8,
        )
    )
    base = doc.events[0]
    doc.events += [
        base.model_copy(
            update={
                "type": "attack",
                "actors": ["rasd:aqim", "rasd:aqim", "rasd:mokhtar-belmokhtar"],
                "targets": ["rasd:gao", "rasd:mokhtar-belmokhtar"],
                "location": "rasd:gao",
            }
        ),
        base.model_copy(
            update={"type": "arrest", "actors": ["rasd:unknown"], "targets": [], "location": None}
        ),
    ]
    assert all(isinstance(e, Event) for e in doc.events)
    return Knowledge.from_documents([doc])


@pytest.mark.parametrize("fmt", WRITERS)
def test_streamed_file_is_what_networkx_writes(seed_knowledge, build_document, fmt):
    """The graph is never built, yet the file is networkx's, byte for byte, for the seeds and for
    crossing links; and the count is the graph's."""
    for knowledge in (seed_knowledge, _tangled_knowledge(build_document), Knowledge.from_documents([])):
        graph = _networkx_graph(knowledge)
        data, count, _ = _export(knowledge, fmt)
        assert data == _networkx_bytes(graph, fmt)
        assert count == graph.number_of_nodes() + graph.number_of_edges()
