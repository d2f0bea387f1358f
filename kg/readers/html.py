"""News pages through trafilatura: the article body and its metadata (title, date found by
htmldate, site name, canonical URL).

Then kg's own line rules (ontology/boilerplate.tsv, as for .txt excerpts) for what trafilatura
keeps inside the story: Indonesian outlets' teasers ("Baca Juga: ..."), "SCROLL TO RESUME
CONTENT", datelines ("Jakarta, CNBC Indonesia -", which also name the publisher) and editors'
initials. The language is not taken from the page: templates often declare a default
(lang="en" on an Indonesian site), so kg.langid reads the text instead.

Speed (benchmarks/bench_readers.py): each page is parsed once, and the tree serves both the
metadata and the article. Of trafilatura's metadata kg reads only what it uses (title, date,
site name, URL), with trafilatura's and htmldate's own functions in trafilatura's order: its
author, category, tag and license searches took a third of a page's time, for results kg threw
away. The article is extracted with trafilatura's full settings, its readability and jusText
fallbacks included: its `fast` mode, which skips them, would save a fifth more on the
benchmark's pages, at a cost in articles on hard real pages that nothing here measures.
"""

from __future__ import annotations

import copy
import functools
from collections.abc import Iterator
from configparser import ConfigParser
from pathlib import Path
from urllib.parse import urlsplit

import lxml.html
import trafilatura
from htmldate import find_date
from lxml import etree
from trafilatura.metadata import (
    META_URL,
    examine_meta,
    extract_meta_json,
    extract_sitename,
    extract_title,
    extract_url,
)
from trafilatura.settings import DEFAULT_CONFIG, Document, Extractor, set_date_params
from trafilatura.utils import load_html

from kg.model import Article, Skipped
from kg.readers.common import NO_TEXT, Item, Page, ReadOptions
from kg.readers.decode import load_text
from kg.readers.rules import parse_date
from kg.readers.text import article_from, clean, norm

NO_ARTICLE = "no article text found in the page"


@functools.cache
def _config(max_bytes: int) -> ConfigParser:
    """trafilatura's default settings, with kg's article size limit in place of its own."""
    config = copy.deepcopy(DEFAULT_CONFIG)
    config["DEFAULT"]["MAX_FILE_SIZE"] = str(max_bytes)
    return config


@functools.cache
def _extractor(max_bytes: int) -> Extractor:
    """trafilatura's settings for an article without its metadata (read by _metadata), made
    once: reading them from the config costs as much as a small page's metadata."""
    return Extractor(
        config=_config(max_bytes), output_format="python", comments=False, with_metadata=False
    )


def _metadata(tree: etree._Element, url: str | None, extensive_date: bool = True) -> Document:
    """The title, date, site name and URL of a page, as trafilatura's extract_metadata finds
    them, without its author, category, tag and license searches (kg uses none of them).
    Reads the tree and leaves it as it is. `extensive_date`: htmldate looks for a date in the
    page's text too when its metadata names none (trafilatura's EXTENSIVE_DATE_SEARCH)."""
    found = examine_meta(tree)
    found = extract_meta_json(tree, found)
    if not found.title:
        found.title = extract_title(tree)
    if not found.url:
        found.url = extract_url(tree, url)
    date_params = set_date_params(extensive_date)
    date_params["url"] = found.url
    found.date = find_date(tree, **date_params)
    if not found.sitename:
        found.sitename = extract_sitename(tree)
    if found.sitename:
        found.sitename = found.sitename.lstrip("@")
        if found.sitename and "." not in found.sitename and not found.sitename[0].isupper():
            found.sitename = found.sitename.title()
    elif found.url:
        match = META_URL.match(found.url)
        if match:
            found.sitename = match[1]
    found.clean_and_trim()
    return found


def read_html(
    source: str, page: str | bytes, options: ReadOptions | None = None, url: str | None = None
) -> Article | Skipped:
    """The article of one page. `url` is where the page was fetched from (a WARC record's
    target): the article's URL when the page names no canonical URL of its own."""
    options = options or ReadOptions()
    try:
        tree = load_html(page, options.max_article_bytes)
        doc = None
        if tree is not None:
            settings = copy.copy(_extractor(options.max_article_bytes))
            extensive = settings.config.getboolean("DEFAULT", "EXTENSIVE_DATE_SEARCH")
            meta = _metadata(tree, url, extensive)
            settings.url = settings.source = url
            # trafilatura works on a copy of the tree: _declared_url reads it after
            doc = trafilatura.bare_extraction(tree, options=settings)
    except Exception as exc:  # noqa: BLE001 - a page that breaks the extractor is skipped
        return Skipped(source, f"the page could not be read ({type(exc).__name__}: {exc})", NO_TEXT)
    if not isinstance(doc, Document) or not isinstance(doc.text, str) or not doc.text.strip():
        return Skipped(source, NO_ARTICLE, NO_TEXT)
    title = norm(meta.title or "")
    cleaned = clean(_blocks(doc.body) or [[line] for line in doc.text.split("\n")], title)
    result = article_from(
        source,
        cleaned,
        date=parse_date(meta.date) if meta.date else None,
        publisher=norm(meta.sitename or "") or None,
        # a URL the page declares that trafilatura found invalid goes on to kg.iri, which
        # drops it with a warning that names it
        url=_article_url(meta.url) or _article_url(_declared_url(tree)),
    )
    if isinstance(result, Skipped):
        return Skipped(source, "no article text in the page after removing boilerplate", NO_TEXT)
    return result


def _article_url(url: str | None) -> str | None:
    """`url`, unless it names a site's root (a CMS whose every page says
    <link rel=canonical href="https://site/">): an article's identity is its URL, and such a
    URL would make every page of the site one article."""
    if not url:
        return None
    parts = urlsplit(url.strip())
    if parts.netloc and parts.path in ("", "/") and not parts.query:
        return None
    return url


def _declared_url(tree: etree._Element) -> str | None:
    found = tree.xpath(
        '//link[contains(concat(" ", normalize-space(@rel), " "), " canonical ")]/@href'
        ' | //meta[@property="og:url"]/@content'
    )
    return str(found[0]).strip() if found else None


def _blocks(body: etree._Element | None) -> list[list[str]]:
    """The paragraphs of trafilatura's article tree (<p>, <head>, <quote>, each <item> of a
    <list>, each <row> of a <table>), each as its lines (<lb/> breaks a line)."""
    if body is None:
        return []
    blocks: list[list[str]] = []
    for element in body:
        parts = list(element.iter("item", "row")) if element.tag in ("list", "table") else []
        for part in parts or [element]:
            for lb in part.iter("lb"):
                lb.tail = "\n" + (lb.tail or "")
            text = " ".join(part.itertext()) if part.tag == "row" else "".join(part.itertext())
            blocks.append(text.split("\n"))
    return blocks


# Blocks of an HTML fragment (a feed entry's content): each starts a paragraph; what is in
# _NOT_TEXT is left out (its tail, the text after it, is kept).
_BLOCK = frozenset(
    "p div h1 h2 h3 h4 h5 h6 li ul ol dl dt dd blockquote pre table tr section article "
    "header footer address hr main aside".split()
)
_NOT_TEXT = frozenset("script style figure figcaption iframe noscript svg object embed".split())


def fragment_blocks(markup: str) -> list[list[str]]:
    """The paragraphs of an HTML fragment that is all story (a feed entry's content), each as
    its lines (<br> breaks a line). No boilerplate detection: the fragment has no page around
    it, and kg's line rules (boilerplate.tsv) come after."""
    if not markup.strip():
        return []
    try:
        root = lxml.html.fragment_fromstring(markup, create_parent="div")
    except (etree.ParserError, ValueError):
        return []
    blocks: list[list[str]] = [[""]]

    def walk(element: etree._Element) -> None:
        tag = element.tag.lower() if isinstance(element.tag, str) else None  # None: a comment
        if tag is not None and tag not in _NOT_TEXT:
            if tag in _BLOCK:
                blocks.append([""])
            elif tag == "br":
                blocks[-1].append("")
            blocks[-1][-1] += element.text or ""
            for child in element:
                walk(child)
            if tag in _BLOCK:
                blocks.append([""])
        blocks[-1][-1] += element.tail or ""

    walk(root)
    return [lines for lines in blocks if any(line.strip() for line in lines)]


def read_page(page: Page, max_article_bytes: int) -> Article | Skipped:
    """The article of a page a reader yielded (run in a worker process by kg.reader)."""
    return read_html(page.source, page.html, ReadOptions(max_article_bytes), page.url)


def read_file(path: Path, source: str, options: ReadOptions) -> Iterator[Item]:
    """An .html page, yielded unread (kg.reader reads it, maybe on another core)."""
    text, notes = load_text(path, source, options, html=True)
    yield from notes
    if text is not None:
        yield Page(source, text)
