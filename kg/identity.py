"""What makes an article or an entity itself, and the IRI local names made from it: plain
string work, light to import (an unchanged rebuild plans with it before any heavy import)."""

from __future__ import annotations

import hashlib
import unicodedata
import urllib.parse

from kg.model import Article

__all__ = ["article_identity", "article_slug", "key_for"]


def key_for(label: str) -> str:
    """Stable IRI local name of an entity: its English label, ASCII, spaces as underscores."""
    ascii_label = unicodedata.normalize("NFKD", label).encode("ascii", "ignore").decode()
    ascii_label = ascii_label.replace("'", "")  # "King's College" -> Kings_College
    kept = "".join(ch if ch.isalnum() or ch in " -_" else " " for ch in ascii_label)
    return "_".join(kept.split())


# Readable part of an article's IRI: at most this many characters of its name.
_SLUG_NAME_CHARS = 40


def article_identity(article: Article) -> str:
    """What makes an article itself: its URL when it has one, otherwise its title and text as
    read. The same article given twice, under any name or folder, has one identity; two
    articles whose files share a name do not."""
    if article.url:
        return hashlib.sha1(f"url {article.url}".encode()).hexdigest()
    return hashlib.sha1(f"text {article.title}\n{article.text}".encode()).hexdigest()


def article_slug(article: Article) -> str:
    """The article's IRI local name (see README, "Article identity"): a readable part taken from
    what its identity is made of (the URL's last path segment, else the title), then a digest
    of that identity, so it is unique and stable however the file is named or moved."""
    if article.url:
        path = urllib.parse.urlsplit(article.url).path.rstrip("/")
        readable = urllib.parse.unquote(path.rsplit("/", 1)[-1]).rsplit(".", 1)[0]
    else:
        readable = article.title
    name = key_for(readable.replace(".", " "))[:_SLUG_NAME_CHARS].strip("_-")
    digest = article_identity(article)[:12]
    return f"{name}-{digest}" if name else f"article-{digest}"
