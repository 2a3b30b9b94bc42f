"""The package's layout holds: runtime stages import no tooling, and packages import each other in one
direction only (no cycles)."""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src" / "rasd"
RUNTIME = {
    "read",
    "clean",
    "recognise",
    "resolve",
    "relate",
    "kb",
    "text",
    "record",
    "datafiles",
    "resources",
}
TOOLING = {"evaluate", "train", "build", "cli"}


def _imports() -> dict[str, set[str]]:
    """Top-level package (or module) of rasd → the ones it imports, function-level imports included."""
    edges: dict[str, set[str]] = defaultdict(set)
    for path in SRC.rglob("*.py"):
        rel = path.relative_to(SRC).parts
        here = rel[0].removesuffix(".py")
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("rasd."):
                there = node.module.split(".")[1]
                if there != here:
                    edges[here].add(there)
    return edges


def test_runtime_code_imports_no_tooling() -> None:
    edges = _imports()
    assert {name: edges[name] & TOOLING for name in RUNTIME if edges[name] & TOOLING} == {}


def test_packages_import_each_other_in_one_direction() -> None:
    edges = _imports()
    assert [(a, b) for a in edges for b in edges[a] if a in edges.get(b, set())] == []


# Return types a module-level memoised function may have: immutable values only, so that what one
# caller does to a result can never change what the next one gets (issue 16). Loaded resources that can
# change (the knowledge base, the gazetteer, models) live on ``rasd.resources.Resources`` instead.
_IMMUTABLE_NAMES = {
    "str",
    "int",
    "float",
    "bool",
    "bytes",
    "None",
    "tuple",
    "frozenset",
    "Mapping",  # built as MappingProxyType (rasd.datafiles.load_json freezes what it reads)
    "Sequence",
    "Any",  # the JSON leaves under a frozen Mapping
    "Callable",
    "Pattern",
    "Match",
    "date",
    "re",
    "KeyedPattern",  # compiled patterns in a tuple, with __slots__ (rasd.relate.matching)
}
_MUTABLE = {
    "dict",
    "list",
    "set",
    "Dict",
    "List",
    "Set",
    "defaultdict",
    "Counter",
    "OrderedDict",
    "bytearray",
}


def _cached_functions() -> list[tuple[str, ast.FunctionDef]]:
    found = []
    for path in SRC.rglob("*.py"):
        tree = ast.parse(path.read_text("utf-8"))
        for node in tree.body:  # module level only: methods' caches die with their object
            if isinstance(node, ast.FunctionDef) and any(
                "cache" in ast.unparse(d) for d in node.decorator_list
            ):
                found.append((f"{path.relative_to(SRC)}:{node.lineno} {node.name}", node))
    return found


def _frozen_dataclasses() -> set[str]:
    names = set()
    for path in SRC.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.ClassDef) and any(
                "dataclass" in ast.unparse(d) and "frozen=True" in ast.unparse(d) for d in node.decorator_list
            ):
                names.add(node.name)
    return names


def _type_names(node: ast.expr) -> set[str]:
    """The names a return annotation is built of; a ``Callable[...]``'s signature is not data held."""
    if isinstance(node, ast.Subscript) and ast.unparse(node.value) == "Callable":
        return {"Callable"}
    if isinstance(node, ast.Name):
        return {node.id}
    if isinstance(node, ast.Attribute):
        return {node.attr}
    return set().union(*(_type_names(c) for c in ast.iter_child_nodes(node) if isinstance(c, ast.expr)))


def test_module_level_caches_hold_only_immutable_data() -> None:
    allowed = _IMMUTABLE_NAMES | _frozen_dataclasses()
    cached = _cached_functions()
    assert cached, "the scan found no memoised functions at all: is SRC right?"
    bad = []
    for where, fn in cached:
        if fn.returns is None:
            bad.append(f"{where}: no return annotation")
            continue
        names = _type_names(fn.returns)
        if names & _MUTABLE or not names <= allowed:
            bad.append(f"{where} -> {ast.unparse(fn.returns)}")
    assert bad == []
