"""Cross-linking and indexes in real builds: related stories, backlinks, story
links, term and dimension pages, coverage, stories.json, feed, redirects."""

from __future__ import annotations

import json
import re

import pytest
from conftest import Project, story_text
from linkcheck import broken_links


@pytest.fixture
def built(project: Project, caplog: pytest.LogCaptureFixture):  # type: ignore[no-untyped-def]
    project.write_story(
        "third.md",
        story_text(title="Third [story] *with* <marks>", extra="outcome: renewed\n").replace("outcome: retained\n", "")
        + "\nSee [[good-one]], [[good-two|the technician]] and [this one](good-one.md#the-situation).\n",
    )
    result = project.build(caplog, strict=True)
    assert result.ok, result.log
    return result


def test_related_stories_say_why(built) -> None:  # type: ignore[no-untyped-def]
    html = built.html("stories/good-one/index.html")
    related = re.findall(r'<li><a href="([^"]+)">([^<]+)</a>\s*<span class="st-related__why">([^<]+)</span>', html.split('id="st-related"')[1].split("</section>")[0])
    assert related[0] == ("../good-two/", "The second good story", "linked by the story&#39;s author")
    # third shares touchpoint support-call with good-one
    assert ("../third/", "Third [story] *with* &lt;marks&gt;", "same touchpoint: support call") in related


def test_backlinks_from_related_and_body_links(built) -> None:  # type: ignore[no-untyped-def]
    html = built.html("stories/good-one/index.html")
    section = html.split('id="st-backlinks"')[1].split("</section>")[0]
    assert 'href="../third/"' in section and "links to it in its text" in section
    two = built.html("stories/good-two/index.html").split('id="st-backlinks"')[1].split("</section>")[0]
    assert 'href="../good-one/"' in two and "lists it as related" in two
    assert 'href="../third/"' in two


def test_story_links_in_bodies_become_page_links(built) -> None:  # type: ignore[no-untyped-def]
    html = built.html("stories/third/index.html")
    assert '<a href="../good-one/">The first good story</a>' in html
    assert '<a href="../good-two/">the technician</a>' in html
    assert '<a href="../good-one/#the-situation">this one</a>' in html


def test_unknown_story_link_stops_the_build_with_its_line(project: Project, caplog: pytest.LogCaptureFixture) -> None:
    project.write_story("bad-link.md", story_text() + "\nSee [[good-onne]].\n")
    result = project.build(caplog)
    assert not result.ok
    assert "stories/bad-link.md:12:5: error[unknown-story-link]" in result.log
    assert "Did you mean 'good-one'?" in result.log


def test_term_page_lists_its_stories_as_cards(built) -> None:  # type: ignore[no-untyped-def]
    html = built.html("touchpoint/support-call/index.html")
    assert "<h1>Support call</h1>" in html and "The customer phoned us." in html
    titles = re.findall(r'<a class="st-card__title" href="([^"]+)">', html)
    assert titles == ["../../stories/good-one/", "../../stories/third/"]
    assert "2 stories, newest first." in html
    assert "phone-support" in html  # aliases are shown


def test_terms_without_stories_are_marked_as_untold(built) -> None:  # type: ignore[no-untyped-def]
    assert "No story yet." in built.html("touchpoint/billing/index.html")
    dimension = built.html("touchpoint/index.html")
    row = re.search(r'<tr class="st-terms__untold">\s*<td><a href="billing/">Billing</a>', dimension)
    assert row, dimension
    assert re.search(r'<a href="support-call/">Support call</a></td>\s*<td>[^<]*</td>\s*<td class="st-num">2</td>', dimension)


def test_old_term_addresses_lead_to_the_term_page(built) -> None:  # type: ignore[no-untyped-def]
    redirect = built.html("principle/listening/index.html")
    assert '<meta http-equiv="refresh" content="0; url=../great-listening/">' in redirect
    assert '<link rel="canonical" href="../great-listening/">' in redirect


def test_coverage_matrix_counts_and_links(built) -> None:  # type: ignore[no-untyped-def]
    html = built.html("coverage/index.html")
    assert "3 stories." in html
    cell = re.search(r'href="../stories/\?principle=great-listening&amp;outcome=renewed"[^>]*>(\d+)</a>', html)
    assert cell and cell.group(1) == "2"  # good-two and third
    assert "untold combinations of principle and outcome" in html
    assert re.search(r'<th scope="row">2023</th><td class="st-num">2</td>', html)


def test_stories_json(built) -> None:  # type: ignore[no-untyped-def]
    records = json.loads((built.site / "stories.json").read_text(encoding="utf-8"))
    assert [r["id"] for r in records] == ["good-one", "third", "good-two"]
    one = records[0]
    assert one["url"] == "stories/good-one/"
    assert one["principle"] == ["take-the-issue-seriously", "keep-them-informed"]
    assert one["industry"] == ["software"] and one["date"] == "2023-04-05"
    assert one["related"][0] == {"id": "good-two", "reasons": ["linked by the story's author"]}
    for record in records:
        assert (built.site / record["url"] / "index.html").is_file()


def test_feed_lists_the_newest_stories(built) -> None:  # type: ignore[no-untyped-def]
    feed = json.loads((built.site / "feed.json").read_text(encoding="utf-8"))
    assert feed["version"] == "https://jsonfeed.org/version/1.1"
    assert [item["id"] for item in feed["items"]] == ["good-one", "third", "good-two"]


def test_no_broken_internal_links(built) -> None:  # type: ignore[no-untyped-def]
    assert broken_links(built.site) == []


def test_link_checker_finds_a_broken_link(built) -> None:  # type: ignore[no-untyped-def]
    page = built.site / "stories" / "good-one" / "index.html"
    page.write_text(page.read_text(encoding="utf-8") + '<a href="../nowhere/">x</a>', encoding="utf-8")
    assert broken_links(built.site) == ["stories/good-one/index.html -> ../nowhere/"]


def test_every_story_two_clicks_from_home(built) -> None:  # type: ignore[no-untyped-def]
    home = built.html("index.html")
    assert 'href="stories/"' in home
    browse = built.html("stories/index.html")
    for story in ("good-one", "good-two", "third"):
        assert f'href="../stories/{story}/"' in browse


def test_export_matches_the_site(project: Project, built) -> None:  # type: ignore[no-untyped-def]
    from click.testing import CliRunner

    from story_tools.cli import main

    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(project.root)
        exported = json.loads(CliRunner().invoke(main, ["export"]).output)
        csv = CliRunner().invoke(main, ["export", "--format", "csv"]).output
    assert exported == json.loads((built.site / "stories.json").read_text(encoding="utf-8"))
    assert csv.splitlines()[0].startswith("id,url,title,summary,date,")
    assert len(csv.splitlines()) == 4


def test_bad_related_weights_are_a_clear_config_error(project: Project, caplog: pytest.LogCaptureFixture) -> None:
    config = project.root / "mkdocs.yml"
    config.write_text(config.read_text().replace("  - story-tools", "  - story-tools:\n      related_weights: {principle: -1}"))
    result = project.build(caplog)
    assert not result.ok
    assert "related_weights in mkdocs.yml: the weight of 'principle' must be a finite number >= 0, not -1.0" in result.log


def test_a_long_term_page_shows_the_newest_as_cards_and_every_other_as_a_line(
    project: Project, caplog: pytest.LogCaptureFixture
) -> None:
    for day in range(1, 31):
        project.write_story(f"many-{day:02d}.md", story_text(title=f"Many {day}").replace(
            "date: 2023-01-02", f"date: 2024-01-{day:02d}"))
    result = project.build(caplog, strict=True)
    assert result.ok, result.log
    html = result.html("touchpoint/support-call/index.html")
    cards = re.findall(r'<a class="st-card__title" href="\.\./\.\./stories/([^/"]+)/">', html)
    lines = re.findall(r'<li><a href="\.\./\.\./stories/([^/"]+)/">', html)
    assert cards == [f"many-{day:02d}" for day in range(30, 6, -1)], "the 24 newest, as cards"
    assert lines[:6] == [f"many-{day:02d}" for day in range(6, 0, -1)]
    assert sorted(cards + lines) == sorted({*cards, *lines}), "no story twice"
    # the 30 new ones and good-one (good-two is a field visit)
    assert len(cards) + len(lines) == 31 and "31 stories, newest first." in html
    assert "7 older stories</h2>" in html
    assert 'href="../../stories/?touchpoint=support-call">Filter them in Browse</a>' in html
    assert broken_links(result.site) == []


@pytest.mark.parametrize("rows, columns", [("principle", "outcome"), ("touchpoint", "principle")])
def test_both_coverage_matrices_count_every_cell(project: Project, built, rows: str, columns: str) -> None:  # type: ignore[no-untyped-def]
    # Expected counts from the story files themselves, cell by cell, including the empty ones.
    from story_tools.archive.catalog import load_catalog
    from story_tools.archive.settings import ArchiveSettings

    catalog = load_catalog(ArchiveSettings.at(project.root))
    vocabulary = catalog.vocabulary
    row_terms = [term.slug for term in vocabulary.dimension(rows).terms]  # type: ignore[union-attr]
    column_terms = [term.slug for term in vocabulary.dimension(columns).terms]  # type: ignore[union-attr]
    expected = {
        (r, c): sum(1 for story in catalog.stories if r in story.terms_of(rows) and c in story.terms_of(columns))
        for r in row_terms for c in column_terms
    }
    assert any(expected.values()) and not all(expected.values())
    html = built.html("coverage/index.html")
    section = html.split(f'<h2 id="{rows}-by-{columns}">', 1)[1].split("<h2", 1)[0]
    cells = re.findall(r'<td class="st-cell[^"]*"[^>]*>(.*?)</td>', section)
    assert len(cells) == len(row_terms) * len(column_terms)
    for (r, c), cell in zip(((r, c) for r in row_terms for c in column_terms), cells, strict=True):
        n = expected[(r, c)]
        if n:
            assert f'href="../stories/?{rows}={r}&amp;{columns}={c}"' in cell and f">{n}</a>" in cell, (r, c, cell)
        else:
            assert "No story yet" in cell, (r, c, cell)
    untold = sum(1 for n in expected.values() if n == 0)
    assert f"{untold} untold combinations of {rows} and {columns}" in section


def test_the_archive_pages_text_is_not_kept_after_it_is_written(example: Project) -> None:
    # Memory: every archive page's Markdown is made when MkDocs reads it and its HTML is let go
    # once written (at 10,000 stories the two held 300 of the build's 980 MB). The pages are whole.
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    from story_tools.plugin.adapter import StoryToolsPlugin
    from story_tools.plugin.sitepages import LazyPage

    config = load_config(str(example.root / "mkdocs.yml"), site_dir=str(example.root / "site"))
    build(config)
    plugin = config.plugins["story-tools"]
    assert isinstance(plugin, StoryToolsPlugin) and plugin.pages is not None
    lazy = [file for file in plugin.pages.files if isinstance(file, LazyPage)]
    assert len(lazy) > 40 and all(file._content is None for file in lazy)
    assert all(file.page is not None and file.page.content is None for file in lazy)
    home = next(file for file in plugin.files or [] if file.src_uri == "index.md")
    assert home.page is not None and home.page.content  # a page of the site's own is left as MkDocs keeps it
    story = next(file for file in lazy if file.src_uri in plugin.pages.stories)
    html = (example.root / "site" / story.dest_uri).read_text(encoding="utf-8")
    assert 'class="st-story__title"' in html and 'id="st-related"' in html and "</html>" in html
