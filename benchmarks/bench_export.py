"""Benchmark of `kg export` and `kg query`: every export format, and rdflib against Oxigraph.

    python benchmarks/bench_export.py                  # about 1,000,000 triples
    python benchmarks/bench_export.py 100000           # about 100,000 triples, a quick run
    python benchmarks/bench_export.py --entities 5000  # a graph of exactly 5000 entities
    python benchmarks/bench_export.py --keep out/ 100000  # keep the files written in out/
    python benchmarks/bench_export.py --max-gb 8       # address-space limit (default 16 GB)
    python benchmarks/bench_export.py -v 100000        # name each step on stderr as it starts

It makes the synthetic news archive of benchmarks/bench_view.py (`synthetic_store`: synthetic
kg.model.Extraction values put in an in-memory store by kg's own mechanism, as `kg build`
does; about 55 triples per entity, so ~18,000 entities give 1M triples), its articles from
one of five outlets (with one publisher the "two or more outlets" query would have no
answer), writes graph.ttl as the build does (kg.store.write_turtle), then prints three tables.

Graph:
- entities, triples: size of the graph; build s: synthetic_store (kg.triples.article_record and
  kg.store.add_article for every article, derive_names, derive); write s:
  kg.store.write_turtle; ttl MB: size of graph.ttl.

Exports, one row per kg.export.FORMATS (MB = 10^6 bytes):
- export s: kg.export.export(graph.ttl, ExportOptions(out, fmt)), what `kg export` runs:
  reading graph.ttl with Oxigraph, deduplicating and sorting, converting, writing;
- write s: kg.export.write_format alone, on triples read once (read_triples, first line);
- MB, files: size of the output (neo4j: nodes.csv + relationships.csv together);
- nodes, edges: entities and facts the export reports;
- read back: the RDF outputs read again with kg.export.read_triples: "same" when they give
  exactly the triples of graph.ttl (else how many triples differ); "-" for property graphs;
- = build: "yes" when the file is byte-identical to the one `kg build --format` writes
  (kg.export.write_exports of read_triples(graph.ttl), every format at once; its time is the
  last line).

SPARQL, one row per query (queries/*.rq), through kg.query, output format json:
- rows rdflib, rows oxigraph: result rows of each engine (they must be equal: a mismatch
  prints a warning and the script exits with status 1);
- rdflib s, oxigraph s: kg.query.query_graph / query_store on a graph loaded beforehand
  (the first line, "load", is kg.query.load_graph / load_store of graph.ttl); x: how many
  times faster Oxigraph is. query_store's time includes kg's own work around Oxigraph: the
  query is parsed by rdflib first (for its error messages) and every answer term becomes an
  rdflib term before it is printed;
- same: "yes" when both outputs are identical text, "order" when they hold the same rows in
  another order, "NO" otherwise (a warning, and exit status 1).
The last line times kg.query.query(path, sparql, QueryOptions(fmt="json", engine=...)), load
and query together as `kg query` runs them, for the first query, and checks its output is the
one of the separate calls.

Figures are printed, never asserted: they depend on the machine. The default run took about
6 minutes on 2 cores and 3 GB at its peak (max RSS, printed at the end) when the graph was
made in rdflib (kg.graph.GraphBuilder, gone); not measured at that size since. It runs under an
address-space limit (--max-gb, default 16 GB of a 24 GB machine; 0 for none), so a runaway
query stops with "out of memory in <step>" and exit status 2 instead of waking the OOM
killer. Exit status 1: the engines disagree.
"""

from __future__ import annotations

import argparse
import faulthandler
import gc
import importlib.util
import json
import resource
import shutil
import signal
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, cast

from kg.export import (
    FORMATS,
    ExportOptions,
    default_name,
    export,
    read_triples,
    write_exports,
    write_format,
)
from kg.query import QueryOptions, load_graph, load_store, query, query_graph, query_store
from kg.store import Staged, discard_store, write_turtle

HERE = Path(__file__).resolve().parent
QUERIES = HERE.parent / "queries"
DEFAULT_QUERIES = ("who_urged_whom.rq", "actors_by_degree.rq", "facts_in_two_or_more_outlets.rq")
TRIPLES_PER_ENTITY = 55.4  # of synthetic_store, measured: 54.8 at 1k entities, 55.3 at 3k
OUTLETS = ("antara.example", "kompas.example", "reuters.example", "tempo.example", "ap.example")
RDF_FORMATS = frozenset(name for name, spec in FORMATS.items() if spec.rdf is not None) | {"jsonld"}


def synthetic_store(n_entities: int, st: Staged | None = None) -> Staged:
    """bench_view.synthetic_store of `n_entities` with articles from OUTLETS, in `st` or in
    memory (bench_view imported from its file: benchmarks/ is not a package)."""
    spec = importlib.util.spec_from_file_location("bench_view", HERE / "bench_view.py")
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot import {HERE / 'bench_view.py'}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return cast(Staged, module.synthetic_store(n_entities, st, outlets=OUTLETS))


_STEP = ["start"]  # what is running, for the message when memory runs out
_VERBOSE = [False]  # --verbose: name each step on stderr as it starts


@contextmanager
def timer(into: list[float], step: str) -> Iterator[None]:
    """Append the seconds the block took to `into`; a garbage collection first, not timed."""
    _STEP[0] = step
    if _VERBOSE[0]:
        print(f"[{time.strftime('%H:%M:%S')}] {step}", file=sys.stderr, flush=True)
    gc.collect()
    started = time.perf_counter()
    yield
    into.append(time.perf_counter() - started)


def size(paths: Sequence[Path]) -> int:
    return sum(p.stat().st_size for p in paths)


def table(header: Sequence[str], rows: Sequence[Sequence[object]], first: int) -> None:
    """Print rows under header, the first `first` columns left-aligned, the others right."""
    cells = [[str(c) for c in row] for row in [header, *rows]]
    widths = [max(len(r[i]) for r in cells) for i in range(len(header))]
    for n, row in enumerate(cells):
        print(
            "  ".join(
                c.ljust(w) if i < first else c.rjust(w)
                for i, (c, w) in enumerate(zip(row, widths, strict=True))
            ).rstrip()
        )
        if n == 0:
            print("  ".join("-" * w for w in widths))
    print(flush=True)


def bench_graph(n_entities: int, work: Path) -> Path:
    built: list[float] = []
    with timer(built, "synthetic_store"):
        st = synthetic_store(n_entities)
    ttl = work / "graph.ttl"
    try:
        with timer(built, "write_turtle"):
            write_turtle(st, ttl)
        n_triples = len(st.store)  # each triple in one graph of the store: they share none
    finally:
        discard_store(st)
    table(
        ("entities", "triples", "build s", "write s", "ttl MB"),
        [
            (
                n_entities,
                f"{n_triples:,}",
                f"{built[0]:.1f}",
                f"{built[1]:.1f}",
                f"{ttl.stat().st_size / 1e6:.1f}",
            )
        ],
        0,
    )
    return ttl


def bench_exports(ttl: Path, work: Path) -> None:
    # The `kg build --format` path first: every format from graph.ttl, read once.
    from_build = work / "build"
    timed: list[float] = []
    with timer(timed, "write_exports"):
        write_exports(read_triples(ttl), list(FORMATS), from_build)
    in_build = f"{timed[0]:.1f} s (read_triples graph.ttl, write_exports of all formats)"

    read: list[float] = []
    with timer(read, "read_triples"):
        triples = read_triples(ttl)
    rows: list[tuple[object, ...]] = [
        ("(read_triples graph.ttl)", "", "", f"{read[0]:.2f}", "", "", "", "", "", "")
    ]
    for fmt in FORMATS:
        out = work / "export" / default_name(fmt)
        times: list[float] = []
        with timer(times, f"export {fmt}"):
            report = export(ttl, ExportOptions(out=out, fmt=fmt))
        scratch = work / "scratch" / default_name(fmt)
        with timer(times, f"write_format {fmt}"):
            written = write_format(triples, fmt, scratch)
        shutil.rmtree(work / "scratch")
        back = "-"
        if fmt in RDF_FORMATS:
            again = read_triples(out)
            differ = len(set(again).symmetric_difference(triples))
            back = "same" if again == triples else f"{differ:,} differ"
        same_as_build = all(
            p.read_bytes() == (from_build / p.relative_to(work / "export")).read_bytes()
            for p in report.outputs
        )
        rows.append(
            (
                fmt,
                FORMATS[fmt].suffix or "/",
                f"{times[0]:.2f}",
                f"{times[1]:.2f}",
                f"{size(report.outputs) / 1e6:.1f}",
                len(written),
                f"{report.entities:,}",
                f"{report.facts:,}",
                back,
                "yes" if same_as_build else "NO",
            )
        )
    table(
        ("format", "file", "export s", "write s", "MB", "files", "nodes", "edges", "read back",
         "= build"),
        rows,
        2,
    )  # fmt: skip
    print(f"kg build --format's exports: {in_build}\n", flush=True)


def _rows(output: str) -> list[str]:
    """The result rows of a json output, each as canonical JSON text."""
    bindings: list[dict[str, Any]] = json.loads(output)["results"]["bindings"]
    return [json.dumps(b, sort_keys=True) for b in bindings]


def bench_queries(ttl: Path, names: Sequence[str]) -> bool:
    """Time each query with both engines; True when both give the same rows everywhere."""
    sparql = {name: (QUERIES / name).read_text(encoding="utf-8") for name in names}
    loads: dict[str, float] = {}
    seconds: dict[tuple[str, str], float] = {}
    outputs: dict[tuple[str, str], str] = {}
    for engine in ("rdflib", "oxigraph"):
        timed: list[float] = []
        with timer(timed, f"load ({engine})"):
            loaded: Any = load_graph(ttl) if engine == "rdflib" else load_store(ttl)
        loads[engine] = timed[0]
        run = query_graph if engine == "rdflib" else query_store
        for name in names:
            timed = []
            with timer(timed, f"{name} ({engine})"):
                outputs[engine, name] = run(loaded, sparql[name], "json")
            seconds[engine, name] = timed[0]
        del loaded
        gc.collect()

    ok = True
    rows: list[tuple[object, ...]] = [
        ("(load graph.ttl)", "", "", f"{loads['rdflib']:.2f}", f"{loads['oxigraph']:.2f}",
         f"{loads['rdflib'] / loads['oxigraph']:.0f}", "")
    ]  # fmt: skip
    warnings: list[str] = []
    for name in names:
        a, b = _rows(outputs["rdflib", name]), _rows(outputs["oxigraph", name])
        if outputs["rdflib", name] == outputs["oxigraph", name]:
            same = "yes"
        elif Counter(a) == Counter(b):
            same = "order"
        else:
            same = "NO"
            ok = False
            warnings.append(f"{name}: rdflib and Oxigraph give different rows")
        if len(a) != len(b):
            ok = False
            warnings.append(f"{name}: rdflib gives {len(a)} rows, Oxigraph {len(b)}")
        r, o = seconds["rdflib", name], seconds["oxigraph", name]
        rows.append(
            (name, f"{len(a):,}", f"{len(b):,}", f"{r:.2f}", f"{o:.3f}", f"{r / o:.0f}", same)
        )

    # kg.query.query end to end (what `kg query --engine ...` runs), first query only.
    first = names[0]
    e2e: dict[str, float] = {}
    for engine in ("rdflib", "oxigraph"):
        timed = []
        with timer(timed, f"query() {first} ({engine})"):
            output = query(ttl, sparql[first], QueryOptions(fmt="json", engine=engine))
        e2e[engine] = timed[0]
        if output != outputs[engine, first]:
            ok = False
            warnings.append(f"query({first}, engine={engine}) differs from the separate calls")
    rows.append(
        (f"query() {first}", "", "", f"{e2e['rdflib']:.2f}", f"{e2e['oxigraph']:.2f}",
         f"{e2e['rdflib'] / e2e['oxigraph']:.0f}", "")
    )  # fmt: skip
    table(("query", "rows rdflib", "rows oxigraph", "rdflib s", "oxigraph s", "x", "same"), rows, 1)
    for warning in warnings:
        print(f"WARNING: {warning}", file=sys.stderr)
    return ok


def _terminated(signum: int, frame: object) -> None:
    print(f"ERROR: terminated (signal {signum}) in {_STEP[0]}", file=sys.stderr, flush=True)
    raise SystemExit(128 + signum)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "triples", nargs="?", type=int, default=1_000_000, help="about how many triples"
    )
    parser.add_argument("--entities", type=int, help="number of entities (overrides TRIPLES)")
    parser.add_argument("--keep", type=Path, help="write the files here and keep them")
    parser.add_argument(
        "--query",
        action="append",
        dest="queries",
        metavar="NAME.rq",
        help=f"a SELECT query of queries/, repeatable (default: {', '.join(DEFAULT_QUERIES)})",
    )
    parser.add_argument(
        "--max-gb",
        type=float,
        default=16.0,
        help="address-space limit in GB (0: none), so a runaway stops here, not in the OOM killer",
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="name each step on stderr")
    args = parser.parse_args(argv)
    _VERBOSE[0] = args.verbose
    n_entities = args.entities or max(10, round(args.triples / TRIPLES_PER_ENTITY))
    names = tuple(args.queries or DEFAULT_QUERIES)
    for name in names:
        if not (QUERIES / name).is_file():
            parser.error(f"no query {QUERIES / name}")

    if args.max_gb > 0:
        limit = int(args.max_gb * 2**30)
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    faulthandler.enable()  # a native abort (e.g. a failed allocation) still shows the step
    signal.signal(signal.SIGTERM, _terminated)  # so the temporary folder is removed

    with tempfile.TemporaryDirectory(prefix="bench_export.") as tmp:
        work = args.keep or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        try:
            ttl = bench_graph(n_entities, work)
            bench_exports(ttl, work)
            ok = bench_queries(ttl, names)
        except MemoryError:
            print(f"ERROR: out of memory (--max-gb {args.max_gb:g}) in {_STEP[0]}", file=sys.stderr)
            return 2
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e6  # KiB on Linux
    print(f"peak memory (max RSS): {peak:.1f} GB")
    if not ok:
        print("WARNING: the engines disagree; see the warnings above", file=sys.stderr)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
