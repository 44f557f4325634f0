"""Compiled learner code, kept between checks and checked by the hash of its source.

Python's own ``.pyc`` files are trusted when the source's modification time (in whole
seconds) and size match, so two saves within one second that keep the size (``+`` to
``-``) would run stale code; the checker therefore writes none. Yet compiling the
learner's whole package on every check costs more than the check itself (the engine's
40-odd files: about 0.14 s). So the checker's child loads the learner's modules through
:class:`HashCheckedLoader`: one cache entry per learner file, holding the hash of the
source it was compiled from; an entry whose hash differs from the file's is compiled
again. Every check still imports every learner module afresh; only compiling an
unchanged file is skipped.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.machinery
import importlib.util
import marshal
import os
import sys
from pathlib import Path
from typing import Any

CACHE_FOLDER = Path(".groundup", "bytecode")
"""Where the cache lives, inside the workspace."""

_HASH_BYTES = 32


def source_hash(source: bytes, path: str) -> bytes:
    """A hash of the source, the file it is compiled as, and this Python's bytecode."""
    digest = hashlib.blake2b(digest_size=_HASH_BYTES)
    for part in (importlib.util.MAGIC_NUMBER, path.encode(), b"\0", source):
        digest.update(part)
    return digest.digest()


class HashCheckedLoader(importlib.machinery.SourceFileLoader):
    """Loads a source file, reusing the code compiled from the very same bytes."""

    cache: Path = CACHE_FOLDER

    def _entry(self) -> Path:
        return self.cache / hashlib.blake2b(self.path.encode(), digest_size=16).hexdigest()

    def get_code(self, fullname: str) -> Any:
        source = self.get_data(self.path)
        key = source_hash(source, self.path)
        entry = self._entry()
        with contextlib.suppress(OSError, ValueError, EOFError, TypeError):
            data = entry.read_bytes()
            if data[:_HASH_BYTES] == key:
                return marshal.loads(data[_HASH_BYTES:])
        code = self.source_to_code(source, self.path)
        with contextlib.suppress(OSError):  # no cache is slower, not wrong
            entry.parent.mkdir(parents=True, exist_ok=True)
            partial = entry.with_name(f"{entry.name}.{os.getpid()}")
            partial.write_bytes(key + marshal.dumps(code))
            os.replace(partial, entry)  # whole entries only, even with two checks at once
        return code


def install(workspace: Path) -> None:
    """Modules imported from ``workspace`` load through :class:`HashCheckedLoader`.

    Other paths (the standard library, groundup itself) keep Python's own loaders.
    """
    root = str(workspace.resolve())
    loader = type("WorkspaceLoader", (HashCheckedLoader,), {"cache": Path(root) / CACHE_FOLDER})
    details = (loader, importlib.machinery.SOURCE_SUFFIXES)

    def hook(path: str) -> Any:
        if path != root and not path.startswith(root + os.sep):
            raise ImportError("not in the workspace")
        return importlib.machinery.FileFinder(path, details)

    sys.path_hooks.insert(0, hook)
    for path in [p for p in sys.path_importer_cache if p == root or p.startswith(root + os.sep)]:
        del sys.path_importer_cache[path]
