"""Defence in depth: every story page's body HTML goes through an allowlist sanitiser (nh3).

`check` already stops a build on scripts, event attributes and dangerous links
in story bodies (`unsafe`); this is the second line, for whatever the check
does not know: only the elements and attributes that Markdown and the enabled
extensions produce are kept (headings with their ids and permalink anchors,
admonitions and their classes, tables with their alignment, code, footnotes,
`attr_list` ids, classes and titles), and links keep only ordinary schemes
(http, https, mailto, tel, relative addresses). nh3 is Ammonia, a Rust HTML5
sanitiser; it re-serialises the HTML, which a browser reads the same.
"""

from __future__ import annotations

import nh3

__all__ = ["ALLOWED_TAGS", "clean_story_html"]

ALLOWED_TAGS = frozenset(nh3.ALLOWED_TAGS | {"tfoot", "details", "summary", "figure", "figcaption", "dfn"})
_GENERIC = frozenset({"id", "class", "title", "lang", "dir"})
_ATTRIBUTES = {
    **{tag: set(names) for tag, names in nh3.ALLOWED_ATTRIBUTES.items()},
    "*": set(_GENERIC),
    "th": {*nh3.ALLOWED_ATTRIBUTES["th"], "style"},
    "td": {*nh3.ALLOWED_ATTRIBUTES["td"], "style"},
    "details": {"open"},
    "ol": {"start", "type"},
    "li": {"value"},
    "abbr": {"title"},
}
_CLEANER = nh3.Cleaner(
    tags=set(ALLOWED_TAGS),
    clean_content_tags={"script", "style"},
    attributes=_ATTRIBUTES,
    link_rel=None,
    filter_style_properties={"text-align"},
)


def clean_story_html(html: str) -> str:
    """The HTML with everything outside the allowlist removed (scripts with their content)."""
    return _CLEANER.clean(html)
