import json

from groundup.course.catalog import Catalog
from groundup.course.lessons import lesson_markdown, lesson_part_for, notebook_text


def test_every_exercise_is_presented_in_its_lesson(catalog: Catalog) -> None:
    for ex in catalog.ordered():
        section = catalog.sections[ex.section]
        part = lesson_part_for(section, ex.id)
        assert f"Exercise `{ex.id}`" in part, ex.id
        assert part != lesson_markdown(section), f"{ex.id} is not inside a ## part of the lesson"


def test_terminal_markdown_has_no_myst_fences(catalog: Catalog) -> None:
    for section in catalog.sections.values():
        text = lesson_markdown(section)
        assert "{code-cell}" not in text and "{admonition}" not in text
        assert "```python" in text


def test_the_notebook_has_code_and_markdown_cells(catalog: Catalog) -> None:
    for section in catalog.sections.values():
        nb = json.loads(notebook_text(section))
        kinds = {c["cell_type"] for c in nb["cells"]}
        assert kinds == {"code", "markdown"}


def test_terminal_markdown_renders_math_and_leaves_code_alone() -> None:
    from groundup.course.lessons import _to_terminal_markdown

    text = _to_terminal_markdown(
        "Let $x_i$ be.\n\n$$\\underbrace{a_b}_{E_k}$$\n\n```{code-cell} ipython3\ns = '$a$'\n```\n"
    )
    assert "Let xᵢ be." in text
    assert "```text\na_b_(Eₖ)\n```" in text  # display math: a block of text, not TeX
    assert "s = '$a$'" in text  # code cells are not touched
