"""What `kg query` and `kg serve` refuse to run: SPARQL updates (kg only reads) and SERVICE
clauses (kg never goes to the network). `screen` decides at once, without rdflib's parse, for
any text that cannot be refused; `check_query` decides on rdflib's parse."""

from __future__ import annotations

import contextlib
import re

from kg.errors import QueryError

SERVICE_REFUSED = (
    "SERVICE clauses are not supported: kg never sends queries to other servers; "
    "query that endpoint itself, or save its data in a graph file and query the file"
)
UPDATE_REFUSED = (
    "SPARQL updates are not supported: kg only reads (SELECT, ASK, CONSTRUCT, DESCRIBE); "
    "to change the graph, change its articles and build it again"
)
# The first word of each SPARQL 1.1 update operation.
_UPDATE_WORDS = frozenset(
    {"INSERT", "DELETE", "WITH", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD"}
)


def check_query(sparql: str, *, unparsed_service: bool = False) -> None:
    """Raise QueryError for what kg never runs: a SPARQL update, or a query with a SERVICE clause
    (either engine would send an HTTP request for it). kg query and kg serve both ask this.

    Decided on rdflib's parse of the query (so case, spacing, comments and \\u escapes do not
    matter, and the word "service" in a string is no SERVICE clause). A query that rdflib
    cannot parse passes unless `unparsed_service` is set and the word "service" stands in it:
    kg query never runs such a query (both engines have rdflib parse it first, and report its
    error with line and column), but kg serve gives it to Oxigraph, which parses more (deeper
    nesting, SPARQL 1.2), so it must refuse it itself.
    """
    # rdflib's SPARQL parser is imported where it is used: its import costs more than many
    # answers of a store, which never need it.
    from pyparsing import ParseBaseException
    from rdflib.plugins.sparql.parser import parseQuery

    try:
        parsed = parseQuery(sparql)
    except ParseBaseException as exc:
        if _is_update(sparql, exc.loc):
            raise QueryError(UPDATE_REFUSED) from None
        _check_unparsed(sparql, unparsed_service)
        return
    except Exception:  # rdflib's parse actions raise other types (RecursionError among them)
        _check_unparsed(sparql, unparsed_service)
        return
    if _has_service(parsed):
        raise QueryError(SERVICE_REFUSED)


def screen(sparql: str) -> None:
    """check_query for a text that may be refused (it names SERVICE anywhere, or an update
    operation's first word stands in it as a keyword), at once and without rdflib's parse for
    any other.

    An update word in a comment, a string, an IRI, a prefixed name or a variable is no keyword
    ("# joined with its label" does not cost rdflib's import and parse). Should this screen let
    an update through, it is refused all the same where the query is answered: Oxigraph's query
    parser rejects it and check_query names it (kg.query._oxigraph_answer), and the rdflib
    engine asks check_query first.
    """
    text = expanded(sparql)
    if mentions_service(text) or any(w.upper() in _UPDATE_WORDS for w in _keywords(text)):
        check_query(sparql)


# Where no keyword stands: strings (long ones first), IRIs, comments.
_NOT_KEYWORDS = re.compile(
    r"'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"""(?:[^"\\]|\\.|"(?!""))*"""'
    r"|'(?:[^'\\\n\r]|\\.)*'"
    r'|"(?:[^"\\\n\r]|\\.)*"'
    r'|<[^<>"{}|^`\\\x00-\x20]*>'
    r"|#[^\n\r]*",
    re.DOTALL,
)
# A word that is no part of a prefixed name (ex:with, with:x) or of a variable (?with, $with).
_KEYWORD = re.compile(r"(?<![\w:?$])[A-Za-z]+(?![\w:])")


def _keywords(text: str) -> list[str]:
    """The words of a query text (its \\u escapes expanded) that may be SPARQL keywords."""
    return _KEYWORD.findall(_NOT_KEYWORDS.sub(" ", text))


def expanded(sparql: str) -> str:
    """The text with its \\u and \\U escapes expanded, as SPARQL parsers read it (an invalid
    one is left as it is: the parse names it)."""
    return _ESCAPE.sub(_code_point, sparql)


_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")


def _code_point(match: re.Match[str]) -> str:
    try:
        return chr(int(match.group(1) or match.group(2), 16))
    except (ValueError, OverflowError):
        return match.group(0)


def mentions_service(text: str) -> bool:
    # upper() too: "ſ" (long s) and "ı" (dotless i) upper-case to ASCII letters
    return "service" in text.lower() or "SERVICE" in text.upper()


def names_dataset(sparql: str) -> bool:
    """Whether the query names its dataset (FROM, FROM NAMED): then that, not the union of a
    store's graphs, is its default graph (a FROM word in a string, an IRI, a comment, a
    prefixed name or a variable names none)."""
    return any(word.upper() == "FROM" for word in _keywords(expanded(sparql)))


def star_columns(sparql: str, names: list[str]) -> list[str]:
    """The columns of a SELECT * answer in the order their variables first stand in the query,
    as they are read (engines give them in orders of their own: Oxigraph's, and rdflib's,
    which differ from one query to the next); `names` as they are for any other SELECT."""
    text = _NOT_KEYWORDS.sub(" ", expanded(sparql))
    first = re.search(r"(?<![\w:?$])SELECT\s+(?:(?:DISTINCT|REDUCED)\s+)?(\*)?", text, re.I)
    if first is None or first.group(1) is None:
        return names
    at: dict[str, int] = {}
    for found in re.finditer(r"[?$]([\w\u00b7\u0300-\u036f\u203f-\u2040]+)", text):
        at.setdefault(found.group(1), found.start())
    return sorted(names, key=lambda name: (at.get(name, len(text)), names.index(name)))


def _check_unparsed(sparql: str, refuse_service: bool) -> None:
    if refuse_service and mentions_service(expanded(sparql)):
        raise QueryError(SERVICE_REFUSED)


def _is_update(sparql: str, failed_at: int) -> bool:
    """Whether `sparql`, which is no query, is an update: it parses as one, or the query
    grammar failed (at `failed_at` of the text with \\u escapes expanded) where an update
    operation's first word stands."""
    from rdflib.plugins.sparql.parser import expandUnicodeEscapes, parseUpdate

    with contextlib.suppress(ValueError):  # an invalid escape: the parse names it
        word = re.match(r"[A-Za-z]+", expandUnicodeEscapes(sparql)[failed_at:])
        if word and word.group(0).upper() in _UPDATE_WORDS:
            return True
    try:
        update = parseUpdate(sparql)
    except Exception:
        return False
    return "request" in update  # an empty text or a lone prologue parses as an empty update


def _has_service(tree: object) -> bool:
    """Whether a parse tree of rdflib's holds a SERVICE clause (walked without recursion, so no
    nesting is too deep for it)."""
    from pyparsing import ParseResults
    from rdflib.plugins.sparql.parserutils import CompValue

    stack = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, CompValue):
            if node.name == "ServiceGraphPattern":
                return True
            stack.extend(dict.values(node))
        elif isinstance(node, dict):
            stack.extend(node.values())
        elif isinstance(node, list | tuple | ParseResults):
            stack.extend(node)
    return False
