"""Each project's cpu tier on the reference engine and on PyTorch: metric, time, target.

The targets in :mod:`groundup.projects.registry` are set from these runs: a little
below the worst seed of the reference engine. PyTorch is the peer, trained with the
same code, data, seeds and hyperparameters (its initial weights differ: each engine
draws its own).

    .venv/bin/python benchmarks/projects.py [--seeds 3] [--tier cpu] [--project xor]
"""

from __future__ import annotations

import os

os.environ.setdefault("OMP_NUM_THREADS", "1")

import argparse
import tempfile
from pathlib import Path

import torch

from groundup.course.projects import run_project
from groundup.projects.registry import PROJECTS

torch.set_num_threads(1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=3)
    parser.add_argument("--tier", default="cpu")
    parser.add_argument("--project", action="append")
    args = parser.parse_args()
    header = f"{'project':<12} {'engine':<10} {'metric':<10} {'values (per seed)':<28}"
    print(f"{header} {'s/run':>7} target")
    with tempfile.TemporaryDirectory() as tmp:
        for project in PROJECTS.values():
            if args.project and project.id not in args.project:
                continue
            if args.tier not in project.tiers:
                continue
            tier = project.tiers[args.tier]
            for engine in ("reference", "torch"):
                values, seconds = [], []
                for seed in range(args.seeds):
                    report = run_project(
                        project.id, engine=engine, tier=args.tier, seed=seed, runs_dir=Path(tmp)
                    )
                    values.append(report.value)
                    seconds.append(report.seconds)
                shown = " ".join(f"{v:.4f}" for v in values)
                mean_s = sum(seconds) / len(seconds)
                ok = "ok" if min(values) >= tier.target else "BELOW"
                print(
                    f"{project.id:<12} {engine:<10} {tier.metric:<10} {shown:<28} "
                    f"{mean_s:>7.1f} {tier.target:g} {ok}"
                )


if __name__ == "__main__":
    main()
