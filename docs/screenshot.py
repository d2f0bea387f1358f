"""Take docs/graph.png: the sample graph's page (output/graph.html) in headless Chromium.

    kg build input/ -o output/
    python docs/screenshot.py [output/graph.html] [docs/graph.png] [--search NAME]

Needs the test extras (Python playwright) and Debian's chromium at /usr/bin/chromium; never runs
`playwright install`. Waits until the page has laid the graph out (window.kgView.ready), then
searches NAME (default "Korsel") and hovers nothing, so the picture shows the legend, the
selected node and its pinned details panel. Every network request is refused.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from playwright.sync_api import Page, Route, sync_playwright

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def _wait(page: Page, js: str, timeout: float = 60.0) -> None:
    # page.wait_for_function would need eval, which the page's CSP forbids.
    deadline = time.monotonic() + timeout
    while not page.evaluate(js):
        if time.monotonic() > deadline:
            raise TimeoutError(f"page never got to: {js}")
        page.wait_for_timeout(50)


def main(page_path: Path, png: Path, search: str) -> None:
    url = page_path.resolve().as_uri()

    def route(r: Route) -> None:
        if r.request.url == url:
            r.continue_()
        else:
            r.abort()

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 860}, device_scale_factor=1)
            page.route("**/*", route)
            page.goto(url)
            _wait(page, "() => !!window.kgView && window.kgView.ready")
            if search:
                page.fill("#kg-search", search)
                page.press("#kg-search", "Enter")
                _wait(page, "() => window.kgView.focused !== null")
                page.evaluate("() => window.kgView.network.fit()")
                page.locator("#kg-search").blur()
            page.mouse.move(1, 1)
            page.wait_for_timeout(400)
            png.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(png))
        finally:
            browser.close()
    print(f"wrote {png}")


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if not a.startswith("--search")]
    name = "Korsel"
    for a in sys.argv[1:]:
        if a.startswith("--search="):
            name = a.split("=", 1)[1]
    main(
        Path(args[0] if args else "output/graph.html"),
        Path(args[1] if len(args) > 1 else "docs/graph.png"),
        name,
    )
