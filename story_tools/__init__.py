"""story_tools: validate, catalog and publish an archive of customer-retention stories.

The core (this facade) imports nothing from MkDocs; the MkDocs plugin lives in
`story_tools.plugin` and the command line in `story_tools.cli`.
"""

from .catalog import Catalog, id_key, load_catalog
from .findings import Finding, Severity, has_errors, sort_findings
from .report import render, summary_line
from .safeyaml import Limits, has_libyaml, parse_yaml
from .schema import story_schema
from .settings import ArchiveSettings, SettingsError, settings_from_mkdocs_yml
from .source import SourceFile, read_source, split_source
from .story import Consent, Story
from .validate import parse_story
from .vocabulary import Dimension, Term, Vocabulary, load_vocabulary, parse_vocabulary

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
    "id_key",
    "load_catalog",
    "load_vocabulary",
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
