# SPDX-License-Identifier: GPL-2.0-only
"""Shared fixtures: the package on sys.path, the committed SYNTHETIC fixtures, and small runs and
a small sweep produced by the simulator during the test session (skipped, saying why, when the
binaries are absent)."""

from __future__ import annotations

import copy
import csv
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ANALYSIS = Path(__file__).resolve().parents[1]
ROOT = ANALYSIS.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
sys.path.insert(0, str(ANALYSIS))

# Sweep of the default scenario used by the tests: circuit contoso-lon's bandwidth x the size of
# the Bulk transfer fra-dr-copy (started at 2 s, once BGP is up, so that it ends within 5 s), two
# runs per point.
SWEEP_SPEC = {
    "name": "test-sweep",
    "description": "bandwidth of contoso-lon x size of the bulk copy, 5 s runs",
    "set": {"/simulation/duration": "5s", "/traffic/2/start": "2s"},
    "parameters": [{"path": "/circuits/1/bandwidth", "name": "bandwidth", "values": ["50Mbps", "500Mbps"]},
                   {"path": "/traffic/2/bytes", "name": "bytes", "values": [1000000, 4000000]}],
    "runs": 2,
    "seed": 1,
}


def _run(cmd: list[str], cwd: Path | None = None) -> None:
    """Runs a program; on failure the test fails with its command line and standard error."""
    done = subprocess.run(cmd, capture_output=True, text=True, cwd=cwd, timeout=300)
    if done.returncode != 0:
        pytest.fail(f"{' '.join(cmd)} exited with {done.returncode}:\n{done.stderr[-3000:]}")


def bin_dir() -> Path:
    return Path(os.environ.get("EXPRESSROUTE_BIN_DIR", ROOT / "build" / "bin"))


@pytest.fixture(scope="session")
def sim() -> Path:
    path = bin_dir() / "expressroute-sim"
    if not os.access(path, os.X_OK):
        pytest.skip(f"simulator not built: {path} is absent (build with ./scripts/run or set "
                    "EXPRESSROUTE_BIN_DIR)")
    return path


@pytest.fixture(scope="session")
def sim_run(sim: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The default scenario, 3 s, run by the simulator now."""
    out = tmp_path_factory.mktemp("sim") / "default-3s"
    _run([str(sim), "--duration=3s", f"--out={out}"], cwd=out.parent)
    return out


@pytest.fixture()
def synthetic_run(tmp_path: Path) -> Path:
    """A writable copy of the SYNTHETIC failure run (see fixtures/make_synthetic.py)."""
    return Path(shutil.copytree(FIXTURES / "synthetic-outage", tmp_path / "synthetic-outage"))


@pytest.fixture()
def synthetic_sweep() -> Path:
    return FIXTURES / "synthetic-sweep"


def _set(doc: dict, pointer: str, value: object) -> None:
    parts = [p.replace("~1", "/").replace("~0", "~") for p in pointer.lstrip("/").split("/")]
    for p in parts[:-1]:
        doc = doc[int(p)] if isinstance(doc, list) else doc[p]
    if isinstance(doc, list):
        doc[int(parts[-1])] = value
    else:
        doc[parts[-1]] = value


def _stand_in_sweep(sim: Path, spec: dict, out: Path) -> None:
    """What expressroute-sweep writes, reduced to what the analysis reads (sweep.json, runs/<key>/,
    results.csv), for when that program is not built: one expressroute-sim process per run."""
    base = json.loads((ROOT / "examples" / "scenarios" / "default.json").read_text())
    for pointer, value in spec["set"].items():
        _set(base, pointer, value)
    (out / "inputs").mkdir(parents=True)
    rows, names = [], [p["name"] for p in spec["parameters"]]
    grid = [[]]
    for p in spec["parameters"]:
        grid = [g + [v] for g in grid for v in p["values"]]
    for point, values in enumerate(grid):
        scenario = copy.deepcopy(base)
        for p, v in zip(spec["parameters"], values):
            _set(scenario, p["path"], v)
        inp = out / "inputs" / f"p{point}.json"
        inp.write_text(json.dumps(scenario))
        for run in range(1, spec["runs"] + 1):
            key = f"p{point}r{run}"
            _run([str(sim), f"--scenario={inp}", f"--run={run}", f"--out=runs/{key}"], cwd=out)
            rows.append([key, point, run, spec["seed"], *values, "completed"])
    with open(out / "results.csv", "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["key", "point", "run", "seed", *names, "status"])
        w.writerows(rows)
    (out / "sweep.json").write_text(json.dumps({**spec, "scenario": base}, indent=2))


@pytest.fixture(scope="session")
def sim_sweep(sim: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A 2 x 2 x 2-run sweep of 5 s runs: by expressroute-sweep when it is built, else by the
    stand-in above."""
    out = tmp_path_factory.mktemp("sweep") / "test-sweep"
    sweep = bin_dir() / "expressroute-sweep"
    if os.access(sweep, os.X_OK):
        spec = {**SWEEP_SPEC, "scenario": str(ROOT / "examples" / "scenarios" / "default.json")}
        spec_file = out.parent / "spec.json"
        spec_file.write_text(json.dumps(spec))
        _run([str(sweep), f"--spec={spec_file}", f"--out={out}", "--jobs=2"])
    else:
        _stand_in_sweep(sim, SWEEP_SPEC, out)
    return out
