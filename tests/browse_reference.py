"""A reference of the browse rules written in README ("The site"), computed from
the story files, and helpers that read the browse page; for test_browse.py and
test_brief.py."""

from __future__ import annotations

import unicodedata
from pathlib import Path
from typing import Any

import yaml
from browser import REPO
from test_browser import CHIP_COLOURS_JS, Tab, contrast, front_matter, over, parse_colour, story_files, text

WHITE = (255.0, 255.0, 255.0)


# --- the archive as the story files say, and the rules as README says --------


def has_term(bits: bytes, words: int, term: int, story: int) -> bool:
    """Whether facets.bin says the story at place `story` has term number `term` (README, *Browsing*)."""
    word = int.from_bytes(bits[4 * (term * words + story // 32):][:4], "little")
    return bool(word >> (story % 32) & 1)


def read_vocabulary(root: Path = REPO) -> dict[str, Any]:
    return yaml.safe_load((root / "vocabulary.yml").read_text(encoding="utf-8"))["dimensions"]  # type: ignore[no-any-return]


def read_catalog(root: Path = REPO) -> list[dict[str, Any]]:
    """Every story of the archive at `root`: id, title, summary, date, terms {dimension: [slug]};
    newest first, then id."""
    vocabulary = read_vocabulary(root)
    slugs = {name: {key: term["slug"] for term in dimension["terms"] for key in (term["slug"], *term.get("aliases", []))}
             for name, dimension in vocabulary.items()}
    stories = []
    for path in story_files() if root == REPO else sorted((root / "stories").rglob("*.md")):
        meta = front_matter(path)[0]
        terms = {}
        for name in vocabulary:
            values = meta.get(name) or []
            values = values if isinstance(values, list) else [values]
            if values:
                terms[name] = [slugs[name][str(value)] for value in values]
        stories.append({"id": path.stem, "title": meta["title"], "summary": " ".join(meta["summary"].split()),
                        "date": meta["date"], "terms": terms, "meta": meta})
    return sorted(stories, key=lambda s: (-s["date"].toordinal(), s["id"]))


def fold(value: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", value) if not unicodedata.combining(c)).lower()


def expected(picked: dict[str, list[str]], q: str = "", sort: str = "relevance",
             catalog: list[dict[str, Any]] | None = None) -> tuple[list[str], dict[str, int]]:
    """(titles in the page's order, {"dimension/slug": count}) for a filter (of read_catalog() or `catalog`)."""
    words = fold(q).split()
    counts: dict[str, int] = {}
    matches = []
    for index, story in enumerate(read_catalog() if catalog is None else catalog):
        title, summary = fold(story["title"]), fold(story["summary"])
        if any(w not in title and w not in summary for w in words):
            continue
        score = sum(3 * (w in title) + (w in summary) for w in words)
        failed = []
        for name, values in picked.items():
            hits = len(set(values) & set(story["terms"].get(name, [])))
            score += 2 * hits
            if not hits:
                failed.append(name)
        for name, slugs in story["terms"].items():
            if not failed or failed == [name]:
                for slug in slugs:
                    counts[f"{name}/{slug}"] = counts.get(f"{name}/{slug}", 0) + 1
        if not failed:
            matches.append((-score if sort == "relevance" else 0, index, story["title"]))
    return [title for _, _, title in sorted(matches)], counts


def two_facets() -> dict[str, list[str]]:
    """An outcome and a touchpoint that narrow the archive without emptying it."""
    catalog = read_catalog()
    for outcome in sorted({s for story in catalog for s in story["terms"]["outcome"]}):
        with_outcome = [story for story in catalog if outcome in story["terms"]["outcome"]]
        for touchpoint in sorted({s for story in with_outcome for s in story["terms"]["touchpoint"]}):
            titles, _ = expected({"outcome": [outcome], "touchpoint": [touchpoint]})
            if 1 < len(titles) < len(with_outcome):
                return {"outcome": [outcome], "touchpoint": [touchpoint]}
    for outcome in sorted({s for story in catalog for s in story["terms"]["outcome"]}):
        for touchpoint in sorted({s for story in catalog for s in story["terms"]["touchpoint"]}):
            if expected({"outcome": [outcome], "touchpoint": [touchpoint]})[0]:
                return {"outcome": [outcome], "touchpoint": [touchpoint]}
    raise AssertionError("no outcome and touchpoint share a story")


# --- reading the page ---------------------------------------------------------


def open_browse(tab: Tab, query: str = "") -> Any:
    page = tab.open("stories/" + query)
    page.wait_for_selector("html[data-st-browse=ready]")
    return page


def settle(page: Any) -> None:
    """Wait until the browse page shows what was last asked of it (it fetches the cards it shows)."""
    page.locator("html:not([data-st-browse=busy])").wait_for(state="attached")


def shown_titles(page: Any) -> list[str]:
    settle(page)
    return [text(card.locator(".st-card__title")) for card in page.locator(".st-cards > .st-card:visible").all()]


def shown_counts(page: Any) -> dict[str, int]:
    settle(page)
    return page.locator(".st-facet__value").evaluate_all(
        "values => Object.fromEntries(values.map(v => [v.querySelector('input').name + '/' +"
        " v.querySelector('input').value, Number(v.querySelector('.st-facet__count').textContent)]))")


def box(page: Any, name: str, slug: str) -> Any:
    return page.locator(f'input[type=checkbox][name="{name}"][value="{slug}"]')


def worst_contrast(page: Any, selector: str) -> tuple[float, str]:
    found = page.locator(selector).evaluate_all(CHIP_COLOURS_JS)
    assert found, f"nothing matches {selector}"
    ratios = []
    for item in found:
        background = WHITE
        for layer in reversed(item["backgrounds"]):
            background = over(parse_colour(layer), background)
        ratios.append((contrast(over(parse_colour(item["color"]), background), background), item["text"]))
    return min(ratios)


def no_errors(tab: Tab) -> None:
    assert tab.watch.page_errors == [] and tab.watch.console_errors == [] and tab.watch.local_failures == []
