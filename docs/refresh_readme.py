"""Re-run the commands whose output README.md shows, and paste their real output in.

    kg build input/ -o output/
    python docs/refresh_readme.py   # rewrite README.md in place

In README.md a line `<!-- run: COMMAND -->` is followed by a fenced block; the block becomes
`$ COMMAND` and what COMMAND prints (run from the repository root, without a shell).
"""

from __future__ import annotations

import argparse
import re
import shlex
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
README = REPO / "README.md"
BLOCK = re.compile(r"(<!-- run: (?P<cmd>.+?) -->\n)```text\n.*?\n```", re.S)


def _run(command: str) -> str:
    done = subprocess.run(
        shlex.split(command), cwd=REPO, capture_output=True, text=True, check=False, timeout=600
    )
    if done.returncode != 0:
        raise SystemExit(f"{command!r} failed ({done.returncode}):\n{done.stderr}")
    return done.stdout.rstrip("\n")


def refresh(text: str) -> str:
    def block(match: re.Match[str]) -> str:
        command = match["cmd"]
        return f"{match[1]}```text\n$ {command}\n{_run(command)}\n```"

    return BLOCK.sub(block, text)


def main() -> int:
    argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        epilog="It takes no arguments: run it from anywhere, after kg build input/ -o output/.",
    ).parse_args()  # --help says what it does, and changes nothing
    old = README.read_text(encoding="utf-8")
    README.write_text(refresh(old), encoding="utf-8")
    print(f"refreshed {len(BLOCK.findall(old))} blocks in {README}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
