"""The cross-field rules: ``check_rules`` passes every valid request and finds every broken rule; X12 on the source."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pytest
from hypothesis import given

from lightsail_restore import CreateInstancesFromSnapshotRequest, Issue, RequestValidationError
from lightsail_restore.request._issues import Violation
from lightsail_restore.request._rules import RULES, check_rules
from lightsail_restore.testing.strategies import (
    InvalidInput,
    create_instances_from_snapshot_params,
    invalid_create_instances_from_snapshot_inputs,
)

CROSS_FIELD = [rule.rule for rule in RULES]


class Unchecked(CreateInstancesFromSnapshotRequest):
    """A request whose members are validated but whose cross-field rules are not: what check_rules is given."""

    def cross_field_violations(self) -> Sequence[Violation]:
        return ()


@given(create_instances_from_snapshot_params())
def test_the_rules_pass_every_valid_request(params: dict[str, Any]) -> None:
    request = Unchecked.model_validate(params)
    assert check_rules(request) == []


@given(invalid_create_instances_from_snapshot_inputs(rules=CROSS_FIELD))
def test_the_rules_find_every_broken_rule(invalid: InvalidInput) -> None:
    request = Unchecked.model_validate(invalid.params)
    assert invalid.rule in [violation.rule for violation in check_rules(request)]


BASE: dict[str, Any] = {"instanceNames": ["web-2"], "availabilityZone": "us-east-2a", "bundleId": "micro_3_0"}
AUTO: dict[str, Any] = {**BASE, "sourceInstanceName": "web-1", "restoreDate": "2026-11-20"}
TAKEN = "is the name of sourceInstanceName, an instance that exists (its automatic snapshots go with it)"


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        (
            {**AUTO, "instanceNames": ["web-2", "web-1"]},
            [Issue("instanceNames[1]", "X12_name_taken_by_source", f"{TAKEN}: names are unique")],
        ),
        (
            {
                **AUTO,
                "attachedDiskMapping": {
                    "web-1": [
                        {"originalDiskPath": "/dev/xvdf", "newDiskName": "data-1"},
                        {"originalDiskPath": "/dev/xvdg", "newDiskName": "web-1"},
                    ]
                },
            },
            [
                Issue(
                    "attachedDiskMapping['web-1'][1].newDiskName",
                    "X12_name_taken_by_source",
                    f"{TAKEN}: all Lightsail names share one namespace",
                )
            ],
        ),
        (
            {**AUTO, "instanceNames": ["web-1"], "restoreDate": None, "useLatestRestorableAutoSnapshot": True},
            [Issue("instanceNames[0]", "X12_name_taken_by_source", f"{TAKEN}: names are unique")],
        ),
    ],
    ids=["instance", "disk", "latest"],
)
def test_a_new_name_equal_to_the_source_instance_is_refused(params: dict[str, Any], expected: list[Issue]) -> None:
    params = {key: value for key, value in params.items() if value is not None}
    with pytest.raises(RequestValidationError) as caught:
        CreateInstancesFromSnapshotRequest.from_boto3(params)
    assert list(caught.value.issues) == expected


def test_the_source_name_is_free_for_a_manual_snapshot_and_for_the_key_pair() -> None:
    """Only the automatic snapshot's source instance is known to exist; a manual snapshot's name is not a rule."""
    manual = {**BASE, "instanceSnapshotName": "web-2", "keyPairName": "web-1"}
    assert CreateInstancesFromSnapshotRequest.from_boto3(manual).instance_names == ("web-2",)
    assert CreateInstancesFromSnapshotRequest.from_boto3({**AUTO, "keyPairName": "web-1"}).key_pair_name == "web-1"
