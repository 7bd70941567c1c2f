"""Names that land on an address the site itself uses (story_tools/reserved.py).

Every reserved address is tried twice: with `story-tools check` (rule, file,
line and column) and with a real MkDocs build, which must stop with the same
line, write no site, and let no Python warning through (MkDocs replaces a file
given twice with only a DeprecationWarning: that is how a story named
`index.md` used to replace the Browse page without a word).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import warnings
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import BuildResult, Project, story_text

from story_tools.archive.reserved import SITE_FOLDERS, folder_clash, story_id_clash, term_clash, url_prefix_problem
from story_tools.cli import main
from story_tools.site.collisions import generated_collisions

INDEX_TERM = "      - slug: index\n        label: Index\n        description: An index.\n"


def _vocabulary(project: Project, change: Callable[[str], str]) -> None:
    path = project.root / "vocabulary.yml"
    path.write_text(change(path.read_text(encoding="utf-8")), encoding="utf-8")


def _term_slug_index(project: Project) -> None:
    _vocabulary(project, lambda text: text.replace("  outcome:\n", INDEX_TERM + "  outcome:\n", 1))


def _term_alias_index(project: Project) -> None:
    _vocabulary(project, lambda text: text.replace("aliases: [listening]", "aliases: [listening, index]"))


def _dimension(name: str) -> Callable[[Project], None]:
    def rename(project: Project) -> None:
        _vocabulary(project, lambda text: text.replace("  industry:\n", f"  {name}:\n"))
    return rename


def _story(name: str, title: str = "A story") -> Callable[[Project], None]:
    def write(project: Project) -> None:
        project.write_story(name, story_text(title))
    return write


def _prefix_and_dimension(project: Project) -> None:
    config = project.root / "mkdocs.yml"
    config.write_text(config.read_text().replace("  - story-tools", "  - story-tools:\n      url_prefix: cases"))
    _dimension("cases")(project)


# case -> (what to change, file of the finding, line, column, words the message must hold)
RESERVED: dict[str, tuple[Callable[[Project], None], str, int, int, str]] = {
    "story index.md": (_story("index.md", "The bakery that almost cancelled"), "stories/index.md", 0, 0,
                       "'the-bakery-that-almost-cancelled.md'"),
    "story Index.md": (_story("Index.md"), "stories/Index.md", 0, 0, "the Browse page"),
    "story in a subfolder": (_story("field/index.md"), "stories/field/index.md", 0, 0, "the Browse page"),
    "term slug index": (_term_slug_index, "vocabulary.yml", 41, 15, "principle/index"),
    "term alias index": (_term_alias_index, "vocabulary.yml", 33, 30, "'index-term'"),
    **{f"dimension {name}": (_dimension(name), "vocabulary.yml", 52, 3, f"{name}/")
       for name in [*SITE_FOLDERS, "stories"]},
    "dimension named like the url_prefix": (_prefix_and_dimension, "vocabulary.yml", 52, 3, "the story pages"),
}


def _mine(findings: list[dict[str, object]], path: str) -> list[dict[str, object]]:
    return [f for f in findings if f["path"] == path and f["rule"] == "reserved-name"]


@pytest.mark.parametrize("case", sorted(RESERVED))
def test_check_reports_a_name_on_a_reserved_address(project: Project, case: str) -> None:
    change, path, line, column, words = RESERVED[case]
    change(project)
    result = project.check("--format", "json")
    assert result.exit_code == 1, result.output
    [finding] = _mine(json.loads(result.output), path)
    assert (finding["line"], finding["column"], finding["severity"]) == (line, column, "error"), finding
    assert words in f"{finding['message']} {finding['suggestion']}", finding


def build_recording_warnings(project: Project, caplog: pytest.LogCaptureFixture) -> tuple[BuildResult, list[str]]:
    """A real build; every Python warning it raises is recorded (and would fail the test)."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        built = project.build(caplog)
    return built, [f"{w.category.__name__}: {w.message}" for w in caught]


@pytest.mark.parametrize("case", sorted(RESERVED))
def test_the_build_stops_on_a_name_on_a_reserved_address(
    project: Project, caplog: pytest.LogCaptureFixture, case: str
) -> None:
    change, path, *_ = RESERVED[case]
    change(project)
    lines = [line for line in project.check().output.splitlines() if line.startswith(path) and "reserved-name" in line]
    assert lines
    built, caught = build_recording_warnings(project, caplog)
    assert not built.ok
    assert caught == []
    for line in lines:
        assert line in built.log
    assert "The site was not built" in built.log
    assert not (built.site / "stories" / "index.html").exists()


def test_a_story_named_index_gets_a_free_name_when_its_title_gives_none(project: Project) -> None:
    project.write_story("index.md", story_text("Index"))
    project.write_story("index-story.md", story_text("Another"))
    [finding] = _mine(json.loads(project.check("--format", "json").output), "stories/index.md")
    assert finding["suggestion"] == (
        "Rename the file, for example to 'index-story-2.md' (the file name is the story's id and address)."
    )


def test_a_story_named_index_never_replaces_browse_and_no_warning_reaches_the_log(project: Project) -> None:
    """As a user runs it: `mkdocs build` in a shell, Python's warnings shown."""
    project.write_story("index.md", story_text("The bakery"))
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONWARNINGS": "always"}
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q"], cwd=project.root, env=env,
        capture_output=True, text=True, timeout=120, check=False,
    )
    log = result.stdout + result.stderr
    assert result.returncode == 1, log
    assert "stories/index.md: error[reserved-name]" in log
    assert "Warning" not in log and "Traceback" not in log, log
    assert not (project.root / "site" / "stories" / "index.html").exists()


def _exclude_catalog_file(project: Project) -> str:
    (project.root / "docs" / "stories.json").write_text("[]", encoding="utf-8")
    with (project.root / "mkdocs.yml").open("a") as config:
        config.write("exclude_docs: |\n  stories.json\n")
    return "stories.json: error[address-collision]"


def _asset_in_docs(project: Project) -> str:
    folder = project.root / "docs" / "assets" / "story-tools"
    folder.mkdir(parents=True)
    (folder / "story-search.js").write_text("// mine", encoding="utf-8")
    return "docs/assets/story-tools/story-search.js: error[page-collision]"


def _browse_in_docs(project: Project) -> str:
    (project.root / "docs" / "stories").mkdir()
    (project.root / "docs" / "stories" / "index.md").write_text("# Mine\n", encoding="utf-8")
    return "docs/stories/index.md: error[page-collision]"


@pytest.mark.parametrize("change", [_exclude_catalog_file, _asset_in_docs, _browse_in_docs])
def test_a_generated_file_never_replaces_a_file_of_the_site(
    project: Project, caplog: pytest.LogCaptureFixture, change: Callable[[Project], str]
) -> None:
    expected = change(project)
    built, caught = build_recording_warnings(project, caplog)
    assert not built.ok
    assert caught == []
    assert expected in built.log
    assert not (built.site / "index.html").exists()


@pytest.mark.parametrize(
    ("made", "present", "expected"),
    [
        ([("stories/index.md", "stories/index.html"), ("stories/index.md", "stories/index.html")], [],
         [("stories/index.md", "another page the archive makes (stories/index.md)")]),
        ([("a/Index.md", "a/Index.html"), ("a/index.md", "a/index.html")], [],
         [("a/index.md", "another page the archive makes (a/Index.md)")]),
        ([("feed.json", "feed.json")], [("docs/feed.json (left out)", "feed.json")],
         [("feed.json", "docs/feed.json (left out)")]),
        ([("a.md", "a/index.html"), ("b.md", "b/index.html")], [("docs/c.md", "c.md")], []),
    ],
)
def test_generated_collisions(made: list[tuple[str, str]], present: list[tuple[str, str]],
                              expected: list[tuple[str, str]]) -> None:
    findings = generated_collisions(made, present)
    assert [(f.path, f.rule, f.severity.value) for f in findings] == [
        (path, "address-collision", "error") for path, _ in expected
    ]
    for finding, (_, other) in zip(findings, expected, strict=True):
        assert f"which {other} has too" in finding.message


@pytest.mark.parametrize(
    ("prefix", "words"),
    [("", "may not be empty"), ("..", "'..' cannot be part of a web address"),
     ("a/../..", "'..' cannot be part"), ("coverage", "coverage/ is the coverage page"),
     ("assets/x", "assets/ is the site's styles and scripts"), ("tell", "tell/ is the page for telling a story")],
)
def test_url_prefix_must_be_a_folder_of_its_own(prefix: str, words: str) -> None:
    problem = url_prefix_problem(prefix)
    assert problem is not None and words in problem


@pytest.mark.parametrize("prefix", ["stories", "cases", "archive/stories", "Geschichten"])
def test_url_prefixes_that_are_fine(prefix: str) -> None:
    assert url_prefix_problem(prefix) is None


def test_reserved_names_follow_the_url_prefix() -> None:
    assert folder_clash("stories") is not None and folder_clash("stories", "cases") is None
    assert folder_clash("cases", "cases/all") is not None
    assert story_id_clash("INDEX") and story_id_clash("\uff49\uff4e\uff44\uff45\uff58")  # full-width letters
    assert story_id_clash("index-1") is None
    assert term_clash("index") and term_clash("indexes") is None


def test_new_refuses_an_id_that_is_an_address_of_the_site(project: Project) -> None:
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(project.root)
        result = CliRunner().invoke(main, [
            "new", "--title", "Index", "--summary", "S.", "--no-input", "--touchpoint", "billing",
            "--principle", "listening", "--outcome", "retained",
        ])
    assert result.exit_code == 2, result.output
    assert "'index' would be the web address of the Browse page" in result.output
    assert "try 'index-story'" in result.output
    assert not Path(project.stories / "index.md").exists()


def test_import_gives_a_story_titled_index_another_id(project: Project) -> None:
    sheet = project.root / "rows.csv"
    sheet.write_text("Title,Date,Summary,Touchpoint,Principle,Outcome\nIndex,2024-01-02,Fine.,billing,listening,retained\n",
                     encoding="utf-8")
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(project.root)
        result = CliRunner().invoke(main, ["import", str(sheet)])
    assert result.exit_code == 0, result.output
    assert (project.stories / "index-2.md").exists() and not (project.stories / "index.md").exists()
    assert project.check().exit_code == 0
