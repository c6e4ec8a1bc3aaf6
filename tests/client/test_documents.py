"""The library's JSON-ready documents (``to_dict()``), byte for byte, against files captured before issue 19 point 6.

Every member is set to a value that shows how it is written (an elapsed time rounded to the millisecond, an AWS
error with its code and request id, the readiness gate's error, a copy, an operation), so a change of names, order,
rounding or nesting shows. To capture again after a deliberate change: ``LIGHTSAIL_RESTORE_GOLDEN=write pytest
tests/client -k documents``.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from lightsail_restore import InstanceOutcome, LightsailError, RestoreOutcome, TransportError, WaitResult
from lightsail_restore._response import Operation
from lightsail_restore.request import CopySnapshotRequest, PortInfo
from lightsail_restore.restore._network import NetworkPlan, SourceNetwork
from lightsail_restore.restore._outcome import StepOutcome
from lightsail_restore.restore._steps.copy.plan import CopyOutcome, CopyPlan
from lightsail_restore.restore._steps.ready import ReadinessError

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
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_the_document_is_the_one_captured(case: str) -> None:
    got = json.dumps(CASES[case].to_dict(), indent=1) + "\n"
    path = GOLDEN / f"{case}.json"
    if os.environ.get("LIGHTSAIL_RESTORE_GOLDEN") == "write":
        path.write_text(got)
    assert got == path.read_text()
