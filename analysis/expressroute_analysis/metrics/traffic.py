# SPDX-License-Identifier: GPL-2.0-only
"""Metrics from circuit links (links.csv) and traffic flows (flows.csv)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .stats import nearest_rank

LINK = ["circuit", "link"]


def link_label(circuit: str, link: str) -> str:
    return f"{circuit} {link}"


def utilisation_long(links: pd.DataFrame) -> pd.DataFrame:
    """links.csv in long form: one row per link, interval and direction (``in`` = into Azure),
    with ``bps``, ``dropped_bps`` and ``utilisation`` (0..1)."""
    parts = []
    for direction in ("in", "out"):
        part = links[["interval_start_s", "interval_end_s", "circuit", "link", "peering_location",
                      "bandwidth_bps"]].copy()
        part["direction"] = direction
        part["bps"] = links[f"bits_{direction}_per_second"]
        part["dropped_bps"] = links[f"dropped_{direction}_bits_per_second"]
        part["utilisation"] = links[f"utilisation_{direction}"]
        parts.append(part)
    return pd.concat(parts, ignore_index=True)


def utilisation_percentiles(links: pd.DataFrame,
                            percentiles: tuple[float, ...] = (50, 95, 99)) -> pd.DataFrame:
    """Per circuit link and direction: nearest-rank percentiles, mean and maximum of utilisation
    (fraction 0..1) over the intervals, the peak rate and the dropped bits."""
    rows = []
    long = utilisation_long(links)
    for (circuit, link, direction), g in long.groupby([*LINK, "direction"], sort=False):
        width = (g["interval_end_s"] - g["interval_start_s"]).to_numpy()
        row = {"circuit": circuit, "link": link, "direction": direction,
               "bandwidth_bps": float(g["bandwidth_bps"].iloc[0]), "intervals": len(g),
               "mean": float(g["utilisation"].mean())}
        for q in percentiles:
            row[f"p{q:g}"] = nearest_rank(g["utilisation"], q)
        row["max"] = float(g["utilisation"].max())
        row["peak_bps"] = float(g["bps"].max())
        row["dropped_bits"] = float((g["dropped_bps"].to_numpy() * width).sum())
        rows.append(row)
    return pd.DataFrame(rows)


def link_throughput(links: pd.DataFrame) -> pd.DataFrame:
    """Per circuit link and interval: ``time_s`` (interval midpoint), ``in_bps``, ``out_bps``,
    ``total_bps`` (both directions)."""
    out = links[["circuit", "link"]].copy()
    out["time_s"] = (links["interval_start_s"] + links["interval_end_s"]) / 2
    out["in_bps"] = links["bits_in_per_second"]
    out["out_bps"] = links["bits_out_per_second"]
    out["total_bps"] = out["in_bps"] + out["out_bps"]
    return out.sort_values([*LINK, "time_s"], ignore_index=True)


def path_kind(path: str) -> str:
    """Which way a flow went, from its recorded path (flows.csv ``path``): ``VPN`` (a VPN gateway
    on the path), ``ExpressRoute`` (through an MSEE to or from a VNet), ``Global Reach`` (site to
    site through MSEEs), ``no route`` (the recorded path ends in ``(no route)``), ``unknown``."""
    if not isinstance(path, str) or not path:
        return "unknown"
    hops = path.split(">")
    lowered = path.lower()
    if "vpn" in lowered:
        return "VPN"
    if hops[-1].strip() == "(no route)":
        return "no route"
    if "msee/" in lowered and "vnet/" in lowered:
        return "ExpressRoute"
    if "msee/" in lowered and hops[0].startswith("site/") and hops[-1].startswith("site/"):
        return "Global Reach"
    return "unknown"


def flow_stats(flows: pd.DataFrame) -> pd.DataFrame:
    """Per flow: throughput, flow completion time (Bulk flows that delivered every byte:
    ``last_rx_s - start_s``), lost packets and the path kind: the simulator's ``path_kinds`` over
    time when flows.csv has them, else the kind of the first path."""
    out = flows[["flow", "kind", "protocol", "from", "to", "start_s", "tx_bytes", "rx_bytes",
                 "throughput_bps", "loss"]].copy()
    bulk = flows["kind"] == "Bulk"
    done = flows["rx_bytes"] >= flows["tx_bytes"]
    out["completed"] = [bool(d) if b else None for d, b in zip(done, bulk)]
    out["fct_s"] = np.where(bulk & done,
                            flows["last_rx_s"] - flows["start_s"], np.nan)
    out["packets_lost"] = (flows["tx_packets"] - flows["rx_packets"]).where(
        flows["protocol"] == "udp", 0).clip(lower=0)
    out["path_kind"] = flows["path"].map(path_kind)
    if "path_kinds" in flows.columns:
        # The simulator's own account of the paths used over time (flows.csv path_kinds):
        # "ExpressRoute via Chicago | VPN chi-vpn from 10.83 s | ...".
        over_time = flows["path_kinds"].where(flows["path_kinds"].notna() & (flows["path_kinds"] != ""))
        out["path_kind"] = over_time.fillna(out["path_kind"])
    return out


def flow_summary(flows: pd.DataFrame) -> pd.DataFrame:
    """Per flow kind: count, throughput mean / p50 / p95 / min / max (bit/s), completion time
    mean / p50 / p95 / max (s) of completed Bulk flows."""
    stats = flow_stats(flows)
    rows = []
    for kind, g in stats.groupby("kind", sort=True):
        tp, fct = g["throughput_bps"], g["fct_s"].dropna()
        rows.append({"kind": kind, "flows": len(g),
                     "throughput_mean_bps": float(tp.mean()),
                     "throughput_p50_bps": nearest_rank(tp, 50),
                     "throughput_p95_bps": nearest_rank(tp, 95),
                     "throughput_min_bps": float(tp.min()), "throughput_max_bps": float(tp.max()),
                     "completed": int(len(fct)),
                     "fct_mean_s": float(fct.mean()) if len(fct) else np.nan,
                     "fct_p50_s": nearest_rank(fct, 50), "fct_p95_s": nearest_rank(fct, 95),
                     "fct_max_s": float(fct.max()) if len(fct) else np.nan})
    return pd.DataFrame(rows)


def gateway_stats(gateways: pd.DataFrame) -> pd.DataFrame:
    """Per ExpressRoute gateway (gateways.csv): the SKU and its cap, forwarded throughput towards
    and from the VNet (mean and peak over the intervals, bit/s), packets dropped at the cap (sum
    over the intervals, from the per-second rates), the fewest instances in service, and the
    most routes learned and advertised towards on-premises."""
    rows = []
    g = gateways.copy()
    g["secs"] = g["interval_end_s"] - g["interval_start_s"]
    for vnet, v in g.groupby("vnet", sort=True):
        cap = float(v["throughput_cap_bps"].iloc[0]) if "throughput_cap_bps" in v else np.nan
        rows.append({"vnet": vnet, "sku": str(v["sku"].iloc[0]),
                     "cap_bps": cap,
                     "to_vnet_mean_bps": float(v["bits_to_vnet_per_second"].mean()),
                     "to_vnet_peak_bps": float(v["bits_to_vnet_per_second"].max()),
                     "from_vnet_mean_bps": float(v["bits_from_vnet_per_second"].mean()),
                     "from_vnet_peak_bps": float(v["bits_from_vnet_per_second"].max()),
                     "dropped_packets": int(round(float((v["dropped_packets_per_second"]
                                                         * v["secs"]).sum()))),
                     "instances_up_min": int(v["instances_up"].min()),
                     "routes_learned_max": int(v["routes_learned"].max()),
                     "routes_advertised_max": int(v["routes_advertised"].max())})
    return pd.DataFrame(rows)
