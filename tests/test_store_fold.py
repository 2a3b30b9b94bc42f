"""The cross-article fold kept in the store (rasd.store.fold) gives what the in-memory fold gives.

Every comparison reads the stored documents back (``Store.iter_documents``, judgements applied) and
runs ``merge_events`` / ``find_contradictions`` / ``Knowledge.from_documents`` on them: the stored fold
must be equal, in the same order. Real SQLite and PostgreSQL (``db_url``)."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest
from sqlalchemy import delete, func, select

from conftest import document_with_entities
from rasd.export import Knowledge
from rasd.record import Document, Entity, Event, EventDate, Geo, Mention, Span
from rasd.relate import find_contradictions, merge_events, relate_document
from rasd.store import Store, fold_read, schema

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"
BEL = {"type": "PER", "names": ["مختار بلمختار", "بلمختار"]}
AJDABIYA = {"type": "LOC", "names": ["أجدابيا"], "geo": [30.76, 20.23]}
OUAGA = {"ouaga": {"type": "LOC", "names": ["واغادوغو"]}}

# Short articles from the relate tests: one event in two articles, tolls that disagree, killed vs. alive.
FIXTURES = [
    ("قتل مختار بلمختار في غارة جوية أمريكية استهدفت ليلة السبت مزرعة في مدينة أجدابيا.",
     {"bel": BEL, "ajd": AJDABIYA}, "2015-06-16"),
    ("أكدت الحكومة الليبية أن غارة جوية في أجدابيا يوم السبت استهدفت اجتماعا للمتشددين.",
     {"ajd": AJDABIYA}, "2015-06-15"),
    ("نفذت طائرات غارة جوية في مدينة سرت أمس.",
     {"sirte": {"type": "LOC", "names": ["سرت"], "geo": [31.2, 16.6]}}, "2015-06-14"),
    ("أعلنت حكومة طبرق أن مختار بلمختار قتل في غارة جوية أمريكية في يونيو 2015.", {"bel": BEL}, "2015-06-16"),
    ("ادعى تنظيم المرابطون في بيان أن بلمختار لا زال حيا.", {"bel": BEL}, "2015-07-02"),
    ("قالت تقارير إن مختار بلمختار قتل في غارة. ونفت جماعته ذلك، وأكدت أنه لا زال حيا.", {"bel": BEL}, "2015-07-02"),
    ("قتل ثلاثون شخصا في هجوم على فندق في واغادوغو ليلة الجمعة.", OUAGA, "2016-01-17"),
    ("أسفر الهجوم على فندق في واغادوغو يوم الجمعة عن مقتل 28 شخصا.", OUAGA, "2016-01-17"),
    ("نفى الجيش وقوع هجوم على فندق في واغادوغو يوم الجمعة.", OUAGA, "2016-01-17"),
]  # fmt: skip


def _fixture_documents() -> list[Document]:
    docs = []
    for n, (text, entities, published) in enumerate(FIXTURES):
        doc = document_with_entities(text, entities, published, f"fixture-{n}.txt")
        doc.id = Document.text_id(text)
        relate_document(doc)
        docs.append(doc)
    return docs


def _assert_same_fold(store: Store) -> None:
    docs = list(store.iter_documents())
    for every in (False, True):
        stored = [m.model_dump() for m in fold_read.merged_events(store.engine, include_non_asserted=every)]
        assert stored == [m.model_dump() for m in merge_events(docs, include_non_asserted=every)]
    assert [c.model_dump() for c in fold_read.contradictions(store.engine)] == [
        c.model_dump() for c in find_contradictions(docs)
    ]
    # `rasd events`' order: by date and type, merge_events' order within.
    in_memory = merge_events(docs, include_non_asserted=True)
    in_memory.sort(key=lambda m: (m.date.value if m.date and m.date.value else "", m.type))
    labels = fold_read.event_order(store.engine, include_non_asserted=True)
    assert [m.model_dump() for m in fold_read.events_in(store.engine, labels)] == [
        m.model_dump() for m in in_memory
    ]
    knowledge = Knowledge.from_documents(docs)
    from_store = Knowledge.from_store(store)
    assert [(k, r.entity.model_dump(), r.documents, r.mentions) for k, r in from_store.entities.items()] == [
        (k, r.entity.model_dump(), r.documents, r.mentions) for k, r in knowledge.entities.items()
    ]
    assert from_store.relations == knowledge.relations
    assert [e.model_dump() for e in from_store.events] == [e.model_dump() for e in knowledge.events]
    assert [d.id for d in from_store.documents] == [d.id for d in knowledge.documents]
    fields = ("id", "source", "title", "published", "language", "byline", "outlet", "url", "source_id")
    light = Knowledge.from_store(store, full_documents=False).documents
    assert [[getattr(d, f) for f in fields] for d in light] == [[getattr(d, f) for f in fields] for d in docs]


def _fold_rows(store: Store) -> dict[str, list[tuple]]:
    with store.engine.connect() as conn:
        return {
            t.name: sorted(map(tuple, conn.execute(select(t)).all()), key=repr)
            for t in (*schema.FOLD_TABLES, *schema.FOLD_SHARED_TABLES)
        }


@pytest.mark.skipif(
    not SEEDS.is_dir(), reason="../shared/seeds is not there (CI puts shared/ beside the clone)"
)
def test_seeds_and_fixtures_fold_as_in_memory(db_url, seed_documents):
    with Store.open(db_url) as store:
        for doc in [*seed_documents, *_fixture_documents()]:
            assert store.ingest(doc) == "added"
        _assert_same_fold(store)
        assert any(c.kind == "status" for c in fold_read.contradictions(store.engine))
        before = _fold_rows(store)
        for doc in seed_documents:  # the same input again changes nothing
            assert store.ingest(doc) == "unchanged"
        assert _fold_rows(store) == before


# -- many events built by hand: every blocking key, joins of groups, updates and judgements ------------

_PLACES = {  # id → (name, geo)
    "l-a": ("المدينة", (33.50, 36.30)),
    "l-b": ("الضاحية", (33.55, 36.35)),  # 7 km from l-a
    "l-c": ("البعيدة", (36.20, 37.15)),  # far from both
    "l-d": ("القرية", None),
    "l-e": ("القرية", None),  # another place with the same name
    "l-f": ("الوادي", None),
}
_PEOPLE = ["p-1", "p-2", "p-3", "p-4"]
_DATES = [
    None,
    "",
    "--05",
    "2015",
    "2015-06",
    "2015-06-13",
    "2015-06-14",
    "2015-06-15",
    "2015-06-30",
    "2015-07",
]
_PRECISION = {4: "year", 7: "month", 10: "day"}


def _synthetic(n: int, rng: random.Random, tag: str = "") -> Document:
    text = f"مقال {tag}{n} " + "كلمة " * 120
    entities: dict[str, Entity] = {}
    events = []
    for k in range(rng.randint(1, 4)):
        where = rng.choice([None, *_PLACES])
        who = rng.sample(_PEOPLE, rng.randint(0, 2))
        value = rng.choice(_DATES)
        at = 10 * rng.choice([k, k, 0])  # sometimes two events of one sentence
        events.append(
            Event(
                type=rng.choice(["attack", "airstrike"]),
                acled=None,
                trigger=Mention(start=at, end=at + 4, text=text[at : at + 4]),
                actors=who[:1],
                targets=who[1:],
                location=where,
                geo=Geo(lat=_PLACES[where][1][0], lon=_PLACES[where][1][1]) if where and _PLACES[where][1] else None,
                date=None if value is None else EventDate(value=value, text="x", precision=_PRECISION.get(len(value), "unknown")),
                fatalities=rng.choice([None, None, 3, 5]),
                evidence=Span(start=at, end=at + 9),
                modality=rng.choice(["asserted", "asserted", "asserted", "denied", "planned"]),
            )
        )  # fmt: skip
        for eid in [*who, *([where] if where else [])]:
            name = _PLACES[eid][0] if eid in _PLACES else f"شخص {eid}"
            entities[eid] = Entity(
                id=eid, type="LOC" if eid in _PLACES else "PER", name=name, mentions=[Mention(start=0, end=4, text="مقال")]
            )  # fmt: skip
    return Document(
        id=Document.text_id(text), source=f"s{n}.txt", text=text, published="2015-06-20",
        entities=list(entities.values()), events=events,
    )  # fmt: skip


def test_blocked_incremental_groups_are_the_all_pairs_groups(db_url):
    rng = random.Random(17)
    docs = [_synthetic(n, rng) for n in range(60)]
    with Store.open(db_url) as store:
        for doc in docs:
            store.ingest(doc)
        _assert_same_fold(store)
        # A changed article takes its old reports away (groups may split) and adds the new ones.
        for n in (3, 17, 42):
            changed = _synthetic(n, rng, tag="x")
            changed.id, changed.text = docs[n].id, docs[n].text
            assert store.ingest(changed) == "updated"
        _assert_same_fold(store)
        # Judgements change ids in force: the articles naming them are refolded.
        store.add_judgement("merge", "l-d", "l-f", "one village")
        store.add_judgement("merge", "p-1", "p-3")
        _assert_same_fold(store)
        store.add_judgement("split", "p-1", "p-3")
        _assert_same_fold(store)


def test_a_store_without_its_fold_is_folded_on_first_read(db_url):
    rng = random.Random(4)
    with Store.open(db_url) as store:
        for n in range(12):
            store.ingest(_synthetic(n, rng))
        with store.engine.begin() as conn:  # as a store upgraded from 0002 has it
            for table in (*schema.FOLD_TABLES, *schema.FOLD_SHARED_TABLES):
                conn.execute(delete(table))
        _assert_same_fold(store)
        with store.engine.connect() as conn:
            assert conn.execute(select(func.count()).select_from(schema.fold_docs)).scalar_one() == 12


def test_reading_commands_read_the_fold_and_print_what_the_records_give(sqlite_url, tmp_path):
    """`rasd events / contradictions / export / stats --db` (the stored fold) print what the same
    commands print from the stored records given as JSONL (folded in memory)."""
    from typer.testing import CliRunner

    from rasd.cli import app

    rng = random.Random(8)
    with Store.open(sqlite_url) as store:
        for doc in [*_fixture_documents(), *(_synthetic(n, rng) for n in range(25))]:
            store.ingest(doc)
        records = tmp_path / "records.jsonl"
        records.write_text("".join(d.to_json() + "\n" for d in store.iter_documents()), encoding="utf-8")
    runner = CliRunner()

    def run(*args: str) -> str:
        result = runner.invoke(app, list(args))
        assert result.exit_code == 0, result.output
        return result.stdout

    for command in (
        ["events", "--format", "jsonl"],
        ["events", "--format", "csv", "--all"],
        ["events", "--all", "--min-sources", "2"],
        ["contradictions", "--format", "jsonl"],
        ["contradictions"],
    ):
        stored = run(*command, "--db", sqlite_url)
        assert stored == run(*command, "--jsonl", str(records))
        assert stored.strip()
    for fmt in ("geojson", "acled", "ftm", "graphml"):
        from_store, from_records = tmp_path / f"a.{fmt}", tmp_path / f"b.{fmt}"
        run("export", fmt, "--db", sqlite_url, "--out", str(from_store))
        run("export", fmt, "--jsonl", str(records), "--out", str(from_records))
        assert from_store.read_bytes() == from_records.read_bytes()
    stats = json.loads(run("stats", "--db", sqlite_url, "--json"))
    assert stats["merged_events"] == len(merge_events(Document.from_json(line) for line in records.open()))
