"""What checks are made of: tolerance-aware comparison with learner-facing messages,
the :class:`Trial` that runs learner and reference code side by side, and numerical
gradient checks.

Names are imported on first use, so that ``groundup.testing.failure`` (used by the
command line) does not pull in NumPy.
"""

from __future__ import annotations

import importlib
from typing import Any

_WHERE = {
    "Mismatch": "compare",
    "Named": "compare",
    "close": "compare",
    "close_up_to_sign": "compare",
    "named_items": "compare",
    "show": "compare",
    "gradcheck": "gradcheck",
    "numerical_grad": "gradcheck",
    "CheckFailed": "trial",
    "Trial": "trial",
    "check": "trial",
    "Failure": "failure",
    "Case": "table",
    "cases": "table",
    "companion": "table",
    "run_cases": "table",
    "draw": "table",
    "Inputs": "table",
    "MakeInputs": "table",
    "Trace": "trace",
    "first_divergence": "compare",
    "DEFAULT_FALSE_FAILURE": "stats",
    "estimate_test": "stats",
    "ks_2samp_test": "stats",
    "chi_square_test": "stats",
    "ks_test": "stats",
    "mean_test": "stats",
    "hilbert": "inputs",
    "rosenbrock": "inputs",
    "rosenbrock_grad": "inputs",
    "rosenbrock_hessian": "inputs",
    "normals": "inputs",
    "path_trace": "trace",
    "plural": "words",
}

__all__ = sorted(_WHERE)


def __getattr__(name: str) -> Any:
    if name in _WHERE:
        return getattr(importlib.import_module(f"groundup.testing.{_WHERE[name]}"), name)
    raise AttributeError(f"module 'groundup.testing' has no attribute {name!r}")
