"""Issue 9, case 16: CI runs the README's two set-up commands exactly as written."""

from __future__ import annotations

import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _block(n: int) -> str:
    """The README's n-th ```sh block, read the way .ci/run reads it (its own awk line)."""
    run = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    awk = next(line for line in run.splitlines() if line.strip().startswith("awk "))
    program = awk.split("'", 1)[1].rsplit("'", 1)[0]
    done = subprocess.run(
        ["awk", "-v", f"want={n}", program, "README.md"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout.strip()


def test_ci_runs_the_readme_set_up_commands_as_written() -> None:
    run = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert 'eval "$first"' in run and 'eval "$second"' in run
    assert "pip install -e" not in run  # an editable install hid a broken fresh clone once
    first, second = _block(1), _block(2)
    assert first.endswith("pip install . && kg build input/ -o output/"), first
    assert second == "pip install '.[test]' && python -m pytest -q", second


def test_every_package_of_kg_is_installed_by_a_plain_pip_install() -> None:
    # `pip install .` copies only the packages pyproject.toml lists; an unlisted kg/x/ works
    # in an editable install and is missing from a real one.
    import tomllib

    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    listed = set(config["tool"]["setuptools"]["packages"])
    found = {
        ".".join(init.parent.relative_to(ROOT).parts) for init in (ROOT / "kg").rglob("__init__.py")
    }
    assert found <= listed, sorted(found - listed)
