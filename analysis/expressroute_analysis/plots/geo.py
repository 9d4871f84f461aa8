# SPDX-License-Identifier: GPL-2.0-only
"""World map sketch (longitude/latitude scatter, no map tiles): Azure regions, peering locations,
the fitted backbone, and a scenario's sites, circuits, VNets, Global Reach and VPN connections."""

from __future__ import annotations

from typing import Any, Optional

import numpy as np
import pandas as pd
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from . import new_figure

TIER_COLOURS = {"Local": "#2ca02c", "Standard": "#ff7f0e", "Premium": "#d62728"}
BACKBONE_COLOURS = {"terrestrial": "#8fa8c8", "subsea": "#5b7fb0", "metro": "#8fa8c8",
                    "predicted": "#c9a35b"}
ASPECT = 1.33
SITE, VNET, GLOBAL_REACH, VPN = "#1b7837", "#b2182b", "#762a83", "#555555"


def segments(a: tuple[float, float], b: tuple[float, float]) -> list[tuple[tuple, tuple]]:
    """The line a-b (longitude, latitude) as one or two segments, split at the date line when
    shorter that way."""
    (x1, y1), (x2, y2) = a, b
    if abs(x1 - x2) <= 180:
        return [((x1, x2), (y1, y2))]
    if x1 > x2:
        (x1, y1), (x2, y2) = (x2, y2), (x1, y1)
    span = (x1 + 360) - x2
    ym = y2 + (y1 - y2) * (180 - x2) / span
    return [((x1, -180), (y1, ym)), ((180, x2), (ym, y2))]


def _points(frame: pd.DataFrame) -> dict[str, tuple[float, float]]:
    return {n: (float(x), float(y)) for n, x, y in zip(frame["name"], frame["longitude"], frame["latitude"])}


def site_positions(scenario: dict[str, Any], locations: dict[str, tuple[float, float]]) -> dict:
    """Site name -> (longitude, latitude): its ``location``'s coordinates, or its ``coordinates``."""
    out = {}
    for s in scenario.get("sites", []):
        if s.get("location") in locations:
            out[s["name"]] = locations[s["location"]]
        elif "coordinates" in s:
            out[s["name"]] = (float(s["coordinates"]["longitude"]), float(s["coordinates"]["latitude"]))
    return out


def _line(ax, a, b, **kw) -> None:
    for xs, ys in segments(a, b):
        ax.plot(xs, ys, **kw)


def _draw(ax, regions, locations, scenario, backbone, labels: bool) -> None:
    notes: list[tuple[tuple[float, float], str, str]] = []
    if backbone is not None:
        lines, colours = [], []
        for link in backbone.itertuples(index=False):
            if link.region_a in regions and link.region_b in regions:
                for xs, ys in segments(regions[link.region_a], regions[link.region_b]):
                    lines.append(list(zip(xs, ys)))
                    colours.append(BACKBONE_COLOURS.get(link.kind, "#999"))
        ax.add_collection(LineCollection(lines, colors=colours, linewidths=0.7, zorder=1,
                                         alpha=0.35 if labels else 1.0))
    ax.scatter(*zip(*locations.values()), s=10, marker="^", color="#8a8a8a", zorder=2)
    ax.scatter(*zip(*regions.values()), s=14, color="#1f4e8c", zorder=3)
    if not scenario:
        return
    sites = site_positions(scenario, locations)
    circuits = {c["name"]: c for c in scenario.get("circuits", [])}
    for c in circuits.values():
        colour = TIER_COLOURS.get(c.get("tier"), "#333")
        ends = [c["peeringLocation"]] + ([c["secondaryPeeringLocation"]]
                                         if c.get("secondaryPeeringLocation") else [])
        for loc in ends:
            if c["site"] in sites and loc in locations:
                _line(ax, sites[c["site"]], locations[loc], color=colour, lw=2.6, zorder=5)
        vnets = {v["name"]: v for v in scenario.get("vnets", [])}
        for link in c.get("vnetLinks", []):
            region = vnets.get(link["vnet"], {}).get("region")
            if region in regions and ends[0] in locations:
                _line(ax, locations[ends[0]], regions[region], color=colour, lw=1.1, ls=":", zorder=4)
        if ends[0] in locations:
            notes.append((locations[ends[0]], f"{c['name']}: {c.get('tier')} {c.get('bandwidth')} "
                                              f"at {' + '.join(ends)}", colour))
    for g in scenario.get("globalReach", []):
        a, b = (circuits.get(n, {}).get("peeringLocation") for n in g["circuits"])
        if a in locations and b in locations:
            _line(ax, locations[a], locations[b], color=GLOBAL_REACH, lw=1.6, ls="-.", zorder=4)
    vnet_regions = {v["name"]: v["region"] for v in scenario.get("vnets", [])}
    for v in scenario.get("vpnConnections", []):
        if v["site"] in sites and vnet_regions.get(v["vnet"]) in regions:
            _line(ax, sites[v["site"]], regions[vnet_regions[v["vnet"]]], color=VPN, lw=1.3,
                  ls="--", zorder=4)
    for name, region in vnet_regions.items():
        if region in regions:
            ax.scatter(*regions[region], s=90, facecolors="none", edgecolors=VNET, lw=1.8, zorder=6)
            notes.append((regions[region], f"VNet {name} ({region})", VNET))
    for name, pos in sites.items():
        ax.scatter(*pos, s=60, marker="s", color=SITE, zorder=7)
        notes.append((pos, f"site {name}", SITE))
    if labels:
        _label(ax, notes)


def _label(ax, notes: list[tuple[tuple[float, float], str, str]]) -> None:
    """Labels stacked per cluster of nearby points (so labels of co-located things do not overlap):
    to the right of each cluster (to the left in the eastern third of the view); upwards for
    the northern half of the clusters, downwards for the southern half."""
    (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
    near = 0.025 * max(x1 - x0, y1 - y0)
    clusters: list[list] = []
    for pos, text, colour in notes:
        if not (x0 <= pos[0] <= x1 and y0 <= pos[1] <= y1):
            continue
        for c in clusters:
            if abs(c[0][0] - pos[0]) < near and abs(c[0][1] - pos[1]) < near:
                c[1].append((text, colour))
                break
        else:
            clusters.append([pos, [(text, colour)]])
    median_y = float(np.median([c[0][1] for c in clusters])) if clusters else 0.0
    for (x, y), items in clusters:
        left = x > x0 + 0.67 * (x1 - x0)
        up = y >= median_y
        for k, (text, colour) in enumerate(items):
            dy = (6 + 11 * (len(items) - 1 - k)) if up else (-6 - 11 * k)
            ax.annotate(text, (x, y), xytext=(-8 if left else 8, dy), textcoords="offset points",
                        fontsize=8, color=colour, ha="right" if left else "left", va="center",
                        zorder=8, bbox={"boxstyle": "round,pad=0.1", "fc": "white", "ec": "none",
                                        "alpha": 0.75})


def _legend_handles(scenario: Optional[dict[str, Any]], backbone: bool) -> list[Line2D]:
    h = [Line2D([], [], ls="none", marker="o", ms=4, color="#1f4e8c", label="Azure region"),
         Line2D([], [], ls="none", marker="^", ms=4, color="#8a8a8a", label="peering location")]
    if backbone:
        h.append(Line2D([], [], color="#5b7fb0", label="backbone link (fitted)"))
    if scenario:
        tiers = sorted({c.get("tier") for c in scenario.get("circuits", [])} & set(TIER_COLOURS))
        h += [Line2D([], [], ls="none", marker="s", color=SITE, label="on-premises site"),
              Line2D([], [], ls="none", marker="o", mfc="none", mec=VNET, mew=1.8, ms=8,
                     label="VNet (in its region)")]
        h += [Line2D([], [], color=TIER_COLOURS[t], lw=2.6, label=f"{t} circuit (site to peering "
                                                                   "location)") for t in tiers]
        h.append(Line2D([], [], color="#666", lw=1.1, ls=":", label="VNet link (circuit to VNet)"))
        if scenario.get("globalReach"):
            h.append(Line2D([], [], color=GLOBAL_REACH, lw=1.6, ls="-.", label="Global Reach"))
        if scenario.get("vpnConnections"):
            h.append(Line2D([], [], color=VPN, lw=1.3, ls="--", label="site-to-site VPN"))
    return h


def _zoom_box(scenario, regions, locations) -> tuple[tuple[float, float], tuple[float, float], list[str]]:
    """Bounds around the sites and peering locations and the VNets near them (within 15 degrees
    of longitude and 10 of latitude); VNets farther away are left out and returned."""
    core = list(site_positions(scenario, locations).values())
    core += [locations[c["peeringLocation"]] for c in scenario.get("circuits", [])
             if c.get("peeringLocation") in locations]
    if not core:
        return (-180, 180), (-60, 75), []
    xs, ys = [p[0] for p in core], [p[1] for p in core]
    outside = []
    cx0, cx1, cy0, cy1 = min(xs), max(xs), min(ys), max(ys)
    for v in scenario.get("vnets", []):
        x, y = regions.get(v["region"], (None, None))
        if x is None:
            continue
        if cx0 - 15 <= x <= cx1 + 15 and cy0 - 10 <= y <= cy1 + 10:
            xs.append(x)
            ys.append(y)
        else:
            outside.append(f"{v['name']} ({v['region']})")
    pad_x, pad_y = max(4.0, 0.25 * (max(xs) - min(xs))), max(3.0, 0.25 * (max(ys) - min(ys)))
    (x0, x1), (y0, y1) = (min(xs) - pad_x, max(xs) + pad_x * 2), (min(ys) - pad_y, max(ys) + pad_y)
    # Widen the shorter side so that the box is about 4:3 on the ground.
    squash = max(np.cos(np.radians((y0 + y1) / 2)), 0.2)
    if (x1 - x0) * squash < ASPECT * (y1 - y0):
        grow = (ASPECT * (y1 - y0) / squash - (x1 - x0)) / 2
        x0, x1 = x0 - grow, x1 + grow
    else:
        grow = ((x1 - x0) * squash / ASPECT - (y1 - y0)) / 2
        y0, y1 = y0 - grow, y1 + grow
    return (x0, x1), (y0, y1), outside


def world_map(regions: pd.DataFrame, peering_locations: pd.DataFrame,
              scenario: Optional[dict[str, Any]] = None, backbone: Optional[pd.DataFrame] = None,
              zoom: bool = True, title: str = "") -> Figure:
    """The world (longitude against latitude, degrees) with regions, peering locations and, when
    given, the backbone links and a scenario; with ``zoom`` and a scenario a second panel zooms
    onto the scenario's sites and peering locations, labelled."""
    regions_xy, locations_xy = _points(regions), _points(peering_locations)
    panels = 2 if zoom and scenario else 1
    fig, axes = new_figure(1, panels, figsize=(15, 6.2) if panels == 2 else (11, 6),
                           gridspec_kw={"width_ratios": [1.55, 1]} if panels == 2 else None)
    axes = np.atleast_1d(axes)
    world = axes[0]
    _draw(world, regions_xy, locations_xy, scenario, backbone, labels=False)
    world.set_xlim(-180, 180)
    world.set_ylim(-58, 75)
    world.set_title(f"World: {len(regions_xy)} Azure regions, {len(locations_xy)} peering locations"
                    + (", fitted backbone" if backbone is not None else ""))
    if panels == 2:
        ax = axes[1]
        (x0, x1), (y0, y1), outside = _zoom_box(scenario, regions_xy, locations_xy)
        ax.set_xlim(x0, x1)
        ax.set_ylim(y0, y1)
        ax.set_aspect(1 / max(np.cos(np.radians((y0 + y1) / 2)), 0.2), adjustable="box")
        _draw(ax, regions_xy, locations_xy, scenario, backbone, labels=True)
        note = f"\noutside this view: {', '.join(outside)}" if outside else ""
        ax.set_title(f"Scenario \"{scenario.get('name', '')}\"{note}")
        world.indicate_inset((x0, y0, x1 - x0, y1 - y0), edgecolor="#444", alpha=0.8)
    for ax in axes:
        ax.set_xlabel("longitude (degrees)")
        ax.set_ylabel("latitude (degrees)")
    world.legend(handles=_legend_handles(scenario, backbone is not None), loc="lower left",
                 fontsize=8, framealpha=0.9)
    if title:
        fig.suptitle(title)
    return fig
