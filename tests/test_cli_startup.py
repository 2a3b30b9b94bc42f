"""`rasd --help` and every command's `--help` import none of the pipeline's heavy dependencies: the
command modules import them inside the commands (see ``rasd/cli/__init__.py``). Nothing is timed
here (speed is in docs/benchmarks.md): the test checks which modules a fresh interpreter has loaded."""

from __future__ import annotations

import json
import os
import subprocess
import sys

# What `--help` must never load: the pipeline and its libraries, the store, the web app, exporters.
HEAVY = (
    "sqlalchemy",
    "alembic",
    "psycopg",
    "trafilatura",
    "lxml",
    "wordfreq",
    "sklearn_crfsuite",
    "pycrfsuite",
    "numpy",
    "pydantic",
    "fastapi",
    "starlette",
    "uvicorn",
    "jinja2",
    "rapidfuzz",
    "networkx",
    "stix2",
    "followthemoney",
    "weasyprint",
    "feedparser",
    "dask",
    "babel",
    "rasd.pipeline",
    "rasd.resources",
    "rasd.stages",
    "rasd.read",
    "rasd.record",
    "rasd.kb",
    "rasd.store",
    "rasd.export",
    "rasd.relate",
    "rasd.evaluate",
    "rasd.train",
    "rasd.build",
)

# Builds the app, asks every command and group for its help, then reports what was imported.
_SCRIPT = """
import contextlib, io, json, sys
import typer.main
from rasd.cli import app

root = typer.main.get_command(app)
paths = [[]]
def walk(group, prefix):
    for name in group.list_commands(None):
        paths.append(prefix + [name])
        sub = group.get_command(None, name)
        if hasattr(sub, "list_commands"):
            walk(sub, prefix + [name])
walk(root, [])
failed = []
for path in paths:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        try:
            root.main(args=[*path, "--help"], prog_name="rasd", standalone_mode=False)
        except SystemExit:
            pass
    if "Usage:" not in out.getvalue():
        failed.append(path)
print(json.dumps({"paths": paths, "failed": failed, "modules": sorted(sys.modules)}))
"""


def _help_everything() -> dict:
    done = subprocess.run(
        [sys.executable, "-c", _SCRIPT], capture_output=True, text=True, check=True, timeout=120
    )
    return json.loads(done.stdout.splitlines()[-1])


def test_help_of_every_command_imports_nothing_heavy() -> None:
    report = _help_everything()
    names = {" ".join(path) for path in report["paths"]}
    assert {"extract", "ingest", "search", "export", "events", "serve", "kb show", "eval"} <= names
    assert report["failed"] == []
    loaded = set(report["modules"])
    heavy = sorted(m for m in loaded for h in HEAVY if m == h or m.startswith(h + "."))
    assert heavy == [], f"`--help` imported {heavy}: import them inside the command that uses them"


def test_the_help_names_the_fields_the_reader_knows() -> None:
    from rasd.cli.inputs import FIELDS
    from rasd.read.records import FIELDS as READER_FIELDS

    assert FIELDS == READER_FIELDS


def test_the_command_runs_after_a_lazy_import(tmp_path) -> None:
    article = tmp_path / "one.txt"
    article.write_text("قتل خمسة جنود في هجوم قرب مدينة غاو شمال مالي.\n", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "rasd", "extract", "--clean-only", "-j", "1", str(article)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["text"].startswith("قتل خمسة جنود")


def test_jobs_default_to_the_cores_available() -> None:
    import typer.main

    from rasd.cli import app

    root = typer.main.get_command(app)
    for name in ("extract", "ingest"):
        command = root.commands[name]  # type: ignore[attr-defined]
        jobs = next(param for param in command.params if param.name == "jobs")
        assert jobs.default == len(os.sched_getaffinity(0))
