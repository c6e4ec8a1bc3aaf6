"""``restore --retire-source`` and ``--replace-source`` on the local backend: issue 22's done-when commands, the
confirmation (asked on a terminal, ``--yes`` off one), and a ``kill -9`` of the process in the middle, then a rerun."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import botocore.handlers
import pytest

from lightsail_restore.cli._local import local_clock
from lightsail_restore.local import LocalLightsail, Timings
from lightsail_restore.restore._steps.retire import FINAL_TAG

from .conftest import TTY, Run

CUT_OVER = ["--copy-ports", "--static-ip", "web-ip", "--move-static-ip"]
WHERE = ["--availability-zone", "us-east-2a", "--bundle-id", "micro_3_0", "--instance-snapshot-name", "web-1-snap"]
RETIRE = ["restore", "--instance-names", "web-2", *WHERE, *CUT_OVER, "--retire-source"]
"""Issue 22's first done-when command (add ``--yes``)."""
REPLACE = ["restore", *WHERE, *CUT_OVER, "--replace-source"]
"""Its second: ``--replace-source`` instead of ``--instance-names web-2 ... --retire-source`` (add ``--yes``)."""


def _account(state: Path) -> dict[str, Any]:
    client = LocalLightsail.from_file(state, local_clock(state)).client()  # the command's clock (instant in-process)
    ip = client.get_static_ip(staticIpName="web-ip")["staticIp"]
    finals = [
        s
        for s in client.get_instance_snapshots()["instanceSnapshots"]
        if any(t["key"] == FINAL_TAG for t in s.get("tags") or [])
    ]
    return {
        "instances": sorted(i["name"] for i in client.get_instances()["instances"]),
        "holder": ip.get("attachedTo"),
        "finals": [(s["name"], s["fromInstanceName"], s["state"]) for s in finals],
        "rules": {
            i["name"]: client.get_instance_port_states(instanceName=i["name"])["portStates"]
            for i in client.get_instances()["instances"]
        },
    }


def test_retire_source_done_when(run: Run, state: Path) -> None:
    done = run("--output", "json", *RETIRE, "--yes")
    assert done.code == 0, done.err
    account = _account(state)
    assert account["instances"] == ["web-2"] and account["holder"] == "web-2"
    [(name, of, final_state)] = account["finals"]
    assert (of, final_state) == ("web-1", "available") and name.startswith("web-1-final-")
    steps = done.steps()
    assert steps["retire"] == ("done", f"the final snapshot {name} is available; web-1 deleted")
    assert done.json()["plan"]["network"]["retire"]["finalSnapshot"] == name
    again = run("--output", "json", *RETIRE, "--yes")
    assert again.code == 0, again.err
    assert next(s for s in again.json()["steps"] if s["name"] == "retire")["detail"] == "web-1 was already deleted"
    assert _account(state)["finals"] == account["finals"]


def test_replace_source_done_when(run: Run, state: Path) -> None:
    before = _account(state)
    done = run("--output", "json", *REPLACE, "--yes")
    assert done.code == 0, done.err
    account = _account(state)
    assert account["instances"] == ["web-1"] and account["holder"] == "web-1"
    assert account["rules"]["web-1"] == before["rules"]["web-1"]  # web-1's former rules
    [instance] = done.json()["instances"]
    assert (instance["name"], instance["status"], instance["source"]) == ("web-1", "succeeded", "web-1-snap")
    [(_, of, final_state)] = account["finals"]
    assert (of, final_state) == ("web-1", "available")
    assert "the service is down from the delete" in done.err  # the plan's warning


def test_no_yes_off_a_terminal_is_refused_and_nothing_is_sent(run: Run, state: Path) -> None:
    before = _account(state)
    for argv in (RETIRE, REPLACE):
        refused = run(*argv)
        assert refused.code == 2, refused.err
        assert "--yes: " in refused.err and "give --yes to confirm when not on a terminal" in refused.err
        assert refused.err.rstrip().endswith("[confirmation]")
    assert _account(state) == before


@pytest.mark.parametrize(("answer", "code"), [("yes\n", 0), ("n\n", 2), ("", 2)])
def test_on_a_terminal_the_plan_is_shown_then_it_asks(
    run: Run, state: Path, monkeypatch: pytest.MonkeyPatch, answer: str, code: int
) -> None:
    monkeypatch.setattr(sys, "stdin", TTY(answer))
    before = _account(state)
    done = run(*RETIRE)
    assert done.code == code, done.err
    asked = done.err.index("Delete it? Type yes to go on: ")
    assert 0 <= done.err.index("--retire-source takes a final snapshot web-1-final-") < asked
    if code == 0:
        assert _account(state)["instances"] == ["web-2"]
    else:
        assert "not confirmed: nothing was sent [confirmation]" in done.err
        assert _account(state) == before


def test_flags_that_do_not_go_together_are_refused(run: Run) -> None:
    both = run(*RETIRE, "--replace-source", "--yes")
    assert both.code == 2 and "--replace-source (replace_source): give --retire-source" in both.err
    lone = run(*REPLACE, "--no-final-snapshot", "--yes")
    assert (
        lone.code == 2
        and "--no-final-snapshot (no_final_snapshot): --no-final-snapshot goes with --retire-source only" in lone.err
    )


def _kill_when(state: Path, argv: list[str], seen: str) -> None:
    """Start the command, and ``kill -9`` it once the state file shows ``seen`` (the final snapshot, pending)."""
    flags = [sys.executable, "-m", "lightsail_restore", "--local", "--local-state", str(state), *argv, "--yes"]
    process = subprocess.Popen(flags, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # noqa: S603
    try:
        for _ in range(600):
            if seen in state.read_text() or process.poll() is not None:
                break
            time.sleep(0.05)
        assert process.poll() is None, "the command ended before it could be killed"
        os.kill(process.pid, signal.SIGKILL)
    finally:
        process.wait(timeout=60)
    assert process.returncode == -signal.SIGKILL


@pytest.mark.parametrize("argv", [RETIRE, REPLACE], ids=["retire", "replace"])
def test_kill_9_while_the_final_snapshot_is_pending_then_a_rerun_finishes_once(
    state: Path, argv: list[str], run_fresh: Run
) -> None:
    LocalLightsail.from_file(state).timings = Timings(
        operation_seconds=0.05, boot_seconds=0.1, copy_seconds=3.0, checks_seconds=0.1
    )
    _kill_when(state, argv, "web-1-final-")
    killed = _account(state)
    assert "web-1" in killed["instances"] and [f[2] for f in killed["finals"]] == ["pending"]
    done = run_fresh("--output", "json", *argv, "--yes")
    assert done.code == 0, done.err
    account = _account(state)
    assert [f[0] for f in account["finals"]] == [f[0] for f in killed["finals"]]  # the same one, never a second
    wanted = ["web-2"] if argv is RETIRE else ["web-1"]
    assert account["instances"] == wanted and account["holder"] == wanted[0]


@pytest.fixture
def run_fresh(state: Path) -> Run:
    """The command as a process, in real time (the killed process's snapshot becomes available as time passes)."""

    def go(*argv: str) -> Any:
        from .conftest import run_process

        return run_process(["--local", "--local-state", str(state), *argv], timeout=120)

    return go


def test_sigterm_right_after_the_delete_lists_the_writes_and_a_rerun_finishes(
    run: Run, state: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def stop(**_: Any) -> None:
        os.kill(os.getpid(), signal.SIGTERM)

    handlers = botocore.handlers.BUILTIN_HANDLERS
    monkeypatch.setattr(
        botocore.handlers, "BUILTIN_HANDLERS", [*handlers, ("after-call.lightsail.DeleteInstance", stop)]
    )
    done = run("--output", "json", *RETIRE, "--yes")
    assert done.code == 143, done.err
    interrupted = json.loads(done.out)["interrupted"]
    writes = [(w["operation"], w["answer"]) for w in interrupted["writes"]]
    # stopped before the command heard the delete's answer: it says the delete may have been applied
    assert writes[-2:] == [("CreateInstanceSnapshot", "done"), ("DeleteInstance", "none")]
    assert "the final snapshot web-1-final-" in done.err
    assert "web-1 deleted (DeleteInstance, sent but its answer did not arrive: it may have been applied)" in done.err
    monkeypatch.setattr(botocore.handlers, "BUILTIN_HANDLERS", handlers)
    again = run("--output", "json", *RETIRE, "--yes")
    assert again.code == 0, again.err
    account = _account(state)
    assert account["instances"] == ["web-2"] and account["holder"] == "web-2" and len(account["finals"]) == 1


def test_replace_source_without_a_name_to_find_is_refused(run: Run) -> None:
    missing = run("restore", "--replace-source", "--yes", *WHERE[:4], "--instance-snapshot-name", "no-such-snap")
    assert missing.code == 2, missing.err
    assert "--instance-names: the instance --instance-snapshot-name was taken of could not be read" in missing.err


REPLACE_REFUSED_UNREAD = [  # --replace-source with no --instance-names: the name is the snapshot's, read once
    (["restore", "--yes", "--no-wait"], "--no-wait", "cut_over_needs_wait"),
    (["restore", "--yes", "--no-check"], "--no-check", "cut_over_needs_check"),
    (["plan", "--no-final-snapshot"], "--no-final-snapshot", "final_snapshot_needs_retire"),
    (["plan", "--retire-source"], "--replace-source", "retire_or_replace"),
    (["plan", "--move-static-ip"], "--move-static-ip", "move_needs_static_ip"),
    (["plan", "--key-pair-name", "no key!"], "--key-pair-name", "resource_name"),
    (["plan", "--region", "us-west-2"], "--availability-zone", "X11_zone_in_client_region"),
]


@pytest.mark.parametrize(("given", "flag", "rule"), REPLACE_REFUSED_UNREAD)
def test_replace_source_s_bad_input_is_a_usage_error_before_the_snapshot_is_read(
    run: Run, state: Path, given: list[str], flag: str, rule: str
) -> None:
    LocalLightsail.from_file(state).deny_access("GetInstanceSnapshot")  # a read would be refused
    refused = run("--debug", given[0], *WHERE, "--replace-source", *given[1:])
    assert refused.code == 2, refused.err
    assert f"\n  {flag}" in refused.err and f"[{rule}]" in refused.err
    assert "could not be read" not in refused.err
    assert "Making request" not in refused.err, "nothing was read"


def test_replace_source_takes_the_name_a_whole_request_input_gives(run: Run) -> None:
    """``--cli-input-json`` naming the instance is as ``--instance-names`` (it was refused: give --instance-names)."""
    given = dict(zip(["availabilityZone", "bundleId", "instanceSnapshotName"], WHERE[1::2], strict=True))
    whole = [*CUT_OVER, "--replace-source", "--output", "json"]
    planned = run("plan", "--cli-input-json", json.dumps({"instanceNames": ["web-1"], **given}), *whole)
    assert planned.code == 0, planned.err
    flags = run("plan", "--instance-names", "web-1", *WHERE, *whole)
    assert flags.code == 0, flags.err
    assert planned.json()["wouldSend"] == flags.json()["wouldSend"]
    assert planned.json()["wouldSend"]["instanceNames"] == ["web-1"]


def test_the_plan_says_what_goes_in_flags_not_in_the_library_s_words(run: Run) -> None:
    """The retire and replace findings list their parameters, which the command says as flags (issue 19 point 4)."""
    where = [*WHERE, "--copy-ports"]
    retire = run("plan", "--instance-names", "web-2", *where[:-1], "--retire-source", "--no-final-snapshot")
    assert retire.code == 0, retire.err
    assert "--retire-source takes no final snapshot (--no-final-snapshot), then deletes web-1" in retire.out
    assert "give --static-ip web-ip and --move-static-ip to move it [retire_static_ip]" in retire.out
    replace = run("plan", *WHERE, "--replace-source")
    assert replace.code == 2
    assert "give --copy-ports to put web-1's back [replace_source_rules]" in replace.out
    assert "give --static-ip web-ip to re-attach it to the new instance [retire_static_ip]" in replace.err
    said = retire.out + replace.out + replace.err
    assert [w for w in ("retire_source", "no_final_snapshot", "static_ip", "copy_ports") if f" {w}" in said] == []
