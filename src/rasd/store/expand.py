"""Search by what a thing is called, not only by the words typed: a query that names an entity (in
the knowledge base, or among the entities stored from the articles, merges applied) is expanded to
the entity's other names, so «داعش» also finds «الدولة الإسلامية» and "ISIS", and "Boko Haram" finds
«بوكو حرام». ``rasd search --exact`` searches only the words given.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol

from rasd.store.search import query_terms

MAX_ALTERNATIVES = 12  # names searched besides the query itself


class _Named(Protocol):
    @property
    def id(self) -> str: ...
    @property
    def names(self) -> Collection[str]: ...


class NameFinder(Protocol):
    """``KnowledgeBase``, or the knowledge base's names alone (``rasd.store.kb_names.KBNames``)."""

    def find(self, name_or_id: str) -> Sequence[_Named]: ...


@dataclass(frozen=True)
class Expansion:
    names: list[str]  # the other names searched, as the knowledge base or the articles write them
    entities: list[str]  # the entity ids they are names of


def expand(query: str, kb: NameFinder | None, stored: Iterable[tuple[str, list[str]]] = ()) -> Expansion:
    """The names to search besides ``query``: every name of the entities ``query`` names, in the
    knowledge base (``kb.find``) and in ``stored`` ((entity id, names) of the store's entities, merged
    groups joined). A name whose words include all the words of another is left out: the shorter
    one finds it already (search matches every word)."""
    own = frozenset(query_terms(query))
    if not own:
        return Expansion([], [])
    entities: list[str] = []
    names: list[str] = []
    for ent in kb.find(query.strip()) if kb is not None else []:
        entities.append(ent.id)
        names += list(ent.names)
    for entity_id, stored_names in stored:
        if any(frozenset(query_terms(n)) == own for n in stored_names):
            entities.append(entity_id)
            names += stored_names
    kept: list[tuple[str, frozenset[str]]] = []
    # Arabic names first (what the articles write), then the others; shorter before longer.
    order = sorted(dict.fromkeys(names), key=lambda n: (not _arabic(n), len(query_terms(n)), n))
    for name in order:
        terms = frozenset(query_terms(name))
        if not terms or terms >= own or any(terms >= other for _, other in kept):
            continue  # the query itself, or a longer form of a name already searched
        kept.append((name, terms))
    return Expansion([name for name, _ in kept][:MAX_ALTERNATIVES], list(dict.fromkeys(entities)))


def _arabic(name: str) -> bool:
    return any("\u0600" <= ch <= "\u06ff" for ch in name)
