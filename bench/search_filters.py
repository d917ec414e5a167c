"""The search page with filters, in Chromium, on a built site (issue 19): how many bytes a
filtered search fetches and how soon its results show.

    python -m bench.search_filters SITE [--query WORD] [--json FILE]

SITE is a built site (for 10,000 proposals: `python -m bench.synth ROOT 10000`, then
`proposal-archive --root ROOT build`, SITE = ROOT/site). The site is served by Python's
http.server (no compression), each search in a fresh browser context (empty cache). Three ways
a reader meets filters, with the year and the district that have the most proposals in
filters.json:

- linked: /sog/?q=WORD&aar=YEAR&bydel=DISTRICT opened as a link;
- clicked: WORD typed on /sog/, then the year's box clicked;
- filters alone: /sog/?aar=YEAR&type=KIND, no words.

Bytes are those of the search index's files (search-index/…: the shard list, the shards,
filters.json, the documents shown) fetched from the page's load until the results show (for
"clicked", from the load until the results after the click); the page itself (HTML, Material's
scripts and styles, search-engine.js and search.js) is counted apart. Times are taken in the page:
from DOMContentLoaded (linked, filters alone) or from the click (clicked) until the results list
is shown and no longer busy. One run: the machine is shared; say so with the figures.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from bench import synth
from bench.served import chromium, served, transferred

# In the page, before its scripts: when DOMContentLoaded fired, when a filter was clicked, and
# each time the results list stopped being busy with a status said (milliseconds).
_WATCH = """
window.__bench = {loaded: null, clicked: null, done: []};
document.addEventListener("DOMContentLoaded", () => {
  window.__bench.loaded = performance.now();
  const list = document.querySelector("#pa-search .pa-search__results");
  const status = document.querySelector("#pa-search .pa-search__status");
  new MutationObserver(() => {
    if (list.getAttribute("aria-busy") === "false" && status.textContent) {
      window.__bench.done.push(performance.now());
    }
  }).observe(list, {attributes: true, attributeFilter: ["aria-busy"]});
  document.addEventListener("click", e => {
    if (e.target.closest(".pa-search__filters")) window.__bench.clicked = performance.now();
  }, true);
});
"""
_RESULTS = "#pa-search .pa-search__results[aria-busy=false]"
_STATUS = "#pa-search .pa-search__status"


def _most(facet: dict) -> str:
    """The slug of the facet's value that the most documents have."""
    counts = [0] * len(facet["values"])
    width = facet["width"]
    alphabet = "".join(chr(c) for c in range(35, 127) if chr(c) != "\\")
    for n in range(len(facet["column"]) // width):
        code = 0
        for c in facet["column"][n * width : (n + 1) * width]:
            code = code * len(alphabet) + alphabet.index(c)
        for v in facet["sets"][code]:
            counts[v] += 1
    return facet["values"][max(range(len(counts)), key=counts.__getitem__)][0]


def _split(requests) -> tuple[dict, dict]:
    index = [r for r in requests if "/search-index/" in r.url]
    page = [r for r in requests if "/search-index/" not in r.url]
    return transferred(index), transferred(page)


def _count(page) -> int:
    text = page.locator(_STATUS).inner_text()
    return int(text.split()[0].replace(".", "")) if text[:1].isdigit() else 0


def _watched(browser):
    """A fresh context (empty cache) and page with the watcher, and the list of the requests
    that finish in it."""
    context = browser.new_context()
    context.add_init_script(_WATCH)
    page = context.new_page()
    finished: list = []
    page.on("requestfinished", lambda request: finished.append(request))
    return context, page, finished


def _opened(browser, url: str) -> dict:
    context, page, finished = _watched(browser)
    try:
        page.goto(url)
        page.wait_for_function("window.__bench.done.length > 0", timeout=60_000)
        marks = page.evaluate("window.__bench")
        index, rest = _split(finished)
        return {
            "results": _count(page),
            "seconds": (marks["done"][0] - marks["loaded"]) / 1000,
            "index_bytes": index["bytes"],
            "index_requests": index["requests"],
            "page_bytes": rest["bytes"],
        }
    finally:
        context.close()


def _clicked(browser, url: str, query: str, year: str) -> dict:
    context, page, finished = _watched(browser)
    try:
        page.goto(url, wait_until="networkidle")
        page.locator("#pa-search-q").press_sequentially(query)
        page.wait_for_function(
            f"document.querySelector({_STATUS!r}).textContent.endsWith(' for ' + {query!r})",
            timeout=60_000,
        )
        page.wait_for_selector(_RESULTS)
        before = page.evaluate("window.__bench.done.length")
        typed = len(finished)
        page.locator(f"#pa-search input[name='aar'][value='{year}']").check()
        page.wait_for_function(f"window.__bench.done.length > {before}", timeout=60_000)
        marks = page.evaluate("window.__bench")
        index, rest = _split(finished)
        after, _ = _split(finished[typed:])
        return {
            "results": _count(page),
            "seconds": (marks["done"][-1] - marks["clicked"]) / 1000,
            "index_bytes": index["bytes"],
            "index_requests": index["requests"],
            "after_click_bytes": after["bytes"],
            "page_bytes": rest["bytes"],
        }
    finally:
        context.close()


def measure(site: Path, query: str) -> dict:

    filters = {
        f["param"]: f
        for f in json.loads((site / "search-index" / "filters.json").read_text())["filters"]
    }
    year, district, kind = _most(filters["aar"]), _most(filters["bydel"]), _most(filters["type"])
    rows = {}
    with served(site) as root, chromium() as browser:
        base = f"{root}sog/"
        rows["linked"] = _opened(browser, f"{base}?q={query}&aar={year}&bydel={district}")
        rows["clicked"] = _clicked(browser, base, query, year)
        rows["filters alone"] = _opened(browser, f"{base}?aar={year}&type={kind}")
    return {
        "documents": json.loads((site / "search-index" / "meta.json").read_text())["documents"],
        "query": query,
        "year": year,
        "district": district,
        "kind": kind,
        "filters_json_bytes": (site / "search-index" / "filters.json").stat().st_size,
        "rows": rows,
    }


def table(found: dict) -> str:
    lines = [
        f"N = {found['documents']:,}; word `{found['query']}`, year {found['year']}, district "
        f"`{found['district']}`, kind `{found['kind']}`; filters.json {found['filters_json_bytes'] / 1000:.1f} KB",
        "",
        "| search | results | time to results (s) | index bytes (KB) | index requests | page itself (KB) |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for name, row in found["rows"].items():
        lines.append(
            f"| {name} | {row['results']:,} | {row['seconds']:.2f} | {row['index_bytes'] / 1000:.1f} "
            f"| {row['index_requests']} | {row['page_bytes'] / 1000:.1f} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("--query", default=synth.SEARCH_QUERIES[0])
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    found = measure(args.site, args.query)
    if args.json:
        args.json.write_text(
            json.dumps(found, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
        )
    print(table(found))
    return 0


if __name__ == "__main__":
    sys.exit(main())
