# SPDX-License-Identifier: GPL-2.0-only
"""Metrics from connection-monitor probes (probes.csv): outage windows, availability, RTT."""

from __future__ import annotations

from typing import Optional

import numpy as np
import pandas as pd

from .stats import nearest_rank

PAIR = ["probe", "site", "vnet"]

OUTAGE_COLUMNS = [*PAIR, "start_s", "end_s", "duration_s", "probes_lost", "ongoing"]


def pair_label(site: str, vnet: str) -> str:
    """How figures and tables name a site-VNet pair."""
    return f"{site} \u2192 {vnet}"


def probe_interval_s(probes: pd.DataFrame) -> pd.Series:
    """Each probe's sending interval (the median gap between its probes), indexed by probe name."""
    return probes.sort_values("time_s").groupby("probe")["time_s"].apply(
        lambda t: float(np.median(np.diff(t))) if len(t) > 1 else np.nan)


def outage_windows(probes: pd.DataFrame, end_s: Optional[float] = None) -> pd.DataFrame:
    """Runs of consecutive lost probes, per site-VNet pair.

    An outage starts when its first lost probe is sent and ends when the next answered probe is
    sent (as summary.json's ``longest_outage_s``); an outage still running at the last probe ends
    at ``end_s`` (the run's duration; else the last probe's time) and has ``ongoing`` True. Its
    true start and end are thus known to within one probe interval."""
    rows = []
    for (probe, site, vnet), p in probes.sort_values(["time_s", "seq"]).groupby(PAIR, sort=False):
        times = p["time_s"].to_numpy()
        lost = p["success"].to_numpy() == 0
        i = 0
        while i < len(times):
            if not lost[i]:
                i += 1
                continue
            j = i
            while j < len(times) and lost[j]:
                j += 1
            ongoing = j == len(times)
            stop = (end_s if end_s is not None else times[-1]) if ongoing else times[j]
            rows.append({"probe": probe, "site": site, "vnet": vnet, "start_s": float(times[i]),
                         "end_s": float(stop), "duration_s": float(stop - times[i]),
                         "probes_lost": j - i, "ongoing": ongoing})
            i = j
    return pd.DataFrame(rows, columns=OUTAGE_COLUMNS)


def availability(probes: pd.DataFrame, end_s: Optional[float] = None) -> pd.DataFrame:
    """Per pair: probes sent and lost, availability by probe count and by time.

    ``availability_percent`` is the share of answered probes (Azure Connection Monitor's
    "checks failed" complement, as summary.json). ``time_availability_percent`` is the share of the
    observed time (first probe to ``end_s``) outside outage windows."""
    outages = outage_windows(probes, end_s)
    rows = []
    for (probe, site, vnet), p in probes.groupby(PAIR, sort=False):
        sent, lost = len(p), int((p["success"] == 0).sum())
        first = float(p["time_s"].min())
        last = end_s if end_s is not None else float(p["time_s"].max())
        span = max(last - first, 0.0)
        down = float(outages.loc[outages["probe"] == probe, "duration_s"].sum())
        rows.append({"probe": probe, "site": site, "vnet": vnet, "probes_sent": sent,
                     "probes_lost": lost,
                     "availability_percent": 100.0 * (sent - lost) / sent if sent else np.nan,
                     "time_availability_percent": 100.0 * (1 - down / span) if span > 0 else np.nan,
                     "outages": int((outages["probe"] == probe).sum()),
                     "longest_outage_s": float(outages.loc[outages["probe"] == probe,
                                                           "duration_s"].max())
                     if (outages["probe"] == probe).any() else 0.0})
    return pd.DataFrame(rows, columns=[*PAIR, "probes_sent", "probes_lost", "availability_percent",
                                       "time_availability_percent", "outages", "longest_outage_s"])


def rtt_stats(probes: pd.DataFrame, percentiles: tuple[float, ...] = (50, 95, 99)) -> pd.DataFrame:
    """Per pair: RTT minimum, nearest-rank percentiles and maximum in ms, over answered probes."""
    rows = []
    for (probe, site, vnet), p in probes.groupby(PAIR, sort=False):
        rtt = p.loc[p["success"] == 1, "rtt_ms"].dropna()
        row = {"probe": probe, "site": site, "vnet": vnet, "answered": len(rtt),
               "rtt_min_ms": float(rtt.min()) if len(rtt) else np.nan}
        for q in percentiles:
            row[f"rtt_p{q:g}_ms"] = nearest_rank(rtt, q)
        row["rtt_max_ms"] = float(rtt.max()) if len(rtt) else np.nan
        rows.append(row)
    return pd.DataFrame(rows, columns=[*PAIR, "answered", "rtt_min_ms",
                                       *(f"rtt_p{q:g}_ms" for q in percentiles), "rtt_max_ms"])


def rtt_ecdf(probes: pd.DataFrame) -> pd.DataFrame:
    """Empirical CDF of RTT per pair: columns probe, site, vnet, rtt_ms, fraction (0..1]."""
    parts = []
    for (probe, site, vnet), p in probes.groupby(PAIR, sort=False):
        rtt = np.sort(p.loc[p["success"] == 1, "rtt_ms"].dropna().to_numpy())
        parts.append(pd.DataFrame({"probe": probe, "site": site, "vnet": vnet, "rtt_ms": rtt,
                                   "fraction": np.arange(1, rtt.size + 1) / max(rtt.size, 1)}))
    if not parts:
        return pd.DataFrame(columns=[*PAIR, "rtt_ms", "fraction"])
    return pd.concat(parts, ignore_index=True)
