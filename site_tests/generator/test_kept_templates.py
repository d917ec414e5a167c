"""The templates as Jinja compiled them, kept in build/cache/templates (templating.KeptTemplates):
a kept file damaged, or another template's, is compiled again; what is generated is what a run
without any store gives."""

from __future__ import annotations

import shutil

from generator.pipeline import prepare
from generator.project import Project
from site_tests.archives import make_archive, tree


def test_kept_templates_changed_by_hand_are_compiled_again(tmp_path):
    project = Project(make_archive(tmp_path / "a", "small"))
    prepare(project, stored=True)
    kept = sorted(project.compiled_templates.iterdir())
    assert len(kept) >= 3  # (every template the pages used)
    kept[0].write_bytes(kept[0].read_bytes()[:40])  # cut short
    kept[1].write_bytes(kept[2].read_bytes())  # another template's
    stale = project.compiled_templates / "0123-of-another-version.cache"
    stale.write_bytes(b"\0")
    # every page rendered again, from the kept templates
    shutil.rmtree(project.render_store("public", False))
    shutil.rmtree(project.pages)

    _, report = prepare(project, stored=True)
    assert report is not None
    assert not stale.exists()
    afresh = Project(make_archive(tmp_path / "b", "small"))
    prepare(afresh)
    assert tree(project.pages) == tree(afresh.pages)
