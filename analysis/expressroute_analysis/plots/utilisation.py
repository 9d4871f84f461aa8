# SPDX-License-Identifier: GPL-2.0-only
"""Circuit-link utilisation heatmap: one row per circuit link and direction, time across."""

from __future__ import annotations

import math
from typing import Optional

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from ..metrics import failure_windows, utilisation_long
from . import FAILURE_COLOUR, new_figure

SCALE_STEPS = (1, 2, 5, 10, 20, 50, 100)


def colour_scale_max(peak_percent: float) -> float:
    """The smallest of 1, 2, 5, 10, 20, 50, 100 % at or above the peak (above 100 %: the peak)."""
    for step in SCALE_STEPS:
        if peak_percent <= step:
            return float(step)
    return float(math.ceil(peak_percent))


def utilisation_heatmap(links: pd.DataFrame, events: Optional[pd.DataFrame] = None,
                        title: str = "") -> Figure:
    """Utilisation (% of the link's bandwidth) of each circuit link in each direction and interval.
    The colour scale runs from 0 to a round value above the peak, written on the colour bar; links
    that drop traffic are flagged in their row label; ``events`` outlines failure windows."""
    long = utilisation_long(links)
    rows = list(dict.fromkeys(zip(long["circuit"], long["link"], long["direction"])))
    rows.sort(key=lambda r: (r[0], r[1], r[2]))
    starts = np.sort(long["interval_start_s"].unique())
    end = float(long["interval_end_s"].max()) if len(long) else 1.0
    grid = np.full((len(rows), len(starts)), np.nan)
    index = {r: i for i, r in enumerate(rows)}
    col = {t: j for j, t in enumerate(starts)}
    for rec in long.itertuples(index=False):
        grid[index[(rec.circuit, rec.link, rec.direction)], col[rec.interval_start_s]] = 100 * rec.utilisation
    peak = float(np.nanmax(grid)) if grid.size and not np.isnan(grid).all() else 0.0
    vmax = colour_scale_max(peak)

    fig, ax = new_figure(figsize=(11, 1.2 + 0.42 * max(len(rows), 2)))
    edges = np.append(starts, end)
    ax.grid(False)
    mesh = ax.pcolormesh(edges, np.arange(len(rows) + 1), np.ma.masked_invalid(grid), cmap="YlGnBu",
                         vmin=0, vmax=vmax, shading="flat")
    drops = long.groupby(["circuit", "link", "direction"])["dropped_bps"].max()
    labels = [f"{c} {l} {'in (to Azure)' if d == 'in' else 'out (from Azure)'}"
              + (" \u26a0 drops" if drops.get((c, l, d), 0) > 0 else "") for c, l, d in rows]
    ax.set_yticks(np.arange(len(rows)) + 0.5, labels)
    ax.set_ylim(len(rows), 0)
    for i in range(1, len(rows)):
        if rows[i][:2] != rows[i - 1][:2]:
            ax.axhline(i, color="white", lw=2.5)
    ax.set_xlabel("simulated time (s)")
    ax.set_ylabel("circuit, link, direction")
    bar = fig.colorbar(mesh, ax=ax, pad=0.01, fraction=0.04)
    bar.set_label(f"utilisation (% of link bandwidth;\nscale 0-{vmax:g} %, peak {peak:.3g} %)")
    if events is not None:
        handles = []
        for i, w in enumerate(failure_windows(events, end).itertuples(index=False), start=1):
            ax.axvspan(w.start_s, w.end_s, fill=False, edgecolor=FAILURE_COLOUR, lw=2, ls="--")
            ax.annotate(f"F{i}", (w.start_s, 0), xytext=(2, 2), textcoords="offset points",
                        va="bottom", fontsize=9, color=FAILURE_COLOUR, annotation_clip=False)
            handles.append(Patch(fill=False, edgecolor=FAILURE_COLOUR, ls="--", lw=2,
                                 label=f"F{i}: {w.kind} {w.target} ({w.start_s:g}-{w.end_s:g} s)"))
        if handles:
            ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(0.0, -0.12 - 0.5 / len(rows)),
                      frameon=False, ncol=2, title="failure windows (events.csv)")
    ax.set_title(title or "Circuit-link utilisation by interval", pad=14)
    return fig
