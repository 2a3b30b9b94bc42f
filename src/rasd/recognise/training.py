"""Training the CRF tagger: one reproducible function behind ``rasd train ner``.

The development split is the last 10% of ANERcorp by position (contiguous, so no article leaks
across the split); ``train_ner`` scores the model trained without it, then, unless told otherwise,
trains the shipped model on everything.
"""

from __future__ import annotations

import json
import random
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

import pycrfsuite

from rasd.recognise.corpus import Sentence, read_anercorp, read_wojood, split_dev
from rasd.recognise.crf import GAZETTEER_FILE, LEXICON_FILE, META_FILE, MODEL_FILE, CRFTagger
from rasd.recognise.entity_lexicon import build_entity_lexicon, write_entity_lexicon
from rasd.recognise.features import FeatureExtractor
from rasd.recognise.gazetteer import Gazetteer
from rasd.recognise.gazetteer_build import build_gazetteer
from rasd.recognise.mentions import tag_sentences
from rasd.recognise.scoring import format_scores, score_spans


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
    final_on_all: bool = True  # False ships the model trained without the development split


def _fit(sentences: list[Sentence], gazetteer: Gazetteer, settings: TrainSettings, out: Path) -> None:
    """Train on ``sentences``; write the model and the entity lexicon of all of them into ``out``."""
    trainer = pycrfsuite.Trainer(verbose=False)
    # Jackknife: each fold is featurised with the entity lexicon of the other folds (see entity_lexicon).
    rng = random.Random(settings.seed)  # L-BFGS is deterministic; the seed fixes the order of sentences
    size = -(-len(sentences) // settings.folds)
    for start in range(0, len(sentences), size):
        part, other = sentences[start : start + size], sentences[:start] + sentences[start + size :]
        extractor = FeatureExtractor(gazetteer, build_entity_lexicon(other))
        order = list(range(len(part)))
        rng.shuffle(order)
        for i in order:
            trainer.append(extractor.sentence([w for w, _ in part[i]]), [t for _, t in part[i]])
    write_entity_lexicon(build_entity_lexicon(sentences), out / LEXICON_FILE)
    trainer.set_params({
        "c1": settings.c1, "c2": settings.c2, "max_iterations": settings.max_iterations,
        "feature.possible_transitions": True,
    })
    trainer.train(str(out / MODEL_FILE))


def evaluate_tagger(tagger: CRFTagger, sentences: list[Sentence], article_passes: bool = True
                    ) -> dict[str, dict[str, float | int]]:
    """Span scores on tagged sentences: as ``rasd eval ner`` tags them (the model, the listed names,
    one reading per pseudo-article of 30 sentences), or the model alone."""
    gold = [[t for _, t in s] for s in sentences]
    words = [[w for w, _ in s] for s in sentences]
    if article_passes:
        pred = tag_sentences(words, tagger.tag, tagger.features.gazetteer)
    else:
        pred = [tagger.tag(w) for w in words]
    return {k: v.as_dict() for k, v in score_spans(gold, pred).items()}


def train_ner(out: Path, settings: TrainSettings, log=print) -> dict:
    """Build the gazetteer, measure on the development split, train the final model into ``out``."""
    started = time.perf_counter()
    out.mkdir(parents=True, exist_ok=True)
    anercorp = read_anercorp(settings.data_dir / "ner" / "anercorp_train.txt")
    train, dev = split_dev(anercorp, settings.dev_fraction)
    extra: list[Sentence] = []
    if settings.use_wojood:
        for part in ("wojood_sample_train.txt", "wojood_sample_val.txt"):
            extra += read_wojood(settings.data_dir / "ner" / part)
    # The gazetteer's ambiguity filter only sees the training part, never the development split.
    counts = build_gazetteer(settings.data_dir, train + extra, out / GAZETTEER_FILE)
    gazetteer = Gazetteer.read(out / GAZETTEER_FILE)
    log(f"gazetteer: {counts}; train {len(train)} sentences, dev {len(dev)}, extra {len(extra)}")

    dev_dir = out / "dev-model"
    dev_dir.mkdir(exist_ok=True)
    shutil.copy(out / GAZETTEER_FILE, dev_dir / GAZETTEER_FILE)
    _fit(train + extra, gazetteer, settings, dev_dir)
    dev_tagger = CRFTagger(dev_dir)
    dev_scores = evaluate_tagger(dev_tagger, dev)
    model_only = evaluate_tagger(dev_tagger, dev, article_passes=False)
    log("development split (last 10% of ANERcorp, never trained on), model alone:")
    log(format_scores({k: _AsScore(v) for k, v in model_only.items()}))  # type: ignore[misc]
    log("the same, as `rasd eval ner` tags (listed names, one reading per 30 sentences):")
    log(format_scores({k: _AsScore(v) for k, v in dev_scores.items()}))  # type: ignore[misc]
    dev_tagger.close()

    if settings.final_on_all:
        _fit(anercorp + extra, gazetteer, settings, out)
    else:
        for name in (MODEL_FILE, LEXICON_FILE):
            shutil.copy(dev_dir / name, out / name)
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


class _AsScore:
    """Adapter so ``format_scores`` can print the rounded dicts stored in meta.json."""

    def __init__(self, d: dict[str, float | int]) -> None:
        self._d = d

    def as_dict(self) -> dict[str, float | int]:
        return self._d
