# SPDX-License-Identifier: GPL-2.0-only
"""Every figure family renders, from a simulator run and the SYNTHETIC fixtures, to PNG and SVG
files of a plausible size."""

from __future__ import annotations

import json
import warnings
from pathlib import Path

import pandas as pd
import pytest

from expressroute_analysis import metrics
from expressroute_analysis.io import load_geography, load_run, load_sweep
from expressroute_analysis.plots import axis_label, save
from expressroute_analysis.plots.compare import side_by_side
from expressroute_analysis.plots.geo import segments, world_map
from expressroute_analysis.plots.rtt import rtt_cdf
from expressroute_analysis.plots.sweep import sweep_plot
from expressroute_analysis.plots.timeline import failover_timeline
from expressroute_analysis.plots.utilisation import colour_scale_max, utilisation_heatmap

ROOT = Path(__file__).resolve().parents[2]


def assert_written(paths: list[Path], min_png_bytes: int = 15_000) -> None:
    png, svg = paths
    assert png.suffix == ".png" and png.stat().st_size > min_png_bytes, f"{png} is too small"
    assert svg.suffix == ".svg" and svg.stat().st_size > 5_000, f"{svg} is too small"
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n", f"{png} is not a PNG"


def test_timeline_with_failures_and_path_changes(synthetic_run: Path, tmp_path: Path) -> None:
    run = load_run(synthetic_run)
    fig = failover_timeline(run.probes, run.links, run.events, run.routes, run.duration_s)
    assert len(fig.axes[0].patches) == 2, "two failure windows shaded"
    assert_written(save(fig, tmp_path / "timeline"))


def test_timeline_of_simulator_run_says_what_is_missing(sim_run: Path, tmp_path: Path) -> None:
    run = load_run(sim_run)
    fig = failover_timeline(run.probes, run.links, run.events, run.routes, run.duration_s)
    assert "no failures in events.csv" in fig._suptitle.get_text()
    # The simulator's warm-up path changes happen at negative scenario time: left out and said so,
    # and the layout still applies (markers outside the axes used to collapse it).
    assert (run.routes["time_s"] < 0).any()
    assert "(warm-up) not marked" in fig._suptitle.get_text()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert_written(save(fig, tmp_path / "timeline"))


def test_rtt_cdf(sim_run: Path, tmp_path: Path) -> None:
    fig = rtt_cdf(load_run(sim_run).probes)
    assert len(fig.axes[0].get_legend().get_texts()) == 5, "one line per site-VNet pair"
    assert_written(save(fig, tmp_path / "rtt"))


def test_utilisation_heatmap(synthetic_run: Path, tmp_path: Path) -> None:
    run = load_run(synthetic_run)
    fig = utilisation_heatmap(run.links, run.events)
    assert len(fig.axes[0].get_yticklabels()) == 8, "4 links x 2 directions"
    assert_written(save(fig, tmp_path / "utilisation"))


def test_colour_scale_is_a_round_value_above_the_peak() -> None:
    assert [colour_scale_max(p) for p in (0.3, 4.1, 11.1, 100.0, 130.2)] == [1, 5, 20, 100, 131]


def test_sweep_plot_one_line_per_second_parameter(synthetic_sweep: Path, tmp_path: Path) -> None:
    sweep = load_sweep(synthetic_sweep)
    ci = metrics.sweep_ci(sweep.completed(), sweep.parameters, sweep.metrics)
    fig = sweep_plot(ci, "ams_to_weu_longest_outage_s", "bandwidth", "bfd",
                     order={p: sweep.values(p) for p in sweep.parameters})
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["500Mbps", "1Gbps"], "spec order"
    assert len(ax.get_legend().get_texts()) == 2
    assert ax.get_yscale() == "log", "1 s and 180 s on one axis"
    assert_written(save(fig, tmp_path / "sweep"))


def test_side_by_side_comparison(sim_run: Path, tmp_path: Path) -> None:
    run = load_run(sim_run)
    slower = run.probes.assign(rtt_ms=run.probes["rtt_ms"] * 2)
    table = metrics.pair_comparison({"ExpressRoute": run.probes, "VPN": slower},
                                    {"ExpressRoute": run.flows, "VPN": run.flows})
    assert set(table["label"]) == {"ExpressRoute", "VPN"} and len(table) == 10
    assert_written(save(side_by_side(table), tmp_path / "compare"))


def test_world_map_of_a_scenario(tmp_path: Path) -> None:
    geo = load_geography()
    scenario = json.loads((ROOT / "examples" / "scenarios" / "default.json").read_text())
    fig = world_map(geo["regions"], geo["peering_locations"], scenario, geo["backbone"])
    assert "dr-eastus (East US)" in fig.axes[1].get_title(), "far VNet named outside the zoom"
    assert_written(save(fig, tmp_path / "map"), min_png_bytes=50_000)


def test_link_across_the_date_line_is_split() -> None:
    assert len(segments((170.0, 0.0), (-170.0, 10.0))) == 2
    assert len(segments((10.0, 0.0), (20.0, 10.0))) == 1


@pytest.mark.parametrize("name, label, factor", [
    ("rtt_p50_ms", "rtt p50 (ms)", 1.0), ("throughput_bps", "throughput (Mbit/s)", 1e-6),
    ("availability_percent", "availability (%)", 1.0), ("bandwidth", "bandwidth", 1.0)])
def test_axis_label_carries_the_unit(name: str, label: str, factor: float) -> None:
    assert axis_label(name) == (label, factor)


def test_sweep_plot_draws_a_tiny_difference_in_plain_units_from_zero(tmp_path: Path) -> None:
    # A 4 us difference on a 27 ms RTT: plain ticks (no "+2.699e1" offset), an axis from zero,
    # and the spread written in the title; the runs of each point identical.
    ci = pd.DataFrame({"rate": [10, 20, 50], "metric": ["p_rtt_p50_ms"] * 3,
                       "n": [3, 3, 3], "mean": [26.9912, 26.9930, 26.9952],
                       "std": [0.0, 0.0, 0.0], "ci_half": [0.0, 0.0, 0.0]})
    fig = sweep_plot(ci, "p_rtt_p50_ms", "rate")
    ax = fig.axes[0]
    fig.canvas.draw()
    assert ax.yaxis.get_offset_text().get_text() == "", "no offset notation"
    assert ax.get_ylim()[0] == 0
    title = ax.get_title()
    assert "all points within" in title and "runs are identical" in title, title
    assert_written(save(fig, tmp_path / "sweep-tiny"))
