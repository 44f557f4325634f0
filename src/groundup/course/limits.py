"""Resource limits of the checker's child process (DESIGN.md sections 5 and 12).

The time limit is the parent's job (it kills the child's process group); the limits
here are the kernel's, set inside the child before any learner code runs, and the
child's environment (one thread per numerical library).
"""

from __future__ import annotations

import math
import os
import resource

OUTPUT_CAP_BYTES = 256 * 2**20
"""Output and files past this end the process (SIGXFSZ) instead of filling the disk."""


def limit_memory(memory_mb: int) -> None:
    """Caps this process's address space; learner code past it gets a MemoryError.

    Also turns off core dumps (a crash must not leave a file the size of the process)
    and caps the size of any file the process writes at :data:`OUTPUT_CAP_BYTES`.
    """
    limit = memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    resource.setrlimit(resource.RLIMIT_FSIZE, (OUTPUT_CAP_BYTES, OUTPUT_CAP_BYTES))


CPU_MARGIN_S = 5
"""Processor time allowed past the time limit before the kernel ends a child itself."""


def limit_cpu(timeout_s: float) -> None:
    """A backstop for the time limit, should the parent that enforces it be gone.

    The parent kills the child at ``timeout_s`` of wall-clock time; past that much
    processor time and :data:`CPU_MARGIN_S`, the kernel ends it (SIGXCPU, then SIGKILL).
    """
    soft = math.ceil(timeout_s) + CPU_MARGIN_S
    resource.setrlimit(resource.RLIMIT_CPU, (soft, soft + 1))


SINGLE_THREAD = {
    "OMP_NUM_THREADS": "1",
    "OPENBLAS_NUM_THREADS": "1",
    "MKL_NUM_THREADS": "1",
    "NUMEXPR_NUM_THREADS": "1",
    "MPLBACKEND": "Agg",
}
"""One thread per numerical library: a check must not take every core of the machine."""


def child_env() -> dict[str, str]:
    """The environment of a check's child process (or of the warm worker that forks it)."""
    return {**os.environ, **SINGLE_THREAD, "PYTHONDONTWRITEBYTECODE": "1"}
