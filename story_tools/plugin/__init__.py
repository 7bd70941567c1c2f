"""The MkDocs adapter: the `story-tools` plugin. Nothing else in the package imports mkdocs."""

from .adapter import StoryToolsPlugin
from .config import StoryToolsConfig

__all__ = ["StoryToolsConfig", "StoryToolsPlugin"]
