"""From token tags to mentions in running text: exact character offsets, proclitics trimmed."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from typing import cast

from rasd.recognise.clitics import leading_proclitic_chars, split_proclitics
from rasd.recognise.features import frequency_band
from rasd.recognise.gazetteer import Gazetteer, GazetteerMatch
from rasd.recognise.institutions import TRIBE_HEADS, head_of, institution_phrases
from rasd.recognise.spans import bio_spans
from rasd.recognise.subtypes import subtype_of
from rasd.record import EntityType, TaggedSpan
from rasd.text import normalize, sentence_spans, tokenize

Tagger = Callable[[Sequence[str]], list[str]]
# Tags many consecutive sentences at once (the two-stage CRF looks at the sentences around each one).
ManyTagger = Callable[[Sequence[Sequence[str]]], list[list[str]]]
KEPT_LABELS = ("PER", "ORG", "LOC")  # MISC is learnt (it sharpens the others) but not reported
RARE_BAND = 4  # wordfreq Zipf band: 4 is about once per 10,000 words of general Arabic
# Places repeat only when rarer: «مالي» (band 4) is also the adjective "financial".
PLACE_RARE_BAND = 3
ARTICLE_WINDOW = 30  # sentences per pseudo-article in CoNLL input (best of 10/30/60 on the dev split)


def find_mentions(
    text: str,
    tag: Tagger,
    gazetteer: Gazetteer,
    tag_many: ManyTagger | None = None,
    running_text: bool = True,
) -> list[TaggedSpan]:
    """Mentions of people, organisations and places in one article, with exact offsets into ``text``.
    ``tag_many``, where given, tags the article's sentences together (else ``tag``, one by one).
    ``running_text``: a real article under rasd's annotation guidelines, so also institution phrases
    (``rasd.recognise.institutions``, which ANERcorp leaves untagged) and repeated places (which
    ANERcorp's 30-sentence windows, not articles, spread badly)."""
    sentences = [tokenize(text[s.start : s.end], offset=s.start) for s in sentence_spans(text)]
    words = [[t.text for t in s] for s in sentences]
    # Each distinct word is normalised once per article (an article repeats most of its words).
    norm_of = {w: normalize(w) for w in {w for ws in words for w in ws}}
    words_in_text = set(norm_of.values())
    model_tags = tag_many(words) if tag_many is not None else [tag(w) for w in words]
    norms, tags, repeated = _article_tags(words, model_tags, gazetteer, norm_of, running_text)
    name_words = {word for name in repeated.names for word in name}
    found: list[TaggedSpan] = []
    for tokens, sentence_norms, sentence_tags in zip(sentences, norms, tags, strict=True):
        for label, a, b in bio_spans(sentence_tags):
            if label not in KEPT_LABELS:
                continue
            span = sentence_norms[a:b]
            cut = _proclitic_cut(tokens[a].text, span, label, gazetteer, repeated, name_words, words_in_text)
            start, end = tokens[a].start + cut, tokens[b - 1].end
            span_norms = [normalize(text[start : tokens[a].end]), *span[1:]]
            found.append(
                TaggedSpan(
                    start=start,
                    end=end,
                    text=text[start:end],
                    label=cast(EntityType, label),
                    subtype=_tribe(label, span_norms)
                    or subtype_of(label, span_norms, sentence_norms[max(0, a - 2) : a], gazetteer, cues=False)
                    # the hand-written list before the trigger words around the name («…و التوارق»)
                    or (subtype_of(label, span_norms, (), gazetteer.trusted) if gazetteer.trusted else None)
                    or subtype_of(label, span_norms, sentence_norms[max(0, a - 2) : a], gazetteer),
                )
            )
    return found


def tag_sentences(
    sentences: Sequence[Sequence[str]],
    tag: Tagger,
    gazetteer: Gazetteer,
    window: int = ARTICLE_WINDOW,
    tag_many: ManyTagger | None = None,
) -> list[list[str]]:
    """BIO tags for consecutive sentences of given tokens (``rasd tag``/``rasd eval ner``), with the
    same passes as running text; where the input has no article breaks, ``window`` sentences at a
    time stand in for an article. ``tag_many`` (the two-stage CRF) sees all the sentences at once and
    brings its own window of context. These follow ANERcorp's conventions, which leave institution
    descriptions («الحكومة السودانية», «وزارة الدفاع») untagged, and its windows are not articles: no
    institution phrases and no repeated places here (``find_mentions``'s ``running_text``)."""
    model_tags = tag_many(sentences) if tag_many is not None else [tag(w) for w in sentences]
    out: list[list[str]] = []
    for start in range(0, len(sentences), window):
        out.extend(
            _article_tags(sentences[start : start + window], model_tags[start : start + window], gazetteer)[1]
        )
    return out


def _article_tags(
    sentences: Sequence[Sequence[str]],
    model_tags: Sequence[list[str]],
    gazetteer: Gazetteer,
    norm_of: dict[str, str] | None = None,
    running_text: bool = False,
) -> tuple[list[list[str]], list[list[str]], Gazetteer]:
    """Normalised words and tags of an article's sentences, and the names found in it. Passes: the
    model's tags; names from the lists that it missed; institution phrases (``running_text``); one
    type per name; then the people and organisations found (and places, ``running_text``), tagged
    again where the article repeats them («مختار بلمختار» … «بلمختار»): one name keeps one reading
    within one article."""
    if norm_of is None:
        norm_of = {w: normalize(w) for w in {w for ws in sentences for w in ws}}
    norms = [[norm_of[w] for w in words] for words in sentences]
    tags = [_add_listed_names(list(t), n, gazetteer) for t, n in zip(model_tags, norms, strict=True)]
    if running_text:
        for sentence_norms, sentence_tags in zip(norms, tags, strict=True):
            _add_institutions(sentence_tags, sentence_norms)
    _one_type_per_name(norms, tags)
    tagged = list(zip(norms, tags, strict=True))
    repeated = _names_to_repeat(tagged, ("PER", "ORG"))
    places = _names_to_repeat(tagged, ("LOC",) if running_text else ())
    for sentence_norms, sentence_tags in zip(norms, tags, strict=True):
        _tag_matches(sentence_tags, repeated.matches(sentence_norms))
        _tag_matches(sentence_tags, places.matches(sentence_norms))
    return norms, tags, repeated


def _proclitic_cut(
    surface: str,
    span: Sequence[str],
    label: str,
    gazetteer: Gazetteer,
    article: Gazetteer,
    name_words: set[str],
    words_in_text: set[str],
) -> int:
    """Characters of conjunction/preposition to cut off the first word («لبلمختار» → «بلمختار»).

    ``article`` holds the names found in this article. Never cut a word the gazetteer knows whole
    («فرنسا», «باريس»). Cut where the rest is a known name (the gazetteer's, of four letters or more,
    or the article's), a given name in a person's name («وإياد أغ غالي»), or, after one letter, a word
    of a name the article has («لهيلاري» with «هيلاري كلينتون»); else keep a word the
    article knows whole («بلمختار»); else cut where the rest starts with ال («والجزائر») or the
    article also writes it alone. So «ليبيا» and «فرنس برس» keep their first letter.
    """
    if gazetteer.lookup(span) is not None:
        return 0
    cuts = [(cut, normalize(surface[cut:])) for cut in range(1, leading_proclitic_chars(surface) + 1)]
    for cut, rest in cuts:
        name = (rest, *span[1:])
        given_name = label == "PER" and len(span) > 1 and rest in gazetteer.person_parts
        if (
            given_name
            or (label in ("ORG", "LOC") and _is_head(rest, span[0]))
            or (len(rest) >= 4 and gazetteer.lookup(name) is not None)
            or (gazetteer.trusted is not None and gazetteer.trusted.lookup(name) is not None)
            or article.lookup(name) is not None
            or (cut == 1 and rest in name_words)
        ):
            return cut
    if article.lookup(span) is not None:
        return 0
    tests = (
        lambda rest: rest.startswith("ال"),
        lambda rest: rest in words_in_text,
    )
    for test in tests:
        for cut, rest in cuts:
            if test(rest):
                return cut
    return 0


def _tribe(label: str, span: Sequence[str]) -> str | None:
    head = head_of(span[0]) if label == "ORG" and span else None
    return "tribe" if head is not None and head[0] in TRIBE_HEADS else None


def _is_head(rest: str, word: str) -> bool:
    """Whether cutting ``word`` («ومجلس», «والهلال») leaves its institution head as written: not
    after «لل» («للقوات» → «قوات»), whose alef is not in the text."""
    head = head_of(word)
    return head is not None and rest == ("ال" if head[1] else "") + head[0]


def _add_listed_names(tags: list[str], norms: Sequence[str], gazetteer: Gazetteer) -> list[str]:
    """Tag listed names the model missed: sanctioned people and entities of several words where the
    model tagged nothing, and the hand-written Sahel list (any length) also over names the model
    found inside them. ANERcorp rarely mentions these, so the model under-trusts their features."""
    matches = [m for m in gazetteer.matches(norms) if m.end - m.start >= 2 and len(m.types - {"LOC"}) == 1]
    _tag_matches(tags, [GazetteerMatch(m.start, m.end, m.types - {"LOC"}) for m in matches])
    if gazetteer.trusted is not None:
        _tag_matches(tags, gazetteer.trusted.matches(norms), over_inner=True)
    return tags


def _add_institutions(tags: list[str], norms: Sequence[str]) -> None:
    """Tag institution phrases («وزارة الدفاع النيجيرية», «الحكومة المصرية») as organisations, over
    what the model tagged inside them (a country in «حكومة مالي» is part of the name)."""
    phrases = institution_phrases(norms, tags)
    for p in phrases:
        # the model often runs two institutions joined by «و» into one name: split it there
        if tags[p.start].startswith("I-") and norms[p.start].startswith("و"):
            tags[p.start] = "B-" + tags[p.start][2:]
    _tag_matches(
        tags, [GazetteerMatch(p.start, p.end, frozenset({p.label})) for p in phrases], over_inner=True
    )


def _tag_matches(tags: list[str], matches: Sequence[GazetteerMatch], over_inner: bool = False) -> None:
    """Write each single-type match into ``tags`` where the model tagged nothing over its tokens, or,
    with ``over_inner``, where every name the model tagged there lies inside the match («كتيبة عقبة
    بن نافع» over «بن نافع»)."""
    for m in matches:
        if len(m.types) != 1:
            continue
        inside = tags[m.start : m.end]
        free = all(t == "O" for t in inside)
        crossing = inside[0].startswith("I-") or (m.end < len(tags) and tags[m.end].startswith("I-"))
        if free or (over_inner and not crossing):
            (label,) = m.types
            tags[m.start : m.end] = [f"B-{label}"] + [f"I-{label}"] * (m.end - m.start - 1)


def _one_type_per_name(norms: Sequence[Sequence[str]], tags: Sequence[list[str]]) -> None:
    """One name, one type per article: where the same name (proclitics off) is tagged with two types,
    the type it has most often is written over the others («بنقردان» a place four times and a person
    once); a tie is left as it is."""
    votes: dict[tuple[str, ...], Counter[str]] = {}
    spans: list[tuple[list[str], str, int, int, tuple[str, ...]]] = []
    for sentence_norms, sentence_tags in zip(norms, tags, strict=True):
        for label, a, b in bio_spans(sentence_tags):
            if label not in KEPT_LABELS:
                continue
            key = (split_proclitics(sentence_norms[a])[1], *sentence_norms[a + 1 : b])
            votes.setdefault(key, Counter())[label] += 1
            spans.append((sentence_tags, label, a, b, key))
    for sentence_tags, label, a, b, key in spans:
        ranked = votes[key].most_common(2)
        if len(ranked) > 1 and ranked[0][1] > ranked[1][1] and ranked[0][0] != label:
            best = ranked[0][0]
            sentence_tags[a:b] = [f"B-{best}"] + [f"I-{best}"] * (b - a - 1)


def _names_to_repeat(tagged: Sequence[tuple[list[str], list[str]]], labels: Sequence[str]) -> Gazetteer:
    """Names of the given types found in the article, and people's family names («بلمختار»), as a
    gazetteer for the article; rare words only, so a name made of common words does not spread
    (places rarer still). People and organisations also decide proclitic cuts (``_proclitic_cut``);
    places are kept apart from that, as their written forms («والجزائر») would block it."""
    rows: list[tuple[str, str, str]] = []
    for norms, tags in tagged:
        for label, a, b in bio_spans(tags):
            if label not in KEPT_LABELS:
                continue
            words = norms[a:b]  # as written: matching strips proclitics off the text, not off the name
            if label == "LOC" and len(words) == 1 and not _is_rare(words[0], PLACE_RARE_BAND):
                continue
            rows.append((label, "", " ".join(words)))
            if label == "PER" and len(words) > 1 and len(words[-1]) >= 4 and _is_rare(words[-1]):
                rows.append((label, "", words[-1]))
    # A name seen with two labels is left alone.
    seen: dict[str, set[str]] = {}
    for label, _, name in rows:
        seen.setdefault(name, set()).add(label)
    return Gazetteer.from_rows(
        [
            (label, "", n)
            for n, ls in seen.items()
            if len(ls) == 1 and (label := next(iter(ls))) in labels and (" " in n or _is_rare(n))
        ]
    )


def _is_rare(word: str, band: int = RARE_BAND) -> bool:
    return int(frequency_band(word)) <= band
