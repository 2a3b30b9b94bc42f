"""Token features for the CRF tagger.

A word's own features depend only on the word, so they are computed once per distinct word and
cached, together with the shorter views its neighbours see; a sentence's features are then mostly
list concatenation, which keeps tagging far above 20,000 tokens/s on one core.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from functools import cache, lru_cache
from types import MappingProxyType

from rasd.datafiles import load_json
from rasd.memo import NAME_MEMO, WORD_MEMO, Memo
from rasd.recognise.clitics import split_proclitics, strip_article
from rasd.recognise.clusters import WordClusters
from rasd.recognise.gazetteer import Gazetteer
from rasd.text import normalize
from rasd.text.zipf import zipf_frequency

_OFFSETS = (-2, -1, 1, 2)
_LONG_VOWELS = frozenset("اويه")


@cache
def trigger_classes() -> Mapping[str, tuple[str, ...]]:
    """Normalised trigger word → the classes it belongs to (``data/ner/triggers.json``)."""
    table: dict[str, list[str]] = {}
    for cls, words in load_json("ner/triggers").items():
        for word in words:
            table.setdefault(normalize(word), []).append(cls)
    return MappingProxyType({w: tuple(sorted(c)) for w, c in table.items()})


def _shape(word: str) -> str:
    if word.isdigit():
        return "digit"
    if word.isascii() and word.isalpha():
        return "latin"
    if not any(ch.isalnum() for ch in word):
        return "punct"
    if any(ch.isdigit() for ch in word):
        return "alnum"
    return "ar"


@lru_cache(maxsize=NAME_MEMO)  # a word's core and its form with ال recur under every proclitic
def frequency_band(word: str) -> str:
    """How common a word is in general Arabic: wordfreq's Zipf value, truncated (names are rare)."""
    return str(int(zipf_frequency(word, "ar")))


class FeatureExtractor:
    """``lexicon`` maps a normalised stem to the entity type it mostly has in training data.

    ``clusters`` (off unless the model was trained with them: ``crf.CRFTagger`` reads meta.json) adds
    the stem's word clusters learnt from the news corpora: every granularity for the word itself, and
    the two coarsest for the neighbours within ``cluster_window`` words.
    """

    def __init__(
        self,
        gazetteer: Gazetteer,
        lexicon: dict[str, str] | None = None,
        clusters: WordClusters | None = None,
        cluster_window: int = 1,
    ) -> None:
        self.gazetteer = gazetteer
        self.lexicon = lexicon or {}
        self.triggers = trigger_classes()
        self.clusters = clusters
        self.cluster_window = cluster_window
        self._known: dict[str, str] | None = None
        # One entry per word type: bounded, or a long ingest grows by gigabytes. Its strings are the
        # model's own (``known``), so an entry takes 1.2 KB, not 2.4, and twice ``WORD_MEMO`` entries
        # fit in the memory ``WORD_MEMO`` entries of fresh strings took. The real-news sample has
        # 53,000 word types: at 30,000 the memo was emptied twice in it and 77,600 entries were built.
        self._cache: Memo[str, tuple[str, list[str], dict[int, list[str]]]] = Memo(2 * WORD_MEMO)

    @property
    def known(self) -> frozenset[str] | None:
        """The attributes the tagger's model has weights for (None: all, as in training). CRFsuite
        skips any other attribute when tagging, so leaving those out changes no tag, and the model
        sees a third fewer strings (``CRFTagger`` sets it from the model it opens)."""
        return None if self._known is None else frozenset(self._known)

    @known.setter
    def known(self, attributes: frozenset[str] | None) -> None:
        # Each known attribute maps to one string object, which the cached entries then share.
        self._known = None if attributes is None else {a: a for a in attributes}
        self._cache.clear()

    def _cluster_features(self, stem: str, shape: str) -> tuple[list[str], list[str]]:
        """(the word's own cluster features, the ones its neighbours see)."""
        assert self.clusters is not None
        ids = self.clusters.lookup(stem)
        if ids is None:
            # Absent from 12 M words of news: mostly rare names and misspellings, itself a cue.
            return (["k=unk"], ["k=unk"]) if shape == "ar" else ([], [])
        own = [f"k{k}={c}" for k, c in zip(self.clusters.granularities, ids, strict=True)]
        return own, own[:2]

    def _word(self, word: str) -> tuple[str, list[str], dict[int, list[str]]]:
        cached = self._cache.get(word)
        if cached is not None:
            return cached
        norm = normalize(word) or word
        clitic, stem = split_proclitics(norm)
        core = strip_article(stem)
        shape = _shape(word)
        triggers = self.triggers.get(norm) or self.triggers.get(stem) or ()
        own = [
            "bias",
            "w=" + word,
            "n=" + norm,
            "s=" + stem,
            "c=" + core,
            "p=" + clitic,
            "sh=" + shape,
            "pre2=" + core[:2],
            "pre3=" + core[:3],
            "suf1=" + core[-1:],
            "suf2=" + core[-2:],
            "suf3=" + core[-3:],
            "nsuf2=" + norm[-2:],
            "len=" + str(min(len(core), 8)),
            "pre4=" + core[:4],
            "suf4=" + core[-4:],
        ]
        if stem.startswith("ال"):
            own.append("al")
        if shape == "ar":
            # Arabic nouns take the article freely, transliterated names rarely («البنفيكا»).
            other = core if stem.startswith("ال") else "ال" + core
            own += [
                "zf=" + frequency_band(word),
                "zfc=" + frequency_band(core),
                "zfa=" + frequency_band(other),
            ]
            # Vowel skeleton: Arabic patterns (كتاب → CCاC) differ from transliterations (بنفيكا).
            own.append("sk=" + "".join(ch if ch in _LONG_VOWELS else "C" for ch in core))
            padded = f"<{core}>"
            own.extend("g3=" + padded[k : k + 3] for k in range(len(padded) - 2))
        lex = self.lexicon.get(stem)
        if lex:
            own.append("lex=" + lex)
        own.extend("t=" + t for t in triggers)
        part = core in self.gazetteer.person_parts or stem in self.gazetteer.person_parts
        if part:
            own.append("pp")
        view = ["n=" + norm, "s=" + stem, "c=" + core, "sh=" + shape, *("t=" + t for t in triggers)]
        if lex:
            view.append("lex=" + lex)
        if part:
            view.append("pp")
        views = {off: [f"{off}{f}" for f in view] for off in _OFFSETS}
        if self.clusters is not None:
            mine, theirs = self._cluster_features(stem, shape)
            own.extend(mine)
            for off in _OFFSETS:
                if abs(off) <= self.cluster_window:
                    views[off].extend(f"{off}{f}" for f in theirs)
        if self._known is not None:
            canonical = self._known.get
            own = [k for f in own if (k := canonical(f)) is not None]
            views = {off: [k for f in fs if (k := canonical(f)) is not None] for off, fs in views.items()}
        entry = (norm, own, views)
        self._cache[word] = entry
        return entry

    def sentence(self, words: Sequence[str]) -> list[list[str]]:
        entries = [self._word(w) for w in words]
        norms = [e[0] for e in entries]
        gaz = _match_tags(self.gazetteer, norms)
        n = len(words)
        # The word's own features and its neighbours' views were sifted once, in ``_word``; the
        # per-position ones are sifted here, in their places, so the order of the rest is unchanged.
        keep: Callable[[str], bool] = _everything if self._known is None else self._known.__contains__
        out: list[list[str]] = []
        for i, (norm, own, _views) in enumerate(entries):
            feats = own.copy()
            if gaz[i] and keep(f := "g=" + gaz[i]):
                feats.append(f)
            for off in _OFFSETS:
                j = i + off
                if 0 <= j < n:
                    feats.extend(entries[j][2][off])
                    if gaz[j] and keep(f := f"{off}g={gaz[j]}"):
                        feats.append(f)
                elif off in (-1, 1) and keep(f := "BOS" if off < 0 else "EOS"):
                    feats.append(f)
            if i > 0 and keep(f := f"bi-={norms[i - 1]}|{norm}"):
                feats.append(f)
            if i + 1 < n and keep(f := f"bi+={norm}|{norms[i + 1]}"):
                feats.append(f)
            out.append(feats)
        return out


def _everything(_feature: str) -> bool:
    return True


def _match_tags(gazetteer: Gazetteer, norms: Sequence[str]) -> list[str]:
    """B-/I- + the types of the gazetteer names covering each token ("" where none)."""
    tags = ["" for _ in norms]
    for match in gazetteer.matches(norms):
        label = "|".join(sorted(match.types))
        for k in range(match.start, match.end):
            tags[k] = ("B-" if k == match.start else "I-") + label
    return tags
