"""Where the time of `kg query OUT --file queries/who_urged_whom.rq` goes, on a build's store.

    python benchmarks/bench_query_plan.py /tmp/kgbench/out-10000
    python benchmarks/bench_query_plan.py OUT --runs 9

OUT is an output folder of `kg build` (only read). Prints the best of --runs runs, in CPU
seconds of this process (Oxigraph's threads included; a busy machine inflates CPU time far
less than wall-clock time), of:

1. what `kg query OUT` does in its child, step by step: open the store (read-only), answer and
   write Oxigraph's SPARQL JSON results, read them (json.loads), format the table;
2. Oxigraph alone on variants of the query, to tell the parts of its cost apart. They are
   diagnostics only, never what kg runs: kg answers the query as it is written.
   - as written: the query file, on the union of the store's graphs (as kg runs it);
   - no ORDER BY: the same without sorting (Oxigraph compares two rows by decoding both
     terms from the store each time: O(n log n) string reads);
   - join COUNT: only the three triple patterns, counted (no term is decoded);
   - join as sub-SELECTs: the same patterns with the two label patterns in sub-SELECTs, which
     Oxigraph joins by hashing. Its optimizer has no statistics: it deems `?s kg:urged ?o`
     and `?s rdfs:label ?who` alike (any number of rows) and a label pattern with its
     subject bound ten rows, so it joins the query as written by a loop: two index look-ups
     per kg:urged triple (each one in the default graph's index and in the named graphs'
     under the union);
   - each of these on the default graph alone (not the graph kg answers from: each
     article's own triples are in named graphs): what the union costs.

And the rows each gives. Figures are printed, never asserted.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

import pyoxigraph as ox

from kg.iris import PREFIXES
from kg.query import _store_prefixes, open_store
from kg.query_output import select

QUERY = Path(__file__).resolve().parent.parent / "queries" / "who_urged_whom.rq"
_JOIN = "?s kg:urged ?o . ?s rdfs:label ?who . ?o rdfs:label ?whom ."
_HASHED = (
    "?s kg:urged ?o . { SELECT ?s ?who WHERE { ?s rdfs:label ?who } } "
    "{ SELECT ?o ?whom WHERE { ?o rdfs:label ?whom } }"
)
_FILTER = 'FILTER (lang(?who) = "en" && lang(?whom) = "en")'


def variants(written: str) -> dict[str, str]:
    return {
        "as written": written,
        "no ORDER BY": written.replace("ORDER BY ?who ?whom", ""),
        "join COUNT": f"SELECT (COUNT(*) AS ?n) WHERE {{ {_JOIN} }}",
        "join as sub-SELECTs, COUNT": f"SELECT (COUNT(*) AS ?n) WHERE {{ {_HASHED} }}",
        "sub-SELECTs, FILTER, ORDER BY": (
            f"SELECT ?who ?whom WHERE {{ {_HASHED} {_FILTER} }} ORDER BY ?who ?whom"
        ),
    }


def best_cpu(runs: int, work: Callable[[], object]) -> tuple[float, object]:
    best, value = float("inf"), None
    for _ in range(runs):
        started = time.process_time()
        value = work()
        best = min(best, time.process_time() - started)
    return best, value


def rows(store: ox.Store, sparql: str, union: bool) -> int:
    """The rows of a SELECT, every solution stepped through; ?n of a COUNT."""
    result = store.query(sparql, prefixes=PREFIXES, use_default_graph_as_union=union)
    assert isinstance(result, ox.QuerySolutions)
    if [v.value for v in result.variables] == ["n"]:
        count = next(iter(result))["n"]
        return int(count.value) if isinstance(count, ox.Literal) else -1
    return sum(1 for _ in result)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("out", type=Path, help="an output folder of kg build (only read)")
    parser.add_argument("--runs", type=int, default=5, help="runs of each measure (the best)")
    args = parser.parse_args(argv)
    runs = max(1, args.runs)
    written = QUERY.read_text(encoding="utf-8")
    prefixes = _store_prefixes()

    print(f"{QUERY.name} on {args.out}, best of {runs} runs, CPU seconds\n")
    print("kg query OUT, in its child:")
    opened, store = best_cpu(runs, lambda: open_store(args.out))
    assert isinstance(store, ox.Store)

    def answer() -> bytes:
        result = store.query(written, prefixes=prefixes, use_default_graph_as_union=True)
        assert isinstance(result, ox.QuerySolutions)
        return result.serialize(format=ox.QueryResultsFormat.JSON) or b""

    answered, document = best_cpu(runs, answer)
    assert isinstance(document, bytes)
    read, parsed = best_cpu(runs, lambda: json.loads(document))
    assert isinstance(parsed, dict)
    names, bindings = parsed["head"]["vars"], parsed["results"]["bindings"]
    # select changes its rows in place (_canonical): each run formats a copy read beforehand
    copies = [json.loads(document)["results"]["bindings"] for _ in range(runs)]
    formatted, _ = best_cpu(runs, lambda: select(prefixes, names, copies.pop(), "table"))
    for what, seconds in (
        ("open the store", opened),
        ("answer, SPARQL JSON results", answered),
        ("json.loads", read),
        ("format the table", formatted),
    ):
        print(f"  {what:32} {seconds:7.3f}")
    print(f"  ({len(bindings):,} rows)\n")

    print("Oxigraph alone (diagnostics; kg runs the query as written):")
    print(f"  {'':32} {'union':>7} {'default':>7} {'rows/n':>8}")
    for name, sparql in variants(written).items():
        union, count = best_cpu(runs, partial(rows, store, sparql, True))
        default, _ = best_cpu(runs, partial(rows, store, sparql, False))
        print(f"  {name:32} {union:7.3f} {default:7.3f} {count:>8,}")
    print("\nunion: the default graph is the union of the store's graphs (as kg queries it);")
    print("default: the store's default graph alone (the shared triples), for comparison.")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
