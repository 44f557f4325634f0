r"""Probability rules, Bayes' theorem and a naive-Bayes spam filter.

Section 1.3 Probability and statistics. Bayes' theorem turns a prior belief over
hypotheses and the likelihood of the evidence under each into a posterior:

.. math:: P(h \mid e) = \frac{P(e \mid h) P(h)}{\sum_{h'} P(e \mid h') P(h')}

The naive-Bayes classifier applies it to documents, treating words as independent
given the class, and works in log space so that products of thousands of small
probabilities do not underflow.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from ._types import FloatArray


def _as_nonnegative(x: npt.ArrayLike, name: str, ndim: int) -> FloatArray:
    arr = np.asarray(x, dtype=np.float64)
    if arr.ndim != ndim:
        raise ValueError(f"expected `{name}` to be a {ndim}-D array, got shape {arr.shape}")
    if not np.all(np.isfinite(arr)) or np.any(arr < 0):
        raise ValueError(f"`{name}` must hold finite, non-negative numbers")
    return arr


def logsumexp(a: npt.ArrayLike) -> float:
    r"""A stable :math:`\log \sum_i e^{a_i}`: shift by the maximum before exponentiating.

    Args:
        a: numbers, shape (k,), k >= 1; ``-inf`` entries are allowed.

    Returns:
        The log of the sum of the exponentials (``-inf`` if every entry is ``-inf``).
    """
    arr = np.asarray(a, dtype=np.float64)
    top = float(np.max(arr))
    if not np.isfinite(top):
        return top
    return top + float(np.log(np.sum(np.exp(arr - top))))


def posterior(prior: npt.ArrayLike, likelihood: npt.ArrayLike) -> FloatArray:
    r"""Bayes' theorem over k hypotheses: :math:`P(h_i \mid e) \propto P(e \mid h_i) P(h_i)`.

    .. math::
        P(h_i \mid e) = \frac{P(e \mid h_i) P(h_i)}{P(e)}, \qquad
        P(e) = \sum_j P(e \mid h_j) P(h_j)

    Args:
        prior: :math:`P(h_i)`, shape (k,), non-negative and summing to 1.
        likelihood: :math:`P(e \mid h_i)`, shape (k,), each in [0, 1]. The likelihoods
            need not sum to 1: they are probabilities of the same evidence under
            different hypotheses.

    Returns:
        The posterior :math:`P(h_i \mid e)`, shape (k,), summing to 1.

    Raises:
        ValueError: if the shapes differ, the prior does not sum to 1, or the evidence
            has probability 0 under every hypothesis with prior mass.
    """
    prior = _as_nonnegative(prior, "prior", 1)
    likelihood = _as_nonnegative(likelihood, "likelihood", 1)
    if prior.shape != likelihood.shape:
        raise ValueError(
            f"`prior` and `likelihood` differ in shape: {prior.shape} vs {likelihood.shape}"
        )
    if abs(prior.sum() - 1.0) > 1e-9:
        raise ValueError(f"`prior` must sum to 1, got {prior.sum():.6g}")
    if not np.any(prior * likelihood > 0):
        raise ValueError("the evidence has probability 0 under every hypothesis: P(e) = 0")
    # exercise: prob.bayes-rule
    joint = likelihood * prior  # P(e, h_i) = P(e | h_i) P(h_i)
    evidence = joint.sum()  # P(e), by the law of total probability
    return joint / evidence
    # end exercise


def count_words(documents: list[list[str]], vocabulary: list[str]) -> FloatArray:
    """Counts how often each vocabulary word occurs across some tokenized documents.

    Args:
        documents: each document a list of words; words outside the vocabulary are skipped.
        vocabulary: the V distinct words, in column order.

    Returns:
        The counts, shape (V,).
    """
    index = {word: i for i, word in enumerate(vocabulary)}
    counts = np.zeros(len(vocabulary))
    for doc in documents:
        for word in doc:
            if word in index:
                counts[index[word]] += 1
    return counts


def word_log_likelihoods(word_counts: npt.ArrayLike, alpha: float = 1.0) -> FloatArray:
    r"""Laplace-smoothed log-probabilities of each word given each class.

    .. math::
        \log P(w \mid c) = \log \frac{N_{c,w} + \alpha}{\sum_{w'} N_{c,w'} + \alpha V}

    Adding :math:`\alpha` pseudo-counts to every word keeps a word never seen in a
    class from getting probability 0 (which would veto the class for any document that
    contains it); adding :math:`\alpha V` to the denominator keeps each row a
    distribution.

    Args:
        word_counts: :math:`N_{c,w}`, how often word w occurs in the training documents
            of class c, shape (C, V).
        alpha: the pseudo-count, >= 0 (1 is Laplace's rule of succession).

    Returns:
        :math:`\log P(w \mid c)`, shape (C, V); each row's exponentials sum to 1.

    Raises:
        ValueError: if the counts are not a non-negative 2-D array, ``alpha`` is
            negative, or a class has no words at all and ``alpha`` is 0.
    """
    N = _as_nonnegative(word_counts, "word_counts", 2)
    if alpha < 0:
        raise ValueError(f"`alpha` must be >= 0, got {alpha}")
    if alpha == 0 and np.any(N.sum(axis=1) == 0):
        raise ValueError("a class with no words needs alpha > 0")
    # exercise: prob.word-likelihoods
    V = N.shape[1]  # the vocabulary size
    smoothed = N + alpha  # (C, V): alpha pseudo-counts for every word
    totals = N.sum(axis=1, keepdims=True) + alpha * V  # (C, 1): the smoothed row sums
    with np.errstate(divide="ignore"):  # alpha = 0 leaves unseen words at log 0 = -inf
        return np.log(smoothed) - np.log(totals)
    # end exercise


def naive_bayes_log_posterior(
    log_prior: npt.ArrayLike, log_likelihoods: npt.ArrayLike, doc_counts: npt.ArrayLike
) -> FloatArray:
    r"""The log-posterior of each class for one document, under the naive-Bayes model.

    Words are independent given the class, so a document with word counts
    :math:`x_w` has :math:`\log P(c, x) = \log P(c) + \sum_w x_w \log P(w \mid c)`, up
    to a multinomial coefficient that is the same for every class. Normalizing over the
    classes with log-sum-exp gives

    .. math:: \log P(c \mid x) = \log P(c, x) - \log \sum_{c'} e^{\log P(c', x)}

    Args:
        log_prior: :math:`\log P(c)`, shape (C,).
        log_likelihoods: :math:`\log P(w \mid c)`, shape (C, V).
        doc_counts: :math:`x_w`, how often each word occurs in the document, shape (V,).

    Returns:
        :math:`\log P(c \mid x)`, shape (C,); its exponentials sum to 1.

    Raises:
        ValueError: if the shapes do not fit together.
    """
    log_prior = np.asarray(log_prior, dtype=np.float64)
    log_lik = np.asarray(log_likelihoods, dtype=np.float64)
    x = _as_nonnegative(doc_counts, "doc_counts", 1)
    if (
        log_lik.ndim != 2
        or log_prior.shape != (log_lik.shape[0],)
        or x.shape != (log_lik.shape[1],)
    ):
        raise ValueError(
            f"expected log_prior (C,), log_likelihoods (C, V) and doc_counts (V,), got "
            f"{log_prior.shape}, {log_lik.shape} and {x.shape}"
        )
    # exercise: prob.naive-bayes
    # NOTE: 0 * (-inf) is NaN: a word absent from the document must contribute 0 even
    # when its log-likelihood is -inf, so only the words present are summed.
    present = x > 0
    log_joint = log_prior + log_lik[:, present] @ x[present]  # (C,): log P(c) + sum x_w log P(w|c)
    return log_joint - logsumexp(log_joint)  # divide by the evidence P(x), in log space
    # end exercise


class NaiveBayesSpamFilter:
    """A multinomial naive-Bayes classifier for tokenized documents.

    Args:
        alpha: Laplace pseudo-count for :func:`word_log_likelihoods`.

    Attributes:
        vocabulary_: the words seen in training, in column order.
        classes_: the class labels, sorted.
        log_prior_: log class frequencies, shape (C,).
        log_likelihoods_: smoothed :math:`\\log P(w \\mid c)`, shape (C, V).
    """

    def __init__(self, alpha: float = 1.0) -> None:
        self.alpha = alpha

    def fit(self, documents: list[list[str]], labels: list[str]) -> NaiveBayesSpamFilter:
        """Counts words per class and class frequencies; returns ``self``."""
        if len(documents) != len(labels) or not documents:
            raise ValueError("expected as many labels as documents, and at least one of each")
        self.vocabulary_ = sorted({w for doc in documents for w in doc})
        self.classes_ = sorted(set(labels))
        counts = np.stack(
            [
                count_words(
                    [d for d, y in zip(documents, labels, strict=True) if y == c], self.vocabulary_
                )
                for c in self.classes_
            ]
        )  # (C, V)
        freq = np.array([labels.count(c) for c in self.classes_], dtype=np.float64)
        self.log_prior_ = np.log(freq / freq.sum())
        self.log_likelihoods_ = word_log_likelihoods(counts, self.alpha)
        return self

    def predict_log_proba(self, document: list[str]) -> FloatArray:
        """The log-posterior of each class for one document, shape (C,)."""
        if not hasattr(self, "log_prior_"):
            raise RuntimeError("call fit() before predict_log_proba()")
        x = count_words([document], self.vocabulary_)
        return naive_bayes_log_posterior(self.log_prior_, self.log_likelihoods_, x)

    def predict(self, document: list[str]) -> str:
        """The most probable class of one document."""
        return self.classes_[int(np.argmax(self.predict_log_proba(document)))]
