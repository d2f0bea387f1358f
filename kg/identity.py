"""What makes an article or an entity itself, and the IRI local names made from it: plain
string work, light to import (an unchanged rebuild plans with it before any heavy import)."""

from __future__ import annotations

import functools
import hashlib
import unicodedata
import urllib.parse

from kg.model import Article

__all__ = ["article_identity", "article_slug", "key_for", "url_identity"]


def key_for(label: str) -> str:
    """Stable IRI local name of an entity: its English label, ASCII, spaces as underscores."""
    ascii_label = unicodedata.normalize("NFKD", label).encode("ascii", "ignore").decode()
    ascii_label = ascii_label.replace("'", "")  # "King's College" -> Kings_College
    kept = "".join(ch if ch.isalnum() or ch in " -_" else " " for ch in ascii_label)
    return "_".join(kept.split())


# Readable part of an article's IRI: at most this many characters of its name.
_SLUG_NAME_CHARS = 40


def article_identity(article: Article) -> str:
    """What makes an article itself: its URL when it has one (url_identity), otherwise its
    title and text as read. The same article given twice, under any name or folder, has one
    identity; two articles whose files share a name do not."""
    if article.url:
        return hashlib.sha1(f"url {url_identity(article.url)}".encode()).hexdigest()
    return hashlib.sha1(f"text {article.title}\n{article.text}".encode()).hexdigest()


def url_identity(url: str) -> str:
    """`url` as an article's identity: http or https, the host's case, a default port, a
    trailing slash, a #fragment and click-tracking parameters (ontology/tracking_parameters.tsv)
    make no other article. A URL in that form already is returned as it is."""
    try:
        parts = urllib.parse.urlsplit(url)
        port = parts.port
    except ValueError:  # not a URL kg.iri would keep: as it is
        return url
    scheme = parts.scheme.lower()
    scheme = "https" if scheme == "http" else scheme
    netloc = parts.netloc
    if "@" not in netloc and parts.hostname and ":" not in parts.hostname:  # not [IPv6]
        netloc = parts.hostname + (f":{port}" if port not in (None, 80, 443) else "")
    path = parts.path.rstrip("/")
    tracking = _tracking_parameters()
    query = "&".join(
        pair
        for pair in parts.query.split("&")
        if pair and not _tracks(pair.split("=", 1)[0].casefold(), tracking)
    )
    return urllib.parse.urlunsplit((scheme, netloc, path, query, ""))


def _tracks(name: str, tracking: tuple[frozenset[str], tuple[str, ...]]) -> bool:
    names, prefixes = tracking
    return name in names or name.startswith(prefixes)


@functools.cache
def _tracking_parameters() -> tuple[frozenset[str], tuple[str, ...]]:
    """The names of ontology/tracking_parameters.tsv, and the prefixes its `name*` rows give."""
    from kg.readers.rules import read_tsv

    rows = [
        name.strip().casefold()
        for _n, (name, _note) in read_tsv("tracking_parameters.tsv", ("parameter", "note"))
    ]
    return (
        frozenset(r for r in rows if not r.endswith("*")),
        tuple(r[:-1] for r in rows if r.endswith("*")),
    )


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
