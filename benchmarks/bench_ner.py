"""NER speed and quality figures for docs/ner.md.

    .venv/bin/python benchmarks/bench_ner.py [--data ../shared/data] [--model DIR] [--seeds]

Prints: load time of the recogniser (model + gazetteer + lexicon, and the first sentence, which
loads wordfreq's list), tagging speed in tokens/s on one core (ANERcorp development sentences,
tokens given, and the five example articles as running text through ``recognise``), and the
development-split scores of the model that was trained without the development split.
``--seeds`` lists what the recogniser finds in each example article (for the error analysis).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def load_seconds(model: str | None) -> float:
    """Loading measured in a fresh interpreter, so nothing is cached."""
    code = (
        "import time; t=time.perf_counter()\n"
        "from rasd.recognise.recogniser import CRFRecogniser\n"
        f"r = CRFRecogniser({model!r}); r.tagger.tag(['قال', 'الرئيس', '.'])\n"
        "print(time.perf_counter()-t)"
    )
    runs = [
        float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout)
        for _ in range(3)
    ]
    return min(runs)


def list_seed_mentions(recogniser, folder: Path) -> None:
    from collections import Counter

    from rasd.record import Document

    for path in sorted(folder.glob("*.txt")):
        doc = Document(id=path.stem, source=str(path), text=path.read_text(encoding="utf-8"))
        recogniser.recognise(doc)
        counts = Counter((s.label, s.subtype or "", s.text) for s in doc.spans)
        print(f"{path.name}: {len(doc.spans)} mentions")
        for (label, subtype, text), n in sorted(counts.items()):
            print(f"  {label:<3} {subtype:<12} {text} ×{n}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--model", default=None, help="model directory (default: the shipped one)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seeds", action="store_true", help="list the mentions found in examples/*.txt")
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core

    from rasd.recognise.recogniser import CRFRecogniser
    from rasd.record import Document
    from rasd.train.ner_corpus import read_anercorp, split_dev

    print(f"load (fresh process, best of 3): {load_seconds(args.model):.2f} s")
    recogniser = CRFRecogniser(args.model)
    tagger = recogniser.tagger

    _, dev = split_dev(read_anercorp(args.data / "ner" / "anercorp_train.txt"))
    sentences = [[w for w, _ in s] for s in dev]
    tokens = sum(map(len, sentences))
    tagger.tag(sentences[0])
    best = float("inf")
    for _ in range(args.repeat):
        tagger.features._cache.clear()  # measure with a cold word cache, as on new text
        start = time.perf_counter()
        tagger.tag_many(sentences)  # both stages where the model has two (one sentence at a time otherwise)
        best = min(best, time.perf_counter() - start)
    print(f"two-stage model: {tagger.two_stage}")
    print(
        f"tagging, tokens given, model alone: {tokens} tokens in {best:.3f} s = {tokens / best:,.0f} tokens/s (one core)"
    )
    from rasd.recognise.mentions import tag_sentences

    best = float("inf")
    for _ in range(args.repeat):
        tagger.features._cache.clear()
        start = time.perf_counter()
        tag_sentences(sentences, tagger.tag, recogniser.gazetteer, tag_many=tagger.tag_many)
        best = min(best, time.perf_counter() - start)
    print(
        f"tagging, tokens given, as `rasd tag` (with the article passes): {tokens / best:,.0f} tokens/s (one core)"
    )

    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "examples").glob("*.txt"))]
    from rasd.text import tokenize

    n_tokens = sum(len(tokenize(t)) for t in texts)
    best = float("inf")
    for _ in range(args.repeat):
        tagger.features._cache.clear()
        start = time.perf_counter()
        for i, text in enumerate(texts):
            recogniser.recognise(Document(id=str(i), source="bench", text=text))
        best = min(best, time.perf_counter() - start)
    print(
        f"recognise(), running text, cold word cache: {n_tokens} tokens in {best:.3f} s "
        f"= {n_tokens / best:,.0f} tokens/s (one core)"
    )
    start = time.perf_counter()
    for i, text in enumerate(texts):
        recogniser.recognise(Document(id=str(i), source="bench", text=text))
    warm = time.perf_counter() - start
    print(f"recognise(), running text, warm word cache (words seen before): {n_tokens / warm:,.0f} tokens/s")

    if args.seeds:
        list_seed_mentions(recogniser, ROOT / "examples")

    meta_path = tagger.model_dir / "meta.json"
    if meta_path.exists():
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        for key, title in (
            ("dev_scores_model_only", "model alone"),
            ("dev_scores", "as `rasd eval ner` tags"),
        ):
            print(f"development split (model trained without it), {title}:")
            for name, s in meta.get(key, {}).items():
                print(
                    f"  {name:<10} P {s['precision']:6.2f}  R {s['recall']:6.2f}  F1 {s['f1']:6.2f}  n={s['support']}"
                )


if __name__ == "__main__":
    main()
