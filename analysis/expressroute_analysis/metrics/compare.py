# SPDX-License-Identifier: GPL-2.0-only
"""Side-by-side comparison of runs (e.g. ExpressRoute against a site-to-site VPN backup): the same
site-VNet pairs measured in each."""

from __future__ import annotations

from typing import Mapping, Optional

import pandas as pd

from .probes import availability, pair_label, rtt_stats
from .traffic import flow_stats

COMPARE_COLUMNS = ["label", "pair", "site", "vnet", "rtt_p50_ms", "rtt_p99_ms",
                   "availability_percent", "throughput_bps"]


def pair_comparison(probes: Mapping[str, pd.DataFrame],
                    flows: Optional[Mapping[str, pd.DataFrame]] = None) -> pd.DataFrame:
    """One row per label (a run, or one path kind) and site-VNet pair: RTT p50 and p99 (ms),
    availability (% of probes answered) and the throughput of the flows between the two endpoints
    in either direction (bit/s; NaN without flows)."""
    rows = []
    for label, p in probes.items():
        rtt = rtt_stats(p, (50, 99)).set_index("probe")
        avail = availability(p).set_index("probe")
        f = flow_stats(flows[label]) if flows is not None and label in flows else None
        for probe, r in rtt.iterrows():
            tp = float("nan")
            if f is not None:
                ends = {r["site"], r["vnet"]}
                between = f[f["from"].isin(ends) & f["to"].isin(ends)]
                tp = float(between["throughput_bps"].sum()) if len(between) else float("nan")
            rows.append({"label": label, "pair": pair_label(r["site"], r["vnet"]), "site": r["site"],
                         "vnet": r["vnet"], "rtt_p50_ms": r["rtt_p50_ms"],
                         "rtt_p99_ms": r["rtt_p99_ms"],
                         "availability_percent": avail.loc[probe, "availability_percent"],
                         "throughput_bps": tp})
    return pd.DataFrame(rows, columns=COMPARE_COLUMNS)
