# SPDX-License-Identifier: GPL-2.0-only
"""expressroute-sweep end to end, with the real binaries (doc/sweeps.md): a 2-parameter x
3-value x 3-run sweep completes and its index answers an SQL query grouped by a parameter; a
second call runs nothing; a sweep killed mid-way (SIGINT, SIGKILL) resumes with no finished run
repeated or lost; a run whose summary.json is damaged is named, counted failed and run again;
a crashing and a hanging run are recorded as failed and timed out while the others finish; one
run re-run by hand reproduces its files byte for byte; bad specs are refused before any run;
the Slurm path (--emit-slurm, --point, --collect) without Slurm itself (scripts/slurm-test.sh
runs it under a real Slurm)."""

from __future__ import annotations

import json
import os
import pty
import signal
import sqlite3
import subprocess
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SPEC = ROOT / "test" / "sweeps" / "bandwidth-by-rate.json"
BIN_DIR = Path(os.environ.get("EXPRESSROUTE_BIN_DIR", ROOT / "build" / "bin"))
SWEEP = BIN_DIR / "expressroute-sweep"
SIM = BIN_DIR / "expressroute-sim"

if not SWEEP.exists():
    if "EXPRESSROUTE_BIN_DIR" in os.environ:
        raise RuntimeError(f"{SWEEP} is missing: build expressroute-sweep")
    pytest.skip(f"{SWEEP} is not built (set EXPRESSROUTE_BIN_DIR)", allow_module_level=True)


def sweep(*args: str | Path, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(SWEEP), *map(str, args)], capture_output=True, text=True, timeout=timeout
    )


def small_spec(tmp: Path, runs: int = 3, **extra: object) -> Path:
    """One parameter of 3 values on the shortened default scenario: 3 x runs runs."""
    spec = json.loads(SPEC.read_text())
    spec["scenario"] = str(ROOT / "examples" / "scenarios" / "default.json")
    # Low rates, 2 s, the packet engine: runs that take long enough to be stopped mid-sweep.
    spec["set"] = {"/simulation/duration": "2s"}
    spec["engine"] = "packet"
    spec["parameters"] = [
        {"path": "/traffic/0/rate", "name": "backup_rate", "values": ["10Mbps", "20Mbps", "50Mbps"]}
    ]
    spec["runs"] = runs
    spec.update(extra)
    path = tmp / "spec.json"
    path.write_text(json.dumps(spec))
    return path


def is_run_key(name: str) -> bool:
    """A run's directory is runs/<16 hex digits>; runs/<key>.tmp-<pid> is a run being written,
    renamed into place (and so gone) at any moment, and runs/<key>.old-<pid> one being replaced."""
    return len(name) == 16 and all(c in "0123456789abcdef" for c in name)


def finished_runs(out: Path) -> dict[str, tuple[int, int]]:
    """Completed runs, as the sweep counts them (doc/sweeps.md): key -> (inode, mtime in ns) of
    the run.json of runs/<key>. Only final directories are read: they appear whole, by rename,
    and a sweep never removes a completed one."""
    stats = {}
    for run_dir in (out / "runs").iterdir():
        run_json = run_dir / "run.json"
        if is_run_key(run_dir.name) and json.loads(run_json.read_text())["status"] == "completed":
            st = run_json.stat()
            stats[run_dir.name] = (st.st_ino, st.st_mtime_ns)
    return stats


def index_rows(out: Path, sql: str) -> list[tuple]:
    with sqlite3.connect(out / "index.sqlite") as db:
        return db.execute(sql).fetchall()


@pytest.fixture(scope="module")
def grid(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The 3 x 3 x 3 sweep of test/sweeps/bandwidth-by-rate.json, run once for the module."""
    out = tmp_path_factory.mktemp("grid") / "sweep"
    r = sweep(f"--spec={SPEC}", f"--out={out}", "--jobs=2")
    assert r.returncode == 0, r.stdout + r.stderr
    assert "27 runs (9 points x 3 runs): 27 completed" in r.stdout
    return out


def test_grid_sweep_index_answers_a_query_grouped_by_a_parameter(grid: Path) -> None:
    rows = index_rows(
        grid,
        "SELECT lon_bandwidth, COUNT(*), SUM(status = 'completed'), "
        "AVG(fra_to_weu_throughput_bps) FROM runs GROUP BY lon_bandwidth ORDER BY MIN(point)",
    )
    assert [r[:3] for r in rows] == [("200Mbps", 9, 9), ("500Mbps", 9, 9), ("1Gbps", 9, 9)]
    assert all(r[3] > 0 for r in rows), "every run carried traffic from Frankfurt to West Europe"
    by_rate = index_rows(
        grid, "SELECT backup_rate, AVG(fra_to_weu_throughput_bps) FROM runs GROUP BY backup_rate"
    )
    rate = {name: bps for name, bps in by_rate}
    assert rate["100Mbps"] < rate["300Mbps"] < rate["600Mbps"], "the swept rate shows in the metric"
    # One UDP flow takes one link of the circuit: 300 Mbit/s do not fit a 200 Mbit/s circuit's
    # link although the circuit has two (the answer doc/sweeps.md's query shows).
    (carried, dropped), = index_rows(
        grid,
        "SELECT AVG(fra_to_weu_throughput_bps), AVG(contoso_lon_primary_dropped_bits + "
        "contoso_lon_secondary_dropped_bits) FROM runs "
        "WHERE lon_bandwidth = '200Mbps' AND backup_rate = '300Mbps'",
    )
    assert 190e6 < carried < 200e6 and dropped > 400e6, (carried, dropped)
    assert index_rows(
        grid, "SELECT MAX(contoso_lon_primary_dropped_bits + contoso_lon_secondary_dropped_bits) "
        "FROM runs WHERE lon_bandwidth = '1Gbps'"
    ) == [(0,)], "600 Mbit/s fit one 1 Gbit/s link"
    csv = (grid / "results.csv").read_text().splitlines()
    assert len(csv) == 28 and csv[0].startswith("key,point,run,seed,lon_bandwidth,backup_rate,")


def test_second_call_runs_nothing(grid: Path) -> None:
    before = finished_runs(grid)
    r = sweep(f"--spec={SPEC}", f"--out={grid}", "--jobs=2")
    assert r.returncode == 0, r.stderr
    assert "nothing to run" in r.stdout
    assert finished_runs(grid) == before, "no run.json was written again"
    assert len(before) == 27


def test_rerunning_one_run_reproduces_its_files_byte_for_byte(grid: Path, tmp_path: Path) -> None:
    (key, command) = index_rows(grid, "SELECT key, command FROM runs WHERE point = 4 AND run = 2")[0]
    argv = [a if not a.startswith("--out=") else f"--out={tmp_path / 'again'}" for a in command.split()]
    subprocess.run(argv, cwd=grid, check=True, capture_output=True, timeout=60)
    original, again = grid / "runs" / key, tmp_path / "again"
    assert sorted(p.name for p in original.iterdir()) == sorted(p.name for p in again.iterdir())
    for f in original.iterdir():
        if f.name != "run.json":
            assert f.read_bytes() == (again / f.name).read_bytes(), f"{f.name} differs"
    a, b = json.loads((original / "run.json").read_text()), json.loads((again / "run.json").read_text())
    a.pop("wall_time_s"), b.pop("wall_time_s")
    assert a == b, "run.json differs in more than the wall time"
    assert set(a["versions"]) == {"expressroute", "ns3"} and a["versions"]["ns3"] == "3.37"
    assert a["scenario"]["circuits"][1]["bandwidth"] == "500Mbps", "the resolved scenario"
    assert a["scenario_source"].startswith("inputs/") and a["run"] == 2


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGKILL], ids=["SIGINT", "SIGKILL"])
def test_killed_sweep_resumes_without_repeating_or_losing_runs(tmp_path: Path, sig: int) -> None:
    spec, out = small_spec(tmp_path, runs=3), tmp_path / "sweep"
    proc = subprocess.Popen(
        [str(SWEEP), f"--spec={spec}", f"--out={out}", "--jobs=2"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    deadline = time.monotonic() + 60
    while not (out / "runs").exists() or len(finished_runs(out)) < 3:
        assert proc.poll() is None, "the sweep ended before it could be killed"
        assert time.monotonic() < deadline
        time.sleep(0.02)
    proc.send_signal(sig)
    _, stderr = proc.communicate(timeout=30)
    if sig == signal.SIGINT:
        assert proc.returncode == 130, stderr
        assert "interrupted by SIGINT" in stderr
    else:
        assert proc.returncode == -signal.SIGKILL
    before = finished_runs(out)
    assert 3 <= len(before) < 9, "killed mid-way"

    r = sweep(f"--spec={spec}", f"--out={out}", "--jobs=2")
    assert r.returncode == 0, r.stdout + r.stderr
    after = finished_runs(out)
    assert len(after) == 9, "no run lost"
    assert {k: after[k] for k in before} == before, "no finished run was run again"
    assert sorted(p.name for p in (out / "runs").iterdir()) == sorted(after), "no leftovers"
    assert index_rows(out, "SELECT status, COUNT(*) FROM runs GROUP BY status") == [("completed", 9)]


def test_a_run_being_written_is_not_counted_as_finished(tmp_path: Path) -> None:
    # The simulator writes runs/<key>.tmp-<pid>/run.json ("completed") just before it renames
    # the directory into place: a scan that read it could see it vanish (FileNotFoundError).
    for name in ("0123456789abcdef", "fedcba9876543210.tmp-4242", "0011223344556677.old-4242"):
        (tmp_path / "runs" / name).mkdir(parents=True)
        (tmp_path / "runs" / name / "run.json").write_text('{"status": "completed"}')
    assert list(finished_runs(tmp_path)) == ["0123456789abcdef"]


def test_collect_builds_a_damaged_index_again_and_keeps_the_old_one(tmp_path: Path) -> None:
    """Before: --collect stopped at 'file is not a database', although the index is derived
    from the run directories and the docs say it can always be rebuilt."""
    spec, out = small_spec(tmp_path, runs=1), tmp_path / "sweep"
    r = sweep(f"--spec={spec}", f"--out={out}", "--jobs=2")
    assert r.returncode == 0, r.stdout + r.stderr
    (out / "index.sqlite").write_bytes(b"this is not a database, it was damaged" * 100)
    c = sweep(f"--collect={out}")
    assert c.returncode == 0, c.stdout + c.stderr
    assert "set aside as" in c.stderr and "building it again" in c.stderr, c.stderr
    assert "3 completed" in c.stdout, c.stdout
    assert index_rows(out, "SELECT COUNT(*) FROM runs WHERE status = 'completed'") == [(3,)]
    assert len(list(out.glob("index.sqlite.damaged-*"))) == 1, "the damaged index is kept"


@pytest.mark.parametrize(
    "damage, why",
    [
        (lambda text: text[: len(text) // 2], "truncated: ends after"),
        (lambda text: text.replace('"probe": "', '"probe": 1, "was": "', 1),
         "/pairs/0/probe: expected a string, got number"),
    ],
    ids=["truncated", "wrong-type"],
)
def test_damaged_summary_is_reported_marked_failed_and_run_again(
    tmp_path: Path, damage, why: str
) -> None:
    spec, out = small_spec(tmp_path, runs=1), tmp_path / "sweep"
    r = sweep(f"--spec={spec}", f"--out={out}", "--jobs=2")
    assert r.returncode == 0, r.stdout + r.stderr
    before = finished_runs(out)
    assert len(before) == 3
    key = sorted(before)[1]
    summary = out / "runs" / key / "summary.json"
    summary.write_text(damage(summary.read_text()))

    c = sweep(f"--collect={out}")
    assert c.returncode == 0, c.stdout + c.stderr
    assert f"warning: {summary}: {why}" in c.stderr, c.stderr
    assert "2 completed, 1 failed" in c.stdout, c.stdout
    rows = index_rows(out, "SELECT key, status, fra_to_weu_loss_percent, stderr_tail FROM runs")
    status = {k: (st, loss is not None) for k, st, loss, _ in rows}
    assert status[key] == ("failed", False), "not indexed as completed with NULL metrics"
    assert all(status[k] == ("completed", True) for k in before if k != key)
    assert [tail for k, _, _, tail in rows if k == key][0].startswith(f"{summary}: {why}")
    assert index_rows(out, f"SELECT COUNT(*) FROM metrics WHERE key = '{key}'") == [(0,)]

    again = sweep(f"--spec={spec}", f"--out={out}", "--jobs=2")
    assert again.returncode == 0, again.stdout + again.stderr
    assert f"warning: {summary}: {why}" in again.stderr and "it runs again" in again.stderr
    assert "3 completed" in again.stdout and "this call finished 1 runs" in again.stdout
    after = finished_runs(out)
    assert {k: after[k] for k in before if k != key} == {k: before[k] for k in before if k != key}
    assert after[key] != before[key], "the damaged run was run again"
    assert json.loads(summary.read_text())["pairs"], "its summary.json is whole again"
    assert sorted(p.name for p in (out / "runs").iterdir()) == sorted(after), "no leftovers"
    assert index_rows(out, "SELECT status, COUNT(*) FROM runs GROUP BY status") == [("completed", 3)]


def test_crashing_and_hanging_runs_are_recorded_while_the_others_finish(tmp_path: Path) -> None:
    # A simulator that dies of SIGSEGV at one value and hangs at another, as a real binary would.
    wrapper = tmp_path / "sim-wrapper.sh"
    wrapper.write_text(
        "#!/bin/sh\n"
        'for a in "$@"; do case "$a" in --scenario=*) s="${a#--scenario=}";; esac; done\n'
        "if grep -q '\"rate\": \"20Mbps\"' \"$s\"; then echo 'about to crash' >&2; kill -SEGV $$; fi\n"
        "if grep -q '\"rate\": \"50Mbps\"' \"$s\"; then exec sleep 60; fi\n"
        f'exec "{SIM}" "$@"\n'
    )
    wrapper.chmod(0o755)
    spec, out = small_spec(tmp_path, runs=2, timeout="4s"), tmp_path / "sweep"
    r = sweep(f"--spec={spec}", f"--out={out}", "--jobs=2", f"--sim={wrapper}")
    assert r.returncode == 3, r.stdout + r.stderr
    assert "2 completed, 2 failed, 2 timeout" in r.stdout
    rows = index_rows(out, "SELECT backup_rate, status, exit_code, signal, stderr_tail FROM runs")
    assert sorted(set((rate, st, code, sig) for rate, st, code, sig, _ in rows)) == [
        ("10Mbps", "completed", 0, None),
        ("20Mbps", "failed", None, signal.SIGSEGV),
        ("50Mbps", "timeout", None, signal.SIGTERM),
    ]
    assert all("about to crash" in tail for rate, *_, tail in rows if rate == "20Mbps")
    status = sweep(f"--status={out}")
    assert "SIGSEGV" in status.stdout and "about to crash" in status.stdout
    again = sweep(f"--spec={spec}", f"--out={out}", f"--sim={wrapper}")
    assert again.returncode == 3 and "nothing to run" in again.stdout, "failed runs are not retried"


@pytest.mark.parametrize(
    "change, field",
    [
        ({"parameters": [{"path": "/circuits/1/bandwith", "values": ["1Gbps"]}]}, "/parameters/0/path"),
        ({"parameters": [{"path": "/traffic/0/rate", "values": []}]}, "/parameters/0/values"),
        ({"parameters": [{"path": "/traffic/0/rate", "values": ["1Mbps", 5]}]}, "/parameters/0/values/1"),
        ({"scenario": "missing.json"}, "/scenario"),
        ({"parameters": [{"path": "/circuits/1/bandwidth", "values": ["1Gbps", "3Gbps"]}]},
         "/parameters/0/values/1"),
    ],
    ids=["unknown-path", "empty-list", "wrong-type", "missing-scenario", "rule-violation"],
)
def test_bad_spec_is_reported_before_any_run(tmp_path: Path, change: dict, field: str) -> None:
    spec = json.loads(small_spec(tmp_path).read_text())
    spec.update(change)
    (tmp_path / "bad.json").write_text(json.dumps(spec))
    r = sweep(f"--spec={tmp_path / 'bad.json'}", f"--out={tmp_path / 'never'}")
    assert r.returncode == 1
    assert f"bad.json: {field}: " in r.stderr, r.stderr
    assert not (tmp_path / "never").exists(), "nothing was run or written"


def test_dry_run_lists_the_runs_and_writes_nothing(tmp_path: Path) -> None:
    r = sweep(f"--spec={SPEC}", f"--out={tmp_path / 'never'}", "--dry-run")
    assert r.returncode == 0, r.stderr
    lines = [l for l in r.stdout.splitlines() if "pending" in l]
    assert len(lines) == 27
    assert 'lon_bandwidth="1Gbps" backup_rate="600Mbps"' in lines[-1]
    assert not (tmp_path / "never").exists()


def test_slurm_script_points_and_collect(tmp_path: Path) -> None:
    spec, out = small_spec(tmp_path, runs=2), tmp_path / "sweep"
    r = sweep(f"--spec={spec}", f"--out={out}", "--emit-slurm", "--jobs=2")
    assert r.returncode == 0, r.stderr
    script = (out / "sweep.sbatch").read_text()
    assert "#SBATCH --array=0-2%2" in script
    assert '--point="$SLURM_ARRAY_TASK_ID"' in script and str(SWEEP) in script
    assert index_rows(out, "SELECT COUNT(*) FROM runs WHERE status = 'pending'") == [(6,)]
    # What array task 1 does, then the merge.
    task = subprocess.run(
        ["bash", str(out / "sweep.sbatch")], env={**os.environ, "SLURM_ARRAY_TASK_ID": "1"},
        capture_output=True, text=True, timeout=60,
    )
    assert task.returncode == 0, task.stdout + task.stderr
    assert "point 1 run 2" in task.stdout
    c = sweep(f"--collect={out}")
    assert c.returncode == 0 and "2 completed, 4 pending" in c.stdout, c.stdout
    assert index_rows(out, "SELECT point, COUNT(*) FROM runs WHERE status = 'completed' GROUP BY point") == [(1, 2)]


def test_progress_is_a_live_bar_on_a_terminal(tmp_path: Path) -> None:
    spec, out = small_spec(tmp_path, runs=1), tmp_path / "sweep"
    master, slave = pty.openpty()
    proc = subprocess.Popen(
        [str(SWEEP), f"--spec={spec}", f"--out={out}", "--jobs=2"],
        stdout=subprocess.DEVNULL, stderr=slave,
    )
    os.close(slave)
    seen = b""
    while True:
        try:
            chunk = os.read(master, 4096)
        except OSError:
            break
        if not chunk:
            break
        seen += chunk
    assert proc.wait(timeout=60) == 0
    os.close(master)
    text = seen.decode()
    assert "\r[" in text and "3/3 done, 0 failed" in text and "ETA" in text, text
