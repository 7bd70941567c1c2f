"""The archive on Zensical, which runs no plugins: `story-tools generate`, then `zensical build`.

The repository's own archive is generated and built by the installed commands,
as README tells a user to, with the repository's own mkdocs.yml; the site must
hold every page the MkDocs build holds, and work in a real browser: Browse
with its facets, the brief, and search through the archive's own index.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import frontmatter
import pytest
import test_browser as shared
from browse_reference import (
    box,
    expected,
    no_errors,
    read_catalog,
    read_vocabulary,
    shown_counts,
    shown_titles,
    two_facets,
)
from browser import serve
from conftest import REPO, copy_archive
from linkcheck import broken_links
from mkdocs.commands.build import build
from mkdocs.config import load_config
from test_browser import Tab, story_files, text

from story_tools.plugin import StoryToolsPlugin
from story_tools.plugin.sitepages import LazyPage
from story_tools.site.output import read_manifest

BIN = Path(sys.executable).parent
ANSI = re.compile(r"\x1b\[[0-9;]*m")
HEADER = re.compile(r'<header class="st-story__header">.*?</header>', re.DOTALL)
GENERATED_STORIES = 40
sys.path.insert(0, str(REPO / "bench"))


def run(command: str, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    executable = BIN / command
    assert executable.is_file(), f"{executable} is missing: pip install -e '.[test]' installs it"
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1780000000", "NO_MKDOCS_2_WARNING": "1", "NO_COLOR": "1"}
    result = subprocess.run([str(executable), *args], cwd=cwd, env=env, capture_output=True, text=True, check=False)
    result.stderr = ANSI.sub("", result.stderr)
    result.stdout = ANSI.sub("", result.stdout)
    return result


def source(story_id: str) -> Path:
    return next(path for path in story_files() if path.stem == story_id)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_archive(tmp_path_factory.mktemp("zensical"))
    generated = run("story-tools", "generate", cwd=root)
    assert generated.returncode == 0, generated.stderr
    assert generated.stdout.startswith("Generated ") and "for 7 stories in docs/." in generated.stdout
    built = run("zensical", "build", cwd=root)
    assert built.returncode == 0, built.stdout + built.stderr
    return root


def test_zensical_site_has_every_page_of_the_archive(built: Path) -> None:
    site = built / "site"
    catalog = read_catalog()
    for story in catalog:
        page = (site / "stories" / story["id"] / "index.html").read_text(encoding="utf-8")
        assert '<h1 class="st-story__title">' in page and story["title"].replace("'", "&#39;") in page
        body = frontmatter.load(source(story["id"])).content
        for heading in re.findall(r"^## (.+)$", body, re.MULTILINE):
            assert f">{heading}" in page, (story["id"], heading)
        assert "story-tools.css" in page  # extra_css of mkdocs.yml: Zensical takes no style sheet from a plugin
    for name, dimension in read_vocabulary().items():
        assert (site / name / "index.html").is_file()
        for term in dimension["terms"]:
            page = (site / name / term["slug"] / "index.html").read_text(encoding="utf-8")
            assert f"<h1>{term['label']}</h1>".replace("&", "&amp;") in page
            for alias in term.get("aliases", []):
                moved = (site / name / alias / "index.html").read_text(encoding="utf-8")
                assert f'url=../{term["slug"]}/"' in moved
    browse = (site / "stories" / "index.html").read_text(encoding="utf-8")
    assert browse.count('class="st-card"') == len(catalog)
    for page in ("coverage", "brief", "tell", "search"):
        assert (site / page / "index.html").is_file(), page
    records = json.loads((site / "stories.json").read_text(encoding="utf-8"))
    assert [r["id"] for r in records] == [s["id"] for s in catalog]
    assert (site / "search" / "story" / "manifest.json").is_file()
    # Zensical's own index, which every page downloads whole, has the site's hand-written pages and
    # none of the archive's (the stories made it 46 MB at 10,000): the archive's search finds those.
    indexed = {item["location"].split("#")[0] for item in json.loads((site / "search.json").read_text())["items"]}
    assert indexed == {"", "contributing/"}


@pytest.fixture(scope="module")
def both(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example archive plus generated stories, built by MkDocs (site-mkdocs) and by Zensical (site)."""
    from check_bench import generate

    root = tmp_path_factory.mktemp("engines-plus")
    generate(root, GENERATED_STORIES)  # stories/ and the repository's vocabulary
    copy_archive(root)
    mkdocs = run("mkdocs", "build", "--strict", "-d", "site-mkdocs", cwd=root)
    assert mkdocs.returncode == 0, mkdocs.stderr
    assert run("story-tools", "generate", cwd=root).returncode == 0
    zensical = run("zensical", "build", cwd=root)
    assert zensical.returncode == 0, zensical.stdout + zensical.stderr
    return root


def _squeeze(html: str) -> str:
    return re.sub(r"\s+", " ", html).replace("> <", "><")


@pytest.mark.parametrize("site", ["site-mkdocs", "site"])
def test_every_engine_publishes_every_story_and_term_with_no_broken_link(both: Path, site: str) -> None:
    stories = sorted((both / "stories").rglob("*.md"))
    assert len(stories) == 7 + GENERATED_STORIES
    for story in stories:
        assert (both / site / "stories" / story.stem / "index.html").is_file(), story.stem
    for name, dimension in read_vocabulary().items():
        for term in dimension["terms"]:
            assert (both / site / name / term["slug"] / "index.html").is_file(), (name, term["slug"])
    assert broken_links(both / site) == []


def test_story_headers_are_the_same_in_mkdocs_and_zensical(both: Path) -> None:
    for story in sorted((both / "stories").rglob("*.md")):
        pages = [(both / site / "stories" / story.stem / "index.html").read_text(encoding="utf-8")
                 for site in ("site-mkdocs", "site")]
        headers = [HEADER.findall(page) for page in pages]
        assert len(headers[0]) == 1 and len(headers[1]) == 1, story.stem
        assert _squeeze(headers[0][0]) == _squeeze(headers[1][0]), story.stem
        related = [re.findall(r'<section class="st-related".*?</section>', page, re.DOTALL) for page in pages]
        assert [_squeeze(x) for x in related[0]] == [_squeeze(x) for x in related[1]], story.stem


def test_mkdocs_after_generate_builds_the_same_site_as_before(built: Path, tmp_path: Path) -> None:
    """The generated files in docs_dir are left to the plugin's own copies: no collision, same site."""
    clean = copy_archive(tmp_path / "clean")
    first = run("mkdocs", "build", "--strict", "-d", str(tmp_path / "a"), cwd=clean)
    second = run("mkdocs", "build", "--strict", "-d", str(tmp_path / "b"), cwd=built)
    assert first.returncode == 0 and second.returncode == 0, second.stderr
    files_a = sorted(p.relative_to(tmp_path / "a") for p in (tmp_path / "a").rglob("*") if p.is_file())
    files_b = sorted(p.relative_to(tmp_path / "b") for p in (tmp_path / "b").rglob("*") if p.is_file())
    assert files_a == files_b
    assert [f for f in files_a if f.suffix != ".gz"
            and (tmp_path / "a" / f).read_bytes() != (tmp_path / "b" / f).read_bytes()] == []


def test_the_plugin_hands_mkdocs_the_pages_generate_writes(both: Path, tmp_path: Path) -> None:
    """One generator: every archive page MkDocs renders is, to the byte, the Markdown
    `story-tools generate` wrote for Zensical (stories, terms, Browse, the brief, ...)."""
    written = {path: (both / "docs" / path).read_text(encoding="utf-8") for path in read_manifest(both / "docs")
               if path.endswith(".md")}
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", "1780000000")  # as run() gives the commands
        config = load_config(str(both / "mkdocs.yml"), site_dir=str(tmp_path / "site"), strict=True)
        build(config)
    plugin = config.plugins["story-tools"]
    assert isinstance(plugin, StoryToolsPlugin) and plugin.pages is not None
    handed = {file.src_uri: file.content_string for file in plugin.pages.files if isinstance(file, LazyPage)}
    assert len(handed) > 7 + GENERATED_STORIES + 60  # stories, terms, dimensions, Browse, ...
    assert sorted(handed) == sorted(written)
    assert [path for path in sorted(written) if handed[path] != written[path]] == []


def test_zensical_without_generate_fails_instead_of_publishing_an_empty_archive(tmp_path: Path) -> None:
    root = copy_archive(tmp_path)
    result = run("zensical", "build", cwd=root)
    assert result.returncode != 0
    assert "page does not exist" in result.stdout + result.stderr
    assert not (root / "site" / "stories" / "index.html").exists()


def test_generate_refuses_errors_and_writes_nothing(tmp_path: Path) -> None:
    root = copy_archive(tmp_path)
    story = next((root / "stories").glob("*.md"))
    story.write_text(story.read_text(encoding="utf-8").replace("touchpoint:", "touchpoint: [nonsense]\nold:", 1),
                     encoding="utf-8")
    before = sorted(p.relative_to(root) for p in (root / "docs").rglob("*"))
    result = run("story-tools", "generate", cwd=root)
    assert result.returncode == 1
    assert f"stories/{story.name}:" in result.stderr and "Nothing was generated" in result.stderr
    assert sorted(p.relative_to(root) for p in (root / "docs").rglob("*")) == before


def test_generate_never_overwrites_the_sites_own_page(tmp_path: Path) -> None:
    root = copy_archive(tmp_path)
    own = root / "docs" / "coverage" / "index.md"
    own.parent.mkdir()
    own.write_text("# Our own coverage notes\n", encoding="utf-8")
    result = run("story-tools", "generate", cwd=root)
    assert result.returncode == 1
    assert "coverage/index.md" in result.stderr and "Nothing was generated" in result.stderr
    assert own.read_text(encoding="utf-8") == "# Our own coverage notes\n"
    assert not (root / "docs" / "stories").exists()


def test_generate_again_removes_what_is_no_longer_made_and_git_ignores_the_rest(tmp_path: Path) -> None:
    root = copy_archive(tmp_path)
    assert run("story-tools", "generate", cwd=root).returncode == 0
    files = sorted((root / "stories").rglob("*.md"))
    texts = {path: path.read_text(encoding="utf-8") for path in files}
    gone = next(path for path in files if not any(path.stem in text for other, text in texts.items() if other != path))
    assert (root / "docs" / "stories" / gone.stem / "index.md").is_file()
    gone.unlink()
    result = run("story-tools", "generate", cwd=root)
    assert result.returncode == 0 and "removed 1 no longer made" in result.stdout
    assert not (root / "docs" / "stories" / gone.stem).exists()
    subprocess.run(["git", "init", "-q"], cwd=root, check=True)
    status = subprocess.run(["git", "status", "--porcelain", "--untracked-files=all", "docs"], cwd=root,
                            capture_output=True, text=True, check=True).stdout.split("\n")
    assert sorted(line[3:] for line in status if line) == ["docs/assets/screenshots/" + p.name for p in
                                                          sorted((REPO / "docs/assets/screenshots").iterdir())] + [
        "docs/contributing.md", "docs/index.md"]


# --- the Zensical site in a browser -------------------------------------------


@pytest.fixture(scope="module")
def zensical_url(built: Path) -> Iterator[str]:
    shared._require_chromium()
    with serve(built / "site") as url:
        yield url


@pytest.fixture
def ztab(chromium: Any, zensical_url: str) -> Iterator[Tab]:
    tab = Tab(chromium, zensical_url, viewport={"width": 1280, "height": 900})
    yield tab
    tab.close()


chromium = shared.chromium


@pytest.mark.browser
def test_zensical_browse_filters_by_two_facets_with_exact_counts(ztab: Tab) -> None:
    picked = two_facets()
    page = ztab.open("stories/")
    page.wait_for_selector("html[data-st-browse=ready]")
    for name, values in picked.items():
        box(page, name, values[0]).check()
    titles, counts = expected(picked)
    page.wait_for_function("n => document.querySelectorAll('.st-cards > .st-card:not([hidden])').length === n",
                           arg=len(titles))
    assert shown_titles(page) == titles
    assert {k: v for k, v in shown_counts(page).items() if v} == counts
    assert f"outcome={picked['outcome'][0]}" in page.url and f"touchpoint={picked['touchpoint'][0]}" in page.url
    page.locator("a.st-browse__brief").click()
    page.wait_for_selector(".st-brief[data-st-brief=ready]")
    assert [text(a) for a in page.locator(".st-brief__title a").all()] == titles[:3]
    no_errors(ztab)


@pytest.mark.browser
def test_zensical_search_page_finds_a_story_by_a_word_of_its_body(ztab: Tab) -> None:
    story = read_catalog()[-1]
    body = frontmatter.load(source(story["id"])).content
    word = max(re.findall(r"[A-Za-z]{9,}", body), key=len).lower()
    page = ztab.open("stories/")
    page.locator("a", has_text="Search every word of every story").click()
    page.wait_for_load_state("networkidle")
    page.locator("#st-search-query").fill(word)
    first = page.locator("#st-search-results a").first
    first.wait_for()
    hrefs = [a.get_attribute("href") for a in page.locator("#st-search-results a").all()]
    assert f"{ztab.site_url}stories/{story['id']}/" in hrefs, (word, hrefs)
    page.goto(f"{ztab.site_url}stories/{story['id']}/")
    assert text(page.locator("h1.st-story__title")) == story["title"]
    no_errors(ztab)


def test_zensical_prints_a_hostile_title_as_text(tmp_path: Path) -> None:
    """Zensical prints front matter into <title>, the header and meta tags as it is: generate escapes it."""
    root = copy_archive(tmp_path)
    story = sorted((root / "stories").glob("*.md"))[0]
    hostile = '</title><script>alert(1)</script> Fish & "Chips"'
    post = frontmatter.load(story)
    post["title"], post["summary"] = hostile, f"{post['summary']} <img src=x onerror=alert(2)>"
    story.write_text(frontmatter.dumps(post) + "\n", encoding="utf-8")
    assert run("story-tools", "generate", cwd=root).returncode == 0
    result = run("zensical", "build", cwd=root)
    assert result.returncode == 0, result.stdout + result.stderr
    page = (root / "site" / "stories" / story.stem / "index.html").read_text(encoding="utf-8")
    assert "<script>alert(1)" not in page and "<img src=x" not in page
    assert "<title>&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt; Fish &amp; &quot;Chips&quot; - " in page
    for other in (root / "site").rglob("*.html"):
        assert "<script>alert(" not in other.read_text(encoding="utf-8"), other


def test_generate_says_which_option_is_wrong_instead_of_a_traceback(tmp_path: Path) -> None:
    root = copy_archive(tmp_path)
    config = root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "      vocabulary: vocabulary.yml\n", "      vocabulary: vocabulary.yml\n      related_weights: {principle: -1}\n"),
        encoding="utf-8")
    result = run("story-tools", "generate", cwd=root)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "related_weights in mkdocs.yml" in result.stderr and "'principle' must be a finite number >= 0" in result.stderr
    assert not (root / "docs" / "stories").exists()
