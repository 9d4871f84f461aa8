# SPDX-License-Identifier: GPL-2.0-only
"""Side-by-side comparison of runs (e.g. ExpressRoute against a site-to-site VPN backup): the same
site-VNet pairs measured in each."""

from __future__ import annotations

from typing import Mapping, Optional

import pandas as pd

from .probes import availability, pair_label, rtt_stats

COMPARE_COLUMNS = ["label", "pair", "site", "vnet", "rtt_p50_ms", "rtt_p99_ms",
                   "availability_percent", "throughput_bps"]


def _pair_throughput(flows: pd.DataFrame, ends: set) -> float:
    """Bits the flows between two endpoints delivered (both directions) over the time from the
    first one's start to the last one's last packet: summary.json's pair throughput, so that
    flows one after another are not added as if they ran at once. NaN without such flows."""
    between = flows[flows["from"].isin(ends) & flows["to"].isin(ends) & flows["last_rx_s"].notna()
                    & (flows["rx_bytes"] > 0)]
    if not len(between):
        return float("nan")
    span = float(between["last_rx_s"].max() - between["start_s"].min())
    return float(between["rx_bytes"].sum()) * 8 / span if span > 0 else float("nan")


def pair_comparison(probes: Mapping[str, pd.DataFrame],
                    flows: Optional[Mapping[str, pd.DataFrame]] = None) -> pd.DataFrame:
    """One row per label (a run, or one path kind) and site-VNet pair: RTT p50 and p99 (ms),
    availability (% of probes answered) and the throughput of the flows between the two endpoints
    in either direction (bit/s, as summary.json's: delivered bits over the time they ran; NaN
    without flows)."""
    rows = []
    for label, p in probes.items():
        rtt = rtt_stats(p, (50, 99)).set_index("probe")
        avail = availability(p).set_index("probe")
        for probe, r in rtt.iterrows():
            tp = float("nan")
            if flows is not None and label in flows:
                tp = _pair_throughput(flows[label], {r["site"], r["vnet"]})
            rows.append({"label": label, "pair": pair_label(r["site"], r["vnet"]), "site": r["site"],
                         "vnet": r["vnet"], "rtt_p50_ms": r["rtt_p50_ms"],
                         "rtt_p99_ms": r["rtt_p99_ms"],
                         "availability_percent": avail.loc[probe, "availability_percent"],
                         "throughput_bps": tp})
    return pd.DataFrame(rows, columns=COMPARE_COLUMNS)
