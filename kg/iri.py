"""Article URLs as IRIs: what RDF writers accept, whatever a page or a feed wrote."""

from __future__ import annotations

import re
import urllib.parse

import pyoxigraph

# Characters RFC 3987 allows in an IRI as they are: unreserved, reserved, and the "%" of an
# escape; anything else (space, <, >, ", {, }, |, \, ^, `, controls) is percent-encoded.
_SAFE = "-._~:/?#[]@!$&'()*+,;=%"
_STRAY_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


def clean_iri(url: str) -> str | None:
    """`url` percent-encoded into an absolute http(s) IRI, or None when it cannot become one
    (a relative link, another scheme, no host)."""
    text = url.strip()
    if not _SCHEME.match(text):
        return None
    text = _STRAY_PERCENT.sub("%25", text)
    # non-ASCII letters are kept: IRIs allow them, and they read better than escapes
    text = "".join(
        ch if ord(ch) > 0x9F and not ch.isspace() else urllib.parse.quote(ch, safe=_SAFE)
        for ch in text
    )
    try:
        parts = urllib.parse.urlsplit(text)
        host = parts.hostname
    except ValueError:  # a broken [IPv6] host or port
        return None
    # an article is a web page: other schemes (javascript:, file:, data:) are not its address
    if parts.scheme.lower() not in ("http", "https") or not host:
        return None
    try:
        pyoxigraph.NamedNode(text)
    except ValueError:
        return None
    return text
