# SPDX-License-Identifier: GPL-2.0-only
"""expressroute-emulate refuses clearly, before touching anything: a malformed --attach (exit 2),
what the host lacks (root, a namespace; run as nobody to see the root check), a site the
scenario does not have, and a scenario too heavy for real time (the speed check). The refusals
that need a namespace or root run only as root; the namespace is created and removed here."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from emulation_harness import EMULATE, LAB, network_namespace

if not EMULATE.exists():
    if "EXPRESSROUTE_BIN_DIR" in os.environ:
        raise RuntimeError(f"{EMULATE} is missing: build expressroute-emulate")
    pytest.skip(f"{EMULATE} is not built (set EXPRESSROUTE_BIN_DIR)", allow_module_level=True)

needs_root = pytest.mark.skipif(os.geteuid() != 0, reason="this refusal is reached only as root")


def emulate(*args: str, user: str | None = None, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    cmd = [str(EMULATE), *args]
    if user:
        cmd = ["setpriv", f"--reuid={user}", f"--regid={user}", "--clear-groups", *cmd]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)


def test_malformed_attach_is_refused_naming_the_part() -> None:
    r = emulate(f"--scenario={LAB}", "--attach=lab/ce3=netns:x")
    assert r.returncode == 2, r
    assert "'ce3=netns:x' does not start with ce1= or ce2=" in r.stderr, r.stderr


@needs_root
@pytest.mark.skipif(shutil.which("setpriv") is None, reason="needs setpriv (util-linux)")
def test_without_root_it_says_so() -> None:
    r = emulate(f"--scenario={LAB}", "--attach=lab/ce1=netns:ertest-none", user="65534")
    assert r.returncode == 1, r
    assert "missing:" in r.stderr and "root:" in r.stderr, r.stderr


@needs_root
def test_a_missing_namespace_is_named() -> None:
    name = f"ertest-absent-{os.getpid()}"
    r = emulate(f"--scenario={LAB}", f"--attach=lab/ce1=netns:{name}")
    assert r.returncode == 1, r
    assert f"network namespace '{name}': /run/netns/{name} does not exist" in r.stderr, r.stderr


@needs_root
def test_an_unknown_site_is_refused() -> None:
    with network_namespace() as netns:
        r = emulate(f"--scenario={LAB}", f"--attach=paris/ce1=netns:{netns}")
        links = subprocess.run(["ip", "-n", netns, "-o", "link"], capture_output=True, text=True)
    assert r.returncode == 1, r
    assert "site 'paris' is not in the scenario" in r.stderr, r.stderr
    assert "er0-" not in links.stdout, "nothing attached after a refusal"


@needs_root
def test_a_scenario_too_heavy_for_real_time_is_refused(tmp_path: Path) -> None:
    # A second site's 10 Gbps circuit loaded with 10 Gbps from the VNet: far more events per
    # second than one core simulates in real time.
    s = json.loads(LAB.read_text())
    s["sites"].append({"name": "hq", "location": "Amsterdam", "asn": 65030,
                       "prefixes": ["10.30.0.0/16"], "hosts": 1})
    s["circuits"].append({"name": "hq-ams", "site": "hq", "provider": "equinix",
                          "peeringLocation": "Amsterdam", "tier": "Standard",
                          "bandwidth": "10Gbps",
                          "peerings": [{"type": "AzurePrivate", "subnet": "192.168.101.0/29",
                                        "vlan": 101}],
                          "vnetLinks": [{"vnet": "hub-westeurope"}]})
    s["traffic"] = [{"name": "flood", "from": "hub-westeurope", "to": "hq",
                     "kind": "ConstantRate", "rate": "10Gbps", "packetSize": 1400, "start": "0s"}]
    path = tmp_path / "heavy.json"
    path.write_text(json.dumps(s))
    with network_namespace() as netns:
        r = emulate(f"--scenario={path}", f"--attach=lab/ce1=netns:{netns}", f"--out={tmp_path / 'run'}")
        links = subprocess.run(["ip", "-n", netns, "-o", "link"], capture_output=True, text=True)
    assert r.returncode == 1, r
    assert "cannot keep up with the wall clock" in r.stderr, r.stderr
    assert "er0-" not in links.stdout, "nothing attached after a refusal"
    assert not (tmp_path / "run").exists(), "no run directory for a run that did not start"
