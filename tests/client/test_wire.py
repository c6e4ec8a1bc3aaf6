"""What reaches the wire: botocore's serializer runs on exactly ``to_boto3()``, for every way of asking."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from lightsail_restore import (
    AddOnRequest,
    AutoSnapshotAddOnRequest,
    CreateInstancesFromSnapshotRequest,
    DiskMap,
    LightsailRestoreClient,
    Tag,
)

from .conftest import RECORDED_OPERATION, REGION, TARGET, Wire

USER_DATA = "#!/bin/bash\necho 'hello \"world\"' > /tmp/hello\n"

MANUAL_WIRE = {
    "instanceNames": ["web-2", "web-3"],
    "availabilityZone": "us-east-2a",
    "bundleId": "micro_3_0",
    "instanceSnapshotName": "web-1-snap",
}
AUTO_BY_DATE_WIRE = {
    "instanceNames": ["web-4"],
    "availabilityZone": "us-east-2b",
    "bundleId": "small_3_0",
    "sourceInstanceName": "web-1",
    "restoreDate": "2026-03-09",
}
LATEST_AUTO_WIRE = {
    "instanceNames": ["web-5"],
    "availabilityZone": "us-east-2c",
    "bundleId": "micro_3_0",
    "sourceInstanceName": "web-1",
    "useLatestRestorableAutoSnapshot": True,
}
EVERY_MEMBER_WIRE = {
    "instanceNames": ["app-1", "app-2"],
    "availabilityZone": "us-east-2a",
    "bundleId": "medium_3_0",
    "instanceSnapshotName": "app-snap-2026",
    "attachedDiskMapping": {
        "app-src": [
            {"originalDiskPath": "/dev/xvdf", "newDiskName": "app-data-1"},
            {"originalDiskPath": "/dev/xvdg", "newDiskName": "app-logs-1"},
        ]
    },
    "userData": USER_DATA,
    "keyPairName": "deploy-key",
    "tags": [{"key": "team", "value": "platform"}, {"key": "cost-centre"}],
    "addOns": [{"addOnType": "AutoSnapshot", "autoSnapshotAddOnRequest": {"snapshotTimeOfDay": "06:00"}}],
    "ipAddressType": "ipv4",
}


def every_member_model() -> CreateInstancesFromSnapshotRequest:
    return CreateInstancesFromSnapshotRequest.from_manual_snapshot(
        "app-snap-2026",
        instance_names=["app-1", "app-2"],
        availability_zone="us-east-2a",
        bundle_id="medium_3_0",
        attached_disk_mapping={
            "app-src": [
                DiskMap(original_disk_path="/dev/xvdf", new_disk_name="app-data-1"),
                DiskMap(original_disk_path="/dev/xvdg", new_disk_name="app-logs-1"),
            ]
        },
        user_data=USER_DATA,
        key_pair_name="deploy-key",
        tags=[Tag(key="team", value="platform"), Tag(key="cost-centre")],
        add_ons=[
            AddOnRequest(
                add_on_type="AutoSnapshot",
                auto_snapshot_add_on_request=AutoSnapshotAddOnRequest(snapshot_time_of_day="06:00"),
            )
        ],
        ip_address_type="ipv4",
    )


def send(client: LightsailRestoreClient, wire: Wire, how: Any) -> Any:
    wire.answer({"operations": [RECORDED_OPERATION]})
    how(client)
    assert wire.calls == 1
    request = wire.requests[0]
    assert request.method == "POST"
    assert request.url == f"https://lightsail.{REGION}.amazonaws.com/"
    assert wire.header("X-Amz-Target") == TARGET
    assert wire.header("Content-Type") == "application/x-amz-json-1.1"
    assert wire.header("Authorization").startswith("AWS4-HMAC-SHA256 Credential=x/")
    assert f"/{REGION}/lightsail/aws4_request" in wire.header("Authorization")
    return wire.body()


CASES: list[tuple[str, Any, dict[str, Any]]] = [
    (
        "manual/model",
        lambda c: c.create_instances_from_snapshot(
            CreateInstancesFromSnapshotRequest.from_manual_snapshot(
                "web-1-snap", instance_names=["web-2", "web-3"], availability_zone="us-east-2a", bundle_id="micro_3_0"
            )
        ),
        MANUAL_WIRE,
    ),
    (
        "manual/kwargs",
        lambda c: c.create_instances_from_snapshot(
            instance_names=["web-2", "web-3"],
            availability_zone="us-east-2a",
            bundle_id="micro_3_0",
            instance_snapshot_name="web-1-snap",
        ),
        MANUAL_WIRE,
    ),
    ("manual/boto3-dict", lambda c: c.create_instances_from_snapshot(dict(MANUAL_WIRE)), MANUAL_WIRE),
    (
        "auto-by-date/model",
        lambda c: c.create_instances_from_snapshot(
            CreateInstancesFromSnapshotRequest.from_auto_snapshot(
                "web-1",
                date(2026, 3, 9),
                instance_names=["web-4"],
                availability_zone="us-east-2b",
                bundle_id="small_3_0",
            )
        ),
        AUTO_BY_DATE_WIRE,
    ),
    (
        "auto-by-date/kwargs",
        lambda c: c.create_instances_from_snapshot(
            instance_names=["web-4"],
            availability_zone="us-east-2b",
            bundle_id="small_3_0",
            source_instance_name="web-1",
            restore_date="2026-03-09",
        ),
        AUTO_BY_DATE_WIRE,
    ),
    (
        "latest-auto/model",
        lambda c: c.create_instances_from_snapshot(
            CreateInstancesFromSnapshotRequest.from_latest_auto_snapshot(
                "web-1", instance_names=["web-5"], availability_zone="us-east-2c", bundle_id="micro_3_0"
            )
        ),
        LATEST_AUTO_WIRE,
    ),
    (
        "latest-auto/kwargs",
        lambda c: c.create_instances_from_snapshot(
            instance_names=["web-5"],
            availability_zone="us-east-2c",
            bundle_id="micro_3_0",
            source_instance_name="web-1",
            use_latest_restorable_auto_snapshot=True,
        ),
        LATEST_AUTO_WIRE,
    ),
    ("every-member/model", lambda c: c.create_instances_from_snapshot(every_member_model()), EVERY_MEMBER_WIRE),
    (
        "every-member/kwargs",
        lambda c: c.create_instances_from_snapshot(
            instance_names=["app-1", "app-2"],
            availability_zone="us-east-2a",
            bundle_id="medium_3_0",
            instance_snapshot_name="app-snap-2026",
            attached_disk_mapping={
                "app-src": [
                    {"original_disk_path": "/dev/xvdf", "new_disk_name": "app-data-1"},
                    {"originalDiskPath": "/dev/xvdg", "newDiskName": "app-logs-1"},
                ]
            },
            user_data=USER_DATA,
            key_pair_name="deploy-key",
            tags=[{"key": "team", "value": "platform"}, {"key": "cost-centre"}],
            add_ons=[
                {"add_on_type": "AutoSnapshot", "auto_snapshot_add_on_request": {"snapshot_time_of_day": "06:00"}}
            ],
            ip_address_type="ipv4",
        ),
        EVERY_MEMBER_WIRE,
    ),
    ("every-member/boto3-dict", lambda c: c.create_instances_from_snapshot(dict(EVERY_MEMBER_WIRE)), EVERY_MEMBER_WIRE),
]


@pytest.mark.parametrize(
    ("how", "expected"), [(how, expected) for _, how, expected in CASES], ids=[c[0] for c in CASES]
)
def test_the_exact_json_body_on_the_wire(
    client: LightsailRestoreClient, wire: Wire, how: Any, expected: dict[str, Any]
) -> None:
    assert send(client, wire, how) == expected


def test_the_typed_client_sends_the_same_bytes_as_raw_boto3(client: LightsailRestoreClient, wire: Wire) -> None:
    wire.answer({"operations": [RECORDED_OPERATION]})
    wire.answer({"operations": [RECORDED_OPERATION]})
    client.create_instances_from_snapshot(every_member_model())
    client.lightsail.create_instances_from_snapshot(**EVERY_MEMBER_WIRE)  # type: ignore[arg-type]
    assert wire.requests[0].body == wire.requests[1].body


def test_use_latest_false_is_not_sent(client: LightsailRestoreClient, wire: Wire) -> None:
    body = send(
        client,
        wire,
        lambda c: c.create_instances_from_snapshot({**MANUAL_WIRE, "useLatestRestorableAutoSnapshot": False}),
    )
    assert body == MANUAL_WIRE
    assert "useLatestRestorableAutoSnapshot" not in body
