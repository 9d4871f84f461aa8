# SPDX-License-Identifier: GPL-2.0-only
"""The report and the command line, end to end."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from expressroute_analysis import metrics
from expressroute_analysis.cli import main
from expressroute_analysis.io import load_run

ANALYSIS = Path(__file__).resolve().parents[1]
ROOT = ANALYSIS.parent


@pytest.fixture(scope="module")
def run_report(sim_run: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("report-run")
    assert main(["report", str(sim_run), "--out", str(out)]) == 0
    return out


def test_run_report_is_self_contained_html(run_report: Path) -> None:
    page = (run_report / "report.html").read_text()
    assert page.count("data:image/png;base64,") == 4, "timeline, RTT CDF, utilisation, map embedded"
    assert "fra-to-eus" in page and "events.csv lists no failure." in page
    assert "packet (ns-3 devices and applications" in page, "the report says which engine ran"


def test_run_report_of_a_flow_run_says_so(sim: Path, tmp_path: Path) -> None:
    run = tmp_path / "flow-run"
    done = subprocess.run([str(sim), "--duration=3s", "--engine=flow", f"--out={run}"],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert main(["report", str(run), "--out", str(tmp_path / "report")]) == 0
    page = (tmp_path / "report" / "report.html").read_text()
    assert "flow (rates on the FIB paths; no packet-level TCP dynamics" in page


def test_run_report_writes_figure_files(run_report: Path) -> None:
    for name in ("timeline", "rtt-cdf", "utilisation", "map"):
        for ext in ("png", "svg"):
            assert (run_report / "figures" / f"{name}.{ext}").stat().st_size > 10_000, name


def test_run_report_lists_failures_when_present(synthetic_run: Path, tmp_path: Path) -> None:
    assert main(["report", str(synthetic_run), "--out", str(tmp_path)]) == 0
    page = (tmp_path / "report.html").read_text()
    assert "PeeringLocationOutage Amsterdam @ 10 s" in page
    assert (tmp_path / "tables" / "failures.csv").exists()


def test_sweep_report_has_intervals_and_one_figure_per_metric(sim_sweep: Path, tmp_path: Path) -> None:
    assert main(["report", str(sim_sweep), "--out", str(tmp_path)]) == 0
    page = (tmp_path / "report.html").read_text()
    assert "Mean and 95 % confidence interval per grid point" in page
    figures = sorted((tmp_path / "figures").glob("sweep-*.png"))
    assert len(figures) >= 4 and all(f.stat().st_size > 15_000 for f in figures)
    assert "(n=2)" in page, "two runs per grid point"


def test_plot_subcommand_writes_png_and_svg(sim_sweep: Path, tmp_path: Path) -> None:
    assert main(["plot", "sweep", str(sim_sweep), "--metric", "throughput_total_bps", "--x", "bandwidth",
                 "--lines", "bytes", "--out", str(tmp_path / "tp")]) == 0
    assert (tmp_path / "tp.png").stat().st_size > 15_000 and (tmp_path / "tp.svg").exists()


def test_cli_error_names_the_corrupt_file(synthetic_run: Path, tmp_path: Path,
                                          capsys: pytest.CaptureFixture) -> None:
    (synthetic_run / "summary.json").write_text("{")
    assert main(["report", str(synthetic_run), "--out", str(tmp_path)]) == 2
    assert f"error: {synthetic_run / 'summary.json'}: not valid JSON" in capsys.readouterr().err


def test_module_runs_with_pythonpath(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(ANALYSIS)}
    done = subprocess.run([sys.executable, "-m", "expressroute_analysis", "plot", "--help"],
                          capture_output=True, text=True, env=env, cwd=tmp_path, timeout=60)
    assert done.returncode == 0 and "timeline" in done.stdout


def test_report_reads_a_pair_that_never_answered(synthetic_run: Path, tmp_path: Path) -> None:
    # The simulator writes null RTTs for a pair whose probes never came back (no false 0 ms):
    # the run still loads and reports, and that pair has no RTT in the tables.
    import json

    from expressroute_analysis.io import load_run

    summary = json.loads((synthetic_run / "summary.json").read_text())
    summary["pairs"] = [{"probe": "never", "site": "s", "vnet": "v", "probes_sent": 20,
                         "probes_lost": 20, "loss_percent": 100.0, "rtt_min_ms": None,
                         "rtt_p50_ms": None, "rtt_p99_ms": None, "rtt_max_ms": None}]
    (synthetic_run / "summary.json").write_text(json.dumps(summary))
    run = load_run(synthetic_run)
    assert run.summary["pairs"][0]["rtt_p50_ms"] is None
    assert main(["report", str(synthetic_run), "--out", str(tmp_path)]) == 0
    assert "0.00 ms" not in (tmp_path / "report.html").read_text()


def test_a_killed_run_is_read_and_answered_as_the_simulator_would(sim: Path, tmp_path: Path) -> None:
    """A run killed after the failure: no summary.json, run.json still 'running', probes.csv's
    last row cut mid-line. The report reads it, leaves the cut row out, says the run was killed,
    and finds the detection the simulator's summary gives (the customer's BFD, not the first
    session down anywhere, which is an MSEE-gateway session 0.05 s in)."""
    run = tmp_path / "cd"
    scenario = ROOT / "examples" / "scenarios" / "chicago-dallas.json"
    done = subprocess.run([str(sim), f"--scenario={scenario}", "--quiet", f"--out={run}"],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    summary = json.loads((run / "summary.json").read_text())
    answer = summary["failures"][0]
    (run / "summary.json").unlink()
    info = json.loads((run / "run.json").read_text())
    info["status"] = "running"
    info["pid"] = 99999999
    info["files"] = [f for f in info["files"] if f != "summary.json"]  # as a killed run lists them
    (run / "run.json").write_text(json.dumps(info, indent=2))
    probes = (run / "probes.csv").read_bytes()
    (run / "probes.csv").write_bytes(probes + b"12.500000,chi-cus,chi-dc,cus,41,1,35.0")

    loaded = load_run(run)
    assert loaded.cut_rows == ["probes.csv"]
    windows = metrics.failure_windows(loaded.events, loaded.duration_s)
    table = metrics.failover_table(windows, loaded.probes, loaded.bgp, loaded.routes, loaded.flows,
                                   loaded.duration_s)
    assert table["detection_s"].iloc[0] == pytest.approx(answer["detection_s"], abs=1e-6)
    assert table["detected_by"].iloc[0] == answer["detected_by"]

    out = tmp_path / "report"
    assert main(["report", str(run), "--out", str(out)]) == 0
    page = (out / "report.html").read_text()
    assert "its run.json still says running: the simulator was killed" in page
    assert "probes.csv: its last row was cut short" in page


def test_a_run_killed_in_the_warm_up_is_reported_and_plotted(synthetic_run: Path, tmp_path: Path,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    """Killed before scenario time 0: every table is only its header and there is no
    summary.json. The report says the run did not complete (it raised KeyError on the empty
    probe tables); each run figure is still drawn, and the plot command says it is incomplete."""
    info = json.loads((synthetic_run / "run.json").read_text())
    info.update(status="running", pid=99999999, duration_s=0, planned_duration_s=300)
    info["files"] = [f for f in info["files"] if f != "summary.json"]
    (synthetic_run / "run.json").write_text(json.dumps(info, indent=2))
    (synthetic_run / "summary.json").unlink()
    for name in ("probes.csv", "flows.csv", "links.csv", "events.csv", "bgp.csv", "routes.csv"):
        path = synthetic_run / name
        path.write_text(path.read_text().splitlines()[0] + "\n")
    out = tmp_path / "report"
    assert main(["report", str(synthetic_run), "--out", str(out)]) == 0
    page = (out / "report.html").read_text()
    assert "This run did not complete (its run.json still says running" in page
    assert "0 s of 300 s simulated" in page
    for figure in ("timeline", "rtt-cdf", "utilisation"):
        assert main(["plot", figure, str(synthetic_run), "--out", str(tmp_path / figure)]) == 0, figure
        assert any(tmp_path.glob(f"{figure}*.png")), figure
        assert "the run did not complete (running)" in capsys.readouterr().err, figure
