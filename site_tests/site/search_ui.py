"""Pagefind's search UI on the search page (/sog/): its elements, and waiting for its results.

Pagefind loads its WebAssembly and index chunks asynchronously, so a search is finished when
Pagefind's own message names the exact term typed ("4 resultater for samtale") and every result
shown has loaded its title link; never after a fixed time.
"""
from __future__ import annotations

import re
from urllib.parse import urlsplit

from playwright.sync_api import Page, expect

SEARCH_BOX = "#pa-search .pagefind-ui__search-input"
MESSAGE = "#pa-search .pagefind-ui__message"
RESULTS = "#pa-search li.pagefind-ui__result"
# the link of each result page (not the links of its sub-results, which carry an #anchor)
RESULT_LINKS = "#pa-search .pagefind-ui__result-inner > .pagefind-ui__result-title > a.pagefind-ui__result-link"


def wait_for_results(page: Page, term: str) -> list[str]:
    """Waits until Pagefind has searched for exactly `term` and every result shown has loaded;
    returns the paths of the result pages, in order."""
    expect(page.locator(MESSAGE)).to_have_text(
        re.compile(rf"^(\d+ resultat(?:er)? for|Ingen resultater for) {re.escape(term)}$"), timeout=15_000
    )
    shown = page.locator(RESULTS).count()
    # each result shows a placeholder until its fragment has loaded, then its title link
    expect(page.locator(RESULT_LINKS)).to_have_count(shown)
    return [urlsplit(href).path for href in page.locator(RESULT_LINKS).evaluate_all("links => links.map(a => a.href)")]
