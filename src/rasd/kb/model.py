"""The knowledge base's own types: entities with graded names, typed relations."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

# How far a name may be trusted on its own:
#   scan          distinctive: searched for in running text and linked wherever it appears;
#   link          linked when the recogniser tags it, never searched for (common words: «مالي», «القاعدة»);
#   needs_context linked only when a related entity is in the same article (shared kunyas: «أبو مصعب»).
Strength = Literal["scan", "link", "needs_context"]
STRENGTH_ORDER: dict[str, int] = {"scan": 0, "link": 1, "needs_context": 2}


@dataclass
class KBPlace:
    lat: float
    lon: float
    precision: Literal["country", "region", "city", "feature"]
    country: str | None = None


@dataclass
class KBEntity:
    id: str
    type: Literal["PER", "ORG", "LOC"]
    name: str
    subtype: str | None = None
    names: dict[str, Strength] = field(default_factory=dict)  # surface name → strength
    wikidata: str | None = None
    un_sanctions: str | None = None
    context: set[str] = field(default_factory=set)  # ids whose presence supports a weak name
    place: KBPlace | None = None
    source: str = "curated"

    def add_name(self, name: str, strength: Strength) -> None:
        name = " ".join(name.split())
        if not name:
            return
        old = self.names.get(name)
        if old is None or STRENGTH_ORDER[strength] < STRENGTH_ORDER[old]:
            self.names[name] = strength

    @property
    def kb_refs(self) -> dict[str, str] | None:
        refs = {k: v for k, v in (("wikidata", self.wikidata), ("un_sanctions", self.un_sanctions)) if v}
        return refs or None


@dataclass(frozen=True)
class KBRelation:
    type: str
    subject: str
    object: str
    start: str | None = None
    end: str | None = None
