"""The pandas pipeline against scikit-learn's: SimpleImputer(median) then
StandardScaler for numeric columns, OneHotEncoder(handle_unknown='ignore') for
categorical ones, fitted on the training rows of the same split.

Tolerance: both take medians, means and population standard deviations of at most 80
float64 values in two passes, so they agree to a few eps relative; rtol 1e-10 and atol
1e-12 leave a wide margin. One-hot columns are exact.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from sklearn.compose import ColumnTransformer
from sklearn.impute import SimpleImputer
from sklearn.model_selection import train_test_split
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler

from groundup.pytools.tabular import preprocess, split_indices


@pytest.fixture
def table() -> pd.DataFrame:
    rng = np.random.default_rng(2)
    n = 80
    age = rng.normal(40, 12, size=n)
    age[rng.random(n) < 0.2] = np.nan
    income = rng.lognormal(10, 0.5, size=n)
    income[rng.random(n) < 0.1] = np.nan
    colour = rng.choice(np.array(["red", "green", "blue", "teal"], dtype=object), size=n)
    colour[rng.random(n) < 0.1] = None
    city = rng.choice(np.array(["Oslo", "Lima"], dtype=object), size=n)
    return pd.DataFrame({"age": age, "income": income, "colour": colour, "city": city})


def sklearn_pipeline(numeric: list[str], categorical: list[str]) -> ColumnTransformer:
    return ColumnTransformer(
        [
            ("num", make_pipeline(SimpleImputer(strategy="median"), StandardScaler()), numeric),
            ("cat", OneHotEncoder(handle_unknown="ignore", sparse_output=False), categorical),
        ]
    )


def test_matches_sklearn_column_transformer(table: pd.DataFrame) -> None:
    numeric, categorical = ["age", "income"], ["colour", "city"]
    train, test = preprocess(table, numeric, categorical, test_size=0.25, seed=4)
    train_pos, test_pos = split_indices(len(table), 0.25, 4)
    ct = sklearn_pipeline(numeric, categorical)
    # sklearn's encoder treats None as its own category; drop that column to compare
    expected_train = ct.fit_transform(table.iloc[train_pos])
    expected_test = ct.transform(table.iloc[test_pos])
    names = [
        n.split("__", 1)[1].replace("colour_", "colour=").replace("city_", "city=")
        for n in ct.get_feature_names_out()
    ]
    keep = [i for i, n in enumerate(names) if not n.endswith(("=None", "=nan"))]
    assert list(train.columns) == [names[i] for i in keep] == list(test.columns)
    np.testing.assert_allclose(train.to_numpy(), expected_train[:, keep], rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(test.to_numpy(), expected_test[:, keep], rtol=1e-10, atol=1e-12)
    assert list(train.index) == list(table.index[train_pos])


def test_split_is_seeded_disjoint_and_sized_like_sklearn(table: pd.DataFrame) -> None:
    train_pos, test_pos = split_indices(len(table), 0.3, 9)
    again = split_indices(len(table), 0.3, 9)
    np.testing.assert_array_equal(train_pos, again[0])
    assert sorted([*train_pos, *test_pos]) == list(range(len(table)))
    sk_train, sk_test = train_test_split(np.arange(len(table)), test_size=0.3, random_state=0)
    assert (len(train_pos), len(test_pos)) == (len(sk_train), len(sk_test))
    other = split_indices(len(table), 0.3, 10)
    assert not np.array_equal(test_pos, other[1])


def test_training_columns_have_mean_0_and_population_std_1(table: pd.DataFrame) -> None:
    train, _ = preprocess(table, ["age", "income"], [], test_size=0.2, seed=1)
    np.testing.assert_allclose(train.mean().to_numpy(), 0.0, atol=1e-12)
    np.testing.assert_allclose(train.std(ddof=0).to_numpy(), 1.0, rtol=1e-12)


def test_unseen_category_in_test_is_all_zeros() -> None:
    df = pd.DataFrame({"x": np.arange(8.0), "c": ["a", "b"] * 4})
    _, test_pos = split_indices(8, 0.25, 0)
    df.loc[df.index[test_pos[0]], "c"] = "z"
    _, test = preprocess(df, ["x"], ["c"], test_size=0.25, seed=0)
    assert "c=z" not in test.columns
    assert test.loc[df.index[test_pos[0]], ["c=a", "c=b"]].sum() == 0.0


def test_missing_column_is_named() -> None:
    with pytest.raises(ValueError, match="'nope'"):
        preprocess(pd.DataFrame({"x": [1.0, 2.0]}), ["nope"], [])
