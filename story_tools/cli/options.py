"""What every `story-tools` command shares: the -f option and finding the archive."""

from __future__ import annotations

import datetime
from pathlib import Path

import click

from ..archive.settings import ArchiveSettings, SettingsError, settings_from_mkdocs_yml
from ..reading import clock

__all__ = ["CONFIG_OPTION", "settings_for", "today"]

CONFIG_OPTION = click.option(
    "-f", "--config-file", type=click.Path(dir_okay=False, path_type=Path), default=None,
    help="The mkdocs.yml that configures the archive (default: ./mkdocs.yml).",
)


def settings_for(config_file: Path | None) -> ArchiveSettings:
    """The archive that mkdocs.yml (or the file named with -f) configures; a usage error otherwise."""
    path = config_file or Path("mkdocs.yml")
    if not path.is_file():
        raise click.UsageError(
            f"No {path} here. Run story-tools in the archive's folder, or name the file with -f."
        )
    try:
        return settings_from_mkdocs_yml(path)
    except SettingsError as error:
        raise click.UsageError(str(error)) from error


def today() -> datetime.date:
    """Today for a command (clock.today); a usage error when SOURCE_DATE_EPOCH is not a date."""
    try:
        return clock.today()
    except clock.ClockError as error:
        raise click.UsageError(str(error)) from error
