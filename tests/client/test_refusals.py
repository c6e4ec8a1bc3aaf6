"""Refused requests send nothing; userData never shows in an error, a repr, a traceback or a log record."""

from __future__ import annotations

import logging
import traceback
from typing import Any

import pytest

from lightsail_restore import (
    CreateInstancesFromSnapshotRequest,
    InvalidInputException,
    LightsailError,
    LightsailRestoreClient,
    RequestValidationError,
)

from .conftest import RECORDED_OPERATION, Wire

CANARY = "CANARY-7d1f-s3cr3t-userdata"
USER_DATA = f"#!/bin/bash\nexport DB_PASSWORD='{CANARY}'\n"

MANUAL: dict[str, Any] = {
    "instanceNames": ["web-2"],
    "availabilityZone": "us-east-2a",
    "bundleId": "micro_3_0",
    "instanceSnapshotName": "web-1-snap",
}


def refused(client: LightsailRestoreClient, wire: Wire, request: Any = None, **kwargs: Any) -> RequestValidationError:
    with pytest.raises(RequestValidationError) as info:
        if request is None:
            client.create_instances_from_snapshot(**kwargs)
        else:
            client.create_instances_from_snapshot(request)
    assert wire.calls == 0, "a refused request reached the HTTP layer"
    assert isinstance(info.value, ValueError)
    return info.value


@pytest.mark.parametrize(
    ("request_dict", "rules", "paths"),
    [
        ({**MANUAL, "instanceNames": ["bad name"]}, ("resource_name",), ("instanceNames[0]",)),
        ({**MANUAL, "ipAddressType": "ipv5"}, ("enum",), ("ipAddressType",)),
        (
            {**MANUAL, "sourceInstanceName": "web-1"},
            ("X1_exclusive_source", "X5_auto_needs_restore_point"),
            ("sourceInstanceName", "restoreDate"),
        ),
        ({**MANUAL, "instanceName": ["web-2"]}, ("unknown_member",), ("instanceName",)),
    ],
    ids=["bad-name", "ipv5", "two-sources", "misspelt-member"],
)
def test_an_invalid_request_sends_nothing(
    client: LightsailRestoreClient,
    wire: Wire,
    request_dict: dict[str, Any],
    rules: tuple[str, ...],
    paths: tuple[str, ...],
) -> None:
    error = refused(client, wire, request_dict)
    assert error.rules == rules
    assert error.paths == paths


def test_a_zone_of_another_region_is_refused_before_sending(client: LightsailRestoreClient, wire: Wire) -> None:
    assert client.region == "us-east-2"
    request = CreateInstancesFromSnapshotRequest.from_manual_snapshot(
        "web-1-snap", instance_names=["web-2"], availability_zone="us-west-2a", bundle_id="micro_3_0"
    )
    error = refused(client, wire, request)
    assert error.rules == ("X11_zone_in_client_region",)
    assert error.paths == ("availabilityZone",)
    assert "us-east-2" in str(error) and "us-west-2" in str(error)


def test_a_zone_of_another_region_is_refused_in_the_kwargs_form_too(client: LightsailRestoreClient, wire: Wire) -> None:
    error = refused(
        client,
        wire,
        instance_names=["web-2"],
        availability_zone="eu-west-1a",
        bundle_id="micro_3_0",
        instance_snapshot_name="web-1-snap",
    )
    assert error.rules == ("X11_zone_in_client_region",)


def test_every_problem_is_listed_at_once(client: LightsailRestoreClient, wire: Wire) -> None:
    error = refused(client, wire, {**MANUAL, "instanceNames": ["x"], "bundleId": "", "ipAddressType": "ipv5"})
    assert len(error.issues) >= 3
    assert {"instanceNames[0]", "bundleId", "ipAddressType"} <= set(error.paths)


# -- userData is a secret ---------------------------------------------------------------------------------------


def assert_no_canary(*texts: str) -> None:
    for text in texts:
        assert CANARY not in text


def full_text(error: BaseException) -> str:
    return "".join(traceback.format_exception(error)) + repr(error) + str(error)


def lightsail_restore_records(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.name.startswith("lightsail_restore")]


@pytest.fixture
def debug_logs(caplog: pytest.LogCaptureFixture) -> pytest.LogCaptureFixture:
    caplog.set_level(logging.DEBUG, logger="lightsail_restore")
    return caplog


def test_user_data_is_absent_from_the_debug_log_of_a_sent_request(
    client: LightsailRestoreClient, wire: Wire, debug_logs: pytest.LogCaptureFixture
) -> None:
    wire.answer({"operations": [RECORDED_OPERATION]})
    result = client.create_instances_from_snapshot({**MANUAL, "userData": USER_DATA})
    assert wire.body()["userData"] == USER_DATA, "the wire gets the secret in clear: it is the point"
    records = lightsail_restore_records(debug_logs)
    assert len(records) >= 2, "the client logs the request and the answer at DEBUG"
    messages = [r.getMessage() for r in records]
    assert any("'userData': '**********'" in m for m in messages)
    assert_no_canary(*messages, debug_logs.text, repr(result))


@pytest.mark.parametrize(
    "broken",
    [
        {"instanceNames": ["bad name"]},
        {"availabilityZone": "us-west-2a"},
        {"userData": USER_DATA + "#" * 16 * 1024},
        {"userData": 12345, "tags": [{"key": "aws:x"}]},
        {"unknownMember": USER_DATA},
    ],
    ids=["bad-name", "other-region", "too-big", "wrong-types", "unknown-member"],
)
def test_user_data_is_absent_from_a_refusal(
    client: LightsailRestoreClient, wire: Wire, debug_logs: pytest.LogCaptureFixture, broken: dict[str, Any]
) -> None:
    request = {**MANUAL, "userData": USER_DATA, **broken}
    error = refused(client, wire, request)
    assert_no_canary(full_text(error), *(str(issue) for issue in error.issues), debug_logs.text)
    assert_no_canary(*(r.getMessage() for r in lightsail_restore_records(debug_logs)))


def test_user_data_is_absent_from_a_refused_kwargs_call(
    client: LightsailRestoreClient, wire: Wire, debug_logs: pytest.LogCaptureFixture
) -> None:
    error = refused(
        client,
        wire,
        instance_names=["web-2"],
        availability_zone="us-east-2a",
        bundle_id="micro_3_0",
        user_data=USER_DATA,
    )
    assert error.rules == ("X2_source_required",)
    assert_no_canary(full_text(error), debug_logs.text)


def test_user_data_is_absent_from_an_aws_error(
    client: LightsailRestoreClient, wire: Wire, debug_logs: pytest.LogCaptureFixture
) -> None:
    wire.error("InvalidInputException", message="Some names are already in use: web-2", tip="pick another")
    with pytest.raises(InvalidInputException) as info:
        client.create_instances_from_snapshot({**MANUAL, "userData": USER_DATA})
    error: LightsailError = info.value
    assert error.message == "Some names are already in use: web-2"
    assert_no_canary(str(error), repr(error), str(vars(error)), debug_logs.text)
    assert_no_canary(*(r.getMessage() for r in lightsail_restore_records(debug_logs)))


def test_user_data_is_absent_from_the_request_repr() -> None:
    request = CreateInstancesFromSnapshotRequest.model_validate({**MANUAL, "userData": USER_DATA})
    assert_no_canary(repr(request), str(request), request.model_dump_json(), str(request.to_redacted_boto3()))
    assert request.to_boto3()["userData"] == USER_DATA
