"""Material's search plugin does not read the pages it leaves out of its index
(plugin/materialsearch.py), and the site is the same, byte for byte, as when it does."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from material.plugins.search.plugin import SearchPlugin

from story_tools.plugin.materialsearch import ContentAside, only_material_between
from tests.conftest import Project


def html_files(site: Path) -> dict[str, bytes]:
    return {str(path.relative_to(site)): path.read_bytes() for path in sorted(site.rglob("*.html"))}


def build_watching_material(project: Project, caplog: pytest.LogCaptureFixture) -> tuple[dict[str, bytes], list[int]]:
    """Every HTML file of a real build, and the length of each page's content as Material's search saw it."""
    seen: list[int] = []
    original = SearchPlugin.on_page_context

    def watched(self: SearchPlugin, context: Any, **kwargs: Any) -> Any:
        seen.append(len(kwargs["page"].content or ""))
        return original(self, context, **kwargs)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(SearchPlugin, "on_page_context", watched)
        result = project.build(caplog)
    assert result.ok, result.log
    return html_files(result.site), seen


def test_material_search_reads_no_page_it_leaves_out_and_the_site_is_the_same(
    example: Project, caplog: pytest.LogCaptureFixture,
) -> None:
    docs = example.root / "docs"
    # A hand-written page whose markup Material's search changes: it keeps its content.
    (docs / "marked.md").write_text('# Marked\n\n<p data-search-exclude="yes">Not for the index.</p>\n',
                                    encoding="utf-8")
    spared, seen_spared = build_watching_material(example, caplog)

    # A hook that also reads the pages in Material's slot: no page may be emptied for it.
    (example.root / "hook.py").write_text(
        "def on_page_context(context, page, config, nav):\n"
        "    assert page.content, page.file.src_uri\n",
        encoding="utf-8",
    )
    config = yaml.safe_load((example.root / "mkdocs.yml").read_text(encoding="utf-8"))
    config["hooks"] = ["hook.py"]
    (example.root / "mkdocs.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    read, seen_read = build_watching_material(example, caplog)

    assert spared.keys() == read.keys()
    assert [name for name in spared if spared[name] != read[name]] == []
    # Material saw no content on every page but the marked one (2 of its pages are theme pages
    # it is not called for); with the hook in between, it saw every page's.
    assert len(seen_spared) == len(seen_read) > 80
    assert sorted(seen_spared)[-1] > 0 and sorted(seen_spared)[-2] == 0
    assert min(seen_read) > 0
    assert 'data-search-exclude' not in read["marked/index.html"].decode()  # Material's work, still done


class _Other:
    def on_page_context(self, context: Any, **_: Any) -> None:
        return None


class _Ours:
    def first(self, context: Any, **_: Any) -> None:
        return None

    def last(self, context: Any, **_: Any) -> None:
        return None


def test_only_materials_handler_between_ours_lets_the_content_aside() -> None:
    ours, material, other = _Ours(), SearchPlugin(), _Other()
    assert only_material_between([ours.first, material.on_page_context, ours.last], ours.first, ours.last)
    assert not only_material_between([ours.first, other.on_page_context, material.on_page_context, ours.last],
                                     ours.first, ours.last)
    assert not only_material_between([ours.first, ours.last], ours.first, ours.last)  # nothing to spare
    assert not only_material_between([material.on_page_context, ours.last], ours.first, ours.last)
    # A plain function (a hook) between: not Material's.
    assert not only_material_between([ours.first, material.on_page_context, print, ours.last],
                                     ours.first, ours.last)


class _Page:
    def __init__(self, content: str | None, meta: dict[str, Any]) -> None:
        self.content, self.meta = content, meta


@pytest.mark.parametrize(("content", "meta", "held"), [
    ("<p>text</p>", {"search": {"exclude": True}}, True),
    ("<p>text</p>", {}, False),  # Material indexes it: it needs the content
    ("<p>text</p>", {"search": {"exclude": False}}, False),
    ('<p data-search-exclude="">text</p>', {"search": {"exclude": True}}, False),  # Material changes it
    ("", {"search": {"exclude": True}}, False),
    (None, {"search": {"exclude": True}}, False),
])
def test_content_is_set_aside_only_where_material_would_change_nothing(
    content: str | None, meta: dict[str, Any], held: bool,
) -> None:
    page = _Page(content, meta)
    aside = ContentAside(enabled=True)
    aside.before(page)
    assert (page.content == "") is held or not content
    assert aside.pages == int(held)
    page.content = ""  # what Material's handler leaves
    aside.after(page)
    assert page.content == (content if held else "")
    assert aside.held == {}


def test_nothing_is_set_aside_when_disabled() -> None:
    page = _Page("<p>text</p>", {"search": {"exclude": True}})
    aside = ContentAside(enabled=False)
    aside.before(page)
    assert page.content == "<p>text</p>" and aside.pages == 0
