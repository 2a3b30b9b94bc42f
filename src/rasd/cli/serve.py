"""`rasd serve`: the analyst's workbench, a local web application on the store."""

from __future__ import annotations

import getpass
from typing import Annotated

import typer

from rasd.cli.common import DbOption, error_line

LOCAL = ("127.0.0.1", "localhost", "::1")


def serve(
    db: DbOption = None,
    port: Annotated[int, typer.Option("--port", min=1, max=65535, help="Port to listen on.")] = 8765,
    host: Annotated[
        str, typer.Option("--host", help="Address to bind; anything but 127.0.0.1 is reachable by others.")
    ] = "127.0.0.1",
    read_only: Annotated[
        bool, typer.Option("--read-only", help="Turn corrections (merge/split) off.")
    ] = False,
    analyst: Annotated[
        str | None, typer.Option("--analyst", help="Name recorded with corrections (default: your login).")
    ] = None,
) -> None:
    """Open the workbench: search, entity pages, articles with their evidence, graph, map, timeline."""
    import uvicorn
    from sqlalchemy.exc import SQLAlchemyError

    from rasd.store import Store, default_url
    from rasd.web import WebConfig, create_app

    if host not in LOCAL:
        error_line(
            f"warning: binding {host}: anyone who can reach this address can read the knowledge base"
            + ("" if read_only else " and correct it (add --read-only)")
        )
    try:
        store = Store.open(db)
    except (SQLAlchemyError, OSError) as exc:
        error_line(f"cannot open the database {db or default_url()}: {str(exc).splitlines()[0]}")
        raise typer.Exit(code=2) from None
    config = WebConfig(db=db, host=host, port=port, read_only=read_only, analyst=analyst or getpass.getuser())
    app = create_app(config, store)
    shown = f"[{host}]" if ":" in host else host
    typer.echo(f"rasd workbench on http://{shown}:{port}/  ({store.url}{', read-only' if read_only else ''})")
    try:
        uvicorn.run(app, host=host, port=port, log_level="warning", server_header=False)
    finally:
        store.close()


def register(app: typer.Typer) -> None:
    app.command("serve")(serve)
