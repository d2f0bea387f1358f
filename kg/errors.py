"""Domain errors. Library code raises these; only kg.cli turns them into user messages."""

from __future__ import annotations


class KgError(Exception):
    """Base of every error kg reports to a user; the message names the file or flag and the fix."""


class InputError(KgError):
    """An input path or file cannot be used."""


class NoArticlesError(InputError):
    """Nothing usable was read from any input."""


class OntologyError(KgError):
    """A data file under ontology/ is malformed."""


class GraphError(KgError):
    """A graph file cannot be read or is not a graph kg wrote."""


class QueryError(KgError):
    """A SPARQL query failed to parse or run."""


class GoldError(KgError):
    """A gold TSV file is malformed."""
