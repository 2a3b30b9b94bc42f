"""Resolve: the recogniser's spans (plus KB names it missed) → entities with stable ids.

Order: find KB names in the text → link every mention (exact names, then fuzzy, then context
for weak or shared names) → keep the longest linked span where spans overlap → aliases that
the text states → group mentions (same KB entity, same name, short forms and misspellings) →
geocode places → one ``Entity`` per group, with the reasons for every join in ``resolution``.
"""

from __future__ import annotations

import bisect
import re

from rasd.kb import KnowledgeBase
from rasd.kb.ids import article_entity_id, entity_id
from rasd.kb.names import name_key, name_rules
from rasd.record import Document, Entity, Geo, Mention, TaggedSpan
from rasd.resolve.aliases import StatedAlias, find_stated_aliases
from rasd.resolve.boundaries import extend_with_group_word, repair, scan_name_prefixes
from rasd.resolve.candidates import Candidate, Groups, join
from rasd.resolve.coref import join_short_forms
from rasd.resolve.geocode import (
    Gazetteer,
    GeoContext,
    Match,
    head_before,
    one_type_per_name,
    part_of_place,
)
from rasd.resolve.linking import candidate_names, choose_link
from rasd.resolve.scan import find_key_occurrences, find_variants_of_linked, named_in_text, scan_kb_names
from rasd.text import normalize_with_map


def _trim_front(cand: Candidate, norm_letters: int) -> None:
    """Drop a proclitic or title (``norm_letters`` normalised letters) from the front of a mention."""
    if norm_letters <= 0:
        return
    _, index = normalize_with_map(cand.text)
    if norm_letters < len(index):
        cut = index[norm_letters]
        cand.start += cut
        cand.text = cand.text[cut:]


def _link(cand: Candidate, kb: KnowledgeBase, context: set[str]) -> None:
    if cand.linked:
        return
    if not cand.kb_names:
        names, trim, key, note = candidate_names(cand, kb)
        cand.kb_names = names
        if names:
            _trim_front(cand, trim)
            cand.key, cand.reason = key, note
    if cand.kb_names:
        eid, why = choose_link(cand.kb_names, cand.label, context, kb)
        if eid:
            ent = kb.entities[eid]
            cand.linked, cand.label = eid, ent.type
            cand.subtype = ent.subtype or cand.subtype
        # a weak or shared KB name the article does not decide: it demonstrably names several people
        cand.undecided = eid is None and any(s == "needs_context" for _, s in cand.kb_names)
        cand.reason = "; ".join(filter(None, [cand.reason, why]))


_EDGE = "«»\"“”'‘’()[]{}<>-–—،,.;:؛!?؟ \t\n\u00a0"


def _from_span(span: TaggedSpan, text: str) -> Candidate:
    """A candidate from a recogniser span, without quotes, brackets or spaces at its edges."""
    start, end = span.start, span.end
    while start < end and text[start] in _EDGE:
        start += 1
    while end > start and text[end - 1] in _EDGE:
        end -= 1
    return Candidate(start, end, text[start:end], span.label, span.subtype, key=name_key(text[start:end]))


def _inside_a_longer_name(cand: Candidate, tagged: list[Candidate], starts: list[int]) -> bool:
    """A KB match inside a longer name the recogniser tagged is part of that name, not itself:
    «حمزة بن لادن» is not «بن لادن» (Osama); «أنصار الشريعة بليبيا» is not the country; «جنوب
    ليبيا» is part of it. ``tagged`` is sorted by start (``starts``); the recogniser's spans do not
    overlap, so only those starting at or before the candidate, back to the first that ends before
    it, can hold it."""
    if cand.origin != "kb_scan" or cand.label not in ("PER", "LOC"):
        return False
    before = tagged[: bisect.bisect_right(starts, cand.start)]
    holders = []
    for t in reversed(before):
        if t.end <= cand.start:
            break
        holders.append(t)
    return any(
        t.start <= cand.start
        and cand.end <= t.end
        and t.length > cand.length
        and (
            t.label == cand.label == "PER"
            or (cand.label == "LOC" and t.label != "LOC")
            or (t.label == cand.label == "LOC" and _part_of_place(t.key))
        )
        for t in holders
    )


def _part_of_place(key: str) -> bool:
    """«جنوب ليبيا»: a compass word before a place names part of it (geocoded at region precision)."""
    return any(key.startswith(c + " ") for c in name_rules()["compass_words"])


def _select(cands: list[Candidate]) -> list[Candidate]:
    """Non-overlapping mentions: linked before unlinked, then the longest, then the recogniser's.
    The kept spans never overlap, so one bisection finds the only ones a candidate could overlap:
    linear-logarithmic in the article's length, not quadratic."""
    tagged = sorted((c for c in cands if c.origin == "recogniser" and not c.linked), key=lambda c: c.start)
    tagged_starts = [t.start for t in tagged]
    cands = [c for c in cands if not _inside_a_longer_name(c, tagged, tagged_starts)]
    kept: list[Candidate] = []  # sorted by start (and so by end)
    starts: list[int] = []
    ranked = sorted(cands, key=lambda c: (c.linked is None, -c.length, c.origin != "recogniser", c.start))
    for cand in ranked:
        if not cand.key:
            continue
        i = bisect.bisect_left(starts, cand.start)
        if (i > 0 and kept[i - 1].end > cand.start) or (i < len(kept) and kept[i].start < cand.end):
            continue
        kept.insert(i, cand)
        starts.insert(i, cand.start)
    return kept


def _add_candidate(cands: list[Candidate], groups: Groups, cand: Candidate) -> int:
    cands.append(cand)
    return groups.add(cand.linked)


def _apply_stated_aliases(
    text: str, cands: list[Candidate], groups: Groups, kb: KnowledgeBase, context: set[str]
) -> dict[int, list[StatedAlias]]:
    evidence: dict[int, list[StatedAlias]] = {}
    # Which characters some candidate covers, kept up to date as candidates are added: asked for each
    # repetition of each stated alias, where a pass over all candidates was quadratic on a long text.
    covered = bytearray(len(text))
    for c in cands:
        covered[c.start : c.end] = b"\x01" * len(covered[c.start : c.end])
    for alias in find_stated_aliases(text, list(cands), set(kb.index)):
        anchor = cands[alias.anchor]
        idx = next((i for i, c in enumerate(cands) if c.start < alias.end and alias.start < c.end), None)
        if idx is None:
            cand = Candidate(
                alias.start,
                alias.end,
                text[alias.start : alias.end],
                anchor.label,
                anchor.subtype,
                origin="alias_pattern",
                key=name_key(text[alias.start : alias.end]),
            )
            _link(cand, kb, context)
            idx = _add_candidate(cands, groups, cand)
            covered[cand.start : cand.end] = b"\x01" * len(covered[cand.start : cand.end])
        reason = f"alias stated in text («{alias.trigger}» at {alias.start}-{alias.end})"
        if not join(groups, alias.anchor, idx, reason):
            continue
        evidence.setdefault(alias.anchor, []).append(alias)
        # The alias names the same entity wherever else the article uses it.
        for start, end in find_key_occurrences(text, cands[idx].key):
            if 1 in covered[start:end]:  # overlaps a candidate
                continue
            rep = Candidate(
                start,
                end,
                text[start:end],
                anchor.label,
                anchor.subtype,
                origin="alias_repeat",
                key=cands[idx].key,
                linked=cands[idx].linked,
            )
            join(groups, idx, _add_candidate(cands, groups, rep), f"repeats the stated alias «{rep.text}»")
            covered[start:end] = b"\x01" * len(covered[start:end])
    return evidence


def _group_same_names(cands: list[Candidate], groups: Groups) -> None:
    first_by_kb: dict[str, int] = {}
    first_by_name: dict[tuple[str, str], int] = {}
    for i, c in enumerate(cands):
        if c.linked:
            j = first_by_kb.setdefault(c.linked, i)
            if j != i:
                join(groups, j, i, f"same knowledge-base entity {c.linked}")
        else:
            j = first_by_name.setdefault((c.label, c.key), i)
            if j != i:
                join(groups, j, i, "same name and type in the article")


def _entity(
    members: list[int],
    cands: list[Candidate],
    groups: Groups,
    kb: KnowledgeBase,
    gazetteer: Gazetteer,
    evidence: list[StatedAlias],
    places: dict[str, Match],
    doc: Document,
) -> Entity:
    text = doc.text
    group = sorted((cands[i] for i in members), key=lambda c: c.start)
    linked = next((c.linked for c in group if c.linked), None)
    longest = max(group, key=lambda c: (c.length, -c.start))
    reasons: list[str] = [
        f"«{c.text}» → {c.linked}: {c.reason}" if c.linked else f"«{c.text}»: {c.reason}"
        for c in group
        if c.reason
    ]
    reasons += groups.reasons.get(groups.find(members[0]), [])
    geo: Geo | None = None
    refs: dict[str, str] | None = None
    if linked:
        ent = kb.entities[linked]
        eid, etype, subtype, name, refs = ent.id, ent.type, ent.subtype, ent.name, ent.kb_refs
        if ent.place:
            geo = Geo(
                lat=ent.place.lat, lon=ent.place.lon, precision=ent.place.precision, country=ent.place.country
            )
    else:
        etype, subtype, name = longest.label, longest.subtype, longest.text
        match = places.get(longest.key) if etype == "LOC" else None
        if match:
            eid, geo = match.place.entity_id, match.place.geo()
            reasons.append(match.reason(longest.text))
        elif etype == "LOC" and (part := part_of_place(longest.key, kb, gazetteer)):
            eid, geo = entity_id(etype, name), part[1]
            reasons.append(f"geocoded «{longest.text}» as part of «{part[0]}» (region precision)")
        elif any(c.undecided for c in group):
            eid = article_entity_id(etype, name, doc.id)
            reasons.append("a shared or common name the article does not decide: id scoped to this article")
        else:
            eid = entity_id(etype, name)
    mentions = {
        (c.start, c.end): Mention(start=c.start, end=c.end, text=text[c.start : c.end]) for c in group
    }
    name_k = name_key(name)
    aliases: list[str] = []
    for c in group:
        if c.key != name_k and c.text not in aliases:
            aliases.append(c.text)
    alias_evidence = [Mention(start=a.start, end=a.end, text=text[a.start : a.end]) for a in evidence]
    return Entity(
        id=eid,
        type=etype,
        subtype=subtype,
        name=name,
        aliases=aliases,
        mentions=sorted(mentions.values(), key=lambda m: m.start),
        geo=geo,
        kb=refs,
        resolution="; ".join(dict.fromkeys(reasons)) or None,
        alias_evidence=alias_evidence,
    )


def resolve_entities(doc: Document, kb: KnowledgeBase, gazetteer: Gazetteer) -> None:
    text = doc.text
    cands = [_from_span(s, text) for s in doc.spans if 0 <= s.start < s.end <= len(text)]
    for cand in cands:  # boundaries: cut titles and common words, two names of one person
        repair(cand, text, kb)
    cands += scan_kb_names(text, kb)
    cands += scan_name_prefixes(text, kb)
    for cand in cands:  # «لواء الشهيد [أبو سليم]», «حركة [الأزواد]»
        extend_with_group_word(cand, text, kb)
    for cand in cands:  # first pass: names that identify on their own
        _link(cand, kb, set())
    context = {c.linked for c in cands if c.linked} | named_in_text(text, kb)
    for cand in cands:  # second pass: weak or shared names, decided by what else the article names
        _link(cand, kb, context)
    cands = _select(cands)
    one_type_per_name(cands, gazetteer, _geo_context(kb, context).countries)
    cands = sorted(
        [*cands, *find_variants_of_linked(text, kb, {c.linked for c in cands if c.linked}, cands)],
        key=lambda c: c.start,
    )
    groups = Groups(0)
    for cand in cands:
        groups.add(cand.linked)
    context |= {c.linked for c in cands if c.linked}
    evidence = _apply_stated_aliases(text, cands, groups, kb, context)
    _group_same_names(cands, groups)
    join_short_forms(cands, groups, kb)
    places = _geocode_places(text, cands, groups, kb, context, gazetteer)
    entities: list[Entity] = []
    by_id: dict[str, Entity] = {}
    for root, members in groups.members().items():
        found = [a for i in members for a in evidence.get(i, [])]
        ent = _entity(members, cands, groups, kb, gazetteer, found, places, doc)
        if ent.id in by_id:  # two groups reached the same id (e.g. one city under two spellings)
            _absorb(by_id[ent.id], ent)
            continue
        by_id[ent.id] = ent
        entities.append(ent)
        del root
    doc.entities = sorted(entities, key=lambda e: e.mentions[0].start if e.mentions else 0)


def _geo_context(kb: KnowledgeBase, context: set[str]) -> GeoContext:
    """The countries and placed points of the knowledge-base places the article names."""
    ctx = GeoContext()
    for eid in context:
        place = kb.entities[eid].place
        if place is not None:
            if place.country:
                ctx.countries.add(place.country)
            if place.precision in ("city", "feature"):
                ctx.points.append((place.lat, place.lon))
    return ctx


def _geocode_places(
    text: str,
    cands: list[Candidate],
    groups: Groups,
    kb: KnowledgeBase,
    context: set[str],
    gazetteer: Gazetteer,
) -> dict[str, Match]:
    """The article's unlinked place names geocoded together, with the countries and points of the
    knowledge-base places it names as context (see ``Gazetteer.geocode_all``)."""
    ctx = _geo_context(kb, context)
    ends = [m.end() for m in _SENTENCE_END.finditer(text)]
    keys: list[str] = []
    sentences: dict[str, set[int]] = {}
    heads: dict[str, str] = {}  # «في ولاية [تكساس]»: the word before a mention types it
    for members in groups.members().values():
        group = [cands[i] for i in members]
        longest = max(group, key=lambda c: (c.length, -c.start))
        if longest.label == "LOC" and not any(c.linked for c in group):
            keys.append(longest.key)
            sentences.setdefault(longest.key, set()).update(bisect.bisect(ends, c.start) for c in group)
            if kind := next((k for c in group if (k := head_before(text, c.start))), None):
                heads.setdefault(longest.key, kind)
    return gazetteer.geocode_all(keys, ctx, sentences, heads)


_SENTENCE_END = re.compile(r"[.!?؟\n]+")


def _absorb(into: Entity, other: Entity) -> None:
    seen = {(m.start, m.end) for m in into.mentions}
    into.mentions = sorted(
        [*into.mentions, *(m for m in other.mentions if (m.start, m.end) not in seen)], key=lambda m: m.start
    )
    into.aliases += [a for a in [other.name, *other.aliases] if a != into.name and a not in into.aliases]
    into.alias_evidence += other.alias_evidence
    into.resolution = "; ".join(
        filter(None, [into.resolution, other.resolution, "same id from two name groups"])
    )
