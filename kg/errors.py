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


class StoppedError(KgError):
    """The user stopped a command (Ctrl-C, or SIGTERM); `signum` names the signal.

    The command line exits with 128 + signum (130 for Ctrl-C), as a shell reports it.
    """

    def __init__(self, signum: int, message: str) -> None:
        super().__init__(message)
        self.signum = signum

    def __reduce__(self) -> tuple[type[StoppedError], tuple[int, str]]:
        return (StoppedError, (self.signum, str(self)))


class GoldError(KgError):
    """A gold TSV file is malformed."""


class ExportError(KgError):
    """A graph cannot be written in the format or to the place asked for."""


class ServeError(KgError):
    """The SPARQL server cannot be started."""


class ViewOptionError(KgError):
    """An option of the HTML view cannot be used; `option` names it (e.g. "focus")."""

    def __init__(self, option: str, message: str) -> None:
        super().__init__(message)
        self.option = option

    def __reduce__(self) -> tuple[type[ViewOptionError], tuple[str, str]]:
        # pickled back from graph.html's process (kg.child) as itself
        return (ViewOptionError, (self.option, str(self)))


class ValidationSetupError(KgError):
    """The SHACL shapes for `kg validate` cannot be read or used."""


class OutputError(KgError):
    """The output folder cannot be made or written."""


class StaleStoreError(OutputError):
    """The store in the output folder was made by another kg (or other ontology data), and
    `--add` cannot extract again the articles it holds."""


class ClusterError(KgError):
    """The Dask cluster given to `kg build --dask-scheduler` cannot be used."""


class TakeOutError(OutputError):
    """A build without --add would take out most of a large store (kg.build._GUARDED)."""
