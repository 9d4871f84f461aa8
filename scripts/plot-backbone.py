#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Draws the fitted backbone (data/backbone-links.csv) on a longitude/latitude sketch, with the
peering locations and, optionally, the circuits of a scenario. Writes doc/images/backbone.png.
The drawing is expressroute_analysis.plots.geo.world_map (analysis/); this is a thin wrapper.

    /usr/bin/python3 scripts/plot-backbone.py [--scenario examples/scenarios/default.json] [--out FILE]
"""
import argparse
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "analysis"))

from expressroute_analysis.io import load_geography, read_json  # noqa: E402
from expressroute_analysis.plots.geo import world_map  # noqa: E402


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scenario", default=str(ROOT / "examples/scenarios/default.json"))
    ap.add_argument("--out", default=str(ROOT / "doc/images/backbone.png"))
    args = ap.parse_args()
    geo = load_geography(ROOT / "data")
    fig = world_map(geo["regions"], geo["peering_locations"], read_json(args.scenario), geo["backbone"])
    fig.savefig(args.out)
    print(args.out)


if __name__ == "__main__":
    main()
