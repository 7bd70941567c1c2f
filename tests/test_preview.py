"""The writer's preview: `mkdocs serve` re-renders only what a save touches, and the
site it serves is, after every change, the site a clean build makes.

The in-process tests drive MkDocs exactly as `mkdocs serve` does (one plugin
instance started with on_startup("serve"), one site folder, `build(config,
serve_url=...)` per save) and compare the folder, file by file and byte for
byte, with a clean `mkdocs build` of the same sources. The last test runs the
real `mkdocs serve` command and waits for a saved title on the served page.
"""

from __future__ import annotations

import logging
import os
import queue
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import REPO, copy_archive
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort

from story_tools.site.cards import CARD_FIELDS

GENERATED_STORIES = 30
URL = "http://127.0.0.1:8000/"
PREVIEW = re.compile(r"Preview: (\d+) of (\d+) archive pages to render")
SITEMAPS = ("sitemap.xml", "sitemap.xml.gz")
"""Not compared: they list only the pages the preview rendered (README says so)."""
sys.path.insert(0, str(REPO / "bench"))


def _files(site: Path) -> dict[str, bytes]:
    return {path.relative_to(site).as_posix(): path.read_bytes() for path in sorted(site.rglob("*"))
            if path.is_file() and path.name not in SITEMAPS}


class Serve:
    """MkDocs' serve loop without the HTTP server: one plugin instance, one site folder."""

    def __init__(self, root: Path, site: Path, caplog: pytest.LogCaptureFixture) -> None:
        self.root, self.site, self.caplog = root, site, caplog
        self.config().plugins.on_startup(command="serve", dirty=False)

    def config(self, site: Path | None = None):
        config = load_config(str(self.root / "mkdocs.yml"), site_dir=str(site or self.site))
        config.site_url = URL  # as `mkdocs serve` sets it
        return config

    def rebuild(self) -> tuple[bool, int, int]:
        """One save's rebuild: ok, and how many archive pages it rendered of how many."""
        self.caplog.clear()
        with self.caplog.at_level(logging.INFO):
            try:
                build(self.config(), serve_url=URL)
                ok = True
            except Abort:
                ok = False
        found = PREVIEW.findall(self.caplog.text)
        rendered, total = map(int, found[-1]) if found else (-1, -1)
        return ok, rendered, total

    def clean_build(self, where: Path) -> dict[str, bytes]:
        """What `mkdocs build` makes of the same sources, with the serve's site_url. MkDocs
        keeps one plugin instance per process: its preview is put aside meanwhile, as
        if the build ran in a process of its own."""
        shutil.rmtree(where, ignore_errors=True)
        config = self.config(where)
        plugin = config.plugins["story-tools"]
        preview, plugin.preview = plugin.preview, None
        try:
            build(config)
        finally:
            plugin.preview = preview
        return _files(where)

    def stop(self) -> None:
        self.config().plugins.on_shutdown()


@pytest.fixture
def served(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> Iterator[Serve]:
    from check_bench import generate

    root = tmp_path / "archive"
    root.mkdir()
    generate(root, GENERATED_STORIES)  # stories/ and the repository's vocabulary
    copy_archive(root)
    serve = Serve(root, tmp_path / "served", caplog)
    try:
        yield serve
    finally:
        serve.stop()


def _same_as_clean_build(serve: Serve) -> None:
    served, clean = _files(serve.site), serve.clean_build(serve.root.parent / "clean")
    assert sorted(served) == sorted(clean), (set(served) ^ set(clean))
    different = [name for name in clean if served[name] != clean[name]]
    assert not different, f"the preview serves other files than a clean build: {different[:10]}"


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} is not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


STORY = "the-welcome-letter.md"


def test_a_saved_story_renders_only_the_pages_it_is_on(served: Serve) -> None:
    ok, rendered, total = served.rebuild()
    assert ok and rendered == total > 100, "the first build renders every page"
    story = served.root / "stories" / STORY
    _edit(story, "## What we did", "A sentence the writer just added.\n\n## What we did")
    ok, rendered, total = served.rebuild()
    # The story, the pages that list it (its terms, related stories, the brief, the list
    # pages) and the pages in the nav: a few dozen of the whole archive's pages.
    assert ok and rendered < 40 < total, (rendered, total)
    assert "A sentence the writer just added." in (served.site / "stories/the-welcome-letter/index.html").read_text()
    _same_as_clean_build(served)
    ok, rendered, _ = served.rebuild()  # nothing saved: only the nav pages (Browse, dimensions, ...)
    assert ok and rendered <= 8, rendered
    _same_as_clean_build(served)


@pytest.mark.parametrize("change", ["title", "terms", "date", "new story", "removed story", "renamed story",
                                    "vocabulary label", "home page"])
def test_after_every_kind_of_change_the_preview_is_the_clean_build(served: Serve, change: str) -> None:
    assert served.rebuild()[0]
    stories = served.root / "stories"
    story = stories / STORY
    if change == "title":
        _edit(story, 'title: "The welcome letter', 'title: "The hand-written welcome letter')
    elif change == "terms":
        _edit(story, "outcome: [retained, fewer-contacts]", "outcome: [renewed]")
    elif change == "date":
        _edit(story, "date: 2022-09-05", "date: 2025-01-31")
    elif change == "new story":
        text = story.read_text(encoding="utf-8").replace("related: [the-whole-clinic-for-one-patient]\n", "")
        (stories / "a-second-letter.md").write_text(text.replace('title: "The', 'title: "Another'), encoding="utf-8")
    elif change == "removed story":
        (stories / "two-renewals-two-ways.md").unlink()
    elif change == "renamed story":
        (stories / "two-renewals-two-ways.md").rename(stories / "two-renewals.md")
    elif change == "vocabulary label":
        _edit(served.root / "vocabulary.yml", "label: Support call", "label: Support phone call")
    elif change == "home page":
        home = served.root / "docs" / "index.md"
        home.write_text(home.read_text(encoding="utf-8") + "\nOne more line on the home page.\n", encoding="utf-8")
    ok, _, _ = served.rebuild()
    assert ok, served.caplog.text[-3000:]
    _same_as_clean_build(served)


def test_a_broken_save_keeps_the_last_good_preview(served: Serve) -> None:
    assert served.rebuild()[0]
    good = _files(served.site)
    story = served.root / "stories" / STORY
    text = story.read_text(encoding="utf-8")
    story.write_text(text.replace("outcome: [retained, fewer-contacts]", "outcome: [retained, fewer-contacts"),
                     encoding="utf-8")
    ok, _, _ = served.rebuild()
    assert not ok, "a story that does not parse stops the build"
    assert _files(served.site) == good, "while the story is broken, the last good preview stays up"
    story.write_text(text.replace("## What we did", "Fixed.\n\n## What we did"), encoding="utf-8")
    ok, rendered, total = served.rebuild()
    assert ok and rendered < total
    _same_as_clean_build(served)


def test_a_warning_in_a_strict_build_renders_the_page_again_next_time(served: Serve) -> None:
    """A strict build aborts after writing its pages: the pages it rendered are not trusted."""
    assert served.rebuild()[0]
    story = served.root / "stories" / STORY
    text = story.read_text(encoding="utf-8")
    story.write_text(text + "\nSee [the guide](../docs/nowhere.md#x).\n", encoding="utf-8")
    served.rebuild()
    story.write_text(text, encoding="utf-8")
    assert served.rebuild()[0]
    _same_as_clean_build(served)


def test_a_card_shows_only_the_fields_its_key_holds() -> None:
    """Term pages are rendered again only when a card on them changes (pagekeys.py):
    a card showing another field of the story would go stale in the preview."""
    template = (REPO / "story_tools/site/templates/story-card.html").read_text(encoding="utf-8")
    shown = set(re.findall(r"\bstory\.(\w+)", template))
    assert shown and shown <= set(CARD_FIELDS), shown - set(CARD_FIELDS)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read().decode("utf-8")


def test_mkdocs_serve_shows_a_saved_story_without_rendering_the_archive(tmp_path: Path) -> None:
    root = copy_archive(tmp_path / "archive")
    port = _free_port()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"], cwd=root,
                              env=env, stderr=subprocess.PIPE, text=True)
    lines: queue.Queue[str] = queue.Queue()
    seen: list[str] = []
    threading.Thread(target=lambda: [lines.put(line) for line in server.stderr], daemon=True).start()

    def wait_for(pattern: str, timeout: float = 120) -> re.Match[str]:
        deadline = time.monotonic() + timeout
        while (left := deadline - time.monotonic()) > 0:
            try:
                line = lines.get(timeout=left)
            except queue.Empty:
                break
            seen.append(line)
            if found := re.search(pattern, line):
                return found
        pytest.fail(f"mkdocs serve never logged {pattern!r}:\n{''.join(seen)[-4000:]}")

    try:
        wait_for(r"Serving on")
        page = f"http://127.0.0.1:{port}/stories/the-welcome-letter/"
        assert "The welcome letter that answered the first worry" in _get(page)
        _edit(root / "stories" / STORY, 'title: "The welcome letter', 'title: "The hand-written welcome letter')
        found = wait_for(r"Preview: (\d+) of (\d+) archive pages to render")
        assert int(found[1]) < int(found[2]) / 2, found[0]
        wait_for(r"Reloading browsers")
        assert "The hand-written welcome letter that answered the first worry" in _get(page)
        assert "The hand-written welcome letter" in _get(f"http://127.0.0.1:{port}/outcome/retained/")
        # Reading the saved story is not a save: no second rebuild follows (it would serve
        # a half-built site to the next save's reload).
        with pytest.raises(pytest.fail.Exception):
            wait_for(r"Detected file changes", timeout=3)
    finally:
        server.send_signal(signal.SIGINT)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        server.stderr.close()
