"""Link a mention to a knowledge-base entity: exact name keys first, then fuzzy, then context.

A name is never enough on its own when it is weak or shared: «أبو مصعب» is Droukdel only in an
article where AQIM (or another entity related to him) is also named. Fuzzy matching (rapidfuzz)
is word-aligned, so «مختار بمختار» reaches «مختار بلمختار» but «محمد بن علي» never reaches
«محمد بن عمر».
"""

from __future__ import annotations

from rapidfuzz import fuzz, process

from rasd.kb import KnowledgeBase
from rasd.kb.loader import unit_key
from rasd.kb.model import Strength
from rasd.kb.names import name_rules, proclitic_variants, same_name_word
from rasd.resolve.boundaries import variant_match
from rasd.resolve.candidates import Candidate

FUZZY_CUTOFF = 88.0  # whole-name similarity (rapidfuzz ratio, 0-100)
WORD_CUTOFF = 80.0  # each differing word must still be this close
MIN_DIFFERING_WORD = 5  # short words that differ are different names (علي/عمر, أحمد/محمد), not typos


def key_variants(key: str, label: str) -> list[tuple[str, int]]:
    """Keys to try for a mention, with how many normalised letters precede the name in the mention."""
    rules = name_rules()
    out = [(key, 0)]
    words = key.split(" ")
    heads = rules["person_titles"] if label == "PER" else rules["place_heads"] if label == "LOC" else []
    if len(words) > 1 and words[0] in heads:
        out.append((" ".join(words[1:]), len(words[0]) + 1))
    for base, offset in list(out):
        head, _, tail = base.partition(" ")
        for variant, cut in proclitic_variants(head)[1:]:
            out.append((" ".join(filter(None, [variant, tail])), offset + cut))
    return out


def words_align(a: str, b: str, person: bool = False) -> bool:
    """Same number of words, each equal or a close spelling of a long word (for a person, also a
    systematic spelling variant: «أق»/«أغ», «خيري»/«الخيري»); a person's first (given) name must be
    equal: «أحمد الأنصاري» and «محمد الأنصاري» are two people."""
    wa, wb = a.split(" "), b.split(" ")
    if len(wa) != len(wb) or (person and wa[0] != wb[0]):
        return False
    for i, (x, y) in enumerate(zip(wa, wb, strict=True)):
        if x == y or (person and i > 0 and same_name_word(x, y)):
            continue
        if min(len(x), len(y)) < MIN_DIFFERING_WORD or fuzz.ratio(x, y) < WORD_CUTOFF:
            return False
    return True


def fuzzy_kb_match(key: str, label: str, kb: KnowledgeBase) -> tuple[str, str, float] | None:
    """(entity id, KB key, score) of the closest multi-word KB name of this type, if close enough."""
    memo = kb.memo("linking.fuzzy")
    if (key, label) not in memo:
        memo[key, label] = _fuzzy_kb_match(key, label, kb)
    hit: tuple[str, str, float] | None = memo[key, label]
    return hit


def _fuzzy_kb_match(key: str, label: str, kb: KnowledgeBase) -> tuple[str, str, float] | None:
    keys = kb.fuzzy_keys.get(label)
    if " " not in key or not keys:
        return None
    for match, score, pos in process.extract(
        key, keys, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF, limit=3
    ):
        if words_align(key, match, person=label == "PER"):
            return kb.fuzzy_ids[label][pos], match, score
    return None


def candidate_names(
    cand: Candidate, kb: KnowledgeBase
) -> tuple[list[tuple[str, Strength]], int, str, str | None]:
    """KB names matching the mention (after variants), letters to trim, the key matched, a fuzzy note."""
    for key, offset in key_variants(cand.key, cand.label):
        names = kb.lookup(key)
        if names:
            return names, offset, key, None
    units = kb.unit_index.get(unit_key(cand.key), set()) if cand.label == "ORG" else set()
    if len(units) == 1:
        return (
            [(next(iter(units)), "link")],
            0,
            cand.key,
            "unit name with لواء/كتيبة, الشهيد/شهداء interchangeable",
        )
    variant = variant_match(cand.key, cand.label, kb)
    if variant:
        eid, match = variant
        return [(eid, "link")], 0, cand.key, f"spelling variant «{cand.key}»~«{match}»"
    hit = fuzzy_kb_match(cand.key, cand.label, kb)
    if hit:
        eid, match, score = hit
        return [(eid, "link")], 0, cand.key, f"fuzzy {score:.0f} «{cand.key}»~«{match}»"
    return [], 0, cand.key, None


def choose_link(
    names: list[tuple[str, Strength]], label: str, context: set[str], kb: KnowledgeBase
) -> tuple[str | None, str]:
    """Pick one KB entity for a mention, or none; say why."""
    same_type = [(e, s) for e, s in names if kb.entities[e].type == label]
    # A type clash is tolerated only for distinctive names (the recogniser's type may be wrong).
    pool = same_type or [(e, s) for e, s in names if s == "scan"]
    strong = {e for e, s in pool if s != "needs_context"}
    if len(strong) == 1:
        return next(iter(strong)), "knowledge-base name"
    weak = {e for e, _ in pool}
    supported = {e for e in weak if e in context or kb.neighbours.get(e, set()) & context}
    if len(supported) == 1:
        eid = next(iter(supported))
        why = sorted((kb.neighbours.get(eid, set()) | {eid}) & context)[:3]
        return eid, f"shared or weak name, supported by {', '.join(why)} in the same article"
    if weak:
        return None, f"ambiguous between {', '.join(sorted(weak))}: left unlinked"
    return None, ""
