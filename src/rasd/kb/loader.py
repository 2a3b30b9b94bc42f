"""Load the knowledge base once: curated entities, places and countries, the UN list, relations.

Shipped files live in ``rasd/data/kb`` and ``rasd/data/geo``. An analyst's additions live in
``$RASD_KB_DIR`` (default ``~/.local/share/rasd/kb``): ``entities*.json`` and ``relations*.json`` in
the shipped format, and ``un_sanctions.json`` written by ``rasd kb import-un``, which replaces the
shipped extract of the UN list.

Ids: curated entities keep their ``rasd:<slug>`` id (a Wikidata id is an attribute, not the key,
because most of the field's groups and fighters have none we could verify offline); countries are
``country:<ISO>``; UN-listed entries without a curated entry are ``un:<reference>`` (``un:QDi.315``).
"""

from __future__ import annotations

import json
import os
import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar, cast

from babel import Locale

from rasd.datafiles import read_json
from rasd.kb.model import STRENGTH_ORDER, KBEntity, KBPlace, KBRelation, Strength
from rasd.kb.names import name_key, name_rules, name_skeleton, rule_words
from rasd.kb.un_import import UNRecord, load_un_json
from rasd.memo import NAME_MEMO, Memo

T = TypeVar("T")
_PAREN = re.compile(r"\s*\(([^()]+)\)\s*")


def user_kb_dir() -> Path:
    return Path(os.environ.get("RASD_KB_DIR") or Path.home() / ".local" / "share" / "rasd" / "kb")


@dataclass
class KnowledgeBase:
    entities: dict[str, KBEntity] = field(default_factory=dict)
    relations: list[KBRelation] = field(default_factory=list)
    # name key → [(entity id, strength)], every graded name of every entity
    index: dict[str, list[tuple[str, Strength]]] = field(default_factory=lambda: defaultdict(list))
    neighbours: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    by_un_ref: dict[str, str] = field(default_factory=dict)
    scan_prefixes: set[str] = field(default_factory=set)
    # word prefixes of scan and link names: to find the entities an article names, for context only
    context_prefixes: set[str] = field(default_factory=set)
    max_scan_tokens: int = 1
    # for fuzzy matching: multi-word keys per type, parallel to their entity ids
    fuzzy_keys: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    fuzzy_ids: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    # systematic spelling variants: name skeleton → [(KB key, entity id)] of multi-word person names
    variant_index: dict[str, list[tuple[str, str]]] = field(default_factory=lambda: defaultdict(list))
    # armed units' names with the unit and martyr words made interchangeable (لواء/كتيبة, الشهيد/شهداء)
    unit_index: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    # the unambiguous beginnings of long organisation names («القاعدة في بلاد المغرب»), and their word prefixes
    prefix_names: dict[str, str] = field(default_factory=dict)
    prefix_gate: set[str] = field(default_factory=set)
    # Views of this KB that other modules compute (word sets, memoised look-ups), by name. They live with
    # the KB so that a rebuilt KB (after an analyst's correction) starts without stale ones.
    views: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    def view(self, name: str, build: Callable[[], T]) -> T:
        """The view ``name`` of this KB, built by ``build`` on first use."""
        if name not in self.views:
            self.views[name] = build()
        return cast(T, self.views[name])

    def memo(self, name: str) -> dict[Any, Any]:
        """A look-up table kept with this KB, for results that depend on it."""
        return cast(dict[Any, Any], self.views.setdefault(name, Memo(NAME_MEMO)))

    def get(self, entity_id: str) -> KBEntity | None:
        return self.entities.get(entity_id)

    def lookup(self, key: str) -> list[tuple[str, Strength]]:
        return self.index.get(key, [])

    def find(self, name_or_id: str) -> list[KBEntity]:
        """Entities with this id, UN reference or name (for ``rasd kb show``)."""
        if name_or_id in self.entities:
            return [self.entities[name_or_id]]
        if name_or_id in self.by_un_ref:
            return [self.entities[self.by_un_ref[name_or_id]]]
        return [self.entities[i] for i, _ in self.lookup(name_key(name_or_id))]

    def relations_of(self, entity_id: str) -> list[KBRelation]:
        return [r for r in self.relations if entity_id in (r.subject, r.object)]

    def _add(self, ent: KBEntity) -> KBEntity:
        return self.entities.setdefault(ent.id, ent)

    def _index(self) -> None:
        graded: dict[str, dict[str, Strength]] = defaultdict(dict)
        for ent in self.entities.values():
            for name, strength in ent.names.items():
                key = name_key(name)
                held = graded[key].get(ent.id)
                if key and (held is None or STRENGTH_ORDER[strength] < STRENGTH_ORDER[held]):
                    graded[key][ent.id] = strength
        self.index.clear()
        for key, holders in graded.items():
            for eid, strength in holders.items():
                # A name that two entities share cannot identify either alone: context decides.
                strength = "needs_context" if len(holders) > 1 else strength
                self.index[key].append((eid, strength))
                words = key.split(" ")
                prefixes = {" ".join(words[:i]) for i in range(1, len(words) + 1)}
                if strength != "needs_context":
                    self.max_scan_tokens = max(self.max_scan_tokens, len(words))
                    self.context_prefixes.update(prefixes)
                if strength == "scan":
                    self.scan_prefixes.update(prefixes)
                if strength != "needs_context" and " " in key:
                    etype = self.entities[eid].type
                    self.fuzzy_keys[etype].append(key)
                    self.fuzzy_ids[etype].append(eid)
                    if etype == "PER":
                        self.variant_index[name_skeleton(key)].append((key, eid))
                    if etype == "ORG" and (canon := unit_key(key)) != key:
                        self.unit_index[canon].add(eid)
        self._index_prefixes()

    def _index_prefixes(self) -> None:
        """Beginnings of long distinctive organisation names that no other name starts or is:
        «تنظيم القاعدة في بلاد المغرب» (without «الإسلامي») is AQIM, not al-Qaeda and the Maghreb."""
        min_words, stop = int(name_rules()["prefix_min_words"]), rule_words("prefix_stop_words")
        owners: dict[str, set[str]] = defaultdict(set)
        for key, holders in self.index.items():
            words = key.split(" ")
            for eid, strength in holders:
                ent = self.entities[eid]
                if (
                    strength != "scan"
                    or ent.type != "ORG"
                    or ent.source != "curated"
                    or len(words) <= min_words
                ):
                    continue
                # only a qualifying adjective may be left off (الإسلامي, الكبرى): «الدولة الإسلامية
                # في العراق» without «والشام» is another group's name
                last, head = words[-1], words[:-1]
                if last.startswith("ال") and last.endswith(("ي", "يه")) and head[-1] not in stop:
                    owners[" ".join(head)].add(eid)
        self.prefix_names.clear()
        for prefix, eids in owners.items():
            if len(eids) == 1 and prefix not in self.index:
                self.prefix_names[prefix] = next(iter(eids))
                parts = prefix.split(" ")
                self.prefix_gate.update(" ".join(parts[:i]) for i in range(1, len(parts) + 1))


def unit_key(key: str) -> str:
    """«لواء الشهيد ابو سليم» and «كتيبه شهداء ابو سليم» → one key: the unit word and the martyr word
    of an armed unit's name are interchangeable (singular or plural, لواء/كتيبة/سرية…)."""
    words = key.split(" ")
    if len(words) < 2 or words[0] not in rule_words("unit_words"):
        return key
    out = ["<unit>"]
    rest = words[1:]
    if rest[0] in rule_words("martyr_words") and len(rest) > 1:
        out.append("<martyr>")
        rest = rest[1:]
    return " ".join(out + rest)


def _read_json(package: str, name: str) -> Any:
    return read_json(f"{package.removeprefix('rasd.data.')}/{name.removesuffix('.json')}")


def _add_graded_names(ent: KBEntity, spec: dict[str, Any]) -> None:
    for name in spec.get("names", []):
        ent.add_name(name, "scan")
    for name in spec.get("link_only", []):
        ent.add_name(name, "link")
    for name in spec.get("needs_context", []):
        ent.add_name(name, "needs_context")
    for name in spec.get("latin", []):
        ent.add_name(name, "link")
    if ent.name not in ent.names:  # the display name never overrides its own grading
        ent.add_name(ent.name, "link")


def _load_curated(kb: KnowledgeBase, data: dict[str, Any]) -> None:
    for spec in data.get("entities", []):
        ent = kb._add(
            KBEntity(
                id=spec["id"],
                type=spec["type"],
                name=spec["name"],
                subtype=spec.get("subtype"),
                wikidata=spec.get("wikidata"),
                un_sanctions=spec.get("un_sanctions"),
            )
        )
        _add_graded_names(ent, spec)
        ent.context.update(spec.get("context", []))
        if ent.un_sanctions:
            kb.by_un_ref[ent.un_sanctions] = ent.id


def _load_places(kb: KnowledgeBase) -> None:
    for spec in _read_json("rasd.data.geo", "places.json")["places"]:
        ent = kb._add(
            KBEntity(
                id=spec["id"],
                type="LOC",
                name=spec["name"],
                subtype=spec["precision"],
                place=KBPlace(spec["lat"], spec["lon"], spec["precision"], spec.get("country")),
            )
        )
        _add_graded_names(ent, spec)
        if spec.get("country"):
            ent.context.add(f"country:{spec['country']}")
    territories = Locale("ar").territories
    countries = _read_json("rasd.data.geo", "countries.json")
    common_words = set(countries["link_only"])  # «مالي» = financial: linked when tagged, never searched
    for spec in countries["countries"]:
        iso = spec["iso"]
        ent = kb._add(
            KBEntity(
                id=f"country:{iso}",
                type="LOC",
                subtype="country",
                name=spec["names"][0],
                wikidata=spec.get("wikidata"),
                place=KBPlace(spec["lat"], spec["lon"], "country", iso),
            )
        )
        for name in [*spec["names"], territories.get(iso, "")]:
            ent.add_name(name, "link" if name in common_words else "scan")


def _split_parenthesised(name: str) -> list[str]:
    """«Al Qaïda au Maghreb islamique (AQMI)» → the name and its acronym."""
    inner = _PAREN.findall(name)
    return [n for n in [_PAREN.sub(" ", name).strip(), *inner] if n]


def _load_un(kb: KnowledgeBase, records: list[UNRecord]) -> None:
    english = {v: k for k, v in Locale("en").territories.items()}
    pending_links: list[tuple[str, list[str]]] = []
    for rec in records:
        eid = kb.by_un_ref.get(rec.ref) or f"un:{rec.ref}"
        curated = eid in kb.entities
        ent = kb._add(
            KBEntity(
                id=eid,
                type="PER" if rec.kind == "individual" else "ORG",
                name=rec.name_ar or rec.name.title(),
                un_sanctions=rec.ref,
                source="un",
            )
        )
        kb.by_un_ref[rec.ref] = eid
        # A UN name alone is a string; short ones (two words) are common names and need context.
        for name in ([rec.name_ar] if rec.name_ar else []) + _split_parenthesised(rec.name):
            words = len(name.split())
            ent.add_name(
                name, "scan" if words >= 3 and not curated else "link" if words >= 2 else "needs_context"
            )
        for alias in rec.aliases:
            weak = alias.quality.lower() in ("low", "f.k.a.")
            for name in _split_parenthesised(alias.name):
                ent.add_name(name, "needs_context" if weak or len(name.split()) < 2 else "link")
        for country in rec.nationality:
            iso = english.get(country.strip())
            if iso:
                ent.context.add(f"country:{iso}")
        pending_links.append((eid, rec.links))
    for eid, links in pending_links:
        kb.entities[eid].context.update(kb.by_un_ref[r] for r in links if r in kb.by_un_ref)


def _load_relations(kb: KnowledgeBase, data: dict[str, Any]) -> None:
    for spec in data.get("relations", []):
        kb.relations.append(
            KBRelation(spec["type"], spec["subject"], spec["object"], spec.get("start"), spec.get("end"))
        )


def build_knowledge_base(user_dir: Path | None = None) -> KnowledgeBase:
    kb = KnowledgeBase()
    user_dir = user_dir if user_dir is not None else user_kb_dir()
    user_files = sorted(user_dir.glob("*.json")) if user_dir.is_dir() else []
    _load_curated(kb, _read_json("rasd.data.kb", "entities.json"))
    for path in user_files:
        if path.name.startswith("entities"):
            _load_curated(kb, json.loads(path.read_text("utf-8")))
    _load_places(kb)
    user_un = user_dir / "un_sanctions.json"
    un_text = (
        user_un.read_text("utf-8")
        if user_un.is_file()
        else (resources.files("rasd.data.kb").joinpath("un_sanctions.json").read_text("utf-8"))
    )
    _load_un(kb, load_un_json(un_text))
    _load_relations(kb, _read_json("rasd.data.kb", "relations.json"))
    for path in user_files:
        if path.name.startswith("relations"):
            _load_relations(kb, json.loads(path.read_text("utf-8")))
    for rel in kb.relations:
        kb.neighbours[rel.subject].add(rel.object)
        kb.neighbours[rel.object].add(rel.subject)
    for ent in kb.entities.values():
        for other in ent.context:
            kb.neighbours[ent.id].add(other)
            kb.neighbours[other].add(ent.id)
    kb._index()
    return kb
