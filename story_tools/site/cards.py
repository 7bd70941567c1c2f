"""Story cards and list lines, rendered once per story and build and reused on every page."""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from operator import attrgetter

import jinja2
from markupsafe import Markup

from ..model.story import Story

__all__ = ["CARD_FIELDS", "CardRenderer", "card_inputs"]

CARD_FIELDS = ("id", "title", "summary", "date", "terms", "customer", "visibility")
"""The fields of a story that its card and its list line show (story-card.html; a test checks)."""


_CARD_FIELDS = attrgetter(*CARD_FIELDS)


def card_inputs(story: Story) -> tuple[object, ...]:
    """What a story's card and line are made of: equal for two versions of a story whose
    card is the same (a page of cards whose stories only changed their bodies is the same)."""
    found: tuple[object, ...] = _CARD_FIELDS(story)
    return found


class CardRenderer:
    """Renders each story's card once per build (`story-card.html`) and reuses it.

    A story appears on the index and on every term page it carries; rendering
    its card each time was the largest cost the archive added to a build.
    `macro` names the macro of story-card.html: `card`, or `line` (one list item)."""

    _ROOT = "\x00"  # cannot occur in a story: control characters are findings

    def __init__(
        self, env: jinja2.Environment, macro: str = "card", *, cache: dict[Hashable, str] | None = None,
    ) -> None:
        """`cache`: cards already rendered, by story (kept by `mkdocs serve` while templates,
        vocabulary and date are the same)."""
        self._card = getattr(env.get_template("story-card.html").module, macro)
        self._cache: dict[Hashable, str] = {} if cache is None else cache

    def __call__(self, stories: Iterable[Story], base_url: str) -> Markup:
        """The cards of `stories` for a page whose `base_url` (the relative site root) is given."""
        parts = []
        for story in stories:
            html = self._cache.get(story)
            if html is None:
                html = self._cache[story] = str(self._card(story, self._ROOT))
            parts.append(html)
        root = (base_url or ".").rstrip("/") + "/"
        return Markup("\n".join(parts).replace(self._ROOT, root))  # noqa: S704 - escaped in the template
