# SPDX-License-Identifier: GPL-2.0-only
"""Loaders for a run directory and a sweep directory.

Every file is checked against doc/outputs.md (see :mod:`expressroute_analysis.schema`): a missing,
empty or corrupt file raises :class:`RunFormatError` whose message starts with the file's path and
says what is wrong (line, column, value). Optional files (``events.csv``, ``bgp.csv``,
``routes.csv``, ``gateways.csv``, ``summary.json``) are loaded when present and ``None`` otherwise;
:meth:`Run.require` raises :class:`MissingDataError` naming the file a metric needs.
"""

from __future__ import annotations

import io
import json
import os
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Optional

import numpy as np
import pandas as pd

from . import schema


class RunFormatError(ValueError):
    """A file of a run or sweep directory is missing, empty or does not match its schema."""

    def __init__(self, path: Path | str, problem: str) -> None:
        self.path = Path(path)
        self.problem = problem
        super().__init__(f"{self.path}: {problem}")


class MissingDataError(LookupError):
    """A metric needs an optional file the run does not have."""

    def __init__(self, path: Path | str, needed_for: str) -> None:
        self.path = Path(path)
        super().__init__(f"{self.path}: not present; needed for {needed_for}")


@dataclass
class Run:
    """One run directory: run.json, the CSV tables as DataFrames, summary.json."""

    path: Path
    info: dict[str, Any]
    probes: pd.DataFrame
    flows: pd.DataFrame
    links: pd.DataFrame
    summary: Optional[dict[str, Any]] = None
    events: Optional[pd.DataFrame] = None
    bgp: Optional[pd.DataFrame] = None
    routes: Optional[pd.DataFrame] = None
    gateways: Optional[pd.DataFrame] = None
    #: Files whose last row was cut short (a killed or failed run) and left out, e.g. probes.csv.
    cut_rows: list[str] = field(default_factory=list)

    @property
    def name(self) -> str:
        return str(self.info["scenario_name"])

    @property
    def scenario(self) -> dict[str, Any]:
        return self.info["scenario"]

    @property
    def duration_s(self) -> float:
        return float(self.info["duration_s"])

    @property
    def completed(self) -> bool:
        return self.info["status"] == "completed"

    def label(self) -> str:
        """Scenario, seed and run number, e.g. ``contoso-europe seed 1 run 1``."""
        return f"{self.name} seed {self.info['seed']} run {self.info['run']}"

    def missing(self) -> list[str]:
        """The optional files this run does not have."""
        names = [n for n, (attr, _, req) in schema.RUN_TABLES.items()
                 if not req and getattr(self, attr) is None]
        return names + ([] if self.summary is not None else ["summary.json"])

    def require(self, table: str, needed_for: str) -> pd.DataFrame:
        """The optional table ``table`` (e.g. ``"events"``), or MissingDataError naming its file."""
        frame = getattr(self, table)
        if frame is None:
            raise MissingDataError(self.path / f"{table}.csv", needed_for)
        return frame


def read_table(path: Path | str, columns: schema.ColumnSpec,
               cut_tail: Optional[list[str]] = None) -> pd.DataFrame:
    """Reads one tidy CSV file and converts its columns to the kinds of ``columns``.

    ``cut_tail``: the file is a killed or failed run's, whose last row may be cut short (the
    writer stopped mid-line, doc/outputs.md): a last line without its newline is left out and the
    file's name appended to the list. Otherwise every line must be whole."""
    path = Path(path)
    if not path.is_file():
        raise RunFormatError(path, "file is missing")
    if path.stat().st_size == 0:
        raise RunFormatError(path, f"file is empty; expected the header {','.join(columns)}")
    data = path.read_bytes()
    if cut_tail is not None and not data.endswith(b"\n") and b"\n" in data:
        data = data[:data.rindex(b"\n") + 1]
        cut_tail.append(path.name)
    try:
        raw = pd.read_csv(io.BytesIO(data), dtype=str, keep_default_na=False, na_filter=False,
                          skip_blank_lines=True)
    except (pd.errors.ParserError, UnicodeDecodeError, ValueError) as e:
        raise RunFormatError(path, f"not a readable CSV file ({str(e).strip()})") from None
    absent = [c for c in columns if c not in raw.columns]
    if absent:
        raise RunFormatError(path, f"missing column(s) {', '.join(absent)}; the header is "
                                   f"{','.join(map(str, raw.columns))} (see doc/outputs.md)")
    _check_field_counts(path, data)
    out = raw.copy()
    for name, kind in columns.items():
        out[name] = _convert(path, raw[name], name, kind)
    return out


def _check_field_counts(path: Path, data: bytes) -> None:
    """Every line has as many fields as the header (the files never quote, doc/outputs.md): a
    short line is the mark of a truncated or hand-damaged file, which pandas would pad silently."""
    lines = data.split(b"\n")
    expected = lines[0].count(b",")
    for number, line in enumerate(lines[1:], start=2):
        if line.strip() and line.count(b",") != expected:
            found = line.count(b",") + 1
            raise RunFormatError(path, f"line {number}: {'too few' if found <= expected else 'too many'} "
                                       f"fields ({found}, the header has {expected + 1})")


def _convert(path: Path, values: pd.Series, name: str, kind: str) -> pd.Series:
    optional = kind.endswith("?")
    base = kind.rstrip("?")
    empty = values.str.strip() == ""
    if empty.any() and not optional:
        line = int(np.flatnonzero(empty.to_numpy())[0]) + 2
        raise RunFormatError(path, f"line {line}, column {name}: value is empty")
    if base == "str":
        return values
    numbers = pd.to_numeric(values.where(~empty), errors="coerce")
    bad = numbers.isna() & ~empty
    if base == "bool01":
        bad |= ~numbers.isin([0, 1]) & ~empty
    elif base == "int":
        bad |= (numbers % 1 != 0) & ~numbers.isna()
    if bad.any():
        i = int(np.flatnonzero(bad.to_numpy())[0])
        expected = {"float": "a number", "int": "an integer", "bool01": "0 or 1"}[base]
        raise RunFormatError(path, f"line {i + 2}, column {name}: '{values.iloc[i]}' is not {expected}")
    if base in ("int", "bool01") and not optional:
        return numbers.astype("int64")
    return numbers.astype("float64")


def read_json(path: Path | str) -> Any:
    """A JSON file, or RunFormatError naming it."""
    path = Path(path)
    if not path.is_file():
        raise RunFormatError(path, "file is missing")
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as e:
        raise RunFormatError(path, f"not valid JSON: {e.msg} at line {e.lineno}, column {e.colno}") from None
    except UnicodeDecodeError:
        raise RunFormatError(path, "not UTF-8 text") from None


def _check_run_json(path: Path, info: Any) -> dict[str, Any]:
    if not isinstance(info, dict):
        raise RunFormatError(path, "expected a JSON object at the top level")
    for key, types in schema.RUN_JSON_KEYS.items():
        if key not in info:
            raise RunFormatError(path, f"key '{key}' is missing")
        if not isinstance(info[key], types) or isinstance(info[key], bool):
            raise RunFormatError(path, f"key '{key}' has the wrong type ({type(info[key]).__name__})")
    return info


def _check_summary(path: Path, summary: Any) -> dict[str, Any]:
    if not isinstance(summary, dict):
        raise RunFormatError(path, "expected a JSON object at the top level")
    for key in schema.SUMMARY_KEYS:
        if not isinstance(summary.get(key, []), list):
            raise RunFormatError(path, f"key '{key}' should be a list")
    return summary


def expand_probe_runs(path: Path, probes: pd.DataFrame) -> pd.DataFrame:
    """One row per probe from probes.csv's rows, which may each stand for a run of ``count``
    probes with the same outcome and RTT sent at equal steps from ``time_s`` to ``last_time_s``
    (doc/outputs.md, simulation.probeRows "runs"). Files without these columns are one row per
    probe already."""
    if "count" not in probes.columns:
        return probes
    count = _convert(path, probes["count"], "count", "int")
    last = _convert(path, probes["last_time_s"], "last_time_s", "float")
    bad = (count < 1) | (last < probes["time_s"] - 1e-9)
    if bad.any():
        line = int(np.flatnonzero(bad.to_numpy())[0]) + 2
        raise RunFormatError(path, f"line {line}: count must be at least 1 and last_time_s not "
                                   f"before time_s")
    if (count == 1).all():
        return probes.assign(count=count, last_time_s=last)
    reps = count.to_numpy()
    out = probes.loc[probes.index.repeat(reps)].reset_index(drop=True)
    k = np.arange(len(out)) - np.repeat(np.cumsum(reps) - reps, reps)
    step = np.repeat(np.where(reps > 1, (last - probes["time_s"]).to_numpy() / np.maximum(reps - 1, 1),
                              0.0), reps)
    out["time_s"] = np.round(out["time_s"].to_numpy() + k * step, 6)
    out["seq"] = out["seq"].to_numpy() + k
    out["count"] = 1
    out["last_time_s"] = out["time_s"]
    return out


def is_run_dir(path: Path | str) -> bool:
    return (Path(path) / "run.json").is_file()


def load_run(path: Path | str) -> Run:
    """Loads and checks a run directory (see doc/outputs.md)."""
    path = Path(path)
    if not path.is_dir():
        raise RunFormatError(path, "not a directory")
    info = _check_run_json(path / "run.json", read_json(path / "run.json"))
    listed = set(info.get("files", []))
    cut: Optional[list[str]] = None if info["status"] == "completed" else []
    tables: dict[str, Optional[pd.DataFrame]] = {}
    for name, (attr, columns, required) in schema.RUN_TABLES.items():
        file = path / name
        if required or name in listed or file.exists():
            tables[attr] = read_table(file, columns, cut)
        else:
            tables[attr] = None
    tables["probes"] = expand_probe_runs(path / "probes.csv", tables["probes"])
    summary = None
    if (path / "summary.json").exists() or "summary.json" in listed:
        summary = _check_summary(path / "summary.json", read_json(path / "summary.json"))
    return Run(path=path, info=info, summary=summary, cut_rows=cut or [], **tables)


@dataclass
class Sweep:
    """A sweep directory: one results row per run, parameters and metrics as columns."""

    path: Path
    results: pd.DataFrame
    parameters: list[str]
    metrics: list[str]
    source: Path
    meta: dict[str, Any] = field(default_factory=dict)

    def values(self, parameter: str) -> list[Any]:
        """The values a parameter takes, in the spec's order when sweep.json lists them."""
        present = list(dict.fromkeys(self.results[parameter].dropna()))
        for p in self.meta.get("parameters", []):
            if isinstance(p, dict) and parameter in (p.get("name"), p.get("column"), p.get("path")):
                spec = [v for v in p.get("values", []) if v in present]
                return spec + [v for v in present if v not in spec]
        try:
            return sorted(present)
        except TypeError:
            return present

    def completed(self) -> pd.DataFrame:
        """The rows of completed runs (all rows if there is no status column)."""
        if "status" not in self.results:
            return self.results
        return self.results[self.results["status"] == "completed"]

    def run_dir(self, row: pd.Series) -> Optional[Path]:
        """The run directory of a results row, when the index names one that exists."""
        for col in ("run_dir", "key", "hash"):
            if col in row and isinstance(row[col], str) and row[col]:
                candidate = Path(row[col]) if col == "run_dir" else Path("runs") / row[col]
                candidate = candidate if candidate.is_absolute() else self.path / candidate
                if candidate.is_dir():
                    return candidate
        return None

    def load_run(self, row: pd.Series) -> Run:
        directory = self.run_dir(row)
        if directory is None:
            raise RunFormatError(self.path / "runs", f"no run directory for point {row.get('point')} "
                                                     f"run {row.get('run')}")
        return load_run(directory)


def is_sweep_dir(path: Path | str) -> bool:
    path = Path(path)
    return (path / "results.csv").is_file() or (path / "index.sqlite").is_file()


def _read_sqlite(path: Path) -> pd.DataFrame:
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
            names = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type IN "
                                              "('table','view') ORDER BY name")]
            table = next((n for n in ("results", "runs") if n in names), None)
            if table is None:
                raise RunFormatError(path, f"no 'results' or 'runs' table (tables: {', '.join(names)})")
            return pd.read_sql_query(f'SELECT * FROM "{table}"', db)
    except sqlite3.DatabaseError as e:
        raise RunFormatError(path, f"not a readable SQLite database ({e})") from None


def _spec_parameters(meta: dict[str, Any]) -> list[str]:
    names = []
    for p in meta.get("parameters", []):
        if isinstance(p, dict):
            names.append(str(p.get("name") or p.get("column") or p.get("path")))
        else:
            names.append(str(p))
    return names


def _sqlite_parameters(path: Path) -> list[str]:
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
            return [r[0] for r in db.execute("SELECT name FROM parameters ORDER BY position")]
    except sqlite3.DatabaseError:
        return []


def load_sweep(path: Path | str, parameters: Optional[list[str]] = None) -> Sweep:
    """Loads a sweep directory's index: ``results.csv``, else ``index.sqlite``.

    This is expressroute-sweep's layout (helper/expressroute-sweep-index.h): one row per run with
    ``key``, ``point``, ``run``, ``seed``, one column per parameter, ``status``, ``wall_time_s``
    ..., the headline metrics; run directories under ``runs/<key>/``. Parameters are, in order of
    precedence: ``parameters``; ``sweep.json``'s ``parameters`` (objects with ``name``, or
    names); index.sqlite's ``parameters`` table; columns named ``param.<name>``. Metrics are the
    other numeric columns except the bookkeeping ones (:data:`schema.SWEEP_BOOKKEEPING`).
    """
    path = Path(path)
    csv_path, db_path = path / "results.csv", path / "index.sqlite"
    if csv_path.is_file():
        source = csv_path
        if csv_path.stat().st_size == 0:
            raise RunFormatError(csv_path, "file is empty")
        try:
            results = pd.read_csv(csv_path)
        except (pd.errors.ParserError, UnicodeDecodeError, ValueError) as e:
            raise RunFormatError(csv_path, f"not a readable CSV file ({str(e).strip()})") from None
    elif db_path.is_file():
        source, results = db_path, _read_sqlite(db_path)
    else:
        raise RunFormatError(path, "not a sweep directory: neither results.csv nor index.sqlite")
    for col in ("point", "run"):
        if col not in results.columns:
            raise RunFormatError(source, f"missing column '{col}'")
    meta: dict[str, Any] = {}
    if (path / "sweep.json").is_file():
        meta = read_json(path / "sweep.json")
        if not isinstance(meta, dict):
            raise RunFormatError(path / "sweep.json", "expected a JSON object at the top level")
    if parameters is None:
        parameters = _spec_parameters(meta) or (_sqlite_parameters(db_path) if db_path.is_file()
                                                else []) or [c for c in results.columns
                                                             if str(c).startswith("param.")]
    absent = [p for p in parameters if p not in results.columns]
    if absent:
        raise RunFormatError(source, f"missing parameter column(s) {', '.join(absent)}")
    metrics = [c for c in results.columns
               if c not in parameters and c not in schema.SWEEP_BOOKKEEPING
               and pd.api.types.is_numeric_dtype(results[c])]
    return Sweep(path=path, results=results, parameters=list(parameters), metrics=metrics,
                 source=source, meta=meta)


def data_dir() -> Path:
    """The repository's data/ folder (override with the EXPRESSROUTE_DATA_DIR environment variable)."""
    env = os.environ.get("EXPRESSROUTE_DATA_DIR")
    return Path(env) if env else Path(__file__).resolve().parents[2] / "data"


def _read_data_csv(path: Path, columns: dict[str, str]) -> pd.DataFrame:
    if not path.is_file():
        raise RunFormatError(path, "file is missing")
    try:
        frame = pd.read_csv(path, comment="#")
    except (pd.errors.ParserError, UnicodeDecodeError, ValueError) as e:
        raise RunFormatError(path, f"not a readable CSV file ({str(e).strip()})") from None
    absent = [c for c in columns if c not in frame.columns]
    if absent:
        raise RunFormatError(path, f"missing column(s) {', '.join(absent)}")
    return frame.rename(columns=columns)[list(columns.values()) + [
        c for c in frame.columns if c not in columns]]


def load_geography(directory: Optional[Path | str] = None) -> dict[str, pd.DataFrame]:
    """data/regions.csv, data/peering_locations.csv and data/backbone-links.csv as DataFrames:
    ``regions`` (name, latitude, longitude, ...), ``peering_locations`` (name, latitude,
    longitude, ...) and ``backbone`` (region_a, region_b, delay_ms, kind)."""
    d = Path(directory) if directory is not None else data_dir()
    geo = {
        "regions": _read_data_csv(d / "regions.csv", {"region_name": "name", "latitude": "latitude",
                                                     "longitude": "longitude"}),
        "peering_locations": _read_data_csv(d / "peering_locations.csv", {
            "peering_location": "name", "latitude": "latitude", "longitude": "longitude"}),
    }
    backbone = d / "backbone-links.csv"
    geo["backbone"] = _read_data_csv(backbone, {"region_a": "region_a", "region_b": "region_b",
                                                "kind": "kind"}) if backbone.is_file() else None
    return geo
