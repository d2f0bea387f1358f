"""Benchmark of `kg query` on a build's store (OUT/store/) against pyoxigraph alone.

    python benchmarks/bench_query.py                     # about 1,000,000 triples
    python benchmarks/bench_query.py 4500000             # about 4.5M (10,000 real articles)
    python benchmarks/bench_query.py --keep /tmp/bq 4500000  # keep OUT in /tmp/bq, reuse it
    python benchmarks/bench_query.py --query who_urged_whom.rq --runs 5

It makes the synthetic news archive of benchmarks/bench_export.py (synthetic kg.model.Extraction
values, five outlets) and puts it in OUT/store/ by kg's own mechanism, as `kg build` does
after extraction (kg.store.stage_store in OUT itself, kg.triples.article_record and
kg.store.add_article for every article, derive_names, derive, close): each article's triples
(the article, its sentences and assertions) in a named graph named by the article, what
articles share in the default graph, and the manifest (OUT/store/articles.sqlite); OUT/graph.ttl
as the build writes it (kg.store.write_turtle). Like a build's, the store is not compacted
(Store.optimize) afterwards. With --keep an OUT that already holds both is reused as it is
(read, never written): an output folder of `kg build` too (`--keep /tmp/kgbench/out-10000`).

Then, for each query (queries/*.rq), the best of --runs runs, in wall-clock seconds and in
CPU seconds (this process and its children; a busy machine inflates those far less), of (the
legend is printed at the end too):

- ox open, ox query: pyoxigraph alone on the store: Store.read_only, then Store.query (union
  default graph, kg's prefixes) stepping through every solution: the floor of any wrapping;
- query(OUT) table, json: kg.query.query on the folder in this process (open, check, answer,
  format), what `kg query OUT` does in its child;
- ox mem, query_store json: the same query on graph.ttl loaded into an in-memory store
  beforehand (load_store, not timed): Oxigraph alone, and through kg.query.query_store;
- kg query OUT, kg query graph.ttl: the command end to end (a new process: Python, kg's
  imports, the child; reading graph.ttl for the second), --format table; the first run's
  output is checked against query(OUT)'s.

"-" where this kg cannot do it (kg query on a folder, before it answered from the store: run
the script with PYTHONPATH=<an older kg's checkout>, from outside the worktree, for figures
before). The last lines give the floor of every command, `kg --version`. Figures are
printed, never asserted.
"""

from __future__ import annotations

import argparse
import gc
import importlib.util
import json
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from kg.store_layout import MANIFEST, oxigraph_path, store_dir
from kg.vocab import PREFIXES

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


def make_out(out: Path, n_entities: int) -> None:
    """OUT/store/ and OUT/graph.ttl of the synthetic archive (see the module's docstring)."""
    from kg.store import close, extractor_version, set_meta, stage_store, write_turtle

    bench = _bench_export()
    shutil.rmtree(store_dir(out), ignore_errors=True)
    started = time.perf_counter()
    st = bench.synthetic_store(n_entities, stage_store(out, out, fresh=True))
    made = time.perf_counter() - started
    n_triples = len(st.store)  # each triple in one graph of the store: they share none
    started = time.perf_counter()
    write_turtle(st, out / "graph.ttl")
    written = time.perf_counter() - started
    started = time.perf_counter()
    set_meta(st, "version", extractor_version())
    close(st)
    closed = time.perf_counter() - started
    print(
        f"made {n_triples:,} triples ({n_entities} entities): store {made:.1f} s, "
        f"graph.ttl {written:.1f} s, close {closed:.1f} s\n",
        flush=True,
    )


def _size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


class Measure:
    """The best (shortest) wall-clock and CPU seconds of several runs. CPU: this process's
    (all its threads, Oxigraph's too) and its reaped children's (a command and its query
    child), which a busy machine inflates far less than wall-clock time."""

    def __init__(self) -> None:
        self.wall: list[float] = []
        self.cpu: list[float] = []

    @contextmanager
    def run(self) -> Iterator[None]:
        gc.collect()
        children = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu, wall = time.process_time(), time.perf_counter()
        yield
        self.wall.append(time.perf_counter() - wall)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        used = after.ru_utime + after.ru_stime - children.ru_utime - children.ru_stime
        self.cpu.append(time.process_time() - cpu + used)

    def figures(self) -> tuple[str, str]:
        return f"{min(self.wall):.3f}", f"{min(self.cpu):.3f}"


def measure(runs: int, work: Callable[[], object]) -> tuple[Measure, object]:
    """`work` timed `runs` times, and its first value."""
    timed, first = Measure(), None
    for n in range(runs):
        with timed.run():
            value = work()
        if n == 0:
            first = value
    return timed, first


def evaluate(store: ox.Store, sparql: str, union: bool) -> int:
    """Oxigraph alone: answer and step through every solution (no term read); the rows."""
    result = store.query(sparql, use_default_graph_as_union=union, prefixes=PREFIXES)
    assert isinstance(result, ox.QuerySolutions)
    return sum(1 for _ in result)


def command(*args: str | Path) -> str:
    done = subprocess.run([str(KG), *map(str, args)], capture_output=True, text=True)
    return done.stdout if done.returncode == 0 else f"ERROR {done.stderr.strip()}"


def _store_supported(out: Path) -> bool:
    """Whether this kg answers from a folder's store (before it did, it refused folders)."""
    from kg.errors import KgError
    from kg.query import QueryOptions, query

    try:
        query(out, "ASK {}", QueryOptions())
    except KgError:
        return False
    return True


COLUMNS = (
    ("ox open", "pyoxigraph.Store.read_only(OUT/store/oxigraph)"),
    ("ox query", "Store.query on it (union default graph), every solution stepped through"),
    ("query(OUT) table", "kg.query.query(OUT, --format table), in this process"),
    ("query(OUT) json", "the same, --format json"),
    ("ox mem", "Store.query on graph.ttl in an in-memory store (load not timed)"),
    ("query_store json", "kg.query.query_store on that store, --format json"),
    ("kg query OUT", "the command, a new process, --format table"),
    ("kg query graph.ttl", "the command on OUT/graph.ttl, --engine oxigraph (reads the file)"),
)


def bench(out: Path, names: tuple[str, ...], runs: int) -> None:
    from kg.query import QueryOptions, load_store, query, query_store

    ttl = out / "graph.ttl"
    location = oxigraph_path(out)
    print(
        f"graph.ttl {ttl.stat().st_size / 1e6:.0f} MB, store {_size(store_dir(out)) / 1e6:.0f} MB"
    )
    folder = _store_supported(out)
    loaded = load_store(ttl)
    by_query: dict[str, tuple[int, dict[str, Measure]]] = {}
    for name in names:
        sparql = (QUERIES / name).read_text(encoding="utf-8")
        got: dict[str, Measure] = {"ox open": Measure(), "ox query": Measure()}
        for _ in range(runs):
            with got["ox open"].run():
                store = ox.Store.read_only(str(location))
            with got["ox query"].run():
                count = evaluate(store, sparql, union=True)
            del store
        if folder:
            got["query(OUT) table"], table = measure(
                runs, partial(query, out, sparql, QueryOptions(fmt="table"))
            )
            got["query(OUT) json"], answer = measure(
                runs, partial(query, out, sparql, QueryOptions(fmt="json"))
            )
            assert isinstance(answer, str)
            if len(json.loads(answer)["results"]["bindings"]) != count:
                print(f"WARNING: {name}: query(OUT) and pyoxigraph give different row counts")
        got["ox mem"], _ = measure(runs, partial(evaluate, loaded.store, sparql, False))
        got["query_store json"], _ = measure(runs, partial(query_store, loaded, sparql, "json"))
        if folder:
            got["kg query OUT"], printed = measure(
                runs, partial(command, "query", out, "--file", QUERIES / name)
            )
            if printed != f"{table}\n":
                print(f"WARNING: {name}: kg query OUT printed {str(printed)[:200]!r}")
        got["kg query graph.ttl"], _ = measure(
            runs, partial(command, "query", ttl, "--file", QUERIES / name, "--engine", "oxigraph")
        )
        by_query[name] = (count, got)
    for n, what in enumerate(("wall-clock", "CPU")):
        header = ("query", "rows", *(c for c, _ in COLUMNS))
        rows = [
            (name, f"{count:,}", *(got[c].figures()[n] if c in got else "-" for c, _ in COLUMNS))
            for name, (count, got) in by_query.items()
        ]
        print(f"\n{what} seconds, best of {runs}:")
        widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
        for k, row in enumerate([header, *rows]):
            print("  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in
                            enumerate(zip(row, widths, strict=True))))  # fmt: skip
            if k == 0:
                print("  ".join("-" * w for w in widths))
    floor, _ = measure(runs, partial(command, "--version"))
    wall, cpu = floor.figures()
    print(f"\nkg --version (start-up floor of every command): {wall} s, CPU {cpu} s")
    print("\n" + "\n".join(f"{c}: {what}" for c, what in COLUMNS))


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
    with tempfile.TemporaryDirectory(prefix="bench_query.") as tmp:
        out = args.keep or Path(tmp)
        out.mkdir(parents=True, exist_ok=True)
        if not ((out / "graph.ttl").is_file() and (store_dir(out) / MANIFEST).is_file()):
            # bench_export is loaded only to make OUT: a kept OUT (a real build's output
            # folder too) is measured without it
            n_entities = max(10, round(args.triples / _bench_export().TRIPLES_PER_ENTITY))
            make_out(out, n_entities)
        bench(out, names, max(1, args.runs))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
