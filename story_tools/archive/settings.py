"""Where an archive lives: its stories folder and vocabulary file.

The CLI reads these from `mkdocs.yml` without importing MkDocs, so the core
keeps working when MkDocs is gone: only the plugin options are read.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .reserved import DEFAULT_URL_PREFIX, url_prefix_problem

__all__ = [
    "DEFAULT_PRIVACY_FILE", "DEFAULT_STORIES_DIR", "DEFAULT_VOCABULARY", "ArchiveSettings", "SettingsError",
    "read_mkdocs_yml", "settings_from_mkdocs_yml", "story_tools_options",
]

DEFAULT_STORIES_DIR = "stories"
DEFAULT_VOCABULARY = "vocabulary.yml"
DEFAULT_PRIVACY_FILE = "privacy.yml"
PLUGIN_NAME = "story-tools"


class SettingsError(Exception):
    """The archive's configuration cannot be read; the message says why."""


@dataclass(frozen=True)
class ArchiveSettings:
    """Absolute locations of one archive's parts."""

    root: Path
    """The project folder (where mkdocs.yml is); paths in findings are relative to it."""
    stories_dir: Path
    vocabulary_file: Path
    url_prefix: str = DEFAULT_URL_PREFIX
    """Story pages live at <url_prefix>/<id>/ in the site."""
    related_count: int = 3
    related_weights: tuple[tuple[str, float], ...] = ()
    """Per-dimension weights for related stories (the plugin's `related_weights`)."""
    privacy_file: Path | None = None
    """The privacy list (names denied, domains and numbers allowed); None: none."""

    @classmethod
    def at(cls, root: Path, stories_dir: str = DEFAULT_STORIES_DIR,
           vocabulary: str = DEFAULT_VOCABULARY, privacy: str = DEFAULT_PRIVACY_FILE,
           **options: Any) -> ArchiveSettings:
        """Settings for a project folder, with folder and files relative to it.

        Raises SettingsError when one of them is outside the project folder
        (`..`, an absolute path elsewhere, or a link that leads out of it):
        an archive never reads, nor publishes, files from elsewhere; and when
        the `url_prefix` option would put story pages outside their own folder.
        """
        prefix = str(options.get("url_prefix", DEFAULT_URL_PREFIX))
        problem = url_prefix_problem(prefix)
        if problem:
            raise SettingsError(f"the story-tools option url_prefix: {prefix!r}: {problem}")
        root = root.resolve()
        paths = {name: _inside(root, name, value) for name, value in (
            ("stories_dir", stories_dir), ("vocabulary", vocabulary), ("privacy", privacy))}
        return cls(root, paths["stories_dir"], paths["vocabulary"], privacy_file=paths["privacy"], **options)


def _inside(root: Path, option: str, value: str) -> Path:
    """`value` resolved against `root`; a SettingsError when it leads out of `root`."""
    path = (root / value).resolve()
    if path != root and root not in path.parents:
        raise SettingsError(
            f"the story-tools option {option}: {value!r} is outside the project folder {root}; "
            "give a path inside it, relative to mkdocs.yml (no '..', no absolute path elsewhere, no link out)"
        )
    return path


class _TolerantLoader(yaml.SafeLoader):
    """Reads mkdocs.yml, which may hold tags such as !ENV or !!python/name."""


def _ignore_tag(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Any:
    if isinstance(node, yaml.ScalarNode):
        return loader.construct_scalar(node)
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node)
    return loader.construct_mapping(node)  # type: ignore[arg-type]


_TolerantLoader.add_multi_constructor("!", _ignore_tag)
_TolerantLoader.add_multi_constructor("tag:", _ignore_tag)


def read_mkdocs_yml(config_file: Path) -> dict[str, Any]:
    """mkdocs.yml as a mapping (tags such as !ENV read as plain values); SettingsError when unreadable."""
    try:
        with config_file.open(encoding="utf-8-sig") as handle:
            config = yaml.load(handle, Loader=_TolerantLoader)  # noqa: S506 - a SafeLoader subclass
    except OSError as error:
        raise SettingsError(f"cannot read {config_file}: {error.strerror}") from error
    except yaml.YAMLError as error:
        raise SettingsError(f"{config_file} is not valid YAML: {error}") from error
    return config if isinstance(config, dict) else {}


def story_tools_options(config: dict[str, Any], config_file: Path) -> dict[str, Any]:
    """The story-tools plugin's options in a read mkdocs.yml; SettingsError when it is not enabled."""
    plugins = config.get("plugins", [])
    entries = plugins.items() if isinstance(plugins, dict) else (
        next(iter(p.items())) if isinstance(p, dict) and p else (p, {}) for p in plugins
    )
    for name, value in entries:
        if name == PLUGIN_NAME:
            return value if isinstance(value, dict) else {}
    raise SettingsError(f"{config_file} does not enable the '{PLUGIN_NAME}' plugin")


def settings_from_mkdocs_yml(config_file: Path) -> ArchiveSettings:
    """The archive that the story-tools plugin in this mkdocs.yml configures."""
    options = story_tools_options(read_mkdocs_yml(config_file), config_file)
    weights = options.get("related_weights") or {}
    try:
        return ArchiveSettings.at(
            config_file.parent,
            str(options.get("stories_dir", DEFAULT_STORIES_DIR)),
            str(options.get("vocabulary", DEFAULT_VOCABULARY)),
            str(options.get("privacy", DEFAULT_PRIVACY_FILE)),
            url_prefix=str(options.get("url_prefix", DEFAULT_URL_PREFIX)).strip("/"),
            related_count=int(options.get("related_count", 3)),
            related_weights=tuple((str(k), float(v)) for k, v in dict(weights).items()),
        )
    except (TypeError, ValueError) as error:
        raise SettingsError(f"{config_file}: the story-tools options are not valid ({error})") from error
