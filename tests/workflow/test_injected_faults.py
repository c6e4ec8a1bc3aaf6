"""The faults the local backend injects for these tests behave as the real ones do at botocore's level.

``gateway_error`` answers an HTML page (botocore's ``Error.Code`` is the status), ``drop_connection`` resets the
connection before the request is applied, ``lose_answer`` applies it and loses the answer; botocore's standard
retry mode handles each exactly as a real transport fault or 5xx (checked with retries off and on).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from botocore.exceptions import ClientError, ConnectionClosedError, ReadTimeoutError

from lightsail_restore import LightsailError, LightsailRestoreClient, TransportError
from lightsail_restore.errors import is_name_in_use, is_retryable
from lightsail_restore.local import LocalLightsail

from .conftest import applied_creates, manual

if TYPE_CHECKING:
    from mypy_boto3_lightsail.client import LightsailClient

CREATE = {
    "instanceNames": ["web-2"],
    "availabilityZone": "us-east-2a",
    "bundleId": "micro_3_0",
    "instanceSnapshotName": "web-1-snap",
}


@pytest.mark.parametrize("status", [502, 503, 504])
def test_a_gateway_page_has_no_json_and_its_status_as_code(
    status: int, backend: LocalLightsail, impatient_boto: LightsailClient
) -> None:
    backend.gateway_error(status, operation="GetInstances")
    with pytest.raises(ClientError) as raised:
        impatient_boto.get_instances()
    error = raised.value.response
    assert error["Error"]["Code"] == str(status)
    assert error["ResponseMetadata"]["HTTPStatusCode"] == status
    assert error["ResponseMetadata"]["HTTPHeaders"]["content-type"] == "text/html"
    assert "code" not in error and "message" not in error  # no Lightsail body members: it is not JSON
    assert impatient_boto.get_instances()["instances"]  # used up


def test_botocore_retries_a_gateway_page(backend: LocalLightsail, boto: LightsailClient) -> None:
    backend.gateway_error(503, count=1, operation="GetInstances")
    assert boto.get_instances()["instances"]
    assert backend.calls("GetInstances") == 2


def test_a_dropped_connection_applies_nothing(backend: LocalLightsail, impatient_boto: LightsailClient) -> None:
    backend.drop_connection(operation="CreateInstancesFromSnapshot")
    with pytest.raises(ConnectionClosedError):
        impatient_boto.create_instances_from_snapshot(**CREATE)  # type: ignore[arg-type]
    assert applied_creates(backend.state) == {}


def test_a_lost_answer_applies_the_request(backend: LocalLightsail, impatient_boto: LightsailClient) -> None:
    backend.lose_answer(operation="CreateInstancesFromSnapshot")
    with pytest.raises(ReadTimeoutError):
        impatient_boto.create_instances_from_snapshot(**CREATE)  # type: ignore[arg-type]
    assert applied_creates(backend.state) == {"web-2": 1}


def test_botocores_retry_of_a_lost_create_meets_the_names_in_use(
    backend: LocalLightsail, boto: LightsailClient
) -> None:
    backend.lose_answer(operation="CreateInstancesFromSnapshot")
    with pytest.raises(ClientError) as raised:
        boto.create_instances_from_snapshot(**CREATE)  # type: ignore[arg-type]
    assert raised.value.response["Error"]["Code"] == "InvalidInputException"
    assert "Some names are already in use" in raised.value.response["Error"]["Message"]
    assert applied_creates(backend.state) == {"web-2": 1}


def test_faults_apply_only_to_their_operation_and_count(
    backend: LocalLightsail, impatient_boto: LightsailClient
) -> None:
    backend.drop_connection(count=2, operation="GetDisks")
    assert impatient_boto.get_instances()["instances"]
    for _ in range(2):
        with pytest.raises(ConnectionClosedError):
            impatient_boto.get_disks()
    assert impatient_boto.get_disks()["disks"]
    with pytest.raises(ValueError, match="count must be at least 1"):
        backend.lose_answer(count=0)
    backend.gateway_error(count=5)
    backend.reset()  # clears injected faults
    assert impatient_boto.get_disks()["disks"]


def test_our_errors_classify_them(backend: LocalLightsail, impatient_boto: LightsailClient) -> None:
    client = LightsailRestoreClient(impatient_boto)
    backend.gateway_error(504)
    with pytest.raises(LightsailError) as gateway:
        client.create_instances_from_snapshot(manual())
    backend.lose_answer()
    with pytest.raises(TransportError) as lost:
        client.create_instances_from_snapshot(manual(names=("web-3",)))
    with pytest.raises(LightsailError) as in_use:
        client.create_instances_from_snapshot(manual(names=("web-3",)))
    backend.fail_next("AccessDeniedException")
    with pytest.raises(LightsailError) as denied:
        client.create_instances_from_snapshot(manual(names=("web-4",)))
    assert is_retryable(gateway.value) and is_retryable(lost.value)
    assert not is_retryable(in_use.value) and is_name_in_use(in_use.value)
    assert not is_retryable(denied.value) and not is_name_in_use(denied.value)
    assert not is_retryable(ValueError("not ours"))
