"""Fragments rendered once per page depth (story_cached) are byte for byte what
rendering them on every page gives: a real site is built twice, with the cache and
with a cache that never remembers, and every HTML file is compared."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from markupsafe import Markup

from story_tools.plugin.renderonce import RenderOnce
from story_tools.plugin.sitepages import SitePages
from story_tools.site.render import FragmentCache
from tests.conftest import Project


def html_files(site: Path) -> dict[str, bytes]:
    return {str(path.relative_to(site)): path.read_bytes() for path in sorted(site.rglob("*.html"))}


def build_with(project: Project, caplog: pytest.LogCaptureFixture, call: object, header: object) -> dict[str, bytes]:
    """Every HTML file of a real build with RenderOnce.__call__ and .header replaced."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(RenderOnce, "__call__", call)
        patch.setattr(RenderOnce, "header", header)
        patch.setattr(FragmentCache, "__call__", call)  # the generator's (chips), the same contract
        result = project.build(caplog)
    assert result.ok, result.log
    return html_files(result.site)


def test_cached_fragments_match_rendering_every_page(project: Project, caplog: pytest.LogCaptureFixture) -> None:
    # The repository's theme settings (palette, features, extra CSS): the blocks cached
    # read them. Hand-written pages at three depths, as the cache is keyed by depth.
    repo = yaml.safe_load((Path(__file__).parent.parent / "mkdocs.yml").read_text(encoding="utf-8"))
    config = yaml.safe_load((project.root / "mkdocs.yml").read_text(encoding="utf-8"))
    config["theme"] = {key: value for key, value in repo["theme"].items() if key != "custom_dir"}
    config["extra_css"] = ["extra.css"]
    config["extra_javascript"] = ["extra.js"]
    (project.root / "mkdocs.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    docs = project.root / "docs"
    (docs / "extra.css").write_text("body {}\n", encoding="utf-8")
    (docs / "extra.js").write_text("void 0;\n", encoding="utf-8")
    (docs / "guide").mkdir()
    (docs / "guide" / "index.md").write_text("# Guide\n\nText.\n", encoding="utf-8")
    (docs / "guide" / "deep").mkdir()
    (docs / "guide" / "deep" / "page.md").write_text("# Deep\n\nText.\n", encoding="utf-8")

    calls: list[tuple[str, str]] = []
    remember = {RenderOnce: RenderOnce.__call__, FragmentCache: FragmentCache.__call__}
    remember_header = RenderOnce.header

    def counting(self: RenderOnce | FragmentCache, name: str, key: str, render, *args):  # type: ignore[no-untyped-def]
        calls.append((name, key))
        return remember[type(self)](self, name, key, render, *args)

    def counting_header(self: RenderOnce, key: str, page, render):  # type: ignore[no-untyped-def]
        assert self.header_ok
        calls.append(("header", key))
        return remember_header(self, key, page, render)

    def forgetful(self: RenderOnce | FragmentCache, name: str, key: str, render, *args):  # type: ignore[no-untyped-def]
        return Markup(render(*args))

    def every_page(self: RenderOnce, key: str, page, render):  # type: ignore[no-untyped-def]
        return Markup(render())

    cached_pages = build_with(project, caplog, counting, counting_header)
    fresh_pages = build_with(project, caplog, forgetful, every_page)

    # The cache was used, at several depths, for Material's blocks and header, and ours.
    names = {name for name, _ in calls}
    assert {"block-config", "block-styles", "block-scripts", "header", "primary-nav", "search-box", "chips",
            "facts"} <= names
    for name in ("block-config", "header"):
        assert {".", "..", "../.."} <= {key for called, key in calls if called == name}
    assert len(calls) > 2 * len(set(calls)), "the fragments were hardly reused"

    assert cached_pages.keys() == fresh_pages.keys()
    assert len(cached_pages) > 10
    different = [path for path in cached_pages if cached_pages[path] != fresh_pages[path]]
    assert not different, f"cached rendering differs on {different[:5]}"
    # And the pages carry what the blocks render: the config's base for their depth, the extra files.
    deep = cached_pages["guide/deep/page/index.html"].decode()
    assert '"base":"../../.."' in deep.replace(" ", "") and "../../../extra.js" in deep and "../../../extra.css" in deep
    home = cached_pages["index.html"].decode()
    assert '"base":"."' in home.replace(" ", "") and '"extra.js"' in home
    # Each page's own title in its header.
    topic = re.compile(r'data-md-component="header-topic">\s*<span class="md-ellipsis">\s*(.*?)\s*</span>')
    assert topic.findall(deep) == ["Deep"]
    assert topic.findall(cached_pages["stories/good-one/index.html"].decode()) == ["The first good story"]


def test_a_site_header_of_its_own_is_rendered_on_every_page(
    project: Project, caplog: pytest.LogCaptureFixture
) -> None:
    # A site that replaces Material's header (here with the page's address in it):
    # the header is not cached, and every page shows its own.
    partials = project.root / "overrides" / "partials"
    partials.mkdir(parents=True)
    (partials / "header.html").write_text('<header class="own">at {{ page.url }}</header>\n', encoding="utf-8")
    config = yaml.safe_load((project.root / "mkdocs.yml").read_text(encoding="utf-8"))
    config["theme"]["custom_dir"] = "overrides"
    (project.root / "mkdocs.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    built = project.build(caplog)
    assert built.ok, built.log
    assert '<header class="own">at stories/good-one/</header>' in built.html("stories/good-one/index.html")
    assert '<header class="own">at stories/good-two/</header>' in built.html("stories/good-two/index.html")
    assert '<header class="own">at </header>' in built.html("index.html")


def test_archive_pages_outside_the_nav_are_materials_page_but_for_spaces(
    example: Project, caplog: pytest.LogCaptureFixture
) -> None:
    # archive-page.html renders the sidebar of the archive's pages the nav does not show
    # (terms, the list's pages, the brief, search) once per folder: apart from white space,
    # they are the page Material's own template makes (its hidden table of contents too).
    built = html_files(_built(example, caplog))
    with pytest.MonkeyPatch.context() as patch:
        original = SitePages.build

        def without_template(self: SitePages) -> list[Any]:
            files = original(self)
            self.outside_nav.clear()
            return files

        patch.setattr(SitePages, "build", without_template)
        materials = html_files(_built(example, caplog))
    assert built.keys() == materials.keys()

    def spaces(html: bytes) -> str:
        return re.sub(r"\s+", " ", html.decode())

    differ = [path for path in built if spaces(built[path]) != spaces(materials[path])]
    story_pages = [path for path in built if b'class="st-story__title"' in built[path]]
    assert len(story_pages) > 5
    assert sorted(set(differ) - set(story_pages)) == []  # a story's page: its own content block (story.html)
    outside = [path for path in built if path.startswith(("principle/", "brief/")) and built[path] != materials[path]]
    assert len(outside) > 5, "archive-page.html was not used"
    assert 'data-md-type="toc" hidden' in built["brief/index.html"].decode()


def _built(project: Project, caplog: pytest.LogCaptureFixture) -> Path:
    result = project.build(caplog)
    assert result.ok, result.log
    return result.site
