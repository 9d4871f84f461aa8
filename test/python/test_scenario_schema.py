# SPDX-License-Identifier: GPL-2.0-only
"""doc/scenario.schema.json agrees with the loader on structure: every shipped scenario and every
valid test scenario validates, and the structurally broken test scenarios (unknown key, wrong
types, missing keys) do not. Rules across elements are the loader's alone (C++ tests)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

jsonschema = pytest.importorskip("jsonschema")  # Debian: python3-jsonschema

ROOT = Path(__file__).resolve().parents[2]
SCHEMA_PATH = ROOT / "doc" / "scenario.schema.json"
VALID = sorted((ROOT / "examples" / "scenarios").glob("*.json")) + sorted(
    (ROOT / "test" / "scenarios" / "valid").glob("*.json")
)
STRUCTURALLY_INVALID = {
    "unknown-key.json": "Additional properties are not allowed ('bandwith' was unexpected)",
    "wrong-types.json": "is not of type 'integer'",
    "missing-keys.json": "is a required property",
    "azure-public-peering.json": "'AzurePublic' is not one of",
    "fastpath-not-supported.json": "is not one of",
}


@pytest.fixture(scope="module")
def validator() -> jsonschema.protocols.Validator:
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


def errors_of(validator: jsonschema.protocols.Validator, path: Path) -> list[str]:
    document = json.loads(path.read_text(encoding="utf-8"))
    return [e.message for e in validator.iter_errors(document)]


def test_schema_is_draft_2020_12() -> None:
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def test_there_are_scenarios_to_check() -> None:
    assert any(p.name == "default.json" for p in VALID)
    assert len(VALID) > 5


@pytest.mark.parametrize("path", VALID, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_valid_scenario_matches_schema(validator, path: Path) -> None:
    assert errors_of(validator, path) == []


@pytest.mark.parametrize("name", sorted(STRUCTURALLY_INVALID))
def test_structural_error_fails_schema(validator, name: str) -> None:
    messages = errors_of(validator, ROOT / "test" / "scenarios" / "invalid" / name)
    expected = STRUCTURALLY_INVALID[name]
    assert any(expected in m for m in messages), messages


def test_every_object_refuses_unknown_keys() -> None:
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))

    def objects(node):
        if isinstance(node, dict):
            if node.get("type") == "object":
                yield node
            for value in node.values():
                yield from objects(value)
        elif isinstance(node, list):
            for value in node:
                yield from objects(value)

    found = list(objects(schema))
    assert len(found) > 10
    assert all(o.get("additionalProperties") is False for o in found)
