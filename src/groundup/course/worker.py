"""A warm worker for watch mode: checks start in a forked child of a process that has
already imported NumPy and the checker's code.

:class:`WarmWorker` owns one :mod:`groundup.course.forkserver` process. Each check is
still a fresh child with its time and memory limits; only the start-up is saved. The
time limit is enforced here: past it, the child's process group is killed. If the
worker is gone or stops answering, :meth:`WarmWorker.run` returns None and the checker
runs the check the plain way (a new ``python -m groundup.course.sandbox``).
"""

from __future__ import annotations

import contextlib
import json
import os
import select
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from typing import IO, Any

START_TIMEOUT_S = 20.0
"""How long the worker may take to import NumPy and the checker's code."""

ANSWER_TIMEOUT_S = 5.0
"""How long the worker may take to fork a child, or to reap one that was killed."""


@dataclass(frozen=True)
class ChildExit:
    """How a check's child process ended.

    Attributes:
        returncode: as :attr:`subprocess.Popen.returncode` (negative: killed by a signal).
        timed_out: whether the time limit killed it.
    """

    returncode: int
    timed_out: bool


class WorkerGone(Exception):
    """The worker died or stopped answering."""


class WarmWorker:
    """One warm worker process, started on first use.

    Args:
        env: the environment of the worker (and so of every child it forks).
    """

    def __init__(self, env: dict[str, str]) -> None:
        self._env = env
        self._proc: subprocess.Popen[bytes] | None = None
        self._buffer = b""
        self._ready = False
        self._child: int | None = None  # the pid of the check in flight
        self.dead = False

    # -- talking to the process ---------------------------------------------------------

    def _pipes(self) -> tuple[IO[bytes], IO[bytes]]:
        assert self._proc is not None and self._proc.stdin and self._proc.stdout
        return self._proc.stdin, self._proc.stdout

    def _read_line(self, timeout_s: float) -> str | None:
        """The worker's next line, or None when ``timeout_s`` passes first.

        Raises:
            WorkerGone: when the worker closed its end.
        """
        deadline = time.monotonic() + timeout_s
        fd = self._pipes()[1].fileno()
        while b"\n" not in self._buffer:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([fd], [], [], left)[0]:
                return None
            chunk = os.read(fd, 4096)
            if not chunk:
                raise WorkerGone("the worker closed its output")
            self._buffer += chunk
        line, self._buffer = self._buffer.split(b"\n", 1)
        return line.decode()

    def _expect(self, word: str, timeout_s: float) -> int | None:
        """The number after ``word`` on the worker's next line (None: no line in time)."""
        line = self._read_line(timeout_s)
        if line is None:
            return None
        head, _, value = line.partition(" ")
        if head != word:
            raise WorkerGone(f"the worker said {line!r}, expected {word!r}")
        return int(value or 0)

    def start(self) -> None:
        """Starts the worker process (it imports in the background while you work)."""
        if self._proc is not None or self.dead:
            return
        self._proc = subprocess.Popen(
            [sys.executable, "-I", "-m", "groundup.course.forkserver"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            env=self._env,
            start_new_session=True,
        )

    def _ensure_ready(self) -> None:
        self.start()
        if not self._ready:
            if self._expect("ready", START_TIMEOUT_S) is None:
                raise WorkerGone("the worker did not start in time")
            self._ready = True

    # -- running a check ----------------------------------------------------------------

    def _kill_child(self) -> None:
        """Kills the process group of the check in flight, if any."""
        pid, self._child = self._child, None
        if pid is not None:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(pid, signal.SIGKILL)

    def _await_child(self, timeout_s: float) -> ChildExit:
        status = self._expect("exit", timeout_s)
        timed_out = status is None
        if status is None:
            self._kill_child()
            status = self._expect("exit", ANSWER_TIMEOUT_S)
            if status is None:
                raise WorkerGone("the worker did not reap a killed child")
        self._child = None
        return ChildExit(os.waitstatus_to_exitcode(status), timed_out)

    def run(self, request: dict[str, Any], timeout_s: float) -> ChildExit | None:
        """Runs one check request in a fresh child under ``timeout_s``.

        The request must name an ``output_path`` for what the child prints.

        Returns:
            How the child ended, or None when the worker is gone (the caller then runs
            the check another way; this worker is not used again).
        """
        if self.dead:
            return None
        try:
            self._ensure_ready()
            stdin = self._pipes()[0]
            stdin.write(json.dumps(request).encode() + b"\n")
            stdin.flush()
            self._child = self._expect("pid", ANSWER_TIMEOUT_S)
            if self._child is None:
                raise WorkerGone("the worker did not fork in time")
            return self._await_child(timeout_s)
        except (WorkerGone, OSError, ValueError):
            self.close()
            return None

    def close(self) -> None:
        """Stops the worker and any check in flight; later :meth:`run` calls return None."""
        self.dead = True
        self._kill_child()  # e.g. Ctrl-C during a check: no orphan keeps running
        proc, self._proc = self._proc, None
        if proc is None:
            return
        with contextlib.suppress(OSError):
            if proc.stdin:
                proc.stdin.close()
        try:
            proc.wait(timeout=1)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        if proc.stdout:
            proc.stdout.close()
