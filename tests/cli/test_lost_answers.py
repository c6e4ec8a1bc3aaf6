"""What the command prints when a write's answer is lost and the second look cannot tell whether it was applied:
that it may have been, and the command that goes on, exit 1; never AWS's "Some names are already in use" for the
run's own instance or copy (what botocore's retry of the applied write meets), never a traceback.

The command runs in a real process. A small driver makes the faults there with the local backend's own presets: it
answers every boto3 client the command builds from a backend on the same state file (attached first, so it
answers before the command's own), whose next ``operation`` is applied and its answer lost, and which refuses the
second look's read (``deny_access``, an error retrying cannot fix) from that call on.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from lightsail_restore.local import LocalLightsail

from .conftest import COPY, CROSS, SNAP, WEST, Result, Run

DRIVER = """
import sys
import botocore.handlers
from lightsail_restore.cli import main
from lightsail_restore.local import LocalLightsail

state, operation, denied, *argv = sys.argv[1:]
backend = LocalLightsail.from_file(state)
backend.lose_answer(operation=operation)


class Faulty:
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        backend.attach(self)
        self.meta.events.register(f"before-call.lightsail.{operation}", lambda **_: backend.deny_access(denied))


def inject(class_attributes, base_classes, **_):
    base_classes.insert(0, Faulty)


botocore.handlers.BUILTIN_HANDLERS.append(("creating-client-class.lightsail", inject))
sys.exit(main(argv))
"""

CASES = {
    "create": ("CreateInstancesFromSnapshot", "GetInstances", ["restore", "--instance-names", "web-2", *SNAP]),
    "copy": ("CopySnapshot", "GetInstanceSnapshot", [*WEST, "restore", *CROSS]),
}


def with_lost_answer(state: Path, case: str) -> Result:
    operation, denied, argv = CASES[case]
    command = [sys.executable, "-c", DRIVER, str(state), operation, denied, "--local-state", str(state), *argv]
    done = subprocess.run(command, capture_output=True, text=True, check=False, timeout=60)  # noqa: S603
    return Result(done.returncode, done.stdout, done.stderr)


@pytest.mark.parametrize("case", CASES)
def test_a_second_look_that_cannot_tell_says_it_may_have_been_applied_and_how_to_go_on(
    state: Path, run: Run, case: str
) -> None:
    result = with_lost_answer(state, case)
    assert result.code == 1, result.err
    assert "Traceback" not in result.err and "already in use" not in result.out + result.err
    said = "the create may have been applied" if case == "create" else "the copy may have been made"
    assert said in result.err and "run the same restore again" in result.err
    assert "looking again met AccessDeniedException, which retrying cannot fix" in result.err
    if case == "create":
        assert "web-2: unknown, whether it was created is not known" in result.err
        resume = next(line for line in result.err.splitlines() if line.startswith("  to resume: "))
        assert resume.endswith(" ".join(CASES[case][2]))
    else:
        assert result.out.splitlines()[3].split()[:2] == ["web-2", "not_created"]
    LocalLightsail.from_file(state).clear_refusals()
    again = run("--output", "json", *CASES[case][2])  # the same command, without faults
    assert again.code == 0, again.err
    assert [(i["name"], i["status"]) for i in again.json()["instances"]] == [("web-2", "succeeded")]
    if case == "copy":
        assert again.json()["copy"]["name"] == COPY and again.json()["copy"]["resumed"] is True
    else:
        assert again.json()["instances"][0]["resumed"] is True


def test_an_interrupted_run_lists_every_write_the_library_makes_with_the_names_it_was_sent_with() -> None:
    """Every operation but a read (and the create and the copy, said on their own lines) is watched, with no table
    to keep: a step's write (the alarms step's PutAlarm) is listed by its names, never by its other members."""
    from lightsail_restore.cli._interrupts import CreateWatch, watched, writes_left

    assert [op for op in ("GetAlarms", "CreateInstancesFromSnapshot", "CopySnapshot", "PutAlarm") if watched(op)] == [
        "PutAlarm"
    ]
    boto = LocalLightsail.demo().client()
    watch = CreateWatch(boto)
    boto.put_alarm(
        alarmName="web-1-cpu",
        metricName="CPUUtilization",
        monitoredResourceName="web-1",
        comparisonOperator="GreaterThanThreshold",
        threshold=90.0,
        evaluationPeriods=2,
    )
    said, _, _ = writes_left(watch.writes)
    assert said == ["the alarm web-1-cpu put on web-1 (PutAlarm)"]
    [write] = watch.writes  # the names only: no threshold, no operator
    assert write == {
        "operation": "PutAlarm",
        "alarmName": "web-1-cpu",
        "metricName": "CPUUtilization",
        "monitoredResourceName": "web-1",
        "answer": "done",
    }
    unknown = {"operation": "DeleteDisk", "diskName": "web-2-data", "answer": "none"}
    [words], _, _ = writes_left([unknown])
    assert words.startswith("sent for diskName web-2-data (DeleteDisk, sent but its answer did not arrive")


def test_a_write_no_module_names_is_watched_by_the_names_it_was_sent_with() -> None:
    """OpenInstancePublicPorts: neither the library nor the watch names it, and an interrupted run lists it."""
    from lightsail_restore.cli._interrupts import CreateWatch, writes_left

    boto = LocalLightsail.demo().client()
    watch = CreateWatch(boto)
    boto.get_instance(instanceName="web-1")
    boto.open_instance_public_ports(
        instanceName="web-1", portInfo={"fromPort": 8080, "toPort": 8080, "protocol": "tcp"}
    )
    said, _, _ = writes_left(watch.writes)
    assert said == ["sent for instanceName web-1 (OpenInstancePublicPorts)"]
    assert watch.changes == ["OpenInstancePublicPorts"]
