# SPDX-License-Identifier: GPL-2.0-only
"""Circuit-link utilisation and flow statistics."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from expressroute_analysis import metrics
from expressroute_analysis.io import load_run


def test_peak_utilisation_agrees_with_simulator_summary(sim_run: Path) -> None:
    util = metrics.utilisation_percentiles(load_run(sim_run).links)
    peak = util.groupby(["circuit", "link"])["max"].max()
    for link in json.loads((sim_run / "summary.json").read_text())["links"]:
        assert peak[(link["circuit"], link["link"])] == pytest.approx(link["peak_utilisation"], abs=1e-6)


def test_utilisation_percentiles_are_nearest_rank(synthetic_run: Path) -> None:
    util = metrics.utilisation_percentiles(load_run(synthetic_run).links).set_index(
        ["circuit", "link", "direction"])
    row = util.loc[("contoso-ams", "primary", "in")]
    assert (row["p50"], row["max"]) == (0.0, pytest.approx(0.01)), "13 idle intervals of 20"
    assert row["mean"] == pytest.approx(6.5 * 0.01 / 20), "6.5 busy interval-equivalents at 1 %"


def _flows(**overrides) -> pd.DataFrame:
    row = {"flow": "copy", "kind": "Bulk", "protocol": "tcp", "from": "site", "to": "vnet",
           "start_s": 3.0, "stop_s": 20.0, "tx_bytes": 1000, "rx_bytes": 1000, "tx_packets": 2,
           "rx_packets": 2, "loss": 0.0, "first_rx_s": 3.1, "last_rx_s": 4.5, "throughput_bps": 5714.0,
           "path": "site/a/host1>msee/Amsterdam/primary>vnet/v/gateway"}
    row.update(overrides)
    return pd.DataFrame([row])


def test_completion_time_of_a_complete_bulk_flow() -> None:
    stats = metrics.flow_stats(_flows()).iloc[0]
    assert bool(stats["completed"]) and stats["fct_s"] == pytest.approx(1.5)


def test_incomplete_bulk_flow_has_no_completion_time() -> None:
    stats = metrics.flow_stats(_flows(rx_bytes=600)).iloc[0]
    assert stats["completed"] is not None and not stats["completed"] and pd.isna(stats["fct_s"])


@pytest.mark.parametrize("path, kind", [
    ("site/a/host1>site/a/ce1>msee/London/primary>bb/UK South>vnet/v/gateway>vnet/v/vm1", "ExpressRoute"),
    ("site/a/host1>msee/Amsterdam/primary>bb/West Europe>msee/London/secondary>site/b/host1", "Global Reach"),
    ("site/a/host1>internet>vpn/v/gateway>vnet/v/vm1", "VPN"),
    ("site/a/host1>site/a/ce1>msee/London/primary>bb/UK South>(no route)", "no route"),
    ("", "unknown")])
def test_path_kind(path: str, kind: str) -> None:
    assert metrics.path_kind(path) == kind


def test_flow_summary_per_kind(synthetic_run: Path) -> None:
    summary = metrics.flow_summary(load_run(synthetic_run).flows).set_index("kind")
    assert summary.loc["ConstantRate", "flows"] == 2
    assert summary.loc["ConstantRate", "throughput_max_bps"] == 42085333


def test_pair_throughput_does_not_add_flows_that_ran_one_after_another() -> None:
    probes = pd.DataFrame({"time_s": [0.0, 1.0], "probe": "p", "site": "hq", "vnet": "hub",
                           "seq": [0, 1], "success": [1, 1], "rtt_ms": [10.0, 10.0]})
    # Two 10 Mbit/s transfers of 1 s each, 10 s apart: 20 Mbit over 11 s, not 20 Mbit/s.
    flows = pd.DataFrame({"flow": ["a", "b"], "kind": "Bulk", "protocol": "tcp", "from": "hq",
                          "to": "hub", "start_s": [0.0, 10.0], "stop_s": [1.0, 11.0],
                          "tx_bytes": 1_250_000, "rx_bytes": 1_250_000, "tx_packets": 1000,
                          "rx_packets": 1000, "loss": 0.0, "first_rx_s": [0.01, 10.01],
                          "last_rx_s": [1.0, 11.0], "throughput_bps": 1e7, "path": ""})
    t = metrics.pair_comparison({"run": probes}, {"run": flows})
    assert t["throughput_bps"].iloc[0] == pytest.approx(20e6 / 11)
