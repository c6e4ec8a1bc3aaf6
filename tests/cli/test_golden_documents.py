"""The command's JSON documents, byte for byte, against files captured before issue 19 moved the code.

Each case runs the command in-process on the demo account (instant clock) and compares its JSON output with
``golden/<case>.json``, after replacing what changes from run to run (ids, times) by a placeholder. To capture
them again after a deliberate change of a document: ``LIGHTSAIL_RESTORE_GOLDEN=write pytest tests/cli -k golden``.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

from .conftest import CROSS, SNAP, WEST, Run

GOLDEN = Path(__file__).with_name("golden")
MOVE = ["--copy-ports", "--static-ip", "web-ip", "--move-static-ip"]
CASES: dict[str, list[list[str]]] = {
    "plan_manual": [["plan", *SNAP, "--instance-names", "web-2"]],
    "plan_cut_over": [["plan", *SNAP, "--instance-names", "web-2", *MOVE]],
    "plan_refused": [["plan", *SNAP, "--instance-names", "web-2", "web-3", "--static-ip", "web-ip"]],
    "restore_cut_over": [["restore", "--wait", *SNAP, "--instance-names", "web-2", *MOVE]],
    "restore_rerun": [
        ["restore", "--wait", *SNAP, "--instance-names", "web-2", *MOVE],
        ["restore", "--wait", *SNAP, "--instance-names", "web-2", *MOVE],
    ],
    "restore_no_wait": [["restore", *SNAP, "--instance-names", "web-2", "web-3"]],
    "plan_cross_region": [[*WEST, "plan", *CROSS]],
    "restore_cross_region": [[*WEST, "restore", "--wait", *CROSS]],
    "refused_flags": [["restore", "--wait", *SNAP, "--instance-names", "web-2", "--copy-ports", "--ports", "PORTS"]],
}
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
IPV4 = re.compile(r"\b\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}\b(?!/)")
ELAPSED = re.compile(r'("elapsedSeconds": )[0-9.]+')
PACED = re.compile(r'("(?:apiCalls|rounds|retryableErrors)": )[0-9]+|\d+ rounds, \d+ calls, \d+ retryable|after \d+s')
"""What the machine's speed changes (the instant clock is real time plus the pauses skipped): the wait's rounds and
calls; the call counts themselves are held by ``benchmarks/`` on a manual clock."""
TIME = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:?\d\d)?")


def _stable(text: str, tmp: Path) -> str:
    text = text.replace(str(tmp), "<tmp>")
    text = ELAPSED.sub(r'\1"<seconds>"', text)
    text = PACED.sub(lambda m: f'{m.group(1)}"<n>"' if m.group(1) else "<paced>", text)
    return IPV4.sub("<ipv4>", TIME.sub("<time>", UUID.sub("<uuid>", text)))


@pytest.mark.parametrize("case", sorted(CASES))
def test_the_json_document_is_the_one_captured(run: Run, case: str, tmp_path: Path) -> None:
    ports = tmp_path / "ports.json"
    ports.write_text(json.dumps([{"fromPort": 443, "toPort": 443, "protocol": "tcp"}]))
    outputs = []
    for argv in CASES[case]:
        result = run("--output", "json", *[str(ports) if a == "PORTS" else a for a in argv])
        outputs.append({"code": result.code, "out": json.loads(result.out) if result.out else None})
    got = _stable(json.dumps(outputs, indent=1), tmp_path) + "\n"
    path = GOLDEN / f"{case}.json"
    if os.environ.get("LIGHTSAIL_RESTORE_GOLDEN") == "write":
        path.write_text(got)
    assert got == path.read_text()
