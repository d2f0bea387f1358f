"""Take the README's screenshots of kg view pages in headless Chromium.

    kg build input/ -o output/
    python docs/screenshot.py                       # output/graph.html -> docs/graph.png
    python docs/screenshot.py PAGE.html PNG [--search NAME] [--colour community]

Needs the test extras (Python playwright) and Debian's chromium at /usr/bin/chromium; never runs
`playwright install`. Waits until the page has laid the graph out (window.kgView.ready), colours
it by type or by community, then searches NAME (default "Korsel"; `--search ""` for none: the
first view) and hovers nothing, so the picture shows the legend, the names the page chose to
draw and, after a search, the selected node and its pinned details panel. Every network
request is refused. The README's three pictures:

    python docs/screenshot.py
    kg build NEWS/ -o news/ && python docs/screenshot.py news/graph.html docs/graph-news.png \
        --search "" --colour community
    python benchmarks/bench_view.py --keep bench/ 5000 && python docs/screenshot.py \
        bench/graph5000.html docs/graph-5k.png --search "" --colour community
"""

from __future__ import annotations

import argparse
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


def main(page_path: Path, png: Path, search: str, colour: str = "type") -> None:
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
            _wait(page, "() => !!window.kgView && window.kgView.ready", timeout=600.0)
            page.select_option("#kg-colour-by", colour)
            if search:
                page.fill("#kg-search", search)
                page.press("#kg-search", "Enter")
                _wait(page, "() => window.kgView.focused !== null")
                page.locator("#kg-search").blur()
            page.mouse.move(1, 1)
            page.wait_for_timeout(400)
            png.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(png))
        finally:
            browser.close()
    print(f"wrote {png}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description="Screenshot a kg view page.")
    parser.add_argument("page", nargs="?", type=Path, default=Path("output/graph.html"))
    parser.add_argument("png", nargs="?", type=Path, default=Path("docs/graph.png"))
    parser.add_argument("--search", default="Korsel", help='a name to search; "" for none')
    parser.add_argument("--colour", choices=("type", "community"), default="type")
    options = parser.parse_args()
    main(options.page, options.png, options.search, options.colour)
