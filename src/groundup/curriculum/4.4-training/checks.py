"""Checks for section 4.4, Training deep networks: one table of cases per exercise.

Multi-step exercises return a trace, so a failure names the first intermediate that
differs: an optimizer's parameter after every step (then the gradients, which it must
leave alone), the schedule's rate at every step, batch norm's output, running statistics
and input gradient batch after batch, layer norm's and clipping's result, then each
gradient. Layers use the learner's own ``Tensor`` (``companion``). Dropout and Kaiming
initialization are checked statistically, at groundup.testing.stats' false-failure rate.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from types import ModuleType
from typing import Any, NamedTuple

import numpy as np
from numpy.random import Generator

from groundup.testing import Case, Mismatch, Trace, Trial, check, close, companion, named_items
from groundup.testing.compare import Comparator
from groundup.testing.stats import DEFAULT_FALSE_FAILURE, ks_test, mean_test
from groundup.testing.table import MakeInputs, cases, run_cases
from groundup.testing.trial import Call

Array = np.ndarray
Shape = tuple[int, ...]


# -- the optimizers: training.sgd-momentum, nesterov, rmsprop, adam, adamw -----------------


def _descent(shape: Shape, steps: int, scale: float | None = None) -> MakeInputs:
    """A random parameter and one gradient per step: each of size ``scale``, or N(0, 1)
    with step 3 ten times larger, so that no step is special."""

    def make(r: Generator) -> tuple[Array, list[Array]]:
        param = r.normal(size=shape)
        if scale is not None:
            return param, [scale * r.normal(size=shape) for _ in range(steps)]
        return param, [r.normal(size=shape) * (10.0 if k == 2 else 1.0) for k in range(steps)]

    return make


def _optimizer_run(step: str, init: Callable[..., Any] | None = None) -> Call:
    """A ``call`` that runs ``m.<step>(param, grad, state, **options)`` once per gradient,
    with ``state = init(m, param, **options)`` or, without ``init``, what the previous step
    returned (SGD's momentum buffer, None at first). Each step traces the parameter, then
    every entry of an ``init`` state (the step count and running averages it must keep)."""

    def run(m: ModuleType, param: Array, grads: list[Array], **options: Any) -> Trace:
        param = param.copy()  # updated in place by design: keep the case's input intact
        state = None if init is None else init(m, param, **options)
        trace = Trace()
        for k, g in enumerate(grads, start=1):
            returned = getattr(m, step)(param, g, state, **options)
            state = returned if init is None else state
            trace.record(f"step {k}: param", param)
            if isinstance(state, dict):  # an init state (SGD's is its momentum buffer)
                for key, value in state.items():
                    trace.record(f"step {k}: state[{key!r}]", value)
        trace.record("grads after the run, which the optimizer must not change", np.stack(grads))
        return trace

    return run


def _rmsprop_state(
    m: ModuleType, param: Array, momentum: float = 0.0, centered: bool = False, **_: Any
) -> Any:
    return m.init_rmsprop_state(param, momentum, centered)


def _adam_state(m: ModuleType, param: Array, amsgrad: bool = False, **_: Any) -> Any:
    return m.init_adam_state(param, amsgrad)


_run_sgd = _optimizer_run("sgd_step")
_run_rmsprop = _optimizer_run("rmsprop_step", _rmsprop_state)
_run_adam = _optimizer_run("adam_step", _adam_state)
_run_adamw = _optimizer_run("adamw_step", _adam_state)

SGD = [
    Case("plain SGD (momentum 0), one step on one number", _descent((1,), 1), dict(lr=0.1)),
    Case("weight decay without momentum, 3 steps", _descent((5,), 3),
         dict(lr=0.1, weight_decay=0.5)),
    Case("momentum 0.9, 5 steps on a vector of 4", _descent((4,), 5), dict(lr=0.1, momentum=0.9)),
    Case("momentum 0.9 with dampening 0.5, 5 steps", _descent((4,), 5),
         dict(lr=0.1, momentum=0.9, dampening=0.5)),
    Case("momentum 0.8 with weight decay 0.1, 5 steps on a 3x2 matrix", _descent((3, 2), 5),
         dict(lr=0.05, momentum=0.8, weight_decay=0.1)),
    Case("an empty parameter (shape (0,)), momentum 0.9", _descent((0,), 3),
         dict(lr=0.1, momentum=0.9)),
]  # fmt: skip


PASSED = "passed to nesterov_direction"


def _run_sgd_nesterov(m: ModuleType, param: Array, grads: list[Array], **options: Any) -> Trace:
    """SGD with ``nesterov=True`` before ``nesterov_direction`` is written (the next
    exercise): a stand-in, grad + momentum * buf as its docstring says, takes its place for
    the run; each step traces what sgd_step passed it (None: not called), then the param."""
    passed: list[tuple[Array, Array]] = []

    def stand_in(grad: Array, buf: Array, momentum: float) -> Array:
        passed.append((np.array(grad), np.array(buf)))
        return grad + momentum * buf

    original = m.nesterov_direction
    param, buf, trace = param.copy(), None, Trace()
    vars(m)["nesterov_direction"] = stand_in  # sgd_step's globals
    try:
        for k, g in enumerate(grads, start=1):
            passed.clear()
            buf = m.sgd_step(param, g, buf, **options)
            grad_in, buf_in = passed[-1] if passed else (None, None)
            trace.record(f"step {k}: the grad {PASSED}", grad_in)
            trace.record(f"step {k}: the buf {PASSED}", buf_in)
            trace.record(f"step {k}: param", param)
    finally:
        vars(m)["nesterov_direction"] = original
    return trace


def _if_called(rtol: float, atol: float) -> Comparator:
    """Compares Nesterov runs only when sgd_step calls nesterov_direction: one that never
    calls it passes here, and training.nesterov's check says that it never uses it."""

    def compare(got: Any, expected: Any) -> Mismatch | None:
        if isinstance(got, Trace) and all(v is None for k, v in got.steps if PASSED in k):
            return None
        return close(got, expected, rtol, atol)

    return compare


SGD_NESTEROV = [
    Case("Nesterov momentum 0.9, weight decay 0.1, 4 steps: sgd_step calls nesterov_direction "
         "with (the decayed grad, the updated buf, momentum)", _descent((3,), 4),
         dict(lr=0.1, momentum=0.9, weight_decay=0.1, nesterov=True)),
]  # fmt: skip


@check("training.sgd-momentum")
def sgd_momentum(t: Trial) -> None:
    run_cases(t, SGD, call=_run_sgd)
    run_cases(t, SGD_NESTEROV, call=_run_sgd_nesterov, compare=_if_called(t.rtol, t.atol))


DIRECTION = "the direction your nesterov_direction returned"


def _run_nesterov_sgd(m: ModuleType, param: Array, grads: list[Array], **options: Any) -> Trace:
    """SGD with ``nesterov=True``, tracing at each step the direction that
    ``nesterov_direction`` returned to ``sgd_step`` (None: not called), then the parameter.

    ``sgd_step`` finds ``nesterov_direction`` among its module's globals, so the function
    in place there (the learner's, or a known mistake while it is replayed) is wrapped
    for the run and put back after.
    """
    original = m.nesterov_direction
    returned: list[Array] = []

    def spy(grad: Array, buf: Array, momentum: float) -> Array:
        direction = original(grad, buf, momentum)
        returned.append(np.array(direction))
        return direction

    param, buf, trace = param.copy(), None, Trace()
    vars(m)["nesterov_direction"] = spy  # sgd_step's globals
    try:
        for k, g in enumerate(grads, start=1):
            returned.clear()
            buf = m.sgd_step(param, g, buf, **options)
            trace.record(f"step {k}: {DIRECTION}", returned[-1] if returned else None)
            trace.record(f"step {k}: param", param)
    finally:
        vars(m)["nesterov_direction"] = original
    return trace


def _blame_the_step(rtol: float, atol: float) -> Comparator:
    """Compares SGD runs step by step and, since the direction itself passed the cases
    before, says whether sgd_step fails to call it, feeds it, or fails to use it."""

    def compare(got: Any, expected: Any) -> Mismatch | None:
        mismatch = close(got, expected, rtol, atol)
        if mismatch is None or mismatch.step is None or not isinstance(got, Trace):
            return mismatch
        step = mismatch.step.split(":")[0]  # "step 3"
        values = dict(got.steps)
        if DIRECTION in mismatch.step and values.get(mismatch.step, 0) is None:
            mismatch.message = (
                f"your direction is right (the cases above passed); your sgd_step never uses "
                f"it: at {step} it did not call nesterov_direction although nesterov=True"
            )
        elif DIRECTION in mismatch.step:
            mismatch.details.insert(
                0,
                "your nesterov_direction is right on its own (the cases above passed), so "
                "sgd_step passes it other inputs: the weight-decayed grad and the buffer "
                "after this step's update",
            )
        else:
            mismatch.message = (
                f"your direction is right (the cases above passed); your step never uses "
                f"it: at {step} sgd_step got the right direction but did not subtract "
                f"lr * direction from param"
            )
        return mismatch

    return compare


NESTEROV = [
    Case("one number: grad 1, buffer 2, momentum 0.5", (np.array([1.0]), np.array([2.0]), 0.5)),
    Case("vectors of 6, momentum 0.9", lambda r: (r.normal(size=6), r.normal(size=6), 0.9)),
    Case("a 3x4 matrix, momentum 0.99",
         lambda r: (r.normal(size=(3, 4)), r.normal(size=(3, 4)), 0.99)),
]  # fmt: skip
# sgd_step steps along the direction: each step traces the direction, then the param.
NESTEROV_SGD = [
    Case("SGD with Nesterov momentum 0.9, 6 steps (your sgd_step calls your direction)",
         _descent((5,), 6), dict(lr=0.1, momentum=0.9, nesterov=True)),
    Case("Nesterov with weight decay 0.1, 6 steps", _descent((2, 3), 6),
         dict(lr=0.05, momentum=0.8, weight_decay=0.1, nesterov=True)),
]  # fmt: skip


@check("training.nesterov")
def nesterov(t: Trial) -> None:
    run_cases(t, NESTEROV)
    run_cases(t, NESTEROV_SGD, call=_run_nesterov_sgd, compare=_blame_the_step(t.rtol, t.atol))


RMSPROP = [
    Case("one step on one number (lr 0.01, alpha 0.99, eps 1e-8)", _descent((1,), 1),
         dict(lr=0.01)),
    Case("alpha 0.9, eps 1e-3, 6 steps on a vector", _descent((5,), 6),
         dict(lr=0.01, alpha=0.9, eps=1e-3)),
    Case("tiny gradients (1e-6): eps decides the step", _descent((4,), 4, scale=1e-6),
         dict(lr=0.01, eps=1e-8)),
    Case("centered, 6 steps", _descent((3, 2), 6), dict(lr=0.01, centered=True)),
    Case("momentum 0.9, 6 steps", _descent((4,), 6), dict(lr=0.01, momentum=0.9)),
    Case("centered with momentum 0.5 and weight decay 0.1, 6 steps", _descent((4,), 6),
         dict(lr=0.01, centered=True, momentum=0.5, weight_decay=0.1)),
]  # fmt: skip
rmsprop = cases("training.rmsprop", RMSPROP, call=_run_rmsprop)

ADAM = [
    Case("one step on one number (lr 0.1)", _descent((1,), 1), dict(lr=0.1)),
    Case("8 steps on a vector of 5 (default betas)", _descent((5,), 8), dict(lr=0.01)),
    Case("betas (0.5, 0.6), eps 1e-3, 6 steps on a 2x3 matrix", _descent((2, 3), 6),
         dict(lr=0.01, beta1=0.5, beta2=0.6, eps=1e-3)),
    Case("L2 weight decay 0.1, 6 steps", _descent((4,), 6), dict(lr=0.01, weight_decay=0.1)),
    Case("amsgrad, 8 steps (one large gradient at step 3)", _descent((4,), 8),
         dict(lr=0.01, amsgrad=True)),
    Case("large gradients (1e6): Adam's step size does not depend on the scale",
         _descent((3,), 4, scale=1e6), dict(lr=0.01)),
]  # fmt: skip
adam = cases("training.adam", ADAM, call=_run_adam)

ADAMW = [
    Case("one step on one number (lr 0.1, weight decay 0.1)", _descent((1,), 1),
         dict(lr=0.1, weight_decay=0.1)),
    Case("weight decay 0: AdamW is Adam", _descent((4,), 5), dict(lr=0.01, weight_decay=0.0)),
    Case("lr 0.01, weight decay 0.5, 8 steps on a 2x3 matrix", _descent((2, 3), 8),
         dict(lr=0.01, weight_decay=0.5)),
    Case("amsgrad with weight decay 0.1, 6 steps", _descent((5,), 6),
         dict(lr=0.05, weight_decay=0.1, amsgrad=True)),
    Case("large gradients (1e6) and weight decay 1.0: the decay is not rescaled",
         _descent((3,), 4, scale=1e6), dict(lr=0.01, weight_decay=1.0)),
]  # fmt: skip
adamw = cases("training.adamw", ADAMW, call=_run_adamw)


# -- training.clip-grad-norm -----------------------------------------------------------------


def _run_clip(m: ModuleType, grads: list[Array | None], max_norm: float, **kw: Any) -> Trace:
    """Clips parameters holding ``grads``; traces the returned norm, then every gradient."""
    Tensor = companion(m, "engine.tensor").Tensor
    params = []
    for g in grads:
        p = Tensor(np.zeros(1 if g is None else g.shape), requires_grad=True)
        p.grad = None if g is None else g.copy()
        params.append(p)
    total = m.clip_grad_norm_(params, max_norm, **kw)
    trace = Trace()
    trace.record("the returned norm", float(np.asarray(getattr(total, "data", total))))
    for i, (p, g) in enumerate(zip(params, grads, strict=True)):
        if g is None:
            trace.record(f"parameter {i}: its grad is still None", p.grad is None)
        else:
            trace.record(f"parameter {i}: grad after clipping", np.asarray(p.grad))
    return trace


CLIP = [
    Case("one parameter with norm 5 below max_norm 10: unchanged, returns 5",
         ([np.array([3.0, 4.0])], 10.0)),
    Case("two parameters, global norm 13 above max_norm 1",
         ([np.array([3.0, 4.0]), np.array([[12.0], [0.0]])], 1.0)),
    Case("three random parameters, max_norm 0.5",
         lambda r: ([r.normal(size=(3, 4)), r.normal(size=5), r.normal(size=(2, 2, 2))], 0.5)),
    Case("a parameter without a gradient (None) is skipped",
         lambda r: ([r.normal(size=3), None, r.normal(size=4) * 10], 1.0)),
    Case("all-zero gradients: norm 0, no division by zero", ([np.zeros(3), np.zeros((2, 2))], 1.0)),
    Case("infinity norm (the largest absolute entry), max_norm 2",
         lambda r: ([r.normal(size=4) * 5, r.normal(size=3)], 2.0), dict(norm_type=math.inf)),
    Case("1-norm, max_norm 3", lambda r: ([r.normal(size=4), r.normal(size=(2, 3))], 3.0),
         dict(norm_type=1.0)),
    Case("3-norm, max_norm 1", lambda r: ([r.normal(size=4), r.normal(size=(2, 3))], 1.0),
         dict(norm_type=3.0)),
    Case("huge gradients (1e150 each, global norm about 1.7e150)", ([np.full(3, 1e150)], 1.0)),
    Case("error_if_nonfinite=True with finite gradients: clipped as usual",
         lambda r: ([r.normal(size=4) * 5, r.normal(size=3)], 1.0), dict(error_if_nonfinite=True)),
    Case("error_if_nonfinite=True and an infinite gradient",
         ([np.array([1.0, np.inf]), np.ones(2)], 1.0), dict(error_if_nonfinite=True),
         raises=RuntimeError, why="when the total norm is not finite"),
]  # fmt: skip
clip_grad_norm = cases("training.clip-grad-norm", CLIP, call=_run_clip)


# -- training.cosine-warmup ------------------------------------------------------------------


def _schedule(
    m: ModuleType, n_steps: int, max_lr: float, warmup: int, total: int, min_lr: float
) -> Trace:
    """The rate at steps 0 .. n_steps - 1."""
    trace = Trace()
    for s in range(n_steps):
        trace.record(f"step {s}: lr", m.cosine_warmup_lr(s, max_lr, warmup, total, min_lr))
    return trace


SCHEDULE = [
    Case("warm-up 4, total 20, max_lr 1.0, min_lr 0.1, steps 0..24", (25, 1.0, 4, 20, 0.1)),
    Case("no warm-up (0), total 10, min_lr 0", (14, 6e-4, 0, 10, 0.0)),
    Case("warm-up 1, total 2: the shortest schedule", (5, 0.5, 1, 2, 0.05)),
    Case("warm-up 8 = total 8: no decay, the peak at step 8", (12, 0.1, 8, 8, 0.01)),
    Case("a GPT run's shape: warm-up 100, total 2000, min_lr = max_lr / 10",
         (2100, 1e-3, 100, 2000, 1e-4)),
]  # fmt: skip
cosine_warmup = cases("training.cosine-warmup", SCHEDULE, call=_schedule)


# -- training.dropout ------------------------------------------------------------------------


class DropoutCase(NamedTuple):
    """Dropout with drop probability ``p`` on an input of ``shape``."""

    label: str
    shape: Shape
    p: float
    training: bool = True


DROPOUT = [
    DropoutCase("training, p = 0.2, input of shape (200, 100)", (200, 100), 0.2),
    DropoutCase("training, p = 0.5, input of shape (40, 30, 20)", (40, 30, 20), 0.5),
    DropoutCase("training, p = 0.9, input of shape (5000,)", (5000,), 0.9),
    DropoutCase("evaluation (training=False), p = 0.5: the identity", (50, 40), 0.5, False),
    DropoutCase("training with p = 0: the identity", (30, 3), 0.0),
    DropoutCase("training with p = 1: everything dropped, no division by zero", (30, 3), 1.0),
]


def _run_dropout(
    m: ModuleType, rng: Generator, x: Array, p: float, training: bool, upstream: Array
) -> tuple[Array, Array]:
    """``(y / x, grad / upstream)``: the mask times the scale, seen forward and backward."""
    xt = companion(m, "engine.tensor").Tensor(x, requires_grad=True)
    y = m.dropout(xt, p, training, rng)
    if y.requires_grad:
        y.backward(upstream)
    grad = np.zeros_like(x) if xt.grad is None else np.asarray(xt.grad, dtype=np.float64)
    return np.asarray(y.data, dtype=np.float64) / x, grad / upstream


def _dropout_statistics(p: float) -> Comparator:
    """Accepts any mask with P(zero) = p whose kept elements are scaled by 1/(1-p)."""

    def compare(got: Any, _expected: Any) -> Mismatch | None:
        forward, backward = got
        zeros = forward == 0
        what = "the fraction of zeroed elements"
        rate = mean_test(zeros, p, math.sqrt(p * (1 - p)), DEFAULT_FALSE_FAILURE, what=what)
        kept = forward[~zeros]
        where = f"y / x on kept elements (the scale 1 / (1 - p) = {1 / (1 - p):.4g}) "
        scaled = close(kept, np.full(kept.shape, 1.0 / (1.0 - p)), 1e-6, 0.0, where)
        where = "the gradient (divided by the upstream one) "
        return rate or scaled or close(backward, forward, 1e-6, 0.0, where)

    return compare


def _same_dropout(got: Any, other: Any) -> Mismatch | None:
    """Two dropouts behave alike: same zero rate (within 0.05) and same scales."""
    for a, b in zip(got, other, strict=True):
        if abs(float((a == 0).mean()) - float((b == 0).mean())) > 0.05:
            return Mismatch("different zero rates")
        if set(np.round(a[a != 0], 6).tolist()) != set(np.round(b[b != 0], 6).tolist()):
            return Mismatch("different scales")
    return None


def _exact(t: Trial) -> Comparator:
    """Where dropout is the identity (evaluation, p = 0) or drops everything (p = 1)."""
    return named_items(("y / x", "the gradient divided by the upstream one"), t.rtol, t.atol)


@check("training.dropout")
def dropout(t: Trial) -> None:
    for case in DROPOUT:
        # no zeros in x, so that y / x is defined
        x = t.rng.uniform(0.5, 2.0, size=case.shape) * t.rng.choice([-1.0, 1.0], size=case.shape)
        statistical = case.training and 0.0 < case.p < 1.0
        t.compare(
            case.label, t.rng, x, case.p, case.training, t.rng.normal(size=case.shape),
            call=_run_dropout, compare=_dropout_statistics(case.p) if statistical else _exact(t),
            same=_same_dropout,
        )  # fmt: skip


# -- training.batchnorm-train-eval -----------------------------------------------------------


def _batches(shape: Shape, modes: str, running: str = "fresh", momentum: float = 0.1) -> MakeInputs:
    """Batches x ~ N(1, 2^2) of ``shape``, one per word of ``modes`` ("train eval ..."),
    random gamma and beta, and running statistics that start ``fresh`` (zeros and ones),
    ``given`` (random), or are ``untracked`` (None)."""

    def make(r: Generator) -> tuple[Any, ...]:
        C = shape[1]
        batches = [(r.normal(size=shape) * 2.0 + 1.0, mode == "train") for mode in modes.split()]
        weight, bias = r.normal(size=C), r.normal(size=C)
        stats = None if running == "untracked" else (np.zeros(C), np.ones(C))
        if running == "given":
            stats = (r.normal(size=C), r.uniform(0.5, 2.0, size=C))
        return batches, weight, bias, stats, momentum

    return make


def _run_batch_norm(
    m: ModuleType,
    batches: list[tuple[Array, bool]],
    weight: Array,
    bias: Array,
    running: tuple[Array, Array] | None,
    momentum: float,
) -> Trace:
    """Runs the batches in order; traces each output, running statistic and x-gradient."""
    Tensor = companion(m, "engine.tensor").Tensor
    rm, rv = (None, None) if running is None else (running[0].copy(), running[1].copy())
    w, b = Tensor(weight, requires_grad=True), Tensor(bias, requires_grad=True)
    trace = Trace()
    for i, (x, training) in enumerate(batches, start=1):
        xt = Tensor(x, requires_grad=True)
        y = m.batch_norm(xt, rm, rv, w, b, training, momentum, 1e-5)
        y.backward(np.cos(np.arange(y.data.size)).reshape(y.data.shape))
        batch = f"batch {i} ({'training' if training else 'evaluation'})"
        trace.record(f"{batch}: output", np.asarray(y.data))
        if rm is not None and rv is not None:
            trace.record(f"{batch}: running_mean", rm)
            trace.record(f"{batch}: running_var", rv)
        trace.record(f"{batch}: x.grad", np.asarray(xt.grad))
    return trace


BATCH_NORM = [
    Case("training, one batch of shape (8, 3)", _batches((8, 3), "train")),
    Case("evaluation with given running statistics, shape (8, 3)",
         _batches((8, 3), "eval", running="given")),
    Case("three training batches of shape (4, 3, 5), then evaluation",
         _batches((4, 3, 5), "train train train eval")),
    Case("images (2, 4, 3, 3): train, eval, train, eval, momentum 0.3",
         _batches((2, 4, 3, 3), "train eval train eval", momentum=0.3)),
    Case("the smallest batch: two samples of shape (2, 2)", _batches((2, 2), "train eval")),
    Case("training without running statistics (None)",
         _batches((6, 2), "train", running="untracked")),
]  # fmt: skip
batchnorm_train_eval = cases("training.batchnorm-train-eval", BATCH_NORM, call=_run_batch_norm)


# -- training.layernorm ----------------------------------------------------------------------


def _run_layer_norm(
    m: ModuleType, x: Array, normalized_shape: Shape, affine: bool, rng: Generator
) -> Trace:
    """Forward (with random gamma and beta if ``affine``), then backward with a random
    upstream gradient; traces the output, then each gradient."""
    Tensor = companion(m, "engine.tensor").Tensor
    xt = Tensor(x, requires_grad=True)
    w = Tensor(rng.normal(size=normalized_shape), requires_grad=True) if affine else None
    b = Tensor(rng.normal(size=normalized_shape), requires_grad=True) if affine else None
    y = m.layer_norm(xt, normalized_shape, w, b, 1e-5)
    trace = Trace()
    trace.record("the output y", np.asarray(y.data))
    y.backward(rng.normal(size=y.data.shape))
    trace.record("x.grad", np.asarray(xt.grad))
    if w is not None and b is not None:
        trace.record("weight.grad", np.asarray(w.grad))
        trace.record("bias.grad", np.asarray(b.grad))
    return trace


LAYER_NORM = [
    Case("a batch of 4 vectors of 6, with gamma and beta",
         lambda r: (r.normal(size=(4, 6)) * 2 + 1, (6,), True, r)),
    Case("(B, T, C) = (2, 3, 5) without gamma and beta",
         lambda r: (r.normal(size=(2, 3, 5)), (5,), False, r)),
    Case("normalizing over the last two dimensions (3, 4)",
         lambda r: (r.normal(size=(2, 3, 4)), (3, 4), True, r)),
    Case("a single vector of 7", lambda r: (r.normal(size=(7,)), (7,), True, r)),
    Case("one element per row: every x_hat is 0", lambda r: (r.normal(size=(3, 1)), (1,), True, r)),
    Case("large offset: every entry near 1000",
         lambda r: (r.normal(size=(3, 8)) + 1000.0, (8,), True, r)),
]  # fmt: skip
layernorm = cases("training.layernorm", LAYER_NORM, call=_run_layer_norm)


# -- training.kaiming-init -------------------------------------------------------------------


class KaimingCase(NamedTuple):
    """``kaiming_normal_`` on a tensor of ``shape`` with PyTorch's arguments."""

    label: str
    shape: Shape
    mode: str = "fan_in"
    nonlinearity: str = "relu"
    a: float = 0.0
    dtype: str = "float64"

    def std(self) -> float:
        """gain / sqrt(fan), with PyTorch's gains and fans."""
        receptive_field = math.prod(self.shape[2:])
        fan = self.shape[1 if self.mode == "fan_in" else 0] * receptive_field
        gains = {"relu": math.sqrt(2.0), "tanh": 5.0 / 3}
        gain = gains.get(self.nonlinearity, math.sqrt(2.0 / (1.0 + self.a**2)))
        return gain / math.sqrt(fan)


KAIMING = [
    KaimingCase("a Linear weight (64, 256), ReLU, fan_in", (64, 256)),
    KaimingCase("mode fan_out on a (256, 64) weight", (256, 64), "fan_out"),
    KaimingCase("leaky ReLU with slope 0.2, (100, 200)", (100, 200), "fan_in", "leaky_relu", 0.2),
    KaimingCase("a conv weight (32, 16, 3, 3): fan_in = 16 * 3 * 3", (32, 16, 3, 3)),
    KaimingCase("mode fan_out on a conv weight (16, 32, 3, 3): fan_out = 16 * 3 * 3",
                (16, 32, 3, 3), "fan_out"),
    KaimingCase("tanh, float32 (128, 64): the dtype is kept", (128, 64), "fan_in", "tanh",
                dtype="float32"),
]  # fmt: skip


def _run_kaiming(
    m: ModuleType, rng: Generator, shape: Shape, mode: str, nonlinearity: str, a: float, dtype: str
) -> Array:
    """The weights the initializer writes into a tensor of zeros."""
    Tensor = companion(m, "engine.tensor").Tensor
    tensor = Tensor(np.zeros(shape, dtype=dtype))
    m.kaiming_normal_(tensor, a, mode, nonlinearity, generator=rng)
    return np.asarray(tensor.data)  # filled in place


def _kaiming_statistics(std: float) -> Comparator:
    """Accepts weights drawn from N(0, std^2), filled into the tensor's own array."""
    erf = np.vectorize(math.erf)

    def cdf(x: Array) -> Array:  # of N(0, std^2)
        return 0.5 * (1.0 + erf(x / (std * math.sqrt(2.0))))

    def compare(got: Any, expected: Any) -> Mismatch | None:
        if not isinstance(got, np.ndarray) or got.shape != expected.shape:
            return close(got, expected)
        if got.dtype != expected.dtype:
            return Mismatch(
                f"the tensor's dtype changed to {got.dtype} (expected {expected.dtype}): write "
                "into tensor.data[...] so the values land in the existing array"
            )
        what = f"your weights (expected N(0, std^2) with std = {std:.4g})"
        return ks_test(got, cdf, DEFAULT_FALSE_FAILURE, what=what)

    return compare


def _same_std(got: Any, other: Any) -> Mismatch | None:
    """Two initializations behave alike: spreads within 10% of each other."""
    a, b = float(np.std(got)), float(np.std(other))
    return None if b > 0.0 and abs(a / b - 1.0) <= 0.1 else Mismatch("different spreads")


ITSELF = "the tensor passed in"


def _what_kaiming_returns(m: ModuleType, rng: Generator) -> str:
    """What ``kaiming_normal_(w)`` returns: ITSELF for ``w``, else the value's repr."""
    w = companion(m, "engine.tensor").Tensor(np.zeros((4, 3)))
    returned = m.kaiming_normal_(w, generator=rng)
    return ITSELF if returned is w else f"{returned!r:.60}"


@check("training.kaiming-init")
def kaiming_init(t: Trial) -> None:
    for case in KAIMING:
        t.compare(
            case.label, t.rng, case.shape, case.mode, case.nonlinearity, case.a, case.dtype,
            call=_run_kaiming, compare=_kaiming_statistics(case.std()), same=_same_std,
        )  # fmt: skip
    label = "kaiming_normal_(w) on a (4, 3) tensor w: what it returns"
    returned = t.call(label, t.rng, call=_what_kaiming_returns)
    t.require(
        returned == ITSELF,
        label,
        "kaiming_normal_ fills the tensor in place and returns that same tensor, as "
        "PyTorch's init functions do (so `w = kaiming_normal_(torch.empty(3, 4))` works)",
        got=returned,
        expected=ITSELF,
        mistake="no-return",
    )
