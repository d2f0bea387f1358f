"""Benchmark of `kg query` on a build's store (OUT/store/) against pyoxigraph alone.

    python benchmarks/bench_query.py                     # about 1,000,000 triples
    python benchmarks/bench_query.py 4500000             # about 4.5M (10,000 real articles)
    python benchmarks/bench_query.py --keep /tmp/bq 4500000  # keep OUT in /tmp/bq, reuse it
    python benchmarks/bench_query.py --query who_urged_whom.rq --runs 5

It makes the synthetic news graph of benchmarks/bench_export.py (kg's own GraphBuilder, five
outlets), writes OUT/graph.ttl (kg.export.write_format, as `kg export`) and OUT/store/ as
kg.store lays it out: each article's triples (the article, its sentences and assertions: the
subjects under the article's IRI) in a named graph named by the article, the rest in the
default graph. With --keep an OUT that already holds both is reused as it is.

Then, for each query (queries/*.rq), the best of --runs runs, in seconds:

- ox open: pyoxigraph.Store.read_only on the store; ox query: Store.query (union default
  graph, kg's prefixes) and reading every term's value of every row: the floor of any wrapping;
- query(OUT): kg.query.query on the folder, in this process, --format table and json: open,
  check, evaluate and format, what `kg query OUT` does in its child;
- query_store: kg.query.query_store on graph.ttl loaded into memory beforehand (load_store,
  not timed), json: the same wrapping on a graph file's store;
- kg query OUT / kg query graph.ttl: the command end to end (a new process: Python and kg's
  imports, the child, reading graph.ttl for the second), --format table, the first run's
  output checked against query(OUT)'s.

"-" where this kg cannot do it (kg query on a folder before it answered from the store). The
last line is the floor of every command: `kg --version`. Figures are printed, never asserted.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from kg.export import PREFIXES, triples_of, write_format
from kg.store import MANIFEST, oxigraph_path, store_dir
from kg.vocab import ARTICLE_BASE

HERE = Path(__file__).resolve().parent
QUERIES = HERE.parent / "queries"
DEFAULT_QUERIES = ("who_urged_whom.rq", "actors_by_degree.rq")
KG = Path(sys.executable).parent / "kg"


def _bench_export() -> Any:
    """benchmarks/bench_export.py as a module (benchmarks/ is not a package)."""
    spec = importlib.util.spec_from_file_location("bench_export", HERE / "bench_export.py")
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot import {HERE / 'bench_export.py'}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _article_of(subject: ox.NamedNode | ox.BlankNode | ox.Triple) -> ox.NamedNode | None:
    """The article whose named graph holds a triple of `subject`: the article itself, or its
    sentences and assertions (IRIs under the article's)."""
    if not isinstance(subject, ox.NamedNode) or not subject.value.startswith(ARTICLE_BASE):
        return None
    return ox.NamedNode(ARTICLE_BASE + subject.value[len(ARTICLE_BASE) :].split("/")[0])


def _quads(triples: list[ox.Triple]) -> Iterator[ox.Quad]:
    default = ox.DefaultGraph()
    for t in triples:
        yield ox.Quad(t.subject, t.predicate, t.object, _article_of(t.subject) or default)


def make_out(out: Path, n_entities: int) -> None:
    """OUT/graph.ttl and OUT/store/ of a synthetic graph (see the module's docstring)."""
    bench = _bench_export()
    started = time.perf_counter()
    graph = bench._synthetic_graph()(n_entities)
    bench.vary_outlets(graph)
    triples = triples_of(graph)
    del graph
    made = time.perf_counter() - started
    started = time.perf_counter()
    write_format(triples, "turtle", out / "graph.ttl")
    written = time.perf_counter() - started
    started = time.perf_counter()
    location = oxigraph_path(out)
    shutil.rmtree(store_dir(out), ignore_errors=True)
    location.mkdir(parents=True)
    store = ox.Store(str(location))
    store.bulk_extend(_quads(triples))
    store.flush()
    store.optimize()
    del store
    (store_dir(out) / MANIFEST).touch()
    stored = time.perf_counter() - started
    print(
        f"made {len(triples):,} triples ({n_entities} entities): graph {made:.1f} s, "
        f"graph.ttl {written:.1f} s, store {stored:.1f} s\n",
        flush=True,
    )


def _size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def best(runs: int, work: Callable[[], object]) -> tuple[float, object]:
    """The shortest time of `runs` calls of `work`, and the first call's value."""
    times, first = [], None
    for n in range(runs):
        started = time.perf_counter()
        value = work()
        times.append(time.perf_counter() - started)
        if n == 0:
            first = value
    return min(times), first


def ox_alone(location: Path, sparql: str) -> tuple[float, float, int]:
    """Seconds to open the store, seconds to answer and read every value, rows."""
    started = time.perf_counter()
    store = ox.Store.read_only(str(location))
    opened = time.perf_counter() - started
    started = time.perf_counter()
    result = store.query(sparql, use_default_graph_as_union=True, prefixes=PREFIXES)
    assert isinstance(result, ox.QuerySolutions)
    names = [v.value for v in result.variables]
    rows = 0
    for solution in result:
        for name in names:
            term = solution[name]
            if term is not None:
                term.value  # noqa: B018 (read, as any output must)
        rows += 1
    return opened, time.perf_counter() - started, rows


def command(*args: str | Path) -> tuple[float, str]:
    started = time.perf_counter()
    done = subprocess.run([str(KG), *map(str, args)], capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    return elapsed, done.stdout if done.returncode == 0 else f"ERROR {done.stderr.strip()}"


def _store_supported(out: Path) -> bool:
    """Whether this kg answers from a folder's store (before it did, it refused folders)."""
    from kg.errors import KgError
    from kg.query import QueryOptions, query

    try:
        query(out, "ASK {}", QueryOptions())
    except KgError:
        return False
    return True


def bench(out: Path, names: tuple[str, ...], runs: int) -> None:
    from kg.query import QueryOptions, load_store, query, query_store

    ttl = out / "graph.ttl"
    location = oxigraph_path(out)
    print(
        f"graph.ttl {ttl.stat().st_size / 1e6:.0f} MB, store {_size(store_dir(out)) / 1e6:.0f} MB"
    )
    folder = _store_supported(out)
    loaded = load_store(ttl)
    header = ("query", "rows", "ox open", "ox query", "query(OUT) table", "query(OUT) json",
              "query_store", "kg query OUT", "kg query graph.ttl")  # fmt: skip
    rows: list[tuple[str, ...]] = []
    for name in names:
        sparql = (QUERIES / name).read_text(encoding="utf-8")
        alone = [ox_alone(location, sparql) for _ in range(runs)]
        opened, answered, count = min(a[0] for a in alone), min(a[1] for a in alone), alone[0][2]
        table = json_s = cli_out = "-"
        if folder:
            seconds, _ = best(runs, partial(query, out, sparql, QueryOptions(fmt="table")))
            table = f"{seconds:.3f}"
            seconds, got = best(runs, partial(query, out, sparql, QueryOptions(fmt="json")))
            json_s = f"{seconds:.3f}"
            assert isinstance(got, str)
            if len(json.loads(got)["results"]["bindings"]) != count:
                print(f"WARNING: {name}: query(OUT) and pyoxigraph give different row counts")
        seconds, _ = best(runs, partial(query_store, loaded, sparql, "json"))
        on_store = f"{seconds:.3f}"
        timed = [command("query", out, "--file", QUERIES / name) for _ in range(runs)]
        if folder:
            cli_out = f"{min(t[0] for t in timed):.3f}"
            expected = query(out, sparql, QueryOptions(fmt="table")) + "\n"
            if timed[0][1] != expected:
                print(f"WARNING: {name}: kg query OUT printed {timed[0][1][:200]!r}")
        on_file = [
            command("query", ttl, "--file", QUERIES / name, "--engine", "oxigraph")
            for _ in range(runs)
        ]
        rows.append(
            (name, f"{count:,}", f"{opened:.3f}", f"{answered:.3f}", table, json_s, on_store,
             cli_out, f"{min(t[0] for t in on_file):.2f}")
        )  # fmt: skip
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    for n, row in enumerate([header, *rows]):
        print("  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in
                        enumerate(zip(row, widths, strict=True))))  # fmt: skip
        if n == 0:
            print("  ".join("-" * w for w in widths))
    floor, _ = best(runs, lambda: command("--version"))
    print(f"\nkg --version (start-up floor of every command): {floor:.3f} s")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "triples", nargs="?", type=int, default=1_000_000, help="about how many triples"
    )
    parser.add_argument("--keep", type=Path, help="make OUT here and keep it (reused if made)")
    parser.add_argument(
        "--query",
        action="append",
        dest="queries",
        metavar="NAME.rq",
        help=f"a SELECT query of queries/, repeatable (default: {', '.join(DEFAULT_QUERIES)})",
    )
    parser.add_argument("--runs", type=int, default=3, help="runs of each measure (the best)")
    args = parser.parse_args(argv)
    names = tuple(args.queries or DEFAULT_QUERIES)
    for name in names:
        if not (QUERIES / name).is_file():
            parser.error(f"no query {QUERIES / name}")
    n_entities = max(10, round(args.triples / _bench_export().TRIPLES_PER_ENTITY))
    with tempfile.TemporaryDirectory(prefix="bench_query.") as tmp:
        out = args.keep or Path(tmp)
        out.mkdir(parents=True, exist_ok=True)
        if not ((out / "graph.ttl").is_file() and (store_dir(out) / MANIFEST).is_file()):
            make_out(out, n_entities)
        bench(out, names, max(1, args.runs))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
