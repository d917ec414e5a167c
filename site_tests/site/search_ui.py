"""The search page's UI (/sog/, theme/assets/search.js): its elements, and waiting for results.

The search fetches its index in parts, asynchronously, so a search is finished when the page's
status line names the exact term typed ("4 resultater for samtale"), which it does only after
the results are shown; never after a fixed time.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from playwright.sync_api import Page, expect

SEARCH_BOX = "#pa-search-q"
MESSAGE = "#pa-search .pa-search__status"
RESULTS = "#pa-search li.pa-search__result"
RESULT_LINKS = "#pa-search li.pa-search__result a.pa-search__link"
MORE = "#pa-search .pa-search__more"


FILTERS = "#pa-search .pa-search__filters"
SORT = "#pa-search-sort"


def wait_for_results(page: Page, term: str) -> list[str]:
    """Waits until the search has answered for exactly `term` ("": filters without words) and
    has finished (a click on a filter searches again with the same words: the results list is
    aria-busy until it has answered); returns the paths of the result pages shown, in order."""
    said = rf" for {re.escape(term)}" if term else ""
    expect(page.locator(MESSAGE)).to_have_text(
        re.compile(rf"^([\d.]+ resultat(?:er)?|Ingen resultater){said}$"), timeout=15_000
    )
    expect(page.locator("#pa-search .pa-search__results")).to_have_attribute("aria-busy", "false")
    shown = page.locator(RESULTS).count()
    expect(page.locator(RESULT_LINKS)).to_have_count(shown)
    return [
        urlsplit(href).path
        for href in page.locator(RESULT_LINKS).evaluate_all("links => links.map(a => a.href)")
    ]
