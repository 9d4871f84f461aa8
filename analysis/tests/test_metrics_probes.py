# SPDX-License-Identifier: GPL-2.0-only
"""Outages, availability and RTT from probes.csv."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from expressroute_analysis import metrics
from expressroute_analysis.io import load_run


def test_outage_matches_scheduled_failure_within_probe_interval(synthetic_run: Path) -> None:
    """SYNTHETIC: Amsterdam is out from 10.0 s to 12.5 s; probes go every 1 s."""
    run = load_run(synthetic_run)
    failure = metrics.failure_windows(run.events, run.duration_s).iloc[0]
    outage = metrics.outage_windows(run.probes, run.duration_s).set_index("probe").loc["ams-to-weu"]
    interval = metrics.probe_interval_s(run.probes)["ams-to-weu"]
    assert interval == 1.0
    assert abs(outage["start_s"] - failure["start_s"]) <= interval, "outage starts with the failure"
    assert abs(outage["end_s"] - failure["end_s"]) <= interval, "outage ends with the failure"
    assert (outage["start_s"], outage["end_s"], outage["probes_lost"]) == (10.0, 13.0, 3)


def test_simulator_run_outages_are_runs_of_lost_probes(sim_run: Path) -> None:
    run = load_run(sim_run)
    outages = metrics.outage_windows(run.probes, run.duration_s)
    lost = run.probes[run.probes["success"] == 0]
    assert outages["probes_lost"].sum() == len(lost), "every lost probe is in one outage"
    assert (outages["end_s"] > outages["start_s"]).all()


def test_outage_running_at_the_end_is_ongoing() -> None:
    probes = pd.DataFrame({"time_s": [0.0, 1.0, 2.0, 3.0], "probe": "p", "site": "s", "vnet": "v",
                           "seq": range(4), "success": [1, 1, 0, 0], "rtt_ms": [1.0, 1.0, None, None]})
    out = metrics.outage_windows(probes, end_s=4.0).iloc[0]
    assert bool(out["ongoing"]) and out["start_s"] == 2.0 and out["end_s"] == 4.0


def test_availability_by_probes_and_by_time(synthetic_run: Path) -> None:
    run = load_run(synthetic_run)
    avail = metrics.availability(run.probes, run.duration_s).set_index("probe")
    assert avail.loc["ams-to-weu", "availability_percent"] == pytest.approx(85.0), "17 of 20 answered"
    assert avail.loc["ams-to-weu", "time_availability_percent"] == pytest.approx(85.0), "3 s of 20 down"
    assert avail.loc["lon-to-weu", "longest_outage_s"] == pytest.approx(1.0)


def test_rtt_availability_and_outages_agree_with_simulator_summary(sim_run: Path) -> None:
    run = load_run(sim_run)
    summary = {p["probe"]: p for p in json.loads((sim_run / "summary.json").read_text())["pairs"]}
    rtt = metrics.rtt_stats(run.probes, (50, 99)).set_index("probe")
    avail = metrics.availability(run.probes, run.duration_s).set_index("probe")
    for probe, s in summary.items():
        assert rtt.loc[probe, "rtt_p50_ms"] == pytest.approx(s["rtt_p50_ms"], abs=1e-3), probe
        assert rtt.loc[probe, "rtt_p99_ms"] == pytest.approx(s["rtt_p99_ms"], abs=1e-3), probe
        assert avail.loc[probe, "availability_percent"] == pytest.approx(s["availability_percent"], abs=1e-3)
        assert avail.loc[probe, "outages"] == s["outages"], probe
        assert avail.loc[probe, "longest_outage_s"] == pytest.approx(s["longest_outage_s"], abs=1e-3), probe


def test_rtt_cdf_reaches_one_per_pair(sim_run: Path) -> None:
    cdf = metrics.rtt_ecdf(load_run(sim_run).probes)
    assert (cdf.groupby("probe")["fraction"].max() == 1.0).all()
