"""Benchmark: time of one article against its length (issue 9, case 8: it must grow linearly).

    python benchmarks/bench_long_article.py               # 250, 500, 1000, 2000, 4000 paragraphs
    python benchmarks/bench_long_article.py 500 5000      # other sizes

Each article is one file written here: a title line, a date line, then N paragraphs of news
prose (both languages) in which new people keep appearing (every paragraph names a person not
seen before, with a title and a state), so the article's memory of people, names and facts
grows with its length, which is what made long articles quadratic. For each size it prints
the file size, the time to read it, to extract it and for the whole `kg build` (no HTML), and
the time per paragraph: a flat last column means linear time. Figures are printed, never
asserted: they depend on the machine.
"""

from __future__ import annotations

import random
import sys
import tempfile
import time
from pathlib import Path

from kg.build import BuildOptions, build
from kg.extract import extract_article
from kg.lexicon import load_ontology
from kg.model import Article
from kg.reader import read_articles

_STATES = ("Jepang", "Korea Selatan", "Australia", "Rusia", "Ukraina", "China", "Malaysia")
_TEMPLATES = (
    "Menteri Luar Negeri {state} {name} bertemu Presiden Joko Widodo di Jakarta.",
    "Duta Besar {state} {name} mengkritik Rusia atas serangan ke Ukraina, kata {name2}.",
    "“Kami mendukung perdamaian,” kata juru bicara {name}, yang juga penasihat {state}.",
    "{state} Foreign Minister {name} met Indonesian Foreign Minister Retno Marsudi on Monday.",
    "{name} urged {state} to support the resolution, a spokesman for {name2} said.",
)
_GIVEN = ("Ahmad", "Budi", "Citra", "Dewi", "Eko", "Farah", "Gilang", "Hana", "Irfan", "Joko")
_FAMILY = ("Santoso", "Wibowo", "Halim", "Kusuma", "Pratama", "Nugroho", "Saputra", "Lestari")


def _person(n: int) -> str:
    # a distinct two- or three-word name for every n
    given = _GIVEN[n % len(_GIVEN)]
    family = _FAMILY[(n // len(_GIVEN)) % len(_FAMILY)]
    return f"{given} {family} {n // (len(_GIVEN) * len(_FAMILY))}"


def article_text(paragraphs: int, seed: int = 7) -> str:
    rng = random.Random(seed)
    body = []
    for n in range(paragraphs):
        sentences = [
            rng.choice(_TEMPLATES).format(
                state=rng.choice(_STATES), name=_person(n), name2=_person(max(0, n - 3))
            )
            for _ in range(2)
        ]
        body.append(" ".join(sentences))
    return "Berita panjang\n\n1 Februari 2023\n\n" + "\n\n".join(body) + "\n"


def main(sizes: list[int]) -> None:
    onto = load_ontology()
    head = ("paragraphs", "MB", "read s", "extract s", "build s", "ms/para")
    print(" ".join(f"{h:>{w}}" for h, w in zip(head, (10, 6, 7, 9, 8, 8), strict=True)))
    with tempfile.TemporaryDirectory() as tmp:
        for size in sizes:
            path = Path(tmp) / f"long{size}.txt"
            path.write_text(article_text(size), encoding="utf-8")
            started = time.perf_counter()
            [article] = [a for a in read_articles([path]) if isinstance(a, Article)]
            read_s = time.perf_counter() - started
            started = time.perf_counter()
            extract_article(article, onto)
            extract_s = time.perf_counter() - started
            started = time.perf_counter()
            build([path], BuildOptions(out_dir=Path(tmp) / f"out{size}", html=False))
            build_s = time.perf_counter() - started
            mb = path.stat().st_size / 1e6
            print(
                f"{size:>10} {mb:>6.2f} {read_s:>7.2f} {extract_s:>9.2f} {build_s:>8.2f} "
                f"{1000 * build_s / size:>8.2f}",
                flush=True,
            )


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [250, 500, 1000, 2000, 4000])
