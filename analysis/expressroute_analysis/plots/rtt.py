# SPDX-License-Identifier: GPL-2.0-only
"""RTT distribution: the empirical CDF of probe round-trip time per site-VNet pair."""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.ticker import LogLocator

from ..metrics import nearest_rank, pair_label, rtt_ecdf
from . import colour, new_figure


def rtt_cdf(probes: pd.DataFrame, title: str = "") -> Figure:
    """One step line per site-VNet pair: the fraction of answered probes with an RTT at or below x.
    The legend gives each pair's median and lost probes; the x axis is logarithmic when the RTTs
    span more than a factor of ten."""
    fig, ax = new_figure(figsize=(10, 6.5))
    cdf = rtt_ecdf(probes)
    pairs = list(dict.fromkeys(zip(probes["probe"], probes["site"], probes["vnet"])))
    for i, (probe, site, vnet) in enumerate(pairs):
        c = cdf[cdf["probe"] == probe]
        lost = int(((probes["probe"] == probe) & (probes["success"] == 0)).sum())
        label = f"{probe}: {pair_label(site, vnet)}"
        if c.empty:
            ax.plot([], [], color=colour(i), label=f"{label} (no probe answered)")
            continue
        x = np.concatenate([[c["rtt_ms"].iloc[0]], c["rtt_ms"].to_numpy()])
        y = np.concatenate([[0.0], c["fraction"].to_numpy()])
        median = nearest_rank(c["rtt_ms"], 50)
        ax.step(x, y, where="post", color=colour(i), lw=1.8,
                label=f"{label}, median {median:.3g} ms" + (f", {lost} lost" if lost else ""))
    rtts = cdf["rtt_ms"]
    if len(rtts) and rtts.min() > 0 and rtts.max() / rtts.min() > 10:
        ax.set_xscale("log")
        ax.xaxis.set_major_locator(LogLocator(subs=(1, 2, 5)))
        ax.xaxis.set_major_formatter(lambda v, _: f"{v:g}")
    ax.set_xlabel("round-trip time (ms)")
    ax.set_ylabel("fraction of answered probes \u2264 x")
    ax.set_ylim(0, 1.03)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.13), frameon=False,
              ncol=2 if len(pairs) > 3 else 1, title="probe: site \u2192 VNet")
    ax.set_title(title or "Probe round-trip time, CDF per site-VNet pair")
    return fig
