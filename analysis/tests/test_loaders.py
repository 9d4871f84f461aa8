# SPDX-License-Identifier: GPL-2.0-only
"""Loaders: a simulator run and the SYNTHETIC fixtures load with their schema; every broken
file gets an error that names it."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pandas as pd
import pytest

from expressroute_analysis.io import (MissingDataError, RunFormatError, load_run, load_sweep)


def test_simulator_run_loads_with_typed_columns(sim_run: Path) -> None:
    run = load_run(sim_run)
    assert run.completed and run.duration_s == 3.0, "a 3 s completed run"
    assert len(run.probes) > 0 and len(run.links) > 0 and len(run.flows) > 0, "tables are not empty"
    assert run.probes["success"].dtype == "int64" and run.probes["rtt_ms"].dtype == "float64"
    assert run.scenario["name"] == "contoso-europe", "run.json carries the resolved scenario"


def test_optional_files_absent_from_simulator_run_are_listed(sim_run: Path) -> None:
    run = load_run(sim_run)
    # The simulator writes the control-plane tables, the failure timeline (empty: the default
    # scenario schedules no failure) and the gateway metrics: nothing optional is missing.
    assert run.bgp is not None and len(run.bgp) > 0, "bgp.csv: sessions come up in the warm-up"
    assert run.routes is not None and len(run.routes) > 0, "routes.csv: best paths are chosen"
    assert run.events is not None and len(run.events) == 0
    assert list(run.events.columns) == ["time_s", "event", "kind", "target", "detail"]
    assert run.gateways is not None and set(run.gateways["vnet"]) == {
        "hub-westeurope", "app-uksouth", "dr-eastus"}
    assert not run.missing()


def test_optional_files_present_are_loaded(synthetic_run: Path) -> None:
    run = load_run(synthetic_run)
    assert run.events is not None and len(run.events) == 4, "events.csv has four rows"
    assert list(run.bgp.columns[:4]) == ["time_s", "router", "peer", "event"]


def test_missing_required_file_is_named(synthetic_run: Path) -> None:
    (synthetic_run / "links.csv").unlink()
    with pytest.raises(RunFormatError, match=r"links\.csv: file is missing") as e:
        load_run(synthetic_run)
    assert e.value.path == synthetic_run / "links.csv"


def test_bad_value_names_file_line_and_column(synthetic_run: Path) -> None:
    path = synthetic_run / "probes.csv"
    lines = path.read_text().splitlines()
    lines[3] = lines[3].rsplit(",", 1)[0] + ",abc"
    path.write_text("\n".join(lines) + "\n")
    with pytest.raises(RunFormatError, match=r"probes\.csv: line 4, column rtt_ms: 'abc' is not a number"):
        load_run(synthetic_run)


def test_truncated_file_is_named(synthetic_run: Path) -> None:
    path = synthetic_run / "links.csv"
    text = path.read_text()
    path.write_text(text[: len(text) // 2].rsplit(",", 3)[0])
    with pytest.raises(RunFormatError, match=r"links\.csv: line \d+: too few fields"):
        load_run(synthetic_run)


def test_missing_column_is_named(synthetic_run: Path) -> None:
    path = synthetic_run / "flows.csv"
    frame = pd.read_csv(path).drop(columns=["throughput_bps"])
    frame.to_csv(path, index=False)
    with pytest.raises(RunFormatError, match=r"flows\.csv: missing column\(s\) throughput_bps"):
        load_run(synthetic_run)


def test_corrupt_run_json_is_named(synthetic_run: Path) -> None:
    (synthetic_run / "run.json").write_text('{"status": "completed", ')
    with pytest.raises(RunFormatError, match=r"run\.json: not valid JSON"):
        load_run(synthetic_run)


def test_empty_file_is_named(synthetic_run: Path) -> None:
    (synthetic_run / "events.csv").write_text("")
    with pytest.raises(RunFormatError, match=r"events\.csv: file is empty"):
        load_run(synthetic_run)


def test_require_names_the_missing_optional_file(synthetic_run: Path) -> None:
    with pytest.raises(MissingDataError, match=r"gateways\.csv: not present; needed for gateway metrics"):
        load_run(synthetic_run).require("gateways", "gateway metrics")


def test_sweep_parameters_and_metrics_from_sweep_json(synthetic_sweep: Path) -> None:
    sweep = load_sweep(synthetic_sweep)
    assert sweep.parameters == ["bfd", "bandwidth"]
    assert sweep.metrics == ["ams_to_weu_longest_outage_s", "ams_to_weu_availability_percent"], \
        "bookkeeping columns (point, run, seed, exit_code, wall_time_s, events) are not metrics"
    assert len(sweep.completed()) == 12, "the failed run is left out"


def test_sweep_values_keep_the_spec_order(synthetic_sweep: Path) -> None:
    assert load_sweep(synthetic_sweep).values("bandwidth") == ["500Mbps", "1Gbps"]


def test_sweep_loads_from_sqlite_index(synthetic_sweep: Path, tmp_path: Path) -> None:
    results = pd.read_csv(synthetic_sweep / "results.csv")
    with sqlite3.connect(tmp_path / "index.sqlite") as db:
        results.to_sql("runs", db, index=False)
        db.execute("CREATE TABLE parameters(name TEXT PRIMARY KEY, path TEXT, position INTEGER)")
        db.executemany("INSERT INTO parameters VALUES(?, ?, ?)",
                       [("bfd", "/circuits/0/peerings/0/bfd", 0), ("bandwidth", "/circuits/0/bandwidth", 1)])
    sweep = load_sweep(tmp_path)
    assert sweep.parameters == ["bfd", "bandwidth"] and len(sweep.results) == 13


def test_corrupt_sweep_index_is_named(tmp_path: Path) -> None:
    (tmp_path / "index.sqlite").write_bytes(b"not a database" * 100)
    with pytest.raises(RunFormatError, match=r"index\.sqlite: not a readable SQLite database"):
        load_sweep(tmp_path)


def test_directory_without_results_is_refused(tmp_path: Path) -> None:
    with pytest.raises(RunFormatError, match="not a sweep directory"):
        load_sweep(tmp_path)


def test_probe_runs_load_as_the_probes_they_stand_for(sim: Path, tmp_path: Path) -> None:
    """The same run with a row per probe and with runs of identical results (probeRows "runs",
    the default beyond 1 h) loads to the same probes, and the simulator's summary agrees."""
    import json
    import subprocess
    root = Path(__file__).resolve().parents[2]
    scenario = json.loads((root / "examples" / "scenarios" / "what-if-amsterdam.json").read_text())
    loaded = {}
    for rows in ("each", "runs"):
        scenario.setdefault("simulation", {})["probeRows"] = rows
        (tmp_path / f"{rows}.json").write_text(json.dumps(scenario))
        done = subprocess.run([str(sim), f"--scenario={tmp_path / rows}.json", "--engine=flow",
                               f"--out={tmp_path / rows}"], capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr[-2000:]
        loaded[rows] = load_run(tmp_path / rows)
    each, runs = loaded["each"], loaded["runs"]
    lines = {r: sum(1 for _ in open(tmp_path / r / "probes.csv")) for r in ("each", "runs")}
    assert lines["runs"] * 5 < lines["each"], f"runs rows are far fewer: {lines}"
    cols = ["time_s", "probe", "seq", "success", "rtt_ms"]
    a = each.probes[cols].sort_values(["probe", "seq"]).reset_index(drop=True)
    b = runs.probes[cols].sort_values(["probe", "seq"]).reset_index(drop=True)
    pd.testing.assert_frame_equal(a, b)
    assert each.summary["pairs"] == runs.summary["pairs"]
    assert each.summary["failures"] == runs.summary["failures"]
    assert (each.probes["success"] == 0).sum() > 0, "the Amsterdam outage loses probes"
