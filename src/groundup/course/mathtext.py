"""Lesson math as Unicode text, for ``groundup show`` in a terminal.

``\\frac{c_n}{U_{nn}}`` reads as ``cₙ/Uₙₙ`` and ``\\bar L`` as ``L̄``: pylatexenc turns
macros into symbols, and this module adds what a terminal reader needs on top:
sub- and superscripts as Unicode where every character has one (``x_i`` is ``xᵢ``,
otherwise ``x_(i+1)``), fractions that keep their grouping (``(a+b)/c``), operator names
and relations with spaces around them. A formula that uses a macro nobody taught this
module is not guessed at: :func:`tex_to_text` returns ``None`` and the caller shows the
TeX itself, marked as TeX.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from typing import Any

SUBSCRIPTS = dict(
    zip(
        "0123456789+-=()aehijklmnoprstuvxβγρφχ",
        "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎ₐₑₕᵢⱼₖₗₘₙₒₚᵣₛₜᵤᵥₓᵦᵧᵨᵩᵪ",
        strict=True,
    )
)
SUPERSCRIPTS = dict(
    zip(
        "0123456789+-=()abcdefghijklmnoprstuvwxyzABDEGHIJKLMNOPRTUVWβγδθιφχ",
        "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ᵃᵇᶜᵈᵉᶠᵍʰⁱʲᵏˡᵐⁿᵒᵖʳˢᵗᵘᵛʷˣʸᶻᴬᴮᴰᴱᴳᴴᴵᴶᴷᴸᴹᴺᴼᴾᴿᵀᵁⱽᵂᵝᵞᵟᶿᶥᵠᵡ",
        strict=True,
    )
)
"""Characters with a Unicode sub- or superscript form (``T``: ``Aᵀ`` for ``A^\\top``)."""

SIZING = re.compile(
    r"\\(?:[bB]ig{1,2}[lrm]?|left|right|displaystyle|textstyle|,|;|!|:)(?![a-zA-Z])"
)
"""Spacing and delimiter-size macros: they change how TeX typesets, not what it says."""

SCRIPT = re.compile(
    r"(?<!\\)(?P<op>[_^])(?:\{(?P<group>[^{}]*)\}|(?P<macro>\\[a-zA-Z]+)|(?P<char>[^\s{}\\]))"
)
"""A sub- or superscript whose content holds no braces (innermost first)."""

OPERATORS = ["log", "ln", "exp", "max", "min", "sin", "cos", "tan", "tanh", "det", "arg", "lim"]
OPERATORS += ["sup", "inf", "argmax", "argmin", "Pr", "dim", "rank", "tr"]
RELATIONS = "=≤≥≈≠∈∉→←↦⇒⟹⇔≡∝∼≪≫⊂⊆∧∨"
BINARY = "·×⊙∘±⊛"
# NOTE: \x00 and \x01 mark a grouping bracket pair while scripts are rewritten; they never
# reach the output.
OPEN, CLOSE = "\x00", "\x01"


def _one_letter(text: str) -> bool:
    """Whether ``text`` is one character, with any accents on it (``ĝ``)."""
    return len([ch for ch in text if not unicodedata.combining(ch)]) == 1


def _script(text: str, table: dict[str, str], op: str) -> str:
    """``text`` as Unicode sub/superscript characters, or ``_(text)`` / ``^(text)``."""
    if text and all(ch in table for ch in text):
        return "".join(table[ch] for ch in text)
    return f"{op}{text}" if len(text) == 1 else f"{op}({text})"


@cache
def _contexts() -> tuple[Any, Any]:
    """pylatexenc's databases for parsing and for text, with groundup's macros added."""
    from pylatexenc.latex2text import (
        EnvironmentTextSpec,
        MacroTextSpec,
        get_default_latex_context_db,
    )
    from pylatexenc.latexwalker import get_default_latex_context_db as latexwalker_db
    from pylatexenc.macrospec import MacroSpec

    def arg(n: Any, l2tobj: Any, i: int) -> str:
        text: str = l2tobj.nodelist_to_text([n.nodeargd.argnlist[i]]).strip()
        return text

    def grouped(text: str) -> str:
        simple = re.fullmatch(r"[\w.′'∂·\u0300-\u036f⁰-ₜ]+|\([^()]*\)|√\S+", text)
        return text if simple else f"({text})"

    def frac(n: Any, l2tobj: Any) -> str:
        return f"{grouped(arg(n, l2tobj, 0))}/{grouped(arg(n, l2tobj, 1))}"

    def sqrt(n: Any, l2tobj: Any) -> str:
        inner = grouped(arg(n, l2tobj, 1))
        root = n.nodeargd.argnlist[0]
        return f"{l2tobj.nodelist_to_text([root]).strip()}√{inner}" if root else f"√{inner}"

    def overline(n: Any, l2tobj: Any) -> str:
        text = arg(n, l2tobj, 0)
        return text + "\u0304" if _one_letter(text) else f"overline({text})"

    macros = (
        [MacroTextSpec(name, simplify_repl=frac) for name in ("frac", "tfrac", "dfrac")]
        + [
            MacroTextSpec("sqrt", simplify_repl=sqrt),
            MacroTextSpec("overline", simplify_repl=overline),
            MacroTextSpec("bar", simplify_repl=overline),
            MacroTextSpec(
                "binom",
                simplify_repl=lambda n, l2tobj: f"C({arg(n, l2tobj, 0)}, {arg(n, l2tobj, 1)})",
            ),
            MacroTextSpec("underbrace", simplify_repl="%(1)s"),
            MacroTextSpec("operatorname", simplify_repl="%(1)s"),
            MacroTextSpec("mathrel", simplify_repl=" %(1)s "),
            MacroTextSpec("texttt", simplify_repl="%(1)s"),
            MacroTextSpec("bmod", simplify_repl=" mod "),
            MacroTextSpec("ne", simplify_repl="≠"),
            MacroTextSpec("|", simplify_repl="‖"),
            MacroTextSpec("neg", simplify_repl="¬"),
            MacroTextSpec("top", simplify_repl="ᵀ"),
            MacroTextSpec("circledast", simplify_repl="⊛"),
            MacroTextSpec("Longrightarrow", simplify_repl="⟹"),
        ]
        + [MacroTextSpec(name, simplify_repl=f" {name} ") for name in OPERATORS]
    )
    specs = [
        MacroSpec("underbrace", "{"),
        MacroSpec("operatorname", "{"),
        MacroSpec("mathrel", "{"),
        MacroSpec("texttt", "{"),
        MacroSpec("binom", "{{"),
        MacroSpec("tfrac", "{{"),
        MacroSpec("dfrac", "{{"),
        MacroSpec("overline", "{"),
    ]
    envs = [
        EnvironmentTextSpec(name, simplify_repl=_matrix, discard=False)
        for name in ("pmatrix", "bmatrix", "matrix", "cases", "aligned")
    ]
    return (
        _extended(latexwalker_db(), "groundup", macros=specs),
        _extended(get_default_latex_context_db(), "groundup", macros=macros, environments=envs),
    )


def _extended(base: Any, name: str, **specs: Any) -> Any:
    """A copy of a pylatexenc context database with one category of ``specs`` in front."""
    from pylatexenc.macrospec import LatexContextDb

    db = LatexContextDb()
    db.add_context_category(name, prepend=True, **specs)
    for cat in base.categories():
        db.add_context_category(
            cat,
            macros=list(base.iter_macro_specs([cat])),
            environments=list(base.iter_environment_specs([cat])),
            specials=list(base.iter_specials_specs([cat])),
        )
    return db


def _matrix(n: Any, l2tobj: Any) -> str:
    """A matrix as ``[a b; c d]``, cases as ``{a if x; b otherwise``."""
    text: str = l2tobj.nodelist_to_text(n.nodelist)
    rows = [" ".join(cell.split()) for cell in re.split(r"\\\\|\n", text) if cell.strip()]
    cells = ["  ".join(c.strip() for c in row.split("&")) for row in rows]
    if n.environmentname == "cases":
        return "{ " + "; ".join(cells) + " }"
    if n.environmentname == "aligned":
        return "; ".join(cells)
    return "[" + "; ".join(cells) + "]"


def _parse(tex: str) -> list[Any] | None:
    """The node list of ``tex``, or None when it does not parse."""
    from pylatexenc.latexwalker import LatexWalker

    try:
        nodes, _, _ = LatexWalker(
            tex, latex_context=_contexts()[0], tolerant_parsing=False
        ).get_latex_nodes()
    except Exception:  # pylatexenc raises several kinds of parse error
        return None
    return list(nodes)


def _known(nodes: list[Any]) -> bool:
    """Whether every macro and environment in ``nodes`` has a text form."""
    db = _contexts()[1]

    def ok(node: Any) -> bool:
        if node is None:
            return True
        name = getattr(node, "macroname", None)
        spec = db.get_macro_spec(name) if name is not None else None
        if name is not None and (spec is None or spec.macroname != name):
            return False
        env = getattr(node, "environmentname", None)
        spec = db.get_environment_spec(env) if env is not None else None
        if env is not None and (spec is None or spec.environmentname != env):
            return False
        children = list(getattr(node, "nodelist", None) or [])
        argd = getattr(node, "nodeargd", None)
        children += list(getattr(argd, "argnlist", None) or []) if argd else []
        return all(ok(c) for c in children)

    return all(ok(n) for n in nodes)


def _scripts(tex: str) -> str:
    """Sub/superscripts rewritten as Unicode (or ``_(...)``), innermost first."""

    def one(m: re.Match[str]) -> str:
        body = m["group"] if m["group"] is not None else (m["macro"] or m["char"])
        text = _plain(body) if "\\" in body else body
        text = text.replace(" ", "") if len(text.replace(" ", "")) <= 3 else text.strip()
        if m["op"] == "^" and text in ("ᵀ", "⊤"):
            return "ᵀ"
        table = SUBSCRIPTS if m["op"] == "_" else SUPERSCRIPTS
        out = _script(text, table, m["op"])
        # Hidden group marks keep a later pass from taking ``(...)`` apart.
        out = out.replace("(", OPEN).replace(")", CLOSE) if out[:1] in "_^" else out
        return "{}" + out  # ``\\sum{}ᵢ``: a macro name never runs into the script

    for _ in range(10):  # nesting depth; real formulas have two or three levels
        new = SCRIPT.sub(one, tex)
        if new == tex:
            break
        tex = new
    return tex


def _plain(tex: str) -> str:
    """``tex`` through pylatexenc (macros to symbols), spaces as the source has them."""
    from pylatexenc.latex2text import LatexNodes2Text

    nodes = _parse(tex)
    if nodes is None:
        return tex
    l2t = LatexNodes2Text(latex_context=_contexts()[1], math_mode="text", strict_latex_spaces=True)
    text: str = l2t.nodelist_to_text(nodes)
    return text


def _spaced(text: str) -> str:
    """One space around relations and binary operators, none doubled."""
    text = re.sub(rf"\s*([{RELATIONS}{BINARY}])\s*", r" \1 ", text)
    text = re.sub(r"(?<=[(\[]) | (?=[)\]])", "", text)
    return re.sub(r"[ \t]+", " ", text).strip()


def tex_to_text(tex: str) -> str | None:
    """``tex`` (the inside of ``$...$``) as Unicode text, or None if it cannot be read.

    Example: ``tex_to_text(r"\\frac{c_n}{U_{nn}}")`` is ``"cₙ/Uₙₙ"``.
    """
    tex = re.sub(r"\s+(?=\\r[vV]ert)", "", SIZING.sub(" ", tex))
    nodes = _parse(tex)
    if nodes is None or not _known(nodes):
        return None
    text = _plain(_scripts(tex))
    return _spaced(text.replace(OPEN, "(").replace(CLOSE, ")"))
