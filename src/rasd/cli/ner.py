"""`rasd train ner`, `rasd tag --conll`, `rasd eval ner --conll`: the NER commands."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import cast

import typer

from rasd.cli.common import command_group, error_line

DEFAULT_DATA = Path("../shared/data")


def _tag_all(sentences: list[list[str]], model: Path | None) -> list[list[str]]:
    from rasd.recognise.base import TokenTagger, load_recogniser
    from rasd.recognise.mentions import tag_sentences

    recogniser = load_recogniser("default", path=model)
    if not hasattr(recogniser, "tag"):  # the null recogniser, when the shipped model is missing
        error_line("no NER model could be loaded")
        raise typer.Exit(code=2)
    tagger = cast(TokenTagger, recogniser)
    return tag_sentences(
        sentences, tagger.tag, tagger.gazetteer, tag_many=getattr(recogniser, "tag_many", None)
    )


def train_ner_command(
    out: Path = typer.Option(..., "--out", help="Directory for model.crfsuite, gazetteer.tsv, meta.json."),
    seed: int = typer.Option(13, "--seed", help="Fixes the order training sentences are added in."),
    data: Path = typer.Option(
        DEFAULT_DATA, "--data", help="The shared data folder (ner/, geonames/, un_sanctions/)."
    ),
    wojood: bool = typer.Option(
        False, "--wojood/--no-wojood", help="Add the Wojood sample (PER/ORG/LOC levels)."
    ),
    dev_only: bool = typer.Option(False, "--dev-only", help="Ship the model trained without the dev split."),
    iterations: int = typer.Option(200, "--iterations", help="L-BFGS iterations."),
    write_dev: Path | None = typer.Option(
        None, "--write-dev", help="Also write the development split as CoNLL here."
    ),
    cv: bool = typer.Option(
        False, "--cv", help="Only cross-validate (5 contiguous folds of the training part) into DIR."
    ),
    two_stage: bool = typer.Option(
        False,
        "--two-stage/--single-stage",
        help="Add the second-stage (context) CRF (docs/ner.md: it did not help).",
    ),
    dev_split: str = typer.Option(
        "contiguous",
        "--dev-split",
        help="contiguous (the last 10%, rasd's figure) or random (10% of sentences: leaks articles, for comparison only).",
    ),
    clusters: bool = typer.Option(
        False,
        "--clusters/--no-clusters",
        help="Word clusters from the news corpora as features (docs/ner.md).",
    ),
    clusters_dir: Path | None = typer.Option(
        None,
        "--clusters-dir",
        help="Where clusters.tsv is (`rasd train embeddings --out`); default: the shipped one.",
    ),
    cluster_window: int = typer.Option(
        1, "--cluster-window", help="Neighbours (±N words) that see a word's coarse clusters (0: none)."
    ),
) -> None:
    """Train the CRF recogniser; print development scores (last 10% of ANERcorp, held out)."""
    from rasd.train.ner import TrainSettings, cross_validate, train_ner
    from rasd.train.ner_corpus import DEV_SPLITS

    if dev_split not in DEV_SPLITS:
        error_line(f"--dev-split must be one of {', '.join(DEV_SPLITS)}, not {dev_split!r}")
        raise typer.Exit(code=2)
    if not (data / "ner" / "anercorp_train.txt").exists():
        error_line(f"no training data under {data} (expected ner/anercorp_train.txt)")
        raise typer.Exit(code=2)
    settings = TrainSettings(
        data_dir=data,
        seed=seed,
        use_wojood=wojood,
        final_on_all=not dev_only,
        max_iterations=iterations,
        two_stage=two_stage,
        dev_split=dev_split,
        clusters=clusters,
        clusters_dir=clusters_dir,
        cluster_window=cluster_window,
    )
    if clusters:
        from rasd.train.ner import clusters_table

        if not clusters_table(settings).exists():
            error_line(
                f"no word clusters at {clusters_table(settings)} (run `rasd train embeddings --out DIR`)"
            )
            raise typer.Exit(code=2)
    if cv:
        cross_validate(settings, out, log=lambda line: print(line, flush=True))
        return
    meta = train_ner(out, settings, log=lambda line: print(line, file=sys.stderr, flush=True))
    if write_dev is not None:
        from rasd.train.ner import development_split
        from rasd.train.ner_corpus import read_anercorp, write_conll

        write_conll(
            development_split(read_anercorp(data / "ner" / "anercorp_train.txt"), settings)[1], write_dev
        )
    print(f"model written to {out} in {meta['seconds']} s ({meta['shipped_model']})", file=sys.stderr)


def train_embeddings_command(
    out: Path = typer.Option(
        ..., "--out", help="Directory for clusters.tsv and meta.json (src/rasd/data/ner/clusters to ship)."
    ),
    shared: Path = typer.Option(
        Path("../shared"), "--shared", help="The shared folder (data/news/*.jsonl.gz are read)."
    ),
    vectors: Path | None = typer.Option(
        None, "--vectors", help="Also save the gensim FastText model here (large; never shipped)."
    ),
    size: int = typer.Option(100, "--size", help="Vector size."),
    epochs: int = typer.Option(5, "--epochs", help="Passes over the corpora."),
    min_count: int = typer.Option(
        3, "--min-count", help="Stems seen fewer times get no vector of their own."
    ),
    granularities: str = typer.Option("64,256,1024", "--k", help="k-means cluster counts, comma-separated."),
    max_articles: int | None = typer.Option(None, "--max-articles", help="Read only this many (trials)."),
    seed: int = typer.Option(13, "--seed"),
) -> None:
    """Learn fastText word vectors from the news corpora and k-means clusters of them (for `train ner --clusters`)."""
    from rasd.train.embeddings import EmbeddingSettings, iter_news_texts, train_embeddings

    if not (shared / "data" / "news").is_dir():
        error_line(f"no news corpora under {shared} (expected data/news/*.jsonl.gz)")
        raise typer.Exit(code=2)
    try:
        ks = tuple(int(k) for k in granularities.split(","))
    except ValueError:
        error_line(f"--k must be comma-separated integers, not {granularities!r}")
        raise typer.Exit(code=2) from None
    settings = EmbeddingSettings(
        vector_size=size,
        epochs=epochs,
        min_count=min_count,
        granularities=ks,
        seed=seed,
        max_articles=max_articles,
    )
    sources = {
        "saudinewsnet_2015": "SaudiNewsNet (CC BY-NC-SA 4.0)",
        "arabic_newspapers_2012": "Arabic Newspapers Corpus (no licence stated; derived data only)",
        "ant_jawharafm_2014_2017": "ANT corpus v1.1 (Apache-2.0)",
    }
    meta = train_embeddings(
        iter_news_texts(shared, max_articles),
        out,
        settings,
        vectors_out=vectors,
        sources=sources,
        log=lambda line: print(line, file=sys.stderr, flush=True),
    )
    print(f"clusters of {meta['vocabulary']} stems written to {out} ({meta['seconds']})", file=sys.stderr)


def tag_command(
    conll: Path = typer.Option(
        ...,
        "--conll",
        exists=True,
        dir_okay=False,
        help="One token per line (first column); blank line = sentence break.",
    ),
    model: Path | None = typer.Option(
        None, "--model", help="A model directory instead of the shipped model."
    ),
) -> None:
    """Print each token with its predicted BIO tag (PER, ORG, LOC, MISC), sentence breaks kept."""
    from rasd.train.ner_corpus import read_conll

    with conll.open(encoding="utf-8") as handle:
        sentences = [[row[0] for row in block] for block in read_conll(handle)]
    out = sys.stdout
    for i, (words, tags) in enumerate(zip(sentences, _tag_all(sentences, model), strict=True)):
        if i:
            out.write("\n")
        out.writelines(f"{w} {t}\n" for w, t in zip(words, tags, strict=True))
    out.flush()


def eval_ner_command(
    conll: Path = typer.Option(
        ...,
        "--conll",
        exists=True,
        dir_okay=False,
        help="token … gold-tag per line (last column); blank line = sentence break.",
    ),
    model: Path | None = typer.Option(
        None, "--model", help="A model directory instead of the shipped model."
    ),
) -> None:
    """Span-level precision/recall/F1 per type and micro-averaged (exact match, seqeval-style)."""
    from rasd.evaluate.ner import format_scores, percent_rows, score_spans
    from rasd.train.ner_corpus import read_conll_tagged

    sentences = read_conll_tagged(conll)
    gold = [[t for _, t in s] for s in sentences]
    predicted = _tag_all([[w for w, _ in s] for s in sentences], model)
    print(format_scores(percent_rows(score_spans(gold, predicted))))
    print("micro = PER/ORG/LOC; micro_all = every type in gold or prediction")


def register(app: typer.Typer) -> None:
    train = command_group(app, "train", "Train models.")
    train.command("ner")(train_ner_command)
    train.command("embeddings")(train_embeddings_command)
    command_group(app, "eval", "Evaluate models.").command("ner")(eval_ner_command)
    app.command("tag")(tag_command)
