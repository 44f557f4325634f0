"""Checks for section 1.4, Information theory.

Every check runs the learner's function and the reference on the same inputs, from a
small hand-made distribution to random ones, with the edge cases that break naive code:
zero probabilities (0 log 0 = 0), a q that misses part of p's support (infinite KL), a
single outcome, and unnormalized inputs (rejected before the learner's code runs, so
only the reference's validation is exercised there).
"""

from __future__ import annotations

import math

import numpy as np

from groundup.testing import Trial, check


def _random_distribution(rng: np.random.Generator, k: int, zeros: int = 0) -> np.ndarray:
    """A random distribution over k outcomes, with ``zeros`` of them set to probability 0."""
    p = rng.dirichlet(np.ones(k))
    if zeros:
        p[rng.choice(k, size=zeros, replace=False)] = 0.0
        p /= p.sum()
    return p


# -- info.entropy ---------------------------------------------------------------------------


@check("info.entropy")
def entropy(t: Trial) -> None:
    t.compare("a fair coin in bits: 1 bit", np.array([0.5, 0.5]), 2.0)
    t.compare("a fair coin in nats (the default base e)", np.array([0.5, 0.5]))
    t.compare("a fair 8-sided die in bits: 3 bits", np.full(8, 1 / 8), 2.0)
    t.compare("a certain outcome [1.0]: zero entropy", np.array([1.0]), 2.0)
    t.compare(
        "a zero probability: [0.5, 0.25, 0.25, 0.0] in bits (0 log 0 = 0)",
        np.array([0.5, 0.25, 0.25, 0.0]),
        2.0,
    )
    t.compare(
        "a random distribution over 10 outcomes, base 10", _random_distribution(t.rng, 10), 10.0
    )
    t.compare(
        "a random distribution over 50 outcomes with 20 zeros, base 2",
        _random_distribution(t.rng, 50, zeros=20),
        2.0,
    )
    t.raises(
        "unnormalized input [1, 1]",
        ValueError,
        np.array([1.0, 1.0]),
        why="for probabilities that do not sum to 1",
    )


# -- info.conditional-entropy --------------------------------------------------------------


@check("info.conditional-entropy")
def conditional_entropy(t: Trial) -> None:
    t.compare(
        "weather x umbrella, 2x2, in bits",
        np.array([[0.6, 0.1], [0.05, 0.25]]),
        2.0,
    )
    t.compare("Y determined by X: H(Y | X) = 0", np.array([[0.3, 0.0], [0.0, 0.7]]), 2.0)
    t.compare(
        "independent X and Y (3x4): H(Y | X) = H(Y)",
        np.outer(_random_distribution(t.rng, 3), _random_distribution(t.rng, 4)),
    )
    t.compare("a single cell [[1.0]]", np.array([[1.0]]))
    t.compare("a 1x3 joint (X constant): H(Y | X) = H(Y)", np.array([[0.2, 0.3, 0.5]]), 2.0)
    joint = t.rng.dirichlet(np.ones(24)).reshape(4, 6)
    joint[1, 2] = joint[2, 5] = 0.0
    joint /= joint.sum()
    t.compare("a random 4x6 joint with two zero cells, in nats", joint)


# -- info.kl-divergence ---------------------------------------------------------------------


@check("info.kl-divergence")
def kl_divergence(t: Trial) -> None:
    t.compare(
        "p = [0.8, 0.2], q = [0.5, 0.5] in bits", np.array([0.8, 0.2]), np.array([0.5, 0.5]), 2.0
    )
    p = _random_distribution(t.rng, 6)
    t.compare("p = q: the divergence is 0", p, p.copy())
    t.compare(
        "random p and q over 8 outcomes (nats)",
        _random_distribution(t.rng, 8),
        _random_distribution(t.rng, 8),
    )
    t.compare(
        "p has zeros where q does not: p = [0.5, 0.5, 0], q = [0.25, 0.25, 0.5]",
        np.array([0.5, 0.5, 0.0]),
        np.array([0.25, 0.25, 0.5]),
    )
    t.compare(
        "q = 0 where p > 0: p = [0.25, 0.25, 0.5], q = [0.5, 0.5, 0] (infinite)",
        np.array([0.25, 0.25, 0.5]),
        np.array([0.5, 0.5, 0.0]),
    )
    t.compare(
        "random p with 10 zeros and q over 30 outcomes, base 2",
        _random_distribution(t.rng, 30, zeros=10),
        _random_distribution(t.rng, 30),
        2.0,
    )
    t.raises(
        "q does not sum to 1",
        ValueError,
        np.array([0.5, 0.5]),
        np.array([0.5, 0.6]),
        why="for a q that does not sum to 1",
    )


# -- info.kl-normal -------------------------------------------------------------------------


@check("info.kl-normal")
def kl_normal(t: Trial) -> None:
    t.compare("N(0, 1) against itself: 0", 0.0, 1.0, 0.0, 1.0)
    t.compare("N(1, 1) against N(0, 1): (mu1 - mu2)^2 / 2 = 0.5", 1.0, 1.0, 0.0, 1.0)
    t.compare("N(0, 1) against N(0, 2^2): only the spreads differ", 0.0, 1.0, 0.0, 2.0)
    mu1, mu2 = t.rng.normal(size=2)
    s1, s2 = t.rng.uniform(0.2, 3.0, size=2)
    t.compare("random means and spreads", float(mu1), float(s1), float(mu2), float(s2))
    t.compare(
        "a very narrow p inside a wide q: N(0, 0.01^2) against N(0, 10^2)", 0.0, 0.01, 0.0, 10.0
    )
    t.compare("far-apart means: N(1000, 1) against N(-1000, 3^2)", 1000.0, 1.0, -1000.0, 3.0)
    t.raises(
        "a zero standard deviation",
        ValueError,
        0.0,
        0.0,
        0.0,
        1.0,
        why="when sigma1 is 0 (not a density)",
    )


# -- info.mutual-information ----------------------------------------------------------------


@check("info.mutual-information")
def mutual_information(t: Trial) -> None:
    t.compare(
        "X = Y, a fair bit: I = H(X) = 1 bit",
        np.array([[0.5, 0.0], [0.0, 0.5]]),
        2.0,
    )
    t.compare(
        "a dependent 2x3 joint (no zeros), in nats",
        np.array([[0.3, 0.1, 0.05], [0.05, 0.2, 0.3]]),
    )
    p_x = _random_distribution(t.rng, 3)
    p_y = _random_distribution(t.rng, 4)
    t.compare("independent X and Y (3x4 outer product): I = 0", np.outer(p_x, p_y))
    t.compare("a single cell [[1.0]]: I = 0", np.array([[1.0]]))
    joint = t.rng.dirichlet(np.ones(20)).reshape(5, 4)
    joint[0, 1] = joint[3, 2] = 0.0
    joint /= joint.sum()
    t.compare("a random 5x4 joint with two zero cells, in bits", joint, 2.0)
    t.raises(
        "a joint that sums to 2",
        ValueError,
        np.array([[1.0, 0.5], [0.25, 0.25]]),
        why="for a joint distribution that does not sum to 1",
    )


# -- info.perplexity ------------------------------------------------------------------------


@check("info.perplexity")
def perplexity(t: Trial) -> None:
    t.compare("one token with probability 1/4: perplexity 4", np.array([math.log(0.25)]))
    t.compare(
        "two tokens with probabilities 1/2 and 1/8: perplexity 4",
        np.log(np.array([0.5, 0.125])),
    )
    t.compare("every token certain (log p = 0): perplexity 1", np.zeros(5))
    t.compare(
        "uniform guesses over a 50-token vocabulary, 200 tokens: perplexity 50",
        np.full(200, -math.log(50)),
    )
    t.compare(
        "random log-probabilities of 1000 tokens",
        np.log(t.rng.uniform(0.01, 1.0, size=1000)),
    )


# -- info.information-gain ------------------------------------------------------------------


@check("info.information-gain")
def information_gain(t: Trial) -> None:
    t.compare(
        "a perfect split of [0, 0, 1, 1]: gain 1 bit",
        np.array([0, 0, 1, 1]),
        np.array([True, True, False, False]),
    )
    t.compare(
        "an uneven split of 10 labels",
        np.array([0, 0, 0, 1, 1, 1, 1, 1, 1, 1]),
        np.array([True, True, True, True, False, False, False, False, False, False]),
    )
    t.compare(
        "a useless split: both sides have the parent's class mix, gain 0",
        np.array([0, 1, 0, 1]),
        np.array([True, True, False, False]),
    )
    t.compare(
        "every example goes left (one side empty): gain 0",
        np.array([0, 1, 2, 1]),
        np.ones(4, dtype=bool),
    )
    t.compare("a single example", np.array([3]), np.array([False]))
    y = t.rng.integers(0, 3, size=200)
    t.compare(
        "200 labels in 3 classes, split by a noisy rule, in nats",
        y,
        (y == 0) ^ (t.rng.random(200) < 0.1),
        math.e,
    )
