"""Shared by the workbench tests (no tests here): a store made as ``make demo`` makes it (``rasd ingest
examples/``) plus one hostile article written here, whose title, text and entity name carry HTML and script."""

from __future__ import annotations

import shutil
from pathlib import Path

from typer.testing import CliRunner

from rasd.cli import app as cli_app
from rasd.record import Document, Entity, Event, EventDate, Geo, Mention, Relation, Span
from rasd.store import Store

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
HOSTILE_TITLE = "<script>alert('title')</script> عنوان"
HOSTILE_NAME = '<img src=x onerror="alert(1)">'
HOSTILE_TEXT = (
    "قال مصدر أمني إن <script>alert('xss')</script> مسلحين هاجموا بلدة تساليت في مالي. "
    'وأضاف أن <img src=x onerror="alert(1)"> نشر رابطًا <a href="javascript:alert(2)">اضغط هنا</a> '
    "في بيان على الإنترنت."
)


def ingest(paths: list[Path], db: str) -> None:
    """``rasd ingest PATHS --db DB``: the command analysts run, judgements applied as it applies them."""
    result = CliRunner().invoke(cli_app, ["ingest", *map(str, paths), "--db", db])
    assert result.exit_code == 0, result.output


def hostile_document() -> Document:
    text = HOSTILE_TEXT
    name_at = text.index("<img")
    place_at = text.index("تساليت")
    hostile = Entity(
        id="org:hostile0001",
        type="ORG",
        name=HOSTILE_NAME,
        mentions=[Mention(start=name_at, end=name_at + len(HOSTILE_NAME), text=HOSTILE_NAME)],
    )
    place = Entity(
        id="loc:tessalit0001",
        type="LOC",
        name="تساليت",
        mentions=[Mention(start=place_at, end=place_at + len("تساليت"), text="تساليت")],
        geo=Geo(lat=20.2, lon=1.0, precision="city"),
    )
    sentence = Span(start=0, end=text.index(".") + 1)
    doc = Document(
        id=Document.text_id(text),
        source="hostile.txt",
        title=HOSTILE_TITLE,
        published="2024-05-01",
        text=text,
        entities=[hostile, place],
    )
    doc.relations.append(
        Relation(type="located_in", subject=hostile.id, object=place.id, evidence=sentence, confidence=0.6)
    )
    doc.events.append(
        Event(
            type="attack",
            acled=None,
            trigger=Mention(start=text.index("هاجموا"), end=text.index("هاجموا") + 6, text="هاجموا"),
            actors=[hostile.id],
            location=place.id,
            geo=place.geo,
            date=EventDate(value="2024-04-30", text="أمس", precision="day"),
            evidence=sentence,
        )
    )
    return doc


def build_demo_store(folder: Path) -> str:
    folder.mkdir(parents=True, exist_ok=True)
    db = str(folder / "demo.db")
    ingest([EXAMPLES], db)
    with Store.open(db) as store:
        store.ingest(hostile_document())
    return db


def copy_store(db: str, folder: Path) -> str:
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / "copy.db"
    shutil.copyfile(db, target)
    return str(target)
