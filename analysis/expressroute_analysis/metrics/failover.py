# SPDX-License-Identifier: GPL-2.0-only
"""Failure events and what they cost: detection time, convergence time, data-plane recovery and
packets lost, per failure.

Inputs follow the contract in analysis/README.md ("Failure files"): ``events.csv`` rows with
``event`` ``FailureStarted`` / ``FailureCleared`` (generally ``<Category>Started`` /
``<Category>Cleared``) for a ``kind`` and ``target``; ``bgp.csv`` rows ``time_s, router, peer,
event`` where a session going down is an ``event`` containing ``Down`` or ``Expired`` (or, with
``old_state``/``new_state`` columns, leaving ``Established``; or, as the simulator writes it, a
``session-state`` row whose ``detail`` is ``Established>...`` or a ``bfd-state`` row whose
``detail`` is ``Up>...``); ``routes.csv`` rows ``time_s,
router, prefix``, one per best-path change.
"""

from __future__ import annotations

from typing import Optional

import numpy as np
import pandas as pd

from .probes import outage_windows, probe_interval_s

WINDOW_COLUMNS = ["failure", "category", "kind", "target", "start_s", "end_s", "cleared"]


def failure_windows(events: pd.DataFrame, end_s: float) -> pd.DataFrame:
    """Pairs each ``<Category>Started`` with the next ``<Category>Cleared`` of the same kind and
    target. A failure never cleared ends at ``end_s`` with ``cleared`` False."""
    open_: dict[tuple[str, str, str], list[float]] = {}
    rows = []
    for e in events.sort_values("time_s", kind="stable").itertuples(index=False):
        name = str(e.event)
        for suffix in ("Started", "Cleared"):
            if name.endswith(suffix):
                key = (name[: -len(suffix)], str(e.kind), str(e.target))
                if suffix == "Started":
                    open_.setdefault(key, []).append(float(e.time_s))
                elif open_.get(key):
                    rows.append((*key, open_[key].pop(0), float(e.time_s), True))
    for key, starts in open_.items():
        rows.extend((*key, s, float(end_s), False) for s in starts)
    rows.sort(key=lambda r: (r[3], r[1], r[2]))
    out = pd.DataFrame(rows, columns=WINDOW_COLUMNS[1:])
    out.insert(0, "failure", [f"{r[1]} {r[2]} @ {r[3]:g} s" for r in rows])
    return out


def session_down(bgp: pd.DataFrame) -> pd.Series:
    """Which bgp.csv rows record a session going down (see the module contract)."""
    down = bgp["event"].str.contains("down|expired", case=False, regex=True)
    if "detail" in bgp.columns:
        detail = bgp["detail"].astype(str)
        down |= (bgp["event"] == "session-state") & detail.str.startswith("Established>")
        down |= (bgp["event"] == "bfd-state") & detail.str.startswith("Up>")
    if {"old_state", "new_state"} <= set(bgp.columns):
        down |= (bgp["old_state"] == "Established") & (bgp["new_state"] != "Established")
    return down


def failover_table(failures: pd.DataFrame, probes: pd.DataFrame,
                   bgp: Optional[pd.DataFrame] = None, routes: Optional[pd.DataFrame] = None,
                   flows: Optional[pd.DataFrame] = None,
                   end_s: Optional[float] = None) -> pd.DataFrame:
    """One row per failure (from :func:`failure_windows`):

    - ``detection_s``, ``detected_by``: as the simulator's summary defines it, the first BFD or
      BGP session down at a customer edge router (``site/...``; a failed CE's own timers do not
      count) at or after the failure start, else the first lost probe of an outage it caused;
      a bgp.csv without customer routers (hand-made) gives its first session down (needs
      bgp.csv);
    - ``convergence_s``: last best-path change before the failure clears or the next one starts,
      from the failure start (needs routes.csv); 0 when no route changed;
    - ``recovery_s``: from the failure start to the end of the last probe outage it caused (an
      outage starting at most one probe interval before it); 0 when no probe was lost;
    - ``pairs_affected``, ``probes_lost``: site-VNet pairs with such an outage, probes lost in them;
    - ``udp_packets_lost``: sent minus received packets of the UDP flows active during the failure
      (flows.csv has whole-flow counts: a flow's loss is shared equally by the failures overlapping
      it, so the number is exact when one failure overlaps each flow);
    - ``missing``: the files a NaN column needed."""
    outages = outage_windows(probes, end_s)
    interval = probe_interval_s(probes)
    outages["interval_s"] = outages["probe"].map(interval).fillna(0.0)
    starts = failures["start_s"].to_numpy()
    udp_lost = _udp_losses(failures, flows) if flows is not None else np.zeros(0)
    rows = []
    for i, f in enumerate(failures.itertuples(index=False)):
        later = starts[starts > f.start_s]
        horizon = min(f.end_s, later.min()) if later.size else f.end_s
        row = {"failure": f.failure, "kind": f.kind, "target": f.target, "start_s": f.start_s,
               "end_s": f.end_s, "detection_s": np.nan, "detected_by": "",
               "convergence_s": np.nan}
        missing = []
        hit = outages[(outages["start_s"] >= f.start_s - outages["interval_s"] - 1e-9)
                      & (outages["start_s"] < horizon)]
        if bgp is None:
            missing.append("bgp.csv")
        else:
            router = bgp["router"].astype(str)
            dead = f"site/{f.target}" if f.kind == "CeFailure" else None
            window = session_down(bgp) & (bgp["time_s"] >= f.start_s) & (bgp["time_s"] < horizon)
            customer = router.str.startswith("site/")
            if customer.any():
                window &= customer & (router != dead)
            t = bgp.loc[window].sort_values("time_s", kind="stable")
            if len(t):
                first = t.iloc[0]
                row["detection_s"] = float(first["time_s"] - f.start_s)
                how = {"bfd-state": "BFD", "session-state": "BGP"}.get(first["event"], first["event"])
                row["detected_by"] = f"{how} at {first['router']} ({first['peer']})"
            elif customer.any() and len(hit):
                first = hit.sort_values("start_s", kind="stable").iloc[0]
                row["detection_s"] = max(0.0, float(first["start_s"] - f.start_s))
                row["detected_by"] = f"lost probe {first['probe']}"
        if routes is None:
            missing.append("routes.csv")
        else:
            t = routes.loc[(routes["time_s"] >= f.start_s) & (routes["time_s"] < horizon), "time_s"]
            row["convergence_s"] = float(t.max() - f.start_s) if len(t) else 0.0
        row["recovery_s"] = float(hit["end_s"].max() - f.start_s) if len(hit) else 0.0
        row["pairs_affected"] = int(hit["probe"].nunique())
        row["probes_lost"] = int(hit["probes_lost"].sum())
        if flows is None:
            missing.append("flows.csv")
            row["udp_packets_lost"] = np.nan
        else:
            row["udp_packets_lost"] = float(udp_lost[i]) if len(udp_lost) else 0.0
        row["missing"] = ", ".join(missing)
        rows.append(row)
    return pd.DataFrame(rows, columns=["failure", "kind", "target", "start_s", "end_s",
                                       "detection_s", "detected_by", "convergence_s", "recovery_s",
                                       "pairs_affected", "probes_lost", "udp_packets_lost",
                                       "missing"])


def _udp_losses(failures: pd.DataFrame, flows: pd.DataFrame) -> np.ndarray:
    """Lost packets of UDP flows, each flow's loss shared equally by the failures it overlaps."""
    lost = np.zeros(len(failures))
    udp = flows[flows["protocol"] == "udp"]
    for flow in udp.itertuples(index=False):
        overlap = ((failures["start_s"] < flow.stop_s) & (failures["end_s"] > flow.start_s)).to_numpy()
        if overlap.any():
            lost[overlap] += max(flow.tx_packets - flow.rx_packets, 0) / overlap.sum()
    return lost


#: summary.json's per-failure numbers, in report order (doc/outputs.md, "summary.json").
SUMMARY_FAILURE_COLUMNS = ["failure", "kind", "target", "start_s", "cleared_s", "detection_s",
                           "detected_by", "convergence_s", "recovery_s", "probes_lost",
                           "pairs_affected", "no_path_pairs"]
#: summary.json's per-pair answers of each failure.
SUMMARY_PAIR_COLUMNS = ["failure", "probe", "site", "vnet", "path_before", "path_during",
                        "lost_s", "probes_lost", "no_path_until_cleared", "recovered_s",
                        "rtt_before_ms", "rtt_during_ms", "path_after", "failback_lost_s",
                        "rtt_after_ms"]


def summary_failures(summary: Optional[dict]) -> Optional[tuple[pd.DataFrame, pd.DataFrame]]:
    """The simulator's own failure answers from summary.json (one source of truth: the report
    shows these rather than recomputing them): one row per failure (detection as the customer
    sees it, routing convergence, when the last affected pair recovered, probes lost, how many
    pairs had no path until the clear) and one row per affected pair (path before, during and
    after, time lost, RTT before and during). ``None`` when the run has no summary.json or it
    predates these fields (then :func:`failover_table` recomputes from the CSV files)."""
    if not summary or "failures" not in summary:
        return None
    failures = summary["failures"]
    if any("pairs" not in f or "recovery_s" not in f for f in failures):
        return None
    rows, pairs = [], []
    for f in failures:
        name = f"{f['kind']} {f['target']} @ {f['start_s']:g} s"
        rows.append({"failure": name, "kind": f["kind"], "target": f["target"],
                     "start_s": f["start_s"], "cleared_s": f.get("cleared_s"),
                     "detection_s": f.get("detection_s"), "detected_by": f.get("detected_by"),
                     "convergence_s": f.get("convergence_s"), "recovery_s": f.get("recovery_s"),
                     "probes_lost": f.get("probes_lost", 0),
                     "pairs_affected": len(f.get("pairs_affected", [])),
                     "no_path_pairs": sum(bool(p.get("no_path_until_cleared")) for p in f["pairs"])})
        for p in f["pairs"]:
            pairs.append({"failure": name, **{c: p.get(c) for c in SUMMARY_PAIR_COLUMNS[1:]}})
    table = pd.DataFrame(rows, columns=SUMMARY_FAILURE_COLUMNS)
    for c in ("cleared_s", "detection_s", "convergence_s", "recovery_s"):
        table[c] = pd.to_numeric(table[c])
    return table, pd.DataFrame(pairs, columns=SUMMARY_PAIR_COLUMNS)
