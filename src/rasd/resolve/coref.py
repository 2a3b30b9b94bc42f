"""In-article coreference of names: short forms and misspellings join the full name they stand for.

«بلمختار» or the misspelt «بمختار» joins «مختار بلمختار» in the same article when exactly one
person there carries a matching family name; with two candidates it stays apart (never guess).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from rasd.kb import KnowledgeBase
from rasd.kb.names import name_key, name_rules
from rasd.resolve.candidates import Candidate, Groups, join
from rasd.resolve.linking import MIN_DIFFERING_WORD, words_align

SHORT_FORM_CUTOFF = 85.0
PREFILTER_CUTOFF = 80.0  # whole-name similarity below which word alignment is not even tried


@dataclass
class _Profile:
    words: set[str] = field(default_factory=set)  # distinctive words of its multi-word names
    keys_by_len: dict[int, set[str]] = field(default_factory=dict)

    def add_key(self, key: str, particles: frozenset[str]) -> None:
        parts = key.split(" ")
        if len(parts) < 2:
            return
        self.keys_by_len.setdefault(len(parts), set()).add(key)
        self.words.update(w for w in parts if w not in particles)


def _kb_keys(entity_id: str, kb: KnowledgeBase) -> tuple[str, ...]:
    memo = kb.memo("coref.keys")
    if entity_id not in memo:
        ent = kb.entities[entity_id]
        memo[entity_id] = tuple(name_key(n) for n, s in ent.names.items() if s != "needs_context")
    return tuple(memo[entity_id])


def _profile(
    members: list[int], cands: list[Candidate], groups: Groups, particles: frozenset[str], kb: KnowledgeBase
) -> _Profile:
    prof = _Profile()
    for i in members:
        prof.add_key(cands[i].key, particles)
    for eid in groups.linked.get(groups.find(members[0]), set()):
        for key in _kb_keys(eid, kb):
            prof.add_key(key, particles)
    return prof


@dataclass
class _Index:
    """Every person group's words and multi-word keys, flattened for rapidfuzz's batch search."""

    words: list[str] = field(default_factory=list)
    word_roots: list[int] = field(default_factory=list)
    keys: dict[int, list[str]] = field(default_factory=dict)  # word count → keys
    key_roots: dict[int, list[int]] = field(default_factory=dict)

    @classmethod
    def build(cls, profiles: dict[int, _Profile]) -> _Index:
        idx = cls()
        for root, prof in profiles.items():
            for w in prof.words:
                idx.words.append(w)
                idx.word_roots.append(root)
            for n, keys in prof.keys_by_len.items():
                for k in keys:
                    idx.keys.setdefault(n, []).append(k)
                    idx.key_roots.setdefault(n, []).append(root)
        return idx

    def short_form_of(self, word: str) -> set[int]:
        cutoff = SHORT_FORM_CUTOFF if len(word) > MIN_DIFFERING_WORD else 100.0
        return {
            self.word_roots[i]
            for w, _, i in process.extract(
                word, self.words, scorer=fuzz.ratio, score_cutoff=cutoff, limit=None
            )
            if w == word or len(w) > MIN_DIFFERING_WORD
        }

    def variant_of(self, key: str) -> set[int]:
        n = key.count(" ") + 1
        keys = self.keys.get(n, [])
        return {
            self.key_roots[n][i]
            for k, _, i in process.extract(
                key, keys, scorer=fuzz.ratio, score_cutoff=PREFILTER_CUTOFF, limit=None
            )
            if k != key and words_align(key, k, person=True)
        }


def join_short_forms(cands: list[Candidate], groups: Groups, kb: KnowledgeBase) -> None:
    """Join unlinked person mentions to the one person group whose name they shorten or misspell."""
    particles = frozenset(name_rules()["name_particles"])
    for _ in range(2):  # a second pass lets a join made by a misspelling feed a short form
        persons = {root: m for root, m in groups.members().items() if cands[m[0]].label == "PER"}
        index = _Index.build({root: _profile(m, cands, groups, particles, kb) for root, m in persons.items()})
        for i, cand in enumerate(cands):
            if cand.label != "PER" or cand.linked or not cand.key:
                continue
            own = groups.find(i)
            found = index.short_form_of(cand.key) if " " not in cand.key else index.variant_of(cand.key)
            hits = {groups.find(r) for r in found} - {own}
            if len(hits) == 1:
                root = hits.pop()
                linked = sorted(groups.linked.get(root, set()))
                full = (
                    kb.entities[linked[0]].name
                    if linked
                    else max((cands[j] for j in groups.members_of(root)), key=lambda c: c.length).text
                )
                join(groups, root, i, f"in-article short form or variant «{cand.text}» of «{full}»")
