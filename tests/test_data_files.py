"""Every shipped data file has a schema, and every one of them holds to it."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import pytest

from rasd.datafiles import SCHEMAS, TSV_COLUMNS, DataFileError, load_json, read_json, read_tsv

DATA = Path(str(resources.files("rasd.data")))


def _names(suffix: str) -> list[str]:
    return sorted(str(p.relative_to(DATA))[: -len(suffix)] for p in DATA.rglob(f"*{suffix}"))


def test_every_json_file_has_a_schema_and_keeps_it() -> None:
    names = _names(".json")
    assert names and set(names) <= set(SCHEMAS), set(names) - set(SCHEMAS)
    for name in names:
        assert read_json(name)


def test_every_tsv_file_has_its_columns() -> None:
    names = _names(".tsv")
    assert names and set(names) <= set(TSV_COLUMNS), set(names) - set(TSV_COLUMNS)
    for name in names:
        columns = TSV_COLUMNS[name]
        assert all(len(row) == len(columns) for row in read_tsv(name))


def test_loaded_data_cannot_be_changed_by_its_readers() -> None:
    rules = load_json("kb/name_rules")
    with pytest.raises(TypeError):
        rules["proclitics"] = ()  # type: ignore[index]
    assert isinstance(rules["proclitics"], tuple)


def test_a_file_without_a_schema_is_refused_by_name() -> None:
    with pytest.raises(DataFileError, match=r"data/nowhere/nothing\.json: no schema"):
        read_json("nowhere/nothing")
