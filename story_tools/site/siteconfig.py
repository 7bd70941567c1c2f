"""The site-wide settings the generator needs, read from mkdocs.yml without MkDocs.

Zensical reads the same mkdocs.yml, so `story-tools generate` takes what the
archive's pages say about the site (its name and address, where new stories
go, who it is for) from the file both engines build from.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..archive.settings import SettingsError, read_mkdocs_yml, story_tools_options

__all__ = ["SiteConfig", "site_config"]


@dataclass(frozen=True)
class SiteConfig:
    """What mkdocs.yml says about the site as a whole (not about the archive's files)."""

    docs_dir: Path
    site_name: str
    site_url: str | None = None
    repo_url: str | None = None
    edit_uri: str | None = None
    branch: str | None = None
    """The story-tools option `branch`: where the Tell-a-story page proposes new stories."""
    audience: str = "internal"


def site_config(config_file: Path) -> SiteConfig:
    """The site settings of this mkdocs.yml; SettingsError when docs_dir leads out of the project."""
    config: dict[str, Any] = read_mkdocs_yml(config_file)
    options = story_tools_options(config, config_file)
    root = config_file.resolve().parent
    docs_dir = (root / str(config.get("docs_dir") or "docs")).resolve()
    if root not in docs_dir.parents:
        raise SettingsError(f"{config_file}: docs_dir must be a folder inside the project, not {docs_dir}")

    def text(value: Any) -> str | None:
        return str(value) if value not in (None, "") else None

    return SiteConfig(
        docs_dir=docs_dir,
        site_name=str(config.get("site_name") or ""),
        site_url=text(config.get("site_url")),
        repo_url=text(config.get("repo_url")),
        edit_uri=text(config.get("edit_uri")),
        branch=text(options.get("branch")),
        audience=str(options.get("audience") or "internal"),
    )
