"""The ``rasd`` command: thin wrappers that parse arguments and call the pipeline's packages.

Start-up stays instant (``rasd --help``, ``rasd CMD --help``) because of one rule for every command
module: at module level it imports only the standard library, typer, rich and other ``rasd.cli``
modules, plus what its signatures need (enums and options defined in ``rasd.cli``). Everything else
(the pipeline, the store, the KB, exporters…) is imported inside the command function that uses it,
and names needed only by type hints go under ``if TYPE_CHECKING:`` (typer evaluates the signatures of
the commands themselves, so their parameter types must stay importable). ``tests/test_cli_startup.py``
builds the app, runs the help of every command and fails if a heavy module was imported.
"""

from __future__ import annotations

import atexit
import gc

import typer

from rasd.cli import (
    bench,
    build,
    export,
    extract,
    geocode,
    gold,
    kb,
    ner,
    relate,
    relations,
    serve,
    store,
    watch,
)

app = typer.Typer(
    name="rasd",
    help="rasd (رصد): Arabic security news → an analyst's knowledge base.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    # Plain help and usage errors: Rich's formatter imports markdown-it and Rich's tracebacks, about
    # 0.1 s of the 0.3 s a `--help` may take; the commands' own tables still use Rich.
    rich_markup_mode=None,
)


# When a command is done its process's objects are left to the system: the interpreter's last full
# collection would scan and free every one of them for nothing (a fifth of a `--help`'s CPU, 0.1–0.25 s
# of a command that loaded SQLAlchemy or the models). Exits only: a caller that imports rasd.cli to
# run commands in its own process (tests) keeps its collector as it was until then.
atexit.register(gc.freeze)


@app.callback()
def main() -> None:
    """rasd (رصد): Arabic security news → an analyst's knowledge base."""


# One module per command group, in the order `rasd --help` lists them.
for module in (extract, store, ner, kb, relate, relations, export, bench, gold, geocode, build, serve, watch):
    module.register(app)

__all__ = ["app"]
