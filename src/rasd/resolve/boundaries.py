"""Repair the recogniser's mention boundaries before linking, and match systematic name variants.

- A span holding a KB name plus words that are not names («مختار بلمختار مؤسس كتيبة», «بريد
  هيلاري كلينتون») is cut to the name; without a KB name, titles and trigger words at its edges and a
  nisba adjective after a descriptor («الإرهابي الموريتاني صفي الدين…») are cut. Evidence: the
  recogniser's trigger lists (``data/ner/triggers.json``), word frequency (wordfreq), and name words
  (the KB's person names and the recogniser's lexicon), so «حمزة بن لادن» keeps «حمزة».
- A span holding two names of one KB person, or a name and its kunya («جمال عكاشة يحيى أبو الهمام»)
  links to that person.
- Names are compared tolerant of systematic spelling variants (``name_rules.json``:
  ``spelling_variants``; «إياد أق غالي» = «إياد أغ غالي»), a person's first name always equal.
- A unit or group word before a tagged name extends it when the whole is a KB organisation («لواء
  الشهيد أبو سليم» = «لواء شهداء أبو سليم»); a movement word before a place makes an organisation
  («حركة الأزواد»).
- Beginnings of long KB organisation names («تنظيم القاعدة في بلاد المغرب») are searched for in text.

Offsets stay exact: every cut falls on a word boundary of the original text.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from functools import cache, lru_cache

from rasd.datafiles import load_json, read_tsv
from rasd.kb import KnowledgeBase
from rasd.kb.loader import unit_key
from rasd.kb.names import name_key, name_rules, name_skeleton, proclitic_variants, rule_words, same_name
from rasd.resolve.candidates import Candidate
from rasd.resolve.scan import normalized, scan_kb_names, word_positions
from rasd.text import normalize
from rasd.text.frequency import arabic_zipf

COMMON_ZIPF = 4.0  # a word this frequent in Arabic that is not a name word is an everyday word
_TOKEN = re.compile(r"\S+")
_EDGE = "«»\"“”'‘’()[]{}<>-–—،,.;:؛!?؟"
_JOINER = re.compile(r"[\s\-]*$")


@cache
def _triggers() -> dict[str, frozenset[str]]:
    """The recogniser's trigger words (normalised, one-word ones), by kind; name particles left out."""
    data = load_json("ner/triggers")
    particles = set(name_rules()["name_particles"]) | {"ابن", "ام"}
    kinds: dict[str, set[str]] = {"per": set(), "any": set()}
    for kind, words in data.items():
        norm = {normalize(w) for w in words if " " not in w.strip()} - particles
        kinds["any"] |= norm
        if kind == "per_title":
            kinds["per"] |= norm
    return {k: frozenset(v) for k, v in kinds.items()}


def _name_words(kb: KnowledgeBase) -> frozenset[str]:
    """Words known to be names: every word of a KB person name, and the recogniser lexicon's PER words."""
    return kb.view("boundaries.name_words", lambda: _build_name_words(kb))


def _build_name_words(kb: KnowledgeBase) -> frozenset[str]:
    words = {
        w
        for eid, ent in kb.entities.items()
        if ent.type == "PER"
        for n in ent.names
        for w in name_key(n).split(" ")
    }
    words.update(normalize(word) for word, label in read_tsv("ner/entity_lexicon") if label.startswith("PER"))
    return frozenset(words)


def _kb_words(kb: KnowledgeBase) -> frozenset[str]:
    return kb.view("boundaries.kb_words", lambda: frozenset(k for k in kb.index if " " not in k))


def _is_filler(word: str, kb: KnowledgeBase) -> bool:
    """A trigger word, or an everyday word that is not a name word («بريد», «مؤسس», «كتيبة»)."""
    memo = kb.memo("boundaries.filler")
    if word not in memo:
        memo[word] = _filler(word, kb)
    return bool(memo[word])


def _filler(word: str, kb: KnowledgeBase) -> bool:
    norm = normalize(word)
    if norm in _triggers()["any"]:
        return True
    if norm in _name_words(kb) or norm in _kb_words(kb):  # a name word, or a KB name («المغرب»)
        return False
    return arabic_zipf(word) >= COMMON_ZIPF


def _tokens(cand: Candidate) -> list[tuple[int, int, str]]:
    """Words of a mention with their original offsets, punctuation at their edges left out."""
    out = []
    for m in _TOKEN.finditer(cand.text):
        s, e = m.start(), m.end()
        while s < e and cand.text[s] in _EDGE:
            s += 1
        while e > s and cand.text[e - 1] in _EDGE:
            e -= 1
        if s < e:
            out.append((cand.start + s, cand.start + e, cand.text[s:e]))
    return out


def _reshape(cand: Candidate, text: str, start: int, end: int, note: str) -> None:
    cand.start, cand.end = start, end
    cand.text = text[start:end]
    cand.key = name_key(cand.text)
    cand.reason = "; ".join(filter(None, [cand.reason, note]))


def _kb_ids(key: str, kb: KnowledgeBase, label: str, strong: bool = True) -> set[str]:
    """Entities of this type naming ``key`` (a proclitic on its first word may be left out)."""
    head, _, tail = key.partition(" ")
    out: set[str] = set()
    for variant, _ in proclitic_variants(head):
        for eid, strength in kb.lookup(" ".join(filter(None, [variant, tail]))):
            if kb.entities[eid].type == label and (not strong or strength != "needs_context"):
                out.add(eid)
    return out


def variant_match(key: str, label: str, kb: KnowledgeBase) -> tuple[str, str] | None:
    """(entity id, KB key) of the one KB person whose multi-word name is a systematic spelling variant
    of ``key`` (same first name; ق/غ/ك, long vowels, a family name's article), if exactly one."""
    if label != "PER" or " " not in key:
        return None
    hits = {
        eid: k for k, eid in kb.variant_index.get(name_skeleton(key), ()) if same_name(key, k, person=True)
    }
    if len(hits) == 1:
        eid, k = next(iter(hits.items()))
        return eid, k
    return None


def _person_ids(key: str, kb: KnowledgeBase, strong: bool) -> set[str]:
    ids = _kb_ids(key, kb, "PER", strong)
    if not ids and (hit := variant_match(key, "PER", kb)):
        ids = {hit[0]}
    return ids


def _two_names_of_one_person(cand: Candidate, toks: list[tuple[int, int, str]], kb: KnowledgeBase) -> bool:
    """«جمال عكاشة يحيى أبو الهمام»: a name and another name (or kunya) of the same KB person."""
    for k in range(1, len(toks)):
        a = name_key(" ".join(t[2] for t in toks[:k]))
        b = name_key(" ".join(t[2] for t in toks[k:]))
        if " " not in a and " " not in b:
            continue
        strong_a, strong_b = _person_ids(a, kb, True), _person_ids(b, kb, True)
        if not strong_a and not strong_b:
            continue
        both = (strong_a & (strong_b or _person_ids(b, kb, False))) | (strong_b & _person_ids(a, kb, False))
        if len(both) == 1:
            eid = next(iter(both))
            cand.kb_names = [(eid, "scan")]
            cand.reason = f"two names of one knowledge-base person «{a}» + «{b}»"
            return True
    return False


def _trim_to_kb_name(cand: Candidate, toks: list[tuple[int, int, str]], text: str, kb: KnowledgeBase) -> bool:
    """The longest KB name inside the span, when every word around it is a filler, not a name."""
    n = len(toks)
    for size in range(n - 1, 0, -1):
        for i in range(n - size + 1):
            window = toks[i : i + size]
            key = name_key(" ".join(t[2] for t in window))
            ids = _kb_ids(key, kb, cand.label)
            if size == 1:  # one word alone must be a distinctive name
                ids = {e for e in ids if (e, "scan") in kb.lookup(key)}
            if not ids:
                continue
            if all(_is_filler(t[2], kb) for t in toks[:i] + toks[i + size :]):
                _reshape(cand, text, window[0][0], window[-1][1], f"cut to the knowledge-base name «{key}»")
                return True
    return False


def _trim_edges(cand: Candidate, toks: list[tuple[int, int, str]], text: str, kb: KnowledgeBase) -> None:
    """Without a KB name: titles and trigger words at a person's edges, a nisba after a descriptor."""
    if cand.label != "PER":
        return
    trig = _triggers()
    i, j = 0, len(toks)
    first = normalize(toks[0][2])
    before = _word_before(text, cand.start) if first.startswith("ال") and first.endswith("ي") else None
    prev = before[0] if before else None
    while j - i > 1:
        word = normalize(toks[i][2])
        nisba = word.startswith("ال") and word.endswith("ي") and len(word) >= 6
        # a title that is also a first name («أمير») is cut only with its article («الأمير»)
        title = word in trig["per"] and (word.startswith("ال") or word not in _name_words(kb))
        after_descriptor = prev is not None and any(v in trig["per"] for v, _ in proclitic_variants(prev))
        if title or (nisba and after_descriptor):
            prev, i = word, i + 1
            continue
        break
    while j - i > 1 and normalize(toks[j - 1][2]) in trig["any"]:
        j -= 1
    rest = toks[i:j]
    if (i, j) == (0, len(toks)) or not any(not _is_filler(t[2], kb) for t in rest):
        return
    cut = " ".join(t[2] for t in toks[:i] + toks[j:])
    _reshape(
        cand, text, rest[0][0], rest[-1][1], f"cut «{cut}» (title, trigger or descriptor) from the mention"
    )


@lru_cache(maxsize=16)
def _word_starts(norm: str) -> tuple[int, ...]:
    return tuple(w[1] for w in word_positions(norm))


def _word_before(text: str, start: int, back: int = 1) -> tuple[str, int] | None:
    """The normalised word ``back`` words before ``start`` (no punctuation between), and its start."""
    norm, index = normalized(text)
    words = word_positions(norm)
    pos = bisect_left(index, start)
    w = bisect_left(_word_starts(norm), pos)
    k = w - back
    if k < 0:
        return None
    for a in range(k, w):
        nxt = words[a + 1][1] if a + 1 < w else pos
        if not _JOINER.match(norm, words[a][2], nxt):
            return None
    return words[k][0], index[words[k][1]]


def _unit_or_group_word(word: str, words: frozenset[str]) -> bool:
    return any(v in words for v, _ in proclitic_variants(word))


def extend_with_group_word(cand: Candidate, text: str, kb: KnowledgeBase) -> None:
    """«لواء الشهيد [أبو سليم]» → the KB's Abu Salim brigade; «حركة [الأزواد]» → an organisation."""
    if cand.label not in ("PER", "ORG", "LOC"):
        return
    group, movement, martyr = (
        rule_words("group_words"),
        rule_words("movement_words"),
        rule_words("martyr_words"),
    )
    one = _word_before(text, cand.start)
    if one is None:
        return
    starts: list[int] = []
    if _unit_or_group_word(one[0], group) or _unit_or_group_word(one[0], movement):
        starts.append(one[1])
    if (
        one[0] in martyr
        and (two := _word_before(text, cand.start, 2)) is not None
        and _unit_or_group_word(two[0], group)
    ):
        starts.insert(0, two[1])
    for start in starts:
        key = name_key(text[start : cand.end])
        head, _, tail = key.partition(" ")
        for variant, cut in proclitic_variants(head):
            vkey = " ".join(filter(None, [variant, tail]))
            ids = {e for e, st in kb.lookup(vkey) if st != "needs_context" and kb.entities[e].type == "ORG"}
            ids |= kb.unit_index.get(unit_key(vkey), set())
            if len(ids) == 1:
                eid = next(iter(ids))
                new_start = _skip_letters(text, start, cut)
                _reshape(
                    cand, text, new_start, cand.end, f"extended with the unit word to the KB name «{vkey}»"
                )
                cand.label, cand.kb_names, cand.linked = "ORG", [(eid, "scan")], None
                cand.origin = "recogniser"
                return
    named = [*cand.kb_names, *kb.lookup(cand.key)]
    is_place = cand.label == "LOC" or any(kb.entities[e].type == "LOC" for e, _ in named)
    if is_place and _unit_or_group_word(one[0], movement):
        cut = next((c for v, c in proclitic_variants(one[0]) if v in movement), 0)
        _reshape(
            cand,
            text,
            _skip_letters(text, one[1], cut),
            cand.end,
            "a movement word before a place names an organisation",
        )
        cand.label, cand.kb_names, cand.linked, cand.subtype = "ORG", [], None, None
        cand.origin = "recogniser"


def _skip_letters(text: str, start: int, letters: int) -> int:
    """Original position after ``letters`` normalised letters from ``start`` (a proclitic left out)."""
    if letters <= 0:
        return start
    _, index = normalized(text)
    pos = bisect_left(index, start)
    return index[pos + letters]


def repair(cand: Candidate, text: str, kb: KnowledgeBase) -> None:
    """Fix a recogniser span's boundaries (or link it as two names of one person) before linking."""
    # places keep their heads and compass words («جنوب ليبيا» is part of Libya, not Libya)
    if cand.label not in ("PER", "ORG") or kb.lookup(cand.key):
        return
    toks = _tokens(cand)
    if len(toks) < 2:
        return
    if cand.label == "PER" and len(toks) >= 3 and _two_names_of_one_person(cand, toks, kb):
        return
    if _trim_to_kb_name(cand, toks, text, kb):
        return
    _trim_edges(cand, toks, text, kb)


def scan_name_prefixes(text: str, kb: KnowledgeBase) -> list[Candidate]:
    """Beginnings of long KB organisation names in the text («تنظيم القاعدة في بلاد المغرب»)."""
    if not kb.prefix_names:
        return []
    found = scan_kb_names(
        text,
        kb,
        ("scan",),
        lookup=lambda key: [(kb.prefix_names[key], "scan")] if key in kb.prefix_names else [],
        prefixes=kb.prefix_gate,
    )
    for cand in found:
        cand.reason = f"beginning of the knowledge-base name of {cand.kb_names[0][0]}"
    return found
