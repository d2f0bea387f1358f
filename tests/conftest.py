"""Shared fixtures: one build of the repository's sample articles (input/), made once."""

from __future__ import annotations

from pathlib import Path

import pytest

_INPUT = Path(__file__).resolve().parent.parent / "input"


def pytest_configure(config: pytest.Config) -> None:
    # pytest >= 9.2 probes module globals for mock attributes; rdflib's closed namespaces
    # (XSD, imported by several test modules) warn on any unknown name they are asked for.
    config.addinivalue_line(
        "filterwarnings", "ignore:Code. _mock_name is not defined in namespace:UserWarning"
    )


@pytest.fixture(scope="session")
def sample_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The output folder of `kg.build.build` over input/: graph.ttl and graph.html."""
    from kg.build import BuildOptions, build

    out = tmp_path_factory.mktemp("sample-build")
    build([_INPUT], BuildOptions(out_dir=out))
    return out


@pytest.fixture(scope="session")
def sample_ttl(sample_build: Path) -> Path:
    return sample_build / "graph.ttl"


@pytest.fixture(scope="session")
def built_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An output folder of `kg build input/ -o OUT` with its store (kg.store), OUT/store/."""
    import pyoxigraph

    from kg.build import BuildOptions, build
    from kg.store import MANIFEST, oxigraph_path, store_dir

    out = tmp_path_factory.mktemp("built-store")
    build([_INPUT], BuildOptions(out_dir=out))
    # Stands in for kg build's store until the build writes one (then this fixture is the
    # build alone): graph.ttl loaded into the default graph, and an empty manifest.
    oxigraph_path(out).mkdir(parents=True)
    store = pyoxigraph.Store(str(oxigraph_path(out)))
    store.bulk_load(path=str(out / "graph.ttl"), format=pyoxigraph.RdfFormat.TURTLE)
    del store  # closed: the folder is the published store, opened read-only by readers
    (store_dir(out) / MANIFEST).touch()
    return out
