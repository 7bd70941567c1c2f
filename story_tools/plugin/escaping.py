"""Values that reach HTML, escaped exactly once.

MkDocs renders Jinja without autoescaping, and Material prints `page.meta`
values (title, description, author, subtitle, status, tags) and page titles as
they are. MkDocs' own page titles are HTML already (a title taken from a
heading keeps its entities), so front matter is brought into the same shape:
every string in `page.meta` becomes escaped `Markup`, once, before any template
or other plugin reads it. `Markup` is what keeps it from being escaped twice:
`escape()` and Jinja's `|e` leave it as it is, so `&lt;` never reaches a reader
as `&amp;lt;`.

JSON that the site publishes is written with Jinja's `htmlsafe_json_dumps`
(the `tojson` filter): `<`, `>`, `&` and `'` as `\\u` escapes, so no file of the
site holds markup and JSON inside a `<script>` element can never close it.
"""

from __future__ import annotations

from collections.abc import MutableMapping
from typing import Any

from markupsafe import escape

__all__ = ["escape_meta", "escaped"]


def escaped(value: Any) -> Any:
    """`value` with every string in it (in lists, tuples and mappings too) HTML-escaped
    as `Markup`; other values (numbers, dates, booleans) as they are. Escaping what
    is already `Markup` changes nothing, so this can run twice."""
    if isinstance(value, str):
        return escape(value)
    if isinstance(value, (list, tuple)):
        return type(value)(escaped(item) for item in value)
    if isinstance(value, dict):
        return {escaped(key): escaped(item) for key, item in value.items()}
    return value


def escape_meta(meta: MutableMapping[str, Any]) -> None:
    """Escape every front-matter value of one page in place (the keys stay as they are,
    so MkDocs, Material and other plugins still find `title`, `template`, `hide`...)."""
    for key, value in meta.items():
        meta[key] = escaped(value)

