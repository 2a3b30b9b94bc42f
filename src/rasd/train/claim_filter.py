"""Training the claim-or-chatter screen (``rasd.relate.claim_filter``) on the real-news development set.

    python -m rasd.train.claim_filter [--gold tests/gold/news-dev] [--shared ../shared] [--write]

Each development article runs through the pipeline up to the resolver, then the claim rules propose
their claims unscreened. A proposal is positive when its source phrase overlaps that of a gold claim
(one proposal per gold claim, those with the gold's certainty first), as ``rasd eval relate`` matches
them. The features are ``claim_features``; the model a logistic regression (scikit-learn, a
build-time dependency only: the shipped file holds the weights by feature name).

The figures printed are cross-validated by article (5 folds): the screen trained on four fifths of
the articles filters the claims of the fifth, and the scorer of ``rasd eval relate`` counts them. The
threshold is chosen on those out-of-fold figures (one number). Never run it on the blind set.
"""

from __future__ import annotations

import argparse
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rasd.evaluate import news_score
from rasd.evaluate.news_corpus import NewsArticle
from rasd.evaluate.news_gold import GoldArticle, load_gold_dir, read_articles
from rasd.record import Document
from rasd.relate.claims import propose_claims
from rasd.relate.context import ArticleContext

OUT = Path(__file__).resolve().parents[1] / "data" / "relate" / "claim_filter.json"
MEASURES = ("claims (source+certainty)", "claims (source)")
THRESHOLDS = (0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5)
TIE = 0.005


@dataclass
class Sample:
    gold: GoldArticle
    article: NewsArticle
    doc: Document  # with its unscreened claims
    features: list[dict[str, float]]
    labels: list[int]


def collect(gold_dir: Path, shared: Path) -> list[Sample]:
    from rasd.pipeline import Pipeline
    from rasd.read import RawArticle

    pipeline = Pipeline(stages=("clean", "recognise", "resolve"))
    golds = load_gold_dir(gold_dir)
    articles = read_articles(shared, [(g.corpus, g.id) for g in golds])
    docs = []
    for gold in golds:
        article = articles[(gold.corpus, gold.id)]
        raw = RawArticle(
            source=f"news:{article.corpus}/{article.id}",
            text=article.text,
            published=news_score.reference_date(article),
        )
        docs.append((gold, article, pipeline.process(raw)))
    return samples_of(docs)


def samples_of(docs: list[tuple[GoldArticle, NewsArticle, Document]]) -> list[Sample]:
    """The proposals of resolved documents, with their features and labels."""
    samples = []
    for gold, article, doc in docs:
        doc = doc.model_copy(deep=True)
        proposals, _ = propose_claims(ArticleContext.build(doc))
        doc.claims = [c for c, _f in proposals]
        samples.append(Sample(gold, article, doc, [f for _c, f in proposals], _labels(gold, article, doc)))
    return samples


def _labels(gold: GoldArticle, article: NewsArticle, doc: Document) -> list[int]:
    """1 for a proposal whose source overlaps a gold claim's (one each; same certainty first)."""
    align = news_score.Alignment(doc.text, article.text)
    spans = []
    for c in doc.claims:
        at = news_score._source_span(doc.text, c.source.text, (c.evidence.start, c.evidence.end))
        spans.append(align.span(*at) if at else None)
    labels = [0] * len(doc.claims)
    taken: set[int] = set()
    for same_certainty in (True, False):
        for k, g in enumerate(gold.claims):
            if k in taken:
                continue
            free = [
                i
                for i, s in enumerate(spans)
                if not labels[i]
                and news_score.overlaps(g.source, s)
                and (not same_certainty or doc.claims[i].certainty == g.certainty)
            ]
            if free:
                labels[free[0]] = 1
                taken.add(k)
    return labels


def _fit(samples: list[Sample], c: float) -> Any:
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline

    x = [f for s in samples for f in s.features]
    y = [v for s in samples for v in s.labels]
    model = make_pipeline(DictVectorizer(), LogisticRegression(C=c, max_iter=2000))
    model.fit(x, y)
    return model


def _score(samples: list[Sample], probs: list[list[float]], threshold: float) -> news_score.NewsReport:
    report = news_score.NewsReport()
    for s, p in zip(samples, probs, strict=True):
        kept = [c for c, q in zip(s.doc.claims, p, strict=True) if q >= threshold]
        news_score.score_article(
            report, s.gold, s.article, s.doc.model_copy(update={"claims": kept}), dates=[]
        )
    return report


def cross_validate(samples: list[Sample], c: float, folds: int = 5) -> list[list[float]]:
    """Out-of-fold probabilities, articles grouped (no article's claims both train and test)."""
    probs: list[list[float]] = [[] for _ in samples]
    for k in range(folds):
        train = [s for i, s in enumerate(samples) if i % folds != k]
        model = _fit(train, c)
        for i, s in enumerate(samples):
            if i % folds == k and s.features:
                probs[i] = [float(p) for p in model.predict_proba(s.features)[:, 1]]
    return probs


def export(model: Any, threshold: float, note: str) -> dict[str, Any]:
    vectoriser, regression = model.steps[0][1], model.steps[1][1]
    weights = {
        name: round(float(w), 4)
        for name, w in zip(vectoriser.get_feature_names_out(), regression.coef_[0], strict=True)
        if abs(w) >= 1e-3
    }
    return {
        "_comment": "Learned claim-or-chatter screen (rasd.relate.claim_filter): logistic regression "
        "weights by feature name; written by `python -m rasd.train.claim_filter --write`.",
        "intercept": round(float(regression.intercept_[0]), 4),
        "threshold": threshold,
        "weights": dict(sorted(weights.items())),
        "trained_on": note,
    }


def run(samples: list[Sample], c: float, gold_name: str, write: bool) -> dict[str, Any]:
    positives = sum(sum(s.labels) for s in samples)
    total = sum(len(s.labels) for s in samples)
    print(f"{len(samples)} articles, {total} proposed claims, {positives} positive")
    base = _score(samples, [[1.0] * len(s.labels) for s in samples], 0.5)
    probs = cross_validate(samples, c)
    best_f1 = base.scores[MEASURES[0]].f1
    rows = [("unscreened", base)]
    for threshold in THRESHOLDS:
        report = _score(samples, probs, threshold)
        rows.append((f"threshold {threshold}", report))
        best_f1 = max(best_f1, report.scores[MEASURES[0]].f1)
    # The lowest threshold within TIE of the best out-of-fold F1: where CV cannot tell thresholds
    # apart, drop as few claims as possible.
    best = next(
        (
            t
            for t, (_n, r) in zip(THRESHOLDS, rows[1:], strict=True)
            if r.scores[MEASURES[0]].f1 >= best_f1 - TIE
        ),
        0.0,
    )
    for name, report in rows:
        cells = "  ".join(
            f"{m.split('(')[1].rstrip(')')}: P {report.scores[m].precision:.3f} R {report.scores[m].recall:.3f} "
            f"F1 {report.scores[m].f1:.3f}"
            for m in MEASURES
        )
        print(f"{name:16} {cells}")
    chosen = _score(samples, probs, best)
    note = (
        f"{len(samples)} articles of {gold_name}, {total} proposals ({positives} positive), C={c}; "
        f"5-fold by-article CV at threshold {best}: claims (source+certainty) F1 "
        f"{chosen.scores[MEASURES[0]].f1:.3f} (unscreened {base.scores[MEASURES[0]].f1:.3f})"
    )
    print(note)
    exported = export(_fit(samples, c), best, note)
    if write:
        OUT.write_text(json.dumps(exported, ensure_ascii=False, indent=1) + "\n", "utf-8")
        print(f"wrote {OUT}")
    return exported


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--gold", type=Path, default=Path("tests/gold/news-dev"))
    parser.add_argument("--shared", type=Path, default=Path("../shared"))
    parser.add_argument("--c", type=float, default=0.3)
    parser.add_argument("--write", action="store_true", help=f"write the weights to {OUT}")
    args = parser.parse_args(argv)
    if "blind" in str(args.gold):
        parser.error("the screen is never trained or tuned on the blind set")
    run(collect(args.gold, args.shared), args.c, args.gold.as_posix(), args.write)


if __name__ == "__main__":
    main()
