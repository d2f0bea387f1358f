"""Shared fixtures: one build of the repository's sample articles (input/), made once."""

from __future__ import annotations

from pathlib import Path

import pytest

_INPUT = Path(__file__).resolve().parent.parent / "input"


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
