"""Extraction on a Dask distributed cluster (`kg build --dask-scheduler tcp://HOST:PORT`).

The cluster runs the same task a local worker runs (kg.build's per-chunk extraction, which
returns plain values), through `distributed`'s concurrent.futures interface; this process
streams the results into its store, so the graph is the one a local build makes. Every worker
needs kg installed (the same version: the ontology data ships in the package).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from concurrent.futures import Executor

from kg.errors import ClusterError


@contextlib.contextmanager
def dask_executor(address: str) -> Iterator[Executor]:
    """A concurrent.futures Executor on the Dask cluster whose scheduler is at `address`."""
    try:
        from distributed import Client
    except ImportError as exc:
        raise ClusterError(
            "--dask-scheduler needs Dask's distributed package: pip install 'kg[dask]'"
        ) from exc
    try:
        client = Client(address, timeout="5s", set_as_default=False)  # type: ignore[no-untyped-call]
    except (OSError, TimeoutError) as exc:
        raise ClusterError(
            f"--dask-scheduler {address}: cannot reach the scheduler ({exc}); check the "
            "address (tcp://HOST:PORT) and that `dask scheduler` runs there"
        ) from exc
    try:
        yield client.get_executor()  # type: ignore[no-untyped-call]
    finally:
        client.close()  # type: ignore[no-untyped-call]
