"""The catalog one audience sees: the stories it may read, and links only between them."""

from __future__ import annotations

from dataclasses import replace

from .audience import Audience
from .catalog import Catalog

__all__ = ["published_catalog"]


def published_catalog(catalog: Catalog, audience: Audience) -> tuple[Catalog, dict[str, str]]:
    """The catalog as `audience` sees it, and the ids it leaves out (a link to one keeps only its text)."""
    if not audience.excluded:
        return catalog, {}
    shown = {story.id for story in audience.published}
    withheld = {exclusion.story_id: "" for exclusion in audience.excluded}
    return replace(
        catalog, stories=audience.published,
        links=tuple(link for link in catalog.links if link.source in shown and link.target in shown),
    ), withheld
