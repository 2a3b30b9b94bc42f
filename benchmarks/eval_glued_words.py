"""How the glued-word splitter behaves on a corpus of correctly tokenised words (every cut of a
correctly written word is a false split; the list is printed to be read).

    .venv/bin/python benchmarks/eval_glued_words.py ../shared/data/ner/anercorp_train.txt

Reading + cleaning speed is measured by `rasd bench --stage clean` (docs/benchmarks.md).
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path


def glued_words(path: Path) -> None:
    """How many distinct tokens of a tokenised corpus the splitter would cut (every cut of a
    correctly written word is a false split; the list is printed to be read)."""
    from rasd.clean.glued import split_token, word_zipf

    arabic = re.compile(r"^[\u0621-\u064A\u064B-\u0652\u0640]+$")
    with path.open(encoding="utf-8") as handle:
        tokens = sorted(
            {line.split()[0] for line in handle if line.split() and arabic.match(line.split()[0])}
        )
    long_unseen = sum(1 for t in tokens if len(t) >= 7 and word_zipf(t) == 0)
    splits = [(t, split_token(t)) for t in tokens if split_token(t) != t]
    for token, split in splits:
        print(f"{token} -> {split}")
    print(
        f"distinct Arabic tokens: {len(tokens)}; 7+ letters and unseen by wordfreq: {long_unseen}; split: {len(splits)}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("corpus", type=Path, help="a 'token TAG' per line corpus (ANERcorp)")
    glued_words(parser.parse_args().corpus)


if __name__ == "__main__":
    main()
