"""TrainConfig: the dataclass machinery (frozen, replace, asdict) and its validation."""

from __future__ import annotations

import dataclasses
import json
import math

import pytest

from groundup.pytools.config import TrainConfig


def test_defaults_are_frozen_and_round_trip_through_json() -> None:
    cfg = TrainConfig()
    with pytest.raises(dataclasses.FrozenInstanceError):
        cfg.lr = 1.0  # type: ignore[misc]
    again = TrainConfig.from_dict(json.loads(json.dumps(cfg.to_dict())))
    assert again == cfg and isinstance(again.betas, tuple)
    assert hash(again) == hash(cfg)  # frozen dataclasses are hashable by value


def test_replace_validates_again() -> None:
    cfg = TrainConfig(max_steps=100)
    assert cfg.replace(warmup_steps=100).warmup_steps == 100
    with pytest.raises(ValueError, match="warmup_steps"):
        cfg.replace(warmup_steps=101)


def test_betas_list_becomes_a_tuple_of_floats() -> None:
    cfg = TrainConfig(betas=[0, 0.5])  # type: ignore[arg-type]
    assert cfg.betas == (0.0, 0.5) and all(type(b) is float for b in cfg.betas)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"lr": 0.0}, "lr"),
        ({"lr": -1.0}, "lr"),
        ({"lr": math.nan}, "lr"),
        ({"batch_size": 0}, "batch_size"),
        ({"max_steps": 0}, "max_steps"),
        ({"warmup_steps": -1}, "warmup_steps"),
        ({"weight_decay": -0.5}, "weight_decay"),
        ({"betas": (0.9, 1.0)}, "betas"),
        ({"betas": (0.9,)}, "betas"),
    ],
)
def test_invalid_values_name_their_field(changes: dict[str, object], field: str) -> None:
    with pytest.raises(ValueError, match=field):
        TrainConfig(**changes)  # type: ignore[arg-type]


def test_from_dict_rejects_unknown_keys() -> None:
    with pytest.raises(ValueError, match="learning_rate"):
        TrainConfig.from_dict({"learning_rate": 1e-3})
