"""The catalog as data: `stories.json` records, CSV, and a JSON Feed of the newest stories.

One record per published story. Every dimension is a list of term slugs, so a
script (or the browse page) filters without knowing which dimensions exist.
"""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from jinja2.utils import htmlsafe_json_dumps

from ..archive.vocabulary import Vocabulary
from ..model.story import Story
from .browse import quote_usable

if TYPE_CHECKING:
    from .relate import Relation

__all__ = [
    "FEED_SIZE", "csv_text", "json_feed", "json_lines", "json_text", "newest_first", "record_inputs", "record_json",
    "story_record", "story_records",
]

FEED_SIZE = 20
"""How many of the newest stories the feed carries."""


def story_records(
    stories: Sequence[Story],
    vocabulary: Vocabulary,
    urls: Mapping[str, str],
    related: Mapping[str, Sequence[Relation]] | None = None,
    *,
    today: datetime.date,
) -> list[dict[str, Any]]:
    """One JSON-ready record per story, newest first; `urls` maps id to a URL
    relative to the site root. `quote_usable` says whether the quote may be
    repeated outside the company (see browse.quote_usable; `today` for consent)."""
    return [story_record(story, vocabulary, urls[story.id], (related or {}).get(story.id, ()), today=today)
            for story in newest_first(stories)]


def newest_first(stories: Iterable[Story]) -> list[Story]:
    """The order of stories.json, Browse and the feed: newest first, then by id."""
    return sorted(stories, key=lambda s: (-s.date.toordinal(), s.id))


def story_record(
    story: Story, vocabulary: Vocabulary, url: str, relations: Sequence[Relation], *, today: datetime.date,
) -> dict[str, Any]:
    """One story's record (see story_records)."""
    record: dict[str, Any] = {
        "id": story.id,
        "url": url,
        "title": story.title,
        "summary": story.summary,
        "date": story.date.isoformat(),
        "customer": story.customer,
        "quote": story.quote,
        "quote_usable": quote_usable(story, today),
        "visibility": story.visibility,
    }
    for dimension in vocabulary.dimensions:
        record[dimension.name] = list(story.terms_of(dimension.name))
    record["metrics"] = dict(story.metrics)
    record["related"] = [{"id": relation.target, "reasons": list(relation.reasons)} for relation in relations]
    return record


def record_inputs(story: Story) -> tuple[object, ...]:
    """What `story_records` reads of a story (not its body): equal for two versions of a
    story whose record is the same (`mkdocs serve` then keeps the files made of records)."""
    return (story.id, story.title, story.summary, story.date, story.customer, story.quote, story.visibility,
            story.terms, story.metrics, story.consent)


def json_text(records: list[dict[str, Any]]) -> str:
    """`stories.json`: one record per line, stable key order, UTF-8 as is, and no
    markup (`<`, `>`, `&` and `'` as `\\u` escapes: the same data, parsed).

    Not `indent=`: that makes the json module use its pure-Python encoder,
    five times slower at 10,000 records (0.5 s against 0.1 s)."""
    return json_lines([record_json(record) for record in records])


def record_json(record: Mapping[str, Any]) -> str:
    """One record as stories.json writes it (a line of `json_lines`)."""
    return str(htmlsafe_json_dumps(record, ensure_ascii=False))


def json_lines(lines: Sequence[str]) -> str:
    """A JSON array of one JSON value per line."""
    return "[\n" + ",\n".join(lines) + "\n]\n"


def csv_text(records: list[dict[str, Any]], vocabulary: Vocabulary) -> str:
    """One row per story; lists are joined with '; '. Opens in any spreadsheet."""
    columns = ["id", "url", "title", "summary", "date", "customer", "quote", "visibility",
               *vocabulary.names, "related"]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    for record in records:
        row = []
        for column in columns:
            value = record.get(column)
            if column == "related":
                value = "; ".join(item["id"] for item in record["related"])
            elif isinstance(value, list):
                value = "; ".join(value)
            row.append("" if value is None else value)
        writer.writerow(row)
    return out.getvalue()


def json_feed(
    records: list[dict[str, Any]], *, title: str, site_url: str | None, tags: Sequence[str],
) -> dict[str, Any]:
    """A JSON Feed 1.1 of the newest stories (records are newest first); each item's
    tags are its terms of the dimensions named in `tags` (the required ones).

    Without a site URL the item URLs stay relative to the site root."""
    base = (site_url or "").rstrip("/") + "/" if site_url else ""
    feed: dict[str, Any] = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": title,
        "items": [
            {
                "id": record["id"],
                "url": base + record["url"],
                "title": record["title"],
                "summary": record["summary"],
                "content_text": record["summary"],
                "date_published": f"{record['date']}T00:00:00Z",
                "tags": [slug for name in tags for slug in record.get(name, [])],
            }
            for record in records[:FEED_SIZE]
        ],
    }
    if site_url:
        feed["home_page_url"] = base
        feed["feed_url"] = base + "feed.json"
    return feed
