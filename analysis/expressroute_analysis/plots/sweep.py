# SPDX-License-Identifier: GPL-2.0-only
"""Sweep plot: one metric against one parameter, mean and 95 % confidence interval per grid point,
one line per value of a second parameter."""

from __future__ import annotations

from typing import Any, Optional

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from .. import metrics
from . import axis_label, colour, metric_label, new_figure


def sweep_plot(ci: pd.DataFrame, metric: str, x: str, lines: Optional[str] = None,
               order: Optional[dict[str, list[Any]]] = None, logy: Optional[bool] = None,
               title: str = "") -> Figure:
    """``ci`` is :func:`expressroute_analysis.metrics.sweep_ci` output. Points where other
    parameters vary are pooled only if ``ci`` was computed over ``x`` and ``lines`` alone (the
    caller chooses). Numeric parameters get a numeric axis, others one position per value, in
    ``order[x]`` (e.g. the spec's order, :meth:`Sweep.values`) when given. The y axis is
    logarithmic when ``logy``, or by default when positive means span more than a factor of 100.
    Grid points with one run have no bar (no spread to estimate)."""
    data = ci[ci["metric"] == metric]
    if data.empty:
        raise ValueError(f"metric '{metric}' is not in the sweep (have: "
                         f"{', '.join(sorted(ci['metric'].unique()))})")
    ylabel, factor = metric_label(metric)
    xlabel, _ = axis_label(x)
    numeric = pd.api.types.is_numeric_dtype(data[x]) and not pd.api.types.is_bool_dtype(data[x])
    present = list(data[x].unique())
    values = [v for v in (order or {}).get(x, []) if v in present]
    values += sorted((v for v in present if v not in values), key=lambda v: (str(type(v)), v))
    position = {v: (float(v) if numeric else float(i)) for i, v in enumerate(values)}
    if lines:
        line_order = [v for v in (order or {}).get(lines, []) if v in set(data[lines])]
        line_order += sorted(v for v in data[lines].unique() if v not in line_order)
        groups = [(v, data[data[lines] == v]) for v in line_order]
    else:
        groups = [(None, data)]
    n_groups = data[lines].nunique() if lines else 1
    span = (max(position.values()) - min(position.values())) or 1.0
    fig, ax = new_figure(figsize=(8.5, 5.2))
    for i, (value, g) in enumerate(groups):
        g = g.sort_values(x, key=lambda s: s.map(position))
        offset = (i - (n_groups - 1) / 2) * 0.012 * span  # keep error bars of lines apart
        xs = g[x].map(position).to_numpy() + offset
        integer = isinstance(value, (int, np.integer)) and not isinstance(value, bool)
        shown = f"{value:,}" if integer else value
        label = f"{axis_label(lines)[0]} = {shown}" if lines else "mean"
        ax.errorbar(xs, g["mean"] * factor, yerr=np.nan_to_num(g["ci_half"].to_numpy() * factor),
                    marker="o", ms=5, capsize=4, lw=1.6, color=colour(i), label=label)
    means = data["mean"].to_numpy(dtype=float)
    if logy is None:
        positive = means[np.isfinite(means)]
        logy = bool(positive.size and positive.min() > 0 and positive.max() / positive.min() > 100)
    note = ""
    if logy:
        ax.set_yscale("log")
        ax.yaxis.set_major_formatter(lambda v, _: f"{v:g}")
        ax.set_ylabel(ylabel + ", log scale")
    else:
        # Plain numbers in the metric's unit, never an offset ("+2.699e1") that makes a
        # difference in the fifth digit look like a cliff: a non-negative metric whose points
        # differ by less than 5 % is drawn from zero, and the spread is written out.
        ax.ticklabel_format(axis="y", style="plain", useOffset=False)
        finite = means[np.isfinite(means)] * factor
        if finite.size and finite.min() >= 0 and finite.max() > 0:
            spread = finite.max() - finite.min()
            if spread < 0.05 * finite.max():
                ax.set_ylim(bottom=0, top=finite.max() * 1.15)
                note = (f"; all points within {spread:.3g} of each other" if spread > 0
                        else "; the same at every point")
    identical = [metrics.runs_identical(sd, m, n)
                 for sd, m, n in zip(data["std"], data["mean"], data["n"])]
    if identical and all(identical):
        note += "; every point's runs are identical"
    if not numeric:
        ax.set_xticks([position[v] for v in values], [str(v) for v in values])
    ax.set_xlabel(xlabel)
    if not logy:
        ax.set_ylabel(ylabel)
    runs = data["n"]
    n_text = f"{runs.min()}" if runs.min() == runs.max() else f"{runs.min()}-{runs.max()}"
    ax.set_title(title or f"{ylabel} against {xlabel}\nmean and 95 % confidence interval "
                          f"over {n_text} run(s) per point{note}")
    ax.legend(frameon=False, loc="best")
    return fig
