"""Validation rules. Each rule is a small function, documented by a one-line docstring, that
yields diagnostics and never stops at the first problem. The structural rules come from the
JSON Schema (schema_rules.py); the rest are here.
"""
from __future__ import annotations

import datetime as dt
import html
import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

from markdown_it import MarkdownIt

from . import body
from .budget import differences
from .danish import format_cell
from .diagnostics import Diagnostic, error, info, warning
from .model import Proposal
from .reader import SourceFile
from .vocabulary import Vocabulary

# ---------------------------------------------------------------- rules on one proposal's data
# FILE_RULES run on any front matter that is a mapping, even one with structural errors, so a
# reviewer sees every problem at once; the table rules need the structure the schema checked.

def _mapping(value) -> dict:
    return value if isinstance(value, dict) else {}


def rule_id_matches_filename(source: SourceFile, data: dict) -> Iterator[Diagnostic]:
    """A proposal's id is its file name, so a page's address can be found from its file."""
    stem = source.path.rsplit("/", 1)[-1].removesuffix(".md")
    if data.get("id") != stem:
        line, col = source.front.where(("id",))
        yield error(source.path, line, col, "id-filename", f"id '{data.get('id')}' differs from the file name '{stem}.md'; rename one of them")


def rule_dates_exist(source: SourceFile, data: dict) -> Iterator[Diagnostic]:
    """Dates are real calendar dates."""
    for path in (("date",), ("meeting", "date")):
        value = data.get(path[0]) if len(path) == 1 else _mapping(data.get("meeting")).get("date")
        if isinstance(value, str):
            try:
                dt.date.fromisoformat(value)
            except ValueError:
                line, col = source.front.where(path)
                yield error(source.path, line, col, "bad-date", f"'{value}' is not a date in the calendar; expected YYYY-MM-DD")


def rule_closed_items_not_public(source: SourceFile, data: dict) -> Iterator[Diagnostic]:
    """A closed agenda item (Sagstype: Lukket) must be marked public: false."""
    meeting = _mapping(data.get("meeting"))
    if meeting.get("case_type") == "Lukket" and data.get("public", True) is not False:
        line, col = source.front.where(("meeting", "case_type"))
        yield error(source.path, line, col, "closed-public", "a closed agenda item (case_type: Lukket) must have 'public: false'")


def rule_summary_source_needs_summary(source: SourceFile, data: dict) -> Iterator[Diagnostic]:
    """summary_source describes a summary, so there must be one."""
    if "summary_source" in data and "summary" not in data:
        line, col = source.front.where(("summary_source",))
        yield error(source.path, line, col, "summary-source", "'summary_source' is given but there is no 'summary'")


def _table_rules(source: SourceFile, vocab: Vocabulary, t: int, table: dict) -> Iterator[Diagnostic]:
    where = lambda *p: source.front.where(("budget", t) + p)  # noqa: E731
    years = table["years"]
    columns = table.get("columns", [])
    total_column = table.get("total_column", False)
    keys = defaultdict(list)
    for kind in ("rows", "totals"):
        for r, row in enumerate(table.get(kind, [])):
            rline, rcol = where(kind, r)
            rtype = row.get("type", "line") if kind == "rows" else "total"
            if rtype == "heading":
                if "amounts" in row or "total" in row:
                    yield error(source.path, rline, rcol, "heading-amounts", f"heading row '{row['label']}' has amounts; a heading row only labels a group")
                continue
            if "amounts" not in row:
                yield error(source.path, rline, rcol, "amounts-per-year", f"row '{row['label']}' has no 'amounts'; expected {len(years)}, one per year ({', '.join(map(str, years))})")
            elif len(row["amounts"]) != len(years):
                aline, acol = where(kind, r, "amounts")
                yield error(
                    source.path, aline, acol, "amounts-per-year",
                    f"row '{row['label']}' has {len(row['amounts'])} amount{'s' if len(row['amounts']) != 1 else ''}; expected {len(years)}, one per year ({', '.join(map(str, years))})",
                )
            if total_column and rtype != "detail" and "total" not in row:
                yield error(source.path, rline, rcol, "row-total", f"row '{row['label']}' has no 'total' but the table has an 'I alt' column (total_column: true)")
            if not total_column and "total" in row:
                tline, tcol = where(kind, r, "total")
                yield error(source.path, tline, tcol, "row-total", f"row '{row['label']}' has a 'total' but the table has no 'I alt' column; set total_column: true")
            for col in columns:
                if col not in row:
                    yield error(source.path, rline, rcol, "row-columns", f"row '{row['label']}' has no '{col}'; the table's columns are {', '.join(columns)} (use \"\" for an empty cell)")
            for col in vocab.columns:
                if col.id in row and col.id not in columns:
                    cline, ccol = where(kind, r, col.id)
                    yield error(source.path, cline, ccol, "row-columns", f"row '{row['label']}' has '{col.id}', which is not among the table's columns ({', '.join(columns) or 'none'})")
            area = row.get("styringsomraade")
            if area and area not in vocab.control_areas:
                cline, ccol = where(kind, r, "styringsomraade")
                yield error(source.path, cline, ccol, "unknown-value", f"'{area}' is not a known styringsområde; expected one of: {', '.join(vocab.control_areas)}")
            if kind == "rows" and "key" in row:
                keys[row["key"]].append(where(kind, r, "key"))
    for key, places in keys.items():
        for line, col in places[1:]:
            yield error(source.path, line, col, "duplicate-row-key", f"row key '{key}' is used twice in this table")
    for r, total in enumerate(table.get("totals", [])):
        for i, term in enumerate(total.get("of", [])):
            if term.lstrip("-") not in keys:
                line, col = where("totals", r, "of", i)
                yield error(source.path, line, col, "unknown-row", f"total '{total['label']}' adds row '{term.lstrip('-')}', but no row has that key; keys: {', '.join(keys) or 'none'}")


def rule_tables(source: SourceFile, data: dict, vocab: Vocabulary) -> Iterator[Diagnostic]:
    """Each table has one amount per year in every row, its declared columns, and consistent totals."""
    tables = data.get("budget", [])
    for t, table in enumerate(tables):
        yield from _table_rules(source, vocab, t, table)
    headlines = [t for t, table in enumerate(tables) if table.get("headline")]
    for t in headlines[1:]:
        line, col = source.front.where(("budget", t, "headline"))
        yield error(source.path, line, col, "headline", "more than one table is marked 'headline: true'; mark the one that states the proposal's economy")


class _AsPythonMarkdown(MarkdownIt):
    """See every link as Python-Markdown renders it: not refused, and not percent-encoded
    (markdown-it makes "java&#9;script:" "java%09script:", harmless; Python-Markdown leaves the
    entity, a tab)."""

    def validateLink(self, url: str) -> bool:  # (markdown-it's names)
        return True

    def normalizeLink(self, url: str) -> str:
        return url


_MD = _AsPythonMarkdown("commonmark").enable("table")
# Raw HTML needs '<' and a link or image needs ']' followed by '(' or ':' (or '<' for an autolink).
_MAYBE_HTML_OR_LINK = re.compile(r"<|\]\s*[(:\[]")
# A footnote's label ("[^1]", "[^1]:") is neither: without this, every body with a footnote was
# parsed, the costliest step of `check`.
_FOOTNOTE_LABEL = re.compile(r"\[\^[^\]\s]+\]:?")
_CODE_SPAN = re.compile(r"(`+)(?:(?!\n[ \t]*\n).)*?\1", re.S)  # never across a blank line (a paragraph's end)
# '<' starting a tag, comment or declaration, but not an autolink such as <https://...> or <a@b.dk>
_TAG_LIKE = re.compile(r"<(?!(?:https?://|mailto:)[^\s>]*>|[^\s<>@]+@[^\s<>@]+>)[A-Za-z/!?][^\s>]*")
_UNSAFE_SCHEME = re.compile(r"^\s*(javascript|vbscript|data|file):", re.I)
_EXTERNAL = re.compile(r"^\s*([a-z][a-z0-9+.-]*:|//)", re.I)
# What a browser ignores in a URL: every tab and line break, and control characters and spaces
# in front. "java&#9;script:" is a javascript: link to a browser.
_URL_IGNORED = re.compile(r"[\t\n\r]")
_URL_LEADING = "".join(map(chr, range(0x21)))
# The destination after "](" as Python-Markdown reads it: it takes tabs and line breaks that
# CommonMark (markdown-it) does not, so "[x](java<tab>script:…)" is a link only to the former.
_DESTINATION = re.compile(r"\]\(\s*<?((?:[^()<>]|\([^()]*\))*)")
# An attribute list with a value, "{: onclick=… }" or "{ style=… }": with Python-Markdown's
# attr_list extension it sets any HTML attribute (scripts, styles that load from elsewhere).
_ATTRIBUTE_LIST = re.compile(r"\{:?[ \t]*[^{}\n]*=[^{}\n]*\}")


def browser_url(url: str) -> str:
    """A URL as a browser reads it (entities are decoded before: by markdown-it, or the caller)."""
    return _URL_IGNORED.sub("", url).lstrip(_URL_LEADING)


def _unsafe_link(url: str) -> str:
    seen = browser_url(url)
    read = f" (a browser reads it as {seen[:40]!r})" if seen != url.strip() else ""
    return f"link to {url[:60]!r} is not allowed{read}; link to a web page (https://...)"


def rule_body(source: SourceFile, data: dict) -> Iterator[Diagnostic]:
    """The body is Markdown without raw HTML (but for internal-block markers), without links that
    run script, and without images from other servers (the site makes no external request)."""
    line_of = lambda token: source.body_line + (token.map[0] if token.map else 0)  # noqa: E731
    for problem in body.marker_problems(source.body):
        yield error(source.path, source.body_line + problem.line, 1, "internal-block", problem.message)
    # code spans blanked (line breaks kept, for line numbers), so that code is not read as links
    text = _CODE_SPAN.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), source.body) if "`" in source.body else source.body
    if "{" in text:
        for match in _ATTRIBUTE_LIST.finditer(text):
            yield error(
                source.path, source.body_line + text.count("\n", 0, match.start()), 1, "attribute-list",
                f"{match.group(0)[:60]!r} would set HTML attributes on the page, which can run scripts or load from other servers; remove it (write plain Markdown)",
            )
    unsafe: set[str] = set()  # reported here, so not again below
    if "](" in text:
        for match in _DESTINATION.finditer(text):
            url = browser_url(html.unescape(match.group(1)))
            if _UNSAFE_SCHEME.match(url):
                unsafe.add(url)
                yield error(source.path, source.body_line + text.count("\n", 0, match.start()), 1, "unsafe-link", _unsafe_link(match.group(1)))
    if not _MAYBE_HTML_OR_LINK.search(_FOOTNOTE_LABEL.sub("", source.body)):
        return  # nothing for these rules to find; parsing is the costliest step of `check`
    for token in _MD.parse(source.body):
        if token.type == "html_block":
            if not body.is_marker(token.content):
                yield error(source.path, line_of(token), 1, "raw-html", f"raw HTML is not allowed in the body: {token.content.strip()[:60]!r}; write Markdown")
            continue
        if token.type != "inline":
            continue
        tags = [c.content for c in token.children or [] if c.type == "html_inline"]
        # Python-Markdown, which renders the site, has no backslash escape for '<': "\<script>"
        # is text to markdown-it but a tag on the page. So any tag-like '<' outside code spans counts.
        tags += _TAG_LIKE.findall(_CODE_SPAN.sub("", token.content))
        if tags:  # one diagnostic per paragraph, naming its first tag
            yield error(source.path, line_of(token), 1, "raw-html", f"raw HTML is not allowed in the body: {tags[0][:60]!r}; write Markdown")
        for child in token.children or []:
            if child.type == "link_open":
                href = browser_url(str(child.attrs.get("href", "")))
                if _UNSAFE_SCHEME.match(href) and not any(href.startswith(u) for u in unsafe):
                    yield error(source.path, line_of(token), 1, "unsafe-link", _unsafe_link(str(child.attrs["href"])))
            elif child.type == "image":
                src = str(child.attrs.get("src", ""))
                seen = browser_url(src)
                if _UNSAFE_SCHEME.match(seen) or _EXTERNAL.match(seen):
                    yield error(source.path, line_of(token), 1, "external-resource", f"image {src[:60]!r} would be loaded from another server; the site makes no external request: put the image in the archive")


FILE_RULES = (
    rule_id_matches_filename,
    rule_dates_exist,
    rule_closed_items_not_public,
    rule_summary_source_needs_summary,
    rule_body,
)


def file_rules(source: SourceFile, data: dict) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    for rule in FILE_RULES:
        out.extend(rule(source, data))
    return out


def table_rules(source: SourceFile, data: dict, vocab: Vocabulary) -> list[Diagnostic]:
    return list(rule_tables(source, data, vocab))


# ---------------------------------------------------------------- rules on the model

def rule_printed_totals(proposal: Proposal) -> Iterator[Diagnostic]:
    """Every printed total equals the sum of its lines (a warning: the document is what it was),
    or differs by no more than rounding each printed figure explains (information)."""
    for table in proposal.budget:
        for m in differences(table):
            where = f"'I alt' of row '{m.row_label}'" if m.year is None else f"row '{m.row_label}', {m.year}"
            told = (
                f"table {table.number} ({table.unit}): {where}: printed {format_cell(m.printed)}, "
                f"but the sum of its lines is {format_cell(m.computed)}"
            )
            if m.rounding:
                yield info(
                    proposal.path, m.line, 1, "total-rounding",
                    f"{told}: a rounding difference (afrundingsdifference), within the "
                    f"{format_cell(m.tolerance)} that rounding each printed figure can explain",
                )
            else:
                yield warning(proposal.path, m.line, 1, "total-mismatch", told)


# ---------------------------------------------------------------- rules on the whole archive
# These run on what every file says about itself, valid or not, so that a file with another
# problem still takes part (two files with one id are both reported, whatever else is wrong).

@dataclass(frozen=True)
class Header:
    """What the cross-file rules need to know of one file."""

    path: str
    id: str | None
    id_line: int
    code: str | None
    code_line: int
    scope: tuple  # (municipality, year): where a code must be unique
    related: tuple[tuple[str, int], ...]  # (id, line)
    aliases: tuple[tuple[str, int], ...] = ()  # (earlier id, line)


def header_of(source: SourceFile) -> Header | None:
    data = source.front.data
    if not isinstance(data, dict):
        return None
    related = []
    for i, item in enumerate(data.get("related") or [] if isinstance(data.get("related"), list) else []):
        target = item.get("id") if isinstance(item, dict) else item
        if isinstance(target, str):
            related.append((target, source.front.where(("related", i))[0]))
    aliases = data.get("aliases")
    if not isinstance(aliases, list):
        aliases = []
    year = data.get("budget_year")
    if year is None and isinstance(data.get("date"), str):
        year = data["date"][:4]
    return Header(
        path=source.path,
        id=data.get("id") if isinstance(data.get("id"), str) else None,
        id_line=source.front.where(("id",))[0],
        code=data.get("code") if isinstance(data.get("code"), str) else None,
        code_line=source.front.where(("code",))[0],
        scope=(str(data.get("municipality")), str(year)),
        related=tuple(related),
        aliases=tuple((a, source.front.where(("aliases", i))[0]) for i, a in enumerate(aliases) if isinstance(a, str)),
    )


def rule_unique_ids(headers: list[Header]) -> Iterator[Diagnostic]:
    """Ids are unique across the archive."""
    first: dict[str, Header] = {}
    for h in headers:
        if h.id is None:
            continue
        if h.id in first:
            yield error(h.path, h.id_line, 1, "duplicate-id", f"id '{h.id}' is already used by {first[h.id].path}")
        else:
            first[h.id] = h


def rule_related_exist(headers: list[Header]) -> Iterator[Diagnostic]:
    """Every related id names another proposal in the archive, by its id or an earlier one."""
    ids = {h.id: h.id for h in headers if h.id}
    ids.update((a, h.id) for h in headers if h.id for a, _ in h.aliases if a not in ids)
    for h in headers:
        for target, line in h.related:
            if target == h.id or (ids.get(target) == h.id and h.id):
                yield error(h.path, line, 1, "related-self", f"'{h.id}' lists itself as related")
            elif target not in ids:
                yield error(h.path, line, 1, "unknown-related", f"related id '{target}' is not a proposal in the archive")


def rule_aliases_unique(headers: list[Header]) -> Iterator[Diagnostic]:
    """An alias (an earlier id) is no proposal's id and no other proposal's alias: each old
    address redirects to one page."""
    ids = {h.id: h for h in headers if h.id}
    first: dict[str, Header] = {}
    for h in headers:
        for alias, line in h.aliases:
            if alias in ids:
                other = ids[alias]
                whose = "its own id" if other is h else f"the id of {other.path}"
                yield error(h.path, line, 1, "alias-clash", f"alias '{alias}' is {whose}; an alias is an earlier id that no proposal has now")
            elif alias in first and first[alias] is not h:
                yield error(h.path, line, 1, "alias-clash", f"alias '{alias}' is also an alias of {first[alias].path}; an old address can redirect to one proposal only")
            else:
                first.setdefault(alias, h)


def rule_codes_unambiguous(headers: list[Header]) -> Iterator[Diagnostic]:
    """A code is used once per municipality and year, so a mention of it links to one proposal."""
    seen: dict[tuple, Header] = {}
    for h in headers:
        if not h.code:
            continue
        key = h.scope + (h.code,)
        if key in seen:
            yield warning(
                h.path, h.code_line, 1, "duplicate-code",
                f"code '{h.code}' is also used by {seen[key].path} in {h.scope[1]}; mentions of it will not be linked",
            )
        else:
            seen[key] = h


ARCHIVE_RULES = (rule_unique_ids, rule_aliases_unique, rule_related_exist, rule_codes_unambiguous)


def archive_rules(headers: list[Header]) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    for rule in ARCHIVE_RULES:
        out.extend(rule(headers))
    return out


__all__ = ["file_rules", "table_rules", "rule_printed_totals", "archive_rules", "header_of", "Header"]
