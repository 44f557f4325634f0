"""Learner code compiled once per version of its source, never stale."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from groundup.course.bytecode import CACHE_FOLDER

IMPORT = """
import sys
from pathlib import Path
from groundup.course import bytecode
root = Path(sys.argv[1])
bytecode.install(root)
sys.path.insert(0, str(root))
import pkg.mod
print(pkg.mod.VALUE, type(pkg.mod.__loader__).__name__)
"""


def fresh_import(root: Path) -> str:
    """Imports ``pkg.mod`` from ``root`` in a new interpreter, as a check's child would."""
    out = subprocess.run(
        [sys.executable, "-I", "-B", "-c", IMPORT, str(root)],
        capture_output=True,
        text=True,
        check=True,
    )
    return out.stdout.strip()


def test_a_same_second_same_size_save_is_seen(tmp_path: Path) -> None:
    package = tmp_path / "pkg"
    package.mkdir()
    (package / "__init__.py").write_text("")
    module = package / "mod.py"
    module.write_text("VALUE = 1\n")
    stamp = module.stat()
    assert fresh_import(tmp_path) == "1 WorkspaceLoader"
    assert len(list((tmp_path / CACHE_FOLDER).iterdir())) == 2  # one entry per file
    module.write_text("VALUE = 2\n")  # same size, and the same modification time:
    os.utime(module, ns=(stamp.st_atime_ns, stamp.st_mtime_ns))  # a .pyc would be stale
    assert fresh_import(tmp_path) == "2 WorkspaceLoader"
    assert fresh_import(tmp_path) == "2 WorkspaceLoader"  # from the cache, still right
    assert not list(package.rglob("__pycache__"))


def test_a_damaged_cache_entry_is_compiled_again(tmp_path: Path) -> None:
    package = tmp_path / "pkg"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "mod.py").write_text("VALUE = 3\n")
    assert fresh_import(tmp_path) == "3 WorkspaceLoader"
    for entry in (tmp_path / CACHE_FOLDER).iterdir():
        entry.write_bytes(entry.read_bytes()[:40])  # the right hash, truncated code
    assert fresh_import(tmp_path) == "3 WorkspaceLoader"
