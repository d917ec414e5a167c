"""The live preview: MkDocs' development server, which regenerates through the hooks."""

from __future__ import annotations

from mkdocs.commands.serve import serve as mkdocs_serve

from ..project import Project


def serve(project: Project, dev_addr: str) -> None:
    mkdocs_serve(
        config_file=str(project.mkdocs_yml),
        livereload=True,
        # (the archive's own templates only if it has some; the tool's theme is watched as a theme;
        # sources/: a changed original is checked against its proposal again, and served anew)
        watch=[
            str(f)
            for f in (project.proposals, project.templates, project.config, project.sources)
            if f.exists()
        ],
        dev_addr=dev_addr,
        # a preview shows warnings (e.g. a wrong printed total) instead of refusing to start
        strict=False,
        # rebuild only the pages whose generated Markdown changed (the generator keeps the
        # mtime of unchanged files), so a change shows in seconds even in a large archive
        build_type="dirty",
    )
