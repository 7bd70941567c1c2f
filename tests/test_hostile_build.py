"""What a build does with hostile input: colliding output paths, the build report that
adds up and is never published, and sanitised story HTML."""

from __future__ import annotations

import json
import unicodedata

import pytest
from conftest import Project, story_text

from story_tools.site.collisions import path_collisions
from story_tools.site.sanitize import clean_story_html


@pytest.mark.parametrize(("pages", "expected"), [
    ([("docs/x.md", "x/index.html"), ("docs/x/index.md", "x/index.html")], ["docs/x/index.md"]),
    ([("docs/Guide.md", "Guide/index.html"), ("docs/guide.md", "guide/index.html")], ["docs/guide.md"]),
    ([("docs/caf\u00e9.md", "caf\u00e9/index.html"), ("docs/cafe\u0301.md", "cafe\u0301/index.html")],
     ["docs/cafe\u0301.md"]),
    # The same rule as story ids (name_key): a ligature and full-width letters read as plain ones.
    ([("docs/\ufb01les.md", "\ufb01les/index.html"), ("docs/files.md", "files/index.html")], ["docs/files.md"]),
    ([("docs/\uff21bc.md", "\uff21bc/index.html"), ("docs/abc.md", "abc/index.html")], ["docs/abc.md"]),
    ([("docs/a.md", "a/index.html"), ("docs/b.md", "b/index.html")], []),
])
def test_path_collisions_between_pages(pages: list[tuple[str, str]], expected: list[str]) -> None:
    found = path_collisions(pages, [])
    assert [f.path for f in found] == expected
    assert all(f.rule == "path-collision" and "Rename or move one of the two" in f.suggestion for f in found)
    if found:
        assert pages[0][0] in found[0].message


def test_a_page_colliding_with_a_generated_page_by_case() -> None:
    (finding,) = path_collisions([("docs/Stories/Good-One.md", "Stories/Good-One/index.html")],
                                 ["stories/good-one/index.html"])
    assert finding.rule == "page-collision" and "stories/good-one/index.html" in finding.message


@pytest.mark.parametrize(("first", "second"), [
    ("x.md", "x/index.md"),
    ("Guide.md", "guide.md"),
    (unicodedata.normalize("NFC", "café.md"), unicodedata.normalize("NFD", "café.md")),
])
def test_build_stops_on_colliding_docs_pages(
    project: Project, caplog: pytest.LogCaptureFixture, first: str, second: str,
) -> None:
    docs = project.root / "docs"
    for name in (first, second):
        (docs / name).parent.mkdir(parents=True, exist_ok=True)
        (docs / name).write_text(f"# {name}\n", encoding="utf-8")
    if len(list(docs.rglob("*.md"))) < 3:
        pytest.skip("this file system cannot hold both names")
    built = project.build(caplog)
    assert not built.ok
    assert "error[path-collision]" in built.log, built.log
    assert not (built.site / "index.html").exists()


def test_build_stops_on_a_page_colliding_with_a_story_by_case(
    project: Project, caplog: pytest.LogCaptureFixture,
) -> None:
    (project.root / "docs" / "stories").mkdir()
    (project.root / "docs" / "stories" / "Good-One.md").write_text("# Mine\n", encoding="utf-8")
    built = project.build(caplog)
    assert not built.ok and "docs/stories/Good-One.md: error[page-collision]" in built.log


PUBLIC = story_text("Public story", 'visibility: public\nconsent:\n  approved: [story]\n')


def test_the_report_adds_up_and_is_not_published(
    project: Project, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch,
) -> None:
    project.write_story("shown.md", PUBLIC)
    project.write_story("no-consent.md", story_text("Needs consent", "visibility: public\n"))
    monkeypatch.setenv("STORY_AUDIENCE", "public")
    built = project.build(caplog)
    assert built.ok, built.log
    report = json.loads((project.root / "story-report.json").read_text(encoding="utf-8"))
    assert report["story_files"] == 4 == report["published"] + report["left_out"]
    assert report["published_stories"] == ["shown"]
    assert report["left_out_by_reason"] == {"internal": 1, "no consent for the story": 2}
    assert {s["id"] for s in report["left_out_stories"]} == {"good-one", "good-two", "no-consent"}
    assert report["summary"] in built.log
    published = "\n".join(p.read_text(encoding="utf-8", errors="replace") for p in built.site.rglob("*") if p.is_file())
    assert "no-consent" not in published and "story-report" not in published


def test_the_report_may_not_go_inside_the_site(project: Project, caplog: pytest.LogCaptureFixture) -> None:
    config = project.root / "mkdocs.yml"
    config.write_text(config.read_text().replace("  - story-tools", "  - story-tools:\n      report: site/report.json"))
    built = project.build(caplog)
    assert not built.ok and "may not be inside site_dir" in built.log
    assert not (project.root / "site" / "report.json").exists()


def test_story_pages_keep_what_markdown_makes(project: Project, caplog: pytest.LogCaptureFixture) -> None:
    config = project.root / "mkdocs.yml"
    config.write_text(config.read_text() + "markdown_extensions:\n  - admonition\n  - attr_list\n  - tables\n"
                      "  - toc:\n      permalink: true\n")
    project.write_story("rich.md", story_text("Rich") + (
        "\n## The situation\n\n!!! note \"Heads up\"\n    Keep calm.\n\n| a | b |\n|:--|:-:|\n| 1 | 2 |\n\n"
        "Some `code <b>` and a [link](https://example.com/){ .button title=\"T\" } and <kbd>Ctrl</kbd>.\n"))
    built = project.build(caplog)
    assert built.ok, built.log
    page = built.html("stories/rich/index.html")
    for kept in ('<h2 id="the-situation">', 'class="headerlink" href="#the-situation"',
                 '<div class="admonition note">', '<p class="admonition-title">Heads up</p>',
                 '<th style="text-align:center">b</th>', "<code>code &lt;b&gt;</code>",
                 '<a class="button" href="https://example.com/" title="T">link</a>', "<kbd>Ctrl</kbd>"):
        assert kept in page, kept


@pytest.mark.parametrize(("html", "kept", "gone"), [
    ('<p>a<script>alert(1)</script>b</p>', "<p>ab</p>", "alert"),
    ('<img src="x.png" onerror="alert(1)">', '<img src="x.png">', "onerror"),
    ('<a href="javascript:alert(1)">x</a>', "<a>x</a>", "javascript"),
    ('<iframe src="https://evil.example/"></iframe><p>t</p>', "<p>t</p>", "iframe"),
    ('<style>body{display:none}</style><p>t</p>', "<p>t</p>", "display"),
    ('<p style="position:fixed">t</p>', "<p>t</p>", "fixed"),
])
def test_sanitiser_removes_what_runs_code(html: str, kept: str, gone: str) -> None:
    clean = clean_story_html(html)
    assert kept in clean and gone not in clean
