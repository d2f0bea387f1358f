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
    from kg.build import BuildOptions, build

    out = tmp_path_factory.mktemp("built-store")
    build([_INPUT], BuildOptions(out_dir=out))
    return out
