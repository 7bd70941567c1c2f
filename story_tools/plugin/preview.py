"""The writer's preview: `mkdocs serve` re-renders only the pages a change touches.

MkDocs rebuilds the whole site on every save (its `--dirty` mode cannot tell
which pages list a story, and its warning stops a strict build). The plugin
knows each archive page's inputs, so between two rebuilds of one `mkdocs serve`
it keeps the pages whose inputs are the same as in the last good build:

* `set_aside` (on_pre_build) moves the last build's files into a hidden folder of
  site_dir, which MkDocs' cleaning leaves alone, and `restore` (on_files) moves
  them back: two renames per top-level entry instead of deleting and writing
  every page again;
* `keep` compares each archive page's key (its source, what its template is
  given, the stories it links to) with the last good build's, and marks the
  pages that did not change as excluded, so MkDocs neither converts nor renders
  them; a page's key includes the "world": mkdocs.yml, the vocabulary, the
  site's own pages and templates, the date and the audience, so a change there
  renders every page again;
* files the last build wrote and this one does not (a removed story) are deleted;
* a failed build puts the last good files back, and forgets the pages it had
  started to render.

Pages in the nav, hand-written pages and every other file are made as usual.
`mkdocs build` (and `mkdocs serve --clean`) never get here: every page, every time.
"""

from __future__ import annotations

import gc
import logging
import re
import shutil
import threading
from collections.abc import Hashable, Mapping
from pathlib import Path
from typing import Any

import jinja2
import jinja2.bccache
from mkdocs.structure.files import File, Files, InclusionLevel

from ..archive.storycache import StoryCache
from ..derived.searchfiles import SearchFiles

__all__ = ["Preview"]

COLLECT_AFTER = 1.5
"""Seconds after a rebuild when the garbage of the builds so far is collected."""
_MOST_UNCOLLECTED = 5
ASIDE = ".story-tools-preview"
"""The hidden folder of site_dir that holds the last build's files during a rebuild."""

_EXCLUDED_LINK = re.compile(r"contains a link to '(?P<target>[^']+)' which is excluded from the built site")


class _QuietKeptLinks(logging.Filter):
    """Drops MkDocs' note that a page links to one of the kept pages: they are in the site."""

    def __init__(self) -> None:
        super().__init__()
        self.kept: set[str] = set()

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno > logging.INFO or not self.kept:
            return True
        found = _EXCLUDED_LINK.search(record.getMessage())
        return not (found and found["target"] in self.kept)


class _Templates(jinja2.BytecodeCache):
    """Compiled templates, kept between rebuilds (MkDocs makes a new Jinja environment for
    each); Jinja compiles a template again when its source changed."""

    def __init__(self) -> None:
        self._compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        found = self._compiled.get(bucket.key)
        if found is not None:
            bucket.bytecode_from_string(found)
            if bucket.code is None:  # another source: compiled again, then dumped
                del self._compiled[bucket.key]

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._compiled[bucket.key] = bucket.bytecode_to_string()


class Preview:
    """What one `mkdocs serve` keeps between rebuilds (see the module docstring)."""

    def __init__(self) -> None:
        self.stories = StoryCache()
        """Each story file's findings and Story, while the file is unchanged."""
        self.cards: dict[str, dict[Hashable, str]] = {}
        """Rendered cards by macro and story, while the world is unchanged."""
        self.memo: dict[str, tuple[Hashable, Any]] = {}
        """Results of whole-archive computations (related stories, ...) by their inputs."""
        self.search = SearchFiles()
        """The last build's search index, to update (derived/searchfiles.py)."""
        self.docs: dict[Hashable, Any] = {}
        """The last build's story documents of the search index, by their inputs."""
        self.generated: dict[str, File] = {}
        """The archive's files of the last build, by src_uri (plugin/sitepages.py uses them again)."""
        self.bodies: dict[str, str] = {}
        """Story id -> the searchable text of its rendered body, in the last good build."""
        self.templates = _Templates()
        """For the Jinja environment of each build (on_env)."""
        self.page_templates = _Templates()
        """For the Jinja environment of the generator's pages (site/render.py)."""
        self._world: Hashable = None
        self._keys: dict[str, Hashable] = {}
        """src_uri -> key of each archive page of the last good build."""
        self._outputs: set[str] = set()
        """Every file (relative to site_dir) the last good build made."""
        self._new_keys: dict[str, Hashable] = {}
        self._contents: dict[str, bytes] = {}
        """src_uri -> content of each generated static file of the last good build."""
        self._new_contents: dict[str, bytes] = {}
        self._rendering: set[str] = set()
        self._collect: threading.Timer | None = None
        self._uncollected = 0
        """Rebuilds since the last collection."""
        self._quiet = _QuietKeptLinks()
        logging.getLogger("mkdocs.structure.pages").addFilter(self._quiet)

    def close(self) -> None:
        logging.getLogger("mkdocs.structure.pages").removeFilter(self._quiet)
        if self._collect is not None:
            self._collect.cancel()
        gc.enable()

    # -- Python's garbage collector -------------------------------------------------------
    # What a serve keeps (stories, keys, cards, the search index's postings) is a few hundred
    # thousand objects; each automatic full collection walks them all (half a second at
    # 10,000 stories), several times a rebuild. Once a rebuild can keep pages, automatic
    # collection stays off (also while MkDocs reads mkdocs.yml before the next rebuild), and
    # the garbage (a rebuild leaves little) is collected COLLECT_AFTER seconds after each
    # rebuild, while the writer reads; before the next one when saves came too fast for that.
    # A rebuild that renders every page (the world changed) runs with it on.

    def building(self) -> None:
        """A rebuild starts (on_pre_build)."""
        if self._collect is not None:
            self._collect.cancel()
            self._collect = None
        if self._keys:
            if self._uncollected >= _MOST_UNCOLLECTED:
                gc.collect()
                self._uncollected = 0
            gc.disable()

    def built(self) -> None:
        """A rebuild ended, well or not (on_post_build, on_build_error)."""
        if not gc.isenabled() and self._collect is None:
            self._uncollected += 1
            self._collect = threading.Timer(COLLECT_AFTER, self._collect_garbage)
            self._collect.daemon = True
            self._collect.start()

    def _collect_garbage(self) -> None:
        gc.collect()
        self._uncollected = 0

    def remember(self, name: str, inputs: Hashable, compute: Any) -> Any:
        """`compute()`, or its result of an earlier build with equal `inputs`."""
        found = self.memo.get(name)
        if found is not None and found[0] == inputs:
            return found[1]
        result = compute()
        self.memo[name] = (inputs, result)
        return result

    # -- site_dir ---------------------------------------------------------------------------

    def set_aside(self, site_dir: str) -> None:
        """Move the last good build's files out of MkDocs' way (call from on_pre_build)."""
        self._rendering = set()  # known once `keep` has run
        site, aside = Path(site_dir), Path(site_dir, ASIDE)
        if not self._keys or aside.exists() or not site.is_dir():
            return  # nothing to keep, or the last build failed before restoring: those files stay
        aside.mkdir()
        for entry in site.iterdir():
            if not entry.name.startswith("."):
                entry.rename(aside / entry.name)

    def restore(self, site_dir: str) -> None:
        """Put the set-aside files back (MkDocs has cleaned site_dir by now)."""
        aside = Path(site_dir, ASIDE)
        if not aside.is_dir():
            return
        for entry in aside.iterdir():
            target = Path(site_dir, entry.name)
            if target.is_dir() and not target.is_symlink():
                shutil.rmtree(target)
            elif target.is_symlink() or target.exists():
                target.unlink()
            entry.rename(target)
        aside.rmdir()

    # -- which pages to render --------------------------------------------------------------

    def keep(self, files: Files, pages: Mapping[File, Hashable], world: Hashable, nav: set[str]) -> list[File]:
        """Mark as excluded the archive pages whose key is the last good build's (their
        files are in site_dir already) and return them. `pages`: every archive page and
        its key. Call from on_files, after `restore`."""
        if world != self._world:
            gc.enable()  # every page is rendered: the garbage of ten thousand pages is collected as it comes
            self._keys.clear()
            for cards in self.cards.values():  # emptied, not dropped: this build's renderer holds them
                cards.clear()
            self.docs.clear()
            self._world = world
        kept = []
        for file, key in pages.items():
            if (file.inclusion == InclusionLevel.NOT_IN_NAV and file.src_uri not in nav
                    and file.dest_uri in self._outputs and self._keys.get(file.src_uri, _MISSING) == key):
                file.inclusion = InclusionLevel.EXCLUDED
                kept.append(file)
        self._new_keys = {file.src_uri: key for file, key in pages.items()}
        self._keep_static(files, kept)
        self._rendering = set(self._new_keys) - {file.src_uri for file in kept}
        self._quiet.kept = {file.src_uri for file in kept}
        return kept

    def _keep_static(self, files: Files, kept: list[File]) -> None:
        """Leave the copies of unchanged static files as they are: those of the theme and
        the site (newer than their source, as in MkDocs' dirty mode), and the data files
        the archive makes (the same content as the last good build's)."""
        contents = {}
        for file in files:
            if file.is_documentation_page() or not file.inclusion.is_included():
                continue
            if file.generated_by is not None:
                content = contents[file.src_uri] = file.content_bytes
                same = self._contents.get(file.src_uri, _MISSING) == content
            else:
                same = bool(file.abs_src_path) and not file.is_modified()
            if same and file.dest_uri in self._outputs:
                file.inclusion = InclusionLevel.EXCLUDED
                kept.append(file)
        self._new_contents = contents

    def remove_stale(self, site_dir: str, outputs: set[str]) -> None:
        """Delete the files the last good build made and this one does not (`outputs`:
        every file of this build, relative to site_dir)."""
        for stale in sorted(self._outputs - outputs, reverse=True):
            path = Path(site_dir, stale)
            if path.is_file() or path.is_symlink():
                path.unlink()
                folder = path.parent
                while folder != Path(site_dir) and folder.is_dir() and not any(folder.iterdir()):
                    folder.rmdir()
                    folder = folder.parent

    # -- after the build --------------------------------------------------------------------

    def succeeded(self, outputs: set[str], bodies: Mapping[str, str]) -> None:
        """Remember this build (on_post_build). MkDocs may still abort a strict build
        after this: `failed` then forgets the pages this build rendered."""
        self._keys, self._contents = self._new_keys, self._new_contents
        self._outputs = outputs
        self.bodies = dict(bodies)

    def failed(self, site_dir: str) -> None:
        """After a failed build: the last good files back in place, and no trust in
        the pages this build rendered (some may be written, some not)."""
        self.restore(site_dir)
        for uri in self._rendering:
            self._keys.pop(uri, None)
        self._contents = {}  # which were written is not known
        self._rendering = set()
        self._quiet.kept = set()


_MISSING = object()

