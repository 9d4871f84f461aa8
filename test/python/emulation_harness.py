# SPDX-License-Identifier: GPL-2.0-only
"""Shared by the emulation tests: network namespaces that are always removed, the emulator and
the routing daemons as child processes that are always stopped, and polling helpers. Traffic
stays inside the namespaces the tests create."""

from __future__ import annotations

import itertools
import json
import os
import shutil
import signal
import subprocess
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator, TypeVar

import pytest

ROOT = Path(__file__).resolve().parents[2]
BIN_DIR = Path(os.environ.get("EXPRESSROUTE_BIN_DIR", ROOT / "build" / "bin"))
EMULATE = BIN_DIR / "expressroute-emulate"
LAB = ROOT / "examples" / "scenarios" / "emulation-lab.json"

T = TypeVar("T")
_counter = itertools.count()


def skip_unless_emulation_possible() -> None:
    """Module-level skip with the reason, when this host or build cannot emulate."""
    if not EMULATE.exists():
        if "EXPRESSROUTE_BIN_DIR" in os.environ:
            raise RuntimeError(f"{EMULATE} is missing: build expressroute-emulate")
        pytest.skip(f"{EMULATE} is not built (set EXPRESSROUTE_BIN_DIR)", allow_module_level=True)
    if os.geteuid() != 0:
        pytest.skip("emulation tests need root (tap interfaces in network namespaces)",
                    allow_module_level=True)
    if not os.access("/dev/net/tun", os.R_OK | os.W_OK):
        pytest.skip("emulation tests need /dev/net/tun", allow_module_level=True)
    if shutil.which("ip") is None:
        pytest.skip("emulation tests need iproute2's ip", allow_module_level=True)


def wait_for(what: str, probe: Callable[[], T | None], timeout: float, every: float = 0.05) -> T:
    """Polls @p probe until it returns something other than None/False; fails naming @p what."""
    deadline = time.monotonic() + timeout
    while True:
        value = probe()
        if value:
            return value
        if time.monotonic() > deadline:
            pytest.fail(f"{what}: not within {timeout} s")
        time.sleep(every)


def _stop(proc: subprocess.Popen, grace: float = 10) -> None:
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@contextmanager
def network_namespace() -> Iterator[str]:
    """A new namespace with a unique name; its processes are killed and it is deleted at the end,
    whatever happens."""
    name = f"ertest-{os.getpid()}-{next(_counter)}"
    subprocess.run(["ip", "netns", "add", name], check=True)
    try:
        subprocess.run(["ip", "-n", name, "link", "set", "lo", "up"], check=True)
        yield name
    finally:
        pids = subprocess.run(["ip", "netns", "pids", name], capture_output=True, text=True)
        for pid in pids.stdout.split():
            try:
                os.kill(int(pid), signal.SIGKILL)
            except (ProcessLookupError, ValueError):
                pass
        subprocess.run(["ip", "netns", "del", name], check=False)


class Emulator:
    """expressroute-emulate as a child process, its output in a file."""

    def __init__(self, scenario: Path, attach: str, out: Path, log: Path, links: int,
                 extra: tuple[str, ...] = ()) -> None:
        self.out = out
        self.log = log
        self._log = log.open("w")
        self.proc = subprocess.Popen(
            [str(EMULATE), f"--scenario={scenario}", f"--attach={attach}", f"--out={out}", *extra],
            stdout=self._log, stderr=subprocess.STDOUT)
        wait_for(f"{links} links attached ({log})",
                 lambda: self.text().count("attached: ") >= links or self._exited(), 60)
        if self.proc.poll() is not None:
            pytest.fail(f"expressroute-emulate exited with {self.proc.returncode}:\n{self.text()}")

    def _exited(self) -> bool:
        return self.proc.poll() is not None

    def text(self) -> str:
        return self.log.read_text()

    def run_json(self) -> dict:
        return json.loads((self.out / "run.json").read_text())

    def rows(self, table: str) -> list[dict[str, str]]:
        import csv
        with (self.out / table).open() as f:
            return list(csv.DictReader(f))

    def wait(self, timeout: float) -> int:
        code = self.proc.wait(timeout=timeout)
        self._log.close()
        return code

    def stop(self) -> None:
        _stop(self.proc)
        self._log.close()


class Bird:
    """BIRD 2 in a namespace, in the foreground, with its own control socket."""

    def __init__(self, netns: str, config: str, workdir: Path) -> None:
        self.conf = workdir / "bird.conf"
        self.conf.write_text(config)
        self.socket = workdir / "bird.ctl"
        self.log = workdir / "bird.log"
        self._log = self.log.open("w")
        self.started = time.monotonic()
        self.proc = subprocess.Popen(
            ["ip", "netns", "exec", netns, "bird", "-f", "-c", str(self.conf), "-s",
             str(self.socket), "-P", str(workdir / "bird.pid")],
            stdout=self._log, stderr=subprocess.STDOUT)

    def cli(self, command: str) -> str:
        r = subprocess.run(["birdc", "-s", str(self.socket), command], capture_output=True,
                           text=True, timeout=10)
        return r.stdout

    def stop(self) -> None:
        _stop(self.proc)
        self._log.close()


def kernel_route(netns: str, prefix: str) -> str:
    r = subprocess.run(["ip", "-n", netns, "route", "show", prefix], capture_output=True,
                       text=True, timeout=10)
    return r.stdout


class Frr:
    """FRR's zebra, bfdd and bgpd in a namespace, in the foreground, as the frr user, with their
    sockets, configuration and logs in a fresh directory of their own (pytest's temporary
    directories are closed to other users), removed by stop()."""

    DAEMONS = "/usr/lib/frr"

    def __init__(self, netns: str, bgpd_conf: str, bfdd_conf: str) -> None:
        workdir = Path(tempfile.mkdtemp(prefix="ertest-frr-"))
        workdir.chmod(0o755)
        self.dir = workdir
        (workdir / "zebra.conf").write_text("hostname lab\n")
        (workdir / "bfdd.conf").write_text(bfdd_conf)
        (workdir / "bgpd.conf").write_text(bgpd_conf)
        shutil.chown(workdir, "frr", "frr")
        for f in workdir.iterdir():
            shutil.chown(f, "frr", "frr")
        self.procs: list[subprocess.Popen] = []
        self._logs = []
        common = ["-z", str(workdir / "zserv.api"), "--vty_socket", str(workdir)]
        self._start(netns, "zebra", common)
        wait_for("zebra's socket", lambda: (workdir / "zserv.api").exists(), 10)
        self._start(netns, "bfdd", common + ["--bfdctl", str(workdir / "bfdd.sock")])
        self.started = time.monotonic()
        self._start(netns, "bgpd", common)

    def _start(self, netns: str, daemon: str, args: list[str]) -> None:
        log = (self.dir / f"{daemon}.out").open("w")
        self._logs.append(log)
        self.procs.append(subprocess.Popen(
            ["ip", "netns", "exec", netns, f"{self.DAEMONS}/{daemon}", "-i",
             str(self.dir / f"{daemon}.pid"), "-f", str(self.dir / f"{daemon}.conf"),
             "--log", f"file:{self.dir / (daemon + '.log')}", *args],
            stdout=log, stderr=subprocess.STDOUT))

    def cli(self, command: str) -> str:
        r = subprocess.run(["vtysh", "--vty_socket", str(self.dir), "-c", command],
                           capture_output=True, text=True, timeout=20)
        return r.stdout

    def configure(self, *commands: str) -> None:
        args = ["vtysh", "--vty_socket", str(self.dir), "-c", "configure terminal"]
        for c in commands:
            args += ["-c", c]
        subprocess.run(args, check=True, capture_output=True, timeout=20)

    def stop(self) -> None:
        for p in reversed(self.procs):
            _stop(p)
        for log in self._logs:
            log.close()
        shutil.rmtree(self.dir, ignore_errors=True)
