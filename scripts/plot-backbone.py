#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Draws the fitted backbone (data/backbone-links.csv) on a longitude/latitude sketch, with the
peering locations and, optionally, the circuits of a scenario. Writes doc/images/backbone.png.

    /usr/bin/python3 scripts/plot-backbone.py [--scenario examples/scenarios/default.json] [--out FILE]
"""
import argparse
import csv
import json
import pathlib

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

ROOT = pathlib.Path(__file__).resolve().parent.parent


def rows(path):
    with open(path, newline="") as f:
        return list(csv.DictReader(line for line in f if not line.startswith("#")))


def segments(a, b):
    """The link a-b as one or two segments, split at the date line when shorter that way."""
    (x1, y1), (x2, y2) = a, b
    if abs(x1 - x2) <= 180:
        return [((x1, x2), (y1, y2))]
    if x1 > x2:
        (x1, y1), (x2, y2) = (x2, y2), (x1, y1)
    # x1 west, x2 east: go west from x1 across -180 and arrive at x2 from +180.
    span = (x1 + 360) - x2
    ym = y2 + (y1 - y2) * (180 - x2) / span
    return [((x1, -180), (y1, ym)), ((180, x2), (ym, y2))]


def draw(ax, regions, locations, scenario, sites, labels):
    colours = {"terrestrial": "#8fa8c8", "subsea": "#5b7fb0", "metro": "#8fa8c8", "predicted": "#c9a35b"}
    for link in rows(ROOT / "data/backbone-links.csv"):
        for xs, ys in segments(regions[link["region_a"]], regions[link["region_b"]]):
            ax.plot(xs, ys, color=colours.get(link["kind"], "#999"), lw=0.8, zorder=1)
    ax.scatter([p[0] for p in locations.values()], [p[1] for p in locations.values()],
               s=10, marker="^", color="#7a7a7a", label="peering location", zorder=2)
    ax.scatter([p[0] for p in regions.values()], [p[1] for p in regions.values()],
               s=18, color="#1f4e8c", label="Azure region (backbone router)", zorder=3)
    tiers = {"Local": "#4caf50", "Standard": "#ff9800", "Premium": "#d62728"}
    for c in scenario.get("circuits", []):
        sx, sy = sites[c["site"]]
        px, py = locations[c["peeringLocation"]]
        ax.plot([sx, px], [sy, py], color=tiers[c["tier"]], lw=2.2, zorder=4)
        if labels:
            ax.annotate(f'{c["name"]}\n{c["tier"]} {c["bandwidth"]} at {c["peeringLocation"]}', (px, py),
                        xytext=(-40, -28), textcoords="offset points", fontsize=8, color=tiers[c["tier"]])
    for v in scenario.get("vnets", []):
        x, y = regions[v["region"]]
        ax.scatter([x], [y], s=70, facecolors="none", edgecolors="#d62728", lw=1.5, zorder=5,
                   label="VNet (region)" if v is scenario["vnets"][0] else None)
        if labels:
            ax.annotate(f'{v["name"]}', (x, y), xytext=(6, 4), textcoords="offset points", fontsize=8)
    for name, (x, y) in sites.items():
        ax.scatter([x], [y], s=60, marker="s", color="#2e7d32", zorder=6,
                   label="on-premises site" if name == next(iter(sites)) else None)
        if labels:
            ax.annotate(name, (x, y), xytext=(6, 6), textcoords="offset points", fontsize=8, color="#2e7d32")
    ax.plot([], [], color="#5b7fb0", label="backbone link")
    ax.plot([], [], color="#d62728", lw=2.2, label="circuit (orange Standard, red Premium)")
    ax.set_xlabel("longitude (degrees)")
    ax.set_ylabel("latitude (degrees)")
    ax.grid(alpha=0.2)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scenario", default=str(ROOT / "examples/scenarios/default.json"))
    ap.add_argument("--out", default=str(ROOT / "doc/images/backbone.png"))
    args = ap.parse_args()

    regions = {r["region_name"]: (float(r["longitude"]), float(r["latitude"]))
               for r in rows(ROOT / "data/regions.csv")}
    locations = {r["peering_location"]: (float(r["longitude"]), float(r["latitude"]))
                 for r in rows(ROOT / "data/peering_locations.csv")}
    scenario = json.load(open(args.scenario))
    sites = {}
    for s in scenario.get("sites", []):
        loc = s.get("location")
        sites[s["name"]] = locations[loc] if loc else (s["coordinates"]["longitude"], s["coordinates"]["latitude"])

    fig, (world, zoom) = plt.subplots(1, 2, figsize=(14, 5.6), dpi=110,
                                      gridspec_kw={"width_ratios": [1.6, 1]})
    for ax, labels in ((world, False), (zoom, True)):
        draw(ax, regions, locations, scenario, sites, labels)
    world.set_xlim(-180, 180)
    world.set_ylim(-50, 72)
    world.set_title("Backbone model: 59 Azure regions, fitted link delays")
    zoom.set_xlim(-12, 22)
    zoom.set_ylim(42, 61)
    zoom.set_title(f"Scenario \"{scenario['name']}\" (Europe; dr-eastus is in East US)")
    world.legend(loc="lower left", fontsize=8)
    fig.tight_layout()
    fig.savefig(args.out)
    print(args.out)


if __name__ == "__main__":
    main()
