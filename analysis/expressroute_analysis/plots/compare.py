# SPDX-License-Identifier: GPL-2.0-only
"""Runs side by side, e.g. ExpressRoute against a site-to-site VPN: RTT, availability and
throughput of the same site-VNet pairs."""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from . import colour, new_figure

PANELS = [("rtt_p50_ms", "median RTT (ms)\nbar: p50, whisker to p99", 1.0),
          ("availability_percent", "availability\n(% of probes answered)", 1.0),
          ("throughput_bps", "throughput of the pair's flows\n(Mbit/s, both directions)", 1e-6)]


def side_by_side(comparison: pd.DataFrame, title: str = "") -> Figure:
    """``comparison`` is :func:`expressroute_analysis.metrics.pair_comparison` output: one row per
    label (e.g. ``ExpressRoute``, ``VPN``) and pair. Three panels of grouped horizontal bars, one
    group per pair, one colour per label. Pairs missing from a label have no bar."""
    labels = list(dict.fromkeys(comparison["label"]))
    pairs = list(dict.fromkeys(comparison["pair"]))
    fig, axes = new_figure(1, 3, figsize=(13, 1.6 + 0.55 * len(pairs) * max(len(labels), 2) / 2),
                           sharey=True)
    height = 0.8 / max(len(labels), 1)
    for ax, (col, xlabel, factor) in zip(axes, PANELS):
        for i, label in enumerate(labels):
            rows = comparison[comparison["label"] == label].set_index("pair").reindex(pairs)
            y = np.arange(len(pairs)) - 0.4 + height * (i + 0.5)
            values = rows[col].to_numpy(dtype=float) * factor
            ax.barh(y, np.nan_to_num(values), height=height * 0.9, color=colour(i), label=label)
            if col == "rtt_p50_ms":
                p99 = rows["rtt_p99_ms"].to_numpy(dtype=float)
                ax.errorbar(values, y, xerr=[np.zeros_like(values), np.nan_to_num(p99 - values)],
                            fmt="none", ecolor="#333", capsize=3, lw=1)
            missing = "no flow" if col == "throughput_bps" else "n/a"
            for yy, v in zip(y, values):
                ax.annotate(missing if np.isnan(v) else f"{v:.3g}", (0 if np.isnan(v) else v, yy),
                            xytext=(3, 0), textcoords="offset points", va="center", fontsize=8)
        ax.set_xlabel(xlabel)
        ax.margins(x=0.18)
        ax.grid(axis="y", alpha=0)
    axes[1].set_xlim(0, 105)
    axes[0].set_yticks(np.arange(len(pairs)), pairs)
    axes[0].set_ylim(len(pairs) - 0.5, -0.5)
    axes[0].legend(loc="upper left", bbox_to_anchor=(0.0, -0.18), frameon=False, ncol=len(labels))
    fig.suptitle(title or " vs ".join(labels) + ": the same site-VNet pairs side by side")
    return fig
