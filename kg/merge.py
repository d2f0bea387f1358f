"""The triples several articles share, derived from every article's rows (kg.triples): one fact
triple per (subject, relation, object) any article read, one type and label per entity, one
alternative name per form ignoring case, and the vocabulary's declarations of the terms used.

Each is a function of all articles' rows for one key, never of the order articles came in, so
an incremental build that recomputes only the keys its new or removed articles touch gives the
same graph as a full one. Output is N-Triples lines (text), for the store's bulk loader.
"""

from __future__ import annotations

import collections
import functools
import hashlib
from collections.abc import Callable, Iterable, Iterator

from kg.nt import RDF_TYPE, iri, literal
from kg.triples import entity_iri, kg_iri
from kg.vocab import ARTICLE_BASE, KG, WIKIDATA

_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS_LABEL = "<http://www.w3.org/2000/01/rdf-schema#label>"
OWL_SAME_AS = "<http://www.w3.org/2002/07/owl#sameAs>"
SKOS_ALT_LABEL = "<http://www.w3.org/2004/02/skos/core#altLabel>"
_SUPER = (
    "http://www.w3.org/2000/01/rdf-schema#subPropertyOf",
    "http://www.w3.org/2000/01/rdf-schema#subClassOf",
)
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
# Declared in every graph: what each article's own triples use.
ALWAYS_DECLARED = ("Article", "Sentence", "Assertion", "NameRecord")

# (label, kg class local name, Wikidata id or "") an article gave an entity
Claim = tuple[str, str, str]
# (article slug, surface form, language tag, rule)
NameUse = tuple[str, str, str, str]


def fact_line(s: str, p: str, o: str) -> str:
    return f"{entity_iri(s)} {kg_iri(p)} {entity_iri(o)} .\n"


def chosen_claim(claims: Iterable[tuple[Claim, int]]) -> Claim:
    """The label, type and Wikidata id of an entity: what most articles said (each claim with
    the number of articles that made it), ties by code-point order; independent of the order
    articles were read in."""
    return min(claims, key=lambda cn: (-cn[1], cn[0]))[0]


def entity_lines(key: str, claim: Claim) -> str:
    label, cls, wikidata = claim
    ent = entity_iri(key)
    text = f"{ent} {RDF_TYPE} {kg_iri(cls)} .\n{ent} {RDFS_LABEL} {literal(label, lang='en')} .\n"
    if wikidata:
        text += f"{ent} {OWL_SAME_AS} {iri(str(WIKIDATA) + wikidata)} .\n"
    return text


def _case_rank(text: str) -> tuple[int, str]:
    """Mixed case first, then all capitals, then lower case; ties by code-point order."""
    return (2 if text == text.lower() else 1 if text == text.upper() else 0, text)


# (kept form, language, the uses of the form's group), of name_groups
NameGroup = tuple[str, str, list[NameUse]]


def name_groups(uses: Iterable[NameUse]) -> list[NameGroup]:
    """(kept form, language, uses) of each form ignoring case, per language."""
    groups: dict[tuple[str, str], list[NameUse]] = collections.defaultdict(list)
    for use in uses:
        groups[(use[1].casefold(), use[2])].append(use)
    return [
        (min((use[1] for use in group), key=_case_rank), lang, group)
        for (_, lang), group in sorted(groups.items())
    ]


def alt_labels(groups: list[NameGroup]) -> list[tuple[str, str]]:
    """(text, language tag or "") of each skos:altLabel alt_label_lines writes."""
    return [(kept, lang) for kept, lang, _group in groups]


def alt_label_lines(key: str, groups: list[NameGroup]) -> str:
    """An entity's alternative names: one per language among forms that differ only in case
    ("Stoltenberg", "STOLTENBERG"), the kept form (_case_rank)."""
    ent = entity_iri(key)
    return "".join(
        f"{ent} {SKOS_ALT_LABEL} {literal(kept, lang=lang or None)} .\n"
        for kept, lang, _group in groups
    )


def name_record_lines(key: str, groups: list[NameGroup]) -> str:
    """A kg:NameRecord per article and form saying why the name was merged into this node; a
    record of a dropped form names the kept one."""
    return "".join(text for _slug, text in name_records(key, groups))


def name_records(
    key: str, groups: list[NameGroup], keep: Callable[[str], bool] | None = None
) -> Iterator[tuple[str, str]]:
    """(article slug, N-Triples) of each of name_record_lines' records, in its order, or of
    those whose article slug `keep` takes: kg.store keeps a hub entity's records in parts by
    article, as every article naming it adds some. The kept form of each name is chosen among
    all the uses of its group."""
    ent = entity_iri(key)
    for kept, lang, group in groups:
        name = literal(kept, lang=lang or None)
        for slug, surface, _lang, rule in sorted(set(group)):
            if keep is not None and not keep(slug):
                continue
            digest = hashlib.sha1(f"{key}|{surface}|{lang}".encode()).hexdigest()[:12]
            rec = iri(f"{ARTICLE_BASE}{slug}/n{digest}")
            yield (
                slug,
                (
                    f"{rec} {RDF_TYPE} {kg_iri('NameRecord')} .\n"
                    f"{rec} <{_RDF}subject> {ent} .\n"
                    f"{rec} <{_RDF}predicate> {SKOS_ALT_LABEL} .\n"
                    f"{rec} <{_RDF}object> {name} .\n"
                    f"{rec} {kg_iri('rule')} {literal(rule)} .\n"
                    f"{rec} {kg_iri('article')} {iri(ARTICLE_BASE + slug)} .\n"
                ),
            )


@functools.cache
def _schema() -> dict[str, tuple[tuple[str, str, str], ...]]:
    """kg.ttl's statements about each kg: term, as N-Triples (predicate, object, super term)."""
    import pyoxigraph as ox

    from kg.data import ontology_dir

    ns = str(KG._NS)
    out: dict[str, list[tuple[str, str, str]]] = collections.defaultdict(list)
    for quad in ox.parse(path=str(ontology_dir() / "kg.ttl"), format=ox.RdfFormat.TURTLE):
        s, p, o = quad.subject, quad.predicate, quad.object
        if not (isinstance(s, ox.NamedNode) and s.value.startswith(ns)):
            continue
        if isinstance(o, ox.Literal):
            datatype = o.datatype.value if o.datatype.value != _XSD_STRING else None
            obj = literal(o.value, lang=o.language, datatype=None if o.language else datatype)
        elif isinstance(o, ox.NamedNode):
            obj = iri(o.value)
        else:  # kg.ttl has no blank nodes; a declaration with one is not copied
            continue
        sup = o.value[len(ns) :] if p.value in _SUPER and o.value.startswith(ns) else ""
        out[s.value[len(ns) :]].append((iri(p.value), obj, sup))
    return {k: tuple(sorted(v)) for k, v in out.items()}


def declared_terms(used: Iterable[str]) -> set[str]:
    """The kg: terms (local names) whose declarations a graph using `used` copies from kg.ttl:
    those, the ones every graph uses, and their super-classes and super-properties."""
    schema = _schema()
    todo = list(ALWAYS_DECLARED) + list(used)
    seen: set[str] = set()
    while todo:
        term = todo.pop()
        if term in seen:
            continue
        seen.add(term)
        todo += [sup for _p, _o, sup in schema.get(term, ()) if sup]
    return seen


def declaration_lines(terms: Iterable[str]) -> str:
    schema = _schema()
    return "".join(
        f"{iri(str(KG._NS) + t)} {p} {o} .\n"
        for t in sorted(terms)
        for p, o, _sup in schema.get(t, ())
    )
