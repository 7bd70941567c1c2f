"""The MkDocs plugin: glue between MkDocs 1.6 events and the story core.

Everything MkDocs-specific lives here and in the templates; the core never
imports MkDocs. Per-build state is reset in `on_config`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from markupsafe import escape
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils.templates import TemplateContext

from .catalog import Catalog, load_catalog
from .findings import Finding, Severity, has_errors, sort_findings
from .outside import looks_like_story, outside_finding
from .report import summary_line
from .settings import DEFAULT_STORIES_DIR, DEFAULT_VOCABULARY, ArchiveSettings
from .source import DisplayPath
from .story import Story
from .vocabulary import Dimension, Term, Vocabulary

__all__ = ["StoryToolsConfig", "StoryToolsPlugin"]

log = get_plugin_logger("story_tools")

TEMPLATES = Path(__file__).parent / "templates"
ASSETS = Path(__file__).parent / "assets"
CSS_URI = "assets/story-tools/story-tools.css"


class StoryToolsConfig(base.Config):
    """Options of the `story-tools` plugin in mkdocs.yml."""

    enabled = c.Type(bool, default=True)
    """Turn the plugin off (for example in a quick draft build)."""
    stories_dir = c.Type(str, default=DEFAULT_STORIES_DIR)
    """The folder of story files, relative to mkdocs.yml."""
    vocabulary = c.Type(str, default=DEFAULT_VOCABULARY)
    """The vocabulary file, relative to mkdocs.yml."""
    url_prefix = c.Type(str, default="stories")
    """Where story pages go in the site: `<url_prefix>/<story id>/`."""


class StoryToolsPlugin(BasePlugin[StoryToolsConfig]):
    """Validates the story archive and publishes every story as a page."""

    def __init__(self) -> None:
        self.settings: ArchiveSettings | None = None
        self.catalog: Catalog | None = None
        self.pages: dict[str, Story] = {}
        self.urls: dict[str, str] = {}

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        if not self.config.enabled:
            return None
        self.catalog, self.pages, self.urls = None, {}, {}
        root = Path(config.config_file_path or "mkdocs.yml").resolve().parent
        self.settings = ArchiveSettings.at(root, self.config.stories_dir, self.config.vocabulary)
        # Package templates are a fallback: the theme and overrides/ come first.
        config.theme.dirs.append(str(TEMPLATES))
        if CSS_URI not in config.extra_css:
            config.extra_css.append(CSS_URI)
        return config

    # Late, so that files added or removed by other plugins are seen, and so the
    # whole catalog is known before any page is read or rendered.
    @event_priority(-50)
    def on_files(self, files: Files, config: MkDocsConfig) -> Files | None:
        if not self.config.enabled or self.settings is None:
            return None
        catalog = load_catalog(self.settings)
        findings = list(catalog.findings)
        findings += self._stories_in_docs(files, catalog, config)
        prefix = self.config.url_prefix.strip("/")
        generated = {f"{prefix}/{story.id}.md": story for story in catalog.stories}
        generated_index = f"{prefix}/index.md"
        for uri in (*generated, generated_index):
            existing = files.get_file_from_path(uri)
            if existing is not None:
                findings.append(Finding(
                    f"{Path(config.docs_dir).name}/{uri}", 0, 0, "page-collision", Severity.ERROR,
                    f"This page has the same address as a generated story page ({uri}).",
                    "Rename or move the page; story pages are made from the stories folder.",
                ))
        self._report(sort_findings(findings), catalog.files_read)
        self.catalog = catalog
        for uri, story in generated.items():
            file = File.generated(config, uri, content="\n" + story.body, inclusion=InclusionLevel.NOT_IN_NAV)
            files.append(file)
            self.pages[uri] = story
            self.urls[story.id] = file.url
        files.append(File.generated(
            config, generated_index, content="---\ntitle: All stories\ntemplate: story-index.html\n---\n"
        ))
        files.append(File.generated(config, CSS_URI, content=(ASSETS / "story-tools.css").read_bytes()))
        return files

    def _stories_in_docs(self, files: Files, catalog: Catalog, config: MkDocsConfig) -> list[Finding]:
        findings = []
        docs = Path(config.docs_dir)
        display = DisplayPath(self.settings.root if self.settings else docs)
        for file in files.documentation_pages():
            if file.generated_by is None and looks_like_story(file.content_bytes, catalog.vocabulary):
                findings.append(outside_finding(display(Path(file.abs_src_path or docs / file.src_path)),
                                                self.config.stories_dir))
        return findings

    def _report(self, findings: list[Finding], files_read: int) -> None:
        for finding in findings:
            if finding.severity is Severity.ERROR:
                log.error(finding.format())
            else:
                log.warning(finding.format())
        if has_errors(findings):
            raise PluginError(f"The site was not built: {summary_line(findings, files_read)} "
                              "Fix the stories above (or run 'story-tools check') and build again.")
        log.info(summary_line(findings, files_read))

    def on_page_markdown(self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        story = self.pages.get(page.file.src_uri) if self.config.enabled else None
        if story is not None:
            # Escaped once here: the theme prints page titles without escaping.
            page.meta["title"] = escape(story.title)
            page.meta["description"] = escape(story.summary)
            page.meta["template"] = "story.html"
        return markdown

    def on_page_context(
        self, context: TemplateContext, /, *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext | None:
        if not self.config.enabled or self.catalog is None:
            return None
        vocabulary = self.catalog.vocabulary
        story = self.pages.get(page.file.src_uri)
        if story is not None:
            context["story"] = story  # type: ignore[typeddict-unknown-key]
            context["story_terms"] = _terms(story, vocabulary)  # type: ignore[typeddict-unknown-key]
        elif page.meta.get("template") == "story-index.html":
            stories = sorted(self.catalog.stories, key=lambda s: (s.date, s.id), reverse=True)
            context["story_index"] = [  # type: ignore[typeddict-unknown-key]
                (story, self.urls[story.id], _terms(story, vocabulary)) for story in stories
            ]
        return context

    def on_serve(self, server: LiveReloadServer, /, *, config: MkDocsConfig, builder: Any) -> LiveReloadServer | None:
        if self.config.enabled and self.settings is not None:
            server.watch(str(self.settings.stories_dir))
            server.watch(str(self.settings.vocabulary_file))
        return server


def _terms(story: Story, vocabulary: Vocabulary) -> list[tuple[Dimension, list[Term]]]:
    """Each dimension the story uses, with its terms, in vocabulary order."""
    pairs = []
    for dimension in vocabulary.dimensions:
        slugs = story.terms_of(dimension.name)
        if slugs:
            pairs.append((dimension, [dimension.term(slug) for slug in slugs]))
    return pairs
