"""Build a validated request, show the exact boto3 kwargs, and show a refusal (no AWS call is made)."""

from datetime import date

from lightsail_restore import CreateInstancesFromSnapshotRequest, RequestValidationError, Tag

request = CreateInstancesFromSnapshotRequest.from_manual_snapshot(
    "web-1-snap",
    instance_names=["web-2", "web-3"],
    availability_zone="us-east-2a",
    bundle_id="micro_3_0",
    tags=[Tag(key="env", value="prod")],
    user_data="#!/bin/bash\necho secret-password > /root/pw",
)
print("to_boto3 keys:", sorted(request.to_boto3()))
print("safe to log:", request.to_redacted_boto3())

try:
    CreateInstancesFromSnapshotRequest.from_boto3(
        {
            "instanceNames": ["web-2"],
            "availabilityZone": "us-east-2a",
            "bundleId": "micro_3_0",
            "sourceInstanceName": "web-1",
            "restoreDate": "2026/11/20",
            "addOns": [{"addOnType": "AutoSnapshot", "autoSnapshotAddOnRequest": {"snapshotTimeOfDay": "06:30"}}],
        }
    )
except RequestValidationError as error:
    print(error)

auto = CreateInstancesFromSnapshotRequest.from_auto_snapshot(
    "web-1", date(2026, 11, 20), instance_names=["web-2"], availability_zone="us-east-2a", bundle_id="micro_3_0"
)
print("auto:", auto.to_boto3())
