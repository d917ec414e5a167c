"""The Jinja environment of the generated pages: the templates (an archive's own before the
tool's), the filters and the names every template sees. Values are escaped for their context:
`md` for Markdown text, `yaml` for the page's front matter, Jinja's autoescape for HTML (tables,
cards). StrictUndefined turns a template typo into an error instead of an empty string.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from jinja2 import Environment, FileSystemBytecodeCache, FileSystemLoader, StrictUndefined
from markupsafe import Markup, escape

from . import danish, views
from .archive import Archive
from .budget import is_number
from .facets import FACETS
from .urls import proposal_page

# Python-Markdown's escapable characters that can change inline meaning; '|' (a table cell
# separator) has no backslash escape there and becomes an entity instead.
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#!])")


def md_escape(value) -> Markup:
    """Text safe inside a Markdown paragraph, link text or list item: HTML-escaped, Markdown
    punctuation backslash-escaped, newlines folded (a value must not start a new block)."""
    text = " ".join(str(value).split())
    # Markdown first, HTML second: escaping HTML first would put '#' and ';' of entities such
    # as &#34; in reach of the Markdown escapes and break them.
    return Markup(str(escape(_MD_SPECIAL.sub(r"\\\1", text))).replace("|", "&#124;"))


def yaml_string(value) -> Markup:
    """A YAML scalar for the generated page's front matter (JSON strings are valid YAML)."""
    return Markup(json.dumps(str(value), ensure_ascii=False))


class KeptTemplates(FileSystemBytecodeCache):
    """The templates as Jinja compiled them, kept between runs in a folder (compiling the ten
    templates took each process that renders about 0.1 s: docs/performance.md). Jinja compiles a
    template again when its source is not the one a kept file was made from; the file names
    begin with `tag` (the render store's fingerprint: the generator's code, which sets the
    environment's options, and the libraries' and Python's versions), and files of other tags
    are deleted. A file that cannot be read is compiled again, one that cannot be written only
    makes the next run slower."""

    def __init__(self, folder: Path, tag: str):
        try:
            folder.mkdir(parents=True, exist_ok=True)
            for old in folder.iterdir():
                if not old.name.startswith(f"{tag}-"):
                    old.unlink()
        except OSError:
            pass
        super().__init__(str(folder), f"{tag}-%s.cache")

    def load_bytecode(self, bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except Exception:  # (a file cut short: Jinja reads its checksum unguarded)
            bucket.reset()

    def dump_bytecode(self, bucket) -> None:
        try:
            super().dump_bytecode(bucket)
        except OSError:
            pass


def environment(
    templates: Path | tuple[Path, ...],
    archive: Archive,
    audience: str,
    kept: KeptTemplates | None = None,
) -> Environment:
    """The environment of one generation (a Renderer's): templates from a folder, or several
    (an archive's own templates before the tool's, Project.template_folders). kept: the
    compiled templates of earlier runs."""
    env = Environment(
        bytecode_cache=kept,
        loader=FileSystemLoader(
            [str(t) for t in ((templates,) if isinstance(templates, Path) else templates)]
        ),
        undefined=StrictUndefined,
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        # a Renderer lives for one generation (a preview makes a new one for each), so the
        # templates cannot change under it: no stat() of the template file per page
        auto_reload=False,
    )
    env.filters.update(
        md=md_escape,
        yaml=yaml_string,
        cell=danish.format_cell,
        number=danish.number,
        date=danish.long_date,
    )
    env.globals.update(
        **views.GLOBALS,
        archive=archive,
        site=archive.vocab.site,
        facets=FACETS,
        proposal_page=proposal_page,
        is_number=is_number,
        audience=audience,
        internal_fields=archive.vocab.internal_fields,
    )
    # The macros of a proposal page, imported once: a template's `{% from … import %}` looks the
    # other template's module up again each time it is rendered (docs/performance.md).
    # (Jinja's TemplateModule declares no attributes: its macros are set at run time)
    tables = env.get_template("budget_table.html.j2").module
    charts = env.get_template("chart.html.j2").module
    env.globals.update(
        budget_table=tables.budget_table,  # type: ignore[attr-defined]
        draw_chart=charts.chart,  # type: ignore[attr-defined]
    )
    return env
