"""GraphML and GEXF for Gephi, Cytoscape and yEd: entities and events as nodes, relations as edges.

One directed multigraph serves both formats. The multigraph key of a relation edge is its type, so two
relations between one pair (``member_of`` and ``leader_of``) stay two edges. Events are nodes too
(``event:<n>``, numbered as in the GeoJSON export), linked actor → event, event → target and event →
place; an event with none of these would be an isolated node and is left out (GeoJSON and ACLED keep it).

Both XML writers reject ``None``, so an unknown attribute is left out rather than written empty. The
edge attribute that carries the relation type is ``relation`` (and the edge ``label``): GEXF reserves
an edge's ``type`` for directed/undirected. Nodes and edges are added in sorted order so that reruns
are byte-identical; ``nx.write_gexf`` stamps today's date in ``<meta lastmodifieddate>``, which is
stripped (the attribute is optional in GEXF 1.2).
"""

from __future__ import annotations

from typing import Any, BinaryIO

import networkx as nx
from networkx.readwrite.gexf import GEXFWriter

from rasd.export.knowledge import EntityRecord, Knowledge
from rasd.relate.across import MergedEvent


def write_graphml(knowledge: Knowledge, out: BinaryIO) -> int:
    graph = build_graph(knowledge)
    nx.write_graphml(graph, out, encoding="utf-8", prettyprint=True)
    return graph.number_of_nodes() + graph.number_of_edges()


def write_gexf(knowledge: Knowledge, out: BinaryIO) -> int:
    graph = build_graph(knowledge)
    count = graph.number_of_nodes() + graph.number_of_edges()
    # nx.write_gexf's steps, with its date stamp taken out of the tree: the XML is written straight
    # to ``out`` instead of being copied into a buffer and rewritten.
    writer = GEXFWriter(encoding="utf-8", prettyprint=True)
    writer.add_graph(graph)
    del graph
    meta = writer.xml.find("meta")
    if meta is not None:
        meta.attrib.pop("lastmodifieddate", None)
    writer.write(out)
    return count


def build_graph(knowledge: Knowledge) -> nx.MultiDiGraph:
    graph = nx.MultiDiGraph()
    for entity_id, rec in sorted(knowledge.entities.items()):
        graph.add_node(entity_id, **_entity_attributes(rec))
    for rel in sorted(knowledge.relations, key=lambda r: (r.subject, r.object, r.type)):
        if rel.subject not in graph or rel.object not in graph:
            continue
        evidence = sorted(rel.evidence, key=lambda e: (e.document, e.span.start))
        graph.add_edge(
            rel.subject,
            rel.object,
            key=rel.type,
            **_clean(
                {
                    "label": rel.type,
                    "relation": rel.type,
                    "confidence": float(rel.confidence),
                    "articles": len({e.document for e in evidence}),
                    "evidence": " ".join(evidence[0].text.split()) if evidence else None,
                }
            ),
        )
    for event_id, ev in knowledge.numbered_events():
        links = [(a, event_id, "actor") for a in ev.actors]
        links += [(event_id, t, "target") for t in ev.targets]
        links += [(event_id, ev.location, "located_in")] if ev.location else []
        links = [
            (u, v, k) for u, v, k in links if (v if u == event_id else u) in graph
        ]  # known entities only
        if not links:
            continue
        graph.add_node(event_id, **_event_attributes(knowledge, ev))
        for u, v, kind in links:
            graph.add_edge(u, v, key=kind, label=kind, relation=kind)
    return graph


def _clean(attributes: dict[str, Any]) -> dict[str, Any]:
    """GraphML and GEXF writers cannot write None: an unknown attribute is left out."""
    return {k: v for k, v in attributes.items() if v is not None and v != ""}


def _entity_attributes(rec: EntityRecord) -> dict[str, Any]:
    ent = rec.entity
    attributes: dict[str, Any] = {
        "label": ent.name,
        "type": ent.type,
        "subtype": ent.subtype,
        "aliases": " | ".join(sorted(ent.aliases)),
        "articles": len(rec.documents),
        "mentions": rec.mentions,
    }
    if ent.geo:
        attributes |= {
            "latitude": float(ent.geo.lat),
            "longitude": float(ent.geo.lon),
            "geo_precision": ent.geo.precision,
        }
    for source, ref in sorted((ent.kb or {}).items()):  # wikidata, un_sanctions
        attributes[source] = ref
    return _clean(attributes)


def _event_attributes(knowledge: Knowledge, ev: MergedEvent) -> dict[str, Any]:
    place = ev.location_name or (knowledge.name(ev.location) if ev.location else None)
    date = ev.date.value if ev.date and ev.date.value else None
    label = " ".join(p for p in (ev.type, f"@ {place}" if place else None, date) if p)
    attributes: dict[str, Any] = {
        "label": label,
        "type": "event",
        "event_type": ev.type,
        "acled_event_type": ev.acled.event_type if ev.acled else None,
        "acled_sub_event_type": ev.acled.sub_event_type if ev.acled else None,
        "date": date,
        "date_precision": ev.date.precision if date and ev.date else None,
        "fatalities": ev.fatalities,
        "modality": ev.modality,
        "articles": len({s.document for s in ev.sources}),
    }
    if ev.geo:
        attributes |= {
            "latitude": float(ev.geo.lat),
            "longitude": float(ev.geo.lon),
            "geo_precision": ev.geo.precision,
        }
    return _clean(attributes)
