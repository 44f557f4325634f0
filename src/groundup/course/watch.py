"""File watching for watch mode: native events where they work, polling where they don't.

A save must reach a verdict within a quarter second (DESIGN.md section 11), so nothing
here polls on a timer when native events work: each event wakes the watch loop through a
pipe (:meth:`Watcher.fileno`, for ``select``), and a save counts once the files have
been quiet for a few hundredths of a second (editors save in several steps).
"""

from __future__ import annotations

import contextlib
import os
import select
import time
from pathlib import Path
from typing import Any

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer
from watchdog.observers.polling import PollingObserver

SETTLE_S = 0.03
"""A save is over when no other event came for this long."""

MAX_SETTLE_S = 0.5
"""Files that never stop changing still get checked after this long."""


class _Handler(FileSystemEventHandler):
    def __init__(self, wake_fd: int) -> None:
        self.wake_fd = wake_fd

    def on_any_event(self, event: FileSystemEvent) -> None:
        path = (
            str(event.dest_path or event.src_path)
            if hasattr(event, "dest_path")
            else str(event.src_path)
        )
        if event.event_type in ("modified", "created", "moved") and path.endswith(".py"):
            with contextlib.suppress(BlockingIOError):  # full: a wake-up is pending anyway
                os.write(self.wake_fd, b".")


class Watcher:
    """Collects saves of ``.py`` files under a folder.

    Uses the operating system's file events; falls back to polling when they cannot be
    started (no inotify, too many watches, network file systems) or when
    ``GROUNDUP_POLL=1`` asks for it.
    """

    def __init__(self, folder: Path, poll_interval_s: float = 0.5) -> None:
        self._wake_r, self._wake_w = os.pipe()
        os.set_blocking(self._wake_r, False)
        os.set_blocking(self._wake_w, False)
        self.mode = "native"
        self._observer: Any = None
        handler = _Handler(self._wake_w)
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

    def fileno(self) -> int:
        """Readable when a file may have been saved (for ``select``)."""
        return self._wake_r

    def _drain(self) -> bool:
        """Empties the wake-up pipe; True if there was anything in it."""
        woken = False
        with contextlib.suppress(BlockingIOError):
            while os.read(self._wake_r, 4096):
                woken = True
        return woken

    def changed(self, settle_s: float = SETTLE_S) -> bool:
        """True if a file was saved since the last call; waits for the save to settle."""
        if not self._drain():
            return False
        deadline = time.monotonic() + MAX_SETTLE_S
        while time.monotonic() < deadline and select.select([self._wake_r], [], [], settle_s)[0]:
            self._drain()
        return True

    def stop(self) -> None:
        self._observer.stop()
        self._observer.join(timeout=2)
        if not self._observer.is_alive():  # else its handler may still write to the pipe
            os.close(self._wake_r)
            os.close(self._wake_w)
