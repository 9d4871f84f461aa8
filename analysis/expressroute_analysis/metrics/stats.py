# SPDX-License-Identifier: GPL-2.0-only
"""Statistics without SciPy (not among the Debian packages the project may rely on): nearest-rank
percentiles as the simulator's summary.json computes them, Student's t quantiles, the mean with a
confidence interval, and per-grid-point intervals of a sweep."""

from __future__ import annotations

import math
from typing import Iterable, Sequence

import numpy as np
import pandas as pd


def nearest_rank(values: Iterable[float], percent: float) -> float:
    """Nearest-rank percentile (the smallest value with at least ``percent`` % at or below it)."""
    v = np.sort(np.asarray([x for x in values if not pd.isna(x)], dtype=float))
    if v.size == 0:
        return math.nan
    rank = max(1, math.ceil(percent / 100.0 * v.size))
    return float(v[rank - 1])


def _betacf(a: float, b: float, x: float) -> float:
    """Continued fraction of the regularised incomplete beta function (modified Lentz)."""
    tiny, qab, qap, qam = 1e-300, a + b, a + 1.0, a - 1.0
    c, d = 1.0, 1.0 - qab * x / qap
    d = 1.0 / (d if abs(d) > tiny else tiny)
    h = d
    for m in range(1, 300):
        m2 = 2 * m
        aa = m * (b - m) * x / ((qam + m2) * (a + m2))
        d = 1.0 + aa * d
        d = 1.0 / (d if abs(d) > tiny else tiny)
        c = 1.0 + aa / c if abs(1.0 + aa / c) > tiny else tiny
        h *= d * c
        aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))
        d = 1.0 + aa * d
        d = 1.0 / (d if abs(d) > tiny else tiny)
        c = 1.0 + aa / c if abs(1.0 + aa / c) > tiny else tiny
        delta = d * c
        h *= delta
        if abs(delta - 1.0) < 1e-15:
            break
    return h


def _betainc(a: float, b: float, x: float) -> float:
    if x <= 0.0:
        return 0.0
    if x >= 1.0:
        return 1.0
    lbeta = math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b)
    front = math.exp(lbeta + a * math.log(x) + b * math.log1p(-x))
    if x < (a + 1.0) / (a + b + 2.0):
        return front * _betacf(a, b, x) / a
    return 1.0 - front * _betacf(b, a, 1.0 - x) / b


def t_cdf(t: float, df: float) -> float:
    """Cumulative distribution function of Student's t with ``df`` degrees of freedom."""
    tail = 0.5 * _betainc(df / 2.0, 0.5, df / (df + t * t))
    return 1.0 - tail if t >= 0 else tail


def t_quantile(p: float, df: float) -> float:
    """The ``p`` quantile of Student's t (bisection on :func:`t_cdf`)."""
    if not 0.0 < p < 1.0 or df <= 0:
        raise ValueError(f"t_quantile needs 0 < p < 1 and df > 0, got p={p}, df={df}")
    if p < 0.5:
        return -t_quantile(1.0 - p, df)
    lo, hi = 0.0, 1.0
    while t_cdf(hi, df) < p:
        hi *= 2.0
    for _ in range(200):
        mid = 0.5 * (lo + hi)
        lo, hi = (mid, hi) if t_cdf(mid, df) < p else (lo, mid)
        if hi - lo < 1e-12:
            break
    return 0.5 * (lo + hi)


def mean_ci(values: Sequence[float], confidence: float = 0.95) -> tuple[float, float, int]:
    """Mean, half-width of its two-sided Student-t confidence interval, and the sample size.

    NaN values are ignored. With one value the half-width is NaN (no spread to estimate)."""
    v = np.asarray([x for x in values if not pd.isna(x)], dtype=float)
    n = int(v.size)
    if n == 0:
        return math.nan, math.nan, 0
    mean = float(v.mean())
    if n == 1:
        return mean, math.nan, 1
    sd = float(v.std(ddof=1))
    return mean, t_quantile(0.5 + confidence / 2.0, n - 1) * sd / math.sqrt(n), n


def sweep_ci(results: pd.DataFrame, parameters: Sequence[str], metrics: Sequence[str],
             confidence: float = 0.95) -> pd.DataFrame:
    """Mean and confidence interval of each metric at each grid point (one row per point and metric).

    Columns: the parameters, ``metric``, ``n``, ``mean``, ``std``, ``ci_half``, ``ci_low``,
    ``ci_high``."""
    rows = []
    groups = results.groupby(list(parameters), sort=True, dropna=False) if parameters else \
        [((), results)]
    for key, group in groups:
        key = key if isinstance(key, tuple) else (key,)
        for metric in metrics:
            mean, half, n = mean_ci(group[metric].tolist(), confidence)
            std = float(group[metric].std(ddof=1)) if n > 1 else math.nan
            rows.append({**dict(zip(parameters, key)), "metric": metric, "n": n, "mean": mean,
                         "std": std, "ci_half": half, "ci_low": mean - half, "ci_high": mean + half})
    return pd.DataFrame(rows, columns=[*parameters, "metric", "n", "mean", "std", "ci_half",
                                       "ci_low", "ci_high"])


def runs_identical(std: float, mean: float, n: int) -> bool:
    """True when the runs of a grid point give the same value: no spread beyond floating-point
    noise (a half-width of 4e-14 on a mean of 27 is rounding, not variation)."""
    return n > 1 and not math.isnan(std) and std <= 1e-9 * max(abs(mean), 1e-300)


def format_mean_ci(mean: float, half: float, std: float, n: int) -> str:
    """``mean ± half`` rounded to the interval's precision: the half-width to two significant
    digits and the mean to the same decimal place (``26.9912 ± 0.0043``); ``(runs identical)``
    when every run gave the same value; the mean alone with one run."""
    if math.isnan(mean):
        return "\u2013"
    if n <= 1 or math.isnan(half):
        return f"{mean:.4g}"
    if runs_identical(std, mean, n):
        return f"{mean:.6g} (runs identical)"
    decimals = max(0, 1 - int(math.floor(math.log10(abs(half))))) if half > 0 else 0
    return f"{mean:.{decimals}f} \u00b1 {half:.{decimals}f}"

