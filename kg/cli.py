"""Command line: parses options and calls the library function of the same name."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from kg import __version__
from kg.errors import KgError


def _fail(exc: KgError) -> click.ClickException:
    return click.ClickException(str(exc))


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="kg")
def main() -> None:
    """kg: turn news articles (Indonesian and English) into an RDF knowledge graph.

    \b
    Example:
        kg build input/ -o output/
        kg query output/graph.ttl 'SELECT ?s ?o WHERE { ?s kg:urged ?o }'
    """


@main.command("build")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "-o",
    "--out",
    "out_dir",
    default="output",
    show_default=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder for graph.ttl and graph.html.",
)
@click.option("--no-html", is_flag=True, help="Write graph.ttl only.")
@click.option(
    "-j",
    "--workers",
    default=1,
    show_default=True,
    type=click.IntRange(min=0),
    help="Processes for extraction (0 = one per core).",
)
def build_cmd(paths: tuple[Path, ...], out_dir: Path, no_html: bool, workers: int) -> None:
    """Read articles (files or folders) and write OUT/graph.ttl and OUT/graph.html.

    Reads .txt, .md, .html and .jsonl articles; folders are read recursively. Files that
    cannot be used are reported and skipped; the exit code is non-zero only when nothing
    usable was read.

    \b
    Example:
        kg build input/ -o output/
        kg build news.jsonl extra/article.html -o out/ --no-html
    """
    from kg.build import BuildOptions, build

    bar_state: dict[str, object] = {}

    def progress(done: int, total: int) -> None:
        if total < 20:
            return
        bar = bar_state.get("bar")
        if bar is None:
            bar = click.progressbar(length=total, label="Extracting", file=sys.stderr)
            bar.__enter__()
            bar_state["bar"] = bar
        bar.update(1)  # type: ignore[attr-defined]
        if done == total:
            bar.__exit__(None, None, None)  # type: ignore[attr-defined]

    options = BuildOptions(out_dir=out_dir, html=not no_html, workers=workers)
    try:
        report = build(list(paths), options, progress)
    except KgError as exc:
        raise _fail(exc) from exc
    except OSError as exc:  # the output folder cannot be made or written
        where = exc.filename if exc.filename is not None else out_dir
        raise click.ClickException(
            f"{where}: cannot write the output ({exc.strerror}); choose another folder with -o"
        ) from exc
    for skipped in report.skipped:
        click.echo(f"skipped {skipped.source}: {skipped.reason}", err=True)
    click.echo(
        f"read {report.articles} article(s), skipped {len(report.skipped)}; "
        f"{report.entities} entities, {report.facts} facts in {report.seconds:.1f}s"
    )
    for path in report.outputs:
        click.echo(f"wrote {path}")


@main.command("query")
@click.argument("graph", type=click.Path(path_type=Path))
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
    type=click.Choice(["table", "csv", "tsv", "json"]),
    default="table",
    show_default=True,
    help="Output format for SELECT results.",
)
def query_cmd(graph: Path, sparql: str | None, query_file: Path | None, fmt: str) -> None:
    """Run a SPARQL query (SELECT, ASK, CONSTRUCT) over a graph file.

    The graph's prefixes (kg:, ent:, art:, rdfs:, skos: ...) are predeclared.

    \b
    Example:
        kg query output/graph.ttl 'SELECT ?who ?whom WHERE { ?who kg:urged ?whom }'
        kg query output/graph.ttl --file queries/who_urged_whom.rq --format csv
    """
    from kg.query import run_query

    if (sparql is None) == (query_file is None):
        raise click.UsageError("give the query either as an argument or with --file, not both")
    if query_file is not None:
        try:
            sparql = query_file.read_text(encoding="utf-8")
        except OSError as exc:
            raise click.ClickException(f"{query_file}: cannot read ({exc.strerror})") from exc
    assert sparql is not None
    try:
        click.echo(run_query(graph, sparql, fmt))
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
    help="List each false positive and false negative with its sentence.",
)
def eval_cmd(texts: Path, gold: Path, verbose: bool) -> None:
    """Score extraction against a gold file, one document at a time.

    Each gold document is built into a graph alone; prints precision, recall and F1 per
    document and a last line with the micro-averaged totals.

    \b
    Example:
        kg eval --gold ../shared/eval/seeds.gold.tsv ../shared/seeds
        kg eval --gold my.gold.tsv articles/ --verbose
    """
    from kg.evaluate import evaluate, format_report

    try:
        report = evaluate(gold, texts)
    except KgError as exc:
        raise _fail(exc) from exc
    click.echo(format_report(report, verbose))
