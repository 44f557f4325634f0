"""Section 1.3 Bayes' rule and naive Bayes (groundup.math.probability) against exact
values, SciPy's logsumexp and scikit-learn's MultinomialNB."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.special
from sklearn.naive_bayes import MultinomialNB

from groundup.math.probability import (
    NaiveBayesSpamFilter,
    logsumexp,
    naive_bayes_log_posterior,
    posterior,
    word_log_likelihoods,
)


def test_posterior_disease_example_exact() -> None:
    post = posterior([0.01, 0.99], [0.95, 0.10])
    exact = 0.0095 / (0.0095 + 0.099)  # P(sick | +) by hand
    assert post[0] == pytest.approx(exact, rel=1e-14)
    assert post.sum() == pytest.approx(1.0, rel=1e-15)


def test_posterior_edge_cases() -> None:
    np.testing.assert_array_equal(posterior([1.0], [0.3]), [1.0])
    assert posterior([0.0, 0.6, 0.4], [1.0, 0.2, 0.5])[0] == 0.0
    with pytest.raises(ValueError, match="P\\(e\\) = 0"):
        posterior([0.5, 0.5], [0.0, 0.0])
    with pytest.raises(ValueError, match="sum to 1"):
        posterior([0.5, 0.6], [0.1, 0.1])


def test_logsumexp_matches_scipy() -> None:
    a = np.array([1000.0, 999.0, -np.inf, 998.5])
    assert logsumexp(a) == pytest.approx(scipy.special.logsumexp(a), rel=1e-15)
    assert logsumexp(np.array([-np.inf, -np.inf])) == -np.inf


def test_word_likelihoods_match_sklearn() -> None:
    rng = np.random.default_rng(3)
    counts = rng.poisson(1.5, size=(3, 40)).astype(float)
    counts[1, :5] = 0.0
    for alpha in (1.0, 0.5):
        # MultinomialNB fitted on one "document" per class stores the same smoothed logs
        nb = MultinomialNB(alpha=alpha, force_alpha=True).fit(counts, [0, 1, 2])
        np.testing.assert_allclose(
            word_log_likelihoods(counts, alpha), nb.feature_log_prob_, rtol=1e-13
        )
    rows = np.exp(word_log_likelihoods(counts, 1.0)).sum(axis=1)
    np.testing.assert_allclose(rows, 1.0, rtol=1e-14)  # each row a distribution
    with pytest.raises(ValueError, match="alpha"):
        word_log_likelihoods(np.zeros((2, 3)), 0.0)


def test_naive_bayes_posterior_matches_sklearn_predict_log_proba() -> None:
    rng = np.random.default_rng(5)
    X = rng.poisson(2.0, size=(60, 25)).astype(float)
    y = rng.integers(0, 3, size=60)
    X[y == 2, :5] += 4  # make class 2 distinguishable
    nb = MultinomialNB(alpha=1.0).fit(X, y)
    for doc in X[:10]:
        got = naive_bayes_log_posterior(nb.class_log_prior_, nb.feature_log_prob_, doc)
        # both: a dot product of ~25 terms and a logsumexp; values of order 10-100
        np.testing.assert_allclose(got, nb.predict_log_proba(doc[None])[0], rtol=1e-10, atol=1e-10)


def test_naive_bayes_long_document_and_unseen_words() -> None:
    log_lik = np.log(np.full((2, 50), 1 / 50))
    log_lik[1, 0] = np.log(2 / 50)
    log_lik[1, 1] = np.log(1e-300)
    doc = np.full(50, 100.0)  # 5000 words: the joint probability underflows in float64
    got = naive_bayes_log_posterior(np.log([0.5, 0.5]), log_lik, doc)
    assert np.all(np.isfinite(got))
    assert np.exp(got).sum() == pytest.approx(1.0, rel=1e-12)
    # an absent word with log-likelihood -inf contributes 0, not NaN
    zero = np.array([[-np.inf, np.log(0.5), np.log(0.5)], [np.log(0.2), np.log(0.3), np.log(0.5)]])
    got = naive_bayes_log_posterior(np.log([0.5, 0.5]), zero, np.array([0.0, 2.0, 1.0]))
    expected = np.array([2 * np.log(0.5) + np.log(0.5), 2 * np.log(0.3) + np.log(0.5)])
    np.testing.assert_allclose(got, expected - scipy.special.logsumexp(expected), rtol=1e-13)


def test_spam_filter_end_to_end() -> None:
    docs = [
        ["win", "money", "now"],
        ["cheap", "money", "win", "win"],
        ["meeting", "at", "noon"],
        ["lunch", "meeting", "tomorrow"],
        ["project", "notes", "for", "the", "meeting"],
    ]
    labels = ["spam", "spam", "ham", "ham", "ham"]
    model = NaiveBayesSpamFilter(alpha=1.0).fit(docs, labels)
    assert model.predict(["win", "cheap", "money"]) == "spam"
    assert model.predict(["notes", "for", "lunch"]) == "ham"
    # words never seen in training are ignored: the posterior is the prior
    np.testing.assert_allclose(np.exp(model.predict_log_proba(["zebra"])), [0.6, 0.4], rtol=1e-13)
    with pytest.raises(RuntimeError, match="fit"):
        NaiveBayesSpamFilter().predict_log_proba(["x"])
