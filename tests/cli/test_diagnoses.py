"""Diagnoses that are right: the real command line on a learner's wrong (or right) code.

Each test writes a body a learner could plausibly write into a fresh workspace, runs
``groundup check`` as the learner would, and reads what the panel says: the named
mistake, and no advice that blames the wrong thing. The bodies are the learner's own
variants, not copies of the catalogued mistakes, so a test also proves that the
diagnosis recognises the behaviour rather than the text.
"""

from __future__ import annotations

import re

import pytest

from conftest import groundup, write_region
from groundup.course.catalog import Catalog
from groundup.course.workspace import Workspace, reference_region

BOX = re.compile(r"[│╭╮╰╯─]")


def flat(text: str) -> str:
    """What the panel says, as one line: box drawing removed, wrapped lines joined."""
    return " ".join(BOX.sub(" ", text).split())


def check(ws: Workspace, catalog: Catalog, exercise_id: str, body: str | None = None) -> str:
    """Writes ``body`` into the learner's region (if given) and runs `groundup check`."""
    if body is not None:
        write_region(ws, catalog, exercise_id, body)
    shown = groundup("check", exercise_id, "--seed", "0", cwd=ws.root)
    assert shown.returncode in (0, 1), shown.stderr
    assert "Traceback (most recent call last)" not in shown.stdout + shown.stderr
    return flat(shown.stdout)


def likely(text: str) -> str:
    """The named mistake's message, or '' when none was named."""
    _, found, rest = text.partition("likely mistake: ")
    return rest if found else ""


# -- wrong blame ---------------------------------------------------------------------------


def test_matmul_names_the_index_not_an_axis_number(ws: Workspace, catalog: Catalog) -> None:
    # Products laid out (i, j, p), not (i, p, j): summing axis 1 sums over j here.
    said = check(
        ws,
        catalog,
        "linalg.matmul",
        """
        products = A[:, None, :] * B.T[None, :, :]  # (n, m, k)
        return products.sum(axis=1)
        """,
    )
    assert "column index j of B" in likely(said)
    assert "axis=1" not in said and "axis 1" not in likely(said)


def test_project_says_what_u_dot_v_over_norm_v_measures(ws: Workspace, catalog: Catalog) -> None:
    said = check(
        ws,
        catalog,
        "linalg.project",
        """
        length = np.dot(u, v) / np.sqrt(np.dot(v, v))
        return length * v
        """,
    )
    assert "scalar projection" in likely(said) and "signed length" in likely(said)
    assert "units of v's length" not in said


def test_a_named_recursion_mistake_is_not_told_to_check_its_base_case(
    ws: Workspace, catalog: Catalog
) -> None:
    said = check(
        ws,
        catalog,
        "engine.value-backward",
        """
        topo, seen = [], set()

        def visit(v):
            if v not in seen:
                seen.add(v)
                for child in v._prev:
                    visit(child)
                topo.append(v)

        visit(self)
        self.grad = 1.0
        for v in reversed(topo):
            v._backward()
        """,
    )
    assert "your code raised RecursionError" in said
    assert "Your topological sort is recursive" in likely(said)
    assert "base case" not in said


SGD_WITHOUT_NESTEROV = """
if weight_decay != 0.0:
    grad = grad + weight_decay * param
if momentum != 0.0:
    if buf is None:
        buf = grad.copy()
    else:
        buf *= momentum
        buf += (1.0 - dampening) * grad
    grad = buf
param -= lr * grad
return buf
"""


def test_a_right_direction_is_not_blamed_for_a_step_that_ignores_it(
    ws: Workspace, catalog: Catalog
) -> None:
    # Plain momentum passes training.sgd-momentum (no case there asks for Nesterov).
    assert "all checks passed" in check(ws, catalog, "training.sgd-momentum", SGD_WITHOUT_NESTEROV)
    ex = catalog.exercises["training.nesterov"]
    said = check(ws, catalog, ex.id, reference_region(ex))
    assert "your direction is right" in said and "your sgd_step never uses it" in said
    assert likely(said) == ""  # no mistake of nesterov_direction is blamed
    assert "You returned the buffer" not in said


# -- silent mistakes, now caught and named -------------------------------------------------


def test_an_accumulator_never_reset_is_named(ws: Workspace, catalog: Catalog) -> None:
    said = check(
        ws,
        catalog,
        "linalg.matmul-loops",
        """
        n, k = A.shape
        m = B.shape[1]
        C = np.zeros((n, m))
        s = 0
        for i in range(n):
            for j in range(m):
                for p in range(k):
                    s = s + A[i, p] * B[p, j]
                C[i][j] = s
        return C
        """,
    )
    assert "never reset" in likely(said)


@pytest.mark.parametrize(
    ("exercise_id", "body"),
    [
        (
            "training.sgd-momentum",
            """
            d = grad + weight_decay * param
            if momentum:
                buf = np.array(d) if buf is None else momentum * buf + (1 - dampening) * d
                d = nesterov_direction(d, buf, momentum) if nesterov else buf
            param = param - lr * d
            return buf
            """,
        ),
        (
            "training.adamw",
            """
            param = (1 - lr * weight_decay) * param
            adam_step(param, grad, state, lr, beta1, beta2, eps, 0.0, amsgrad)
            """,
        ),
    ],
)
def test_rebinding_param_instead_of_updating_it_in_place_is_named(
    ws: Workspace, catalog: Catalog, exercise_id: str, body: str
) -> None:
    said = check(ws, catalog, exercise_id, body)
    assert "caller's parameter" in likely(said) and "never changes" in likely(said)


ADAM_EFFICIENT = """
state["step"] += 1
t = state["step"]
g = grad + weight_decay * param
m, v = state["exp_avg"], state["exp_avg_sq"]
m[:] = beta1 * m + (1 - beta1) * g
v[:] = beta2 * v + (1 - beta2) * g**2
if amsgrad:
    state["max_exp_avg_sq"][:] = np.maximum(state["max_exp_avg_sq"], v)
    v = state["max_exp_avg_sq"]
step_size = lr * (1 - beta2**t) ** 0.5 / (1 - beta1**t)
param -= step_size * m / (v**0.5 + eps)
"""

ADAM_PATH_EFFICIENT = """
m = np.zeros_like(x)
v = np.zeros_like(x)
path = [x.copy()]
for t in range(1, n_steps + 1):
    g = grad_f(x.copy())
    m = beta1 * m + (1 - beta1) * g
    v = beta2 * v + (1 - beta2) * g**2
    a = lr * (1 - beta2**t) ** 0.5 / (1 - beta1**t)
    x = x - a * m / (v**0.5 + eps)
    path.append(x.copy())
return np.stack(path)
"""


@pytest.mark.parametrize(
    ("exercise_id", "body"),
    [("training.adam", ADAM_EFFICIENT), ("optimization.adam", ADAM_PATH_EFFICIENT)],
)
def test_adam_in_the_papers_efficient_form_is_named(
    ws: Workspace, catalog: Catalog, exercise_id: str, body: str
) -> None:
    said = check(ws, catalog, exercise_id, body)
    assert "paper's 'efficient' form" in likely(said) and "eps-hat" in likely(said)


def test_a_reversed_preorder_walk_is_named_on_a_diamond(ws: Workspace, catalog: Catalog) -> None:
    said = check(
        ws,
        catalog,
        "engine.tensor-backward",
        """
        order, seen = [], set()

        def visit(node):
            if id(node) in seen:
                return
            seen.add(id(node))
            order.append(node)  # before its inputs: pre-order
            for parent in node._parents:
                visit(parent)

        visit(self)
        return order[::-1]
        """,
    )
    assert "case: a diamond" in said
    assert "Your order is a pre-order" in likely(said)


@pytest.mark.parametrize(
    ("exercise_id", "body"),
    [
        (
            "engine.mul-backward",
            """
            to_self = unbroadcast(grad * other.data, self.data.shape)
            to_other = unbroadcast(grad * other.data, other.data.shape)
            self._accumulate(to_self)
            other._accumulate(to_other)
            """,
        ),
        (
            "engine.value-mul",
            """
            self.grad = self.grad + out.grad * other.data
            other.grad = other.grad + out.grad * other.data
            """,
        ),
    ],
)
def test_a_copied_backward_line_is_named(
    ws: Workspace, catalog: Catalog, exercise_id: str, body: str
) -> None:
    said = check(ws, catalog, exercise_id, body)
    assert "looks copied from the first" in likely(said)
    assert "b.grad" in said  # the panel names the part that is wrong


@pytest.mark.parametrize(
    ("exercise_id", "body", "named"),
    [
        (
            "calculus.central-difference",
            """
            if h is None:
                h = central_step(x)
            d = f(x + h) - f(x - h)
            return float(d / 2 * h)
            """,
            "You wrote `/ 2 * h`",
        ),
        (
            "calculus.central-difference",
            """
            step = 1e-8 if h is None else h
            return (f(x + step) - f(x - step)) / (2 * step)
            """,
            "Your default step is tiny",
        ),
        (
            "calculus.central-difference",
            """
            x = np.float32(x)
            if h is None:
                h = central_step(x)
            return float((f(x + h) - f(x - h)) / (2 * h))
            """,
            "Your code computes in float32",
        ),
        (
            "calculus.gradient",
            """
            g = np.zeros(len(x))
            for i in range(len(x)):
                e = np.zeros(len(x))
                e[i] = h or 1e-5
                g[i] = (f(x + e) - f(x - e)) / (2 * e[i])
            return g
            """,
            "Your default step does not grow with |x|",
        ),
        (
            "calculus.gradient",
            """
            g = np.zeros_like(x)
            for i in range(len(x)):
                hi = central_step(x[i]) if h is None else h
                x[i] = x[i] + hi
                up = f(x)
                x[i] = x[i] - 2 * hi
                down = f(x)
                g[i] = (up - down) / (2 * hi)
            return g
            """,
            "never put it back",
        ),
        (
            "calculus.gradient",
            """
            x = x.copy()  # the caller's x is safe, but x[i] is still not restored
            g = np.zeros_like(x)
            for i in range(len(x)):
                hi = central_step(x[i]) if h is None else h
                x[i] += hi
                up = f(x)
                x[i] -= 2 * hi
                g[i] = (up - f(x)) / (2 * hi)
            return g
            """,
            "never put it back",
        ),
    ],
)
def test_numerical_derivative_slips_are_named(
    ws: Workspace, catalog: Catalog, exercise_id: str, body: str, named: str
) -> None:
    said = check(ws, catalog, exercise_id, body)
    assert named in likely(said)


def test_a_step_of_1e_8_fails_the_step_check(ws: Workspace, catalog: Catalog) -> None:
    said = check(
        ws,
        catalog,
        "calculus.central-difference",
        """
        if h is None:
            h = 1e-8 * max(1.0, abs(x))  # scaled with |x|, but far too small
        return (f(x + h) - f(x - h)) / (2 * h)
        """,
    )
    assert "case: the default step" in said and "far below central_step" in said


# -- the panel -----------------------------------------------------------------------------


def test_reference_code_is_listed_only_when_the_check_ran_it(
    ws: Workspace, catalog: Catalog
) -> None:
    # matmul-loops lists linalg.project as a prerequisite but never calls it.
    said = check(ws, catalog, "linalg.matmul-loops")
    assert "checked with reference code" not in said
    ex = catalog.exercises["engine.tensor-backward"]
    said = check(ws, catalog, ex.id, reference_region(ex))
    line = said.partition("checked with reference code for: ")[2].partition(" ✓")[0]
    assert "engine.mul-backward" in line and "engine.add-backward" in line
    assert "engine.value-" not in line  # prerequisites of the order, never called by it


def test_counts_read_in_the_right_number(ws: Workspace, catalog: Catalog) -> None:
    # Right for 1x1 matrices only: the first case passes, the second fails.
    said = check(ws, catalog, "linalg.matmul-loops", "return A[:, :1] * B[:1, :]")
    assert "1 case passed before this one" in said
    assert "1 cases" not in said


@pytest.mark.parametrize(
    ("exercise_id", "mistake_id", "part"),
    [
        ("linalg.gram-schmidt", "no-normalize", "Q differs"),
        ("linalg.mf-gradients", "ignore-mask", "the loss is"),
        ("neural.perceptron-update", "bias-not-updated", "the new b is"),
        ("discrete.truth-table", "reversed-bits", "the rows of inputs differs"),
        ("training.dropout", "active-in-eval", "y / x differs"),
        ("python.print-options", "no-finally", "precision after the block is"),
        ("python.dataset", "slice-drops-transform", "list(ds[index])[0][0] differs"),
    ],
)
def test_the_panel_names_the_part_of_a_result_that_is_wrong(
    ws: Workspace, catalog: Catalog, exercise_id: str, mistake_id: str, part: str
) -> None:
    mistake = next(m for m in catalog.exercises[exercise_id].mistakes if m.id == mistake_id)
    said = check(ws, catalog, exercise_id, mistake.body)
    assert part in said
    assert not re.search(r"\bitem \d", said)


@pytest.mark.parametrize(
    ("exercise_id", "internal"),
    [("python.tensor-add", "b_is_tensor"), ("extras.lipschitz-bound", "seed")],
)
def test_the_inputs_leave_out_the_checks_own_set_up(
    ws: Workspace, catalog: Catalog, exercise_id: str, internal: str
) -> None:
    said = check(ws, catalog, exercise_id)  # the stub: the first case's inputs are shown
    assert "not written yet" in said and " = " in said
    assert f"{internal} =" not in said and "_b_as_tensor" not in said and "_seed" not in said


def test_a_first_divergence_is_said_once(ws: Workspace, catalog: Catalog) -> None:
    said = check(ws, catalog, "training.adam", ADAM_EFFICIENT)
    assert said.count("first divergence at") == 1


@pytest.mark.parametrize(
    ("exercise_id", "mistake_id"),
    [("python.timed", "no-finally"), ("optimization.convexity-gap", "swapped-weights")],
)
def test_numbers_print_without_numpy_wrappers(
    ws: Workspace, catalog: Catalog, exercise_id: str, mistake_id: str
) -> None:
    mistake = next(m for m in catalog.exercises[exercise_id].mistakes if m.id == mistake_id)
    said = check(ws, catalog, exercise_id, mistake.body)
    assert "np.float64(" not in said and "np.int64(" not in said
