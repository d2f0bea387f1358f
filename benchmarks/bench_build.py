"""Benchmark of `kg build` at archive scale (issue 11): time, memory, rebuilds, extraction.

    python benchmarks/bench_build.py                  # 250 and 1,000 articles (~10 min)
    python benchmarks/bench_build.py --quick          # only the full builds of 250 and 1,000
    python benchmarks/bench_build.py --large          # also 10,000 articles and the query row
    python benchmarks/bench_build.py --huge           # also 100,000 articles (hours)
    python benchmarks/bench_build.py --sizes 500 2000 # the two sizes of the memory row
    python benchmarks/bench_build.py --keep out/      # keep corpora and outputs in out/
    python benchmarks/bench_build.py --limit 900      # stop any build after 900 s (projects it)

The articles come from benchmarks/corpus.py (realistic, distinct .txt news articles, mostly
Indonesian, about 2.5 KB each; article i is the same in every corpus of a seed). Corpora are
written once and kept by size and seed in $TMPDIR/kg-bench-corpus/ (or in --keep DIR).

Each `kg build` runs as its own child process (`python -c "from kg.cli import main; main()"`);
its wall time is measured around it, its CPU time (user + system, with its -j workers) comes
from os.wait4, and its memory is measured two ways:
- largest process: ru_maxrss of the child from os.wait4 (on Linux the larger of its own peak
  and that of the largest of its children, e.g. a -j worker);
- all processes: the peak of the sum of the resident sets of the child and its descendants,
  sampled from /proc every 0.1 s (with -j 2 the main process and its workers live together).

Rows (targets of issue 11; "met?" compares the figure with the target):
- full build of 1,000 articles with -j 2 (wall) and its speed-up over -j 1;
- unchanged rebuild: the same command again into the same -o folder, against the full build;
- 10 articles added: `kg build --add NEW -o OUT` after the 1,000 build (n/a while kg has no
  --add), and a build listing the 1,000 + 10 inputs into a copy of the 1,000 build's folder;
- peak RSS of 1,000 articles against 250 (largest process: memory must be flat in N);
- 10,000 articles (--large): wall and memory (all processes, against 1.5 GB), and 10 articles
  added to a copy of its output with --add (the daily ingest into an archive's store), against
  its full build;
- 100,000 articles (--huge): completes? wall and memory;
- extraction: CPU time (time.process_time) of kg.extract.extract_article per article, in this
  process, over 200 articles of the corpus, the ontology loaded once, best of three rounds (the
  first, which also fills the per-process caches, is printed too); also scaled to 2.5 KB;
- `kg query OUT --file queries/who_urged_whom.rq` on the 10,000-article output (with --large;
  else on the 1,000 one, as an indication): the median wall time of three runs; the folder
  OUT when `kg query` takes one, else OUT/graph.ttl (the row says which). The same query on
  the two-article sample graph shows the fixed cost (starting Python, importing kg).

All builds use -j 2 except the -j 1 row. Under the table, each build's wall and CPU time,
memory and kg's own summary and phase times. The machine's load is printed with the figures:
on a shared machine wall times vary, CPU times much less. So is what the machine gives two
CPU-bound processes (a pure-Python loop, one copy and two at once): the bound of the -j 2
speed-up (seen here: from 1.66x to 1.94x on one VM within an hour). Figures are printed,
never asserted.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import platform
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import corpus  # noqa: E402 - the generator next to this script

REPO = Path(__file__).resolve().parents[1]
QUERY = REPO / "queries" / "who_urged_whom.rq"
KG = [sys.executable, "-c", "from kg.cli import main; main()"]
ADDED = 10  # articles of the "added" row
EXTRACT_ARTICLES = 200
EXTRACT_ROUNDS = 3
MB = 1024  # ru_maxrss and VmRSS are in KiB


@dataclass
class Run:
    argv: list[str]
    code: int
    wall: float
    maxrss_kb: int  # the largest process (os.wait4)
    tree_kb: int  # the peak sum over the process and its descendants (sampled)
    cpu: float  # user + system seconds of the child and the children it waited for (workers)
    stderr: str  # and stdout: kg's summary lines
    stopped: bool = False  # killed by --limit

    @property
    def ok(self) -> bool:
        return self.code == 0 and not self.stopped

    def line(self, prefix: str) -> str:
        """The last line of kg's output that starts with `prefix` ("time:", "read ")."""
        return next((ln for ln in reversed(self.stderr.splitlines()) if ln.startswith(prefix)), "")

    def last_error(self) -> str:
        lines = [ln for ln in self.stderr.splitlines() if ln.strip()]
        return lines[-1] if lines else f"exit code {self.code}"

    def progress(self) -> tuple[int, int, float] | None:
        """(done, of, articles a second) of kg's last "Extracting: k/N articles" line."""
        pattern = r"Extracting: (\d+)/(\d+) articles \(\d+%, ([\d.]+) articles/s"
        found = re.findall(pattern, self.stderr)
        return (int(found[-1][0]), int(found[-1][1]), float(found[-1][2])) if found else None


# ---------------------------------------------------------------- measuring a child


def _children() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            stat = Path(entry.path, "stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        tree.setdefault(ppid, []).append(int(entry.name))
    return tree


def _rss_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def _tree_rss_kb(root: int) -> int:
    tree, total, todo = _children(), 0, [root]
    while todo:
        pid = todo.pop()
        total += _rss_kb(pid)
        todo += tree.get(pid, [])
    return total


def run(argv: list[str], limit: float | None = None, echo: bool = True) -> Run:
    """Run argv as a child, in its own process group; wall time, peak RSS, stderr."""
    if echo:
        print("  $ " + " ".join(["kg"] + argv[len(KG) :] if argv[: len(KG)] == KG else argv),
              file=sys.stderr, flush=True)  # fmt: skip
    err = tempfile.TemporaryFile()
    started = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=err, stderr=err, start_new_session=True, cwd=REPO)
    peak = 0
    done = threading.Event()
    stopped = False

    def sample() -> None:
        nonlocal peak, stopped
        while not done.wait(0.1):
            peak = max(peak, _tree_rss_kb(proc.pid))
            if limit and time.perf_counter() - started > limit and not stopped:
                stopped = True
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(proc.pid, signal.SIGTERM)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - started
    done.set()
    sampler.join()
    proc.returncode = os.waitstatus_to_exitcode(status)
    err.seek(0)
    text = err.read().decode("utf-8", "replace")
    err.close()
    cpu = usage.ru_utime + usage.ru_stime
    return Run(argv, proc.returncode, wall, usage.ru_maxrss, peak, cpu, text, stopped)


def build(
    inputs: Sequence[Path], out: Path, workers: int, limit: float | None, extra: Sequence[str] = ()
) -> Run:
    argv = [*KG, "build", *map(str, inputs), "-o", str(out), "-j", str(workers), *extra]
    return run(argv, limit)


# ---------------------------------------------------------------- corpora


def corpus_dir(cache: Path, n: int, seed: int, start: int = 0) -> Path:
    """Articles start .. start+n-1 of corpus `seed`, written once and kept in `cache`."""
    name = f"s{seed}-n{n}" if start == 0 else f"s{seed}-from{start}-n{n}"
    folder, marker = cache / name, cache / f"{name}.complete"
    if not marker.exists():
        shutil.rmtree(folder, ignore_errors=True)
        began = time.perf_counter()
        print(f"  writing {n:,} articles to {folder}", file=sys.stderr, flush=True)
        corpus.write_corpus(
            n, folder, seed, start,
            progress=lambda k: print(f"    {k:,}/{n:,}", file=sys.stderr, flush=True)
            if k % 10_000 == 0 else None,
        )  # fmt: skip
        print(f"  ({time.perf_counter() - began:.1f}s)", file=sys.stderr, flush=True)
        marker.write_text(f"{n}\n")
    return folder


def corpus_bytes(folder: Path) -> list[int]:
    return [p.stat().st_size for p in sorted(folder.glob("*.txt"))]


# ---------------------------------------------------------------- report


@dataclass
class Row:
    measure: str
    figure: str
    target: str
    met: bool | None  # None: not measured or not comparable

    def cells(self) -> tuple[str, str, str, str]:
        met = "n/a" if self.met is None else ("yes" if self.met else "NO")
        return self.measure, self.figure, self.target, met


def table(rows: Sequence[Row]) -> str:
    head = ("measure", "figure", "target", "met?")
    cells = [head] + [r.cells() for r in rows]
    widths = [max(len(c[i]) for c in cells) for i in range(4)]
    lines = ["| " + " | ".join(c.ljust(w) for c, w in zip(cell, widths, strict=True)) + " |"
             for cell in cells]  # fmt: skip
    lines.insert(1, "|" + "|".join("-" * (w + 2) for w in widths) + "|")
    return "\n".join(lines)


def mb(kb: int) -> str:
    return f"{kb / MB:,.0f} MB"


def memory(r: Run) -> str:
    return f"{mb(r.maxrss_kb)} largest process, {mb(r.tree_kb)} all processes"


def failed(r: Run) -> str:
    if r.stopped:
        done = r.progress()
        if done and done[0] == done[1] and done[2]:
            k, _, rate = done
            return (
                f"stopped after {r.wall:.0f}s (--limit), {memory(r)}: all {k:,} articles "
                f"extracted (~{k / rate:.0f}s at {rate:.1f} articles/s), then still merging "
                f"or writing for {r.wall - k / rate:.0f}s"
            )
        if done and done[0]:
            k, n, _ = done
            return (
                f"stopped after {r.wall:.0f}s (--limit), {memory(r)}: {k:,}/{n:,} articles "
                f"extracted; extraction alone projects to {r.wall * n / k:,.0f}s"
            )
        return f"stopped after {r.wall:.0f}s (--limit) before extracting, {memory(r)}"
    return f"failed ({r.last_error()})"


def machine() -> str:
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True, text=True
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--", "kg", "ontology"],
            cwd=REPO, capture_output=True, text=True,
        ).stdout.strip()  # fmt: skip
        commit += " (kg/ or ontology/ changed)" if dirty else ""
    except OSError:
        commit = "unknown"
    mem = next(
        (ln.split()[1] for ln in Path("/proc/meminfo").read_text().splitlines()
         if ln.startswith("MemTotal:")), "0",
    )  # fmt: skip
    load = " ".join(f"{x:.1f}" for x in os.getloadavg())
    one, ceiling = cores_ceiling()
    return (f"machine: {os.cpu_count()} cores, {int(mem) / MB / MB:.1f} GB RAM, "
            f"Python {platform.python_version()}, kg {commit}, load average {load}; "
            f"a pure-Python loop of 20M steps {one:.2f} s, two at once {ceiling:.2f}x "
            "as fast as one")  # fmt: skip


_SPIN = "x = 0\nfor i in range(20_000_000): x += i * i\n"  # CPU only: no I/O, little memory


def cores_ceiling() -> tuple[float, float]:
    """(seconds of one pure-Python loop alone, speed-up of two copies at once over one): what
    this machine gives two CPU-bound processes, the bound of any -j 2 against -j 1 (virtual
    cores that share a physical one, or a busy host, give less than 2x)."""

    def spin(copies: int) -> float:
        started = time.perf_counter()
        procs = [subprocess.Popen([sys.executable, "-c", _SPIN], stdout=subprocess.DEVNULL)
                 for _ in range(copies)]  # fmt: skip
        for proc in procs:
            proc.wait()
        return time.perf_counter() - started

    one = min(spin(1) for _ in range(2))
    two = min(spin(2) for _ in range(2))
    return one, 2 * one / two


# ---------------------------------------------------------------- the rows


def extraction_row(folder: Path) -> Row:
    from kg.extract import extract_article
    from kg.lexicon import load_ontology
    from kg.model import Article
    from kg.reader import read_articles

    paths = sorted(folder.glob("*.txt"))[:EXTRACT_ARTICLES]
    articles = [a for a in read_articles(paths) if isinstance(a, Article)]
    onto = load_ontology()
    extract_article(articles[0], onto)  # warm: the ontology's lazy tables
    rounds = []
    for _ in range(EXTRACT_ROUNDS):
        began = time.process_time()
        facts = sum(len(extract_article(a, onto).facts) for a in articles)
        rounds.append((time.process_time() - began) * 1000 / len(articles))
    # the first round also fills the per-process caches (folded words, word analyses, which
    # words may be cues); a worker fills them once for thousands of articles
    first, cpu_ms = rounds[0], min(rounds)
    mean_bytes = statistics.mean(p.stat().st_size for p in paths)
    scaled = cpu_ms * 2500 / mean_bytes
    return Row(
        "extraction (CPU per article)",
        f"{cpu_ms:.1f} ms per {mean_bytes / 1000:.1f} KB article = {scaled:.1f} ms per 2.5 KB "
        f"(best of {EXTRACT_ROUNDS} rounds; first round {first * 2500 / mean_bytes:.1f} ms; "
        f"{len(articles)} articles, {facts / len(articles):.1f} facts each)",
        "<= 10 ms per 2.5 KB",
        scaled <= 10,
    )


def query_row(out: Path, sample: Path, articles: int, large: bool) -> list[Row]:
    def timed(target: Path) -> tuple[float, Run]:
        runs = [run([*KG, "query", str(target), "--file", str(QUERY)]) for _ in range(3)]
        return statistics.median(r.wall for r in runs), runs[-1]

    target = out
    probe = run([*KG, "query", str(out), "--file", str(QUERY)])
    if probe.code != 0:
        target = out / "graph.ttl"
    wall, last = timed(target)
    if last.code != 0:
        return [Row("who_urged_whom query", failed(last), "<= 0.3 s", False)]
    base, _ = timed(sample / "graph.ttl")
    what = "the folder OUT" if target == out else "OUT/graph.ttl (kg query takes no folder yet)"
    size = f"{articles:,}-article output"
    return [
        Row(
            f"who_urged_whom query, {size}",
            f"{wall:.2f} s wall, median of 3, on {what}; fixed cost (2-article graph) {base:.2f} s",
            "<= 0.3 s (10,000 articles)",
            wall <= 0.3 if large else None,
        )
    ]


def add_row(
    full: Run, out: Path, new_dir: Path, size: int, limit: float | None,
    note: Callable[[str, Run], None],
) -> Row:  # fmt: skip
    """--add of ADDED articles into a copy of the `size`-article output (`full` built it): the
    daily ingest into an archive's store, against that store's full build."""
    target = out.with_name(out.name + "-add")
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(out, target, symlinks=True)
    try:
        added = build([], target, 2, limit, ["--add", str(new_dir)])
    finally:
        shutil.rmtree(target, ignore_errors=True)
    note(f"--add {ADDED} to {size:,}", added)
    return Row(
        f"{ADDED} articles added to the {size:,}-article output: kg build --add",
        f"{added.wall:.1f} s = {100 * added.wall / full.wall:.1f}% of its full build"
        if added.ok else failed(added),
        "<= 10% of a full build",
        added.wall <= 0.1 * full.wall if added.ok else False,
    )  # fmt: skip


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs=2, default=(250, 1000), metavar=("SMALL", "N"),
                        help="the two corpus sizes (default 250 1000)")  # fmt: skip
    parser.add_argument("--quick", action="store_true", help="only the full builds")
    parser.add_argument("--large", action="store_true", help="also 10,000 articles")
    parser.add_argument("--huge", action="store_true", help="also 100,000 articles")
    parser.add_argument("--keep", type=Path, help="keep corpora and outputs in this folder")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--limit", type=float, help="stop any build after this many seconds")
    args = parser.parse_args(argv)
    small, n = args.sizes

    with contextlib.ExitStack() as stack:
        if args.keep:
            args.keep.mkdir(parents=True, exist_ok=True)
            work, cache = args.keep, args.keep / "corpus"
        else:
            work = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="kg-bench-")))
            cache = Path(tempfile.gettempdir()) / "kg-bench-corpus"
        cache.mkdir(parents=True, exist_ok=True)
        print(machine(), file=sys.stderr, flush=True)
        details: list[str] = []
        rows = list(_rows(args, small, n, work, cache, details))
    print()
    print(machine())
    sizes = corpus_bytes(corpus_dir(cache, n, args.seed))
    print(f"corpus: benchmarks/corpus.py, seed {args.seed}; {n:,} articles of "
          f"{statistics.mean(sizes):,.0f} bytes on average (min {min(sizes):,}, "
          f"max {max(sizes):,}); builds with -j 2 unless the row says otherwise")  # fmt: skip
    print()
    print(table(rows))
    print()
    print("builds (kg's own summary and phase times):")
    print("\n".join(f"- {d}" for d in details))
    return 0


def _rows(
    args: argparse.Namespace, small: int, n: int, work: Path, cache: Path, details: list[str]
) -> Iterator[Row]:
    seed, limit = args.seed, args.limit

    def note(label: str, r: Run) -> None:
        line = f"{label}: {r.wall:.1f}s wall, {r.cpu:.1f}s CPU, {memory(r)}"
        if r.ok:
            line += f"; {r.line('read ')}; {r.line('time:')}"
        else:
            line += f"; {failed(r)}"
        details.append(line)
        print("  " + line, file=sys.stderr, flush=True)

    small_dir, big_dir = corpus_dir(cache, small, seed), corpus_dir(cache, n, seed)
    runs: dict[str, Run] = {}
    for label, inputs, out, workers in (
        (f"{small:,} -j 2", small_dir, work / f"out-{small}", 2),
        (f"{n:,} -j 1", big_dir, work / f"out-{n}-j1", 1),
        (f"{n:,} -j 2", big_dir, work / f"out-{n}", 2),
    ):
        shutil.rmtree(out, ignore_errors=True)
        runs[label] = build([inputs], out, workers, limit)
        note(label, runs[label])
    full, single, little = runs[f"{n:,} -j 2"], runs[f"{n:,} -j 1"], runs[f"{small:,} -j 2"]
    out = work / f"out-{n}"

    yield Row(
        f"full build, {n:,} articles, -j 2",
        f"{full.wall:.1f} s" if full.ok else failed(full),
        "<= 15 s" if n == 1000 else "<= 15 s (1,000 articles)",
        full.wall <= 15 if full.ok and n == 1000 else None,
    )
    if full.ok and single.ok:
        speedup = single.wall / full.wall
        _one, ceiling = cores_ceiling()
        yield Row(
            f"-j 2 against -j 1, {n:,} articles",
            f"{speedup:.2f}x faster (-j 1: {single.wall:.1f} s; two CPU-bound processes run "
            f"{ceiling:.2f}x as fast as one on this machine)",
            ">= 1.7x",
            speedup >= 1.7,
        )
    else:
        yield Row(f"-j 2 against -j 1, {n:,} articles", failed(single if full.ok else full),
                  ">= 1.7x", None)  # fmt: skip

    if not args.quick and full.ok:
        again = build([big_dir], out, 2, limit)
        note(f"{n:,} unchanged rebuild", again)
        yield Row(
            "unchanged rebuild (same command, same -o)",
            f"{again.wall:.1f} s = {100 * again.wall / full.wall:.0f}% of the full build"
            if again.ok else failed(again),
            "<= 10% of a full build",
            again.wall <= 0.1 * full.wall if again.ok else None,
        )  # fmt: skip
        new_dir = corpus_dir(cache, ADDED, seed, start=n)
        listed_out = work / f"out-{n}-listed"
        shutil.rmtree(listed_out, ignore_errors=True)
        shutil.copytree(out, listed_out, symlinks=True)  # the 1,000 build, before --add
        added = build([], out, 2, limit, ["--add", str(new_dir)])
        note(f"--add {ADDED}", added)
        if added.ok:
            figure = f"{added.wall:.1f} s = {100 * added.wall / full.wall:.0f}% of the full build"
            met: bool | None = added.wall <= 0.1 * full.wall
        elif "no such option" in added.stderr.lower():
            figure, met = "n/a (kg build --add not available)", None
        else:
            figure, met = failed(added), False
        yield Row(f"{ADDED} articles added: kg build --add NEW -o OUT", figure,
                  "<= 10% of a full build", met)  # fmt: skip
        listed = build([big_dir, new_dir], listed_out, 2, limit)
        note(f"{n:,} + {ADDED} listed", listed)
        yield Row(
            f"{ADDED} articles added: kg build ALL({n:,}+{ADDED}) -o OUT",
            f"{listed.wall:.1f} s = {100 * listed.wall / full.wall:.0f}% of the full build"
            if listed.ok else failed(listed),
            "<= 10% of a full build",
            listed.wall <= 0.1 * full.wall if listed.ok else None,
        )  # fmt: skip

    if full.ok and little.ok:
        ratio = full.maxrss_kb / little.maxrss_kb
        yield Row(
            f"peak RSS, {n:,} against {small:,} articles",
            f"{ratio:.2f}x ({mb(full.maxrss_kb)} against {mb(little.maxrss_kb)}, largest process; "
            f"all processes {mb(full.tree_kb)} against {mb(little.tree_kb)})",
            "<= 1.4x",
            ratio <= 1.4,
        )

    query_out, query_articles = out, n
    for flag, size, wall_target in ((args.large, 10_000, 150.0), (args.huge, 100_000, None)):
        if not flag:
            continue
        folder = corpus_dir(cache, size, seed)
        target_out = work / f"out-{size}"
        shutil.rmtree(target_out, ignore_errors=True)
        r = build([folder], target_out, 2, limit)
        note(f"{size:,} -j 2", r)
        if wall_target is not None:
            yield Row(
                f"{size:,} articles, -j 2",
                f"{r.wall:.1f} s, {memory(r)}" if r.ok else failed(r),
                "<= 150 s and <= 1.5 GB (all processes)",
                (r.wall <= wall_target and r.tree_kb <= 1.5 * MB * MB) if r.ok else False,
            )
            if r.ok:
                query_out, query_articles = target_out, size
                if not args.quick:
                    yield add_row(r, target_out, corpus_dir(cache, ADDED, seed, start=size),
                                  size, limit, note)  # fmt: skip
        else:
            yield Row(f"{size:,} articles, -j 2",
                      f"completed: {r.wall:.1f} s, {memory(r)}" if r.ok else failed(r),
                      "completes on this machine", r.ok)  # fmt: skip

    if not args.quick:
        yield extraction_row(small_dir)
        if full.ok:
            sample = work / "out-sample"
            shutil.rmtree(sample, ignore_errors=True)
            run([*KG, "build", str(REPO / "input"), "-o", str(sample), "--no-html"])
            yield from query_row(query_out, sample, query_articles, args.large)


if __name__ == "__main__":
    sys.exit(main())
