"""The options of the `story-tools` plugin in mkdocs.yml, each documented under it."""

from __future__ import annotations

from mkdocs.config import base
from mkdocs.config import config_options as c

from ..archive.audience import AUDIENCES
from ..archive.settings import DEFAULT_PRIVACY_FILE, DEFAULT_STORIES_DIR, DEFAULT_VOCABULARY

__all__ = ["StoryToolsConfig"]


class StoryToolsConfig(base.Config):
    """Options of the `story-tools` plugin in mkdocs.yml."""

    enabled = c.Type(bool, default=True)
    """Turn the plugin off (for example in a quick draft build)."""
    stories_dir = c.Type(str, default=DEFAULT_STORIES_DIR)
    """The folder of story files, relative to mkdocs.yml."""
    vocabulary = c.Type(str, default=DEFAULT_VOCABULARY)
    """The vocabulary file, relative to mkdocs.yml."""
    privacy = c.Type(str, default=DEFAULT_PRIVACY_FILE)
    """The privacy list (names denied, domains and numbers allowed), relative to mkdocs.yml; may be missing."""
    report = c.Type(str, default="story-report.json")
    """Where each build writes its report (stories found, published, left out and why), relative to
    mkdocs.yml; never inside site_dir, since it names the left-out stories. Empty: no report."""
    url_prefix = c.Type(str, default="stories")
    """Where story pages go in the site: `<url_prefix>/<story id>/`."""
    related_count = c.Type(int, default=3)
    """How many related stories each story page lists (explicit links always shown)."""
    related_weights = c.Type(dict, default={})
    """Weight per dimension for related stories, e.g. {principle: 3, region: 0.5}; 0 ignores a dimension."""
    branch = c.Optional(c.Type(str))
    """The branch the Tell-a-story page proposes new stories to (default: the one edit_uri names, else main)."""
    audience = c.Choice(AUDIENCES, default="internal")
    """Who the site is for: `internal` shows every story; `public` only public stories whose consent
    approves them, without unapproved quotes and names. The environment variable STORY_AUDIENCE wins."""
    native_watch = c.Type(bool, default=True)
    """`mkdocs serve` watches the stories with the system's file notifications (inotify, FSEvents)
    rather than MkDocs' polling, which at thousands of stories slows every rebuild; false where
    notifications do not reach (some Docker or WSL mounts)."""
