"""Real MkDocs builds of a fixture archive: the HTML, the log, and refusals."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import unicodedata

import pytest
from conftest import REPO, Project, story_text


def test_story_page_shows_title_summary_chips_quote_and_body(project: Project, caplog: pytest.LogCaptureFixture) -> None:
    built = project.build(caplog, strict=True)
    assert built.ok, built.log
    html = built.html("stories/good-one/index.html")
    assert '<h1 class="st-story__title">The first good story</h1>' in html
    assert "<title>The first good story - Fixture archive</title>" in html
    assert "A customer called every day until we called first." in html
    chips = re.findall(r'<li><a class="st-chip " href="([^"]+)"[^>]*data-term="([^"]+)">([^<]+)</a></li>', html)
    # keep-them-updated is an alias: the page shows the term it stands for. Chips link to term pages.
    assert chips == [
        ("../../touchpoint/support-call/", "support-call", "Support call"),
        ("../../principle/take-the-issue-seriously/", "take-the-issue-seriously", "Take the issue seriously"),
        ("../../principle/keep-them-informed/", "keep-them-informed", "Keep them informed"),
        ("../../outcome/retained/", "retained", "Retained"),
        ("../../industry/software/", "software", "Software"),
    ]
    labels = re.findall(r'<span class="st-dimension__label">([^<]+)</span>', html)
    assert labels == ["Touchpoint", "Principle", "Outcome", "Industry"]
    assert "You called before I had to." in html
    assert "<dt>calls per week</dt><dd>8 to 1</dd>" in html
    assert 'id="the-situation"' in html and "MARKER-BODY-ONE" in html
    assert "title: " not in html, "front matter must never leak into the page"


def test_stories_in_subfolders_get_flat_addresses(project: Project, caplog: pytest.LogCaptureFixture) -> None:
    project.write_story("teams/field/deep-story.md", story_text(title="Deep"))
    built = project.build(caplog, strict=True)
    assert built.ok, built.log
    assert "Deep" in built.html("stories/deep-story/index.html")


def test_index_lists_every_story_newest_first(project: Project, caplog: pytest.LogCaptureFixture) -> None:
    built = project.build(caplog, strict=True)
    html = built.html("stories/index.html")
    titles = re.findall(r'<a class="st-card__title" href="([^"]+)">([^<]+)</a>', html)
    assert titles == [("../stories/good-one/", "The first good story"), ("../stories/good-two/", "The second good story")]
    assert "2 stories, newest first." in html


def test_build_logs_one_summary_line(project: Project, caplog: pytest.LogCaptureFixture) -> None:
    built = project.build(caplog)
    assert "story_tools: 2 story files checked, no problems found." in built.log


def test_warnings_pass_a_normal_build_and_stop_a_strict_one(project: Project, caplog: pytest.LogCaptureFixture) -> None:
    project.write_story("long.md", story_text().replace("Something went right.", "word " * 100))
    built = project.build(caplog)
    assert built.ok
    assert "stories/long.md:4:10: warning[long-summary]" in built.log
    assert not project.build(caplog, strict=True).ok


def test_errors_stop_even_a_non_strict_build(project: Project, caplog: pytest.LogCaptureFixture) -> None:
    project.write_story("bad.md", story_text(extra="principal: x\n"))
    built = project.build(caplog)
    assert not built.ok
    assert "stories/bad.md:8:1: error[unknown-key] 'principal' is not a field a story can have." in built.log
    assert "The site was not built: 1 error in 3 story files checked." in built.log


def test_story_written_in_docs_is_a_finding(project: Project, caplog: pytest.LogCaptureFixture) -> None:
    (project.root / "docs" / "lost.md").write_text(story_text(), encoding="utf-8")
    built = project.build(caplog)
    assert not built.ok
    assert "docs/lost.md: error[outside-archive]" in built.log


def test_page_colliding_with_a_story_page_is_a_finding(project: Project, caplog: pytest.LogCaptureFixture) -> None:
    (project.root / "docs" / "stories").mkdir()
    (project.root / "docs" / "stories" / "good-one.md").write_text("# Hand-made\n", encoding="utf-8")
    built = project.build(caplog)
    assert not built.ok
    assert "docs/stories/good-one.md: error[page-collision]" in built.log


def test_symlinked_story_is_refused(project: Project, caplog: pytest.LogCaptureFixture, tmp_path) -> None:  # type: ignore[no-untyped-def]
    secret = tmp_path / "secret.md"
    secret.write_text(story_text(title="SECRET-MARKER"), encoding="utf-8")
    os.symlink(secret, project.stories / "linked.md")
    os.symlink(tmp_path, project.stories / "linked-folder")
    result = project.check()
    assert result.exit_code == 1
    assert "stories/linked.md: error[symlink]" in result.output
    assert "stories/linked-folder: error[symlink]" in result.output
    built = project.build(caplog)
    assert not built.ok and "SECRET-MARKER" not in built.log


@pytest.mark.parametrize(
    ("first", "second"),
    [("Judy.md", "sub/judy.md"), ("cafe\u0301.md", unicodedata.normalize("NFC", "sub/cafe\u0301.md"))],
)
def test_ids_are_unique_ignoring_case_and_unicode_form(project: Project, first: str, second: str) -> None:
    project.write_story(first, story_text())
    project.write_story(second, story_text())
    result = project.check()
    assert result.exit_code == 1
    assert "error[duplicate-id]" in result.output


def test_titles_are_escaped_in_the_page(project: Project, caplog: pytest.LogCaptureFixture) -> None:
    project.write_story("xss.md", story_text(title="Tom &amp; <b>Jerry</b>"))
    built = project.build(caplog, strict=True)
    html = built.html("stories/xss/index.html")
    assert "<b>Jerry</b>" not in html
    assert "Tom &amp;amp; &lt;b&gt;Jerry&lt;/b&gt;" in html


def test_plugin_can_be_disabled(project: Project, caplog: pytest.LogCaptureFixture) -> None:
    config = project.root / "mkdocs.yml"
    config.write_text(config.read_text().replace("  - story-tools", "  - story-tools:\n      enabled: false"))
    project.write_story("bad.md", "not a story")
    built = project.build(caplog)
    assert built.ok
    assert not (built.site / "stories").exists()


def test_the_repository_builds_strict_through_the_mkdocs_cli(tmp_path) -> None:  # type: ignore[no-untyped-def]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(tmp_path / "site")],
        cwd=REPO, capture_output=True, text=True, env=env, check=False,
    )
    assert result.returncode == 0, f"mkdocs build --strict failed; reproduce with: cd {REPO} && mkdocs build --strict\n{result.stderr}"
    stories = sorted(p.stem for p in (REPO / "stories").rglob("*.md"))
    for story in stories:
        assert (tmp_path / "site" / "stories" / story / "index.html").is_file()
    assert f"story_tools: {len(stories)} story files checked, no problems found." in result.stderr


def test_the_sites_own_overrides_win(tmp_path) -> None:  # type: ignore[no-untyped-def]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(tmp_path / "site")],
                   cwd=REPO, env=env, check=True)
    html = (tmp_path / "site" / "stories" / "index.html").read_text(encoding="utf-8")
    assert 'Have one? <a href="../contributing/">Add your story</a>.' in html
    assert "Made with" not in html
