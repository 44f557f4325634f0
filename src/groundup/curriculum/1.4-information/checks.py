"""Checks for section 1.4, Information theory.

Each exercise is a table of cases, simple to hard, and one loop that runs the learner's
function and the reference on them: from a small hand-made distribution to random ones,
with the edge cases that break naive code: zero probabilities (0 log 0 = 0), a q that
misses part of p's support (infinite KL), a single outcome, and unnormalized inputs
(rejected before the learner's code runs, so only the reference's validation is
exercised there).
"""

from __future__ import annotations

import math

import numpy as np

from groundup.testing import Case

# NOTE: `cases` from its module: the package's attribute `cases` is the module itself.
from groundup.testing.table import Inputs, cases


def _distribution(r: np.random.Generator, k: int, zeros: int = 0) -> np.ndarray:
    """A random distribution over k outcomes, with ``zeros`` of them set to probability 0."""
    p = r.dirichlet(np.ones(k))
    if zeros:
        p[r.choice(k, size=zeros, replace=False)] = 0.0
        p /= p.sum()
    return p


def _joint(r: np.random.Generator, shape: tuple[int, int], zeros: list[tuple[int, int]]) -> Inputs:
    """A random joint distribution of this shape with the cells ``zeros`` set to 0."""
    joint = r.dirichlet(np.ones(shape[0] * shape[1])).reshape(shape)
    for cell in zeros:
        joint[cell] = 0.0
    return (joint / joint.sum(),)


def _independent(r: np.random.Generator) -> Inputs:
    """A 3x4 joint distribution of independent X and Y: the outer product of marginals."""
    return (np.outer(_distribution(r, 3), _distribution(r, 4)),)


# -- info.entropy ---------------------------------------------------------------------------

ENTROPY = [
    Case("a fair coin in bits: 1 bit", (np.array([0.5, 0.5]), 2.0)),
    Case("a fair coin in nats (the default base e)", (np.array([0.5, 0.5]),)),
    Case("a fair 8-sided die in bits: 3 bits", (np.full(8, 1 / 8), 2.0)),
    Case("a certain outcome [1.0]: zero entropy", (np.array([1.0]), 2.0)),
    Case("a zero probability, in bits (0 log 0 = 0)", (np.array([0.5, 0.25, 0.25, 0.0]), 2.0)),
    Case("a random distribution over 10 outcomes, base 10", lambda r: (_distribution(r, 10), 10.0)),
    Case("20 zeros among 50 random outcomes, base 2", lambda r: (_distribution(r, 50, 20), 2.0)),
    Case("unnormalized p = [1, 1]", (np.ones(2),), raises=ValueError, why="for a p that sums to 2"),
]
entropy = cases("info.entropy", ENTROPY)

# -- info.conditional-entropy --------------------------------------------------------------

CONDITIONAL_ENTROPY = [
    Case("weather x umbrella, 2x2, in bits", (np.array([[0.6, 0.1], [0.05, 0.25]]), 2.0)),
    Case("Y determined by X: H(Y | X) = 0", (np.array([[0.3, 0.0], [0.0, 0.7]]), 2.0)),
    Case("independent X and Y (3x4): H(Y | X) = H(Y)", _independent),
    Case("a single cell [[1.0]]", (np.array([[1.0]]),)),
    Case("a 1x3 joint (X constant): H(Y | X) = H(Y)", (np.array([[0.2, 0.3, 0.5]]), 2.0)),
    Case(
        "a random 4x6 joint with 2 zero cells, in nats",
        lambda r: _joint(r, (4, 6), [(1, 2), (2, 5)]),
    ),
]
conditional_entropy = cases("info.conditional-entropy", CONDITIONAL_ENTROPY)

# -- info.kl-divergence ---------------------------------------------------------------------


def _equal(r: np.random.Generator) -> Inputs:
    p = _distribution(r, 6)
    return p, p.copy()


KL_DIVERGENCE = [
    Case("p = [0.8, 0.2], q = [0.5, 0.5] in bits", (np.array([0.8, 0.2]), np.full(2, 0.5), 2.0)),
    Case("p = q: the divergence is 0", _equal),
    Case("a single outcome, p = q = [1]: the divergence is 0", (np.ones(1), np.ones(1))),
    Case(
        "random p and q over 8 outcomes (nats)",
        lambda r: (_distribution(r, 8), _distribution(r, 8)),
    ),
    Case("p has zeros where q does not", (np.array([0.5, 0.5, 0.0]), np.array([0.25, 0.25, 0.5]))),
    Case(
        "q = 0 where p > 0: the divergence is infinite",
        (np.array([0.25, 0.25, 0.5]), np.array([0.5, 0.5, 0.0])),
    ),
    Case(
        "random p with 10 zeros and q over 30 outcomes, base 2",
        lambda r: (_distribution(r, 30, zeros=10), _distribution(r, 30), 2.0),
    ),
    Case(
        "q sums to 1.1",
        (np.full(2, 0.5), np.array([0.5, 0.6])),
        raises=ValueError,
        why="for a q that does not sum to 1",
    ),
]
kl_divergence = cases("info.kl-divergence", KL_DIVERGENCE)

# -- info.kl-normal -------------------------------------------------------------------------


def _random_normals(r: np.random.Generator) -> Inputs:
    mu1, mu2 = r.normal(size=2)
    s1, s2 = r.uniform(0.2, 3.0, size=2)
    return float(mu1), float(s1), float(mu2), float(s2)


KL_NORMAL = [
    Case("N(0, 1) against itself: 0", (0.0, 1.0, 0.0, 1.0)),
    Case("N(1, 1) against N(0, 1): (mu1 - mu2)^2 / 2 = 0.5", (1.0, 1.0, 0.0, 1.0)),
    Case("N(0, 1) against N(0, 2^2): only the spreads differ", (0.0, 1.0, 0.0, 2.0)),
    Case("random means and spreads", _random_normals),
    Case("a narrow p inside a wide q: N(0, 0.01^2) against N(0, 10^2)", (0.0, 0.01, 0.0, 10.0)),
    Case("far-apart means: N(1000, 1) against N(-1000, 3^2)", (1000.0, 1.0, -1000.0, 3.0)),
    Case(
        "sigma1 = 0", (0.0, 0.0, 0.0, 1.0), raises=ValueError, why="for sigma1 = 0 (not a density)"
    ),
]
kl_normal = cases("info.kl-normal", KL_NORMAL)

# -- info.mutual-information ----------------------------------------------------------------

MUTUAL_INFORMATION = [
    Case("X = Y, a fair bit: I = H(X) = 1 bit", (np.array([[0.5, 0.0], [0.0, 0.5]]), 2.0)),
    Case("a dependent 2x3 joint, in nats", (np.array([[0.3, 0.1, 0.05], [0.05, 0.2, 0.3]]),)),
    Case("independent X and Y (3x4 outer product): I = 0", _independent),
    Case("a single cell [[1.0]]: I = 0", (np.array([[1.0]]),)),
    Case(
        "a random 5x4 joint with 2 zero cells, in bits",
        lambda r: (*_joint(r, (5, 4), [(0, 1), (3, 2)]), 2.0),
    ),
    Case(
        "a joint that sums to 2",
        (np.array([[1.0, 0.5], [0.25, 0.25]]),),
        raises=ValueError,
        why="for a joint distribution that does not sum to 1",
    ),
]
mutual_information = cases("info.mutual-information", MUTUAL_INFORMATION)

# -- info.perplexity ------------------------------------------------------------------------

PERPLEXITY = [
    Case("one token with probability 1/4: perplexity 4", (np.array([math.log(0.25)]),)),
    Case("two tokens with probabilities 1/2 and 1/8: perplexity 4", (np.log([0.5, 0.125]),)),
    Case("every token certain (log p = 0): perplexity 1", (np.zeros(5),)),
    Case("uniform guesses among 50 tokens: perplexity 50", (np.full(200, -math.log(50)),)),
    Case("1000 random log-probabilities", lambda r: (np.log(r.uniform(0.01, 1.0, size=1000)),)),
]
perplexity = cases("info.perplexity", PERPLEXITY)

# -- info.information-gain ------------------------------------------------------------------


def _noisy_split(r: np.random.Generator) -> Inputs:
    y = r.integers(0, 3, size=200)
    return y, (y == 0) ^ (r.random(200) < 0.1), math.e


INFORMATION_GAIN = [
    Case("a perfect split of [0, 0, 1, 1]: gain 1 bit", (np.array([0, 0, 1, 1]), np.arange(4) < 2)),
    Case("an uneven split of 10 labels", (np.repeat([0, 1], [3, 7]), np.arange(10) < 4)),
    Case("both sides mixed like the parent: gain 0", (np.array([0, 1, 0, 1]), np.arange(4) < 2)),
    Case("all go left (one side empty): gain 0", (np.array([0, 1, 2, 1]), np.ones(4, dtype=bool))),
    Case("a single example", (np.array([3]), np.array([False]))),
    Case("200 labels in 3 classes, split by a noisy rule, in nats", _noisy_split),
]
information_gain = cases("info.information-gain", INFORMATION_GAIN)
