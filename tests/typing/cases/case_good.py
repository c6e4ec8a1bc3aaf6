# mypy: ignore-errors
# (the project's mypy run skips this case; tests/typing/test_mypy_cases.py blanks line 1 and checks it)
"""A good user program: the model, the typed constructors, the kwargs form and guarded optional fields."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime

from pydantic import SecretStr

from lightsail_restore import (
    AddOnRequest,
    AutoSnapshotAddOnRequest,
    CreateInstancesFromSnapshotRequest,
    CreateInstancesFromSnapshotResult,
    DiskMap,
    LightsailError,
    LightsailRestoreClient,
    NotFoundException,
    Operation,
    OperationStatus,
    RegionName,
    RequestValidationError,
    Tag,
)

client = LightsailRestoreClient.from_session(region_name="us-east-2")

by_keywords = CreateInstancesFromSnapshotRequest(
    instance_names=["web-2", "web-3"],
    availability_zone="us-east-2a",
    bundle_id="micro_3_0",
    instance_snapshot_name="web-1-snap",
    attached_disk_mapping={"web-1": [DiskMap(original_disk_path="/dev/xvdf", new_disk_name="data-2")]},
    user_data=SecretStr("#!/bin/bash\necho hi\n"),
    key_pair_name="deploy-key",
    tags=[Tag(key="team", value="platform"), Tag(key="solo")],
    add_ons=[
        AddOnRequest(
            add_on_type="AutoSnapshot",
            auto_snapshot_add_on_request=AutoSnapshotAddOnRequest(snapshot_time_of_day="06:00"),
        )
    ],
    ip_address_type="ipv4",
)
manual = CreateInstancesFromSnapshotRequest.from_manual_snapshot(
    "web-1-snap", instance_names=["web-2"], availability_zone="us-east-2a", bundle_id="micro_3_0", user_data="echo"
)
by_date = CreateInstancesFromSnapshotRequest.from_auto_snapshot(
    "web-1", date(2026, 3, 9), instance_names=["web-4"], availability_zone="us-east-2b", bundle_id="small_3_0"
)
latest = CreateInstancesFromSnapshotRequest.from_latest_auto_snapshot(
    "web-1", instance_names=["web-5"], availability_zone="us-east-2c", bundle_id="micro_3_0", ip_address_type="ipv6"
)
from_dict = CreateInstancesFromSnapshotRequest.model_validate({"instanceNames": ["web-6"]})
boto3_kwargs = manual.to_boto3()
names: Sequence[str] = boto3_kwargs["instanceNames"]

result: CreateInstancesFromSnapshotResult = client.create_instances_from_snapshot(by_keywords)
result = client.create_instances_from_snapshot({"instanceNames": ["web-7"]})
result = client.create_instances_from_snapshot(
    instance_names=["web-8"],
    availability_zone="us-east-2a",
    bundle_id="micro_3_0",
    source_instance_name="web-1",
    restore_date=date(2026, 3, 9),
    tags=[{"key": "team", "value": "platform"}, Tag(key="solo")],
    add_ons=[{"addOnType": "AutoSnapshot"}],
    user_data="#!/bin/bash\necho hi\n",
    ip_address_type="dualstack",
)

request_id: str | None = result.request_id
for op in result.operations:
    operation: Operation = op
    if op.created_at is not None:
        year: int = op.created_at.year
        assert op.created_at.tzinfo is UTC
    if op.location is not None and op.location.region_name == RegionName.US_EAST_2:
        zone: str | None = op.location.availability_zone
    if op.status == OperationStatus.FAILED or op.failed:
        details: str | None = op.error_details
    done: bool = op.succeeded
    started: datetime | None = op.status_changed_at

try:
    client.create_instances_from_snapshot(manual)
except RequestValidationError as refused:
    rules: tuple[str, ...] = refused.rules
    paths: tuple[str, ...] = refused.paths
except NotFoundException as missing:
    tip: str | None = missing.tip
except LightsailError as error:
    code: str = error.error_code
    status: int | None = error.http_status
    retry: bool = error.is_retryable
