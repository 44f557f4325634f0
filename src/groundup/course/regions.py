"""Exercise regions: the marked parts of the reference code that learners write.

An exercise is a region inside a function or method body of the library::

    def matmul_loops(A, B):
        # exercise: linalg.matmul-loops
        ...the reference body...
        # end exercise

The workspace generator swaps each region's body for a stub, and an upgrade carries a
learner's region bodies over into the new version of a file. Nothing else in a library
file knows it holds an exercise.
"""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass

from groundup.testing.failure import STUB_SUFFIX

START = re.compile(r"^(?P<indent>[ \t]*)# exercise: (?P<id>[a-z0-9][a-z0-9.\-]*)[ \t]*$")
END = re.compile(r"^[ \t]*# end exercise[ \t]*$")


class RegionError(ValueError):
    """A file's exercise markers are broken (unclosed, nested or duplicated)."""


@dataclass(frozen=True)
class Region:
    """One exercise region: the marker lines and the body between them.

    Attributes:
        exercise_id: the id named by the start marker.
        indent: the start marker's indentation, which the body shares.
        start: index of the start marker line (0-based).
        end: index of the end marker line (0-based).
        body: the lines strictly between the markers, newlines included.
    """

    exercise_id: str
    indent: str
    start: int
    end: int
    body: str


def find_regions(source: str, filename: str = "<source>") -> dict[str, Region]:
    """Finds every exercise region in ``source``.

    Raises:
        RegionError: a marker is unclosed, nested, or an id appears twice.
    """
    lines = source.splitlines(keepends=True)
    regions: dict[str, Region] = {}
    open_at: tuple[int, re.Match[str]] | None = None
    for i, line in enumerate(lines):
        start = START.match(line.rstrip("\r\n"))
        if start:
            if open_at is not None:
                raise RegionError(
                    f"{filename}:{i + 1}: exercise {start['id']!r} starts inside exercise "
                    f"{open_at[1]['id']!r}; add '# end exercise' before it"
                )
            open_at = (i, start)
        elif END.match(line.rstrip("\r\n")):
            if open_at is None:
                raise RegionError(f"{filename}:{i + 1}: '# end exercise' without a start marker")
            j, match = open_at
            if match["id"] in regions:
                raise RegionError(f"{filename}:{j + 1}: exercise {match['id']!r} appears twice")
            regions[match["id"]] = Region(
                match["id"], match["indent"], j, i, "".join(lines[j + 1 : i])
            )
            open_at = None
    if open_at is not None:
        raise RegionError(
            f"{filename}:{open_at[0] + 1}: exercise {open_at[1]['id']!r} has no "
            "'# end exercise' marker"
        )
    return regions


def stub_body(exercise_id: str, indent: str) -> str:
    """The body a learner starts from: it raises, naming the exercise and how to see it."""
    return (
        f"{indent}# Your code here. `groundup show {exercise_id}` shows the lesson.\n"
        f'{indent}raise NotImplementedError("{exercise_id}{STUB_SUFFIX}")\n'
    )


def indent_body(body: str, indent: str) -> str:
    """Re-indents a dedented body to sit inside a region at ``indent``."""
    text = textwrap.dedent(body).strip("\n")
    return textwrap.indent(text, indent, lambda line: bool(line.strip())) + "\n"


def replace_bodies(source: str, bodies: dict[str, str], filename: str = "<source>") -> str:
    """Returns ``source`` with the named regions' bodies replaced (markers kept).

    Args:
        source: a file's text.
        bodies: exercise id -> the new body, already indented.
        filename: used in error messages.
    """
    regions = find_regions(source, filename)
    missing = set(bodies) - set(regions)
    if missing:
        raise RegionError(f"{filename}: no region for {sorted(missing)}")
    lines = source.splitlines(keepends=True)
    # Replace from the bottom up so earlier line numbers stay valid.
    for region in sorted(regions.values(), key=lambda r: r.start, reverse=True):
        if region.exercise_id in bodies:
            lines[region.start + 1 : region.end] = [bodies[region.exercise_id]]
    return "".join(lines)


def stub_source(source: str, filename: str = "<source>") -> str:
    """Returns ``source`` with every region stubbed: what a new workspace file holds."""
    regions = find_regions(source, filename)
    return replace_bodies(
        source,
        {r.exercise_id: stub_body(r.exercise_id, r.indent) for r in regions.values()},
        filename,
    )


def is_stub(region: Region) -> bool:
    """True while the learner has not changed a region from the generated stub."""
    return region.body.strip() == stub_body(region.exercise_id, region.indent).strip()
