"""axe-core, Deque's accessibility engine, run inside a page against WCAG 2.1 A and AA.

The script is the axe.min.js that the PyPI package axe-playwright-python ships (pinned in
pyproject.toml's [test] extra): nothing is downloaded at test time.
"""

from __future__ import annotations

from importlib.resources import files

from playwright.sync_api import Page

AXE_JS = (files("axe_playwright_python") / "axe.min.js").read_text(encoding="utf-8")
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

_RUN = """tags => axe.run(document, {runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]})
    .then(results => results.violations)"""


def violations(page: Page) -> list[dict]:
    """The WCAG 2.1 A/AA violations axe finds in the page as it is now."""
    if not page.evaluate("typeof window.axe === 'object'"):
        page.evaluate(AXE_JS)
    return page.evaluate(_RUN, WCAG_21_AA)


def report(found: list[dict]) -> str:
    """The violations as a person reads them: rule, impact, each element and what to fix."""
    lines = []
    for v in found:
        lines.append(f"{v['id']} ({v['impact']}): {v['help']} <{v['helpUrl']}>")
        for node in v["nodes"]:
            lines.append(f"  at {' '.join(map(str, node['target']))}")
            lines.append(f"    {node['html'][:200]}")
            for line in (node.get("failureSummary") or "").splitlines():
                lines.append(f"    {line.strip()}")
    return "\n".join(lines)
