"""Benchmark: CPU time of extraction per article and per KB (issue 11: ≤ 10 ms a 2.5 KB article).

    python benchmarks/bench_extract.py FOLDER [FOLDER ...]     # each folder on its own
    python benchmarks/bench_extract.py --rounds 5 input/        # best of 5 rounds (default 3)
    python benchmarks/bench_extract.py --profile 30 input/      # and cProfile's top 30 functions

The articles are read with kg's reader; the ontology is loaded once first, and its load is
timed on its own (it is not in the per-article figures). Each round extracts every article of
the folder once, in one process, as `kg build -j 1` does; the figure is the best round's
CPU time (time.process_time), so other load on the machine matters less. The first round
also pays for the caches filled on first use (morphology, folded words), so it is printed
too. Figures are printed, never asserted: they depend on the machine.

    python benchmarks/bench_extract.py --instructions 40 FOLDER

counts instead the machine instructions of extracting the folder's first 40 articles, per
article, under valgrind's cachegrind (apt package valgrind; about a minute): a process with no
article is counted too and taken off, so start-up and the ontology's load are left out. Unlike
CPU time, the count is the same from run to run and from one machine to another of the same
architecture and Python: on a shared VM, whose speed changes by half within the hour, it is
the figure to compare two versions of the code by.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

from kg.extract import extract_article
from kg.lexicon import load_ontology
from kg.model import Article
from kg.reader import read_articles


def _articles(folder: Path) -> list[Article]:
    return [x for x in read_articles([folder]) if isinstance(x, Article)]


def _round(articles: list[Article]) -> float:
    onto = load_ontology()
    start = time.process_time()
    for article in articles:
        extract_article(article, onto)
    return time.process_time() - start


def _count(folder: Path, n: int) -> int:
    """Instructions of a process that extracts the folder's first n articles."""
    run = [sys.executable, __file__, "--extract-only", str(n), str(folder)]
    done = subprocess.run(
        ["valgrind", "--tool=cachegrind", "--cache-sim=no", "--cachegrind-out-file=/dev/null"]
        + run,
        capture_output=True,
        text=True,
        check=True,
    )
    found = re.search(r"I\s+refs:\s+([\d,]+)", done.stderr)
    if found is None:
        raise SystemExit(f"valgrind gave no instruction count:\n{done.stderr[-2000:]}")
    return int(found.group(1).replace(",", ""))


def _instructions(folders: list[Path], n: int) -> None:
    if shutil.which("valgrind") is None:
        raise SystemExit("--instructions needs valgrind (apt-get install valgrind)")
    print(f"{'folder':<34} {'articles':>8} {'M instructions/art':>18}")
    for folder in folders:
        articles = _articles(folder)[:n]
        per = (_count(folder, len(articles)) - _count(folder, 0)) / max(1, len(articles))
        print(f"{str(folder)[-34:]:<34} {len(articles):>8} {per / 1e6:>18.2f}")


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folders", nargs="+", type=Path)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--profile", type=int, default=0, metavar="N")
    parser.add_argument("--instructions", type=int, default=0, metavar="N")
    parser.add_argument("--extract-only", type=int, default=-1, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.extract_only >= 0:  # the process --instructions counts
        onto = load_ontology()
        for article in _articles(args.folders[0])[: args.extract_only]:
            extract_article(article, onto)
        return
    if args.instructions:
        _instructions(args.folders, args.instructions)
        return

    start = time.process_time()
    onto = load_ontology()
    print(f"ontology load: {1000 * (time.process_time() - start):.0f} ms CPU (once a process)")

    print(
        f"{'folder':<34} {'articles':>8} {'KB/art':>7} {'1st ms/art':>10} "
        f"{'ms/art':>7} {'ms/KB':>6}"
    )
    for folder in args.folders:
        articles = _articles(folder)
        if not articles:
            print(f"{str(folder):<34} no articles")
            continue
        kb = sum(len(a.text.encode()) for a in articles) / 1024
        rounds = [_round(articles) for _ in range(max(1, args.rounds))]
        best = min(rounds)
        print(
            f"{str(folder)[-34:]:<34} {len(articles):>8} {kb / len(articles):>7.1f} "
            f"{1000 * rounds[0] / len(articles):>10.1f} {1000 * best / len(articles):>7.1f} "
            f"{1000 * best / kb:>6.2f}"
        )
        if args.profile:
            profile = cProfile.Profile()
            profile.enable()
            for article in articles:
                extract_article(article, onto)
            profile.disable()
            for order in ("tottime", "cumtime"):
                print(f"--- profile of {folder}, by {order}")
                pstats.Stats(profile).sort_stats(order).print_stats(args.profile)


if __name__ == "__main__":
    main(sys.argv[1:])
