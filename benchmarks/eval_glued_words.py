"""Reading + cleaning speed on one core, and the glued-word splitter's behaviour on a word list.

    .venv/bin/python benchmarks/bench_read_clean.py                      # 2000 articles from examples/
    .venv/bin/python benchmarks/bench_read_clean.py --format jsonl     # or --format html (trafilatura)
    .venv/bin/python benchmarks/bench_read_clean.py --glued-words ../shared/data/ner/anercorp_train.txt

The corpus is built by repeating the example articles (each copy is a separate file, or a line of
one JSONL file), so reading, decoding and cleaning all run for every article; only the caches of
word-frequency lookups warm up, as they do on a real corpus where the same words recur.
"""

from __future__ import annotations

import argparse
import html
import json
import re
import resource
import sys
import tempfile
import time
from pathlib import Path

from rasd.clean import clean_article
from rasd.read import ReadError, iter_articles

REPO = Path(__file__).resolve().parents[1]


def build_corpus(examples: Path, copies: int, folder: Path, fmt: str) -> int:
    texts = [p.read_bytes() for p in sorted(examples.glob("*.txt"))]
    if fmt == "jsonl":
        with (folder / "corpus.jsonl").open("w", encoding="utf-8") as out:
            for i in range(copies):
                for j, data in enumerate(texts):
                    out.write(json.dumps({"url": f"https://example.org/{i}/{j}", "text": data.decode("utf-8")},
                                         ensure_ascii=False) + "\n")
    elif fmt == "html":  # each article as a simple page with navigation and a footer around it
        for i in range(copies):
            for j, data in enumerate(texts):
                paragraphs = "".join(f"<p>{html.escape(p)}</p>" for p in data.decode("utf-8").split("\n") if p.strip())
                page = (f"<html><head><meta charset='utf-8'><title>{j}</title></head><body><nav><a href='/'>الرئيسية</a>"
                        f"</nav><article>{paragraphs}</article><footer>جميع الحقوق محفوظة</footer></body></html>")
                (folder / f"{i:05d}_{j}.html").write_text(page, encoding="utf-8")
    else:
        for i in range(copies):
            for j, data in enumerate(texts):
                (folder / f"{i:05d}_{j}.txt").write_bytes(data)
    return copies * len(texts)


def bench(copies: int, fmt: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        expected = build_corpus(REPO / "examples", copies, folder, fmt)
        size = sum(p.stat().st_size for p in folder.iterdir())
        started = time.perf_counter()
        done = failed = 0
        for item in iter_articles([folder]):
            if isinstance(item, ReadError):
                failed += 1
                continue
            clean_article(item)
            done += 1
        seconds = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux reports KiB
    print(f"articles: {done} of {expected} ({failed} errors), {size / 1e6:.1f} MB of {fmt}")
    print(f"time: {seconds:.2f} s  ->  {done / seconds:.0f} articles/s, {size / 1e6 / seconds:.1f} MB/s (one core)")
    print(f"peak memory (max RSS): {peak_mb:.0f} MB")


def glued_words(path: Path) -> None:
    """How many distinct tokens of a tokenised corpus the splitter would cut (every cut of a
    correctly written word is a false split; the list is printed to be read)."""
    from rasd.clean.glued import split_token, word_zipf

    arabic = re.compile(r"^[\u0621-\u064A\u064B-\u0652\u0640]+$")
    with path.open(encoding="utf-8") as handle:
        tokens = sorted({line.split()[0] for line in handle if line.split() and arabic.match(line.split()[0])})
    long_unseen = sum(1 for t in tokens if len(t) >= 7 and word_zipf(t) == 0)
    splits = [(t, split_token(t)) for t in tokens if split_token(t) != t]
    for token, split in splits:
        print(f"{token} -> {split}")
    print(f"distinct Arabic tokens: {len(tokens)}; 7+ letters and unseen by wordfreq: {long_unseen}; split: {len(splits)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--copies", type=int, default=400, help="copies of each example article (default 400)")
    parser.add_argument("--format", choices=["txt", "jsonl", "html"], default="txt")
    parser.add_argument("--glued-words", type=Path, help="a 'token TAG' per line corpus (ANERcorp) to run the splitter on")
    args = parser.parse_args()
    if args.glued_words:
        glued_words(args.glued_words)
    else:
        bench(args.copies, args.format)
    sys.stdout.flush()


if __name__ == "__main__":
    main()
