"""GraphML and GEXF for Gephi, Cytoscape and yEd: entities and events as nodes, relations as edges.

One directed multigraph serves both formats. The multigraph key of a relation edge is its type, so two
relations between one pair (``member_of`` and ``leader_of``) stay two edges. Events are nodes too
(``event:<n>``, numbered as in the GeoJSON export), linked actor → event, event → target and event →
place; an event with none of these would be an isolated node and is left out (GeoJSON and ACLED keep it).

Both XML writers reject ``None``, so an unknown attribute is left out rather than written empty. The
edge attribute that carries the relation type is ``relation`` (and the edge ``label``): GEXF reserves
an edge's ``type`` for directed/undirected.

The graph is never built (issue 18: networkx's graph and GEXF's XML tree took 674 MB for 32,000
articles). ``GraphPlan`` holds what the knowledge does not already hold — which events are linked,
and each entity's events as actor — and produces the nodes and edges again on each pass, in the order
a ``networkx.MultiDiGraph`` built from them would iterate them (nodes as added; edges by source node,
then by first-added target, then by key). GraphML is written by networkx's own streaming writer, which
reads the plan as it would read a graph; GEXF, whose networkx writer builds the whole document in
memory, is written element by element with networkx's layout (its skeleton, attribute numbering and
indentation), so both files are byte for byte what networkx writes for the same graph
(tests/test_export_graph.py compares them). ``nx.write_gexf`` stamps today's date in
``<meta lastmodifieddate>``, which is left out (the attribute is optional in GEXF 1.2).
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any, BinaryIO
from xml.etree.ElementTree import Element, SubElement, tostring

import networkx as nx
from networkx.readwrite.gexf import GEXFWriter
from networkx.readwrite.graphml import GraphMLWriterLxml

from rasd.export.knowledge import EntityRecord, Knowledge
from rasd.relate.across import MergedEvent

Attributes = dict[str, Any]
Edge = tuple[str, str, str, Attributes]  # source, target, key, attributes


def write_graphml(knowledge: Knowledge, out: BinaryIO) -> int:
    plan = GraphPlan(knowledge)
    writer = GraphMLWriterLxml(out, graph=plan, encoding="utf-8", prettyprint=True)
    writer.dump()
    return plan.count


def write_gexf(knowledge: Knowledge, out: BinaryIO) -> int:
    plan = GraphPlan(knowledge)
    node_ids: dict[str, tuple[str, str]] = {}  # attribute name → (GEXF id, type), numbered as networkx does
    edge_ids: dict[str, tuple[str, str]] = {}
    counter = iter(range(1 << 62))
    for _node, data in plan.nodes():
        for name, value in _gexf_node_data(data)[1].items():
            if name not in node_ids:
                node_ids[name] = (str(next(counter)), _GEXF_TYPES[type(value)])
    for _u, _v, key, data in plan.edges():
        for name, value in _gexf_edge_data(key, data)[1].items():
            if name not in edge_ids:
                edge_ids[name] = (str(next(counter)), _GEXF_TYPES[type(value)])
    writer = GEXFWriter(encoding="utf-8", prettyprint=True)
    head, middle, tail = _gexf_skeleton(writer, node_ids, edge_ids, plan.has_nodes, plan.has_edges)
    out.write(head)
    nodes = (_gexf_node(node, data, node_ids) for node, data in plan.nodes())
    _write_elements(out, nodes, writer, level=3)
    out.write(middle)
    edges = (_gexf_edge(n, edge, edge_ids) for n, edge in enumerate(plan.edges()))
    _write_elements(out, edges, writer, level=3)
    out.write(tail)
    return plan.count


class GraphPlan:
    """The export's graph, produced on each pass instead of held. It answers what networkx's GraphML
    writer asks of a graph (``graph``, ``is_directed``, ``is_multigraph``, ``nodes``, ``edges``)."""

    graph: dict[str, Any]

    def __init__(self, knowledge: Knowledge) -> None:
        self.knowledge = knowledge
        self.graph = {}
        self.entity_ids = sorted(knowledge.entities)
        self.relations: dict[str, list[Any]] = {}
        for rel in sorted(knowledge.relations, key=lambda r: (r.subject, r.object, r.type)):
            if rel.subject in knowledge.entities and rel.object in knowledge.entities:
                self.relations.setdefault(rel.subject, []).append(rel)
        # The events linked to a known entity: each one's edges out (target, key), grouped by target as
        # a multigraph iterates them, and each entity's events as actor, in event order.
        self.linked: dict[int, list[tuple[str, str]]] = {}
        self.acts_in: dict[str, list[int]] = {}
        edges = sum(len(rels) for rels in self.relations.values())
        for n, ev in enumerate(knowledge.events, start=1):
            event_id = f"event:{n}"
            links = _event_links(knowledge, event_id, ev)
            if not links:
                continue
            edges += len(links)
            out = [(v, kind) for u, v, kind in links if u == event_id]
            targets = dict.fromkeys(v for v, _kind in out)
            self.linked[n] = [(t, kind) for t in targets for v, kind in out if v == t]
            for u, v, _kind in links:
                if v == event_id:
                    self.acts_in.setdefault(u, []).append(n)
        self.count = len(self.entity_ids) + len(self.linked) + edges
        self.has_nodes = bool(self.entity_ids or self.linked)
        self.has_edges = edges > 0

    def is_directed(self) -> bool:
        return True

    def is_multigraph(self) -> bool:
        return True

    def nodes(self, data: bool = True) -> Iterator[tuple[str, Attributes]]:
        for entity_id in self.entity_ids:
            yield entity_id, _entity_attributes(self.knowledge.entities[entity_id])
        for n, ev in enumerate(self.knowledge.events, start=1):
            if n in self.linked:
                yield f"event:{n}", _event_attributes(self.knowledge, ev)

    def edges(self, data: bool = True, keys: bool = True) -> Iterator[Edge]:
        for entity_id in self.entity_ids:
            for rel in self.relations.get(entity_id, ()):
                yield rel.subject, rel.object, rel.type, _relation_attributes(rel)
            for n in self.acts_in.get(entity_id, ()):
                yield entity_id, f"event:{n}", "actor", _link_attributes("actor")
        for n, out in self.linked.items():
            for target, kind in out:
                yield f"event:{n}", target, kind, _link_attributes(kind)


def _event_links(knowledge: Knowledge, event_id: str, ev: MergedEvent) -> list[tuple[str, str, str]]:
    """actor → event, event → target and event → place, to known entities only, each (source, target,
    key) once (a multigraph keeps one edge per key)."""
    links = [(a, event_id, "actor") for a in ev.actors]
    links += [(event_id, t, "target") for t in ev.targets]
    links += [(event_id, ev.location, "located_in")] if ev.location else []
    known = [(u, v, k) for u, v, k in links if (v if u == event_id else u) in knowledge.entities]
    return list(dict.fromkeys(known))


def _clean(attributes: Attributes) -> Attributes:
    """GraphML and GEXF writers cannot write None: an unknown attribute is left out."""
    return {k: v for k, v in attributes.items() if v is not None and v != ""}


def _relation_attributes(rel: Any) -> Attributes:
    evidence = sorted(rel.evidence, key=lambda e: (e.document, e.span.start))
    return _clean(
        {
            "label": rel.type,
            "relation": rel.type,
            "confidence": float(rel.confidence),
            "articles": len({e.document for e in evidence}),
            "evidence": " ".join(evidence[0].text.split()) if evidence else None,
        }
    )


def _link_attributes(kind: str) -> Attributes:
    return {"label": kind, "relation": kind}


def _entity_attributes(rec: EntityRecord) -> Attributes:
    ent = rec.entity
    attributes: Attributes = {
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


def _event_attributes(knowledge: Knowledge, ev: MergedEvent) -> Attributes:
    place = ev.location_name or (knowledge.name(ev.location) if ev.location else None)
    date = ev.date.value if ev.date and ev.date.value else None
    label = " ".join(p for p in (ev.type, f"@ {place}" if place else None, date) if p)
    attributes: Attributes = {
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


# GEXF, as networkx's GEXFWriter lays it out (its type names for Python values; the edge's multigraph
# key written as the attribute ``networkx_key``; edges numbered from 0).
_GEXF_TYPES = {str: "string", int: "long", float: "double", bool: "boolean"}


def _gexf_node_data(data: Attributes) -> tuple[str | None, Attributes]:
    rest = dict(data)
    return rest.pop("label", None), rest


def _gexf_edge_data(key: str, data: Attributes) -> tuple[str | None, Attributes]:
    rest = dict(data)
    label = rest.pop("label", None)
    rest["networkx_key"] = key
    return label, rest


def _gexf_node(node: str, data: Attributes, ids: dict[str, tuple[str, str]]) -> Element:
    label, rest = _gexf_node_data(data)
    element = Element("node", id=node, label=str(label if label is not None else node))
    _gexf_values(element, rest, ids)
    return element


def _gexf_edge(n: int, edge: Edge, ids: dict[str, tuple[str, str]]) -> Element:
    u, v, key, data = edge
    label, rest = _gexf_edge_data(key, data)
    extra = {"id": str(n)} | ({"label": str(label)} if label is not None else {})
    element = Element("edge", {"source": u, "target": v, **extra})
    _gexf_values(element, rest, ids)
    return element


def _gexf_values(element: Element, data: Attributes, ids: dict[str, tuple[str, str]]) -> None:
    if not data:
        return
    values = SubElement(element, "attvalues")
    for name, value in data.items():
        text = str(value).lower() if isinstance(value, bool) else str(value)
        SubElement(values, "attvalue", {"for": ids[name][0], "value": text})


def _gexf_skeleton(
    writer: GEXFWriter,
    node_ids: dict[str, tuple[str, str]],
    edge_ids: dict[str, tuple[str, str]],
    nodes: bool,
    edges: bool,
) -> tuple[bytes, bytes, bytes]:
    """The document around the nodes and the edges, written by networkx's own writer for an empty graph
    with the attribute declarations added, and cut where the nodes and the edges go."""
    writer.add_graph(nx.MultiDiGraph())
    meta = writer.xml.find("meta")
    if meta is not None:
        meta.attrib.pop("lastmodifieddate", None)
    graph = writer.graph_element
    # networkx inserts each class's declarations first when it meets the class: the edges' come first.
    for cls, ids in (("node", node_ids), ("edge", edge_ids)):
        if ids:
            declarations = Element("attributes", {"mode": "static", "class": cls})
            for name, (attr_id, attr_type) in ids.items():
                declarations.append(Element("attribute", id=attr_id, title=name, type=attr_type))
            graph.insert(0, declarations)
    for tag, present in (("nodes", nodes), ("edges", edges)):
        container = graph.find(tag)
        if container is not None and present:
            SubElement(container, f"rasd-{tag}")
    buffer = io.BytesIO()
    writer.write(buffer)
    document = buffer.getvalue()
    head, _, rest = document.partition(b"<rasd-nodes />") if nodes else (document, b"", b"")
    if not nodes:
        return head, b"", b""
    middle, _, tail = rest.partition(b"<rasd-edges />") if edges else (rest, b"", b"")
    return head, middle, tail


def _write_elements(out: BinaryIO, elements: Iterator[Element], writer: GEXFWriter, *, level: int) -> None:
    """Each element indented as networkx indents it at ``level``, separated as its siblings would be
    (the placeholder's own indentation and tail stay in the skeleton)."""
    separator = ("\n" + "  " * level).encode()
    for i, element in enumerate(elements):
        writer.indent(element, level)
        element.tail = None
        if i:
            out.write(separator)
        out.write(tostring(element, encoding="unicode").encode("utf-8"))
