"""Example-based tests of CopySnapshotRequest: each rule alone, the typed constructors, the same-Region warning."""

from __future__ import annotations

from datetime import date
from typing import Any

import botocore.session
import pytest
from pydantic import ValidationError

from lightsail_restore import CopySnapshotRequest, Issue, RequestValidationError
from lightsail_restore.request._copy import LIGHTSAIL_REGIONS, REGIONS_WITHOUT_LIGHTSAIL, lightsail_regions

Request = CopySnapshotRequest
# aws-cli copy-snapshot.rst, examples 2 and 4 (cross-Region, manual and automatic)
MANUAL: dict[str, Any] = {
    "sourceSnapshotName": "MEAN-1-1571075291",
    "targetSnapshotName": "MEAN-1-1571075291-Copy",
    "sourceRegion": "us-west-2",
}
AUTO: dict[str, Any] = {
    "sourceResourceName": "WordPress-1",
    "restoreDate": "2019-10-14",
    "targetSnapshotName": "WordPress-1-10142019",
    "sourceRegion": "us-west-2",
}
LATEST: dict[str, Any] = {
    "sourceResourceName": "web-1",
    "useLatestRestorableAutoSnapshot": True,
    "targetSnapshotName": "web-1-copy",
    "sourceRegion": "us-east-2",
}
SOURCE_WHY = "copy a manual snapshot by sourceSnapshotName, or an automatic one by sourceResourceName"


def refusal(params: dict[str, Any]) -> list[Issue]:
    with pytest.raises(RequestValidationError) as caught:
        Request.from_boto3(params)
    return list(caught.value.issues)


def rules_and_paths(params: dict[str, Any]) -> list[tuple[str, str]]:
    return [(issue.path, issue.rule) for issue in refusal(params)]


@pytest.mark.parametrize("params", [MANUAL, AUTO, LATEST], ids=["manual", "auto", "latest"])
def test_cli_examples_are_accepted_and_round_trip(params: dict[str, Any]) -> None:
    assert Request.from_boto3(params).to_boto3() == params


def test_typed_constructors_build_each_source() -> None:
    manual = Request.from_manual_snapshot(
        "MEAN-1-1571075291", source_region="us-west-2", target_snapshot_name="MEAN-1-1571075291-Copy"
    )
    auto = Request.from_auto_snapshot(
        "WordPress-1", date(2019, 10, 14), source_region="us-west-2", target_snapshot_name="WordPress-1-10142019"
    )
    latest = Request.from_latest_auto_snapshot("web-1", source_region="us-east-2", target_snapshot_name="web-1-copy")
    assert (manual.to_boto3(), auto.to_boto3(), latest.to_boto3()) == (MANUAL, AUTO, LATEST)
    assert (manual.source, auto.source, latest.source) == ("manual", "auto", "latest")
    assert (manual.is_manual, auto.is_manual, latest.is_manual) == (True, False, False)
    assert (manual.source_name, auto.source_name) == ("MEAN-1-1571075291", "WordPress-1")


def test_typed_constructors_refuse_with_request_validation_error() -> None:
    with pytest.raises(RequestValidationError) as caught:
        Request.from_auto_snapshot("web-1", "2026/11/20", source_region="us-west-1", target_snapshot_name="x")
    assert [(i.path, i.rule) for i in caught.value.issues] == [
        ("restoreDate", "restore_date"),
        ("targetSnapshotName", "resource_name"),
        ("sourceRegion", "lightsail_region"),
    ]


def test_operation_details_match_the_cli_examples() -> None:
    # aws-cli copy-snapshot.rst: "us-west-2:MEAN-1-1571075291" (manual), "us-west-2:WordPress-1" (automatic)
    assert Request.from_boto3(MANUAL).operation_details == "us-west-2:MEAN-1-1571075291"
    assert Request.from_boto3(AUTO).operation_details == "us-west-2:WordPress-1"


def test_same_region_copy_is_allowed_but_warned_about() -> None:
    copy = Request.from_boto3(MANUAL)  # source us-west-2
    assert copy.same_region_warning("us-east-1") is None
    assert not copy.is_same_region("us-east-1")
    warning = copy.same_region_warning("us-west-2")
    assert copy.is_same_region("us-west-2")
    assert warning is not None
    assert "us-west-2" in warning
    assert "MEAN-1-1571075291-Copy" in warning


def test_false_latest_counts_as_not_set_and_is_not_sent() -> None:
    params = {**AUTO, "useLatestRestorableAutoSnapshot": False}
    assert Request.from_boto3(params).to_boto3() == AUTO
    assert Request.from_boto3({**MANUAL, "useLatestRestorableAutoSnapshot": False}).to_boto3() == MANUAL


# ---------------------------------------------------------------------------------------------------------
# Each rule broken alone
# ---------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("params", "missing", "issue"),
    [
        (
            {**AUTO, "sourceSnapshotName": "snap-1"},
            "",
            Issue(
                "sourceResourceName",
                "C1_exclusive_source",
                f"cannot be given together with sourceSnapshotName: {SOURCE_WHY}",
            ),
        ),
        (
            MANUAL,
            "sourceSnapshotName",
            Issue(
                "sourceSnapshotName",
                "C2_source_required",
                f"sourceSnapshotName or sourceResourceName is required: {SOURCE_WHY}",
            ),
        ),
        (
            AUTO,
            "restoreDate",
            Issue(
                "restoreDate",
                "C5_auto_needs_restore_point",
                "with sourceResourceName, give restoreDate (YYYY-MM-DD) or useLatestRestorableAutoSnapshot=True",
            ),
        ),
    ],
    ids=["c1_both_sources", "c2_no_source", "c5_automatic_source_without_restore_point"],
)
def test_one_rule_broken_alone_is_the_one_issue(params: dict[str, object], missing: str, issue: Issue) -> None:
    assert refusal({key: value for key, value in params.items() if key != missing}) == [issue]


def test_c3_date_and_latest() -> None:
    assert rules_and_paths({**AUTO, "useLatestRestorableAutoSnapshot": True}) == [
        ("useLatestRestorableAutoSnapshot", "C3_exclusive_restore_point")
    ]


@pytest.mark.parametrize(
    ("member", "value"), [("restoreDate", "2026-01-02"), ("useLatestRestorableAutoSnapshot", True)]
)
def test_c4_restore_point_with_a_manual_snapshot(member: str, value: object) -> None:
    assert rules_and_paths({**MANUAL, member: value}) == [(member, "C4_auto_snapshot_only")]


@pytest.mark.parametrize(
    ("member", "value", "rule"),
    [
        ("sourceRegion", "us-west-1", "lightsail_region"),
        ("sourceRegion", "ap-northeast-3", "lightsail_region"),
        ("sourceRegion", "US-EAST-2", "lightsail_region"),
        ("sourceRegion", "us-east-2a", "lightsail_region"),
        ("sourceRegion", " us-east-2", "lightsail_region"),
        ("sourceRegion", 2, "type"),
        ("targetSnapshotName", "copy of web-1", "resource_name"),
        ("sourceSnapshotName", "-snap", "resource_name"),
        ("restoreDate", "2019-10-32", "restore_date"),
        ("restoreDate", 20191014, "type"),
        ("useLatestRestorableAutoSnapshot", "true", "type"),
        ("targetRegion", "us-east-1", "unknown_member"),
    ],
)
def test_member_rules(member: str, value: object, rule: str) -> None:
    base = AUTO if member in ("restoreDate",) else MANUAL
    assert rules_and_paths({**base, member: value}) == [(member, rule)]


@pytest.mark.parametrize("member", ["targetSnapshotName", "sourceRegion"])
def test_required_members(member: str) -> None:
    params = {key: value for key, value in MANUAL.items() if key != member}
    assert rules_and_paths(params) == [(member, "required")]


def test_region_message_never_repeats_the_value() -> None:
    [issue] = refusal({**MANUAL, "sourceRegion": "secret-region-9"})
    assert "secret-region-9" not in issue.message
    with pytest.raises(ValidationError) as raw:
        Request.model_validate({**MANUAL, "sourceRegion": "secret-region-9"})
    assert "secret-region-9" not in str(raw.value)


# ---------------------------------------------------------------------------------------------------------
# The Regions
# ---------------------------------------------------------------------------------------------------------


def test_lightsail_regions_are_the_documented_list_plus_botocores() -> None:
    botocore_regions = set(botocore.session.get_session().get_available_regions("lightsail"))
    assert lightsail_regions() == frozenset(LIGHTSAIL_REGIONS) | botocore_regions
    assert not set(REGIONS_WITHOUT_LIGHTSAIL) & lightsail_regions()
    for region in LIGHTSAIL_REGIONS:
        assert Request.from_boto3({**MANUAL, "sourceRegion": region}).source_region == region
