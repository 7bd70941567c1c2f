"""How `mkdocs serve` notices a saved story: the system's file notifications, not polling.

MkDocs watches with watchdog's PollingObserver: every half second it lists and
stats every file it watches. With 10,000 story files that is a sizeable share
of a core, taken from the rebuild it is waiting for (Python runs one thread at
a time), and a save is noticed a quarter of a second late on average. The
stories folder is watched through the server's own `watch()` (so a change
triggers MkDocs' own rebuild), but scheduled on watchdog's native observer
(inotify on Linux, FSEvents on macOS, ReadDirectoryChangesW on Windows).
Where those do not reach (some Docker or WSL mounts), the plugin option
`native_watch: false` keeps MkDocs' polling.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from mkdocs.plugins import get_plugin_logger
from watchdog.events import (
    FileClosedEvent,
    FileCreatedEvent,
    FileDeletedEvent,
    FileModifiedEvent,
    FileMovedEvent,
    FileSystemEvent,
    FileSystemEventHandler,
)
from watchdog.observers import Observer
from watchdog.observers.api import BaseObserver, ObservedWatch

if TYPE_CHECKING:
    from mkdocs.livereload import LiveReloadServer

__all__ = ["watch_folder"]

log = get_plugin_logger("story_tools")


CHANGES: list[type[FileSystemEvent]] = [
    FileCreatedEvent, FileModifiedEvent, FileMovedEvent, FileDeletedEvent, FileClosedEvent,
]
"""What a save is. Not FileOpenedEvent or FileClosedNoWriteEvent: the rebuild reads the saved
story, and MkDocs rebuilds on any event, so reading would start the next rebuild."""


class _ChangeObserver(Observer):  # type: ignore[misc,valid-type] # Observer is the platform's class
    """The platform's native observer, reporting changes only."""

    def schedule(self, event_handler: FileSystemEventHandler, path: str | Path, *, recursive: bool = False,
                 event_filter: list[type[FileSystemEvent]] | None = None, follow_symlink: bool = False,
                 ) -> ObservedWatch:
        watch: ObservedWatch = super().schedule(event_handler, path, recursive=recursive,
                                                event_filter=event_filter or CHANGES, follow_symlink=follow_symlink)
        return watch


def watch_folder(server: LiveReloadServer, folder: Path, *, native: bool) -> BaseObserver | None:
    """Have `server` rebuild when a file below `folder` changes. Returns the native
    observer to stop at shutdown, or None when MkDocs' own polling watches it."""
    if not native or not hasattr(server, "observer"):  # another engine's server: its own watching
        server.watch(str(folder))
        return None
    observer = _ChangeObserver()
    polling = server.observer
    server.observer = observer
    try:
        server.watch(str(folder))
    except OSError as error:  # for example the limit of inotify watches
        log.info(f"Watching {folder} by polling: the system's file notifications are not available ({error}).")
        server.observer = polling
        server.unwatch(str(folder))
        server.watch(str(folder))
        return None
    finally:
        server.observer = polling
    observer.daemon = True
    observer.start()
    return observer
