# SPDX-License-Identifier: GPL-2.0-only
"""Command line: ``python3 -m expressroute_analysis report DIR --out OUT`` and ``plot ...``.

Run from the repository with ``PYTHONPATH=analysis /usr/bin/python3 -m expressroute_analysis``.
Errors in the input (a missing or corrupt file) print ``error: FILE: problem`` and exit with 2.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Optional, Sequence

from . import metrics
from .io import MissingDataError, RunFormatError, load_geography, load_run, load_sweep, read_json
from .plots import save
from .plots.compare import side_by_side
from .plots.geo import world_map
from .plots.rtt import rtt_cdf
from .plots.sweep import sweep_plot
from .plots.timeline import failover_timeline
from .plots.utilisation import utilisation_heatmap
from .report import choose_axes, report, sweep_table


def _labelled_runs(items: Sequence[str]) -> dict[str, Path]:
    runs = {}
    for item in items:
        label, sep, path = item.partition("=")
        if not sep or not label or not path:
            raise ValueError(f"expected LABEL=RUN_DIR, got '{item}'")
        runs[label] = Path(path)
    return runs


def _parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="python3 -m expressroute_analysis",
                                 description="Figures and reports from expressroute-sim run "
                                             "directories and expressroute-sweep directories.")
    sub = ap.add_subparsers(dest="command", required=True)
    rep = sub.add_parser("report", help="HTML report (and figure files) of a run or sweep directory")
    rep.add_argument("path", type=Path, help="run directory or sweep directory")
    rep.add_argument("--out", type=Path, required=True, help="output directory")
    rep.add_argument("--compare", action="append", default=[], metavar="LABEL=RUN_DIR",
                     help="run only: add this run side by side (e.g. VPN=runs/vpn); repeatable")
    rep.add_argument("--label", default="ExpressRoute", help="run only: label of the main run "
                                                             "in the comparison")
    rep.add_argument("--x", help="sweep only: parameter on the x axis")
    rep.add_argument("--lines", help="sweep only: parameter with one line per value")

    plot = sub.add_parser("plot", help="one figure (PNG and SVG)")
    kinds = plot.add_subparsers(dest="figure", required=True)

    def figure(name: str, help_text: str, run: bool = True) -> argparse.ArgumentParser:
        p = kinds.add_parser(name, help=help_text)
        if run:
            p.add_argument("run", type=Path, help="run directory")
        p.add_argument("--out", type=Path, required=True,
                       help="output file without extension (writes .png and .svg)")
        return p

    figure("timeline", "failover timeline: throughput and RTT against time, failures shaded")
    figure("rtt-cdf", "RTT CDF per site-VNet pair")
    figure("utilisation", "circuit-link utilisation heatmap (links x time)")
    m = figure("map", "world map of regions, peering locations and the scenario's circuits", run=False)
    m.add_argument("run", type=Path, nargs="?", help="run directory (its resolved scenario)")
    m.add_argument("--scenario", type=Path, help="a scenario file instead of a run")
    m.add_argument("--no-backbone", action="store_true", help="leave out the backbone links")
    m.add_argument("--no-zoom", action="store_true", help="world only, no scenario panel")
    s = figure("sweep", "a metric against a parameter with 95 %% CI bars", run=False)
    s.add_argument("sweep", type=Path, help="sweep directory")
    s.add_argument("--metric", required=True, help="metric column (see --list)")
    s.add_argument("--x", help="parameter on the x axis (default: the one with most values)")
    s.add_argument("--lines", help="parameter with one line per value (default: the next one)")
    s.add_argument("--where", action="append", default=[], metavar="PARAM=VALUE",
                   help="hold another parameter at a value; repeatable")
    c = figure("compare", "runs side by side (ExpressRoute vs VPN)", run=False)
    c.add_argument("runs", nargs="+", metavar="LABEL=RUN_DIR", help="e.g. ExpressRoute=runs/a VPN=runs/b")
    sub.add_parser("metrics", help="list a sweep's parameters and metrics").add_argument(
        "sweep", type=Path, help="sweep directory")
    return ap


def _plot(args: argparse.Namespace) -> list[Path]:
    if args.figure in ("timeline", "rtt-cdf", "utilisation"):
        run = load_run(args.run)
        note = ""
        if not run.completed:
            # As the report says it: the figure covers only what the run wrote.
            note = f" (did not complete: {run.info['status']}, {run.duration_s:g} s simulated)"
            print(f"warning: {args.run}: the run did not complete ({run.info['status']}); the "
                  f"figure covers the {run.duration_s:g} s it recorded", file=sys.stderr)
        if args.figure == "timeline":
            fig = failover_timeline(run.probes, run.links, run.events, run.routes, run.duration_s,
                                    title=f"Timeline: {run.label()}{note}")
        elif args.figure == "rtt-cdf":
            fig = rtt_cdf(run.probes, title=note and f"Probe round-trip time, CDF per site-VNet pair{note}")
        else:
            fig = utilisation_heatmap(run.links, run.events,
                                      title=note and f"Circuit-link utilisation by interval{note}")
    elif args.figure == "map":
        geo = load_geography()
        scenario = read_json(args.scenario) if args.scenario else (
            load_run(args.run).scenario if args.run else None)
        fig = world_map(geo["regions"], geo["peering_locations"], scenario,
                        None if args.no_backbone else geo["backbone"], zoom=not args.no_zoom)
    elif args.figure == "sweep":
        sweep = load_sweep(args.sweep)
        table, headline, indexed = sweep_table(sweep)
        if args.metric not in headline + indexed:
            raise ValueError(f"metric '{args.metric}' is not in the sweep; have: "
                             f"{', '.join(headline + indexed)}")
        x, lines = choose_axes(sweep, args.x, args.lines)
        for item in args.where:
            name, _, value = item.partition("=")
            if name not in sweep.parameters:
                raise ValueError(f"--where {item}: '{name}' is not a parameter")
            table = table[table[name].astype(str).str.lower() == value.lower()]
        ci = metrics.sweep_ci(table, [p for p in (x, lines) if p], [args.metric])
        fig = sweep_plot(ci, args.metric, x, lines, order={p: sweep.values(p) for p in sweep.parameters})
    else:
        runs = {label: load_run(path) for label, path in _labelled_runs(args.runs).items()}
        fig = side_by_side(metrics.pair_comparison({k: r.probes for k, r in runs.items()},
                                                   {k: r.flows for k, r in runs.items()}))
    return save(fig, args.out)


def main(argv: Optional[Sequence[str]] = None) -> int:
    args = _parser().parse_args(argv)
    try:
        if args.command == "report":
            options = ({"compare": {k: load_run(v) for k, v in _labelled_runs(args.compare).items()},
                        "label": args.label} if args.compare else {})
            if args.x or args.lines:
                options.update(x=args.x, lines=args.lines)
            print(report(args.path, args.out, **options))
        elif args.command == "plot":
            for path in _plot(args):
                print(path)
        else:
            sweep = load_sweep(args.sweep)
            table, headline, indexed = sweep_table(sweep)
            print(json.dumps({"parameters": {p: sweep.values(p) for p in sweep.parameters},
                              "run_metrics": headline, "index_metrics": indexed},
                             indent=2, default=str))
    except (RunFormatError, MissingDataError, ValueError) as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    return 0
