# SPDX-License-Identifier: GPL-2.0-only
"""Gateway metrics from gateways.csv of a simulator run."""

from __future__ import annotations

from pathlib import Path

from expressroute_analysis import metrics
from expressroute_analysis.io import load_run


def test_gateway_stats_per_vnet(sim_run: Path) -> None:
    run = load_run(sim_run)
    stats = metrics.gateway_stats(run.gateways).set_index("vnet")
    assert set(stats.index) == {"hub-westeurope", "app-uksouth", "dr-eastus"}
    # The default scenario's SKUs and their caps (references.md §6).
    assert stats.loc["hub-westeurope", "sku"] == "ErGw2Az"
    assert stats.loc["hub-westeurope", "cap_bps"] == 2e9
    assert stats.loc["dr-eastus", "cap_bps"] == 1e9
    # Nothing reaches a cap at these rates; every instance stays in service.
    assert (stats["dropped_packets"] == 0).all()
    assert (stats["instances_up_min"] == 2).all()
    # The 20 Mbit/s backup from Frankfurt crosses the West Europe gateway towards the VNet.
    assert stats.loc["hub-westeurope", "to_vnet_mean_bps"] > 10e6
