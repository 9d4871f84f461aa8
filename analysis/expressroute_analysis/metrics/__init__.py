# SPDX-License-Identifier: GPL-2.0-only
"""Pure metric functions: DataFrames in, DataFrames (or numbers) out; no files, no figures.

- :mod:`.probes`: outage windows, availability, RTT statistics and CDF per site-VNet pair;
- :mod:`.failover`: failure windows, detection / convergence / recovery time, packets lost;
- :mod:`.traffic`: circuit-link utilisation percentiles, throughput, flow completion time;
- :mod:`.compare`: the same pairs across runs (ExpressRoute against VPN);
- :mod:`.headline`: one number per question for a whole run (to compare the runs of a sweep);
- :mod:`.stats`: nearest-rank percentiles, Student's t, mean with 95 % CI, sweep intervals.
"""

from .compare import pair_comparison
from .headline import HEADLINE, run_headline
from .failover import failover_table, failure_windows, session_down, summary_failures
from .probes import (availability, outage_windows, pair_label, probe_interval_s, rtt_ecdf,
                     rtt_stats)
from .stats import (format_mean_ci, mean_ci, nearest_rank, runs_identical, sweep_ci, t_cdf,
                    t_quantile)
from .traffic import (flow_stats, flow_summary, gateway_stats, link_label, link_throughput, path_kind,
                      utilisation_long, utilisation_percentiles)

__all__ = [
    "HEADLINE", "availability", "failover_table", "failure_windows", "flow_stats", "flow_summary",
    "gateway_stats",
    "format_mean_ci", "link_label", "link_throughput", "mean_ci", "nearest_rank", "outage_windows", "pair_comparison",
    "pair_label", "path_kind", "probe_interval_s", "rtt_ecdf", "rtt_stats", "run_headline", "session_down", "summary_failures",
    "runs_identical", "sweep_ci", "t_cdf", "t_quantile", "utilisation_long", "utilisation_percentiles",
]
