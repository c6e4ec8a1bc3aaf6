"""A value of the wrong Python type is refused with the rule id ``type``, whatever pydantic calls the error."""

from __future__ import annotations

from typing import Any

import pytest

from lightsail_restore import CreateInstancesFromSnapshotRequest, RequestValidationError

BASE: dict[str, Any] = {
    "instanceNames": ["web-1"],
    "availabilityZone": "us-east-2a",
    "bundleId": "micro_3_0",
    "instanceSnapshotName": "web-snap",
}


@pytest.mark.parametrize(
    ("member", "value", "path"),
    [
        ("instanceNames", 123, "instanceNames"),
        ("instanceNames", {"web-1": True}, "instanceNames"),
        ("instanceNames", "web-1", "instanceNames"),
        ("instanceNames", [123], "instanceNames[0]"),
        ("tags", {"key": "env"}, "tags"),
        ("tags", ["env=prod"], "tags[0]"),
        ("addOns", {"addOnType": "AutoSnapshot"}, "addOns"),
        ("attachedDiskMapping", [], "attachedDiskMapping"),
        ("attachedDiskMapping", {"data-1": {"originalDiskPath": "/dev/xvdf"}}, "attachedDiskMapping['data-1']"),
        ("keyPairName", 123, "keyPairName"),
        ("userData", 123, "userData"),
        ("userData", b"#!/bin/sh", "userData"),
        ("useLatestRestorableAutoSnapshot", "yes", "useLatestRestorableAutoSnapshot"),
    ],
)
def test_wrong_type_is_rule_type(member: str, value: Any, path: str) -> None:
    with pytest.raises(RequestValidationError) as caught:
        CreateInstancesFromSnapshotRequest.from_boto3({**BASE, member: value})
    assert [(issue.path, issue.rule) for issue in caught.value.issues] == [(path, "type")]
