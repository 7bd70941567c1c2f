"""story_tools: validate, catalog and publish an archive of customer-retention stories.

The core (this facade) imports nothing from MkDocs; the MkDocs plugin lives in
`story_tools.plugin` and the command line in `story_tools.cli`.
"""

from .archive.catalog import Catalog, load_catalog
from .archive.schema import story_schema
from .archive.settings import ArchiveSettings, SettingsError, settings_from_mkdocs_yml
from .archive.validate import parse_story
from .archive.vocabulary import Dimension, Term, Vocabulary, load_vocabulary, parse_vocabulary
from .checks.report import render, summary_line
from .model.findings import Finding, Severity, has_errors, sort_findings
from .model.namekey import name_key
from .model.story import Consent, Story
from .reading.safeyaml import Limits, has_libyaml, parse_yaml
from .reading.source import SourceFile, read_source, split_source

__all__ = [
    "ArchiveSettings",
    "Catalog",
    "Consent",
    "Dimension",
    "Finding",
    "Limits",
    "SettingsError",
    "Severity",
    "SourceFile",
    "Story",
    "Term",
    "Vocabulary",
    "has_errors",
    "has_libyaml",
    "load_catalog",
    "load_vocabulary",
    "name_key",
    "parse_story",
    "parse_vocabulary",
    "parse_yaml",
    "read_source",
    "render",
    "settings_from_mkdocs_yml",
    "sort_findings",
    "split_source",
    "story_schema",
    "summary_line",
]
