# SPDX-License-Identifier: GPL-2.0-only
"""One number per question for a whole run, so that runs of a sweep can be compared."""

from __future__ import annotations

from typing import Optional

import numpy as np
import pandas as pd

from .failover import failover_table, failure_windows, summary_failures
from .probes import availability, rtt_stats
from .traffic import flow_stats, utilisation_percentiles

#: name -> meaning, in report order.
HEADLINE = {
    "availability_min_percent": "lowest availability of any site-VNet pair (% of probes answered)",
    "longest_outage_s": "longest outage of any pair (first lost probe to the next answered one)",
    "probes_lost": "probes lost, all pairs",
    "rtt_p50_mean_ms": "median RTT, mean over pairs",
    "rtt_p99_max_ms": "99th-percentile RTT, worst pair",
    "utilisation_p95_max_percent": "95th-percentile utilisation, busiest circuit link and direction",
    "utilisation_peak_percent": "peak utilisation of any circuit link interval",
    "throughput_total_bps": "throughput of all flows, summed",
    "fct_mean_s": "mean completion time of completed Bulk flows",
    "detection_mean_s": "mean failure detection time (needs events.csv, bgp.csv)",
    "convergence_max_s": "longest control-plane convergence (needs events.csv, routes.csv)",
    "recovery_max_s": "longest data-plane recovery after a failure (needs events.csv)",
}


def run_headline(probes: pd.DataFrame, links: pd.DataFrame, flows: pd.DataFrame,
                 duration_s: float, events: Optional[pd.DataFrame] = None,
                 bgp: Optional[pd.DataFrame] = None,
                 routes: Optional[pd.DataFrame] = None,
                 summary: Optional[dict] = None) -> dict[str, float]:
    """The :data:`HEADLINE` numbers of one run (NaN where the data is missing). The failure
    numbers come from summary.json when it has them (the simulator's own), else from the CSVs."""
    out = dict.fromkeys(HEADLINE, np.nan)
    if len(probes):
        avail = availability(probes, duration_s)
        rtt = rtt_stats(probes, (50, 99))
        out.update(availability_min_percent=float(avail["availability_percent"].min()),
                   longest_outage_s=float(avail["longest_outage_s"].max()),
                   probes_lost=float(avail["probes_lost"].sum()),
                   rtt_p50_mean_ms=float(rtt["rtt_p50_ms"].mean()),
                   rtt_p99_max_ms=float(rtt["rtt_p99_ms"].max()))
    if len(links):
        util = utilisation_percentiles(links, (95,))
        out.update(utilisation_p95_max_percent=100 * float(util["p95"].max()),
                   utilisation_peak_percent=100 * float(util["max"].max()))
    if len(flows):
        stats = flow_stats(flows)
        out["throughput_total_bps"] = float(stats["throughput_bps"].sum())
        if stats["fct_s"].notna().any():
            out["fct_mean_s"] = float(stats["fct_s"].mean())
    answers = summary_failures(summary)
    if answers is not None:
        table = answers[0]
        if len(table):
            out.update(detection_mean_s=float(table["detection_s"].mean()),
                       convergence_max_s=float(table["convergence_s"].max()),
                       recovery_max_s=float(table["recovery_s"].max()))
    elif events is not None:
        table = failover_table(failure_windows(events, duration_s), probes, bgp, routes, flows,
                               duration_s)
        if len(table):
            out.update(detection_mean_s=float(table["detection_s"].mean()),
                       convergence_max_s=float(table["convergence_s"].max()),
                       recovery_max_s=float(table["recovery_s"].max()))
    return out
