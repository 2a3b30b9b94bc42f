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
