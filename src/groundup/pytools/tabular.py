"""A small pandas preprocessing pipeline: split, fill, encode, standardize.

Section 0.1 Python and the scientific stack. The rule that makes such a pipeline
correct is that every statistic (a median to fill with, a mean and a standard
deviation, the list of categories) is learned from the **training** rows only and then
applied unchanged to the test rows; computing them on all rows leaks the test set into
training. scikit-learn's ``Pipeline`` and ``ColumnTransformer`` enforce the same rule
with ``fit`` on train and ``transform`` on both.

pandas is imported inside the function, so importing this module stays instant.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    import pandas as pd


def split_indices(n_samples: int, test_size: float, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """A seeded random split of ``range(n_samples)`` into train and test positions.

    ``perm = np.random.default_rng(seed).permutation(n_samples)``; the first
    ``ceil(test_size * n_samples)`` positions of ``perm`` are the test set (as
    scikit-learn rounds), the rest the training set.

    Returns:
        ``(train_positions, test_positions)``, integer arrays.

    Raises:
        ValueError: if ``test_size`` is not in (0, 1) or a part would be empty.
    """
    if not 0 < test_size < 1:
        raise ValueError(f"test_size must be in (0, 1), got {test_size}")
    n_test = math.ceil(test_size * n_samples)
    if n_test >= n_samples:
        raise ValueError(f"test_size={test_size} leaves no training rows out of {n_samples}")
    perm = np.random.default_rng(seed).permutation(n_samples)
    return perm[n_test:], perm[:n_test]


def preprocess(
    df: pd.DataFrame,
    numeric: Sequence[str],
    categorical: Sequence[str],
    test_size: float = 0.25,
    seed: int = 0,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Splits a table into train and test and turns both into numeric features.

    1. Split the rows with :func:`split_indices` (``df.iloc`` positions; the original
       index labels are kept).
    2. Numeric columns: fill missing values with the *training* median, then
       standardize with the *training* mean and population standard deviation
       (``ddof=0``; a constant column is divided by 1).
    3. Categorical columns: one column ``f"{col}={value}"`` per value seen in the
       *training* rows, in sorted order, holding 1.0 or 0.0; a value never seen in
       training, or a missing value, gives all zeros.

    Output columns: the numeric columns in the given order, then the one-hot columns
    of each categorical column in the given order. Other columns are dropped.

    Args:
        df: the table.
        numeric: names of numeric columns.
        categorical: names of categorical (string) columns.
        test_size: fraction of rows for the test set, in (0, 1).
        seed: seeds the split.

    Returns:
        ``(train, test)``: float64 DataFrames with the same columns.

    Raises:
        ValueError: if a named column is missing or ``test_size`` is out of range.
    """
    import pandas as pd

    absent = [c for c in [*numeric, *categorical] if c not in df.columns]
    if absent:
        raise ValueError(f"columns {absent} are not in the table; it has {list(df.columns)}")
    # exercise: python.preprocess
    train_pos, test_pos = split_indices(len(df), test_size, seed)
    train, test = df.iloc[train_pos], df.iloc[test_pos]
    parts_train: list[pd.DataFrame] = []
    parts_test: list[pd.DataFrame] = []
    for col in numeric:  # a loop over columns is fine: each step is vectorized
        median = train[col].median()
        filled_train = train[col].fillna(median).astype(float)
        filled_test = test[col].fillna(median).astype(float)
        mean = filled_train.mean()
        std = filled_train.std(ddof=0)  # NOTE: pandas' default is ddof=1
        std = std if std > 0 else 1.0
        parts_train.append(((filled_train - mean) / std).to_frame(col))
        parts_test.append(((filled_test - mean) / std).to_frame(col))
    for col in categorical:
        for value in sorted(train[col].dropna().unique()):
            name = f"{col}={value}"
            parts_train.append((train[col] == value).astype(float).to_frame(name))
            parts_test.append((test[col] == value).astype(float).to_frame(name))
    return pd.concat(parts_train, axis=1), pd.concat(parts_test, axis=1)
    # end exercise
