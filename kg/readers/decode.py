"""Bytes of a file to text: byte-order marks, UTF-16 without one, a charset the page declares,
cp1252 and latin-1 (said in a Notice: a guess), stray NUL bytes; binary files are told apart
from text."""

from __future__ import annotations

import codecs
import re
from pathlib import Path
from typing import NamedTuple

from kg.model import Notice, Skipped
from kg.readers.common import EMPTY, NOT_TEXT, UNREADABLE, Item, ReadOptions, too_big

# A text with NUL bytes is still text when they are at most this share of its bytes.
_MAX_NUL_SHARE = 0.01

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")
_TRIED = "utf-8-sig, utf-8, utf-16, cp1252, latin-1"
_BOMS = (
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)


EMPTY_FILE = "empty file"
BINARY = "binary file, not text"


class NotTextError(Exception):
    """The bytes of a file are not article text; the message is the Skipped reason, `kind` its
    skip group."""

    def __init__(self, reason: str, kind: str = NOT_TEXT) -> None:
        super().__init__(reason)
        self.kind = kind


class Decoded(NamedTuple):
    text: str
    nuls: int  # stray NUL bytes dropped (a text editor or a broken scraper leaves a few)
    encoding: str  # the codec that read it
    guessed: bool  # not UTF-8 and no charset named: a single-byte guess (cp1252, latin-1)


# <meta charset="..."> or <meta http-equiv="Content-Type" content="text/html; charset=...">
_META_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?\s*([A-Za-z0-9._:-]+)", re.I)


def meta_charset(data: bytes) -> str | None:
    """The charset an HTML page declares in a <meta> of its first 2 KB (HTML's rule: 1 KB)."""
    found = _META_CHARSET.search(data[:2048])
    return found.group(1).decode("ascii") if found else None


def decode(data: bytes, *declared: str | None) -> Decoded:
    """Text of a file with stray control characters removed. `declared` are the charsets the
    file is said to be in, the one that wins first (an HTTP header, then an HTML page's meta):
    the first that reads the bytes cleanly is used, so a wrong header leaves the page's own
    word. Raises NotTextError."""
    nuls = data.count(0)
    if nuls and nuls <= _MAX_NUL_SHARE * len(data):
        data = data.replace(b"\x00", b"")
    else:
        nuls = 0
    for name in filter(None, declared):
        codec = _codec(name)
        if codec in ("utf-8", "utf-8-sig"):
            if _is_utf8(data):
                break  # decode_text reads it, and its byte-order mark
            continue
        text = _in_charset(data, codec) if codec else None
        if text is not None:
            return Decoded(text, nuls, name, False)
    text, encoding = decode_text(data)
    return Decoded(text, nuls, encoding, encoding in _GUESSES)


def _codec(name: str) -> str | None:
    """Python's name of charset `name` (as browsers do, WHATWG Encoding: a page labelled
    latin-1 or ASCII is windows-1252); None for an unknown one."""
    try:
        codec = codecs.lookup(name).name
    except LookupError:
        return None
    return _LABELLED_1252.get(codec, codec)


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _in_charset(data: bytes, codec: str) -> str | None:
    """The text in `codec` when it decodes the bytes cleanly (no control characters)."""
    try:
        text = data.decode(codec)
    except UnicodeDecodeError:
        return None
    return None if _CONTROL.search(text) else text


_LABELLED_1252 = {"iso8859-1": "cp1252", "ascii": "cp1252"}
_GUESSES = frozenset({"cp1252", "latin-1"})
GUESSED = (
    "not UTF-8: read as {encoding} (Western European), a guess; if its letters look wrong, "
    "save the file as UTF-8"
)


# Control bytes that do not occur in text (tab, line ends, form feed and escape do).
_CONTROL_BYTES = bytes(b for b in range(0x20) if b not in b"\t\n\r\f\x1b")


def decode_text(data: bytes) -> tuple[str, str]:
    """The text and the codec that read it."""
    if not data.strip():
        raise NotTextError(EMPTY_FILE, EMPTY)
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return _CONTROL.sub("", data.decode(encoding)), encoding
            except UnicodeDecodeError:
                raise NotTextError(
                    f"starts with a {encoding} byte-order mark but is not {encoding}"
                ) from None
    head = data[:8192]
    if b"\x00" in head:
        # UTF-16 without a byte-order mark: ASCII-range text puts a NUL in every other byte.
        for encoding, zeros in (("utf-16-le", head[1::2]), ("utf-16-be", head[0::2])):
            if zeros.count(0) >= 0.9 * len(zeros):
                try:
                    text = data.decode(encoding)
                except UnicodeDecodeError:
                    continue
                if not _CONTROL.search(text):
                    return text, encoding
        raise NotTextError(BINARY)
    if len(head) - len(head.translate(None, _CONTROL_BYTES)) > 0.05 * len(head):
        raise NotTextError(BINARY)
    try:
        return _CONTROL.sub("", data.decode("utf-8")), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1252")
        if not _CONTROL.search(text):
            return text, "cp1252"
    except UnicodeDecodeError:
        pass
    text = data.decode("latin-1")
    # latin-1 decodes anything; accept it only when control characters are rare strays.
    if len(_CONTROL.findall(text)) <= len(text) / 1000:
        return _CONTROL.sub("", text), "latin-1"
    raise NotTextError(f"cannot decode the text (tried {_TRIED}); save the file as UTF-8")


def load_text(
    path: Path, source: str, options: ReadOptions, *, one_article: bool = True, html: bool = False
) -> tuple[str | None, list[Item]]:
    """The decoded text of a file, or None with the Skipped that says why; a Notice when stray
    NUL bytes were removed or the encoding was guessed. An `html` page's meta charset is read.
    A file of `one_article` is skipped when over the size limit (files of many articles are
    limited per article by their reader)."""
    try:
        if one_article:
            size = path.stat().st_size
            if size > options.max_article_bytes:
                return None, [too_big(source, size, options)]
        data = path.read_bytes()
    except OSError as exc:
        return None, [Skipped(source, f"cannot read the file ({exc.strerror})", UNREADABLE)]
    try:
        decoded = decode(data, meta_charset(data) if html else None)
    except NotTextError as exc:
        return None, [Skipped(source, str(exc), exc.kind)]
    return decoded.text, decoding_notices(source, decoded)


def decoding_notices(source: str, decoded: Decoded) -> list[Item]:
    notes: list[Item] = []
    if decoded.nuls:
        notes.append(Notice(source, f"removed {decoded.nuls} stray NUL byte(s) from the text"))
    if decoded.guessed:
        notes.append(Notice(source, GUESSED.format(encoding=decoded.encoding)))
    return notes
