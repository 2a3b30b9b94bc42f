"""`rasd train relations`: the learned relation model from annotated articles.

Training examples are the candidates (``rasd.relate.relation_candidates``) of articles run through the
whole pipeline, so the model learns on the entities it will see at run time, with their errors. A
candidate is labelled with a gold relation when its two entities map to the gold pair (each predicted
entity is the gold entity its mentions overlap most, as the scorer matches them) and, where the gold
gives the evidence clause, both mentions lie in it; other candidates of a gold pair are left out of
training (they may or may not state it), every other candidate is «none».

Two sources of annotation: the real-news gold files (``tests/gold/news-dev``, text read from
``../shared``) and paragraph gold files in the format of ``tests/gold/relate`` (text included).
Cross-validation folds are whole articles. The blind set is never read here.
"""

from __future__ import annotations

import copy
import random
from collections import Counter, defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rasd.evaluate.scores import Score
from rasd.record import Document, Relation
from rasd.relate.context import ArticleContext
from rasd.relate.relation_candidates import Candidate, candidates, signature
from rasd.relate.relation_features import features
from rasd.relate.relation_model import NONE, SYMMETRIC, RelationModel, learned_relations
from rasd.relate.relations import anaphor_mentions, extract_relations

# Gold relation types as rasd codes them (the scorer reads operates_in as located_in).
GOLD_TO_RASD = {"operates_in": "located_in"}
EVIDENCE_SLACK = 30  # characters a mention may stand outside the gold evidence clause
MIN_FEATURE_COUNT = 3  # features seen fewer times are dropped (noise, and a smaller file)
MIN_SIGNATURE_COUNT = 2  # a relation type needs this many examples of a type pair to be proposed for it


@dataclass
class GoldRelation:
    type: str
    subject: str  # gold entity ids
    object: str
    evidence: tuple[int, int] | None  # in the document's offsets; None where the gold gives none


@dataclass
class LabelledDoc:
    """One article after the pipeline, with its gold relations and the map of its entities to gold's."""

    key: str
    doc: Document
    to_gold: dict[str, str]
    gold: list[GoldRelation]
    gold_types: dict[str, str]  # gold entity id → PER / ORG / LOC
    context: ArticleContext = field(init=False)
    rules: list[Relation] = field(init=False)
    _features: dict[tuple[int, int, int, int], list[str]] = field(init=False, default_factory=dict)

    def __post_init__(self) -> None:
        self.context = ArticleContext.build(self.doc)
        self.rules = extract_relations(self.context)

    def features(self, ctx: ArticleContext, cand: Candidate) -> list[str]:
        """The candidate's features, computed once (cross-validation asks for them in every fold)."""
        key = (cand.subject.start, cand.subject.end, cand.object.start, cand.object.end)
        if key not in self._features:
            self._features[key] = features(ctx, cand)
        return self._features[key]

    def gold_keys(self) -> list[tuple[str, str, str]]:
        return [rel_key(g.type, g.subject, g.object) for g in self.gold]

    def predicted_keys(self, relations: Sequence[Relation]) -> list[tuple[str, str | None, str | None]]:
        return [rel_key(r.type, self.to_gold.get(r.subject), self.to_gold.get(r.object)) for r in relations]


def rel_key(kind: str, subject: Any, obj: Any) -> tuple[str, Any, Any]:
    if kind in SYMMETRIC and subject and obj and obj < subject:
        subject, obj = obj, subject
    return (kind, subject, obj)


# --- loading annotated articles -----------------------------------------------------------------------


def news_examples(
    gold_dir: Path, shared: Path, process: Callable[..., Document] | None = None
) -> list[LabelledDoc]:
    """The real-news gold articles of ``gold_dir`` run through the pipeline (text from ``shared``)."""
    from rasd.evaluate.news_gold import load_gold_dir, read_articles, span_problems
    from rasd.evaluate.news_score import Alignment, _map_entities, pipeline_processor

    golds = load_gold_dir(gold_dir)
    if any(g.split == "blind" for g in golds):
        raise ValueError(f"{gold_dir}: the blind set is never trained on")
    articles = read_articles(shared, [(g.corpus, g.id) for g in golds])
    process = process or pipeline_processor()
    out = []
    for gold in golds:
        article = articles.get((gold.corpus, gold.id))
        if article is None or span_problems(gold, article.text):
            continue
        doc = process(article)
        align = Alignment(doc.text, article.text)
        spans = {
            e.id: [s for m in e.mentions if (s := align.span(m.start, m.end)) is not None]
            for e in doc.entities
        }
        back = _inverse(align.to)
        relations = [
            GoldRelation(
                GOLD_TO_RASD.get(r.type, r.type),
                r.subject,
                r.object,
                (back(r.evidence[0]), back(r.evidence[1])),
            )
            for r in gold.relations
        ]
        types: dict[str, str] = {e.id: e.type for e in gold.entities}
        out.append(LabelledDoc(f"{gold.corpus}/{gold.id}", doc, _map_entities(spans, gold), relations, types))
    return out


def _inverse(to: list[int | None]) -> Callable[[int], int]:
    """Corpus offset → the nearest document offset at or before it."""
    pairs = sorted((c, d) for d, c in enumerate(to) if c is not None)
    corpus = [c for c, _ in pairs]

    def back(offset: int) -> int:
        import bisect

        i = bisect.bisect_right(corpus, offset) - 1
        return pairs[i][1] if i >= 0 else 0

    return back


def paragraph_examples(path: Path) -> list[LabelledDoc]:
    """Paragraphs in the format of ``tests/gold/relate/*.json`` (text, entities by surface form,
    relations as [type, subject, object]) run through the pipeline."""
    from rasd.evaluate.news_gold import GoldArticle
    from rasd.evaluate.news_score import Alignment, _map_entities
    from rasd.evaluate.relate import find_mentions, load_gold
    from rasd.pipeline import Pipeline
    from rasd.read import RawArticle

    pipeline = Pipeline()
    out = []
    for item in load_gold(path):
        text = item["text"]
        doc = pipeline.process(
            RawArticle(source=f"gold:{item['id']}", text=text, published=item.get("published"))
        )
        align = Alignment(doc.text, text)
        spans = {
            e.id: [s for m in e.mentions if (s := align.span(m.start, m.end)) is not None]
            for e in doc.entities
        }
        gold = GoldArticle.model_construct(
            entities=[
                _GoldEntity(eid, [(m.start, m.end) for m in find_mentions(text, spec["names"])])
                for eid, spec in item["entities"].items()
            ]
        )
        relations = [
            GoldRelation(GOLD_TO_RASD.get(t, t), s, o, None) for t, s, o in item.get("relations", [])
        ]
        types = {eid: spec["type"] for eid, spec in item["entities"].items()}
        out.append(LabelledDoc(str(item["id"]), doc, _map_entities(spans, gold), relations, types))
    return out


@dataclass
class _GoldEntity:
    id: str
    mentions: list[tuple[int, int]]


# --- examples -----------------------------------------------------------------------------------------


@dataclass
class Example:
    features: list[str]
    label: str
    candidate: Candidate


def examples(ld: LabelledDoc, signatures: Mapping[str, Sequence[str]]) -> list[Example]:
    """Every candidate of the article with its label (gold candidates outside the evidence left out)."""
    gold: dict[tuple[str, str], list[GoldRelation]] = defaultdict(list)
    for g in ld.gold:
        gold[(g.subject, g.object)].append(g)
        if g.type in SYMMETRIC:
            gold[(g.object, g.subject)].append(g)
    out = []
    ctx = ld.context
    for cand in candidates(ctx, signatures, anaphor_mentions(ctx)):
        pair = (ld.to_gold.get(cand.subject.entity.id, ""), ld.to_gold.get(cand.object.entity.id, ""))
        allowed = signatures[cand.signature]
        label = NONE
        for g in gold.get(pair, []):
            if g.type not in allowed:
                label = ""  # related, by a type this entity pair cannot hold (an entity typed wrong)
                continue
            if g.evidence is not None and not _inside(cand, g.evidence):
                label = ""  # the pair is related, but maybe not by this sentence: not an example
                continue
            label = g.type
            break
        if label:
            out.append(Example(ld.features(ctx, cand), label, cand))
    return out


def _inside(cand: Candidate, evidence: tuple[int, int]) -> bool:
    start, end = evidence[0] - EVIDENCE_SLACK, evidence[1] + EVIDENCE_SLACK
    return all(start <= m.start and m.end <= end for m in (cand.subject, cand.object))


def gold_signatures(docs: Sequence[LabelledDoc]) -> dict[str, list[str]]:
    """Type pair → the relation types the gold gives it often enough to be learned (the gold's own
    entity types: a court the recogniser took for its city does not make spokesmen of places)."""
    counts: Counter[tuple[str, str]] = Counter()
    for ld in docs:
        for g in ld.gold:
            if g.subject in ld.gold_types and g.object in ld.gold_types:
                counts[(signature(ld.gold_types[g.subject], ld.gold_types[g.object]), g.type)] += 1
    out: dict[str, list[str]] = defaultdict(list)
    for (sig, kind), n in sorted(counts.items()):
        if n >= MIN_SIGNATURE_COUNT:
            out[sig].append(kind)
    return dict(out)


# --- fitting ------------------------------------------------------------------------------------------


@dataclass
class Settings:
    c: float = 1.0  # inverse regularisation strength of the logistic regression
    balanced: bool = False  # weight the classes by their inverse frequency
    thresholds: dict[str, float] = field(default_factory=lambda: {"default": 0.5})


def fit(docs: Sequence[LabelledDoc], settings: Settings, meta: dict[str, Any] | None = None) -> RelationModel:
    """A multinomial logistic regression over the candidates of ``docs`` (scikit-learn)."""
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    signatures = gold_signatures(docs)
    rows = [ex for ld in docs for ex in examples(ld, signatures)]
    counts = Counter(f for ex in rows for f in set(ex.features))
    kept = [{f: 1.0 for f in ex.features if counts[f] >= MIN_FEATURE_COUNT} for ex in rows]
    labels = [ex.label for ex in rows]
    classes = [NONE, *sorted({lab for lab in labels} - {NONE})]
    if len(classes) < 2:
        raise ValueError("no relation in the training articles: nothing to learn")
    vectoriser = DictVectorizer()
    x = vectoriser.fit_transform(kept)
    clf = LogisticRegression(
        C=settings.c, max_iter=2000, class_weight="balanced" if settings.balanced else None
    )
    clf.fit(x, labels)
    order = [list(clf.classes_).index(c) for c in classes]
    coef = clf.coef_ if len(clf.classes_) > 2 else _binary_coef(clf.coef_)
    intercept = clf.intercept_ if len(clf.classes_) > 2 else _binary_coef(clf.intercept_[:, None])[:, 0]
    weights = {name: [float(coef[k, i]) for k in order] for name, i in vectoriser.vocabulary_.items()}
    weights = {f: w for f, w in sorted(weights.items()) if max(abs(v) for v in w) >= 1e-3}
    signatures = {k: [t for t in v if t in classes] for k, v in signatures.items()}
    return RelationModel(
        classes,
        {k: v for k, v in signatures.items() if v},
        [float(intercept[k]) for k in order],
        weights,
        settings.thresholds,
        {**(meta or {}), "examples": len(rows), "labels": dict(Counter(labels))},
    )


def _binary_coef(coef: Any) -> Any:
    """scikit-learn keeps one row for two classes (the second's); softmax over two rows ±w/2 is the same."""
    import numpy as np

    return np.vstack([-coef[0] / 2, coef[0] / 2])


# --- evaluation ---------------------------------------------------------------------------------------


@dataclass
class Figures:
    overall: Score = field(default_factory=Score)
    by_type: dict[str, Score] = field(default_factory=dict)

    def add(self, gold: list[tuple[str, str, str]], predicted: list[tuple[str, Any, Any]]) -> None:
        self.overall.add(gold, predicted)
        for kind in {k[0] for k in gold} | {k[0] for k in predicted}:
            self.by_type.setdefault(kind, Score()).add(
                [g for g in gold if g[0] == kind], [p for p in predicted if p[0] == kind]
            )

    def as_dict(self) -> dict[str, Any]:
        return {
            "relations": self.overall.as_dict(),
            "by type": {k: v.as_dict() for k, v in sorted(self.by_type.items())},
        }


def combined(ld: LabelledDoc, model: RelationModel | None) -> list[Relation]:
    """What the relate stage gives: the rules' relations, then the model's for pairs they leave."""
    if model is None:
        return list(ld.rules)
    return [*ld.rules, *learned_relations(ld.context, model, ld.rules, ld.features)]


def score(docs: Sequence[LabelledDoc], models: Callable[[LabelledDoc], RelationModel | None]) -> Figures:
    figures = Figures()
    for ld in docs:
        figures.add(ld.gold_keys(), ld.predicted_keys(combined(ld, models(ld))))
    return figures


def folds(docs: Sequence[LabelledDoc], k: int, seed: int = 13) -> list[list[LabelledDoc]]:
    """``k`` folds of whole articles, drawn with a fixed seed."""
    order = sorted(docs, key=lambda d: d.key)
    random.Random(seed).shuffle(order)
    return [order[i::k] for i in range(k)]


def cross_validate(
    docs: Sequence[LabelledDoc], settings: Settings, k: int = 5, seed: int = 13
) -> tuple[Figures, dict[str, RelationModel]]:
    """Article-level k-fold figures of rules + model, and the model each article was scored with."""
    parts = folds(docs, k, seed)
    model_of: dict[str, RelationModel] = {}
    for i, held in enumerate(parts):
        train = [d for j, part in enumerate(parts) if j != i for d in part]
        model = fit(train, settings)
        for d in held:
            model_of[d.key] = model
    return score(docs, lambda d: model_of[d.key]), model_of


def best_threshold(
    docs: Sequence[LabelledDoc], model_of: dict[str, RelationModel], grid: Sequence[float]
) -> tuple[float, dict[float, float]]:
    """The one threshold (for every type) that gives the best out-of-fold F1, and F1 at each tried."""
    scored = {d.key: _scored_pairs(d, model_of[d.key]) for d in docs}
    f1s = {}
    for t in grid:
        fig = Figures()
        for d in docs:
            picked = _pick(scored[d.key], t)
            fig.add(d.gold_keys(), d.predicted_keys([*d.rules, *picked]))
        f1s[t] = fig.overall.f1
    best = max(grid, key=lambda t: (f1s[t], -abs(t - 0.5)))
    return best, f1s


OFF = 1.01  # a threshold no probability reaches: the model never gives that type


def best_thresholds(
    docs: Sequence[LabelledDoc], model_of: dict[str, RelationModel], grid: Sequence[float]
) -> dict[str, float]:
    """Per relation type, the threshold that gives the best out-of-fold F1 overall, starting from the
    best single one and trying each type in turn (``OFF`` where the model only adds errors of a type)."""
    scored = {d.key: _scored_pairs(d, model_of[d.key]) for d in docs}

    def f1(thresholds: dict[str, float]) -> float:
        fig = Figures()
        for d in docs:
            picked = [
                r for r in scored[d.key] if r.confidence >= thresholds.get(r.type, thresholds["default"])
            ]
            fig.add(d.gold_keys(), d.predicted_keys([*d.rules, *picked]))
        return fig.overall.f1

    default, _ = best_threshold(docs, model_of, grid)
    chosen = {"default": default}
    for kind in sorted({r.type for rels in scored.values() for r in rels}):
        current = f1(chosen)
        for t in [*grid, OFF]:
            trial = {**chosen, kind: t}
            if (score := f1(trial)) > current:
                chosen, current = trial, score
    return chosen


def _scored_pairs(ld: LabelledDoc, model: RelationModel) -> list[Relation]:
    """All the model's relations at threshold 0, with their probabilities as confidence."""
    zero = copy.copy(model)
    zero.thresholds = {"default": 0.0}
    return learned_relations(ld.context, zero, ld.rules, ld.features)


def _pick(relations: list[Relation], threshold: float) -> list[Relation]:
    return [r for r in relations if r.confidence >= threshold]
