"""Example-based tests of the request model: exact issue lists, typed constructors, parse_request, AWS paths."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, timezone
from typing import Any

import pytest

from lightsail_restore import (
    AddOnRequest,
    CreateInstancesFromSnapshotRequest,
    Issue,
    RequestValidationError,
    Tag,
    parse_request,
)

Request = CreateInstancesFromSnapshotRequest
BASE: dict[str, Any] = {"instanceNames": ["web-2"], "availabilityZone": "us-east-2a", "bundleId": "micro_3_0"}
MANUAL: dict[str, Any] = {**BASE, "instanceSnapshotName": "web-1-snap"}

NAME = "must be 2-255 ASCII letters, digits, '.', '-' or '_', starting and ending with a letter or digit"
TIME = "must be a UTC time on the hour, in HH:00 format (00:00 to 23:00)"
SOURCE_WHY = "a manual snapshot by instanceSnapshotName, or an automatic one by sourceInstanceName"


def issues(params: dict[str, Any]) -> list[Issue]:
    with pytest.raises(RequestValidationError) as caught:
        Request.from_boto3(params)
    return list(caught.value.issues)


# ---------------------------------------------------------------------------------------------------------
# Exact issue lists
# ---------------------------------------------------------------------------------------------------------


def test_slashed_date_and_half_past_snapshot_time() -> None:
    add_on = {"addOnType": "AutoSnapshot", "autoSnapshotAddOnRequest": {"snapshotTimeOfDay": "06:30"}}
    params = {**BASE, "sourceInstanceName": "web-1", "restoreDate": "2026/11/20", "addOns": [add_on]}
    assert issues(params) == [
        Issue("restoreDate", "restore_date", "must be a date in YYYY-MM-DD format, e.g. '2026-11-20'"),
        Issue("addOns[0].autoSnapshotAddOnRequest.snapshotTimeOfDay", "time_of_day", TIME),
    ]


def test_impossible_calendar_date() -> None:
    params = {**BASE, "sourceInstanceName": "web-1", "restoreDate": "2026-02-30"}
    assert issues(params) == [
        Issue("restoreDate", "restore_date", "must be a real calendar date in YYYY-MM-DD format"),
    ]


def test_snapshot_and_source_instance_together() -> None:
    assert issues({**MANUAL, "sourceInstanceName": "web-1"}) == [
        Issue(
            "sourceInstanceName",
            "X1_exclusive_source",
            f"cannot be given together with instanceSnapshotName: {SOURCE_WHY}",
        ),
        Issue(
            "restoreDate",
            "X5_auto_needs_restore_point",
            "with sourceInstanceName, give restoreDate (YYYY-MM-DD) or useLatestRestorableAutoSnapshot=True",
        ),
    ]


def test_no_source_at_all() -> None:
    assert issues(BASE) == [
        Issue(
            "instanceSnapshotName",
            "X2_source_required",
            f"instanceSnapshotName or sourceInstanceName is required: {SOURCE_WHY}",
        )
    ]


def test_many_member_problems_are_all_reported_in_field_order() -> None:
    params = {
        "instanceNames": ["web 2", "w"],
        "availabilityZone": "US-EAST-2A",
        "bundleId": " ",
        "instanceSnapshotName": "web-1-snap",
        "tags": [{"key": "aws:team", "value": "x" * 300}],
        "ipAddressType": "ipv5",
    }
    assert issues(params) == [
        Issue("instanceNames[0]", "resource_name", NAME),
        Issue("instanceNames[1]", "resource_name", NAME),
        Issue(
            "availabilityZone",
            "availability_zone",
            "must be an Availability Zone such as 'us-east-2a' (lower case: Region name plus a zone letter)",
        ),
        Issue("bundleId", "bundle_id", "must be a non-blank bundle id with no leading or trailing whitespace"),
        Issue("tags[0].key", "tag_reserved_prefix", "must not start with 'aws:', which is reserved for AWS"),
        Issue("tags[0].value", "tag_value_length", "must be 0-256 characters long"),
        Issue("ipAddressType", "enum", "must be 'dualstack', 'ipv4' or 'ipv6'"),
    ]


def test_disk_mapping_rules_name_the_map_key() -> None:
    mapping = {
        "data": [
            {"originalDiskPath": "/dev/xvdf", "newDiskName": "web-2"},
            {"originalDiskPath": "/dev/xvdf", "newDiskName": "data-2"},
            {"originalDiskPath": "/dev/xvdg", "newDiskName": "data-2"},
        ]
    }
    clash = "repeats an instance name or another newDiskName: all Lightsail names share one namespace"
    assert issues({**MANUAL, "attachedDiskMapping": mapping}) == [
        Issue("attachedDiskMapping['data'][0].newDiskName", "X12_unique_disk_names", clash),
        Issue("attachedDiskMapping['data'][2].newDiskName", "X12_unique_disk_names", clash),
        Issue(
            "attachedDiskMapping['data'][1].originalDiskPath",
            "X14_unique_disk_paths",
            "repeats an originalDiskPath of the same mapping: map each disk once",
        ),
    ]


def test_aws_path_of_a_bad_map_key_keeps_the_key_as_data() -> None:
    mapping = {"bad key": [{"originalDiskPath": "/dev/xvdf", "newDiskName": "data-1"}]}
    assert issues({**MANUAL, "attachedDiskMapping": mapping}) == [
        Issue("attachedDiskMapping['bad key']", "resource_name", NAME)
    ]
    missing = {"data_disk": [{"originalDiskPath": "/dev/xvdf"}]}
    assert issues({**MANUAL, "attachedDiskMapping": missing}) == [
        Issue("attachedDiskMapping['data_disk'][0].newDiskName", "required", "is required")
    ]


def test_add_on_sub_request_of_the_wrong_type_and_repeated_type() -> None:
    add_ons = [{"addOnType": "AutoSnapshot", "stopInstanceOnIdleRequest": {}}, {"addOnType": "AutoSnapshot"}]
    assert issues({**MANUAL, "addOns": add_ons}) == [
        Issue(
            "addOns[0].stopInstanceOnIdleRequest",
            "X10_add_on_request_matches_type",
            "stopInstanceOnIdleRequest goes only with addOnType 'StopInstanceOnIdle'",
        ),
        Issue(
            "addOns[1].addOnType",
            "X10_unique_add_on_type",
            "repeats an earlier addOnType: give at most one entry per add-on type",
        ),
    ]


def test_refusal_text_lists_every_issue() -> None:
    with pytest.raises(RequestValidationError) as caught:
        Request.from_boto3({**MANUAL, "instanceNames": [], "ipAddressType": "ipv5"})
    assert str(caught.value) == (
        "request refused before sending (2 problems):\n"
        "  - instanceNames: must name at least one new instance [instance_names_required]\n"
        "  - ipAddressType: must be 'dualstack', 'ipv4' or 'ipv6' [enum]"
    )
    assert caught.value.rules == ("instance_names_required", "enum")
    assert caught.value.paths == ("instanceNames", "ipAddressType")


# ---------------------------------------------------------------------------------------------------------
# Unknown members: "did you mean"
# ---------------------------------------------------------------------------------------------------------


def test_unknown_member_suggests_the_closest_member() -> None:
    assert issues({**MANUAL, "instanceName": ["web-3"]}) == [
        Issue(
            "instanceName",
            "unknown_member",
            "is not a member of CreateInstancesFromSnapshotRequest; did you mean 'instanceNames'?",
        )
    ]


def test_unknown_nested_member_suggests_within_its_shape() -> None:
    assert issues({**MANUAL, "tags": [{"Key": "env"}]}) == [
        Issue("tags[0].key", "required", "is required"),
        Issue("tags[0].Key", "unknown_member", "is not a member of Tag; did you mean 'key'?"),
    ]


def test_unknown_member_with_no_close_match_lists_the_members() -> None:
    [issue] = issues({**MANUAL, "zzz": 1})
    assert issue.path == "zzz"
    assert issue.message.startswith("is not a member of CreateInstancesFromSnapshotRequest; the members are ")
    assert "instanceNames, availabilityZone, bundleId" in issue.message


# ---------------------------------------------------------------------------------------------------------
# Typed constructors and normalisation
# ---------------------------------------------------------------------------------------------------------


def test_from_manual_snapshot() -> None:
    request = Request.from_manual_snapshot(
        "web-1-snap", instance_names=["web-2"], availability_zone="us-east-2a", bundle_id="micro_3_0"
    )
    assert request.to_boto3() == MANUAL
    assert request.is_manual
    assert request.region == "us-east-2"


def test_from_auto_snapshot_normalises_a_date_to_the_string() -> None:
    request = Request.from_auto_snapshot(
        "web-1", date(2026, 11, 20), instance_names=["web-2"], availability_zone="us-east-2a", bundle_id="micro_3_0"
    )
    assert request.restore_date == "2026-11-20"
    assert request.to_boto3() == {**BASE, "sourceInstanceName": "web-1", "restoreDate": "2026-11-20"}
    assert not request.is_manual


def test_from_auto_snapshot_refuses_a_datetime() -> None:
    with pytest.raises(RequestValidationError) as caught:
        Request.from_auto_snapshot(
            "web-1",
            datetime(2026, 11, 20, 6, tzinfo=UTC),  # a datetime is a date to mypy, so only runtime refuses it
            instance_names=["web-2"],
            availability_zone="us-east-2a",
            bundle_id="micro_3_0",
        )
    assert list(caught.value.issues) == [
        Issue("restoreDate", "restore_date", "must be a date (datetime.date or 'YYYY-MM-DD'), not a datetime")
    ]


def test_from_latest_auto_snapshot_sends_true() -> None:
    request = Request.from_latest_auto_snapshot(
        "web-1",
        instance_names=["web-2"],
        availability_zone="us-east-2a",
        bundle_id="micro_3_0",
        tags=[Tag(key="env", value="prod")],
    )
    assert request.to_boto3() == {
        **BASE,
        "sourceInstanceName": "web-1",
        "useLatestRestorableAutoSnapshot": True,
        "tags": [{"key": "env", "value": "prod"}],
    }


@pytest.mark.parametrize(
    ("value", "expected"),
    [(time(6), "06:00"), (time(0), "00:00"), (time(23, tzinfo=UTC), "23:00"), ("18:00", "18:00")],
)
def test_snapshot_time_of_day_accepts_a_time_on_the_hour(value: Any, expected: str) -> None:
    add_on = AddOnRequest.model_validate(
        {"addOnType": "AutoSnapshot", "autoSnapshotAddOnRequest": {"snapshotTimeOfDay": value}}
    )
    assert add_on.to_boto3() == {
        "addOnType": "AutoSnapshot",
        "autoSnapshotAddOnRequest": {"snapshotTimeOfDay": expected},
    }


@pytest.mark.parametrize("value", [time(6, 30), time(6, 0, 1), time(6, tzinfo=timezone(timedelta(hours=1)))])
def test_snapshot_time_of_day_refuses_other_times(value: time) -> None:
    add_on = {"addOnType": "AutoSnapshot", "autoSnapshotAddOnRequest": {"snapshotTimeOfDay": value}}
    assert issues({**MANUAL, "addOns": [add_on]}) == [
        Issue("addOns[0].autoSnapshotAddOnRequest.snapshotTimeOfDay", "time_of_day", TIME)
    ]


# ---------------------------------------------------------------------------------------------------------
# useLatestRestorableAutoSnapshot=False: the single round-trip exception
# ---------------------------------------------------------------------------------------------------------


def test_use_latest_false_counts_as_unset_and_is_not_sent() -> None:
    """The one boto3 dict that does not round-trip exactly: an explicit ``False`` is dropped (evidence D-false).

    AWS does not document whether ``useLatestRestorableAutoSnapshot=False`` next to ``restoreDate`` counts as
    "defined together"; sending only ``True`` avoids the question.
    """
    auto = {**BASE, "sourceInstanceName": "web-1", "restoreDate": "2026-11-20"}
    request = Request.from_boto3({**auto, "useLatestRestorableAutoSnapshot": False})
    assert request.to_boto3() == auto  # not X3: False is not "given"
    assert (
        "useLatestRestorableAutoSnapshot"
        not in Request.from_boto3({**MANUAL, "useLatestRestorableAutoSnapshot": False}).to_boto3()
    )  # not X4


def test_use_latest_false_is_not_a_restore_point() -> None:
    params = {**BASE, "sourceInstanceName": "web-1", "useLatestRestorableAutoSnapshot": False}
    assert [(i.path, i.rule) for i in issues(params)] == [("restoreDate", "X5_auto_needs_restore_point")]


# ---------------------------------------------------------------------------------------------------------
# parse_request
# ---------------------------------------------------------------------------------------------------------


def test_parse_request_returns_a_model_unchanged() -> None:
    request = Request.from_boto3(MANUAL)
    assert parse_request(request) is request


def test_parse_request_refuses_a_model_with_keywords() -> None:
    request = Request.from_boto3(MANUAL)
    with pytest.raises(RequestValidationError) as caught:
        parse_request(request, bundle_id="large_3_0")
    assert list(caught.value.issues) == [
        Issue("", "mixed_input", "give either a request model or keyword arguments, not both")
    ]
    assert "(request): give either" in str(caught.value)


def test_parse_request_takes_snake_case_camel_case_and_keywords() -> None:
    snake = {
        "instance_names": ["web-2"],
        "availability_zone": "us-east-2a",
        "bundle_id": "micro_3_0",
        "instance_snapshot_name": "web-1-snap",
    }
    expected = Request.from_boto3(MANUAL)
    assert parse_request(snake) == expected
    assert parse_request(MANUAL) == expected
    assert parse_request(**snake) == expected
    assert parse_request(BASE, instance_snapshot_name="web-1-snap") == expected


def test_parse_request_refuses_with_aws_paths() -> None:
    with pytest.raises(RequestValidationError) as caught:
        parse_request(instance_names=["web 2"], availability_zone="us-east-2a", bundle_id="micro_3_0")
    assert [(i.path, i.rule) for i in caught.value.issues] == [("instanceNames[0]", "resource_name")]


def test_parse_request_keyword_overrides_the_same_member_given_in_camel_case() -> None:
    assert parse_request(MANUAL, bundle_id="large_3_0").bundle_id == "large_3_0"
