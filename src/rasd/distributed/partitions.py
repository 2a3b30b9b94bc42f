"""Inputs split into partitions, and the reader of one partition.

A partition is a group of whole files, or one byte range of a big JSONL file. Files are found as a
one-process ingest finds them (``rasd.read.files``: folders walked in sorted order, hidden entries
skipped, a file reached twice read once), and each article keeps the source name it has there
(``corpus.jsonl#1234``), so a document's sources do not depend on the engine.

A range starts at the first line that begins at or after its start offset and takes every line
that begins before its end: the line that straddles a cut belongs to the range it begins in. The
planner reads a big JSONL once, sequentially, to put the cuts on line starts and number the lines
(the worker then reads only its range); it reads nothing else. Workers open files by their absolute
path: on a cluster the inputs must be at the same path on every worker (a shared file system).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, cast

from rasd.read import RawArticle, ReadError
from rasd.read.decode import DecodeError, decode
from rasd.read.files import (
    _JSONL_SAMPLE,
    JSONL_SUFFIXES,
    MAX_FILE_BYTES,
    _arabic_enough,
    _decoded_lines,
    input_files,
    read_file,
)
from rasd.read.records import FieldMap, articles_from_json_lines

# A range is at most this big (about 2,000 news articles), and no smaller than MIN_RANGE_BYTES (or
# the range size asked for, when smaller).
DEFAULT_RANGE_BYTES = 8 * 1024 * 1024
MIN_RANGE_BYTES = 256 * 1024
# Small files are grouped: one task per file would cost the scheduler more than the analysis.
FILES_PER_PARTITION = 16
# A big file is cut into at least this many ranges per worker, so that none waits at the end.
RANGES_PER_WORKER = 4
_CHUNK = 1024 * 1024


@dataclass(frozen=True, slots=True)
class Piece:
    """A whole file (``end`` None, read by ``rasd.read.read_file``) or a byte range of a JSONL file."""

    path: str  # what the worker opens: absolute, symlinks resolved
    name: str  # the file as the user named it: sources are named from it
    start: int = 0
    end: int | None = None
    first_line: int = 1  # the number of the range's first line in the file
    encoding: str | None = None  # a range's encoding, detected once from the file's head

    @property
    def label(self) -> str:
        if self.end is None:
            return self.name
        return f"{self.name} bytes {self.start}-{self.end} (from line {self.first_line})"


@dataclass(frozen=True, slots=True)
class Partition:
    index: int
    pieces: tuple[Piece, ...]
    size: int  # bytes, for the progress line

    @property
    def label(self) -> str:
        more = len(self.pieces) - 1
        first = self.pieces[0].label
        return f"{first} and {more} other file{'s' * (more > 1)}" if more else first


def plan(
    paths: Iterable[str | Path],
    *,
    workers: int = 1,
    range_bytes: int = DEFAULT_RANGE_BYTES,
    files_per_partition: int = FILES_PER_PARTITION,
) -> Iterator[Partition | ReadError]:
    """Partitions of ``paths`` in input order (lazily: a million files are never all in memory), and
    a ``ReadError`` for a path that does not exist, as ``rasd.read.iter_articles`` reports it."""
    group: list[Piece] = []
    group_size = 0
    index = 0

    def flush() -> Iterator[Partition]:
        nonlocal group, group_size, index
        if group:
            yield Partition(index, tuple(group), group_size)
            index += 1
            group, group_size = [], 0

    for item in input_files(paths):
        if isinstance(item, ReadError):
            yield item
            continue
        if isinstance(item, RawArticle):  # only paths reach the partitioner
            continue
        file, real = item
        size = _size(file)
        ranges = _ranges(file, real, size, workers, range_bytes)
        if ranges:
            yield from flush()
            for piece in ranges:
                yield Partition(index, (piece,), (piece.end or 0) - piece.start)
                index += 1
            continue
        group.append(Piece(str(real), str(file)))
        group_size += size
        if len(group) >= files_per_partition or group_size >= range_bytes:
            yield from flush()
    yield from flush()


def _size(file: Path) -> int:
    try:
        return file.stat().st_size
    except OSError:
        return 0  # the reader says why


def _ranges(file: Path, real: Path, size: int, workers: int, range_bytes: int) -> list[Piece]:
    """The ranges of a JSONL file worth splitting; [] for one read whole (small, not a regular file,
    unreadable, or in UTF-16/32, where a newline byte is not a line end)."""
    smallest = min(MIN_RANGE_BYTES, range_bytes)
    if file.suffix.lower() not in JSONL_SUFFIXES or size < 2 * smallest or not file.is_file():
        return []
    parts = max(math.ceil(size / range_bytes), min(RANGES_PER_WORKER * workers, size // smallest))
    try:
        with file.open("rb") as handle:
            encoding = _encoding(handle)
            if encoding is None:
                return []
            handle.seek(0)
            cuts = _line_starts(handle, [size * k // parts for k in range(1, parts)])
    except OSError:
        return []
    bounds = [(0, 1), *cuts]
    ends = [start for start, _ in cuts] + [size]
    return [
        Piece(str(real), str(file), start, end, line, encoding)
        for (start, line), end in zip(bounds, ends, strict=True)
        if end > start
    ]


def _encoding(handle: BinaryIO) -> str | None:
    """The file's encoding from its head, as the one-process reader detects it; None when the file
    is better read whole (empty, undecodable, or UTF-16/32)."""
    sample = handle.read(_JSONL_SAMPLE)
    if not sample.strip():
        return None
    cut = sample.rfind(b"\n") if len(sample) == _JSONL_SAMPLE else -1
    try:
        encoding = decode(sample[: cut + 1] if cut > 0 else sample).encoding
    except DecodeError:
        return None
    return None if encoding.startswith(("utf-16", "utf-32")) else encoding


def _line_starts(handle: BinaryIO, targets: list[int]) -> list[tuple[int, int]]:
    """For each target offset (ascending), the offset and number of the first line that begins at
    or after it; targets that fall on the same line start give it once. One sequential read."""
    cuts: list[tuple[int, int]] = []
    pending = iter(targets)
    target = next(pending, None)
    position = newlines = 0  # the chunk's offset in the file; newlines before it
    while target is not None:
        chunk = handle.read(_CHUNK)
        if not chunk:
            break
        while target is not None:
            # A line begins at o when o is 0 or byte o-1 is a newline.
            at = chunk.find(b"\n", max(target - 1 - position, 0))
            if at < 0:
                break
            cut = position + at + 1
            cuts.append((cut, newlines + chunk.count(b"\n", 0, at) + 2))
            while target is not None and target <= cut:
                target = next(pending, None)
        newlines += chunk.count(b"\n")
        position += len(chunk)
    return cuts


def read_partition(
    partition: Partition, *, max_bytes: int = MAX_FILE_BYTES, fields: FieldMap | None = None
) -> Iterator[RawArticle | ReadError]:
    """The articles and errors of a partition, named as a one-process ingest names them."""
    for piece in partition.pieces:
        yield from read_piece(piece, max_bytes=max_bytes, fields=fields)


def read_piece(
    piece: Piece, *, max_bytes: int = MAX_FILE_BYTES, fields: FieldMap | None = None
) -> Iterator[RawArticle | ReadError]:
    if piece.end is None:
        items = read_file(Path(piece.path), max_bytes=max_bytes, fields=fields)
    else:
        items = _read_range(piece, max_bytes, fields)
    for item in items:
        yield _renamed(item, piece.path, piece.name)


def _read_range(piece: Piece, max_bytes: int, fields: FieldMap | None) -> Iterator[RawArticle | ReadError]:
    assert piece.end is not None and piece.encoding is not None
    source = piece.path
    shift = piece.first_line - 1  # the reader numbers lines from 1
    replaced: dict[int, int] = {}
    try:
        with open(piece.path, "rb") as handle:
            # _decoded_lines only iterates over what it is given: the range's lines, not the whole file.
            in_range = cast(BinaryIO, _range_lines(handle, piece.start, piece.end))
            lines = _decoded_lines(in_range, piece.encoding, max_bytes, source, replaced)
            numbered = ((number + shift, line) for number, line in lines)
            for item in articles_from_json_lines(numbered, source, piece.encoding, fields):
                if isinstance(item, RawArticle):
                    item.replaced = replaced.get(int(item.source.rpartition("#")[2]) - shift, 0)
                    yield _arabic_enough(item)
                else:
                    yield item
    except OSError as exc:
        yield ReadError(piece.name, f"cannot read ({exc.strerror or type(exc).__name__})")


def _range_lines(handle: BinaryIO, start: int, end: int) -> Iterator[bytes]:
    """The lines that begin in [start, end)."""
    position = start
    if start > 0:
        handle.seek(start - 1)
        position += len(handle.readline()) - 1  # the end of a line begun before: the previous range's
    while position < end:
        line = handle.readline()
        if not line:
            return
        position += len(line)
        yield line


def _renamed(item: RawArticle | ReadError, path: str, name: str) -> RawArticle | ReadError:
    if path == name or not item.source.startswith(path):
        return item
    source = name + item.source[len(path) :]
    if isinstance(item, ReadError):
        return ReadError(source, item.reason)
    item.source = source
    return item
