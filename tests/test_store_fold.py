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
from rasd.relate.across import _group
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


_PUBLISHED = [None, "2015-06-14", "2015-06-16", "2015-06-17", "2015-06-20", "2015-07-02"]


def _synthetic(n: int, rng: random.Random, tag: str = "", published: str | None = "2015-06-20") -> Document:
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
        id=Document.text_id(text), source=f"s{n}.txt", text=text, published=published,
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


def _groups(store: Store) -> set[frozenset[tuple[str, int]]]:
    """The stored merged events (every modality) as sets of (article, evidence start): no order."""
    return {
        frozenset((s.document, s.evidence.start) for s in m.sources)
        for m in fold_read.merged_events(store.engine, include_non_asserted=True)
    }


def test_any_arrival_order_gives_the_all_pairs_groups(db_url):
    """Undated reports dated by their article's publication window, coarse dates, several orders of
    arrival: each store equals the in-memory fold, and all hold the same groups."""
    rng = random.Random(29)
    docs = [_synthetic(n, rng, published=rng.choice(_PUBLISHED)) for n in range(70)]
    seen = []
    for order in range(3):
        shuffled = docs[:] if order == 0 else rng.sample(docs, len(docs))
        with Store.open(db_url) as store:
            with store.engine.begin() as conn:  # one database per test: empty it between orders
                for table in (*schema.FOLD_TABLES, *schema.FOLD_SHARED_TABLES, schema.documents):
                    conn.execute(delete(table))
            for doc in shuffled:
                store.ingest(doc)
            _assert_same_fold(store)
            seen.append(_groups(store))
            if order == 2:  # changed articles, then judgements, with floating reports about
                for n in (5, 30, 61):
                    changed = _synthetic(n, rng, tag="y", published=rng.choice(_PUBLISHED))
                    changed.id, changed.text = docs[n].id, docs[n].text
                    assert store.ingest(changed) == "updated"
                _assert_same_fold(store)
                store.add_judgement("merge", "p-2", "p-4")
                _assert_same_fold(store)
    assert seen[0] == seen[1] == seen[2]
    assert len(seen[0]) < sum(len(d.events) for d in docs)  # reports did merge


def _report(
    n: int, date: str | None, published: str | None, where: str | None = "l-d", who: str = ""
) -> Document:
    text = f"تقرير {n} " + "كلمة " * 20
    event = Event(
        type="attack", acled=None, trigger=Mention(start=0, end=4, text=text[:4]), actors=[who] if who else [],
        location=where, date=None if date is None else EventDate(value=date, text="x", precision=_PRECISION.get(len(date), "unknown")),
        evidence=Span(start=0, end=9),
    )  # fmt: skip
    entities = [Entity(id=e, type="LOC" if e in _PLACES else "PER", name=_PLACES[e][0] if e in _PLACES else e,
                       mentions=[Mention(start=0, end=4, text=text[:4])]) for e in (where, who) if e]  # fmt: skip
    return Document(
        id=Document.text_id(text), source=f"r{n}.txt", text=text, published=published, entities=entities, events=[event]
    )  # fmt: skip


def test_coarse_and_undated_reports_never_bridge_two_events(db_url):
    """Two attacks in one village ten days apart stay two events, whatever reports arrive between them:
    «June 2015» fits both (it joins neither), an undated report of 12 June fits the first alone (it
    joins it), an undated report in an undated article joins nothing, and undated reports of one
    publication day with no dated report join each other only."""
    docs = [
        _report(0, "2015-06-10", "2015-06-11"),
        _report(1, "2015-06-20", "2015-06-21"),
        _report(2, "2015-06", "2015-06-25"),  # fits both: kept apart
        _report(3, None, "2015-06-12"),  # window 9–12 June: the first
        _report(4, None, None),  # no date at all
        _report(5, "2015", "2015-12-30"),  # fits both: kept apart
        _report(6, "2015-06-11", "2015-06-12"),  # a day after the first: the same event
        _report(7, None, "2015-08-01"),  # no dated report in its window
        _report(8, None, "2015-08-01", where=None, who="p-1"),  # no place: linked by nothing here
        _report(9, None, "2015-08-01", where="l-a"),  # another village
        _report(10, None, "2015-08-01"),  # the same day and village as 7
        _report(11, None, "2015-08-03"),  # another day: not 7's
        _report(12, "2016-03", "2016-04-01"),  # no day-dated report that month: alone
    ]
    expected = {
        frozenset({0, 3, 6}), frozenset({1}), frozenset({2}), frozenset({4}), frozenset({5}),
        frozenset({7, 10}), frozenset({8}), frozenset({9}), frozenset({11}), frozenset({12}),
    }  # fmt: skip
    ids = {d.id: int(d.source[1:].split(".")[0]) for d in docs}
    for order in (docs, docs[::-1], [docs[k] for k in (2, 5, 3, 0, 12, 1, 4, 6, 11, 10, 9, 8, 7)]):
        groups = {
            frozenset(ids[d.id] for d, _ev in g)
            for g in _group([(d, d.events[0]) for d in order], same_modality=True)
        }
        assert groups == expected
        with Store.open(db_url) as store:
            with store.engine.begin() as conn:
                for table in (*schema.FOLD_TABLES, *schema.FOLD_SHARED_TABLES, schema.documents):
                    conn.execute(delete(table))
            for doc in order:
                store.ingest(doc)
            _assert_same_fold(store)
            assert {frozenset(ids[d] for d, _start in g) for g in _groups(store)} == expected
    # Day-dated reports on every day between the two join them (days chain a day at a time): then
    # «June 2015» and «2015» fit one event and join it. Taking those reports away splits it again.
    with Store.open(db_url) as store:
        between = [_report(13 + k, f"2015-06-{12 + k:02d}", "2015-06-30") for k in range(8)]
        for doc in between:
            ids[doc.id] = int(doc.source[1:].split(".")[0])
            store.ingest(doc)
        _assert_same_fold(store)
        assert any({0, 1, 2, 3, 5, 6} <= {ids[d] for d, _s in g} for g in _groups(store))
        for doc in between:
            assert store.ingest(doc.model_copy(update={"events": []})) == "updated"
        _assert_same_fold(store)
        assert {frozenset(ids[d] for d, _s in g) for g in _groups(store)} == expected


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


def test_a_store_folded_under_the_old_rule_is_folded_again_after_0006(db_url):
    """Migration 0006 empties a fold kept under the rule that bridged; the first read folds again."""
    from importlib.resources import as_file, files

    from alembic import command
    from alembic.config import Config
    from sqlalchemy import text, update

    rng = random.Random(6)
    with Store.open(db_url) as store:
        for n in range(15):
            store.ingest(_synthetic(n, rng, published=rng.choice(_PUBLISHED)))
        with as_file(files("rasd.store") / "migrations") as location, store.engine.begin() as conn:
            config = Config()
            config.set_main_option("script_location", str(location))
            config.attributes["connection"] = conn
            command.downgrade(config, "0006")  # the extraction's tables as they were before 0007
            # as 0005 left it: other groups, and at revision 0005 (0006 changed the fold's indexes only)
            conn.execute(update(schema.fold_items).values(egroup=1))
            conn.execute(text("UPDATE alembic_version SET version_num = '0005'"))
    with Store.open(db_url) as store:
        with store.engine.connect() as conn:
            assert conn.execute(select(func.count()).select_from(schema.fold_items)).scalar_one() == 0
        _assert_same_fold(store)
