"""Mentions under resolution: where they come from, which KB entity they link to, which join which."""

from __future__ import annotations

from dataclasses import dataclass, field

from rasd.kb.model import Strength
from rasd.record import EntityType


@dataclass
class Candidate:
    start: int
    end: int
    text: str
    label: EntityType
    subtype: str | None = None
    origin: str = "recogniser"  # recogniser | kb_scan | alias_pattern | alias_repeat
    key: str = ""
    kb_names: list[tuple[str, Strength]] = field(default_factory=list)
    linked: str | None = None  # KB entity id once chosen
    reason: str | None = None
    undecided: bool = False  # a weak or shared KB name that the article does not decide

    @property
    def length(self) -> int:
        return self.end - self.start

    def overlaps(self, other: Candidate) -> bool:
        return self.start < other.end and other.start < self.end


class Groups:
    """Union-find over candidate indices; each union keeps the reason it was made."""

    def __init__(self, size: int = 0) -> None:
        self.parent: list[int] = list(range(size))
        self.reasons: dict[int, list[str]] = {}
        self.linked: dict[int, set[str]] = {}  # root → KB ids its members link to
        self._members: dict[int, list[int]] = {i: [i] for i in range(size)}  # root → its members

    def add(self, linked: str | None = None) -> int:
        i = len(self.parent)
        self.parent.append(i)
        self._members[i] = [i]
        if linked:
            self.linked[i] = {linked}
        return i

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, a: int, b: int, reason: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return
        self.parent[rb] = ra
        self._members[ra].extend(self._members.pop(rb))
        self.reasons.setdefault(ra, []).extend([*self.reasons.pop(rb, []), reason])
        self.linked.setdefault(ra, set()).update(self.linked.pop(rb, set()))

    def members_of(self, i: int) -> list[int]:
        """The members of ``i``'s group, in index order (one group: no pass over all candidates)."""
        return sorted(self._members[self.find(i)])

    def members(self) -> dict[int, list[int]]:
        out: dict[int, list[int]] = {}
        for i in range(len(self.parent)):
            out.setdefault(self.find(i), []).append(i)
        return out


def join(groups: Groups, a: int, b: int, reason: str) -> bool:
    """Union two groups unless they are linked to two different KB entities (never merge those)."""
    la, lb = groups.linked.get(groups.find(a), set()), groups.linked.get(groups.find(b), set())
    if la and lb and la != lb:
        return False
    groups.union(a, b, reason)
    return True
