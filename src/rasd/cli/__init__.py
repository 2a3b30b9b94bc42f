"""The ``rasd`` command: thin wrappers that parse arguments and call the pipeline's packages."""

from __future__ import annotations

import typer

from rasd.cli import bench, export, extract, kb, ner, relate, store

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


for module in (extract, store, ner, kb, relate, export, bench):
    module.register(app)

from rasd.cli import gold  # noqa: E402  (issue 9's gold-set tools; kept apart from the line above)

gold.register(app)

from rasd.cli import build, serve  # noqa: E402  (issue 12: the workbench and its basemap build step)

build.register(app)
serve.register(app)

from rasd.cli import watch  # noqa: E402  (issue 14: monitoring, watchlists, the brief)

watch.register(app)

from rasd.cli import geocode  # noqa: E402  (issue 10: eval geocode / eval transliterate)

geocode.register(app)

__all__ = ["app"]
