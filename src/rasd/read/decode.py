"""Bytes → text, with the encoding detected from the bytes themselves (never from the file name).

Order matters for speed and for correctness: byte-order marks first, then BOM-less UTF-16 (which
can pass as "valid" UTF-8 full of control characters), then strict UTF-8 (nearly every file, and
cheap), then UTF-8 with a few stray bytes (a scraper's glitch: each invalid sequence is replaced by
U+FFFD and counted, up to one per thousand bytes), and only then charset-normalizer for legacy code
pages such as windows-1256 (whose Arabic is invalid UTF-8 byte after byte, far above that share).
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

import charset_normalizer

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# In UTF-16 text of Arabic or Latin script, one byte of every pair is the "page" byte: 0x00
# (ASCII, spaces) or 0x06 (the Arabic block). Its parity tells the byte order.
_UTF16_PAGE_BYTES = frozenset({0x00, 0x06})
_SAMPLE = 4096
# Control characters other than tab/newline/carriage return/form feed mean "not text".
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_MAX_CONTROL_RATIO = 0.01
_MIN_OWN_SCRIPT_RATIO = 0.8  # share of letters that must be Arabic or Latin


_REPLACEMENT = "\ufffd"
_REPLACEMENT_UTF8 = _REPLACEMENT.encode("utf-8")
_MAX_REPLACED_SHARE = 1000  # at most one replaced sequence per this many bytes
_MIN_REPLACED_ALLOWED = 4


class DecodeError(ValueError):
    """The bytes are not text we can read; the message is the reason shown to the user."""


@dataclass(frozen=True, slots=True)
class Decoded:
    text: str
    encoding: str
    replaced: int = 0  # invalid byte sequences replaced by U+FFFD


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Return ``(text, encoding)``; raise ``DecodeError`` for binary or undecodable bytes."""
    decoded = decode(data)
    return decoded.text, decoded.encoding


def decode(data: bytes) -> Decoded:
    """The text, its encoding and how many invalid sequences were replaced; ``DecodeError`` for
    binary or undecodable bytes."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            if encoding == "utf-8":
                return _utf8(data[len(bom) :]) or Decoded(_strict(data[len(bom) :], encoding), encoding)
            return Decoded(_strict(data[len(bom) :], encoding), encoding)
    utf16 = _utf16_byte_order(data)
    if utf16 is not None:
        try:
            return Decoded(_checked(data.decode(utf16)), utf16)
        except (UnicodeDecodeError, DecodeError):
            pass
    nuls = data.count(b"\x00")
    if nuls > len(data) // _MAX_REPLACED_SHARE:
        raise DecodeError("binary file (contains NUL bytes), not text")
    if nuls:  # a stray NUL in a long text (a scraper's glitch): replaced and counted like bad bytes
        data = data.replace(b"\x00", _REPLACEMENT_UTF8)
    utf8 = _utf8(data)
    if utf8 is not None and nuls:
        return Decoded(utf8.text, utf8.encoding, utf8.replaced + nuls)
    if utf8 is not None:
        return utf8
    match = charset_normalizer.from_bytes(data).best()
    if match is None:
        raise DecodeError("undecodable bytes (no text encoding fits them)")
    return Decoded(_checked(str(match), match.encoding, guessed=True), match.encoding)


def _utf8(data: bytes) -> Decoded | None:
    """UTF-8, with a few invalid sequences replaced (and counted); None when it is not UTF-8."""
    try:
        return Decoded(_checked(data.decode("utf-8")), "utf-8")
    except UnicodeDecodeError as exc:
        if exc.reason == "unexpected end of data" and exc.start >= len(data) - 3:
            # A download cut inside the last character: keep everything before it.
            try:
                return Decoded(_checked(data[: exc.start].decode("utf-8")), "utf-8")
            except UnicodeDecodeError:
                pass
    # One pass: each maximal invalid sequence becomes one U+FFFD (U+FFFD already in the text is not
    # counted).
    text = data.decode("utf-8", errors="replace")
    replaced = text.count(_REPLACEMENT) - data.count(_REPLACEMENT_UTF8)
    if replaced > max(_MIN_REPLACED_ALLOWED, len(data) // _MAX_REPLACED_SHARE):
        return None
    return Decoded(_checked(text), "utf-8", replaced)


def _strict(data: bytes, encoding: str) -> str:
    try:
        return _checked(data.decode(encoding))
    except UnicodeDecodeError as exc:
        raise DecodeError(f"undecodable bytes: not valid {encoding} despite its byte-order mark") from exc


def _utf16_byte_order(data: bytes) -> str | None:
    sample = data[: _SAMPLE - _SAMPLE % 2]
    if len(sample) < 8 or len(data) % 2:
        return None
    pairs = len(sample) // 2
    odd, even = sample[1::2], sample[0::2]
    odd_pages = sum(odd.count(b) for b in _UTF16_PAGE_BYTES)
    even_pages = sum(even.count(b) for b in _UTF16_PAGE_BYTES)
    if odd_pages >= 0.9 * pairs and even_pages < 0.5 * pairs:
        return "utf-16-le"
    if even_pages >= 0.9 * pairs and odd_pages < 0.5 * pairs:
        return "utf-16-be"
    return None


def _checked(text: str, encoding: str = "", *, guessed: bool = False) -> str:
    """Reject decodings that are not readable text (binary data, a wrong CJK guess)."""
    if text and len(_CONTROL.findall(text)) > _MAX_CONTROL_RATIO * len(text):
        raise DecodeError("binary file (control bytes), not text")
    if not guessed:
        return text
    letters = [ch for ch in text[:_SAMPLE] if ch.isalpha()]
    if letters:
        own = sum(
            1 for ch in letters if ch <= "\u024f" or "\u0600" <= ch <= "\u06ff" or "\ufb50" <= ch <= "\ufeff"
        )
        if own < _MIN_OWN_SCRIPT_RATIO * len(letters):
            guess = f" (best guess {encoding} gives no Arabic or Latin text)" if encoding else ""
            raise DecodeError(f"undecodable bytes{guess}")
    return text
