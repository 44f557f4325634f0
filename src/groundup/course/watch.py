"""File watching for watch mode: native events where they work, polling where they don't."""

from __future__ import annotations

import os
import queue
import threading
from pathlib import Path
from typing import Any

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer
from watchdog.observers.polling import PollingObserver


class _Handler(FileSystemEventHandler):
    def __init__(self, changes: queue.Queue[str]) -> None:
        self.changes = changes

    def on_any_event(self, event: FileSystemEvent) -> None:
        path = (
            str(event.dest_path or event.src_path)
            if hasattr(event, "dest_path")
            else str(event.src_path)
        )
        if event.event_type in ("modified", "created", "moved") and path.endswith(".py"):
            self.changes.put(path)


class Watcher:
    """Collects saves of ``.py`` files under a folder.

    Uses the operating system's file events; falls back to polling when they cannot be
    started (no inotify, too many watches, network file systems) or when
    ``GROUNDUP_POLL=1`` asks for it.
    """

    def __init__(self, folder: Path, poll_interval_s: float = 0.5) -> None:
        self.changes: queue.Queue[str] = queue.Queue()
        self.mode = "native"
        self._observer: Any = None
        handler = _Handler(self.changes)
        if os.environ.get("GROUNDUP_POLL") != "1":
            try:
                observer = Observer()
                observer.schedule(handler, str(folder), recursive=True)
                observer.start()
                self._observer = observer
            except OSError:
                self._observer = None
        if self._observer is None:
            self.mode = "polling"
            observer = PollingObserver(timeout=poll_interval_s)
            observer.schedule(handler, str(folder), recursive=True)
            observer.start()
            self._observer = observer

    def changed(self, settle_s: float = 0.15) -> bool:
        """True if a file was saved since the last call (events within ``settle_s`` merge)."""
        try:
            self.changes.get_nowait()
        except queue.Empty:
            return False
        done = threading.Event()
        done.wait(settle_s)  # editors save in several steps; let them finish
        while not self.changes.empty():
            self.changes.get_nowait()
        return True

    def stop(self) -> None:
        self._observer.stop()
        self._observer.join(timeout=2)
