# SPDX-License-Identifier: GPL-2.0-only
"""Failover timeline: circuit-link throughput and probe RTT against time, lost probes, failure
windows shaded and best-path changes marked."""

from __future__ import annotations

from typing import Optional

import matplotlib.transforms as mtransforms
import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from ..metrics import failure_windows, link_throughput, pair_label
from . import FAILURE_COLOUR, colour, new_figure

MAX_ROUTE_LINES = 40


def failover_timeline(probes: pd.DataFrame, links: pd.DataFrame,
                      events: Optional[pd.DataFrame] = None,
                      routes: Optional[pd.DataFrame] = None,
                      end_s: Optional[float] = None, title: str = "") -> Figure:
    """Three panels sharing the time axis: throughput per circuit link and VPN tunnel (both
    directions, Mbit/s; a VPN dotted),
    RTT per site-VNet pair (ms), and a row of crosses per pair for the probes that were lost.

    ``events`` (events.csv) shades each failure window; ``routes`` (routes.csv) marks best-path
    changes as triangles above the plot (and dotted lines when there are few)."""
    fig, (ax_tp, ax_rtt, ax_lost) = new_figure(
        3, 1, sharex=True, figsize=(11, 7.2), gridspec_kw={"height_ratios": [3, 3, 1.4]})
    _throughput(ax_tp, links)
    pairs = _rtt(ax_rtt, probes)
    _lost(ax_lost, probes, pairs)
    end = end_s if end_s is not None else float(max(
        probes["time_s"].max() if len(probes) else 0, links["interval_end_s"].max() if len(links) else 0))
    ax_lost.set_xlim(0, end)
    ax_lost.set_xlabel("simulated time (s)")

    notes, handles = [], []
    if events is not None:
        windows = failure_windows(events, end)
        same_start: dict[float, int] = {}
        for i, w in enumerate(windows.itertuples(index=False)):
            for ax in (ax_tp, ax_rtt, ax_lost):
                ax.axvspan(w.start_s, w.end_s, color=FAILURE_COLOUR, alpha=0.13, lw=0)
            # Failures starting together get their labels one under the other.
            row = same_start.get(w.start_s, 0)
            same_start[w.start_s] = row + 1
            ax_tp.annotate(f"{w.kind}\n{w.target}", (w.start_s, 1.0), xycoords=("data", "axes fraction"),
                           xytext=(3, -3 - 22 * row), textcoords="offset points", va="top",
                           fontsize=8, color=FAILURE_COLOUR)
        handles.append(Patch(color=FAILURE_COLOUR, alpha=0.25, label="failure (events.csv)"))
        if windows.empty:
            notes.append("no failures in events.csv")
    else:
        notes.append("no failures shaded: events.csv not present")
    if routes is not None and len(routes):
        all_times = np.sort(routes["time_s"].to_numpy())
        # Warm-up changes (negative scenario time) happened before the window this figure shows.
        times = all_times[(all_times >= 0) & (all_times <= end)]
        if times.size < all_times.size:
            notes.append(f"{all_times.size - times.size} best-path changes outside 0-{end:g} s "
                         "(warm-up) not marked")
        trans = mtransforms.blended_transform_factory(ax_tp.transData, ax_tp.transAxes)
        if times.size:  # an empty line with this transform collapses the constrained layout
            ax_tp.plot(times, np.full(times.size, 1.02), ls="none", marker="v", ms=6, color="#444",
                       transform=trans, clip_on=False)
        if times.size <= MAX_ROUTE_LINES:
            for ax in (ax_tp, ax_rtt, ax_lost):
                for t in times:
                    ax.axvline(t, color="#444", lw=0.8, ls=":")
        handles.append(Line2D([], [], color="#444", marker="v", ls=":",
                              label="best-path change (routes.csv)"))
    if routes is None:
        notes.append("best-path changes not marked: routes.csv not present")
    if handles:
        ax_lost.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False)
    heading = title or "Failover timeline"
    fig.suptitle(heading + (f"\n({'; '.join(notes)})" if notes else ""), fontsize=11)
    return fig


def _throughput(ax, links: pd.DataFrame) -> None:
    tp = link_throughput(links)
    circuits = list(dict.fromkeys(tp["circuit"]))
    for (circuit, link), g in tp.groupby(["circuit", "link"], sort=True):
        starts = links.loc[(links["circuit"] == circuit) & (links["link"] == link)].sort_values(
            "interval_start_s")
        x = np.append(starts["interval_start_s"].to_numpy(), starts["interval_end_s"].to_numpy()[-1:])
        y = g["total_bps"].to_numpy() / 1e6
        ax.step(x, np.append(y, y[-1:]), where="post", color=colour(circuits.index(circuit)),
                ls={"primary": "-", "secondary": "--"}.get(link, ":"), lw=1.6,
                label=f"{circuit} {link}")
    ax.set_ylabel("link throughput\n(Mbit/s, in + out)")
    ax.set_ylim(bottom=0)
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False,
              title="circuit link" + (" or VPN" if (tp["link"] == "vpn").any() else ""))


def _rtt(ax, probes: pd.DataFrame) -> list[tuple[str, str, str]]:
    pairs = list(dict.fromkeys(zip(probes["probe"], probes["site"], probes["vnet"])))
    for i, (probe, site, vnet) in enumerate(pairs):
        p = probes[(probes["probe"] == probe)].sort_values("time_s")
        rtt = p["rtt_ms"].where(p["success"] == 1)
        ax.plot(p["time_s"], rtt, marker="o", ms=2.5, lw=1.2, color=colour(i),
                label=f"{probe}: {pair_label(site, vnet)}")
    ax.set_ylabel("probe round-trip\ntime (ms)")
    ax.set_ylim(bottom=0)
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False, title="probe: site \u2192 VNet")
    return pairs


def _lost(ax, probes: pd.DataFrame, pairs: list[tuple[str, str, str]]) -> None:
    for i, (probe, site, vnet) in enumerate(pairs):
        t = probes.loc[(probes["probe"] == probe) & (probes["success"] == 0), "time_s"]
        ax.plot(t, np.full(len(t), i), ls="none", marker="x", ms=6, mew=1.6, color=colour(i),
                clip_on=False)
    ax.set_yticks(range(len(pairs)), [p[0] for p in pairs], fontsize=8)
    ax.set_ylim(-0.7, len(pairs) - 0.3)
    ax.invert_yaxis()
    ax.set_ylabel("lost probes")
    ax.grid(axis="y", alpha=0)
    if not (probes["success"] == 0).any():
        ax.text(0.5, 0.5, "no probe lost", transform=ax.transAxes, ha="center", va="center",
                color="#666")
