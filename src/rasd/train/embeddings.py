"""Word vectors and word clusters learnt from the news corpora: ``rasd train embeddings``.

The recogniser sees words through ``rasd.text`` (tokenise, normalise) and its proclitic splitting, so
the vectors are learnt over exactly those units: each word's normalised stem (``والجزائر`` →
``الجزائر``). fastText-style vectors (gensim, with character n-grams) are learnt from the three
corpora of ``../shared/data/news/``, then k-means groups the vocabulary's vectors at several
granularities. What ships is only the derived table stem → cluster ids (``clusters.tsv``); the
vectors and the text stay outside the package.

The articles drawn for the real-news gold sets (``news_corpus.draw_sample``) are left out, so the
clusters never saw the text they are scored on.
"""

from __future__ import annotations

import json
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

from rasd.recognise.clitics import split_proclitics
from rasd.recognise.clusters import CLUSTERS_FILE, write_clusters
from rasd.text import normalize, sentence_spans, tokenize

CLUSTERS_META = "meta.json"


@dataclass(frozen=True)
class EmbeddingSettings:
    vector_size: int = 100
    window: int = 5
    min_count: int = 3
    epochs: int = 5
    min_n: int = 3  # character n-grams of 3–5 letters: stems, affixes and clitic-like pieces
    max_n: int = 5
    bucket: int = 2_000_000  # hashed n-gram vectors (gensim's default; the tests use few)
    granularities: tuple[int, ...] = (64, 256, 1024)
    seed: int = 13
    workers: int = 2
    max_articles: int | None = None  # for quick trials


@dataclass
class _Stems:
    """Surface word → normalised stem, once per distinct word (12 M tokens, far fewer types)."""

    cache: dict[str, str] = field(default_factory=dict)

    def __call__(self, word: str) -> str:
        stem = self.cache.get(word)
        if stem is None:
            stem = split_proclitics(normalize(word) or word)[1]
            self.cache[word] = stem
        return stem


def sentence_stems(text: str, stems: Callable[[str], str]) -> Iterator[list[str]]:
    """The text's sentences as lists of stems, as the recogniser tokenises and normalises them.
    Punctuation stays as tokens (the recogniser sees it too)."""
    for span in sentence_spans(text):
        words = [stems(t.text) for t in tokenize(text[span.start : span.end])]
        if words:
            yield words


def iter_news_texts(shared: Path, max_articles: int | None = None) -> Iterator[str]:
    """Every article text of the three corpora except the gold-set sample."""
    from rasd.evaluate.news_corpus import CORPORA, draw_sample, iter_corpus

    held_out = set(draw_sample(shared))
    n = 0
    for corpus, _file, _n in CORPORA:
        for article in iter_corpus(shared, corpus):
            if (corpus, article.id) in held_out:
                continue
            text = "\n".join(p for p in (article.title, article.text) if p)
            if text:
                yield text
                n += 1
                if max_articles is not None and n >= max_articles:
                    return


def write_corpus_file(texts: Iterable[str], path: Path) -> dict[str, int]:
    """One sentence of space-separated stems per line (gensim's ``corpus_file`` format, which lets
    its workers read in parallel)."""
    stems = _Stems()
    articles = sentences = tokens = 0
    with path.open("w", encoding="utf-8") as out:
        for text in texts:
            articles += 1
            for words in sentence_stems(text, stems):
                out.write(" ".join(words) + "\n")
                sentences += 1
                tokens += len(words)
    return {"articles": articles, "sentences": sentences, "tokens": tokens, "types": len(stems.cache)}


def train_vectors(corpus_file: Path, settings: EmbeddingSettings):  # -> gensim FastText
    from gensim.models import FastText

    model = FastText(
        vector_size=settings.vector_size,
        window=settings.window,
        min_count=settings.min_count,
        min_n=settings.min_n,
        max_n=settings.max_n,
        bucket=settings.bucket,
        sg=1,  # skip-gram: better for rare words (names) than CBOW
        workers=settings.workers,
        seed=settings.seed,
    )
    model.build_vocab(corpus_file=str(corpus_file))
    model.train(
        corpus_file=str(corpus_file),
        epochs=settings.epochs,
        total_examples=model.corpus_count,
        total_words=model.corpus_total_words,
    )
    return model


def cluster_words(
    words: Sequence[str], vectors, granularities: Sequence[int], seed: int
) -> dict[str, tuple[int, ...]]:
    """Word → one k-means cluster id per granularity, over unit-length vectors (cosine geometry)."""
    import numpy as np
    from sklearn.cluster import MiniBatchKMeans

    unit = np.asarray(vectors, dtype=np.float32)
    unit = unit / np.maximum(np.linalg.norm(unit, axis=1, keepdims=True), 1e-9)
    columns = []
    for k in granularities:
        k = min(k, len(words))
        km = MiniBatchKMeans(n_clusters=k, random_state=seed, batch_size=4096, n_init=3)
        columns.append(km.fit_predict(unit))
    return {w: tuple(int(c[i]) for c in columns) for i, w in enumerate(words)}


def train_embeddings(
    texts: Iterable[str],
    out: Path,
    settings: EmbeddingSettings,
    vectors_out: Path | None = None,
    sources: Mapping[str, str] | None = None,
    log: Callable[[str], None] = print,
) -> dict:
    """Learn vectors from ``texts`` and write ``out/clusters.tsv`` and ``out/meta.json``; the full
    gensim model goes to ``vectors_out`` when given (it is large and never ships)."""
    out.mkdir(parents=True, exist_ok=True)
    timings: dict[str, float] = {}
    with tempfile.TemporaryDirectory(prefix="rasd-emb-") as tmp:
        corpus_file = Path(tmp) / "stems.txt"
        started = time.perf_counter()
        counts = write_corpus_file(texts, corpus_file)
        timings["tokenise"] = round(time.perf_counter() - started, 1)
        log(f"corpus: {counts} ({timings['tokenise']} s)")
        started = time.perf_counter()
        model = train_vectors(corpus_file, settings)
        timings["vectors"] = round(time.perf_counter() - started, 1)
        log(f"vectors: {len(model.wv.index_to_key)} words × {settings.vector_size} ({timings['vectors']} s)")
    if vectors_out is not None:
        vectors_out.parent.mkdir(parents=True, exist_ok=True)
        model.save(str(vectors_out))
    words = list(model.wv.index_to_key)
    started = time.perf_counter()
    table = cluster_words(words, model.wv.vectors, settings.granularities, settings.seed)
    timings["clusters"] = round(time.perf_counter() - started, 1)
    log(f"clusters {settings.granularities}: {timings['clusters']} s")
    write_clusters(table, settings.granularities, out / CLUSTERS_FILE)
    meta = {
        "settings": {k: list(v) if isinstance(v, tuple) else v for k, v in asdict(settings).items()},
        "corpus": counts,
        "vocabulary": len(words),
        "seconds": timings,
        "sources": dict(sources or {}),
    }
    (out / CLUSTERS_META).write_text(json.dumps(meta, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return meta
