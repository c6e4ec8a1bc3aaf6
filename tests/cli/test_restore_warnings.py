"""The restore shows every warning of its plan (stderr in every output, and JSON ``warnings``), on a rerun too."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from .conftest import SNAP, Result

WARNED = (
    "disks_not_restored",
    "ports_close_every_port",
    "static_ip_not_carried",
    "ip_address_type_not_carried",
    "auto_snapshot_not_carried",
    "tags_not_carried",
)


def _lines(err: str) -> list[str]:
    """The lines of ``err`` with the hanging indent of a wrapped message joined back on."""
    lines: list[str] = []
    for line in err.splitlines():
        if line.startswith(" ") and lines:
            lines[-1] += " " + line.strip()
        else:
            lines.append(line)
    return lines


def _rules(lines: list[str]) -> set[str]:
    return {rule for line in lines for rule in WARNED if line.rstrip().endswith(f"[{rule}]")}


def test_restore_and_its_rerun_show_every_warning_of_the_plan(proc: Callable[..., Result], tmp_path: Path) -> None:
    closed = tmp_path / "ports.json"
    closed.write_text("[]")
    restore = ["restore", "--instance-names", "web-2", *SNAP, "--ports", str(closed), "--no-attached-disks"]
    first = proc("--output", "json", *restore)
    assert first.code == 0, first.err
    warnings = [str(w) for w in first.json()["warnings"]]
    assert _rules(warnings) == set(WARNED)
    warned = [line for line in _lines(first.err) if line.startswith("lightsail-restore: warning: ")]
    assert _rules(warned) == set(WARNED)
    assert any("AutoSnapshot" in w and "web-1" in w for w in warnings)
    assert any("env=prod" in w for w in warnings)

    again = proc(*restore)  # the table output: the warnings on stderr
    assert again.code == 0, again.err
    assert "succeeded (resumed)" in again.out
    assert _rules([line for line in _lines(again.err) if "warning: " in line]) == set(WARNED)

    rerun = proc("--output", "json", *restore)
    assert _rules([str(w) for w in rerun.json()["warnings"]]) == set(WARNED)
    planned = proc("--output", "json", "plan", *restore[1:])
    found = {f["rule"] for f in planned.json()["findings"] if f["severity"] == "warning"}
    assert found >= set(WARNED), json.dumps(planned.json()["findings"])


def test_the_warnings_go_when_the_request_carries_what_the_source_had(proc: Callable[..., Result]) -> None:
    carried = [
        "--add-ons",
        "addOnType=AutoSnapshot,autoSnapshotAddOnRequest={snapshotTimeOfDay=06:00}",
        "--tags",
        "key=env,value=prod",
        "--ip-address-type",
        "ipv4",
    ]
    result = proc("--output", "json", "restore", "--instance-names", "web-2", *SNAP, *carried)
    assert result.code == 0, result.err
    rules = _rules([str(w) for w in result.json()["warnings"]])
    assert "ip_address_type_not_carried" not in rules
    assert "auto_snapshot_not_carried" not in rules
    assert "tags_not_carried" not in rules
    assert "disks_not_restored" not in rules  # the snapshot's disk comes along by default
