"""Lessons reach the learner: they open in JupyterLab, read well in any renderer, run on
the learner's own code, and show their math readably in a terminal (issue 9, part 1)."""

from __future__ import annotations

import html
import json
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import ENV, groundup, write_region
from groundup.course.catalog import Catalog
from groundup.course.lessons import SWITCH_CELL, notebook_text
from groundup.course.mathtext import tex_to_text
from groundup.course.workspace import Workspace


def _html(notebook_json: str) -> str:
    import nbformat
    from nbconvert import HTMLExporter

    body, _ = HTMLExporter().from_notebook_node(nbformat.reads(notebook_json, as_version=4))
    return str(body)


@pytest.mark.slow
def test_every_callout_shows_its_title_and_id_in_plain_jupyter_html(catalog: Catalog) -> None:
    # nbconvert renders Markdown as plain JupyterLab does (no MyST): a MyST admonition
    # came out as a grey code block starting `{admonition}`, its id lost in the fence.
    for section in catalog.sections.values():
        page = html.unescape(re.sub(r"<[^>]+>", "", _html(notebook_text(section))))
        assert "{admonition}" not in page, section.id
        for ex in catalog.ordered():
            if ex.section == section.id:
                assert re.search(rf"Exercise {re.escape(ex.id)}: {re.escape(ex.title)}", page), (
                    ex.id
                )


def test_lessons_use_no_syntax_only_one_renderer_understands(catalog: Catalog) -> None:
    for section in catalog.sections.values():
        text = section.lesson_path.read_text(encoding="utf-8")
        fences = set(re.findall(r"(?m)^```\{([\w-]+)\}", text))
        assert fences <= {"code-cell"}, (section.id, fences)  # code cells are jupytext's
        assert not re.search(r"(?m)^:::", text), section.id  # MyST colon fences
        assert not re.search(r"\{(math|eq|ref|doc|numref)\}`", text), section.id  # MyST roles


def test_each_callout_title_is_the_manifest_title(catalog: Catalog) -> None:
    for ex in catalog.ordered():
        text = catalog.sections[ex.section].lesson_path.read_text(encoding="utf-8")
        title = re.escape(re.sub(r"([_*])", r"\\\1", ex.title))  # Markdown-escaped
        assert re.search(rf"(?m)^> \*\*Exercise `{re.escape(ex.id)}`: {title}\*\*$", text), ex.id


def test_show_renders_math_as_unicode_text(ws: Workspace) -> None:
    shown = groundup("show", "linalg.matmul", cwd=ws.root)
    assert shown.returncode == 0, shown.stderr
    assert "Cᵢⱼ = ∑ₚ₌₁ᵏ Aᵢₚ Bₚⱼ" in shown.stdout
    assert "\\sum" not in shown.stdout and "C_{ij}" not in shown.stdout


@pytest.mark.parametrize(
    ("tex", "text"),
    [
        (r"\frac{c_n}{U_{nn}}", "cₙ/Uₙₙ"),
        (r"\bar L", "L̄"),
        (r"\frac{a+b}{c}", "(a+b)/c"),
        (r"x_{t+1} = x_t - \eta \nabla f(x_t)", "xₜ₊₁ = xₜ - η∇f(xₜ)"),
        (r"e^{-x^2/2}", "e^(-x²/2)"),
        (r"\|x\|_p \le 1", "‖x‖ₚ ≤ 1"),
        (r"A^\top A", "Aᵀ A"),
        (r"\begin{bmatrix} 1 & 2 \\ 3 & 4 \end{bmatrix}", "[1 2; 3 4]"),
        (r"\text{fan\_in}", "fan_in"),
    ],
)
def test_tex_becomes_readable_text(tex: str, text: str) -> None:
    assert tex_to_text(tex) == text


def test_unknown_tex_is_left_as_tex_and_marked() -> None:
    from groundup.course.lessons import _to_terminal_markdown

    assert tex_to_text(r"\weird{x}") is None
    assert "`\\weird{x}` (TeX)" in _to_terminal_markdown("Let $\\weird{x}$ be.")
    assert "`x_i`" not in _to_terminal_markdown("Let $x_i$ be.")  # readable ones are text


def test_every_formula_in_the_lessons_renders_as_text(catalog: Catalog) -> None:
    unreadable = []
    for section in catalog.sections.values():
        text = re.sub(r"(?ms)^```.*?^```$", "", section.lesson_path.read_text(encoding="utf-8"))
        for m in re.finditer(r"\$\$(.+?)\$\$|(?<![\\$])\$([^$\n]+?)\$", text, re.S):
            if tex_to_text(m.group(1) or m.group(2)) is None:
                unreadable.append((section.id, m.group(0)[:60]))
    # A new macro: teach it to groundup.course.mathtext (a MacroTextSpec).
    assert not unreadable


def _run_cells(ws: Workspace, *cells: str) -> list[dict[str, object]]:
    """Runs cells in a real kernel from the workspace's lessons/; returns their outputs."""
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in cells])
    NotebookClient(
        nb,
        timeout=120,
        kernel_name="python3",
        allow_errors=True,
        resources={"metadata": {"path": str(ws.root / "lessons")}},
    ).execute()
    return [out for cell in nb.cells for out in cell.outputs]


def _text(outputs: list[dict[str, object]]) -> str:
    return json.dumps(outputs, ensure_ascii=False)


@pytest.mark.slow
def test_one_cell_switches_a_lesson_to_the_learners_code(ws: Workspace, catalog: Catalog) -> None:
    write_region(ws, catalog, "linalg.project", "return 42.0 * v")  # the learner's own (wrong) code
    mine = SWITCH_CELL.replace('SOURCE = "reference"', 'SOURCE = "mine"')
    outputs = _run_cells(
        ws,
        mine,
        "import numpy as np\nfrom groundup.math.vectors import project\n"
        "print(project(np.array([1.0, 0.0]), np.array([1.0, 1.0])))",
        "from groundup.math.matrices import matmul_loops\nmatmul_loops(np.eye(2), np.eye(2))",
    )
    text = _text(outputs)
    assert "runs on your own code" in text
    assert "[42. 42.]" in text  # the plot-drawing code called the learner's project
    assert "needs exercise linalg.matmul-loops" in text
    assert "groundup show linalg.matmul-loops" in text
    assert "Traceback" not in text and "NotImplementedError" not in text


@pytest.mark.slow
def test_the_switch_cell_on_the_reference_changes_nothing(ws: Workspace) -> None:
    outputs = _run_cells(
        ws,
        SWITCH_CELL,
        "import numpy as np\nfrom groundup.math.vectors import project\n"
        "print(project(np.array([1.0, 0.0]), np.array([1.0, 1.0])))",
    )
    assert "[0.5 0.5]" in _text(outputs)


def test_doctor_checks_jupyterlab_and_the_kernel(ws: Workspace) -> None:
    out = groundup("doctor", cwd=ws.root).stdout
    assert re.search(r"✓ lessons: JupyterLab [\d.]+, kernel", out), out


def test_doctor_says_how_to_install_jupyterlab_when_it_is_missing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import importlib.util

    from groundup.course import doctor

    real = importlib.util.find_spec
    monkeypatch.setattr(
        doctor.importlib.util,
        "find_spec",
        lambda name, *a: None if name == "jupyterlab" else real(name, *a),
    )
    finding = next(f for f in doctor.examine() if f.topic == "lessons")
    assert not finding.ok and "jupyterlab missing" in finding.detail and "bin/setup" in finding.fix


def test_lessons_opens_jupyterlab_on_localhost(ws: Workspace) -> None:
    proc = subprocess.Popen(
        [sys.executable, "-m", "groundup", "lessons", "--no-browser"],
        cwd=ws.root,
        env=ENV,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    seen = ""
    try:
        deadline = time.monotonic() + 60
        assert proc.stdout is not None
        while time.monotonic() < deadline and "/lab?token=" not in seen:
            line = proc.stdout.readline()
            if not line:
                break
            seen += line
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    assert re.search(r"http://127\.0\.0\.1:\d+/lab\?token=", seen), seen
    assert (
        f"Serving notebooks from local directory: {ws.root / 'lessons'}" in seen
        or str(ws.root / "lessons") in seen
    )


def test_lessons_outside_a_workspace_says_how_to_make_one(tmp_path: Path) -> None:
    result = groundup("lessons", "--no-browser", cwd=tmp_path)
    assert result.returncode == 2 and "Traceback" not in result.stderr + result.stdout
    assert "groundup init" in result.stdout + result.stderr


def test_lessons_promise_only_parts_that_exist_or_say_coming(catalog: Catalog) -> None:
    coming = {p.title.split(":")[0] for p in catalog.parts if p.status == "coming"}
    announced = {p.title.split(":")[0] for p in catalog.parts}
    for section in catalog.sections.values():
        text = " ".join(section.lesson_path.read_text(encoding="utf-8").split())
        for sentence in re.split(r"(?<=[.;])\s", text):
            for part in re.findall(r"Parts? (\d+)", sentence):
                assert f"Part {part}" in announced, (section.id, sentence)
                if f"Part {part}" in coming:
                    assert "coming" in sentence, (section.id, sentence)
