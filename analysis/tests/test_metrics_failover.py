# SPDX-License-Identifier: GPL-2.0-only
"""Failure windows, detection / convergence / recovery times and loss, on the SYNTHETIC run."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from expressroute_analysis import metrics
from expressroute_analysis.io import load_run


def _table(run_dir: Path, with_control_plane: bool = True) -> pd.DataFrame:
    run = load_run(run_dir)
    windows = metrics.failure_windows(run.events, run.duration_s)
    if not with_control_plane:
        return metrics.failover_table(windows, run.probes, end_s=run.duration_s)
    return metrics.failover_table(windows, run.probes, run.bgp, run.routes, run.flows, run.duration_s)


def test_failure_windows_pair_start_and_clear(synthetic_run: Path) -> None:
    run = load_run(synthetic_run)
    w = metrics.failure_windows(run.events, run.duration_s)
    assert list(zip(w["kind"], w["start_s"], w["end_s"])) == [
        ("PeeringLocationOutage", 10.0, 12.5), ("LinkFailure", 15.2, 17.0)]


def test_failure_never_cleared_ends_with_the_run() -> None:
    events = pd.DataFrame({"time_s": [5.0], "event": ["FailureStarted"], "kind": ["MseeFailure"],
                           "target": ["Amsterdam/primary"]})
    w = metrics.failure_windows(events, end_s=30.0).iloc[0]
    assert w["end_s"] == 30.0 and not w["cleared"]


def test_detection_convergence_and_recovery_times(synthetic_run: Path) -> None:
    t = _table(synthetic_run)
    assert t["detection_s"].tolist() == pytest.approx([0.9, 0.9]), "BFD: first session down"
    assert t["convergence_s"].tolist() == pytest.approx([0.9, 0.95]), "last best-path change"
    assert t["recovery_s"].tolist() == pytest.approx([3.0, 1.8]), "end of the probe outage"
    assert t["probes_lost"].tolist() == [3, 1] and t["pairs_affected"].tolist() == [1, 1]


def test_udp_packets_lost_during_each_failover(synthetic_run: Path) -> None:
    assert _table(synthetic_run)["udp_packets_lost"].tolist() == [2604, 4947]


def test_missing_control_plane_files_are_named(synthetic_run: Path) -> None:
    t = _table(synthetic_run, with_control_plane=False)
    assert t["detection_s"].isna().all() and t["convergence_s"].isna().all()
    assert t["missing"].iloc[0] == "bgp.csv, routes.csv, flows.csv"
    assert t["recovery_s"].tolist() == pytest.approx([3.0, 1.8]), "probes alone give recovery"


def test_session_down_from_state_columns() -> None:
    bgp = pd.DataFrame({"time_s": [1.0, 2.0], "router": "r", "peer": "p", "event": ["StateChanged"] * 2,
                        "old_state": ["Established", "Idle"], "new_state": ["Idle", "Connect"]})
    assert metrics.session_down(bgp).tolist() == [True, False]


def _summary() -> dict:
    pair = {"probe": "chi-eus2", "site": "chi-dc", "vnet": "dr-eus2", "probes_lost": 84,
            "lost_s": 21.0, "no_path_until_cleared": True, "recovered_s": 31.0,
            "path_before": "ExpressRoute via Chicago", "path_during": "no path",
            "path_after": "ExpressRoute via Chicago", "rtt_before_ms": 27.5, "rtt_during_ms": None,
            "rtt_after_ms": 27.5, "failback_probes_lost": 0, "failback_lost_s": 0.0}
    return {"failures": [{"kind": "PeeringLocationOutage", "target": "Chicago", "start_s": 10.0,
                          "cleared_s": 30.0, "detection_s": 0.80, "detected_by": "BFD at site/chi-dc/ce1",
                          "convergence_s": 0.82, "recovery_s": 21.0, "probes_lost": 91,
                          "pairs_affected": ["chi-cus", "chi-eus2"], "pairs": [pair]}]}


def test_summary_failures_are_the_simulators_numbers() -> None:
    table, pairs = metrics.summary_failures(_summary())
    row = table.iloc[0]
    assert (row["detection_s"], row["recovery_s"], row["probes_lost"]) == (0.80, 21.0, 91)
    assert row["detected_by"] == "BFD at site/chi-dc/ce1" and row["no_path_pairs"] == 1
    assert pairs.iloc[0]["path_during"] == "no path" and pairs.iloc[0]["lost_s"] == 21.0


def test_summary_without_per_pair_answers_falls_back_to_the_csvs() -> None:
    old = _summary()
    del old["failures"][0]["pairs"]
    assert metrics.summary_failures(old) is None and metrics.summary_failures(None) is None


def test_headline_takes_the_summarys_failure_numbers(synthetic_run: Path) -> None:
    run = load_run(synthetic_run)
    h = metrics.run_headline(run.probes, run.links, run.flows, run.duration_s, run.events,
                             run.bgp, run.routes, summary=_summary())
    assert (h["detection_mean_s"], h["recovery_max_s"]) == (0.80, 21.0)
