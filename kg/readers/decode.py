"""Bytes of a file to text: byte-order marks, UTF-16 without one, cp1252 and latin-1, stray NUL
bytes; binary files are told apart from text."""

from __future__ import annotations

import re
from pathlib import Path

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


def decode(data: bytes) -> tuple[str, int]:
    """Text of a file with stray control characters removed, and how many stray NUL bytes were
    dropped (a text editor or a broken scraper leaves a few); raises NotTextError."""
    nuls = data.count(0)
    if nuls and nuls <= _MAX_NUL_SHARE * len(data):
        text = decode_text(data.replace(b"\x00", b""))
        return text, nuls
    return decode_text(data), 0


# Control bytes that do not occur in text (tab, line ends, form feed and escape do).
_CONTROL_BYTES = bytes(b for b in range(0x20) if b not in b"\t\n\r\f\x1b")


def decode_text(data: bytes) -> str:
    if not data.strip():
        raise NotTextError(EMPTY_FILE, EMPTY)
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return _CONTROL.sub("", data.decode(encoding))
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
                    return text
        raise NotTextError(BINARY)
    if len(head) - len(head.translate(None, _CONTROL_BYTES)) > 0.05 * len(head):
        raise NotTextError(BINARY)
    try:
        return _CONTROL.sub("", data.decode("utf-8"))
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1252")
        if not _CONTROL.search(text):
            return text
    except UnicodeDecodeError:
        pass
    text = data.decode("latin-1")
    # latin-1 decodes anything; accept it only when control characters are rare strays.
    if len(_CONTROL.findall(text)) <= len(text) / 1000:
        return _CONTROL.sub("", text)
    raise NotTextError(f"cannot decode the text (tried {_TRIED}); save the file as UTF-8")


def load_text(
    path: Path, source: str, options: ReadOptions, *, one_article: bool = True
) -> tuple[str | None, list[Item]]:
    """The decoded text of a file, or None with the Skipped that says why; a Notice when stray
    NUL bytes were removed. A file of `one_article` is skipped when over the size limit
    (files of many articles are limited per article by their reader)."""
    try:
        if one_article:
            size = path.stat().st_size
            if size > options.max_article_bytes:
                return None, [too_big(source, size, options)]
        data = path.read_bytes()
    except OSError as exc:
        return None, [Skipped(source, f"cannot read the file ({exc.strerror})", UNREADABLE)]
    try:
        text, nuls = decode(data)
    except NotTextError as exc:
        return None, [Skipped(source, str(exc), exc.kind)]
    notes: list[Item] = []
    if nuls:
        notes.append(Notice(source, f"removed {nuls} stray NUL byte(s) from the text"))
    return text, notes
