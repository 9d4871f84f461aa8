# SPDX-License-Identifier: GPL-2.0-only
"""The columns of the run directory's CSV files, as doc/outputs.md defines them.

Each table maps a column to its kind:

- ``float``, ``int``: a number, required in every row;
- ``float?``: a number or empty (e.g. ``rtt_ms`` of a lost probe);
- ``bool01``: 0 or 1;
- ``str``: text, required;
- ``str?``: text, may be empty.

Extra columns are accepted (a newer simulator may add some); missing ones are an error.

The optional tables (``events.csv``, ``bgp.csv``, ``routes.csv``, ``gateways.csv``) are written by
the current simulator but may be absent from older runs or hand-made fixtures. Their columns here
are the minimal contract the metrics rely on (doc/outputs.md); anything beyond it is kept as text.
"""

from __future__ import annotations

ColumnSpec = dict[str, str]

PROBES: ColumnSpec = {
    "time_s": "float",
    "probe": "str",
    "site": "str",
    "vnet": "str",
    "seq": "int",
    "success": "bool01",
    "rtt_ms": "float?",
}

FLOWS: ColumnSpec = {
    "flow": "str",
    "kind": "str",
    "protocol": "str",
    "from": "str",
    "to": "str",
    "start_s": "float",
    "stop_s": "float",
    "tx_bytes": "int",
    "rx_bytes": "int",
    "tx_packets": "int",
    "rx_packets": "int",
    "loss": "float",
    "first_rx_s": "float?",
    "last_rx_s": "float?",
    "throughput_bps": "float",
    "path": "str?",
}
#: Columns a flows.csv may have beyond FLOWS (newer simulators write them).
FLOWS_OPTIONAL = ("path_kinds",)

LINKS: ColumnSpec = {
    "interval_start_s": "float",
    "interval_end_s": "float",
    "circuit": "str",
    "link": "str",
    "peering_location": "str",
    "bandwidth_bps": "float",
    "bits_in_per_second": "float",
    "bits_out_per_second": "float",
    "dropped_in_bits_per_second": "float",
    "dropped_out_bits_per_second": "float",
    "utilisation_in": "float",
    "utilisation_out": "float",
}

# The failure timeline: the minimal contract the metrics assume (doc/outputs.md has every column).
EVENTS: ColumnSpec = {"time_s": "float", "event": "str", "kind": "str", "target": "str"}
BGP: ColumnSpec = {"time_s": "float", "router": "str", "peer": "str", "event": "str"}
ROUTES: ColumnSpec = {"time_s": "float", "router": "str", "prefix": "str"}
GATEWAYS: ColumnSpec = {"interval_start_s": "float", "interval_end_s": "float", "vnet": "str",
                        "sku": "str", "bits_to_vnet_per_second": "float",
                        "bits_from_vnet_per_second": "float", "dropped_packets_per_second": "float",
                        "instances_up": "int", "routes_learned": "int", "routes_advertised": "int"}

#: file name -> (attribute of Run, columns, required?)
RUN_TABLES: dict[str, tuple[str, ColumnSpec, bool]] = {
    "probes.csv": ("probes", PROBES, True),
    "flows.csv": ("flows", FLOWS, True),
    "links.csv": ("links", LINKS, True),
    "events.csv": ("events", EVENTS, False),
    "bgp.csv": ("bgp", BGP, False),
    "routes.csv": ("routes", ROUTES, False),
    "gateways.csv": ("gateways", GATEWAYS, False),
}

#: keys run.json must have, with their JSON types.
RUN_JSON_KEYS: dict[str, tuple[type, ...]] = {
    "status": (str,),
    "scenario_name": (str,),
    "seed": (int,),
    "run": (int,),
    "duration_s": (int, float),
    "scenario": (dict,),
}

#: summary.json's top-level keys (each a list of objects).
SUMMARY_KEYS: tuple[str, ...] = ("pairs", "links", "flows", "gateways")

#: Bookkeeping columns of a sweep's results table (expressroute-sweep's ``runs`` table, see
#: helper/expressroute-sweep-index.h): neither parameters nor metrics.
SWEEP_BOOKKEEPING: tuple[str, ...] = (
    "key", "point", "run", "seed", "status", "exit_code", "signal", "wall_time_s", "events",
    "stderr_tail", "command", "hash", "run_dir", "error", "host",
)
