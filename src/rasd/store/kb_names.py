"""The knowledge base's names, for search: which entities a query names, and their other names,
without building the knowledge base on every `rasd search`.

Building it (curated entities, places, the UN list, every name's key) costs about 0.25 s of imports
and work, most of a search command. So the names are kept as one small JSON file in
``$RASD_CACHE_DIR`` (default ``~/.cache/rasd``), built from the knowledge base on first use and
named for a fingerprint of everything it is built from: the shipped data, the analyst's KB folder,
the code that loads it and computes name keys, and babel (country names). A change to any of them
builds a new one, so answers are always those of ``KnowledgeBase.find``
(``tests/test_store_kb_names.py`` compares them).

A query is looked up by its name key. Working the key out needs the name rules (and pydantic), so
the file also maps every name's plain normalised words to its key: a query written as the
knowledge base writes some name (after normalisation) needs no more; any other is keyed by
``name_key`` itself.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import sys
import tempfile
from dataclasses import dataclass
from importlib.util import find_spec
from pathlib import Path

import rasd
from rasd.text import normalize

_FORMAT = "rasd-kb-names 1"
_WORD = re.compile(r"\w+")  # as rasd.kb.names tokenises, before its folding


@dataclass(frozen=True)
class NamedEntity:
    id: str
    names: tuple[str, ...]  # every name, in the knowledge base's order


class KBNames:
    """``find`` as ``KnowledgeBase.find`` answers it, from the names file."""

    def __init__(self, data: dict[str, object]) -> None:
        self._names: dict[str, list[str]] = data["names"]  # type: ignore[assignment]
        self._un: dict[str, str] = data["un"]  # type: ignore[assignment]
        self._keys: dict[str, list[str]] = data["keys"]  # type: ignore[assignment]
        self._plain: dict[str, str] = data["plain"]  # type: ignore[assignment]

    def find(self, name_or_id: str) -> list[NamedEntity]:
        if name_or_id in self._names:
            return [self._entity(name_or_id)]
        if name_or_id in self._un:
            return [self._entity(self._un[name_or_id])]
        key = self._plain.get(_plain(name_or_id))
        if key is None:
            from rasd.kb.names import name_key

            key = name_key(name_or_id)
        return [self._entity(i) for i in self._keys.get(key, [])]

    def _entity(self, entity_id: str) -> NamedEntity:
        return NamedEntity(entity_id, tuple(self._names[entity_id]))


def load_kb_names() -> KBNames:
    """The names file for the knowledge base as it is now (built first when missing)."""
    path = names_path()
    try:
        data = json.loads(path.read_text("utf-8"))
        if data.get("format") == _FORMAT:
            return KBNames(data)
    except (OSError, ValueError):
        pass
    data = build_names()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=path.parent, delete=False) as tmp:
            json.dump(data, tmp, ensure_ascii=False, separators=(",", ":"))
        os.replace(tmp.name, path)  # whole or not at all: another search may be reading it
    except OSError as exc:  # a read-only home: the names are still found, by building the KB each time
        print(f"rasd: note: cannot keep the knowledge base's names in {path.parent}: {exc}", file=sys.stderr)
    return KBNames(data)


def build_names() -> dict[str, object]:
    """The names file's content, from the knowledge base."""
    from rasd.kb import build_knowledge_base

    kb = build_knowledge_base()
    plain: dict[str, str] = {}
    for ent in kb.entities.values():
        for name in ent.names:
            plain.setdefault(_plain(name), _key(name))
    return {
        "format": _FORMAT,
        "names": {eid: list(ent.names) for eid, ent in kb.entities.items()},
        "un": dict(kb.by_un_ref),
        "keys": {key: [eid for eid, _ in holders] for key, holders in kb.index.items()},
        "plain": plain,
    }


def names_path() -> Path:
    cache = Path(os.environ.get("RASD_CACHE_DIR") or Path.home() / ".cache" / "rasd")
    return cache / f"kb-names-{fingerprint()}.json"


def fingerprint() -> str:
    """Size and time of change of every file the names come from (a few dozen stat calls)."""
    package = Path(rasd.__file__).parent
    files = [package / "datafiles.py", *sorted((package / "kb").glob("*.py"))]
    files += sorted((package / "text").glob("*.py"))
    files += sorted(p for d in ("kb", "geo") for p in (package / "data" / d).iterdir() if p.is_file())
    # As rasd.kb.loader.user_kb_dir (not imported: it loads babel and pydantic).
    user = Path(os.environ.get("RASD_KB_DIR") or Path.home() / ".local" / "share" / "rasd" / "kb")
    files += sorted(user.glob("*.json")) if user.is_dir() else []
    babel = find_spec("babel")
    files += [Path(babel.origin)] if babel is not None and babel.origin else []
    digest = hashlib.sha1(_FORMAT.encode())
    for path in files:
        stat = path.stat()
        digest.update(f"{path}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()[:16]


def _plain(text: str) -> str:
    return " ".join(_WORD.findall(normalize(text)))


def _key(name: str) -> str:
    from rasd.kb.names import name_key

    return name_key(name)
