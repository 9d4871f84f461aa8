# SPDX-License-Identifier: GPL-2.0-only
"""Emulation with FRR (doc/emulation.md), on examples/scenarios/emulation-lab.json (Standard
circuit, private peering): with 4,001 prefixes advertised and no maximum-prefix of its own, FRR
gets Cease / Maximum Number of Prefixes Reached from the simulated MSEE and shows the session
down with that reason; with AS-path prepend on the secondary link the VNet's gateway sends to
the site over the primary, and a maintenance drain of the primary on the timeline moves FRR's
route to the VNet onto the secondary and makes the gateway balance over both (the drained
link's routes as long as FRR's prepended ones), with BFD (FRR's bfdd polls its new timers, and
the MSEE polls when it comes Up) staying up.
Needs root, /dev/net/tun and frr; the namespaces are created and removed by the tests."""

from __future__ import annotations

import json
import shutil
import time
from pathlib import Path
from typing import Iterator

import pytest

from emulation_harness import (LAB, Emulator, Frr, kernel_route, network_namespace,
                               skip_unless_emulation_possible, wait_for)

skip_unless_emulation_possible()
if not Path(Frr.DAEMONS, "bgpd").exists() or shutil.which("vtysh") is None:
    pytest.skip("FRR is not installed (Debian package frr)", allow_module_level=True)

VNET = "10.1.0.0/16"
SITE = "10.20.0.0/16"
DRAIN_AT_S = 8.0

BFDD = """bfd
 profile msee
  detect-multiplier 3
  receive-interval 300
  transmit-interval 300
 exit
exit
"""


def bgpd_config(networks: list[str], prepend_secondary: bool) -> str:
    lines = ["router bgp 65020",
             " bgp router-id 192.168.100.1",
             " no bgp ebgp-requires-policy",
             " no bgp network import-check",
             " neighbor 192.168.100.2 remote-as 12076",
             " neighbor 192.168.100.2 bfd profile msee",
             " neighbor 192.168.100.6 remote-as 12076",
             " neighbor 192.168.100.6 bfd profile msee",
             " address-family ipv4 unicast",
             "  maximum-paths 2"]
    lines += [f"  network {n}" for n in networks]
    if prepend_secondary:
        lines.append("  neighbor 192.168.100.6 route-map prepend-secondary out")
    lines += [" exit-address-family", "exit"]
    if prepend_secondary:
        lines += ["route-map prepend-secondary permit 10",
                  " set as-path prepend 65020 65020 65020", "exit"]
    return "\n".join(lines) + "\n"


def scenario(tmp_path: Path, duration: str, failures: list[dict]) -> Path:
    s = json.loads(LAB.read_text())
    s["simulation"]["duration"] = duration
    s["failures"] = failures
    path = tmp_path / "scenario.json"
    path.write_text(json.dumps(s))
    return path


class Lab:
    def __init__(self, netns: str, emulator: Emulator, frr: Frr) -> None:
        self.netns = netns
        self.emulator = emulator
        self.frr = frr


def start_lab(tmp_path: Path, scenario_path: Path, bgpd: str) -> Iterator[Lab]:
    with network_namespace() as netns:
        emulator = Emulator(scenario_path, f"lab/ce1=netns:{netns}", tmp_path / "run",
                            tmp_path / "emulate.log", 2)
        frr = None
        try:
            frr = Frr(netns, bgpd, BFDD)
            yield Lab(netns, emulator, frr)
        finally:
            if frr:
                frr.stop()
            emulator.stop()


@pytest.fixture
def prefix_flood(tmp_path: Path) -> Iterator[Lab]:
    networks = [f"10.{100 + i // 256}.{i % 256}.0/24" for i in range(4001)]
    yield from start_lab(tmp_path, scenario(tmp_path, "15s", []), bgpd_config(networks, False))


@pytest.fixture
def prepended(tmp_path: Path) -> Iterator[Lab]:
    drain = {"kind": "MaintenanceDrain", "target": "lab-ams/primary", "start": f"{DRAIN_AT_S}s",
             "duration": "20s"}
    yield from start_lab(tmp_path, scenario(tmp_path, "16s", [drain]),
                         bgpd_config([SITE], True))


def test_4001_prefixes_get_cease_maximum_prefixes_and_frr_shows_it(prefix_flood: Lab) -> None:
    lab = prefix_flood
    reason = "Maximum Number of Prefixes Reached"
    text = wait_for("FRR's neighbour 192.168.100.2 down with the MSEE's Cease",
                    lambda: (t := lab.frr.cli("show bgp neighbors 192.168.100.2")) and
                    reason in t and t, 20, every=0.5)
    assert "Notification received (Cease/Maximum Number of Prefixes Reached)" in text, text
    state = next(line for line in text.splitlines() if "BGP state =" in line)
    assert "Established" not in state, state

    def msee_rows() -> list[dict[str, str]] | None:
        rows = [r for r in lab.emulator.rows("bgp.csv") if r["router"] == "msee/Amsterdam/primary"
                and r["peer"] == "lab-ams/primary/AzurePrivate"
                and r["event"] in ("prefix-limit", "notification-sent")]
        return rows if len(rows) >= 2 else None

    rows = wait_for("the MSEE's prefix-limit and NOTIFICATION in bgp.csv", msee_rows, 5)
    assert rows[0]["event"] == "prefix-limit" and rows[0]["detail"].endswith("limit=4000"), rows
    assert int(rows[0]["detail"].split()[0].split("=")[1]) > 4000, rows
    assert rows[1]["detail"] == f"Cease / {reason}", rows


def test_prepend_on_secondary_keeps_gateway_on_primary_and_drain_moves_frr(prepended: Lab) -> None:
    lab = prepended

    def both_up() -> bool:
        s = lab.frr.cli("show bgp summary")
        return all(any(line.startswith(a) and line.split()[9].isdigit() for line in s.splitlines())
                   for a in ("192.168.100.2 ", "192.168.100.6 "))

    wait_for("both FRR sessions Established with prefixes", both_up, 15, every=0.25)
    took = time.monotonic() - lab.frr.started
    print(f"FRR: both sessions Established {took:.2f} s after bgpd started")
    wait_for("the VNet route over both links (maximum-paths 2)",
             lambda: (r := kernel_route(lab.netns, VNET)) and "192.168.100.2" in r
             and "192.168.100.6" in r, 5)

    def gateway_rows() -> list[dict[str, str]]:
        return [r for r in lab.emulator.rows("routes.csv")
                if r["router"] == "vnet/hub-westeurope/gateway" and r["prefix"] == SITE]

    def gateway_heard_both() -> bool:
        heard = {r["peer"] for r in lab.emulator.rows("bgp.csv")
                 if r["router"] == "vnet/hub-westeurope/gateway" and r["event"] == "update"
                 and r["detail"].startswith("announced=1")}
        return {"msee/Amsterdam/primary", "msee/Amsterdam/secondary"} <= heard

    wait_for("the gateway hearing the site's prefix from both MSEEs", gateway_heard_both, 5)
    rows = gateway_rows()
    assert rows and len(rows[-1]["next_hops"].split()) == 1, \
        f"the gateway should use one path (the secondary's is prepended): {rows}"
    on_primary = rows[-1]["next_hops"]

    # The drain (MSEE prepends 12076 on the primary): FRR's route to the VNet leaves the primary.
    start = lab.emulator.run_json()["emulation"]["wall_clock_at_scenario_start_unix_s"]
    drain_wall = start + DRAIN_AT_S
    assert time.time() < drain_wall - 0.3, "the drain began before the test could watch"

    def moved() -> float | None:
        r = kernel_route(lab.netns, VNET)
        return time.time() if "192.168.100.6" in r and "192.168.100.2" not in r else None

    moved_at = wait_for("FRR's VNet route off the drained primary", moved,
                        drain_wall - time.time() + 5, every=0.02)
    assert -0.1 <= moved_at - drain_wall <= 2.0, f"moved {moved_at - drain_wall:.2f} s after the drain"
    print(f"FRR: VNet route off the drained primary {moved_at - drain_wall:.2f} s after the drain")

    # Azure's side: the drained MSEE passes the site's routes on to the gateway 3 x 12076 longer,
    # as long as the secondary's with FRR's 3 x 65020: the gateway now balances over both MSEEs
    # (before the drain it used the primary only).
    changed = wait_for("the gateway's path to the site changing with the drain",
                       lambda: (r := gateway_rows()) and r[-1]["next_hops"] != on_primary and r[-1],
                       5, every=0.25)
    assert changed["reason"] == "multipath" and len(changed["next_hops"].split()) == 2, changed
    assert on_primary in changed["next_hops"].split(), (on_primary, changed)
    # BFD stayed up throughout on the MSEE side (no detection timeouts: Poll answered).
    timeouts = [r for r in lab.emulator.rows("bgp.csv") if r["event"] == "bfd-state"
                and r["detail"].startswith("Up>Down diag=1")]
    assert not timeouts, timeouts
