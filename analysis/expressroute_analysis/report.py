# SPDX-License-Identifier: GPL-2.0-only
"""The HTML report of a run or a sweep: tables of the headline answers and the figures.

``OUT/report.html`` is self-contained (figures embedded as PNG); the figures are also written to
``OUT/figures/<name>.png`` and ``.svg`` and the tables to ``OUT/tables/<name>.csv`` (replacing
what an earlier report left there).
"""

from __future__ import annotations

import base64
import html
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Mapping, Optional

import pandas as pd
from matplotlib.figure import Figure

from . import __version__, metrics
from .io import Run, Sweep, is_run_dir, is_sweep_dir, load_geography, load_run, load_sweep
from .io import RunFormatError
from .plots import axis_label, metric_label, save
from .plots.compare import side_by_side
from .plots.geo import world_map
from .plots.rtt import rtt_cdf
from .plots.sweep import sweep_plot
from .plots.timeline import failover_timeline
from .plots.utilisation import utilisation_heatmap

CSS = """body{font-family:system-ui,sans-serif;max-width:1200px;margin:2em auto;padding:0 1em;
color:#222}h1{font-size:1.5em}h2{font-size:1.2em;margin-top:2em;border-bottom:1px solid #ccc}
table{border-collapse:collapse;font-size:.9em;margin:.5em 0}td,th{border:1px solid #ddd;
padding:3px 8px;text-align:right}th{background:#f3f3f3}td:first-child,th:first-child{text-align:left}
figure{margin:1em 0}figure img{max-width:100%;border:1px solid #eee}figcaption{font-size:.9em;
color:#444}.note{color:#8a4b00}.meta td{text-align:left}"""


#: What each optional file of a run is needed for.
NEEDED_FOR = {
    "events.csv": "no failure windows, so no detection, convergence or recovery times and no "
                  "shading in the figures (runs of older simulators)",
    "bgp.csv": "no detection times",
    "routes.csv": "no convergence times and no best-path changes in the timeline",
    "gateways.csv": "no gateway table (runs of older simulators)",
    "summary.json": "not needed: the report recomputes every number from the CSV files",
}


@dataclass
class Document:
    """Sections of HTML, and the files written beside it."""

    title: str
    out: Path
    parts: list[str] = field(default_factory=list)
    figures: list[Path] = field(default_factory=list)

    def __post_init__(self) -> None:
        """Removes the figures and tables an earlier report left in ``out``, so none is stale."""
        for sub, patterns in (("figures", ("*.png", "*.svg")), ("tables", ("*.csv",))):
            for pattern in patterns:
                for stale in (self.out / sub).glob(pattern):
                    stale.unlink()

    def heading(self, text: str) -> None:
        self.parts.append(f"<h2>{html.escape(text)}</h2>")

    def text(self, text: str, note: bool = False) -> None:
        self.parts.append(f"<p{' class=note' if note else ''}>{html.escape(text)}</p>")

    def table(self, frame: pd.DataFrame, name: str, formats: Mapping[str, Callable] = {},
              headers: Mapping[str, str] = {}) -> None:
        """Adds ``frame`` as a table and writes it to tables/<name>.csv. Headers come from the
        column names with their unit (``rtt_p50_ms`` -> "rtt p50 (ms)", bit/s shown as Mbit/s)
        unless ``headers`` names them; values go through ``formats``."""
        (self.out / "tables").mkdir(parents=True, exist_ok=True)
        frame.to_csv(self.out / "tables" / f"{name}.csv", index=False)
        shown = pd.DataFrame(index=range(len(frame)))
        for col in frame.columns:
            label, factor = axis_label(str(col))
            numeric = pd.api.types.is_numeric_dtype(frame[col])
            fmt = formats.get(col) or (_fixed(3, factor) if factor != 1.0 and numeric else _default_format)
            shown[headers.get(col, label)] = [fmt(v) for v in frame[col]]
        self.parts.append(shown.to_html(index=False, escape=True, border=0))

    def figure(self, fig: Figure, name: str, caption: str) -> None:
        paths = save(fig, self.out / "figures" / name)
        self.figures.extend(paths)
        png = base64.b64encode(paths[0].read_bytes()).decode("ascii")
        links = " ".join(f'<a href="figures/{p.name}">{p.suffix[1:].upper()}</a>' for p in paths)
        self.parts.append(f'<figure><img alt="{html.escape(caption)}" src="data:image/png;base64,'
                          f'{png}"><figcaption>{html.escape(caption)} ({links})</figcaption></figure>')

    def write(self) -> Path:
        body = "\n".join(self.parts)
        page = (f"<!DOCTYPE html>\n<html lang=en><head><meta charset=utf-8><title>"
                f"{html.escape(self.title)}</title><style>{CSS}</style></head><body>\n"
                f"<h1>{html.escape(self.title)}</h1>\n{body}\n<p><small>expressroute_analysis "
                f"{__version__}</small></p></body></html>\n")
        self.out.mkdir(parents=True, exist_ok=True)
        path = self.out / "report.html"
        path.write_text(page, encoding="utf-8")
        return path


def _default_format(v: Any) -> str:
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return "\u2013"
    if isinstance(v, float):
        return f"{v:.4g}" if abs(v) < 1e6 else f"{v:,.0f}"
    return str(v)


def _fixed(digits: int, factor: float = 1.0) -> Callable[[Any], str]:
    def fmt(v: Any) -> str:
        if isinstance(v, (int, float)) and not isinstance(v, bool) and not pd.isna(v):
            return f"{v * factor:.{digits}f}"
        return _default_format(v)
    return fmt


def _meta(doc: Document, rows: list[tuple[str, Any]]) -> None:
    cells = "".join(f"<tr><th>{html.escape(k)}</th><td>{html.escape(str(v))}</td></tr>" for k, v in rows)
    doc.parts.append(f"<table class=meta>{cells}</table>")


# What each engine's numbers are (doc/engines.md); runs from before the flow engine are packet.
ENGINES = {
    "packet": "packet (ns-3 devices and applications: every byte is a packet)",
    "flow": "flow (rates on the FIB paths; no packet-level TCP dynamics, doc/engines.md)",
}


def run_report(run: Run, out: Path | str, compare: Optional[Mapping[str, Run]] = None,
               label: str = "ExpressRoute") -> Path:
    """Writes the report of one run; ``compare`` adds runs side by side with this one."""
    doc = Document(f"Run report: {run.label()}", Path(out))
    end = run.duration_s
    _meta(doc, [("scenario", f"{run.name} ({run.info.get('scenario_source', '')})"),
                ("seed, run", f"{run.info['seed']}, {run.info['run']}"),
                ("engine", ENGINES.get(run.info.get("engine", "packet"), run.info.get("engine"))),
                ("simulated time", f"{end:g} s"), ("status", run.info["status"]),
                ("versions", ", ".join(f"{k} {v}" for k, v in run.info.get("versions", {}).items())),
                ("wall time", f"{run.info.get('wall_time_s', float('nan'))} s"),
                ("run directory", str(run.path.resolve()))])
    if not run.completed:
        reached = f"{end:g} s of {run.info.get('planned_duration_s', end):g} s simulated"
        if run.info["status"] == "running":
            why = ("its run.json still says running: the simulator was killed (or is still "
                   f"writing it) after {reached}")
        else:
            why = f"{run.info['status']}: {run.info.get('error', '')}; {reached}"
        doc.text(f"This run did not complete ({why}); its numbers cover only what it wrote.",
                 note=True)
    for file in run.cut_rows:
        doc.text(f"{file}: its last row was cut short when the run stopped and is left out.",
                 note=True)
    for file in run.missing():
        doc.text(f"{file} is not in the run directory: {NEEDED_FOR.get(file, 'not used')}.", note=True)

    doc.heading("Site-VNet pairs: availability, outages, RTT, throughput")
    pairs = metrics.availability(run.probes, end).merge(
        metrics.rtt_stats(run.probes, (50, 99)).drop(columns=["site", "vnet", "answered"]), on="probe")
    tp = metrics.pair_comparison({"run": run.probes}, {"run": run.flows})[["site", "vnet", "throughput_bps"]]
    pairs = pairs.merge(tp, on=["site", "vnet"], how="left")
    doc.table(pairs, "pairs", {"availability_percent": _fixed(2), "time_availability_percent": _fixed(2),
                               "longest_outage_s": _fixed(3), "throughput_bps": _fixed(2, 1e-6),
                               **{c: _fixed(3) for c in pairs.columns if c.startswith("rtt_")}},
              headers={"availability_percent": "availability (% of probes)",
                       "time_availability_percent": "availability (% of time)"})
    doc.text("Outage: from the first lost probe to the next answered one. Throughput: the flows "
             "between the pair's two endpoints, both directions.")

    doc.heading("Failures: detection, convergence, recovery, loss")
    answers = metrics.summary_failures(run.summary)
    if answers is not None:
        table, pair_rows = answers
        doc.table(table, "failures") if len(table) else doc.text("events.csv lists no failure.")
        doc.text("The simulator's own answers (summary.json). detection_s: from the start to the "
                 "first BFD or BGP session down at a customer edge router, else to the first lost "
                 "probe (detected_by says which); convergence_s: to the last best-path change of "
                 "the burst that followed; recovery_s: to when the last affected pair was answered "
                 "again (empty: not by the end); no_path_pairs: pairs without any path until the "
                 "failure cleared.")
        if len(pair_rows):
            doc.heading("Failures, pair by pair")
            doc.table(pair_rows, "failure-pairs",
                      {c: _fixed(3) for c in ("lost_s", "recovered_s", "failback_lost_s")}
                      | {c: _fixed(2) for c in ("rtt_before_ms", "rtt_during_ms", "rtt_after_ms")})
            doc.text("Per affected pair: the path before the failure, during it once routing "
                     "settled (\"no path\": none) and after it cleared; the time without answers "
                     "and the probes lost; RTT before, during and after.")
    elif run.events is None:
        doc.text("No failure timeline: events.csv is not in the run directory.", note=True)
    else:
        windows = metrics.failure_windows(run.events, end)
        table = metrics.failover_table(windows, run.probes, run.bgp, run.routes, run.flows, end)
        if not table["missing"].any():
            table = table.drop(columns="missing")
        doc.table(table, "failures") if len(table) else doc.text("events.csv lists no failure.")
        doc.text("Recomputed from the tables (the run has no summary.json): detection_s: failure "
                 "start to the first BFD or BGP session down at a customer router, else to the "
                 "first lost probe, as the simulator's summary defines it (detected_by says "
                 "which); convergence_s: to the last best-path change; recovery_s: to the end of "
                 "the last probe outage it caused.")
    outages = metrics.outage_windows(run.probes, end)
    doc.heading("Outage windows (runs of lost probes)")
    doc.table(outages, "outages") if len(outages) else doc.text("No probe was lost.")

    if run.gateways is not None and len(run.gateways):
        doc.heading("ExpressRoute gateways")
        doc.table(metrics.gateway_stats(run.gateways), "gateways",
                  {c: _fixed(2, 1e-6) for c in ("cap_bps", "to_vnet_peak_bps", "from_vnet_peak_bps",
                                                "to_vnet_mean_bps", "from_vnet_mean_bps")},
                  headers={"cap_bps": "cap per direction (Mbit/s)",
                           "to_vnet_peak_bps": "to VNet, peak (Mbit/s)",
                           "from_vnet_peak_bps": "from VNet, peak (Mbit/s)",
                           "to_vnet_mean_bps": "to VNet, mean (Mbit/s)",
                           "from_vnet_mean_bps": "from VNet, mean (Mbit/s)"})
        doc.text("Per gateway over the intervals of gateways.csv: forwarded throughput each way "
                 "against the SKU's cap, packets dropped at the cap, the fewest instances in "
                 "service, and the most routes learned and advertised (the 1,000 limit towards "
                 "on-premises).")

    doc.heading("Circuit links: utilisation")
    util = metrics.utilisation_percentiles(run.links)
    pct = ("mean", "p50", "p95", "p99", "max")
    doc.table(util, "utilisation", {**{c: _fixed(3, 100) for c in pct}, "bandwidth_bps": _fixed(0, 1e-6)},
              headers={c: f"{c} (%)" for c in pct})
    doc.text("Utilisation in % of the link's bandwidth over the intervals (nearest-rank "
             "percentiles); direction in = into Azure (BitsInPerSecond), out = from Azure.")

    doc.heading("Flows: throughput and completion time")
    flows = metrics.flow_stats(run.flows)
    doc.table(flows, "flows", {"throughput_bps": _fixed(3, 1e-6), "fct_s": _fixed(3),
                               "loss": _fixed(4)})
    doc.text("fct: completion time of a Bulk flow that delivered every byte (last byte received "
             "minus start); packets lost: UDP only (TCP retransmits).")

    doc.heading("Figures")
    doc.figure(failover_timeline(run.probes, run.links, run.events, run.routes, end,
                                 title=f"Timeline: {run.label()}"), "timeline",
               "Failover timeline: circuit-link throughput, probe RTT and lost probes against time; "
               "failure windows shaded, best-path changes marked when the run has them.")
    doc.figure(rtt_cdf(run.probes), "rtt-cdf", "RTT CDF per site-VNet pair.")
    doc.figure(utilisation_heatmap(run.links, run.events), "utilisation",
               "Utilisation of each circuit link and direction over time.")
    try:
        geo = load_geography()
        doc.figure(world_map(geo["regions"], geo["peering_locations"], run.scenario, geo["backbone"]),
                   "map", "Where things are: regions, peering locations, backbone; the scenario's "
                          "sites, circuits (by tier), VNets, Global Reach, VPN connections.")
    except RunFormatError as e:
        doc.text(f"No map: {e}", note=True)
    if compare:
        runs = {label: run, **compare}
        table = metrics.pair_comparison({k: r.probes for k, r in runs.items()},
                                        {k: r.flows for k, r in runs.items()})
        doc.heading(" vs ".join(runs))
        doc.table(table, "comparison")
        doc.figure(side_by_side(table), "compare", "The same site-VNet pairs in each run side by side.")
    return doc.write()


def sweep_table(sweep: Sweep) -> tuple[pd.DataFrame, list[str], list[str]]:
    """The completed runs with their parameters and metrics, and two lists of metric names: the
    per-run headline numbers computed from the run directories when they are all there
    (:func:`metrics.run_headline`; else empty), and the index's own numeric columns."""
    done = sweep.completed().reset_index(drop=True)
    rows = []
    for _, row in done.iterrows():
        if sweep.run_dir(row) is None:
            rows = []
            break
        r = sweep.load_run(row)
        rows.append(metrics.run_headline(r.probes, r.links, r.flows, r.duration_s, r.events,
                                         r.bgp, r.routes, summary=r.summary))
    if not rows:
        return done, [], list(sweep.metrics)
    headline = pd.DataFrame(rows, index=done.index)
    names = [m for m in metrics.HEADLINE if headline[m].notna().any()]
    clash = [c for c in names if c in done.columns]
    table = pd.concat([done.drop(columns=clash), headline[names]], axis=1)
    return table, names, [m for m in sweep.metrics if m not in clash]


def choose_axes(sweep: Sweep, x: Optional[str] = None,
                lines: Optional[str] = None) -> tuple[Optional[str], Optional[str]]:
    """The x parameter (most distinct values) and the line parameter (the next) by default."""
    if not sweep.parameters:
        return None, None
    ranked = sorted(sweep.parameters, key=lambda p: -sweep.results[p].nunique())
    x = x or ranked[0]
    lines = lines or next((p for p in ranked if p != x), None)
    return x, lines


def sweep_report(sweep: Sweep, out: Path | str, x: Optional[str] = None,
                 lines: Optional[str] = None, max_figures: int = 8) -> Path:
    """Writes the report of a sweep: runs by status, failed runs, the mean and 95 % confidence
    interval of each metric per grid point, and one sweep plot per metric."""
    name = sweep.meta.get("name", sweep.path.name)
    doc = Document(f"Sweep report: {name}", Path(out))
    counts = sweep.results["status"].value_counts().to_dict() if "status" in sweep.results else {}
    _meta(doc, [("sweep directory", str(sweep.path.resolve())), ("index", sweep.source.name),
                ("description", sweep.meta.get("description", "")),
                ("runs", f"{len(sweep.results)} ({', '.join(f'{v} {k}' for k, v in counts.items())})"),
                *[(f"parameter {p}", ", ".join(map(str, sweep.values(p)))) for p in sweep.parameters]])
    failed = sweep.results[sweep.results.get("status", "completed") != "completed"]
    if len(failed):
        doc.heading("Runs that did not complete")
        cols = [c for c in ("key", "point", "run", *sweep.parameters, "status", "exit_code",
                            "stderr_tail") if c in failed.columns]
        doc.table(failed[cols], "failed-runs")
    table, headline, indexed = sweep_table(sweep)
    names = headline or indexed
    if not sweep.parameters or not names:
        doc.text("Nothing to plot: the sweep has no parameter or no numeric metric.", note=True)
        return doc.write()
    x, lines = choose_axes(sweep, x, lines)
    others = [p for p in sweep.parameters if p not in (x, lines)]
    held = {p: sweep.values(p)[0] for p in others}
    for p, v in held.items():
        table = table[table[p] == v]
    ci = metrics.sweep_ci(table, [p for p in (x, lines) if p], names)
    varying = [m for m in names if ci[ci["metric"] == m]["mean"].nunique() > 1]
    constant = [m for m in names if m not in varying]
    shown = (varying or names)[:max_figures]
    doc.heading("Mean and 95 % confidence interval per grid point")
    if held:
        doc.text("Other parameters held at: " + ", ".join(f"{p} = {v}" for p, v in held.items()), note=True)
    def cell(metric: str, mean: float, half: float, std: float, n: int) -> str:
        factor = metric_label(metric)[1]
        return f"{metrics.format_mean_ci(mean * factor, half * factor, std * factor, n)} (n={n})"

    wide = ci[ci["metric"].isin(shown)].assign(cell=lambda d: [
        cell(*r) for r in zip(d["metric"], d["mean"], d["ci_half"], d["std"], d["n"])])
    keys = [p for p in (x, lines) if p]
    pivot = wide.pivot_table(index=keys, columns="metric", values="cell", aggfunc="first").reset_index()
    pivot = pivot.sort_values(keys, key=lambda col: col.map(
        {v: i for i, v in enumerate(sweep.values(col.name))}), ignore_index=True)
    doc.table(pivot[[*keys, *[m for m in shown if m in pivot.columns]]], "sweep-ci",
              headers={m: metric_label(m)[0] for m in shown})
    ci.to_csv(doc.out / "tables" / "sweep-ci-long.csv", index=False)
    doc.text("mean \u00b1 half-width of the 95 % Student-t interval over the completed runs of each "
             "point; no interval with one run. " + ("Metrics from the run directories: "
             + "; ".join(f"{m}: {metrics.HEADLINE[m]}" for m in shown if m in metrics.HEADLINE)
             if headline else "Metrics from the sweep index."))
    if varying and constant:
        same = [(metric_label(m), ci.loc[ci["metric"] == m, "mean"].iloc[0]) for m in constant]
        doc.text("The same at every grid point: " + "; ".join(
            f"{label} = {_default_format(value * factor)}" for (label, factor), value in same) + ".")
    if headline and indexed:
        doc.text(f"The sweep index has {len(indexed)} more metrics, per pair and per circuit link: "
                 "list them with `python3 -m expressroute_analysis metrics SWEEP_DIR`, plot one with "
                 "`plot sweep SWEEP_DIR --metric NAME`.")
    doc.heading("Figures")
    order = {p: sweep.values(p) for p in sweep.parameters}
    for i, m in enumerate(shown):
        doc.figure(sweep_plot(ci, m, x, lines, order=order), f"sweep-{i + 1}-{m}",
                   f"{metric_label(m)[0]} against {x}" + (f", one line per {lines}" if lines else "")
                   + ": mean and 95 % CI per grid point.")
    return doc.write()


def report(path: Path | str, out: Path | str, **options: Any) -> Path:
    """The report of a run directory or a sweep directory, whichever ``path`` is."""
    path = Path(path)
    if is_run_dir(path):
        return run_report(load_run(path), out, **options)
    if is_sweep_dir(path):
        return sweep_report(load_sweep(path), out, **options)
    raise RunFormatError(path, "neither a run directory (run.json) nor a sweep directory "
                               "(results.csv or index.sqlite)")
