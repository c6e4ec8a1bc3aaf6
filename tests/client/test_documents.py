"""The JSON-ready documents (``to_dict()``), byte for byte, against files captured before issue 19 point 6.

The library's (outcomes, plans, bundles, restore points, drill and cleanup reports, health checks) and the
command's own small ones (user data, a refusal's problem); a drill report's Markdown page too.

Every member is set to a value that shows how it is written (an elapsed time rounded to the millisecond, an AWS
error with its code and request id, the readiness gate's error, a copy, an operation), so a change of names, order,
rounding or nesting shows. To capture again after a deliberate change: ``LIGHTSAIL_RESTORE_GOLDEN=write pytest
tests/client -k documents``.
"""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from lightsail_restore import InstanceOutcome, LightsailError, RestoreOutcome, TransportError, WaitResult
from lightsail_restore._response import Operation
from lightsail_restore.cli._errors import Problem
from lightsail_restore.cli._request import UserData
from lightsail_restore.drill._cleanup import CleanupReport
from lightsail_restore.drill._failback import FailBack
from lightsail_restore.drill._report import DrillCheck, DrillReport, DrillSource, DrillStep
from lightsail_restore.drill._teardown import Deleted, Refused, Resource, TeardownPlan
from lightsail_restore.request import CopySnapshotRequest, HttpCheck, PortInfo, SshCheck, TcpCheck
from lightsail_restore.restore._bundles import BundleChoice
from lightsail_restore.restore._findings import Finding
from lightsail_restore.restore._network import NetworkPlan, SourceNetwork
from lightsail_restore.restore._outcome import StepOutcome
from lightsail_restore.restore._points import RestorePoint
from lightsail_restore.restore._selector import ChosenPoint
from lightsail_restore.restore._source import ResolvedSource, SourceDisk
from lightsail_restore.restore._steps.copy.plan import CopyOutcome, CopyPlan
from lightsail_restore.restore._steps.ready import ReadinessError
from lightsail_restore.restore._steps.retire import RetirePlan

GOLDEN = Path(__file__).with_name("golden")
AWS_ERROR = LightsailError(
    "Some names are already in use: web-3",
    error_code="InvalidInputException",
    code="NameInUse",
    tip="choose another name",
    request_id="req-9",
    http_status=400,
)
INSTANCES = (
    InstanceOutcome(
        "web-2",
        "succeeded",
        operation_id="op-1",
        operation_status="Succeeded",
        instance_state="running",
        elapsed=12.345678,
        source="web-1@2026-03-09",
    ),
    InstanceOutcome(
        "web-3",
        "failed",
        operation_id="op-2",
        operation_status="Failed",
        error_code="InternalFailure",
        error_details="no capacity",
        elapsed=3.0,
        resumed=True,
        answer_lost=True,
        source="web-1@2026-03-09",
    ),
    InstanceOutcome("web-4", "unknown"),
)
OPERATION = Operation.model_validate(
    {
        "id": "op-1",
        "resourceName": "web-2",
        "resourceType": "Instance",
        "location": {"availabilityZone": "us-west-2a", "regionName": "us-west-2"},
        "isTerminal": False,
        "operationType": "CreateInstancesFromSnapshot",
        "status": "Started",
    }
)
COPY_OUTCOME = CopyOutcome(
    "web-1-from-us-east-2",
    "us-east-2:web-1@2026-03-09",
    "us-east-2",
    "us-west-2",
    state="available",
    operation_id="op-0",
    answer_lost=True,
    elapsed=61.00049,
    retryable_errors=1,
)
OUTCOME = RestoreOutcome(
    instances=INSTANCES,
    plan=None,
    operations=(OPERATION,),
    request_id="req-1",
    api_calls=17,
    waited=True,
    steps=(
        StepOutcome("plan", "done", "9 read-only calls"),
        StepOutcome("create", "failed", "web-3 not created", error=AWS_ERROR),
        StepOutcome("ready", "failed", "web-2 not ready", error=ReadinessError("web-2", "http:80/", 3, "HTTP 500")),
        StepOutcome("ports", "skipped"),
    ),
    retryable_errors=2,
    error=TransportError("no answer from lightsail.us-west-2"),
    copy=COPY_OUTCOME,
)
WAIT = WaitResult(INSTANCES, api_calls=9, rounds=4, retryable_errors=1, errors_seen=("503",), error=AWS_ERROR)
RULES = (
    PortInfo(from_port=22, to_port=22, protocol="tcp", cidrs=["203.0.113.0/24"]),
    PortInfo(from_port=443, to_port=443, protocol="tcp"),
)
NETWORK = NetworkPlan(
    source=SourceNetwork("web-1", RULES, static_ip="web-ip", static_ip_address="192.0.2.7"),
    ipv6=True,
    defaults=RULES[:1],
    ports=RULES,
    ports_from="source",
    static_ip="web-ip",
    static_ip_address="192.0.2.7",
    static_ip_holder="web-1",
)
COPY_REQUEST = CopySnapshotRequest(
    source_snapshot_name="web-1-snap", target_snapshot_name="web-1-snap-from-us-east-2", source_region="us-east-2"
)
MANUAL_POINT = RestorePoint(
    kind="manual",
    instance_name="web-1",
    name="web-1-snap",
    date=None,
    created_at=datetime(2026, 3, 9, 12, 30, 5, 250000, tzinfo=timezone(timedelta(hours=2))),
    age_seconds=3600.6,
    state="available",
    size_in_gb=40,
    bundle_id="small_3_0",
    disks=(SourceDisk("/dev/xvdf", 8, "data-1"), SourceDisk("/dev/xvdg", None)),
    region="us-east-2",
    from_auto_snapshot=True,
)
AUTO_POINT = RestorePoint(
    kind="auto",
    instance_name="web-1",
    name=None,
    date="2026-03-08",
    created_at=None,
    age_seconds=None,
    state="failed",
    size_in_gb=None,
    bundle_id=None,
    rolls_off_at=datetime(2026, 3, 14, 6, 0, tzinfo=UTC),
    taken_at=datetime(2026, 3, 8, 6, 0, 1, tzinfo=UTC),
)
TEARDOWN = TeardownPlan(
    "drill web-1-snap-drill-20260309T100000Z",
    resources=(Resource("web-1-drill", "Instance", "marked by the drill"), Resource("web-1-copy", "InstanceSnapshot")),
    refused=(Refused("web-9", "not marked by the drill"),),
    left=("static IP web-ip, unattached",),
    api_calls=4,
)
DELETED = (
    Deleted("web-1-drill", "Instance", "DeleteInstance", "deleted", answer_lost=True, detail="deleted"),
    Deleted("web-1-copy", "InstanceSnapshot", "DeleteInstanceSnapshot", "failed", detail="access | denied\nagain"),
)
DRILL = DrillReport(
    drill_id="web-1-snap-drill-20260309T100000Z",
    region="us-west-2",
    instances=("web-1-drill",),
    source=DrillSource("web-1@2026-03-09", "2026-03-09T06:00:00Z", "us-east-2"),
    started_at="2026-03-09T10:00:00Z",
    rpo_seconds=14400.123456,
    rto_seconds=None,
    steps=(DrillStep("plan", "done", 0.1234567, "9 calls"), DrillStep("create", "failed", 5, "no capacity")),
    checks=(
        DrillCheck("web-1-drill", "status checks", "passed"),
        DrillCheck("web-1-drill", "http:80/healthz", "failed", "HTTP 500"),
        DrillCheck("web-1-drill", "tcp:22", "not_run"),
    ),
    teardown=DELETED,
    refused=(Refused("web-9", "not marked by the drill"),),
    kept=("web-1-drill",),
    resumed=True,
    api_calls=31,
    rto_note="counted from the start its id carries",
)
CASES: dict[str, Any] = {
    "restore_outcome": OUTCOME,
    "restore_outcome_empty": RestoreOutcome(
        instances=(), plan=None, operations=(), request_id=None, api_calls=0, waited=False
    ),
    "wait_result": WAIT,
    "network_plan": NETWORK,
    "network_plan_unread": NetworkPlan(source=SourceNetwork("web-1", None), ipv6=False, defaults=()),
    "copy_plan": CopyPlan(
        "web-1-snap-from-us-east-2", "us-east-2", "us-west-2", "us-east-2:web-1-snap", True, COPY_REQUEST
    ),
    "copy_plan_existing": CopyPlan(
        "web-1-snap-from-us-east-2",
        "us-east-2",
        "us-west-2",
        "us-east-2:web-1-snap",
        False,
        COPY_REQUEST,
        state="error",
        operation_id="op-0",
        error_code="InternalFailure",
        error_details="copy failed",
    ),
    "network_plan_retire": NetworkPlan(
        source=None,
        ipv6=False,
        defaults=RULES,
        retire=RetirePlan(
            "replace", "web-1", "arn:aws:lightsail:us-east-2:1:Instance/x", "2026-03-01T00:00:00Z", None, gone=True
        ),
    ),
    "bundle_choices": (
        BundleChoice("micro_3_0", "Micro", 5, 2, 1.0, 40, 2048, source_size=True, same=True),
        BundleChoice("nano_3_0", "Nano", 3.5, 2, 0.5, 20, 1024, ipv6_only=True, refused=("smaller", "no IPv4")),
        BundleChoice("odd_1_0", "", None, None, 2, None, None),
    ),
    "restore_points": (MANUAL_POINT, AUTO_POINT),
    "chosen_point": ChosenPoint(
        "before:2026-03-09", AUTO_POINT, "the newest before 2026-03-09", datetime(2026, 3, 9, tzinfo=UTC), 900.0
    ),
    "drill_report": DRILL,
    "drill_report_measured": DrillReport(
        "d", "us-east-2", (), DrillSource(None, None), "2026-03-09T10:00:00Z", 0, 61.0004, (), (), ()
    ),
    "cleanup_report": CleanupReport(
        TEARDOWN,
        deleted=DELETED,
        fail_back=(FailBack("web-ip", "web-1-drill", "web-1", "put back"), FailBack("ip-2", "web-2", None, "left")),
    ),
    "cleanup_report_dry_run": CleanupReport(TeardownPlan("restore web-1"), dry_run=True),
    "health_checks": (
        TcpCheck(22),
        TcpCheck(8080, timeout=2),
        SshCheck(),
        HttpCheck(80),
        HttpCheck(443, timeout=2.5, path="/healthz", expected_status=204, https=True),
    ),
    "resolved_sources": (
        ResolvedSource(
            "manual",
            "web-1-snap",
            created_at=datetime(2026, 3, 9, 1, 2, 3, 456, tzinfo=timezone(timedelta(hours=-5))),
            size_in_gb=40,
            bundle_id="small_3_0",
            blueprint_id="ubuntu_22_04",
            platform="LINUX_UNIX",
            disks=MANUAL_POINT.disks,
            region="us-east-2",
            instance_name="web-1",
            instance_arn="arn:aws:lightsail:us-east-2:1:Instance/x",
        ),
        ResolvedSource("auto", "web-1", "2026-03-09"),
    ),
    "findings": (
        Finding("X6_bundle_too_small", "bundleId", "error", "nano_3_0 is smaller than small_3_0", ("bundleId",)),
        Finding("restore_point_chosen", "", "info", "chosen"),
    ),
    "user_data": UserData(57, "file://launch.sh"),
    "problems": (Problem("give a date", "restore_date", "--restore-date", "restoreDate"), Problem("no", "usage")),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_the_document_is_the_one_captured(case: str) -> None:
    value = CASES[case]
    data = [one.to_dict() for one in value] if isinstance(value, tuple) else value.to_dict()
    _same_as_captured(f"{case}.json", json.dumps(data, indent=1) + "\n")


def test_the_drill_reports_page_is_the_one_captured() -> None:
    _same_as_captured("drill_report.md", DRILL.to_markdown())


def _same_as_captured(name: str, got: str) -> None:
    path = GOLDEN / name
    if os.environ.get("LIGHTSAIL_RESTORE_GOLDEN") == "write":
        path.write_text(got)
    assert got == path.read_text()
