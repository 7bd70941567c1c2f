"""The MkDocs adapter: the `story-tools` plugin. Nothing else in the package imports mkdocs."""

from .adapter import StoryToolsConfig, StoryToolsPlugin

__all__ = ["StoryToolsConfig", "StoryToolsPlugin"]
