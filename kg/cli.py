"""Command line: parses options and calls the library function of the same name."""

from __future__ import annotations

import logging
import signal
import sys
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from kg import __version__
from kg.errors import KgError, StoppedError, ViewOptionError

if TYPE_CHECKING:
    from kg.reader import ReadProgress
    from kg.view import ViewOptions


# The names of kg.export.FORMATS (not imported here: the CLI starts without pyoxigraph).
EXPORT_FORMATS = (
    "turtle",
    "ntriples",
    "nquads",
    "trig",
    "rdfxml",
    "jsonld",
    "graphml",
    "gexf",
    "neo4j",
)

# A format may also be named by its file suffix (kg export --format nt), as -o's suffix names it.
FORMAT_ALIASES = {"ttl": "turtle", "nt": "ntriples", "nq": "nquads", "rdf": "rdfxml"}


class _FormatChoice(click.Choice):  # type: ignore[type-arg, unused-ignore]
    """click.Choice that takes a format's file suffix (FORMAT_ALIASES) for its name."""

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if isinstance(value, str):
            name = FORMAT_ALIASES.get(value.lower().lstrip("."), value)
            if name in self.choices:
                value = name
        return super().convert(value, param, ctx)


class _SizeType(click.ParamType):  # type: ignore[type-arg, unused-ignore]
    """A size in bytes written as 500KB, 10MB, 1.5GB or a plain number of bytes."""

    name = "size"
    _UNITS = {"": 1, "b": 1, "kb": 10**3, "mb": 10**6, "gb": 10**9}

    def convert(
        self, value: object, param: click.Parameter | None, ctx: click.Context | None
    ) -> int:
        if isinstance(value, int):
            return value
        text = str(value).strip().lower().replace(" ", "")
        number = text.rstrip("kmgb")
        unit = text[len(number) :]
        try:
            size = int(float(number) * self._UNITS[unit])
        except (ValueError, KeyError):
            self.fail(f"{value!r} is not a size; write it like 500KB, 10MB or 1GB", param, ctx)
        if size <= 0:
            self.fail(f"{value!r} must be more than 0", param, ctx)
        return size


_SIZE = _SizeType()
# `kg build` names each skipped input when there are at most this many (else with --verbose).
_SHOW_SKIPPED = 10


def _progress(label: str, unit: str) -> Callable[[int, int], None]:
    """Progress of a long run on stderr: a bar with the rate and the time left on a terminal;
    elsewhere (a log, CI) a line at every 10%, so a log shows the run is alive."""
    # the clock starts at the first report: reading comes before extraction and takes its time
    state: dict[str, Any] = {"started": None, "shown": 0}

    def update(done: int, total: int) -> None:
        if state["started"] is None:
            state["started"] = time.monotonic()
        if total < 20:
            return
        if sys.stderr.isatty():
            bar = state.get("bar")
            if bar is None:
                bar = click.progressbar(
                    length=total, label=label, file=sys.stderr, show_eta=True, show_pos=True
                )
                bar.__enter__()
                state["bar"] = bar
            bar.update(done - bar.pos)
            if done == total:
                bar.__exit__(None, None, None)
            return
        tenth = done * 10 // total
        if tenth > state["shown"]:
            state["shown"] = tenth
            seconds = time.monotonic() - state["started"]
            rate = done / seconds if seconds > 0 else 0.0
            click.echo(
                f"{label}: {done}/{total} {unit} ({tenth * 10}%, {rate:.1f} {unit}/s)",
                err=True,
            )

    return update


def _read_progress() -> Callable[[ReadProgress], None]:
    """Progress of reading a WARC on stderr, in records: on a terminal one line redrawn;
    elsewhere a line at every 10% of the file. Small archives (under 100 records) say nothing."""
    state: dict[str, Any] = {"started": time.monotonic(), "source": None, "shown": 0}

    def update(progress: ReadProgress) -> None:
        if progress.source != state["source"]:
            state.update(started=time.monotonic(), source=progress.source, shown=0)
        if progress.records < 100:
            return
        total = max(progress.total_bytes, 1)
        share = progress.done_bytes * 100 // total
        seconds = time.monotonic() - state["started"]
        rate = progress.records / seconds if seconds > 0 else 0.0
        line = (
            f"Reading {progress.source}: {progress.records:,} records "
            f"({share}%, {rate:.0f} records/s)"
        )
        done = progress.done_bytes >= progress.total_bytes
        if sys.stderr.isatty():
            click.echo(f"\r{line}", nl=done, err=True)
        elif share // 10 > state["shown"]:
            state["shown"] = share // 10
            click.echo(line, err=True)

    return update


def _fail(exc: KgError) -> click.ClickException:
    return click.ClickException(str(exc))


def _stopped(exc: StoppedError) -> click.exceptions.Exit:
    """Ctrl-C or SIGTERM: say so, and exit with 128 + the signal's number, as a shell does."""
    click.echo(f"Error: {exc}", err=True)
    return click.exceptions.Exit(128 + exc.signum)


def _bad_view_option(exc: ViewOptionError) -> click.BadParameter:
    return click.BadParameter(str(exc), param_hint=f"'--{exc.option}'")


def _view_options(command: Callable[..., None]) -> Callable[..., None]:
    """--max-nodes, --max-facts, --focus and --depth, shared by `kg build` and `kg view`."""
    for option in reversed(
        (
            click.option(
                "--max-nodes",
                type=click.IntRange(min=1),
                help="Draw only the N most connected entities (the page says what it left out).",
            ),
            click.option(
                "--max-facts",
                type=click.IntRange(min=0),
                help="Draw at most N facts, those told by the most records; 0 draws every "
                "fact (the graph file always holds all).  [default: 20000]",
            ),
            click.option(
                "--focus",
                metavar="NAME",
                help="Draw only this entity (a name, alias or Wikidata id) and its neighbours.",
            ),
            click.option(
                "--depth",
                type=click.IntRange(min=0),
                help="With --focus: how many facts away from NAME to go.  [default: 1]",
            ),
        )
    ):
        command = option(command)
    return command


def _view_opts(
    max_nodes: int | None, max_facts: int | None, focus: str | None, depth: int | None
) -> ViewOptions:
    if depth is not None and focus is None:
        raise click.UsageError("--depth needs --focus NAME (the entity to start from)")
    from kg.view import ViewOptions

    options = ViewOptions(max_nodes=max_nodes, focus=focus, depth=1 if depth is None else depth)
    return options if max_facts is None else replace(options, max_facts=max_facts)


def _counted(n: int, one: str, many: str = "") -> str:
    """ "1 entity", "2 entities", "1,024 facts"."""
    return f"{n:,} {one if n == 1 else many or one + 's'}"


class _Kg(click.Group):
    """kg's commands; a Ctrl-C that none of them turns into its own message (while one loads
    its modules, say) still exits 130 with a word, not click's "Aborted!" and 1."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt:
            what = f"kg {ctx.invoked_subcommand}" if ctx.invoked_subcommand else "kg"
            raise _stopped(StoppedError(signal.SIGINT, f"{what} stopped by Ctrl-C")) from None


@click.group(cls=_Kg, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="kg")
def main() -> None:
    """kg: turn news articles (Indonesian and English) into an RDF knowledge graph.

    \b
    Example:
        kg build input/ -o output/
        kg query output/graph.ttl 'SELECT ?s ?o WHERE { ?s kg:urged ?o }'
    """
    # rdflib logs each odd term of a file it parses ("does not look like a valid URI"): the
    # error kg raises for the file names it, line and fix, without them
    logging.getLogger("rdflib").setLevel(logging.ERROR)


@main.command("build")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "-o",
    "--out",
    "out_dir",
    default="output",
    show_default=True,
    type=click.Path(path_type=Path),  # checked by kg.io.holding, with kg's message
    help="Folder for graph.ttl and graph.html.",
)
@click.option("--no-html", is_flag=True, help="Write graph.ttl only.")
@click.option(
    "-j",
    "--workers",
    default=0,
    show_default=True,
    type=click.IntRange(min=0),
    help="Processes for reading and extraction (0 = one per available core).",
)
@click.option(
    "--add",
    is_flag=True,
    help="Add these articles to the graph in OUT, keeping the ones it has (the daily "
    "ingest). Without it the graph holds exactly the articles given.",
)
@click.option(
    "--replace",
    is_flag=True,
    help="Let this build take out most of the articles OUT's store holds (over half of 100 "
    "or more): without it such a build, a forgotten --add, stops and changes nothing.",
)
@click.option(
    "--dask-scheduler",
    metavar="ADDRESS",
    help="Extract on this Dask cluster (tcp://HOST:PORT) instead of local processes; "
    "needs kg on every worker.",
)
@click.option(
    "--format",
    "formats",
    multiple=True,
    type=_FormatChoice(EXPORT_FORMATS),
    help="Also write the graph in this format as OUT/graph.<ext> (neo4j: OUT/neo4j/); "
    "repeat for more. See `kg export --help`.",
)
@click.option(
    "--max-article-size",
    "max_article_size",
    default="10MB",
    show_default=True,
    type=_SIZE,
    help="Skip any article larger than this, naming it: a file, or one record of a file "
    "that holds many (.jsonl line, CSV row, feed item, WARC record). KB, MB, GB.",
)
@click.option(
    "-v",
    "--verbose",
    is_flag=True,
    help=f"Name every skipped input with its reason (without it: when at most "
    f"{_SHOW_SKIPPED}; always a count by reason).",
)
@_view_options
def build_cmd(
    paths: tuple[Path, ...],
    out_dir: Path,
    no_html: bool,
    workers: int,
    add: bool,
    replace: bool,
    dask_scheduler: str | None,
    formats: tuple[str, ...],
    max_article_size: int,
    verbose: bool,
    max_nodes: int | None,
    max_facts: int | None,
    focus: str | None,
    depth: int | None,
) -> None:
    """Read articles (files or folders) and write OUT/graph.ttl and OUT/graph.html.

    Reads .txt and .md articles, .html pages, .jsonl and .json records (kg's fields or
    news-please's), .csv with a text column, RSS/Atom feeds (.rss, .atom, .xml) and WARC
    archives (.warc, .warc.gz); folders are read recursively. What cannot be used is skipped
    and counted by reason (named one by one when few, or with --verbose); the exit code is
    non-zero only when nothing usable was read.

    The graph is kept in a store in OUT (OUT/store/, which `kg query OUT` reads). A rebuild
    extracts only new or changed articles and takes out those no longer given; --add adds
    articles without listing the old ones. A failed or interrupted run changes nothing.

    \b
    Example:
        kg build input/ -o output/
        kg build --add today/ -o output/
        kg build this-week/ -o output/ --replace
        kg build crawl.warc.gz -o out/ --verbose
        kg build news.jsonl extra/article.html feed.rss -o out/ --no-html
        kg build corpus/ -o out/ -j 2 --max-nodes 2000
        kg build corpus/ -o out/ --dask-scheduler tcp://10.0.0.5:8786
        kg build corpus/ -o out/ --focus Korsel --depth 2
        kg build input/ -o output/ --format graphml --format neo4j
    """
    from kg.build import BuildOptions, build
    from kg.reader import ReadOptions

    progress = _progress("Extracting", "articles")

    options = BuildOptions(
        out_dir=out_dir,
        html=not no_html,
        workers=workers,
        add=add,
        replace=replace,
        dask_scheduler=dask_scheduler,
        view=_view_opts(max_nodes, max_facts, focus, depth),
        formats=formats,
        read=ReadOptions(max_article_bytes=max_article_size, progress=_read_progress()),
    )
    try:
        report = build(list(paths), options, progress)
    except KeyboardInterrupt:
        stopped = f"kg build stopped by Ctrl-C; nothing in {out_dir} was changed"
        raise _stopped(StoppedError(signal.SIGINT, stopped)) from None
    except ViewOptionError as exc:
        raise _bad_view_option(exc) from exc
    except KgError as exc:
        raise _fail(exc) from exc
    for notice in report.notices:
        click.echo(f"warning: {notice.source}: {notice.message}", err=True)
    listed = verbose or len(report.skipped) <= _SHOW_SKIPPED
    if listed:
        for skipped in report.skipped:
            click.echo(f"skipped {skipped.source}: {skipped.reason}", err=True)
    if report.up_to_date:
        click.echo(
            f"{report.unchanged} article(s) unchanged; the graph in {out_dir} is up to date "
            f"({report.articles} article(s)) in {report.seconds:.1f}s"
        )
    else:
        click.echo(
            f"read {report.given} article(s), skipped {len(report.skipped)}; "
            f"{_counted(report.entities, 'entity', 'entities')}, "
            f"{_counted(report.facts, 'fact')} in {report.seconds:.1f}s"
        )
        click.echo(
            f"store: {report.added} article(s) extracted (new or changed), "
            f"{report.unchanged} unchanged, {report.removed} taken out; it holds "
            f"{report.articles} article(s)"
        )
    if report.skipped:
        table = ", ".join(f"{n} {group}" for group, n in report.skip_table())
        click.echo(
            f"{len(report.skipped)} skipped: {table}"
            + ("" if listed else " (--verbose names each)")
        )
    for path in report.outputs:
        click.echo(f"wrote {path}")
    if report.phases:
        click.echo("time: " + ", ".join(f"{name} {sec:.1f}s" for name, sec in report.phases))
    for path in report.earlier:
        click.echo(f"kept {path} from an earlier run (this run did not write it)")
    for note in report.view.notes() if report.view else []:
        click.echo(f"graph.html: {note}")


@main.command("query")
@click.argument("graph", type=click.Path(path_type=Path), metavar="GRAPH|OUT")
@click.argument("sparql", required=False)
@click.option(
    "-f",
    "--file",
    "query_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Read the SPARQL query from this file.",
)
@click.option(
    "--format",
    "fmt",
    type=_FormatChoice(["table", "csv", "tsv", "json", "turtle", "ntriples"]),  # kg.query.FORMATS
    default="table",
    show_default=True,
    help="Output format: table, csv, tsv or json for SELECT and ASK; turtle or ntriples (nt) "
    "for CONSTRUCT and DESCRIBE, which table gives as Turtle.",
)
@click.option(
    "--engine",
    type=click.Choice(["auto", "rdflib", "oxigraph"]),
    default="auto",
    show_default=True,
    help="SPARQL engine for a graph file; auto uses Oxigraph for files of 1 MB or more. Both "
    "give the same answers. An output folder is answered by Oxigraph.",
)
@click.option(
    "--timeout",
    type=click.FloatRange(min=0),
    default=0,
    show_default=True,
    metavar="SECONDS",
    help="Stop the query after this many seconds, reading a graph file included (0: no limit). "
    "Ctrl-C stops it at any time.",
)
def query_cmd(
    graph: Path,
    sparql: str | None,
    query_file: Path | None,
    fmt: str,
    engine: str,
    timeout: float,
) -> None:
    """Run a SPARQL query (SELECT, ASK, CONSTRUCT, DESCRIBE) over a graph file, or over the
    output folder of kg build, answered from the store the build keeps there (nothing is
    read again: the fast way for a large graph).

    The graph's prefixes and kg's (kg:, ent:, art:, rdfs:, skos: ...) are predeclared, in
    every format. In quad files (.nq, .trig) and in the store GRAPH and FROM NAMED see the
    named graphs (one per article). kg query only reads and never goes to the network:
    updates and SERVICE clauses are refused.

    \b
    Example:
        kg query output/ 'SELECT ?a ?b WHERE { ?a kg:urged ?b }'
        kg query output/ --file queries/who_urged_whom.rq --format csv
        kg query output/graph.ttl 'DESCRIBE ent:NATO'
        kg query output/ 'CONSTRUCT WHERE { ?a kg:urged ?b }' --format ntriples
        kg query big/graph.ttl --file queries/actors_by_degree.rq \\
            --engine oxigraph --timeout 60
    """
    from kg.query import QueryOptions, answer

    if sparql is None and query_file is None:
        raise click.UsageError("no query given: pass the SPARQL as an argument or with --file")
    if sparql is not None and query_file is not None:
        raise click.UsageError("give the query either as an argument or with --file, not both")
    if query_file is not None:
        try:
            sparql = query_file.read_text(encoding="utf-8")
        except OSError as exc:
            raise click.ClickException(f"{query_file}: cannot read ({exc.strerror})") from exc
    assert sparql is not None
    options = QueryOptions(fmt=fmt, engine=engine, timeout=timeout)
    try:
        click.echo(answer(graph, sparql, options), nl=False)
    except StoppedError as exc:
        raise _stopped(exc) from exc
    except KgError as exc:
        raise _fail(exc) from exc


@main.command("eval")
@click.argument("texts", type=click.Path(path_type=Path))
@click.option(
    "--gold",
    required=True,
    type=click.Path(path_type=Path),
    help="Gold TSV: doc, subject, predicate, object, status, note.",
)
@click.option(
    "-v",
    "--verbose",
    is_flag=True,
    help="List each false positive and false negative with its sentence, and each "
    "document's figures by predicate.",
)
def eval_cmd(texts: Path, gold: Path, verbose: bool) -> None:
    """Score extraction against a gold file, one document at a time.

    Each gold document is built into a graph alone. Prints precision, recall and F1 per
    document, then by predicate, for events alone (all but leads, officialOf, memberOf)
    and by language, and on the last line the totals over all documents (micro average).
    P = tp/(tp+fp) over predicted triples; R = required gold rows matched / required gold
    rows (graph contract, section 4).

    The gold files below ship in the repository (run from the clone's root). kg's
    developers also have the shared dev sets: ../shared/eval/seeds.gold.tsv (texts in
    ../shared/seeds) and ../shared/eval/realnews.gold.tsv.

    \b
    Example:
        kg eval --gold tests/data/gold/own.gold.tsv tests/data/gold/texts
        kg eval --gold tests/data/gold/own.gold.tsv tests/data/gold/texts --verbose
    """
    from kg.evaluate import evaluate, format_report

    try:
        report = evaluate(gold, texts)
    except KgError as exc:
        raise _fail(exc) from exc
    click.echo(format_report(report, verbose))


@main.command("view")
@click.argument("graph", type=click.Path(path_type=Path))
@click.option(
    "-o",
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    help="The HTML file to write.  [default: GRAPH with the suffix .html]",
)
@click.option("--title", default="kg graph", show_default=True, help="Title of the page.")
@_view_options
def view_cmd(
    graph: Path,
    out: Path | None,
    title: str,
    max_nodes: int | None,
    max_facts: int | None,
    focus: str | None,
    depth: int | None,
) -> None:
    """Write an offline HTML view of a graph file kg wrote (.ttl, .nt, .jsonld, ...), or of
    an output folder of kg build (from its store: quick however large the archive).

    The page needs no network: search names and aliases, filter by entity type, relation and
    article date, click a node or an edge for its facts and evidence sentences. Big graphs
    are laid out before the page opens, and the options below can draw part of one.

    \b
    Example:
        kg view output/graph.ttl -o view.html
        kg view big/graph.ttl -o top.html --max-nodes 2000
        kg view big/graph.ttl -o all.html --max-facts 0
        kg view output/graph.ttl -o korea.html --focus "Korea Selatan" --depth 2
        kg view news/ -o iran.html --focus Iran
    """
    from kg.view import view

    target = out if out is not None else graph.with_suffix(".html")
    if target.resolve() == graph.resolve():
        raise click.BadParameter("is the graph file itself; give another -o", param_hint="'-o'")
    options = replace(_view_opts(max_nodes, max_facts, focus, depth), title=title)
    try:
        stats = view(graph, target, options)
    except ViewOptionError as exc:
        raise _bad_view_option(exc) from exc
    except KgError as exc:
        raise _fail(exc) from exc
    except OSError as exc:
        raise click.ClickException(
            f"{target}: cannot write ({exc.strerror}); choose another file with -o"
        ) from exc
    click.echo(
        f"wrote {target}: {_counted(stats.nodes, 'entity', 'entities')}, "
        f"{_counted(stats.edges, 'fact')} ({stats.layout} layout)"
    )
    for note in stats.notes():
        click.echo(note)
    if not stats.total_edges:
        click.echo(f"warning: {graph}: {_NO_FACTS}", err=True)


# A graph with no fact of kg's relations: another vocabulary's, or an empty one.
_NO_FACTS = (
    "holds no fact of kg's relations (kg:urged, kg:metWith, ...); is it a graph kg build wrote?"
)


@main.command("export")
@click.argument("graph", type=click.Path(path_type=Path))
@click.option(
    "-o",
    "--out",
    required=True,
    type=click.Path(path_type=Path),
    help="The file to write (for neo4j: the folder for nodes.csv and relationships.csv).",
)
@click.option(
    "--format",
    "fmt",
    type=_FormatChoice(EXPORT_FORMATS),
    help="Output format.  [default: from the suffix of --out]",
)
def export_cmd(graph: Path, out: Path, fmt: str | None) -> None:
    """Write a graph file in another format, for other tools.

    \b
    Formats (one a line: name, suffix of --out, what):
    turtle    .ttl      Turtle, provenance as reification (graph.ttl's form)
    ntriples  .nt       N-Triples, one triple a line
    nquads    .nq       N-Quads: all triples, plus a named graph per article
    trig      .trig     TriG: the same named graphs as nquads
    rdfxml    .rdf      RDF/XML (Protege and older tools)
    jsonld    .jsonld   JSON-LD with a context of kg's prefixes
    graphml   .graphml  GraphML: entities as nodes, facts as edges (yEd, networkx)
    gexf      .gexf     GEXF 1.3 for Gephi: entities as nodes, facts as edges
    neo4j     FOLDER    nodes.csv and relationships.csv for neo4j-admin import

    \b
    Example:
        kg export output/graph.ttl -o output/graph.gexf
        kg export output/graph.ttl --format nquads -o output/graph.nq
        kg export output/graph.ttl --format neo4j -o output/neo4j/
    """
    from kg.export import ExportOptions, export

    try:
        report = export(graph, ExportOptions(out=out, fmt=fmt))
    except KgError as exc:
        raise _fail(exc) from exc
    except OSError as exc:  # named by -o, not by the temporary file it failed to write
        above = next((p for p in out.parents if p.exists()), None)
        detail = exc.strerror
        if above is not None and not above.is_dir():
            detail = f"{above} is a file, not a folder"
        raise click.ClickException(
            f"{out}: cannot write the export ({detail}); choose another place with -o"
        ) from exc
    click.echo(
        f"read {report.triples} triples ({_counted(report.entities, 'entity', 'entities')}, "
        f"{_counted(report.facts, 'fact')}); "
        f"{report.fmt} in {report.seconds:.1f}s"
    )
    for path in report.outputs:
        click.echo(f"wrote {path}")
    if not report.facts:
        click.echo(f"warning: {graph}: {_NO_FACTS}", err=True)


@main.command("validate")
@click.argument("graph", type=click.Path(path_type=Path))
@click.option(
    "--shapes",
    type=click.Path(dir_okay=False, path_type=Path),
    help="SHACL shapes to check.  [default: kg's ontology/shapes.ttl]",
)
@click.option("-q", "--quiet", is_flag=True, help="List violations only, not warnings.")
def validate_cmd(graph: Path, shapes: Path | None, quiet: bool) -> None:
    """Check a graph file against the SHACL shapes of the graph contract.

    Every fact's ends must be typed entities with an English label, every fact must have a
    provenance record, every predicate must be declared. Prints one line per finding, naming
    the node, and a summary; exits 1 when there is a violation (warnings do not fail).

    Runs pyshacl with SHACL-AF on and no inference. The shapes are SHACL Core plus two
    SHACL-SPARQL constraints, so a SHACL tool that runs both (pyshacl with no flags)
    checks every rule on any graph kg writes, with or without RDFS inference (not OWL RL:
    owl:sameAs would merge each entity with its Wikidata item); two SHACL-AF targets only
    widen the net for graphs from elsewhere. The same by hand, in a clone (-w: warnings
    do not fail):

    \b
        pyshacl -s ontology/shapes.ttl -w output/graph.ttl
        pyshacl -s ontology/shapes.ttl -w -a output/graph.ttl   # as kg validate
        pyshacl -s ontology/shapes.ttl -w -i rdfs output/graph.ttl

    \b
    Example:
        kg validate output/graph.ttl
        kg validate export/graph.trig --shapes my-shapes.ttl
    """
    from kg.validate import ValidateOptions, validate

    try:
        report = validate(graph, ValidateOptions(shapes=shapes, warnings=not quiet))
    except KgError as exc:
        raise _fail(exc) from exc
    click.echo(report.text())
    if not report.conforms:
        raise click.exceptions.Exit(1)


@main.command("serve")
@click.argument("graph", type=click.Path(path_type=Path))
@click.option(
    "-p",
    "--port",
    default=7878,
    show_default=True,
    type=click.IntRange(1, 65535),
    help="Port on 127.0.0.1 (kg serves on the loopback interface only).",
)
@click.option(
    "--store",
    type=click.Path(file_okay=False, path_type=Path),
    help="Keep the Oxigraph store in this folder.  [default: a temporary folder, removed]",
)
@click.option(
    "--timeout",
    default=30.0,
    show_default=True,
    type=click.FloatRange(min=0.1),
    metavar="SECONDS",
    help="Stop a query that runs longer (HTTP 503).",
)
@click.option(
    "--max-request-bytes",
    default=1_000_000,
    show_default=True,
    type=click.IntRange(min=1),
    metavar="N",
    help="Refuse a larger request body (HTTP 413) or a longer URL (414).",
)
@click.option(
    "--token",
    metavar="TEXT",
    help="The secret path step of the URL (16+ letters, digits, - or _).  [default: random]",
)
def serve_cmd(
    graph: Path,
    port: int,
    store: Path | None,
    timeout: float,
    max_request_bytes: int,
    token: str | None,
) -> None:
    """Serve a graph file read-only over SPARQL HTTP on 127.0.0.1 (Oxigraph), until Ctrl-C.

    The endpoint is http://127.0.0.1:PORT/TOKEN/query, printed at the start: the random TOKEN
    keeps web pages you open from using the server. Requests that come from a web page
    (Origin/Referer) or name another host are refused (403); so are SERVICE clauses (400):
    kg serve never sends requests elsewhere.

    \b
    Example:
        kg serve output/graph.ttl --token my-own-secret-token
        curl -H 'Accept: text/csv' \\
            --data-urlencode query@queries/who_urged_whom.rq \\
            http://127.0.0.1:7878/my-own-secret-token/query
    """
    from kg.serve import ServeOptions, serve

    def ready(url: str) -> None:
        click.echo(f"serving {graph} at {url} (SPARQL 1.1 protocol, read-only); Ctrl-C stops")

    options = ServeOptions(
        port=port, store=store, timeout=timeout, max_request_bytes=max_request_bytes, token=token
    )
    try:
        serve(graph, options, ready)
    except KgError as exc:
        raise _fail(exc) from exc
    click.echo("stopped")
