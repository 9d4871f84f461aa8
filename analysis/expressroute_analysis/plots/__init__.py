# SPDX-License-Identifier: GPL-2.0-only
"""Figures: one module per family; every function takes DataFrames and returns a Figure.

- :mod:`.timeline`: failover timeline (throughput and RTT against time, failures, path changes);
- :mod:`.rtt`: RTT CDF per site-VNet pair;
- :mod:`.utilisation`: circuit-link utilisation heatmap (links x time);
- :mod:`.sweep`: a metric against a parameter with 95 % CI bars, one line per second parameter;
- :mod:`.compare`: runs side by side (ExpressRoute against VPN);
- :mod:`.geo`: world map sketch of regions, peering locations, backbone and circuits.

:func:`save` writes a Figure as PNG and SVG.
"""

from __future__ import annotations

import re
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

#: Colours that stay apart for colour-blind readers (Okabe-Ito), then matplotlib's tab10.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442",
           "#000000", *plt.get_cmap("tab10").colors]
FAILURE_COLOUR = "#d62728"

plt.rcParams.update({
    "figure.dpi": 110, "savefig.dpi": 110, "font.size": 10, "axes.titlesize": 11,
    "axes.labelsize": 10, "legend.fontsize": 9, "axes.grid": True, "grid.alpha": 0.25,
    "axes.spines.top": False, "axes.spines.right": False, "svg.fonttype": "none",
})


def colour(i: int) -> str:
    return PALETTE[i % len(PALETTE)]


def new_figure(*args, **kwargs) -> tuple[Figure, object]:
    """``plt.subplots`` without registering the figure with pyplot (no leaks across many plots)."""
    fig = Figure(*(), **{k: kwargs.pop(k) for k in ("figsize", "dpi") if k in kwargs},
                 layout=kwargs.pop("layout", "constrained"))
    axes = fig.subplots(*args, **kwargs)
    return fig, axes


#: Labels of the per-run headline metrics (metrics.HEADLINE) and their factor.
KNOWN_LABELS = {
    "availability_min_percent": ("lowest availability of a pair (%)", 1.0),
    "longest_outage_s": ("longest outage (s)", 1.0),
    "probes_lost": ("probes lost (all pairs)", 1.0),
    "rtt_p50_mean_ms": ("median RTT, mean over pairs (ms)", 1.0),
    "rtt_p99_max_ms": ("99th-percentile RTT, worst pair (ms)", 1.0),
    "utilisation_p95_max_percent": ("95th-percentile utilisation, busiest link (%)", 1.0),
    "utilisation_peak_percent": ("peak circuit-link utilisation (%)", 1.0),
    "throughput_total_bps": ("total throughput of all flows (Mbit/s)", 1e-6),
    "fct_mean_s": ("mean flow completion time (s)", 1.0),
    "detection_mean_s": ("mean failure detection time (s)", 1.0),
    "convergence_max_s": ("longest convergence time (s)", 1.0),
    "recovery_max_s": ("longest recovery time (s)", 1.0),
}

UNITS = [("_percent", "%"), ("_bps", "Mbit/s"), ("_ms", "ms"), ("_s", "s"), ("_bytes", "B"),
         ("_mbps", "Mbit/s")]


def axis_label(name: str) -> tuple[str, float]:
    """A readable axis label for a column name, and the factor its values need.

    ``recovery_s`` -> ("recovery (s)", 1); ``throughput_bps`` -> ("throughput (Mbit/s)", 1e-6);
    ``param.bandwidth_mbps`` -> ("bandwidth (Mbit/s)", 1)."""
    base = re.sub(r"^(param|metric)[.:]", "", name)
    if base.endswith("utilisation"):
        return base.replace("_", " ").replace(".", " ") + " (fraction of bandwidth)", 1.0
    for suffix, unit in UNITS:
        if base.endswith(suffix):
            words = base[: -len(suffix)].replace("_", " ").replace(".", " ")
            return f"{words} ({unit})", 1e-6 if suffix == "_bps" else 1.0
    return base.replace("_", " ").replace(".", " "), 1.0


def metric_label(name: str) -> tuple[str, float]:
    """:func:`axis_label`, with the wording of :data:`KNOWN_LABELS` for the headline metrics."""
    return KNOWN_LABELS.get(name) or axis_label(name)


def save(fig: Figure, base: Path | str, formats: tuple[str, ...] = ("png", "svg")) -> list[Path]:
    """Writes ``base.png`` and ``base.svg`` (creating the folder) and returns their paths."""
    base = Path(base)
    if base.suffix in (".png", ".svg"):
        base = base.with_suffix("")
    base.parent.mkdir(parents=True, exist_ok=True)
    paths = []
    for fmt in formats:
        path = base.with_name(base.name + "." + fmt)
        fig.savefig(path, format=fmt)
        paths.append(path)
    return paths
