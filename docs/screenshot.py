"""Take docs/graph.png: the sample graph's page (output/graph.html) in headless Chromium.

    kg build input/ -o output/
    python docs/screenshot.py [output/graph.html] [docs/graph.png]

Needs the test extras (Python playwright) and Debian's chromium at /usr/bin/chromium; never runs
`playwright install`. Waits until the page has laid the graph out (window.kgData.ready).
"""

from __future__ import annotations

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def main(page_path: Path, png: Path) -> None:
    url = page_path.resolve().as_uri()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 900}, device_scale_factor=1)
            page.goto(url)
            page.wait_for_function(
                "() => window.kgData && window.kgData.ready === true", timeout=60_000
            )
            page.evaluate("() => window.kgNetwork && window.kgNetwork.fit()")
            page.wait_for_timeout(500)
            png.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(png))
        finally:
            browser.close()
    print(f"wrote {png}")


if __name__ == "__main__":
    args = sys.argv[1:]
    main(
        Path(args[0] if args else "output/graph.html"),
        Path(args[1] if len(args) > 1 else "docs/graph.png"),
    )
