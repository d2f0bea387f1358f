"""Typed values passed between pipeline stages: article, sentences, mentions, facts, graph."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Article:
    """One news article, cleaned of page boilerplate."""

    # the file's path under the folder given ("2023-01/index.html"; a file given by itself: its
    # name), with a line number for .jsonl ("feed.jsonl#3"); for messages and kg:sourceFile,
    # not the article's identity (kg.identity.article_slug)
    source: str
    text: str  # body text, paragraphs separated by blank lines, title not included
    title: str = ""
    date: str | None = None  # ISO 8601 date (YYYY-MM-DD) when known
    publisher: str | None = None
    url: str | None = None
    language: str = ""  # ISO 639-1 code; "" until detected (kg.langid)


@dataclass(frozen=True)
class Unchanged:
    """A file whose one article the store already holds as it is (the same path, size and
    modification time as when it was read): not read again (kg.store's file table)."""

    source: str
    slug: str  # kg.identity.article_slug
    identity: str  # kg.identity.article_identity
    digest: str  # kg.triples.article_digest
    length: int  # characters of its text (as the manifest's file table keeps it)


@dataclass(frozen=True)
class Skipped:
    """A file (or a line, record or entry of one) that gave no article, and why."""

    source: str
    reason: str  # the detail, naming what was found ("not HTML: image/jpeg ...")
    # the group it is counted in by the closing summary ("not HTML", "no article text"); not
    # part of the value's identity, which is its source and reason
    kind: str = field(default="", compare=False)

    @property
    def group(self) -> str:
        return self.kind or self.reason


@dataclass(frozen=True)
class Notice:
    """A warning about an input that was still read (a value dropped, characters stripped)."""

    source: str
    message: str


@dataclass(frozen=True)
class Sentence:
    index: int  # position in the article, 0-based; the title is sentence 0 when present
    text: str
    paragraph: int
    language: str = ""  # of its paragraph: articles may switch language


@dataclass(frozen=True)
class EntityRef:
    """An entity as the extractor knows it: a stable key plus what the graph needs."""

    key: str  # stable local name of the IRI, e.g. "South_Korea"
    label: str  # canonical English name
    type: str  # Person | Organization | Country | Location | Event
    wikidata: str | None = None


@dataclass(frozen=True)
class Fact:
    subject: str  # EntityRef.key
    predicate: str  # local name of a core relation, e.g. "urged"
    object: str  # EntityRef.key
    sentence: int  # Sentence.index
    confidence: float
    extractor: str  # which rule read it, e.g. "id.verb", "id.title"
    speaker: str | None = None  # EntityRef.key of who said it (quotes, reported speech)
    quote: str | None = None
    planned: bool = False


@dataclass(frozen=True)
class Extraction:
    """Everything read from one article: a pure function of the article and the ontology."""

    article: Article
    sentences: tuple[Sentence, ...]
    entities: tuple[EntityRef, ...]
    # (entity key, surface form, language tag, why the form names that entity) for every name
    surface_forms: tuple[tuple[str, str, str, str], ...]
    facts: tuple[Fact, ...]
    notes: tuple[str, ...] = field(default=())
