"""Extraction in a process pool gives the same graph as extraction in one process."""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph

from kg.build import _PARALLEL_FROM, BuildOptions, build

CORPUS = [
    *sorted((Path(__file__).parent.parent / "input").glob("*.txt")),
    *sorted((Path(__file__).parent / "data" / "gold" / "texts").glob("*.txt")),
]


def test_pool_and_single_process_agree(tmp_path: Path) -> None:
    folder = tmp_path / "news"
    folder.mkdir()
    copies = 0
    while copies < _PARALLEL_FROM + 2:  # enough articles for the pool to be used
        for src in CORPUS:
            # each copy is its own article: the same article given twice is read once
            text = f"({copies}) " + src.read_text(encoding="utf-8")  # a title of its own
            (folder / f"{copies:03d}_{src.name}").write_text(text, encoding="utf-8")
            copies += 1
    graphs = []
    for workers in (1, 2):
        out = tmp_path / f"out{workers}"
        report = build([folder], BuildOptions(out_dir=out, html=False, workers=workers))
        assert report.articles == copies and not report.skipped
        graph = Graph()
        graph.parse(out / "graph.ttl", format="turtle")
        graphs.append(graph)
    assert set(graphs[0]) == set(graphs[1])
    assert (tmp_path / "out1" / "graph.ttl").read_bytes() == (
        tmp_path / "out2" / "graph.ttl"
    ).read_bytes()


def test_pages_read_in_the_pool_give_the_same_graph(tmp_path: Path) -> None:
    """Issue 13: HTML pages (trafilatura, the slow part of reading) are read on the pool's
    workers, in order; a WARC's pages too."""
    from pages import ID_SENTENCES, Record, news_page, paragraphs, write_warc

    folder = tmp_path / "pages"
    folder.mkdir()
    records = []
    for n in range(10):
        page = news_page(
            f"Berita paralel {n}",
            paragraphs(ID_SENTENCES, 3, offset=n),
            url=f"https://berita.example.id/paralel/{n}",
        )
        (folder / f"p{n:02d}.html").write_text(page, encoding="utf-8")
        records.append(Record(f"https://berita.example.id/paralel/{n}", page.encode()))
    crawl = write_warc(tmp_path / "crawl.warc.gz", records)
    for source in (folder, crawl):
        written = []
        for workers in (1, 2):
            out = tmp_path / f"{source.name}-{workers}"
            report = build([source], BuildOptions(out_dir=out, html=False, workers=workers))
            assert report.articles == 10
            written.append((out / "graph.ttl").read_bytes())
        assert written[0] == written[1]


def test_files_read_in_the_pool_come_as_read_in_one_process(tmp_path: Path) -> None:
    """One-article files (.txt, .md, .html) are read on the pool's workers, several a task:
    the same articles, notices and skips, in the same order, as read in one process."""
    from concurrent.futures import ProcessPoolExecutor

    from pages import ID_SENTENCES, news_page, paragraphs

    from kg.reader import read_articles

    folder = tmp_path / "mixed"
    folder.mkdir()
    for n in range(40):
        body = "\n\n".join(paragraphs(ID_SENTENCES, 3, offset=n))
        kind = n % 5
        if kind == 0:
            (folder / f"{n:02d}.html").write_text(
                news_page(f"Halaman {n}", paragraphs(ID_SENTENCES, 3, offset=n)), encoding="utf-8"
            )
        elif kind == 1:
            (folder / f"{n:02d}.md").write_text(f"# Catatan {n}\n\n{body}\n", encoding="utf-8")
        elif kind == 2:
            (folder / f"{n:02d}.txt").write_bytes(f"Berita {n}\n\n{body}\n".encode() + b"\x00")
        elif kind == 3:
            (folder / f"{n:02d}.txt").write_text("", encoding="utf-8")  # nothing to read
        else:
            (folder / f"{n:02d}.txt").write_text(f"Berita {n}\n\n{body}\n", encoding="utf-8")
    row = '{"title": "Baris", "maintext": "' + ID_SENTENCES[0] + '"}\n'
    (folder / "20b.jsonl").write_text(row, encoding="utf-8")  # many articles, read here
    alone = list(read_articles([folder]))
    with ProcessPoolExecutor(2) as pool:
        pooled = list(read_articles([folder], executor=pool))
    assert pooled == alone
    kinds = {type(item).__name__ for item in alone}
    assert {"Article", "Notice", "Skipped"} <= kinds
