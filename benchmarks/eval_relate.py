"""Quality of the relate stage on the hand-written gold set (tests/gold/relate).

    .venv/bin/python benchmarks/eval_relate.py [--no-pipeline] [--json]

Same scores as `rasd eval relate`: relations (type, subject, object), events (type + place + date; type
only; type + modality), claims (source kind + certainty) and dates (value + precision), first with the
gold entities given (this stage alone), then through the whole pipeline (recogniser and resolver too).
"""

from __future__ import annotations

import sys
from pathlib import Path

from typer.testing import CliRunner

from rasd.cli import app

ROOT = Path(__file__).resolve().parents[1]

if __name__ == "__main__":
    args = ["eval", "relate", "--gold", str(ROOT / "tests" / "gold" / "relate"), *sys.argv[1:]]
    result = CliRunner().invoke(app, args)
    sys.stdout.write(result.output)
    sys.exit(result.exit_code)
