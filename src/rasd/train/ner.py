"""Training the CRF tagger: one reproducible function behind ``rasd train ner``.

The development split is the last 10% of ANERcorp by position (contiguous, so no article leaks
across the split); ``train_ner`` scores the model trained without it, then, unless told otherwise,
trains the shipped model on everything.

With ``two_stage`` (``--two-stage``; tried, not shipped: see docs/ner.md) the model has two stages
(``context``): the first-stage CRF is trained on all the sentences given; the second stage is
trained on the same sentences with context features made from first-stage tags that come from
models trained on the other folds (jackknifing), so it learns how far to trust them on text the
first stage has not seen.
"""

from __future__ import annotations

import json
import random
import shutil
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from multiprocessing import get_context
from pathlib import Path
from typing import Any

import pycrfsuite

from rasd.evaluate.ner import format_scores, percent_rows, score_spans
from rasd.recognise.clusters import CLUSTERS_DIR, CLUSTERS_FILE, WordClusters
from rasd.recognise.context import context_features
from rasd.recognise.crf import GAZETTEER_FILE, LEXICON_FILE, META_FILE, MODEL_FILE, STAGE2_FILE, CRFTagger
from rasd.recognise.entity_lexicon import read_entity_lexicon
from rasd.recognise.features import FeatureExtractor
from rasd.recognise.gazetteer import Gazetteer
from rasd.recognise.mentions import tag_sentences
from rasd.train.ner_corpus import Sentence, read_anercorp, read_wojood, split_dev
from rasd.train.ner_gazetteer import build_gazetteer
from rasd.train.ner_lexicon import build_entity_lexicon, write_entity_lexicon


@dataclass(frozen=True)
class TrainSettings:
    data_dir: Path
    seed: int = 13
    c1: float = 0.05
    c2: float = 0.02
    max_iterations: int = 200
    use_wojood: bool = False
    folds: int = 5  # jackknife folds for the entity lexicon feature
    dev_fraction: float = 0.1
    dev_split: str = "contiguous"  # or "random" (leaky: for comparison only; see corpus.split_dev)
    final_on_all: bool = True  # False ships the model trained without the development split
    two_stage: bool = False  # add the second-stage CRF with context features (``context``; did not help)
    context_window: int = 40  # sentences either side that the second stage aggregates over
    stage_folds: int = 5  # jackknife folds for the first-stage tags the second stage trains on
    jobs: int = 2  # CRF trainings run at once
    clusters: bool = False  # word clusters from the news corpora as features (``--clusters``)
    clusters_dir: Path | None = None  # where clusters.tsv is read from; None: the shipped data/ner/clusters
    cluster_window: int = 1  # neighbours that see a word's coarse clusters


def clusters_table(settings: TrainSettings) -> Path:
    if settings.clusters_dir is not None:
        return settings.clusters_dir / CLUSTERS_FILE
    from importlib import resources

    return Path(str(resources.files("rasd.data").joinpath("ner", CLUSTERS_DIR, CLUSTERS_FILE)))


def training_clusters(settings: TrainSettings) -> WordClusters | None:
    """The word clusters to train with (None without ``settings.clusters``)."""
    return WordClusters.read(clusters_table(settings)) if settings.clusters else None


def _add_clusters(out: Path, settings: TrainSettings) -> None:
    """A model trained with clusters carries its table, and a meta.json that says so (``train_ner``
    later writes the full one), so that ``CRFTagger(out)`` featurises as in training; a stale
    meta.json that says so is corrected for a model trained without them."""
    meta_path = out / META_FILE
    if not settings.clusters:
        if meta_path.exists() and json.loads(meta_path.read_text("utf-8")).get("settings", {}).get(
            "clusters"
        ):
            meta_path.write_text(json.dumps({"settings": {"clusters": False}}), encoding="utf-8")
        return
    (out / CLUSTERS_DIR).mkdir(exist_ok=True)
    table = clusters_table(settings)
    if table.resolve() != (out / CLUSTERS_DIR / CLUSTERS_FILE).resolve():
        shutil.copy(table, out / CLUSTERS_DIR / CLUSTERS_FILE)
    meta = {"settings": {"clusters": True, "cluster_window": settings.cluster_window}}
    meta_path.write_text(json.dumps(meta), encoding="utf-8")


def development_split(
    sentences: list[Sentence], settings: TrainSettings
) -> tuple[list[Sentence], list[Sentence]]:
    """(train, development) as ``settings`` carve them (``corpus.split_dev``)."""
    return split_dev(sentences, settings.dev_fraction, settings.dev_split, settings.seed)


def _fit(
    sentences: list[Sentence],
    gazetteer: Gazetteer,
    settings: TrainSettings,
    out: Path,
    extras: Sequence[list[list[str]]] | None = None,
    model_file: str = MODEL_FILE,
) -> None:
    """Train on ``sentences``; write the model and the entity lexicon of all of them into ``out``.
    ``extras`` are more features per token of each sentence (the second stage's context)."""
    trainer = pycrfsuite.Trainer(verbose=False)
    clusters = training_clusters(settings)
    # Jackknife: each fold is featurised with the entity lexicon of the other folds (see entity_lexicon).
    rng = random.Random(settings.seed)  # L-BFGS is deterministic; the seed fixes the order of sentences
    size = -(-len(sentences) // settings.folds)
    for start in range(0, len(sentences), size):
        part, other = sentences[start : start + size], sentences[:start] + sentences[start + size :]
        extractor = FeatureExtractor(
            gazetteer, build_entity_lexicon(other), clusters, settings.cluster_window
        )
        order = list(range(len(part)))
        rng.shuffle(order)
        for i in order:
            feats = extractor.sentence([w for w, _ in part[i]])
            if extras is not None:
                feats = [a + b for a, b in zip(feats, extras[start + i], strict=True)]
            trainer.append(feats, [t for _, t in part[i]])
    write_entity_lexicon(build_entity_lexicon(sentences), out / LEXICON_FILE)
    trainer.set_params(
        {
            "c1": settings.c1,
            "c2": settings.c2,
            "max_iterations": settings.max_iterations,
            "feature.possible_transitions": True,
        }
    )
    trainer.train(str(out / model_file))
    _add_clusters(out, settings)


_Job = (
    tuple[list[Sentence], Path, TrainSettings, Path] | tuple[list[Sentence], Path, TrainSettings, Path, list]
)


def _fit_job(args: _Job) -> None:
    sentences, gazetteer_path, settings, out, *extras = args
    out.mkdir(parents=True, exist_ok=True)
    shutil.copy(gazetteer_path, out / GAZETTEER_FILE)
    if extras:
        _fit(
            sentences, Gazetteer.read(gazetteer_path), settings, out, extras=extras[0], model_file=STAGE2_FILE
        )
    else:
        _fit(sentences, Gazetteer.read(gazetteer_path), settings, out)


def contiguous_folds(n: int, folds: int) -> list[tuple[int, int]]:
    """``folds`` contiguous [start, end) ranges covering ``range(n)``."""
    size = -(-n // folds)
    return [(a, min(n, a + size)) for a in range(0, n, size)]


def jackknife_first_stage(
    sentences: list[Sentence],
    gazetteer_path: Path,
    settings: TrainSettings,
    work: Path,
    with_all: bool = True,
) -> list[list[str]]:
    """First-stage tags of ``sentences``, each fold tagged by a model trained on the other folds.
    With ``with_all`` the first stage on all of them is trained into ``work / "all"`` alongside."""
    folds = contiguous_folds(len(sentences), settings.stage_folds)
    jobs = [
        (sentences[:a] + sentences[b:], gazetteer_path, settings, work / f"fold{k}")
        for k, (a, b) in enumerate(folds)
    ]
    if with_all:
        jobs.append((sentences, gazetteer_path, settings, work / "all"))
    run_jobs(jobs, settings.jobs)
    tags: list[list[str]] = []
    for k, (a, b) in enumerate(folds):
        tagger = CRFTagger(work / f"fold{k}")
        tags += [tagger.tag([w for w, _ in s]) for s in sentences[a:b]]
        tagger.close()
    return tags


def run_jobs(jobs: Sequence[_Job], processes: int) -> None:
    if processes <= 1:
        for job in jobs:
            _fit_job(job)
        return
    with get_context("fork").Pool(processes) as pool:
        pool.map(_fit_job, jobs, chunksize=1)


def fit_model(sentences: list[Sentence], gazetteer_path: Path, settings: TrainSettings, out: Path) -> None:
    """The model directory ``out``: first stage on all ``sentences`` and, with ``two_stage``, the
    second stage trained on them with jackknifed first-stage context."""
    out.mkdir(parents=True, exist_ok=True)
    if gazetteer_path != out / GAZETTEER_FILE:
        shutil.copy(gazetteer_path, out / GAZETTEER_FILE)
    gazetteer = Gazetteer.read(gazetteer_path)
    if not settings.two_stage:
        _fit(sentences, gazetteer, settings, out)
        (out / STAGE2_FILE).unlink(missing_ok=True)
        return
    with tempfile.TemporaryDirectory(prefix="rasd-ner-") as tmp:
        work = Path(tmp)
        first = jackknife_first_stage(sentences, gazetteer_path, settings, work)
        for name in (MODEL_FILE, LEXICON_FILE):
            shutil.copy(work / "all" / name, out / name)
    words = [[w for w, _ in s] for s in sentences]
    extras = context_features(words, first, settings.context_window)
    _fit(sentences, gazetteer, settings, out, extras=extras, model_file=STAGE2_FILE)


def evaluate_tagger(
    tagger: CRFTagger, sentences: list[Sentence], article_passes: bool = True
) -> dict[str, dict[str, float | int]]:
    """Span scores on tagged sentences: as ``rasd eval ner`` tags them (the model, the listed names,
    one reading per pseudo-article of 30 sentences), or the model alone."""
    gold = [[t for _, t in s] for s in sentences]
    words = [[w for w, _ in s] for s in sentences]
    if article_passes:
        pred = tag_sentences(words, tagger.tag, tagger.features.gazetteer, tag_many=tagger.tag_many)
    else:
        pred = tagger.tag_many(words)
    return percent_rows(score_spans(gold, pred))


def train_ner(out: Path, settings: TrainSettings, log=print) -> dict:
    """Build the gazetteer, measure on the development split, train the final model into ``out``."""
    started = time.perf_counter()
    out.mkdir(parents=True, exist_ok=True)
    anercorp = read_anercorp(settings.data_dir / "ner" / "anercorp_train.txt")
    train, dev = development_split(anercorp, settings)
    extra: list[Sentence] = []
    if settings.use_wojood:
        for part in ("wojood_sample_train.txt", "wojood_sample_val.txt"):
            extra += read_wojood(settings.data_dir / "ner" / part)
    # The gazetteer's ambiguity filter only sees the training part, never the development split.
    counts = build_gazetteer(settings.data_dir, train + extra, out / GAZETTEER_FILE)
    log(f"gazetteer: {counts}; train {len(train)} sentences, dev {len(dev)}, extra {len(extra)}")

    dev_dir = out / "dev-model"
    dev_dir.mkdir(exist_ok=True)
    fit_model(train + extra, out / GAZETTEER_FILE, settings, dev_dir)
    dev_tagger = CRFTagger(dev_dir)
    dev_scores = evaluate_tagger(dev_tagger, dev)
    model_only = evaluate_tagger(dev_tagger, dev, article_passes=False)
    where = (
        "last 10% of ANERcorp"
        if settings.dev_split == "contiguous"
        else "random 10% of ANERcorp's sentences: articles leak across, not rasd's figure"
    )
    log(f"development split ({where}, never trained on), model alone:")
    log(format_scores(model_only))
    log("the same, as `rasd eval ner` tags (listed names, one reading per 30 sentences):")
    log(format_scores(dev_scores))
    dev_tagger.close()

    if settings.final_on_all:
        fit_model(anercorp + extra, out / GAZETTEER_FILE, settings, out)
    else:
        (out / STAGE2_FILE).unlink(missing_ok=True)
        for name in (MODEL_FILE, LEXICON_FILE, STAGE2_FILE):
            if (dev_dir / name).exists():
                shutil.copy(dev_dir / name, out / name)
        _add_clusters(out, settings)
    shutil.rmtree(dev_dir)
    meta = {
        "settings": {k: str(v) if isinstance(v, Path) else v for k, v in settings.__dict__.items()},
        "sentences": {"train": len(train), "dev": len(dev), "extra": len(extra)},
        "gazetteer": counts,
        "dev_scores": dev_scores,
        "dev_scores_model_only": model_only,
        "shipped_model": "trained on all data (train + dev)" if settings.final_on_all else "dev-held-out",
        "seconds": round(time.perf_counter() - started, 1),
    }
    (out / META_FILE).write_text(json.dumps(meta, ensure_ascii=False, indent=1), encoding="utf-8")
    return meta


def cross_validate(settings: TrainSettings, work: Path, log=print) -> dict:
    """``settings.stage_folds``-fold contiguous cross-validation over ANERcorp's training part (the
    development split left out): per-fold and mean ± standard deviation F1, first stage alone and
    (with ``two_stage``) both stages, each as the model alone and with the article passes.

    The first-stage models of the folds are the jackknife models, so each fold is tagged by a model
    that never saw it. The second stage of fold k trains on the other folds' jackknifed tags; those
    came from first-stage models that did see fold k (its gold tags, not its words' context
    features), a second-order leak accepted to keep this to 2 × folds trainings. The gazetteer's
    ambiguity filter sees the whole training part.
    """
    import statistics

    work.mkdir(parents=True, exist_ok=True)
    train, _ = split_dev(
        read_anercorp(settings.data_dir / "ner" / "anercorp_train.txt"), settings.dev_fraction
    )
    gazetteer_path = work / GAZETTEER_FILE
    build_gazetteer(settings.data_dir, train, gazetteer_path)
    gazetteer = Gazetteer.read(gazetteer_path)
    folds = contiguous_folds(len(train), settings.stage_folds)
    first = jackknife_first_stage(train, gazetteer_path, settings, work / "stage1", with_all=False)
    words = [[w for w, _ in s] for s in train]
    predicted = {"stage 1": [first[a:b] for a, b in folds]}
    if settings.two_stage:
        window = settings.context_window
        jobs = [
            (
                train[:a] + train[b:],
                gazetteer_path,
                settings,
                work / f"stage2-{k}",
                context_features(words[:a], first[:a], window)
                + context_features(words[b:], first[b:], window),
            )
            for k, (a, b) in enumerate(folds)
        ]
        run_jobs(jobs, settings.jobs)
        predicted["two-stage"] = []
        for k, (a, b) in enumerate(folds):
            features = FeatureExtractor(
                gazetteer,
                read_entity_lexicon(work / f"stage2-{k}" / LEXICON_FILE),
                training_clusters(settings),
                settings.cluster_window,
            )
            stage2 = pycrfsuite.Tagger()
            stage2.open(str(work / f"stage2-{k}" / STAGE2_FILE))
            extra = context_features(words[a:b], first[a:b], window)
            predicted["two-stage"].append(
                [
                    stage2.tag([f + e for f, e in zip(features.sentence(w), x, strict=True)]) if w else []
                    for w, x in zip(words[a:b], extra, strict=True)
                ]
            )
            stage2.close()
    result: dict = {"folds": folds, "scores": {}}
    for model, per_fold in predicted.items():
        for passes in (False, True):
            name = f"{model}, {'with the article passes' if passes else 'model alone'}"
            scores = []
            for (a, b), pred in zip(folds, per_fold, strict=True):
                if passes:
                    pred = tag_sentences(words[a:b], _no_tagger, gazetteer, tag_many=_given_tags(pred))
                gold = [[t for _, t in s] for s in train[a:b]]
                scores.append({k: v["f1"] for k, v in percent_rows(score_spans(gold, pred)).items()})
            summary: dict[str, dict[str, Any]] = {}
            for label in ("PER", "ORG", "LOC", "MISC", "micro"):
                values = [s.get(label, 0.0) for s in scores]
                summary[label] = {
                    "mean": round(statistics.mean(values), 2),
                    "stdev": round(statistics.stdev(values), 2) if len(values) > 1 else 0.0,
                    "folds": values,
                }
            result["scores"][name] = summary
            log(name + ":")
            for label, v in summary.items():
                log(
                    f"  {label:<6} F1 {v['mean']:6.2f} ± {v['stdev']:5.2f}   folds {' '.join(f'{x:.2f}' for x in v['folds'])}"
                )
    (work / "cv.json").write_text(json.dumps(result, indent=1), encoding="utf-8")
    return result


def _no_tagger(words: Sequence[str]) -> list[str]:
    raise AssertionError("tags are given")


def _given_tags(tags: list[list[str]]) -> Callable[[Sequence[Sequence[str]]], list[list[str]]]:
    """A ``tag_many`` that returns tags already computed (the article passes run over a fold's output)."""

    def tag_many(_sentences: Sequence[Sequence[str]]) -> list[list[str]]:
        return tags

    return tag_many
