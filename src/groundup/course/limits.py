"""Resource limits of the checker's child process (DESIGN.md sections 5 and 12).

The time limit is the parent's job (it kills the child's process group); the limits
here are the kernel's, set inside the child before any learner code runs.
"""

from __future__ import annotations

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
