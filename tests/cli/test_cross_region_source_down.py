"""``restore --source-region`` when AWS refuses the create after the copy, and when the source Region does not answer.

Subprocess runs of the real command on a local state file: the refusal presets live in the file (``deny_access``,
``plan_size_cap``, ``set_region_setup``: every call of a Region answers ``RegionSetupInProgressException``, an error
retrying may fix, which the plan counts as the Region not answering).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from lightsail_restore.local import LocalLightsail

from .conftest import COPY, CROSS, WEST, Result


def _applied(state: Path, operation: str) -> list[str]:
    operations = LocalLightsail.from_file(state).state["regions"]["us-west-2"]["operations"]
    return [op["resourceName"] for op in operations if op["operationType"] == operation]


def test_a_create_refused_after_the_copy_prints_the_copy_and_the_resume_command(
    state: Path, proc: Callable[..., Result]
) -> None:
    LocalLightsail.from_file(state).deny_access("CreateInstancesFromSnapshot", region="us-west-2")
    refused = proc(*WEST, "restore", "--wait", *CROSS, "--output", "json")
    assert refused.code == 1, refused.err
    assert "Traceback" not in refused.err
    doc = refused.json()
    assert doc["ok"] is False
    assert [(s["name"], s["status"]) for s in doc["steps"]] == [
        ("plan", "done"),
        ("copy", "done"),
        ("create", "failed"),
        ("wait", "skipped"),
    ]
    assert (doc["copy"]["name"], doc["copy"]["state"]) == (COPY, "available")
    assert doc["steps"][2]["error"]["errorCode"] == "AccessDeniedException"
    assert [(i["name"], i["status"]) for i in doc["instances"]] == [("web-2", "not_created")]
    assert "restore" in doc["resume"] and "--source-region us-east-2" in doc["resume"]
    assert "lightsail-restore: local Lightsail refused the create: AccessDeniedException: User: arn:aws:sts" in (
        refused.err
    )
    assert f"nothing was created; the copy {COPY} (available) stays in us-west-2" in refused.err
    assert f"  to resume: {doc['resume']}" in refused.err
    assert _applied(state, "CopySnapshot") == [COPY] and _applied(state, "CreateInstancesFromSnapshot") == []

    LocalLightsail.from_file(state).clear_refusals()
    again = proc(*WEST, "restore", "--wait", *CROSS, "--output", "json")
    assert again.code == 0, again.err
    assert again.json()["copy"]["resumed"] is True
    assert _applied(state, "CopySnapshot") == [COPY]  # one copy in all
    assert _applied(state, "CreateInstancesFromSnapshot") == ["web-2"]  # one create per name


def test_a_plan_size_refusal_after_the_copy_in_text(state: Path, proc: Callable[..., Result]) -> None:
    backend = LocalLightsail.from_file(state)
    backend.plan_size_cap = "nano_3_0"
    refused = proc(*WEST, "restore", "--wait", *CROSS)
    assert refused.code == 1, refused.err
    assert "copy from us-east-2 to us-west-2: done:" in refused.out
    assert "web-2     not_created" in refused.out
    assert "refused the create: InvalidInputException: Sorry, your account can not create" in refused.err
    assert "  to resume: " in refused.err and "Traceback" not in refused.err


def test_the_source_region_not_answering_with_and_without_the_copy(state: Path, proc: Callable[..., Result]) -> None:
    LocalLightsail.from_file(state).set_region_setup("us-east-2")
    down = proc(*WEST, "restore", "--wait", *CROSS, "--output", "json")
    assert down.code == 1 and "Traceback" not in down.err
    message = "lightsail-restore: us-east-2, the source Region, could not be reached (RegionSetupInProgressException: "
    assert down.err.startswith(message), down.err
    assert f"looked for {COPY}" in down.err and "nothing was sent" in down.err
    assert down.json()["error"]["errorCode"] == "SourceRegionUnreachableError"
    assert _applied(state, "CopySnapshot") == []

    backend = LocalLightsail.from_file(state)  # an earlier run copied; then us-east-2 went down
    backend.set_region_setup("us-east-2", in_progress=False)
    backend.deny_access("CreateInstancesFromSnapshot", region="us-west-2")
    assert proc(*WEST, "restore", "--wait", *CROSS).code == 1
    backend = LocalLightsail.from_file(state)
    backend.clear_refusals()
    backend.set_region_setup("us-east-2")
    done = proc(*WEST, "restore", "--wait", *CROSS)
    assert done.code == 0, done.err
    assert "lightsail-restore: warning: us-east-2, the source Region, could not be reached" in done.err
    assert f"the restore goes on from {COPY}" in done.err and "[source_region_unreachable]" in done.err
    assert "web-2     succeeded" in done.out
    assert _applied(state, "CopySnapshot") == [COPY] and _applied(state, "CreateInstancesFromSnapshot") == ["web-2"]
    ports = proc(*WEST, "plan", *CROSS, "--copy-ports", "--output", "json")
    assert ports.code == 2
    assert [(p["flag"], p["rule"]) for p in ports.json()["refused"]] == [
        ("--copy-ports", "copy_ports_source_unreachable")
    ]
