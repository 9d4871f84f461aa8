# SPDX-License-Identifier: GPL-2.0-only
"""Percentiles, Student's t and confidence intervals on known values."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from expressroute_analysis import metrics
from expressroute_analysis.io import load_sweep


@pytest.mark.parametrize("df, expected", [(1, 12.7062), (2, 4.3027), (9, 2.2622), (30, 2.0423),
                                          (10000, 1.9602)])
def test_t_quantile_matches_tables(df: int, expected: float) -> None:
    assert metrics.t_quantile(0.975, df) == pytest.approx(expected, abs=1e-4)


def test_ci_of_known_values() -> None:
    mean, half, n = metrics.mean_ci([0.9, 1.0, 1.1])
    assert (mean, n) == (pytest.approx(1.0), 3)
    assert half == pytest.approx(4.302653 * 0.1 / math.sqrt(3), rel=1e-6), "t(0.975, 2) s / sqrt(n)"


def test_ci_of_one_value_is_undefined() -> None:
    mean, half, n = metrics.mean_ci([5.0])
    assert mean == 5.0 and math.isnan(half) and n == 1


def test_nearest_rank_percentile() -> None:
    values = [15, 20, 35, 40, 50]
    assert [metrics.nearest_rank(values, q) for q in (5, 30, 40, 50, 100)] == [15, 20, 20, 35, 50]


def test_sweep_ci_per_grid_point(synthetic_sweep: Path) -> None:
    sweep = load_sweep(synthetic_sweep)
    ci = metrics.sweep_ci(sweep.completed(), sweep.parameters, ["ams_to_weu_longest_outage_s"])
    row = ci[(ci["bfd"] == True) & (ci["bandwidth"] == "500Mbps")].iloc[0]  # noqa: E712
    assert row["n"] == 3, "three completed runs; the failed one is not counted"
    assert row["mean"] == pytest.approx(1.0)
    assert (row["ci_low"], row["ci_high"]) == (pytest.approx(0.75159, abs=1e-4),
                                               pytest.approx(1.24841, abs=1e-4))


def test_mean_ci_is_rounded_to_the_interval_and_identical_runs_are_named() -> None:
    assert metrics.format_mean_ci(26.99123, 0.00432, 0.002, 3) == "26.9912 \u00b1 0.0043"
    assert metrics.format_mean_ci(1234.6, 56.7, 20.0, 5) == "1235 \u00b1 57"
    assert metrics.format_mean_ci(27.0, 4.32e-14, 3e-14, 3) == "27 (runs identical)"
    assert metrics.format_mean_ci(27.0, float("nan"), float("nan"), 1) == "27"
