import pytest

from groundup.course.regions import (
    RegionError,
    find_regions,
    indent_body,
    is_stub,
    replace_bodies,
    stub_source,
)

SOURCE = '''\
def f(x):
    """Doc."""
    check(x)
    # exercise: demo.f
    return x + 1
    # end exercise


class K:
    def g(self):
        # exercise: demo.g
        y = 2
        return y
        # end exercise
'''


def test_finds_regions_with_indent_and_body() -> None:
    regions = find_regions(SOURCE)
    assert set(regions) == {"demo.f", "demo.g"}
    assert regions["demo.f"].body == "    return x + 1\n"
    assert regions["demo.g"].indent == " " * 8


def test_stub_keeps_markers_and_code_outside_regions() -> None:
    stubbed = stub_source(SOURCE)
    assert "check(x)" in stubbed and '"""Doc."""' in stubbed
    assert "return x + 1" not in stubbed and "y = 2" not in stubbed
    regions = find_regions(stubbed)
    assert all(is_stub(r) for r in regions.values())
    assert 'NotImplementedError("demo.g' in stubbed
    compile(stubbed, "stub", "exec")


def test_replace_bodies_round_trips() -> None:
    body = find_regions(SOURCE)["demo.f"].body
    assert replace_bodies(stub_source(SOURCE), {"demo.f": body}).count("return x + 1") == 1


def test_indent_body_reindents_dedented_code() -> None:
    assert indent_body("a = 1\nif a:\n    b = 2\n", "        ") == (
        "        a = 1\n        if a:\n            b = 2\n"
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("# exercise: a.b\nx = 1\n", "no '# end exercise'"),
        ("# end exercise\n", "without a start marker"),
        ("# exercise: a.b\n# exercise: a.c\n# end exercise\n", "starts inside"),
        ("# exercise: a.b\n# end exercise\n# exercise: a.b\n# end exercise\n", "appears twice"),
    ],
)
def test_broken_markers_are_named(text: str, message: str) -> None:
    with pytest.raises(RegionError, match=message):
        find_regions(text, "mine/x.py")
