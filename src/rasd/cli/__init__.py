"""The ``rasd`` command: thin wrappers that parse arguments and call the pipeline's packages."""

from __future__ import annotations

import typer

from rasd.cli import bench, build, export, extract, geocode, gold, kb, ner, relate, serve, store, watch

app = typer.Typer(
    name="rasd",
    help="rasd (رصد): Arabic security news → an analyst's knowledge base.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


@app.callback()
def main() -> None:
    """rasd (رصد): Arabic security news → an analyst's knowledge base."""


# One module per command group, in the order `rasd --help` lists them.
for module in (extract, store, ner, kb, relate, export, bench, gold, geocode, build, serve, watch):
    module.register(app)

__all__ = ["app"]
