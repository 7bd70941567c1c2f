"""The MkDocs plugin: glue between MkDocs 1.6 events and the story core.

Everything MkDocs-specific lives here, in sitepages.py and in the templates;
the core never imports MkDocs. Per-build state is reset in `on_config`.
"""

from __future__ import annotations

import datetime
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jinja2
from markupsafe import Markup
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.utils import get_theme_dir

from ..archive.audience import AUDIENCES, Audience, for_audience
from ..archive.catalog import Catalog, load_catalog
from ..archive.published import published_catalog
from ..archive.reserved import ASSETS_DIR
from ..archive.settings import ArchiveSettings, SettingsError
from ..checks.report import summary_line
from ..derived.relate import Relation, related_stories
from ..derived.tellpage import TellSite, github_new_file
from ..reading import clock
from ..reading.source import DisplayPath
from ..site.generate import ASSET_FILES, ASSETS
from ..site.htmlblocks import NAME as HTML_BLOCKS
from ..site.htmlblocks import split_blocks
from ..site.sanitize import clean_story_html
from .config import StoryToolsConfig
from .escaping import escape_meta
from .gate import (
    collisions,
    drop_generated_copies,
    report_audience,
    report_path,
    stop_on_errors,
    stories_in_docs,
    write_report,
)
from .materialsearch import ASIDE_PRIORITY, ContentAside, only_material_between
from .pagekeys import page_keys, world_key
from .preview import Preview
from .renderonce import RenderOnce, header_cacheable
from .sitepages import SitePages, nav_sources
from .sitesearch import SiteSearch

if TYPE_CHECKING:  # only `serve` needs these: a build does not import them
    from mkdocs.livereload import LiveReloadServer
    from watchdog.observers.api import BaseObserver

__all__ = ["StoryToolsPlugin"]

log = get_plugin_logger("story_tools")

SITE = Path(__file__).parent.parent / "site"
TEMPLATES = SITE / "templates"
THEME = Path(__file__).parent / "theme"
"""Templates that replace Material's own (for example to escape what it prints raw).
They come after the site's custom_dir, so overrides/ still wins over them."""
CSS_URI = f"{ASSETS_DIR}/story-tools.css"
MKDOCS_GITHUB_EDIT_URI = "edit/master/docs/"
"""What MkDocs sets edit_uri to for any GitHub repo_url: a guess, not the archive's branch."""


class StoryToolsPlugin(BasePlugin[StoryToolsConfig]):
    """Validates the story archive and publishes every story as a page."""

    def __init__(self) -> None:
        self.settings: ArchiveSettings | None = None
        self.pages: SitePages | None = None
        self.withheld: dict[str, str] = {}
        """Ids of the stories this build leaves out (links to them keep only their text)."""
        self.search: SiteSearch | None = None
        self.today = datetime.date.min
        """The build's date (clock.today), read once per build in on_config."""
        self.preview: Preview | None = None
        """Under `mkdocs serve`: what rebuilds keep, so that a save re-renders only what it touches."""
        self.files: Files | None = None
        self.blocks: dict[str, tuple[str, str]] = {}
        """The HTML blocks before and after the Markdown of each archive page (a story's header and
        related list), kept from on_page_markdown to on_page_content."""
        self.aside = ContentAside(enabled=False)
        """Spares Material's search plugin reading the pages it does not index (materialsearch.py)."""
        self.report_file: Path | None = None
        """Where the build report goes (on_config checks it is outside site_dir); None: no report."""
        self.site_dir: str | None = None
        self.observer: BaseObserver | None = None
        """Watches the stories under `mkdocs serve` (plugin/watch.py)."""

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # `mkdocs serve --clean` starts as "build": every page, every time.
        if self.preview is not None:
            self.preview.close()
        self.preview = Preview() if command == "serve" else None

    def on_shutdown(self) -> None:
        if self.observer is not None:
            self.observer.stop()
            self.observer = None
        if self.preview is not None:
            self.preview.close()
            self.preview = None

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        # Reset first: with on_startup, MkDocs keeps one instance for every build of the process.
        self.pages, self.withheld, self.search, self.files, self.blocks = None, {}, None, None, {}
        if not self.config.enabled:
            return None
        try:
            self.today = clock.today()
        except clock.ClockError as error:
            raise PluginError(f"story-tools: {error}") from error
        root = Path(config.config_file_path or "mkdocs.yml").resolve().parent
        try:
            self.settings = ArchiveSettings.at(root, self.config.stories_dir, self.config.vocabulary,
                                               self.config.privacy, url_prefix=self.config.url_prefix.strip("/"))
        except SettingsError as error:
            raise PluginError(f"story-tools: {error}.") from error
        # Refused before anything is built when it would be published with the site.
        self.report_file = report_path(self.settings.root, self.config.report, config.site_dir)
        # Package templates are a fallback: the theme and overrides/ come first.
        # The replacements of Material's own templates go right after overrides/.
        dirs = config.theme.dirs
        if str(THEME) not in dirs:
            dirs.insert(1 if config.theme.custom_dir else 0, str(THEME))
        if str(TEMPLATES) not in dirs:
            dirs.append(str(TEMPLATES))
        if CSS_URI not in config.extra_css:
            config.extra_css.append(CSS_URI)
        if HTML_BLOCKS not in config.markdown_extensions:
            config.markdown_extensions.append(HTML_BLOCKS)
        self.aside = ContentAside(only_material_between(
            config.plugins.events["page_context"], self._set_content_aside, self._put_content_back))
        return config

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        if self.config.enabled and self.preview is not None:
            self.site_dir = config.site_dir
            self.preview.building()
            self.preview.set_aside(config.site_dir)  # before MkDocs cleans site_dir

    # Late, so that files added or removed by other plugins are seen, and so the
    # whole catalog, its relations and backlinks are known before any page renders.
    @event_priority(-50)
    def on_files(self, files: Files, config: MkDocsConfig) -> Files | None:
        if not self.config.enabled or self.settings is None:
            return None
        drop_generated_copies(files, config)
        preview = self.preview
        catalog = load_catalog(self.settings, today=self.today, cache=preview.stories if preview else None)
        display = DisplayPath(self.settings.root)
        findings = list(catalog.findings) + stories_in_docs(files, catalog.vocabulary, display, self.config.stories_dir)
        stop_on_errors(findings, catalog.files_read)
        audience = for_audience(catalog.stories, self._audience(), self.today)
        findings += report_audience(audience, catalog.files_read)
        catalog = self._published(catalog, audience)
        try:
            weights = {str(k): float(v) for k, v in self.config.related_weights.items()}

            def relate() -> dict[str, tuple[Relation, ...]]:
                return related_stories(catalog.stories, catalog.vocabulary, count=self.config.related_count,
                                       weights=weights)

            if preview is None:
                related = relate()
            else:  # what relate.py reads: while it is the same, so are the relations (a saved body)
                read = tuple((s.id, s.terms, s.date, s.related) for s in catalog.stories)
                inputs = (read, catalog.vocabulary, self.config.related_count, tuple(weights.items()))
                related = preview.remember("related", inputs, relate)
        except (TypeError, ValueError) as error:
            raise PluginError(f"story-tools: related_count and related_weights in mkdocs.yml: {error}") from error
        pages = SitePages(config, catalog, related, self.settings.url_prefix, self.today,
                          self._tell_site(config), self.withheld, preview.cards if preview else None,
                          preview.page_templates if preview else None)
        if preview is not None:
            pages.remember, pages.earlier = preview.remember, preview.generated
        generated = pages.build() + [
            File.generated(config, f"{ASSETS_DIR}/{asset}", content=(ASSETS / asset).read_bytes())
            for asset in ASSET_FILES
        ]
        stop_on_errors(collisions(files, generated, config), catalog.files_read)
        log.info(summary_line(findings, catalog.files_read))
        log.info(audience.summary(catalog.files_read))
        write_report(self.report_file, audience, catalog.files_read)
        for file in generated:
            files.append(file)  # replaces nothing: _stop_on_collisions made sure
        self.pages, self.files = pages, files
        self.search = SiteSearch(pages)
        if preview is not None:
            self._keep_unchanged(preview, files, config, pages)
        return files

    def _keep_unchanged(self, preview: Preview, files: Files, config: MkDocsConfig, pages: SitePages) -> None:
        """Under `mkdocs serve`: leave the archive pages whose inputs did not change as they are."""
        preview.generated = {file.src_uri: file for file in pages.files}
        preview.restore(config.site_dir)
        keys = page_keys(pages, self.withheld)
        options = tuple((name, repr(value)) for name, value in self.config.items())
        world = world_key(config, files, (config.site_dir, self.today, self._audience(), options,
                                          pages.catalog.vocabulary, pages.catalog.privacy, self.settings))
        kept = preview.keep(files, keys, world, nav_sources(config.nav))
        for file in kept:
            story = pages.stories.get(file.src_uri)
            if story is not None and story.id in preview.bodies and self.search is not None:
                self.search.bodies[story.id] = preview.bodies[story.id]  # as the last build indexed it
        rendered = len(keys) - len(set(keys) & set(kept))
        log.info(f"Preview: {rendered:,} of {len(keys):,} archive pages to render (the others did not change).")

    def _tell_site(self, config: MkDocsConfig) -> TellSite:
        """Where the Tell-a-story page proposes stories: GitHub's new-file page of repo_url's branch."""
        edit_uri = config.edit_uri if config.edit_uri != MKDOCS_GITHUB_EDIT_URI else None
        stories = Path(self.config.stories_dir).as_posix().strip("/")
        # Denied names must never be published: only an internal site checks them as the reader types.
        return TellSite(github_new_file(config.repo_url, self.config.branch, edit_uri), stories,
                        deny=self._audience() == "internal")

    def _published(self, catalog: Catalog, audience: Audience) -> Catalog:
        """The catalog as this audience sees it; remembers the left-out ids for links."""
        catalog, self.withheld = published_catalog(catalog, audience)
        return catalog

    def _audience(self) -> str:
        chosen = os.environ.get("STORY_AUDIENCE", "").strip() or self.config.audience
        if chosen not in AUDIENCES:
            raise PluginError(f"STORY_AUDIENCE must be one of {', '.join(AUDIENCES)}, not {chosen!r}.")
        return chosen

    # Early: front matter is escaped before other plugins (tags at -50) or any template read it.
    @event_priority(50)
    def on_page_markdown(self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        if not self.config.enabled:
            return None
        ours = self.pages is not None and page.file.src_uri in self.pages.archive_pages
        if ours:  # the generator's front matter is escaped already (Zensical prints it as it is)
            page.meta = {key: Markup(value) if isinstance(value, str) else value  # noqa: S704 - escaped
                         for key, value in page.meta.items()}
        # Every page's front matter is text, and Material prints it unescaped: escaped once, here.
        escape_meta(page.meta)
        if not ours or self.pages is None:
            return markdown
        if page.file.src_uri in self.pages.stories:
            # Story pages are never in the navigation: their sidebar is rendered once (story.html).
            page.meta["template"] = "story.html"
        elif page.file.src_uri in self.pages.outside_nav:
            page.meta["template"] = "archive-page.html"  # the same sidebar, rendered once
        # Markdown renders only the Markdown of the generator's page (a story's own text; nothing on
        # the other pages); its HTML blocks (a story's header and related list, a term's stories)
        # are put back around it as they are in on_page_content.
        head, body, tail = split_blocks(markdown)
        self.blocks[page.file.src_uri] = (head, tail)
        return body

    def on_page_content(self, html: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        # A title MkDocs took from the first heading is HTML already: marked as such, so
        # Material's `|e` (footer links, aria-labels) does not show its entities as &amp;lt;.
        if self.config.enabled and "title" not in page.meta and isinstance(page.title, str):
            page.title = Markup(page.title)  # noqa: S704 - MkDocs made it from the rendered heading
        blocks = self.blocks.pop(page.file.src_uri, None)
        body = html
        if blocks is not None:
            if self.pages is not None and page.file.src_uri in self.pages.stories:
                # Defence in depth: check already refused scripts and javascript: links in story bodies.
                body = clean_story_html(html)
            html = page.content = "\n".join(part for part in (blocks[0], body, blocks[1]) if part)
        if self.search is not None:
            # Before Material's search plugin reads the page (on_page_context): ours answers instead.
            self.search.keep_out_of_material_index(page)
            self.search.add_page(page, body)
        return html

    @event_priority(ASIDE_PRIORITY)
    def _set_content_aside(self, context: dict[str, Any], /, *, page: Page, **_: Any) -> None:
        self.aside.before(page)

    @event_priority(-ASIDE_PRIORITY)
    def _put_content_back(self, context: dict[str, Any], /, *, page: Page, **_: Any) -> None:
        self.aside.after(page)

    on_page_context = CombinedEvent(_set_content_aside, _put_content_back)

    # Last: the page is written right after; MkDocs reads its content no more.
    @event_priority(-100)
    def on_post_page(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str | None:
        if self.pages is not None and page.file.src_uri in self.pages.archive_pages:
            page.content = None  # not kept to the end of the build (a fifth of its memory at 10,000 stories)
        return None

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if self.search is None:
            return
        kept = (self.preview.search, self.preview.docs) if self.preview else ()
        written = self.search.write(config.site_dir, *kept)
        if self.preview is not None and self.files is not None:
            outputs = {file.dest_uri for file in self.files} | set(written)
            self.preview.remove_stale(config.site_dir, outputs)
            self.preview.succeeded(outputs, self.search.bodies)
            self.preview.built()

    def on_build_error(self, *, error: Exception) -> None:
        if self.preview is not None and self.site_dir is not None:
            self.preview.failed(self.site_dir)
            self.preview.built()

    def on_env(self, env: jinja2.Environment, /, *, config: MkDocsConfig, files: Files) -> jinja2.Environment | None:
        if self.pages is None:
            return env
        if self.preview is not None:
            env.bytecode_cache = self.preview.templates
        theme = config.theme
        header = theme.name == "material" and header_cacheable(env, theme["features"] or [], get_theme_dir("material"))
        env.globals["story_cached"] = RenderOnce(header=header)
        return env

    def on_serve(self, server: LiveReloadServer, /, *, config: MkDocsConfig, builder: Any) -> LiveReloadServer | None:
        if self.config.enabled and self.settings is not None:
            from .watch import watch_folder  # watchdog: only `serve` needs it

            self.observer = watch_folder(server, self.settings.stories_dir, native=self.config.native_watch)
            server.watch(str(self.settings.vocabulary_file))
        return server
