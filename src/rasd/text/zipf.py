"""How common a word is (wordfreq's Zipf scale) without loading wordfreq for plain words.

wordfreq costs about half a second before it answers once: its imports (langcodes, ftfy, regex) and
the Arabic list (620,000 words, unpacked into a dict). Nearly every word rasd asks about is plain
letters (Arabic, or ASCII), and for those wordfreq's answer is simply the frequency band its list
puts the word in (its normalisation and tokenisation leave such a word as it is; ASCII is
lower-cased). So the Arabic list is kept as one compact sorted file, looked up by binary search,
read at once (no objects built) and shared by forked workers: ``zipf_frequency(word, "ar")``. Any
other word, or language, is asked of wordfreq itself, so every answer is wordfreq's
(``tests/test_text_zipf.py`` compares them on real news).

The file is built from the installed wordfreq's own data, by ``rasd build frequencies`` or on the
first use, into ``$RASD_CACHE_DIR`` (default ``~/.cache/rasd``); it is named for wordfreq's version,
so an upgrade rebuilds it. Nothing is downloaded.
"""

from __future__ import annotations

import math
import os
import re
import sys
import tempfile
from dataclasses import dataclass
from functools import lru_cache
from importlib.metadata import version
from pathlib import Path

_MAGIC = b"rasd-zipf 1\n"
# Words whose wordfreq look-up is the word itself: Arabic letters only (no marks, no tatweel, no
# digits), or ASCII letters only (which wordfreq lower-cases). Words split by single spaces are
# wordfreq's tokens, whose frequencies it combines.
_PLAIN_WORD = re.compile(r"[\u0621-\u063a\u0641-\u064a]+|[A-Za-z]+")
_PLAIN_ARABIC = re.compile(r"[\u0621-\u063a\u0641-\u064a]+")
# wordfreq's frequency for a word it does not know, when asked for a Zipf value (Zipf 0).
_MINIMUM = 1e-9


@dataclass(frozen=True)
class ZipfTable:
    """One language's list: words sorted by their UTF-8 bytes, each with its Zipf value."""

    words: bytes  # the words, back to back
    offsets: memoryview  # uint32: where word i starts in ``words``; one more for the end
    bands: memoryview  # uint16: word i's band (centibels below 1)
    zipf_of_band: tuple[float, ...]

    def __len__(self) -> int:
        return len(self.bands)

    def band(self, word: str) -> int | None:
        key = word.encode("utf-8")
        words, offsets = self.words, self.offsets
        low, high = 0, len(self.bands)
        while low < high:
            middle = (low + high) // 2
            if words[offsets[middle] : offsets[middle + 1]] < key:
                low = middle + 1
            else:
                high = middle
        if low < len(self.bands) and words[offsets[low] : offsets[low + 1]] == key:
            return int(self.bands[low])
        return None

    def zipf(self, word: str) -> float:
        band = self.band(word)
        return 0.0 if band is None else self.zipf_of_band[band]

    def zipf_of_tokens(self, tokens: list[str]) -> float:
        """Several tokens' frequencies combined as wordfreq combines them (1/f = 1/f1 + 1/f2 …)."""
        if len(tokens) == 1:
            return self.zipf(tokens[0])
        one_over = 0.0
        for token in tokens:
            band = self.band(token)
            if band is None:
                return 0.0
            one_over += 1.0 / 10 ** (-band / 100)
        return _zipf_of_frequency(1.0 / one_over)


def zipf_frequency(word: str, lang: str) -> float:
    """``wordfreq.zipf_frequency(word, lang)``, from the compact table for plain Arabic words."""
    if lang == "ar":
        tokens = word.split(" ")
        if all(_PLAIN_WORD.fullmatch(token) for token in tokens):
            return _table("ar").zipf_of_tokens([token.lower() for token in tokens])
    return _wordfreq_zipf(word, lang)


@lru_cache(maxsize=65536)
def _wordfreq_zipf(word: str, lang: str) -> float:
    from wordfreq import zipf_frequency as wordfreq_zipf

    return float(wordfreq_zipf(word, lang))


@lru_cache(maxsize=4)
def _table(lang: str) -> ZipfTable:
    """The shipped list of ``lang``, read from the cache (built there first when missing)."""
    path = table_path(lang)
    try:
        return read_table(path.read_bytes())
    except (OSError, ValueError):
        pass
    data = table_bytes(lang)
    try:
        write_table(path, data)
    except OSError as exc:  # a read-only home: the table is still built, each time
        print(f"rasd: note: cannot keep the word-frequency table in {path.parent}: {exc}", file=sys.stderr)
    return read_table(data)


def table_path(lang: str) -> Path:
    cache = Path(os.environ.get("RASD_CACHE_DIR") or Path.home() / ".cache" / "rasd")
    return cache / f"zipf-{lang}-wordfreq-{version('wordfreq')}.bin"


def table_bytes(lang: str) -> bytes:
    """The table of ``lang`` built from the installed wordfreq's list (about 2 s for Arabic)."""
    from wordfreq import get_frequency_list
    from wordfreq import zipf_frequency as wordfreq_zipf

    banded = sorted(
        (word.encode("utf-8"), band)
        for band, words in enumerate(get_frequency_list(lang, "best"))
        for word in words
    )
    offsets = [0]
    for word, _ in banded:
        offsets.append(offsets[-1] + len(word))
    bands = len(get_frequency_list(lang, "best"))
    # Each band's Zipf value as wordfreq computes it (a frequency rounded to 3 significant
    # digits, then to hundredths of a Zipf unit); checked against wordfreq on a word of the band.
    zipfs = [_zipf_of_frequency(10 ** (-band / 100)) for band in range(bands)]
    for word, band in banded[:: max(1, len(banded) // 50)]:
        text = word.decode("utf-8")
        if _PLAIN_ARABIC.fullmatch(text) and wordfreq_zipf(text, lang) != zipfs[band]:
            raise ValueError(f"wordfreq's Zipf value for band {band} is not {zipfs[band]}")
    header = f"{len(banded)} {bands} {' '.join(map(repr, zipfs))}\n"
    return b"".join(
        [
            _MAGIC,
            header.encode("ascii"),
            _array("I", offsets),
            _array("H", [band for _, band in banded]),
            b"".join(word for word, _ in banded),
        ]
    )


def _zipf_of_frequency(freq: float) -> float:
    """As wordfreq rounds: the frequency to 3 significant digits, then Zipf to hundredths."""
    unrounded = max(freq, _MINIMUM)
    rounded = round(unrounded, math.floor(-math.log(unrounded, 10)) + 3)
    return round(math.log(rounded, 10) + 9, 2)


def _array(code: str, values: list[int]) -> bytes:
    from array import array

    packed = array(code, values)
    if sys.byteorder != "little":
        packed.byteswap()
    return packed.tobytes()


def read_table(data: bytes) -> ZipfTable:
    if not data.startswith(_MAGIC):
        raise ValueError("not a rasd word-frequency table")
    header_end = data.index(b"\n", len(_MAGIC))
    count_text, _bands, *zipfs = data[len(_MAGIC) : header_end].decode("ascii").split()
    count = int(count_text)
    start = header_end + 1
    offsets = memoryview(data)[start : start + 4 * (count + 1)].cast("I")
    start += 4 * (count + 1)
    bands = memoryview(data)[start : start + 2 * count].cast("H")
    start += 2 * count
    if sys.byteorder != "little" or len(data) - start != offsets[count]:
        raise ValueError("a truncated word-frequency table")
    return ZipfTable(data[start:], offsets, bands, tuple(float(z) for z in zipfs))


def write_table(path: Path, data: bytes) -> None:
    """Written beside the target and moved into place: readers never see half a table."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=path.parent, prefix=path.name, delete=False) as handle:
        handle.write(data)
    Path(handle.name).replace(path)
