"""Checks for section 4.4, Training deep networks.

Optimizer exercises run several update steps on the same random gradients in the
learner's code and the reference and compare every intermediate parameter (and the
gradients afterwards: an optimizer must not change ``p.grad``). Layer exercises build
the learner's own ``Tensor`` from the module handed in (``m.Tensor``), run forward and
backward with a random upstream gradient, and compare outputs and gradients.
Randomized exercises (dropout, Kaiming init) are checked statistically with
groundup.testing.stats, each case at false-failure rate 1e-6.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from types import ModuleType
from typing import Any

import numpy as np

from groundup.testing import Mismatch, Trial, check, close
from groundup.testing.stats import ks_test, mean_test

FALSE_FAILURE = 1e-6


def _grads(rng: np.random.Generator, shape: tuple[int, ...], steps: int) -> list[np.ndarray]:
    """Random gradients of varied size (one step 10x larger), so no step is special."""
    return [rng.normal(size=shape) * (10.0 if k == 2 else 1.0) for k in range(steps)]


# -- training.sgd-momentum and training.nesterov -------------------------------------------


def _run_sgd(m: ModuleType, case: dict[str, Any]) -> tuple[np.ndarray, np.ndarray]:
    """Every parameter value along the run, and the gradients after it."""
    param, grads = case["param"], case["grads"]
    buf = None
    history = []
    for g in grads:
        buf = m.sgd_step(param, g, buf, **case["options"])
        history.append(param.copy())
    return np.stack(history), np.stack(grads)


def _sgd_case(rng: np.random.Generator, shape: tuple[int, ...], steps: int, **options: Any) -> Any:
    return {"param": rng.normal(size=shape), "grads": _grads(rng, shape, steps), "options": options}


@check("training.sgd-momentum")
def sgd_momentum(t: Trial) -> None:
    run = _run_sgd
    t.compare(
        "plain SGD (momentum 0), one step on one number",
        _sgd_case(t.rng, (1,), 1, lr=0.1),
        call=run,
    )
    t.compare(
        "momentum 0.9, 5 steps on a vector of 4",
        _sgd_case(t.rng, (4,), 5, lr=0.1, momentum=0.9),
        call=run,
    )
    t.compare(
        "momentum 0.9 with dampening 0.5, 5 steps",
        _sgd_case(t.rng, (4,), 5, lr=0.1, momentum=0.9, dampening=0.5),
        call=run,
    )
    t.compare(
        "momentum 0.8 with weight decay 0.1, 5 steps on a 3x2 matrix",
        _sgd_case(t.rng, (3, 2), 5, lr=0.05, momentum=0.8, weight_decay=0.1),
        call=run,
    )
    t.compare(
        "weight decay without momentum, 3 steps",
        _sgd_case(t.rng, (5,), 3, lr=0.1, weight_decay=0.5),
        call=run,
    )
    t.compare(
        "an empty parameter (shape (0,)), momentum 0.9",
        _sgd_case(t.rng, (0,), 3, lr=0.1, momentum=0.9),
        call=run,
    )


@check("training.nesterov")
def nesterov(t: Trial) -> None:
    rng = t.rng
    t.compare("one number: grad 1, buffer 2, momentum 0.5", np.array([1.0]), np.array([2.0]), 0.5)
    t.compare("vectors of 6, momentum 0.9", rng.normal(size=6), rng.normal(size=6), 0.9)
    t.compare("a 3x4 matrix, momentum 0.99", rng.normal(size=(3, 4)), rng.normal(size=(3, 4)), 0.99)
    t.compare(
        "SGD with Nesterov momentum 0.9, 6 steps (your sgd_step calls your direction)",
        _sgd_case(rng, (5,), 6, lr=0.1, momentum=0.9, nesterov=True),
        call=_run_sgd,
    )
    t.compare(
        "Nesterov with weight decay 0.1, 6 steps",
        _sgd_case(rng, (2, 3), 6, lr=0.05, momentum=0.8, weight_decay=0.1, nesterov=True),
        call=_run_sgd,
    )


# -- training.rmsprop ------------------------------------------------------------------------


def _run_rmsprop(m: ModuleType, case: dict[str, Any]) -> tuple[np.ndarray, np.ndarray]:
    param, grads, options = case["param"], case["grads"], case["options"]
    state = m.init_rmsprop_state(
        param, options.get("momentum", 0.0), options.get("centered", False)
    )
    history = []
    for g in grads:
        m.rmsprop_step(param, g, state, **options)
        history.append(param.copy())
    return np.stack(history), np.stack(grads)


@check("training.rmsprop")
def rmsprop(t: Trial) -> None:
    run = _run_rmsprop
    t.compare(
        "one step on one number (lr 0.01, alpha 0.99, eps 1e-8)",
        _sgd_case(t.rng, (1,), 1, lr=0.01),
        call=run,
    )
    t.compare(
        "alpha 0.9, eps 1e-3, 6 steps on a vector",
        _sgd_case(t.rng, (5,), 6, lr=0.01, alpha=0.9, eps=1e-3),
        call=run,
    )
    t.compare(
        "tiny gradients (1e-6): eps decides the step",
        {"param": t.rng.normal(size=4), "grads": [1e-6 * t.rng.normal(size=4) for _ in range(4)],
         "options": {"lr": 0.01, "eps": 1e-8}},
        call=run,
    )  # fmt: skip
    t.compare(
        "centered, 6 steps",
        _sgd_case(t.rng, (3, 2), 6, lr=0.01, centered=True),
        call=run,
    )
    t.compare(
        "momentum 0.9, 6 steps",
        _sgd_case(t.rng, (4,), 6, lr=0.01, momentum=0.9),
        call=run,
    )
    t.compare(
        "centered with momentum 0.5 and weight decay 0.1, 6 steps",
        _sgd_case(t.rng, (4,), 6, lr=0.01, centered=True, momentum=0.5, weight_decay=0.1),
        call=run,
    )


# -- training.adam and training.adamw --------------------------------------------------------


def _adam_runner(name: str) -> Callable[[ModuleType, dict[str, Any]], Any]:
    def run(m: ModuleType, case: dict[str, Any]) -> tuple[np.ndarray, np.ndarray]:
        param, grads, options = case["param"], case["grads"], case["options"]
        state = m.init_adam_state(param, options.get("amsgrad", False))
        history = []
        for g in grads:
            getattr(m, name)(param, g, state, **options)
            history.append(param.copy())
        return np.stack(history), np.stack(grads)

    return run


@check("training.adam")
def adam(t: Trial) -> None:
    run = _adam_runner("adam_step")
    t.compare("one step on one number (lr 0.1)", _sgd_case(t.rng, (1,), 1, lr=0.1), call=run)
    t.compare(
        "8 steps on a vector of 5 (default betas)",
        _sgd_case(t.rng, (5,), 8, lr=0.01),
        call=run,
    )
    t.compare(
        "betas (0.5, 0.6), eps 1e-3, 6 steps on a 2x3 matrix",
        _sgd_case(t.rng, (2, 3), 6, lr=0.01, beta1=0.5, beta2=0.6, eps=1e-3),
        call=run,
    )
    t.compare(
        "L2 weight decay 0.1, 6 steps",
        _sgd_case(t.rng, (4,), 6, lr=0.01, weight_decay=0.1),
        call=run,
    )
    t.compare(
        "amsgrad, 8 steps (one large gradient at step 3)",
        _sgd_case(t.rng, (4,), 8, lr=0.01, amsgrad=True),
        call=run,
    )
    t.compare(
        "large gradients (1e6): Adam's step size does not depend on the scale",
        {"param": t.rng.normal(size=3), "grads": [1e6 * t.rng.normal(size=3) for _ in range(4)],
         "options": {"lr": 0.01}},
        call=run,
    )  # fmt: skip


@check("training.adamw")
def adamw(t: Trial) -> None:
    run = _adam_runner("adamw_step")
    t.compare(
        "one step on one number (lr 0.1, weight decay 0.1)",
        _sgd_case(t.rng, (1,), 1, lr=0.1, weight_decay=0.1),
        call=run,
    )
    t.compare(
        "weight decay 0: AdamW is Adam",
        _sgd_case(t.rng, (4,), 5, lr=0.01, weight_decay=0.0),
        call=run,
    )
    t.compare(
        "lr 0.01, weight decay 0.5, 8 steps on a 2x3 matrix",
        _sgd_case(t.rng, (2, 3), 8, lr=0.01, weight_decay=0.5),
        call=run,
    )
    t.compare(
        "amsgrad with weight decay 0.1, 6 steps",
        _sgd_case(t.rng, (5,), 6, lr=0.05, weight_decay=0.1, amsgrad=True),
        call=run,
    )
    t.compare(
        "large gradients (1e6) and weight decay 1.0: the decay is not rescaled",
        {"param": t.rng.normal(size=3), "grads": [1e6 * t.rng.normal(size=3) for _ in range(4)],
         "options": {"lr": 0.01, "weight_decay": 1.0}},
        call=run,
    )  # fmt: skip


# -- training.clip-grad-norm -----------------------------------------------------------------


def _run_clip(m: ModuleType, grads: list[np.ndarray | None], max_norm: float, **kw: Any) -> Any:
    params = []
    for g in grads:
        p = m.Tensor(np.zeros(1 if g is None else g.shape), requires_grad=True)
        p.grad = None if g is None else g.copy()
        params.append(p)
    total = m.clip_grad_norm_(params, max_norm, **kw)
    total = float(np.asarray(getattr(total, "data", total)))
    after = [np.zeros(0) if p.grad is None else np.asarray(p.grad) for p in params]
    return (total, *after)


@check("training.clip-grad-norm")
def clip_grad_norm(t: Trial) -> None:
    rng = t.rng
    t.compare(
        "one parameter with norm 5 below max_norm 10: unchanged, returns 5",
        [np.array([3.0, 4.0])],
        10.0,
        call=_run_clip,
    )
    t.compare(
        "two parameters, global norm about 13 above max_norm 1",
        [np.array([3.0, 4.0]), np.array([[12.0], [0.0]])],
        1.0,
        call=_run_clip,
    )
    t.compare(
        "three random parameters, max_norm 0.5",
        [rng.normal(size=(3, 4)), rng.normal(size=5), rng.normal(size=(2, 2, 2))],
        0.5,
        call=_run_clip,
    )
    t.compare(
        "a parameter without a gradient (None) is skipped",
        [rng.normal(size=3), None, rng.normal(size=4) * 10],
        1.0,
        call=_run_clip,
    )
    t.compare(
        "all-zero gradients: norm 0, no division by zero",
        [np.zeros(3), np.zeros((2, 2))],
        1.0,
        call=_run_clip,
    )
    t.compare(
        "infinity norm (the largest absolute entry), max_norm 2",
        [rng.normal(size=4) * 5, rng.normal(size=3)],
        2.0,
        call=_run_clip,
        norm_type=math.inf,
    )
    t.compare(
        "1-norm, max_norm 3",
        [rng.normal(size=4), rng.normal(size=(2, 3))],
        3.0,
        call=_run_clip,
        norm_type=1.0,
    )
    t.compare(
        "huge gradients (1e150 each, global norm about 1.7e150)",
        [np.full(3, 1e150)],
        1.0,
        call=_run_clip,
    )


# -- training.cosine-warmup ------------------------------------------------------------------


def _schedule(m: ModuleType, steps: int, max_lr: float, warmup: int, total: int, lo: float) -> Any:
    return np.array([m.cosine_warmup_lr(s, max_lr, warmup, total, lo) for s in range(steps)])


@check("training.cosine-warmup")
def cosine_warmup(t: Trial) -> None:
    t.compare(
        "warm-up 4, total 20, max 1.0, min 0.1, steps 0..24",
        25, 1.0, 4, 20, 0.1, call=_schedule,
    )  # fmt: skip
    t.compare("no warm-up (0), total 10, min 0", 14, 6e-4, 0, 10, 0.0, call=_schedule)
    t.compare("warm-up 1, total 2: the shortest schedule", 5, 0.5, 1, 2, 0.05, call=_schedule)
    t.compare(
        "nanoGPT's shape: warm-up 100, total 2000, min = max / 10",
        2100, 1e-3, 100, 2000, 1e-4, call=_schedule,
    )  # fmt: skip


# -- training.dropout ------------------------------------------------------------------------


def _run_dropout(
    m: ModuleType,
    rng: np.random.Generator,
    x: np.ndarray,
    p: float,
    training: bool,
    upstream: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """``(y / x, grad / upstream)``: the mask times the scale, seen forward and backward."""
    xt = m.Tensor(x, requires_grad=True)
    y = m.dropout(xt, p, training, rng)
    if y.requires_grad:
        y.backward(upstream)
    grad = np.zeros_like(x) if xt.grad is None else np.asarray(xt.grad, dtype=np.float64)
    return np.asarray(y.data, dtype=np.float64) / x, grad / upstream


def _dropout_statistics(p: float) -> Callable[[Any, Any], Mismatch | None]:
    """Accepts any mask with P(zero) = p whose kept elements are scaled by 1/(1-p)."""

    def compare(got: Any, _expected: Any) -> Mismatch | None:
        forward, backward = got
        zeros = forward == 0
        rate = mean_test(
            zeros, p, math.sqrt(p * (1 - p)), FALSE_FAILURE, what="the fraction of zeroed elements"
        )
        if rate is not None:
            return rate
        kept = forward[~zeros]
        scaled = close(
            kept, np.full(kept.shape, 1.0 / (1.0 - p)), 1e-6, 0.0, "y / x on kept elements "
        )
        if scaled is not None:
            return Mismatch(
                f"kept elements should be scaled by 1 / (1 - p) = {1 / (1 - p):.4g}: "
                + scaled.message,
                scaled.details,
            )
        return close(backward, forward, 1e-6, 0.0, "the gradient (divided by the upstream one) ")

    return compare


def _same_dropout(got: Any, other: Any) -> Mismatch | None:
    """Two dropouts behave alike: same zero rate (within 0.05) and same scales."""
    for a, b in zip(got, other, strict=True):
        if abs(float((a == 0).mean()) - float((b == 0).mean())) > 0.05:
            return Mismatch("different zero rates")
        scales_a = set(np.round(a[a != 0], 6).tolist())
        scales_b = set(np.round(b[b != 0], 6).tolist())
        if scales_a != scales_b:
            return Mismatch("different scales")
    return None


@check("training.dropout")
def dropout(t: Trial) -> None:
    rng = t.rng

    def data(shape: tuple[int, ...]) -> np.ndarray:  # no zeros, so y / x is defined
        return rng.uniform(0.5, 2.0, size=shape) * rng.choice([-1.0, 1.0], size=shape)

    for p, shape in ((0.2, (200, 100)), (0.5, (40, 30, 20)), (0.9, (5000,))):
        t.compare(
            f"training, p = {p}, input of shape {shape}",
            rng, data(shape), p, True, rng.normal(size=shape),
            call=_run_dropout, compare=_dropout_statistics(p), same=_same_dropout,
        )  # fmt: skip
    t.compare(
        "evaluation (training=False), p = 0.5: the identity",
        rng, data((50, 40)), 0.5, False, rng.normal(size=(50, 40)),
        call=_run_dropout, same=_same_dropout,
    )  # fmt: skip
    t.compare(
        "training with p = 0: the identity",
        rng, data((30, 3)), 0.0, True, rng.normal(size=(30, 3)),
        call=_run_dropout, same=_same_dropout,
    )  # fmt: skip
    t.compare(
        "training with p = 1: everything dropped, no division by zero",
        rng, data((30, 3)), 1.0, True, rng.normal(size=(30, 3)),
        call=_run_dropout, same=_same_dropout,
    )  # fmt: skip


# -- training.batchnorm-train-eval -----------------------------------------------------------


def _run_batch_norm(m: ModuleType, case: dict[str, Any]) -> tuple[np.ndarray, ...]:
    """Runs the batches in order; returns every output, running statistic and x-gradient."""
    C = case["batches"][0][0].shape[1]
    tracked = case.get("tracked", True)
    rm = np.zeros(C) if tracked else None
    rv = np.ones(C) if tracked else None
    if "start" in case:
        rm, rv = case["start"][0].copy(), case["start"][1].copy()
    w = m.Tensor(case["weight"], requires_grad=True)
    b = m.Tensor(case["bias"], requires_grad=True)
    out: list[np.ndarray] = []
    for x, training in case["batches"]:
        xt = m.Tensor(x, requires_grad=True)
        y = m.batch_norm(xt, rm, rv, w, b, training, case.get("momentum", 0.1), 1e-5)
        y.backward(np.cos(np.arange(y.data.size)).reshape(y.data.shape))
        out.append(np.asarray(y.data))
        out.append(np.zeros(0) if rm is None else rm.copy())
        out.append(np.zeros(0) if rv is None else rv.copy())
        out.append(np.asarray(xt.grad))
    return tuple(out)


def _bn_case(t: Trial, shape: tuple[int, ...], modes: list[bool], **extra: Any) -> dict[str, Any]:
    C = shape[1]
    batches = [(t.rng.normal(size=shape) * 2.0 + 1.0, mode) for mode in modes]
    case = {"batches": batches, "weight": t.rng.normal(size=C), "bias": t.rng.normal(size=C)}
    case.update(extra)
    return case


@check("training.batchnorm-train-eval")
def batchnorm_train_eval(t: Trial) -> None:
    run = _run_batch_norm
    t.compare("training, one batch of shape (8, 3)", _bn_case(t, (8, 3), [True]), call=run)
    C = 3
    start = (t.rng.normal(size=C), t.rng.uniform(0.5, 2.0, size=C))
    t.compare(
        "evaluation with given running statistics, shape (8, 3)",
        _bn_case(t, (8, 3), [False], start=start),
        call=run,
    )
    t.compare(
        "three training batches of shape (4, 3, 5), then evaluation",
        _bn_case(t, (4, 3, 5), [True, True, True, False]),
        call=run,
    )
    t.compare(
        "images (2, 4, 3, 3): train, eval, train, eval, momentum 0.3",
        _bn_case(t, (2, 4, 3, 3), [True, False, True, False], momentum=0.3),
        call=run,
    )
    t.compare(
        "the smallest batch: two samples of shape (2, 2)",
        _bn_case(t, (2, 2), [True, False]),
        call=run,
    )
    t.compare(
        "training without running statistics (None)",
        _bn_case(t, (6, 2), [True], tracked=False),
        call=run,
    )


# -- training.layernorm ----------------------------------------------------------------------


def _run_layer_norm(
    m: ModuleType, x: np.ndarray, shape: tuple[int, ...], affine: bool, seed: int
) -> tuple[np.ndarray, ...]:
    rng = np.random.default_rng(seed)
    xt = m.Tensor(x, requires_grad=True)
    w = m.Tensor(rng.normal(size=shape), requires_grad=True) if affine else None
    b = m.Tensor(rng.normal(size=shape), requires_grad=True) if affine else None
    y = m.layer_norm(xt, shape, w, b, 1e-5)
    y.backward(rng.normal(size=y.data.shape))
    grads = [np.asarray(xt.grad)]
    if affine:
        grads += [np.asarray(w.grad), np.asarray(b.grad)]
    return (np.asarray(y.data), *grads)


@check("training.layernorm")
def layernorm(t: Trial) -> None:
    rng = t.rng
    seed = int(rng.integers(1 << 30))
    run = _run_layer_norm
    t.compare("a batch of 4 vectors of 6, with gamma and beta", rng.normal(size=(4, 6)) * 2 + 1,
              (6,), True, seed, call=run)  # fmt: skip
    t.compare("(B, T, C) = (2, 3, 5) without gamma and beta", rng.normal(size=(2, 3, 5)),
              (5,), False, seed, call=run)  # fmt: skip
    t.compare("normalizing over the last two dimensions (3, 4)", rng.normal(size=(2, 3, 4)),
              (3, 4), True, seed, call=run)  # fmt: skip
    t.compare("a single vector of 7", rng.normal(size=(7,)), (7,), True, seed, call=run)
    t.compare("one element per row: every x_hat is 0", rng.normal(size=(3, 1)), (1,), True,
              seed, call=run)  # fmt: skip
    t.compare("large offset: every entry near 1000", rng.normal(size=(3, 8)) + 1000.0, (8,),
              True, seed, call=run)  # fmt: skip


# -- training.kaiming-init -------------------------------------------------------------------


def _run_kaiming(
    m: ModuleType,
    rng: np.random.Generator,
    shape: tuple[int, ...],
    mode: str,
    nonlinearity: str,
    a: float,
    dtype: str,
) -> np.ndarray:
    tensor = m.Tensor(np.zeros(shape, dtype=dtype))
    m.kaiming_normal_(tensor, a, mode, nonlinearity, generator=rng)
    return np.asarray(tensor.data)  # filled in place


def _kaiming_statistics(std: float) -> Callable[[Any, Any], Mismatch | None]:
    erf = np.vectorize(math.erf)

    def compare(got: Any, expected: Any) -> Mismatch | None:
        if not isinstance(got, np.ndarray) or got.shape != expected.shape:
            return close(got, expected)
        if got.dtype != expected.dtype:
            return Mismatch(
                f"the tensor's dtype changed to {got.dtype} (expected {expected.dtype}): write "
                "into tensor.data[...] so the values land in the existing array"
            )
        return ks_test(
            got,
            lambda x: 0.5 * (1.0 + erf(x / (std * math.sqrt(2.0)))),
            FALSE_FAILURE,
            what=f"your weights (expected N(0, std^2) with std = {std:.4g})",
        )

    return compare


def _same_std(got: Any, other: Any) -> Mismatch | None:
    a, b = float(np.std(got)), float(np.std(other))
    if b == 0.0 or abs(a / b - 1.0) > 0.1:
        return Mismatch("different spreads")
    return None


@check("training.kaiming-init")
def kaiming_init(t: Trial) -> None:
    cases = [
        ("a Linear weight (64, 256), ReLU, fan_in", (64, 256), "fan_in", "relu", 0.0, "float64"),
        ("mode fan_out on a (256, 64) weight", (256, 64), "fan_out", "relu", 0.0, "float64"),
        ("leaky ReLU with slope 0.2, (100, 200)", (100, 200), "fan_in", "leaky_relu", 0.2,
         "float64"),
        ("a conv weight (32, 16, 3, 3): fan_in = 16 * 3 * 3", (32, 16, 3, 3), "fan_in", "relu",
         0.0, "float64"),
        ("tanh, float32 (128, 64): the dtype is kept", (128, 64), "fan_in", "tanh", 0.0,
         "float32"),
    ]  # fmt: skip
    gains = {"relu": math.sqrt(2.0), "tanh": 5.0 / 3}
    for label, shape, mode, nonlinearity, a, dtype in cases:
        rf = math.prod(shape[2:])
        fan = shape[1] * rf if mode == "fan_in" else shape[0] * rf
        gain = gains.get(nonlinearity, math.sqrt(2.0 / (1.0 + a * a)))
        t.compare(
            label, t.rng, shape, mode, nonlinearity, a, dtype,
            call=_run_kaiming, compare=_kaiming_statistics(gain / math.sqrt(fan)), same=_same_std,
        )  # fmt: skip
