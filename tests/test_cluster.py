"""Issue 11: `kg build --dask-scheduler` extracts on a Dask cluster (a real LocalCluster of two
worker processes here) and gives the graph a local build gives, byte for byte."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner
from distributed import LocalCluster

from kg.build import BuildOptions, build
from kg.cli import main

TEXTS = [
    *sorted((Path(__file__).parent.parent / "input").glob("*.txt")),
    *sorted((Path(__file__).parent / "data" / "gold" / "texts").glob("*.txt")),
]


def test_a_dask_cluster_gives_the_graph_of_a_local_build(tmp_path: Path) -> None:
    news = tmp_path / "news"
    news.mkdir()
    for n in range(24):  # more than a local build sends to its pool
        src = TEXTS[n % len(TEXTS)]
        (news / f"{n:03d}.txt").write_text(f"({n}) " + src.read_text("utf-8"), "utf-8")
    with LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cluster:
        report = build(
            [news],
            BuildOptions(
                out_dir=tmp_path / "dask", html=False, dask_scheduler=cluster.scheduler_address
            ),
        )
    assert report.added == report.articles == 24 and not report.skipped
    build([news], BuildOptions(out_dir=tmp_path / "local", html=False, workers=1))
    dask_ttl = (tmp_path / "dask" / "graph.ttl").read_bytes()
    assert dask_ttl == (tmp_path / "local" / "graph.ttl").read_bytes()


def test_an_unreachable_scheduler_is_named_with_the_fix(tmp_path: Path) -> None:
    news = tmp_path / "news"
    news.mkdir()
    (news / "a.txt").write_text(TEXTS[0].read_text("utf-8"), "utf-8")
    result = CliRunner().invoke(
        main,
        ["build", str(news), "-o", str(tmp_path / "out"), "--dask-scheduler", "tcp://127.0.0.1:9"],
    )
    assert result.exit_code == 1
    assert "--dask-scheduler tcp://127.0.0.1:9: cannot reach the scheduler" in result.output
    assert not (tmp_path / "out").exists()  # nothing half-made
