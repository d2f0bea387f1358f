"""The one loader of kg's data files under ontology/: gazetteer, cues, titles, word classes.

Everything the extractor knows about a language or the world is read here from TSV/Turtle, so a
user extends kg by editing data. Loaded once per process (`load_ontology`) and read-only after.
"""

from __future__ import annotations

import csv
import functools
import re
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from rdflib import OWL, RDF, RDFS, Graph

from kg.data import ontology_dir
from kg.errors import OntologyError
from kg.identity import key_for as key_for  # re-exported: where entity keys are made
from kg.morph import Analysis, analyze, analyze_en
from kg.vocab import KG

ENTITY_TYPES = ("Person", "Organization", "Country", "Location", "Event")
_NO_WORDS: dict[str, str] = {}  # the words of a class no data file names (never written to)
_NO_CLASSES: frozenset[str] = frozenset()
# Word classes that name a state's organ after the state ("Kementerian Luar Negeri Tiongkok").
_ORGAN_CLASSES = ("ministry", "government", "head_country")


def fold(text: str) -> str:
    """Comparison form of a word: lower case, no diacritics, one kind of apostrophe and dash."""
    if text.isascii():  # nothing to decompose: the common case, and the hot path of extraction
        return text.lower()
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return text.replace("’", "'").replace("‘", "'").replace("–", "-").replace("—", "-").lower()


@lru_cache(maxsize=1 << 16)
def fold_word(word: str) -> str:
    """fold() of one word, memoized: every word of every sentence is folded, and a news
    vocabulary is small. (Not fold itself: it is given whole texts too.)"""
    return fold(word)


@dataclass(frozen=True)
class GazEntity:
    key: str
    type: str
    label: str
    wikidata: str | None = None
    part_of: str | None = None  # key of the country an organization or city belongs to
    acts_as: str | None = None  # key of who acts when this is the actor (capital -> country)


@dataclass(frozen=True)
class Alias:
    key: str
    surface: str
    lang: str
    kind: str  # name | short | abbr | epithet | metonym | demonym | surname


@dataclass(frozen=True)
class Office:
    holder: str
    relation: str
    org: str
    title: str
    start: str
    end: str


@dataclass(frozen=True)
class Cue:
    words: tuple[str, ...]  # folded; the first is a root (verbs) or a word form (nouns)
    predicate: str
    pos: str  # verb | noun | hope | member | obligation
    preps: frozenset[str]  # "-" = direct object, "*" = any preposition as fallback
    clause_subject: bool
    speaks_for: bool
    confidence: float
    # a noun that names a relation to its genitive ("sekutu Israel", "ally of Israel"): the
    # genitive is the object, the actor the clause subject (relations.tsv subject=relational)
    relational: bool = False


@dataclass(frozen=True)
class Title:
    words: tuple[str, ...]
    relation: str
    english: str
    pattern: str  # org | at | both


@dataclass(frozen=True)
class Predicate:
    name: str
    label: str
    symmetric: bool
    agent_object: bool = True  # rdfs:range kg:Agent: done to a person, organization or state


@dataclass
class Language:
    """Data of one language: cues, titles, word classes and (for Indonesian) root words."""

    code: str
    cues: dict[str, list[Cue]] = field(default_factory=dict)  # by first word
    titles: dict[str, list[Title]] = field(default_factory=dict)  # by first word
    words: dict[str, dict[str, str]] = field(default_factory=dict)  # class -> word -> value
    phrases: dict[str, list[tuple[tuple[str, ...], str, str]]] = field(default_factory=dict)
    roots: frozenset[str] = frozenset()
    _first_words: dict[tuple[str, ...], frozenset[str]] = field(
        default_factory=dict, repr=False, compare=False
    )

    # The settings are read once (the data is read-only after loading): rules ask for them
    # on nearly every word.
    @functools.cached_property
    def modifier_first(self) -> bool:
        """English puts the owner first ("Japanese Prime Minister", "Russia's invasion");
        Indonesian after ("Perdana Menteri Jepang", "invasi Rusia")."""
        return self.value("order", "setting") == "modifier-first"

    @functools.cached_property
    def _analyzer(self) -> Callable[[str, frozenset[str]], tuple[Analysis, ...]]:
        return analyze_en if self.value("morphology", "setting") == "english" else analyze

    def analyze(self, word: str) -> tuple[Analysis, ...]:
        return self._analyzer(word, self.roots)

    def is_(self, word: str, cls: str) -> bool:
        return word in self.words.get(cls, _NO_WORDS)

    @functools.cached_property
    def _classes(self) -> dict[str, frozenset[str]]:
        found: dict[str, set[str]] = {}
        for cls, entries in self.words.items():
            for word in entries:
                found.setdefault(word, set()).add(cls)
        return {word: frozenset(classes) for word, classes in found.items()}

    def classes_of(self, word: str) -> frozenset[str]:
        """Every class of a word (or phrase): one look-up for rules that ask several
        (`cls in classes_of(w)` is `is_(w, cls)`)."""
        return self._classes.get(word, _NO_CLASSES)

    @functools.cached_property
    def function_words(self) -> frozenset[str]:
        """The words of its closed classes (prepositions, conjunctions, pronouns ...)."""
        open_classes = {  # word classes that hold nouns and verbs, not closed-class words
            "org_head",
            "name_connector",
            "group_noun",
            "head_country",
            "ministry",
            "compound_head",
            "anaphor_noun",
            "portfolio_title",
            "rank",
            "exact_cue",
            "threat_frame",
            "venue_noun",
            "member_noun",
        }
        return frozenset(
            w for cls, words in self.words.items() if cls not in open_classes for w in words
        )

    @functools.cached_property
    def organ_phrases(self) -> dict[str, tuple[tuple[tuple[str, ...], str, str], ...]]:
        """What may name a state's organ from each word on, as (words, class, value): the
        phrases that begin with it (longest first), then the word alone as a ministry,
        government or head-of-country word, in that order. Read at every word of a sentence."""
        out: dict[str, list[tuple[tuple[str, ...], str, str]]] = {
            word: list(phrases) for word, phrases in self.phrases.items()
        }
        for cls in _ORGAN_CLASSES:
            for word, value in self.words.get(cls, _NO_WORDS).items():
                out.setdefault(word, []).append(((word,), cls, value))
        return {word: tuple(entries) for word, entries in out.items()}

    def first_words(self, *classes: str) -> frozenset[str]:
        """The words an entry of these classes begins with (a phrase's first word): a word not
        among them starts none of their entries, so rules can pass it by at once."""
        found = self._first_words.get(classes)
        if found is None:
            # split both ways: phrases are matched by their words and as joined strings
            found = frozenset(
                first
                for cls in classes
                for entry in self.words.get(cls, _NO_WORDS)
                for first in (entry.split(" ")[0], *entry.split()[:1])
            )
            self._first_words[classes] = found
        return found

    def value(self, word: str, cls: str) -> str | None:
        return self.words.get(cls, _NO_WORDS).get(word)


@dataclass
class Ontology:
    entities: dict[str, GazEntity]
    aliases: dict[tuple[str, ...], list[Alias]]  # folded token tuple -> aliases
    offices: list[Office]
    predicates: dict[str, Predicate]
    languages: dict[str, Language]
    max_alias_len: int = 1

    def lang(self, code: str) -> Language:
        return self.languages.get(code) or self.languages["id"]

    @functools.cached_property
    def alias_lengths(self) -> dict[str, tuple[int, ...]]:
        """The lengths of the gazetteer names that begin with each word, longest first: a
        sentence is matched by trying these alone, not every length up to the longest name."""
        lengths: dict[str, set[int]] = {}
        for toks in self.aliases:
            if toks:
                lengths.setdefault(toks[0], set()).add(len(toks))
        return {word: tuple(sorted(ns, reverse=True)) for word, ns in lengths.items()}

    @functools.cached_property
    def offices_of(self) -> dict[tuple[str, str], list[Office]]:
        """The offices of each (organization, relation), in file order: who holds an office
        named without a name is looked up here, not by a scan of all offices."""
        out: dict[tuple[str, str], list[Office]] = {}
        for office in self.offices:
            out.setdefault((office.org, office.relation), []).append(office)
        return out

    @functools.cached_property
    def persons_but_one(self) -> dict[tuple[int, tuple[str, ...]], list[tuple[str, str]]]:
        """The names of two words or more of gazetteer persons, each filed once per word
        position under its other words: (position, other words) -> [(the word there, key)].
        A name misspelt in one word is then found by its other words, with no scan of all."""
        out: dict[tuple[int, tuple[str, ...]], list[tuple[str, str]]] = {}
        for toks, aliases in self.aliases.items():
            if len(toks) < 2:
                continue
            for alias in aliases:
                if self.entities[alias.key].type == "Person":
                    for p, word in enumerate(toks):
                        out.setdefault((p, toks[:p] + toks[p + 1 :]), []).append((word, alias.key))
        return out


def _rows(path: Path) -> Iterator[tuple[int, dict[str, str]]]:
    """Rows of a TSV file with a header; lines starting with # are comments."""
    if not path.exists():
        return
    with path.open(encoding="utf-8", newline="") as handle:
        lines = [(n, line) for n, line in enumerate(handle, 1) if line.strip()]
    body = [(n, line) for n, line in lines if not line.startswith("#")]
    if not body:
        return
    header = body[0][1].rstrip("\n").split("\t")
    # one reader for all lines (no quoting: a line is a row); one a line cost a fifth of
    # loading the ontology, which every process of a build does
    rows = csv.reader(
        (line.rstrip("\n") for _n, line in body[1:]), delimiter="\t", quoting=csv.QUOTE_NONE
    )
    for (n, _line), cells in zip(body[1:], rows, strict=True):
        if len(cells) > len(header):
            raise OntologyError(
                f"{path}:{n}: {len(cells)} columns, the header has {len(header)}; "
                "separate columns with one tab each"
            )
        yield n, {h: (cells[i].strip() if i < len(cells) else "") for i, h in enumerate(header)}


@lru_cache(maxsize=1 << 14)  # asked again for each name an article meets
def tokens_of(text: str) -> tuple[str, ...]:
    """Folded word tokens of a name or phrase, split the same way the extractor splits text."""
    from kg.text import word_tokens  # local: text imports this module's fold()

    return tuple(fold(t) for t in word_tokens(text))


# An entity's key ends its IRI, its Wikidata id ends another, an alias's language tags a
# literal: the graph takes them as written here (the store loads kg's N-Quads unchecked), so
# they are checked as they are read.
_KEY = re.compile(r"[A-Za-z0-9_-]+")
_QID = re.compile(r"Q[1-9][0-9]*")
_LANG = re.compile(r"[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*")


def _check_entity(path: Path, n: int, row: dict[str, str]) -> None:
    etype, key, qid = row.get("type", ""), row.get("key", ""), row.get("wikidata", "")
    if etype not in ENTITY_TYPES:
        raise OntologyError(f"{path}:{n}: type {etype!r} is not one of {', '.join(ENTITY_TYPES)}")
    if not _KEY.fullmatch(key):
        raise OntologyError(
            f"{path}:{n}: key {key!r} is not an IRI local name; write the English label in "
            f"ASCII letters, digits, - and _ (spaces as _), such as {key_for(key) or 'New_York'!r}"
        )
    if qid and not _QID.fullmatch(qid):
        raise OntologyError(
            f"{path}:{n}: wikidata {qid!r} is not a Wikidata item id; write Q and its number "
            "(Q884), or leave the column empty"
        )


def _load_gazetteer(
    base: Path,
) -> tuple[dict[str, GazEntity], dict[tuple[str, ...], list[Alias]], list[Office]]:
    gaz = base / "gazetteer"
    entities: dict[str, GazEntity] = {}
    for n, row in _rows(gaz / "entities.tsv"):
        _check_entity(gaz / "entities.tsv", n, row)
        etype = row["type"]
        key = row["key"]
        entities[key] = GazEntity(
            key=key,
            type=etype,
            label=row.get("label") or key.replace("_", " "),
            wikidata=row.get("wikidata") or None,
            part_of=row.get("part_of") or None,
            acts_as=row.get("acts_as") or None,
        )
    aliases: dict[tuple[str, ...], list[Alias]] = defaultdict(list)
    for ent in entities.values():
        aliases[tokens_of(ent.label)].append(Alias(ent.key, ent.label, "en", "name"))
    for n, row in _rows(gaz / "aliases.tsv"):
        key = row["key"]
        if key not in entities:
            raise OntologyError(
                f"{gaz / 'aliases.tsv'}:{n}: alias {row.get('alias')!r} names entity {key!r}, "
                "which entities.tsv does not have; add it there first"
            )
        lang = row.get("lang") or "und"
        if not _LANG.fullmatch(lang):
            raise OntologyError(
                f"{gaz / 'aliases.tsv'}:{n}: lang {lang!r} is not a language tag; write one "
                "such as id, en or zh-Hant, or leave the column empty (und)"
            )
        alias = Alias(key, row["alias"], lang, row.get("kind") or "name")
        toks = tokens_of(alias.surface)
        if toks and all(a.key != key for a in aliases[toks]):
            aliases[toks].append(alias)
    # an initial is written with or without its period: "S. Jaishankar", "S Jaishankar"
    for toks, found in list(aliases.items()):
        bare = tuple(
            t for n, t in enumerate(toks) if not (t == "." and n and len(toks[n - 1]) == 1)
        )
        if bare != toks and bare not in aliases:
            aliases[bare] = list(found)
    offices = [
        Office(
            r["holder"],
            r["relation"],
            r["org"],
            r.get("title", ""),
            r.get("start", ""),
            r.get("end", ""),
        )
        for _, r in _rows(gaz / "offices.tsv")
        if r.get("holder") in entities and r.get("org") in entities
    ]
    return entities, dict(aliases), offices


def _load_language(base: Path, code: str) -> Language:
    folder = base / code
    lang = Language(code=code)
    for n, row in _rows(folder / "relations.tsv"):
        words = tuple(fold(w) for w in row["cue"].split())
        if not words:
            continue
        try:
            confidence = float(row.get("confidence") or 0.7)
        except ValueError as exc:
            raise OntologyError(
                f"{folder / 'relations.tsv'}:{n}: confidence must be a number"
            ) from exc
        cue = Cue(
            words=words,
            predicate=row["predicate"],
            pos=row.get("pos") or "verb",
            preps=frozenset(p for p in (row.get("preps") or "-").split("|") if p),
            clause_subject=row.get("subject") == "clause",
            speaks_for=row.get("speaks_for") == "yes",
            confidence=confidence,
            relational=row.get("subject") == "relational",
        )
        lang.cues.setdefault(words[0], []).append(cue)
    for _, row in _rows(folder / "titles.tsv"):
        words = tuple(fold(w) for w in row["title"].split())
        title = Title(words, row["relation"], row.get("english", ""), row.get("pattern") or "org")
        lang.titles.setdefault(words[0], []).append(title)
    for titles in lang.titles.values():
        titles.sort(key=lambda t: -len(t.words))
    for _, row in _rows(folder / "words.tsv"):
        word = fold(row["word"])
        lang.words.setdefault(row["class"], {})[word] = row.get("value", "")
        if " " in word:
            toks = tuple(word.split())
            lang.phrases.setdefault(toks[0], []).append((toks, row["class"], row.get("value", "")))
    for phrases in lang.phrases.values():
        phrases.sort(key=lambda p: -len(p[0]))
    roots = folder / "roots.txt"
    if roots.exists():
        lang.roots = frozenset(
            line.strip()
            for line in roots.read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#")
        )
    # Cue roots count as roots even where the root list lacks them ("tandatangan").
    lang.roots = lang.roots | frozenset(lang.cues)
    return lang


def _load_predicates(base: Path) -> dict[str, Predicate]:
    graph = Graph()
    try:
        graph.parse(base / "kg.ttl", format="turtle")
    except Exception as exc:  # rdflib raises several parser-specific types
        raise OntologyError(f"{base / 'kg.ttl'}: not valid Turtle: {exc}") from exc
    preds: dict[str, Predicate] = {}
    for prop in graph.subjects(RDFS.subPropertyOf, KG.relatedTo):
        name = str(prop).rsplit("#", 1)[-1]
        label = next(
            (str(x) for x in graph.objects(prop, RDFS.label) if getattr(x, "language", "") == "en"),
            name,
        )
        preds[name] = Predicate(
            name,
            label,
            (prop, RDF.type, OWL.SymmetricProperty) in graph,
            (prop, RDFS.range, KG.Entity) not in graph,
        )
    return preds


@lru_cache(maxsize=4)
def load_ontology(base: Path | None = None) -> Ontology:
    """Read every data file once; `base` defaults to the ontology/ shipped in the package."""
    folder = base or ontology_dir()
    entities, aliases, offices = _load_gazetteer(folder)
    languages = {
        code: _load_language(folder, code) for code in ("id", "en") if (folder / code).is_dir()
    }
    if "id" not in languages:
        raise OntologyError(f"{folder}: the Indonesian data folder id/ is missing; reinstall kg")
    return Ontology(
        entities=entities,
        aliases=aliases,
        offices=offices,
        predicates=_load_predicates(folder),
        languages=languages,
        max_alias_len=max((len(k) for k in aliases), default=1),
    )
