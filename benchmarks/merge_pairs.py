"""Draw cross-article merged pairs to judge by hand: the precision of merging events across articles.

``.venv/bin/python benchmarks/merge_pairs.py --records RECORDS.jsonl --out PAIRS.tsv [--n 60] [--seed 13]``

Merges the records' asserted events as ``rasd events`` shows them (``merge_events``: the stored fold
gives the same groups), lists every pair of reports of one merged event that come from two different
articles, and draws ``--n`` of them at random (a fixed seed: the same pairs for the same records and
rule): pairwise precision, where a group of k articles weighs as its k(k-1)/2 pairs. Each row gives
both reports' article, evidence offsets, type, date, place and publication date, and the evidence
sentences to read, plus an empty ``same`` column for the judgement (1 the same real event, 0 not).
The file holds article text: write it outside the repository (e.g. /work/analysis). With
``--judged FILE`` (a judged TSV of an earlier draw) the judgements of pairs drawn again are carried
over, matched by articles and offsets, and the precision of the judged rows is printed.
"""

from __future__ import annotations

import argparse
import csv
import itertools
import random
from pathlib import Path

from rasd.record import Document
from rasd.relate import merge_events

FIELDS = ["pair", "group_size", "type", "a_doc", "a_start", "a_end", "a_date", "a_published", "b_doc"]
FIELDS += ["b_start", "b_end", "b_date", "b_published", "place", "same", "a_text", "b_text"]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--records", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--n", type=int, default=60)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--judged", type=Path, help="a judged TSV: carry its judgements over")
    args = parser.parse_args()
    with args.records.open(encoding="utf-8") as lines:
        docs = [Document.from_json(line) for line in lines if line.strip()]
    by_id = {d.id: d for d in docs}
    dates = {(d.id, ev.evidence.start): ev.date.value if ev.date else "" for d in docs for ev in d.events}
    merged = merge_events(docs)
    pairs = []
    for m in merged:
        for a, b in itertools.combinations(m.sources, 2):
            if a.document != b.document:
                pairs.append((m, a, b))
    sizes = sorted((len({s.document for s in m.sources}) for m in merged), reverse=True)
    print(
        f"{len(docs)} articles, {len(merged)} merged events, {sum(s > 1 for s in sizes)} of several articles "
        f"(largest: {sizes[:5]} articles), {len(pairs)} cross-article pairs"
    )
    known: dict[tuple[str, ...], str] = {}
    if args.judged:
        with args.judged.open(encoding="utf-8") as judged:
            for row in csv.DictReader(judged, delimiter="\t"):
                known[_key(row)] = row["same"]
    drawn = random.Random(args.seed).sample(pairs, min(args.n, len(pairs)))
    rows = []
    for n, (m, a, b) in enumerate(drawn):
        a, b = sorted((a, b), key=lambda s: (s.document, s.evidence.start))
        row = {
            "pair": n,
            "group_size": len(m.sources),
            "type": m.type,
            "place": m.location_name or m.location or "",
            "same": "",
        }
        for side, s in (("a", a), ("b", b)):
            row |= {
                f"{side}_doc": s.document,
                f"{side}_start": s.evidence.start,
                f"{side}_end": s.evidence.end,
                f"{side}_date": dates.get((s.document, s.evidence.start), ""),
                f"{side}_published": by_id[s.document].published or "",
                f"{side}_text": " ".join(s.text.split()),
            }
        row["same"] = known.get(_key({k: str(v) for k, v in row.items()}), "")
        rows.append(row)
    with args.out.open("w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, FIELDS, delimiter="\t")
        writer.writeheader()
        writer.writerows(rows)
    judged = [r["same"] for r in rows if r["same"] in ("0", "1")]
    if judged:
        print(f"judged {len(judged)}: precision {judged.count('1') / len(judged):.2f}")


def _key(row: dict[str, str]) -> tuple[str, ...]:
    return tuple(row[f] for f in ("a_doc", "a_start", "a_end", "b_doc", "b_start", "b_end"))


if __name__ == "__main__":
    main()
