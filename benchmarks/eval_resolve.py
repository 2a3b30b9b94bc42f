"""Resolution quality and speed: alias → entity accuracy, UN alias → reference, geocoding, 10,000 mentions.

    .venv/bin/python benchmarks/eval_resolve.py [--un-xml ../shared/data/un_sanctions/un_consolidated_2022-09-15.xml]

Figures go to docs/knowledge-base.md. The same report: ``rasd eval resolve``.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from rasd.evaluate.resolve import format_report, run_evaluation
from rasd.kb import knowledge_base


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--un-xml", type=Path, default=None, help="UN consolidated list XML (default: shipped extract)"
    )
    parser.add_argument("--quiet", action="store_true", help="no list of failures")
    args = parser.parse_args()
    t0 = time.perf_counter()
    kb = knowledge_base()
    print(
        f"knowledge base: {len(kb.entities)} entities, {len(kb.index)} name keys, "
        f"{len(kb.relations)} relations, loaded in {time.perf_counter() - t0:.2f} s"
    )
    print(format_report(run_evaluation(args.un_xml), failures=not args.quiet))


if __name__ == "__main__":
    main()
