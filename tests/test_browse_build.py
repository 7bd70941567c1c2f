"""The browse page, the brief and usable quotes, as built HTML and JSON (no browser)."""

from __future__ import annotations

import datetime
import json
import re

import pytest
from conftest import Project, story_text

from story_tools.archive.vocabulary import parse_vocabulary
from story_tools.derived.browse import client_vocabulary, facets, quote_usable
from story_tools.model.story import Consent, Story

TODAY = datetime.date(2026, 1, 1)


def _story(visibility: str = "public", quote: str | None = "We stayed.", approved: tuple[str, ...] = ("story", "quote"),
           expires: datetime.date | None = None, consent: bool = True) -> Story:
    return Story("s", "stories/s.md", "S", TODAY, "Summary.", (), quote=quote, visibility=visibility,
                 consent=Consent(frozenset(approved), expires=expires) if consent else None)


@pytest.mark.parametrize(("story", "usable"), [
    (_story(), True),
    (_story(expires=TODAY), True),
    (_story(expires=TODAY - datetime.timedelta(days=1)), False),
    (_story(approved=("story",)), False),
    (_story(approved=("quote",)), False),
    (_story(visibility="internal"), False),
    (_story(consent=False), False),
    (_story(quote=None), False),
])
def test_a_quote_is_usable_outside_only_with_consent_for_story_and_quote(story: Story, usable: bool) -> None:
    assert quote_usable(story, TODAY) is usable


@pytest.mark.parametrize(("name", "rule"), [("brief", "reserved-name"), ("q", "bad-dimension"),
                                            ("sort", "bad-dimension"), ("n", "bad-dimension")])
def test_browse_addresses_and_parameters_are_not_dimension_names(name: str, rule: str) -> None:
    _, findings = parse_vocabulary(f"dimensions:\n  {name}:\n    label: X\n    terms: []\n", "vocabulary.yml")
    assert findings[0].rule == rule


def test_browse_page_has_a_hidden_form_with_every_used_term_and_its_count(
    project: Project, caplog: pytest.LogCaptureFixture
) -> None:
    built = project.build(caplog, strict=True)
    assert built.ok, built.log
    html = built.html("stories/index.html")
    assert re.search(r'<form class="st-browse"[^>]*\bhidden\b', html), "the form must be hidden until the script runs"
    records = json.loads(built.html("stories.json"))
    expected: dict[str, int] = {}
    for record in records:
        for name in ("touchpoint", "principle", "outcome", "industry"):
            for slug in record[name]:
                expected[f"{name}/{slug}"] = expected.get(f"{name}/{slug}", 0) + 1
    shown = {f"{name}/{slug}": int(count) for name, slug, count in re.findall(
        r'<input type="checkbox" name="([a-z-]+)" value="([a-z0-9-]+)">.*?st-facet__count">(\d+)<', html)}
    assert shown == expected  # every term with a story, none without
    assert html.count('class="st-card"') == len(records)
    assert 'href="../brief/"' in html


def test_brief_page_embeds_the_vocabulary_so_that_no_label_ends_the_script(
    project: Project, caplog: pytest.LogCaptureFixture
) -> None:
    vocabulary = project.root / "vocabulary.yml"
    hostile = "Billing </script><script>alert(1)</script> & <!--"
    vocabulary.write_text(vocabulary.read_text(encoding="utf-8").replace(
        "label: Billing", f"label: {json.dumps(hostile)}"), encoding="utf-8")
    built = project.build(caplog, strict=True)
    assert built.ok, built.log
    html = built.html("brief/index.html")
    match = re.search(r'<script type="application/json" id="st-vocabulary">(.*?)</script>', html, re.DOTALL)
    assert match, "no embedded vocabulary"
    embedded = json.loads(match.group(1))
    assert [t["label"] for t in embedded[0]["terms"]] == ["Support call", "Field visit", hostile]
    assert "<" not in match.group(1) and "<!--" not in match.group(1)
    assert '<noscript>' in html and 'href="../stories/"' in html


def test_stories_json_says_which_quotes_may_be_used(project: Project, caplog: pytest.LogCaptureFixture) -> None:
    project.write_story("approved.md", story_text(title="Approved", extra=(
        'quote: "Say it anywhere."\nvisibility: public\nconsent:\n  approved: [story, quote]\n')))
    built = project.build(caplog, strict=True)
    assert built.ok, built.log
    usable = {r["id"]: r["quote_usable"] for r in json.loads(built.html("stories.json"))}
    # good-one is public with a quote but no consent block; good-two has no quote.
    assert usable == {"approved": True, "good-one": False, "good-two": False}
    assert "Internal only: do not quote" in built.html("stories/good-one/index.html")
    assert "Internal only: do not quote" not in built.html("stories/approved/index.html")


def test_facets_leave_out_terms_without_stories(project: Project) -> None:
    vocabulary, findings = parse_vocabulary(
        (project.root / "vocabulary.yml").read_text(encoding="utf-8"), "vocabulary.yml")
    assert not findings
    dimension = vocabulary.dimensions[0]
    one, two = dimension.terms[0], dimension.terms[1]
    story = _story()
    result = facets(vocabulary, {(dimension.name, one.slug): [story, story], (dimension.name, two.slug): []})
    assert result == [(dimension, [(one, 2)])]
    assert client_vocabulary(vocabulary)[0]["terms"][0] == {"slug": one.slug, "label": one.label}


def test_browse_and_brief_link_each_other_without_directory_urls(
    project: Project, caplog: pytest.LogCaptureFixture
) -> None:
    config = project.root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + "use_directory_urls: false\n", encoding="utf-8")
    built = project.build(caplog, strict=True)
    assert built.ok, built.log
    assert 'data-base="../brief/index.html"' in built.html("stories/index.html")
    assert 'data-base="../stories/index.html"' in built.html("brief/index.html")
