"""`rasd kb ...`: the knowledge base (UN import, show) and analysts' merge/split judgements."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from rasd.cli.common import DbOption, command_group, error_line

if TYPE_CHECKING:
    from rasd.kb.judgements import JudgementKind

kb_app = typer.Typer(
    name="kb", help="The knowledge base: UN sanctions import, look-up, merge and split.", no_args_is_help=True
)


@kb_app.command("import-un")
def import_un(
    xml_file: Annotated[
        Path,
        typer.Argument(help="The UN Security Council consolidated list (XML).", exists=True, dir_okay=False),
    ],
    out: Annotated[
        Path | None, typer.Option("--out", help="Where to write (default: $RASD_KB_DIR/un_sanctions.json).")
    ] = None,
    all_regimes: Annotated[
        bool, typer.Option("--all-regimes", help="Keep every regime, not only Al-Qaida, Mali, Libya.")
    ] = False,
) -> None:
    """Import the UN sanctions list: reference numbers, Arabic names, aliases with quality, links."""
    from rasd.kb.loader import user_kb_dir
    from rasd.kb.un_import import FIELD_REGIMES, read_un_list, write_un_json

    try:
        records = read_un_list(xml_file, None if all_regimes else FIELD_REGIMES)
    except Exception as exc:  # a broken or foreign XML file: one line, not a traceback
        error_line(f"cannot read {xml_file} as a UN consolidated list: {exc}")
        raise typer.Exit(code=2) from None
    target = out or user_kb_dir() / "un_sanctions.json"
    write_un_json(
        records, target, f"{xml_file.name}, regimes: {'all' if all_regimes else ', '.join(FIELD_REGIMES)}"
    )
    people = sum(r.kind == "individual" for r in records)
    typer.echo(f"{len(records)} records ({people} individuals, {len(records) - people} entities) → {target}")


@kb_app.command("show")
def show(
    name_or_id: Annotated[
        str, typer.Argument(help="An id (rasd:mokhtar-belmokhtar), a UN reference (QDi.136) or a name.")
    ],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    db: DbOption = None,
) -> None:
    """Show an entity: in the shipped knowledge base (names by strength, references, relations) and
    in the database (the entities ingested from the articles, with the analysts' merges and splits
    and their reasons): the database given with --db, else $RASD_DB when it is set."""
    from rasd.kb import build_knowledge_base

    kb = build_knowledge_base()
    found = kb.find(name_or_id)
    stored = _stored_entities(name_or_id, db)
    if not found and not stored:
        error_line(f"no entity is called {name_or_id!r} in the knowledge base or the database")
        raise typer.Exit(code=1)
    out: list[dict] = []
    for ent in found:
        out.append(
            {
                "id": ent.id,
                "type": ent.type,
                "subtype": ent.subtype,
                "name": ent.name,
                "kb": ent.kb_refs,
                "names": ent.names,
                "geo": ent.place.__dict__ if ent.place else None,
                "relations": [r.__dict__ for r in kb.relations_of(ent.id)],
            }
        )
    if as_json:
        typer.echo(json.dumps(out + [{"stored": True, **s} for s in stored], ensure_ascii=False, indent=2))
        return
    for item in out:
        typer.echo(
            f"{item['id']}  {item['type']}/{item['subtype'] or '-'}  {item['name']}  {item['kb'] or ''}"
        )
        for name, strength in item["names"].items():
            typer.echo(f"  {strength:<13} {name}")
        for rel in item["relations"]:
            when = "–".join(filter(None, [rel["start"], rel["end"]]))
            typer.echo(f"  {rel['subject']} {rel['type']} {rel['object']} {when}")
    for record in stored:
        typer.echo(
            f"stored: {record['id']}  {record['type']}/{record['subtype'] or '-'}  {record['name']}  "
            f"({record['articles']} articles, {record['mentions']} mentions)"
        )
        typer.echo(f"  names: {'، '.join(record['names'])}")
        if record["merged"]:
            typer.echo(f"  merged into it: {', '.join(record['merged'])}")
        for j in record["judgements"]:
            why = f": {j['reason']}" if j["reason"] else ""
            typer.echo(
                f"  judgement {j['id']} {j['kind']} {j['entity_a']} {j['entity_b']} ({j['created_at']}){why}"
            )


def _stored_entities(name_or_id: str, db: str | None) -> list[dict]:
    """The stored entities of that id or name: from the database given with --db (a missing one is
    an error), else from $RASD_DB when it is set and exists; none otherwise."""
    from rasd.cli.store import open_store
    from rasd.store import MissingDatabase, Store
    from rasd.store.database import DB_ENV

    if db is None:
        if not os.environ.get(DB_ENV):
            return []
        try:
            store = Store.open(None, create=False)
        except (MissingDatabase, OSError):
            return []
    else:
        store = open_store(db, create=False)
    with store:
        return store.find_entities(name_or_id)


def _entity_ref(value: str, db: str | None = None) -> str:
    """An entity id as given, or the one entity a name or UN reference names: in the knowledge base,
    else among the entities stored in the database."""
    from rasd.kb import build_knowledge_base
    from rasd.kb.judgements import is_entity_id

    if is_entity_id(value):
        return value
    ids = [e.id for e in build_knowledge_base().find(value)] or [e["id"] for e in _stored_entities(value, db)]
    if len(ids) != 1:
        error_line(
            f"{value!r} names {len(ids)} entities; give an entity id "
            "(as in the records, or from `rasd kb show`)"
        )
        raise typer.Exit(code=2)
    return ids[0]


def _record(kind: JudgementKind, a: str, b: str, reason: str | None, db: str | None) -> None:
    from rasd.cli.store import open_store

    with open_store(db) as store:
        try:
            judgement = store.add_judgement(kind, a, b, reason)
        except ValueError as exc:
            error_line(str(exc))
            raise typer.Exit(code=2) from None
    typer.echo(f"judgement {judgement.id}: {kind} {a} {b}" + (f" ({reason})" if reason else ""))


@kb_app.command("merge")
def merge(
    keep: Annotated[str, typer.Argument(help="The entity to keep (id, UN reference or KB name).")],
    other: Annotated[str, typer.Argument(help="The entity that is the same real thing.")],
    reason: Annotated[str | None, typer.Option("--reason", help="Why: kept with the judgement.")] = None,
    db: DbOption = None,
) -> None:
    """Record that two entities are one; applied on reading and on every re-ingestion."""
    _record("merge", _entity_ref(keep, db), _entity_ref(other, db), reason, db)


@kb_app.command("split")
def split(
    entity: Annotated[str, typer.Argument(help="The entity (id, UN reference or KB name).")],
    other: Annotated[
        str, typer.Argument(help="An entity id merged into it by mistake, or a name that is not it.")
    ],
    reason: Annotated[str | None, typer.Option("--reason", help="Why: kept with the judgement.")] = None,
    db: DbOption = None,
) -> None:
    """Record that a merged entity, or a name, is not this entity."""
    _record("split", _entity_ref(entity, db), other, reason, db)


def evaluate(
    un_xml: Annotated[
        Path | None, typer.Option("--un-xml", help="UN list XML for alias→reference pairs.")
    ] = None,
) -> None:
    """Alias-resolution and geocoding accuracy on the built-in evaluation set (plus UN pairs)."""
    from rasd.evaluate.resolve import format_report, run_evaluation

    typer.echo(format_report(run_evaluation(un_xml)))


def register(app: typer.Typer) -> None:
    app.add_typer(kb_app, name="kb")
    command_group(app, "eval", "Evaluate models.").command("resolve")(evaluate)
