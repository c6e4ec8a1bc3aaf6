"""The boto3 side: clients per Region, unimplemented operations, fault injection, retries, request recording."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import pytest
from botocore.exceptions import ClientError

from lightsail_restore.local import LocalLightsail, RecordedRequest

from .conftest import base_request, client_error, detach

if TYPE_CHECKING:
    from mypy_boto3_lightsail.client import LightsailClient


def test_client_is_a_real_boto3_client_in_its_region(backend: LocalLightsail) -> None:
    client = backend.client("eu-west-1")
    assert client.meta.region_name == "eu-west-1"
    assert type(client).__name__ == "Lightsail"
    client.get_instances()
    assert backend.requests[-1].region == "eu-west-1"


def test_botocores_validator_runs_before_the_backend(backend: LocalLightsail, client: LightsailClient) -> None:
    from botocore.exceptions import ParamValidationError

    with pytest.raises(ParamValidationError):
        client.create_instances_from_snapshot(instanceNames=["web-2"], availabilityZone="us-east-2a")  # type: ignore[call-arg]
    assert backend.calls() == 0


def test_the_shared_client_is_answered_by_one_backend_at_a_time(shared_client: LightsailClient) -> None:
    first, second = LocalLightsail.demo(), LocalLightsail.empty()
    first.attach(shared_client)
    try:
        assert len(shared_client.get_instances()["instances"]) == 1
    finally:
        detach(shared_client, first)
    second.attach(shared_client)
    try:
        assert shared_client.get_instances()["instances"] == []
    finally:
        detach(shared_client, second)
    assert (first.calls(), second.calls()) == (1, 1)


def test_every_answer_has_a_fresh_request_id(client: LightsailClient) -> None:
    ids = {client.get_regions()["ResponseMetadata"]["RequestId"] for _ in range(3)}
    assert len(ids) == 3


@pytest.mark.parametrize(
    ("method", "operation"),
    [("reboot_instance", "RebootInstance"), ("stop_instance", "StopInstance"), ("get_domains", "GetDomains")],
)
def test_an_unimplemented_operation_answers_an_error_naming_it(
    method: str, operation: str, backend: LocalLightsail, client: LightsailClient
) -> None:
    params = {"reboot_instance": {"instanceName": "web-1"}, "stop_instance": {"instanceName": "web-1"}}.get(method, {})
    response = client_error(getattr(client, method), **params)
    assert response["Error"]["Code"] == "InvalidAction"
    assert operation in response["Error"]["Message"]
    assert backend.requests[-1].operation == operation
    assert [i["name"] for i in client.get_instances()["instances"]] == ["web-1"]  # nothing was stopped


class TestFaults:
    def test_fail_next_with_a_count(self, backend: LocalLightsail) -> None:
        client = backend.client(max_attempts=1)
        backend.fail_next("ServiceException", count=2)
        for _ in range(2):
            response = client_error(client.get_regions)
            assert response["Error"]["Code"] == "ServiceException"
            assert response["Error"]["Message"] == "Injected ServiceException"
            assert response["ResponseMetadata"]["HTTPStatusCode"] == 500
        assert client.get_regions()["regions"]
        assert backend.calls("GetRegions") == 3

    def test_fail_next_for_one_operation_leaves_the_others(self, backend: LocalLightsail) -> None:
        client = backend.client(max_attempts=1)
        backend.fail_next("AccessDeniedException", operation="CreateInstancesFromSnapshot", message="Not you")
        assert client.get_instances()["instances"]
        assert client.get_operations()["operations"] == []
        response = client_error(client.create_instances_from_snapshot, **base_request())
        assert (response["Error"]["Code"], response["Error"]["Message"]) == ("AccessDeniedException", "Not you")
        assert response["ResponseMetadata"]["HTTPStatusCode"] == 400
        assert [i["name"] for i in client.get_instances()["instances"]] == ["web-1"], "a fault creates nothing"
        client.create_instances_from_snapshot(**base_request())  # the fault is used up

    def test_the_modelled_exception_class_is_raised(self, backend: LocalLightsail) -> None:
        client = backend.client(max_attempts=1)
        backend.fail_next("OperationFailureException", http_status=400)
        with pytest.raises(client.exceptions.OperationFailureException):
            client.get_instances()

    def test_a_chosen_http_status(self, backend: LocalLightsail) -> None:
        client = backend.client(max_attempts=1)
        backend.fail_next("AccountSetupInProgressException", http_status=428)
        assert client_error(client.get_instances)["ResponseMetadata"]["HTTPStatusCode"] == 428

    def test_an_injected_error_has_the_body_of_a_real_one(self, backend: LocalLightsail) -> None:
        client = backend.client(max_attempts=1)
        real = client_error(client.get_instance, instanceName="ghost")
        backend.fail_next("NotFoundException", operation="GetInstance")
        injected = client_error(client.get_instance, instanceName="web-1")
        assert injected["Error"]["Code"] == real["Error"]["Code"] == "NotFoundException"
        assert injected["code"] == real["code"] == "DoesNotExist"
        assert "tip" not in injected and "tip" not in real
        assert injected["ResponseMetadata"]["HTTPStatusCode"] == real["ResponseMetadata"]["HTTPStatusCode"]

    def test_throttle_without_retries(self, backend: LocalLightsail) -> None:
        client = backend.client(max_attempts=1)
        backend.throttle(1, operation="GetInstances")
        response = client_error(client.get_instances)
        assert response["Error"]["Code"] == "ThrottlingException"
        assert response["Error"]["Message"] == "Rate exceeded"
        assert response["ResponseMetadata"]["HTTPStatusCode"] == 400
        assert client.get_instances()["instances"]

    def test_standard_retries_get_through_a_throttle(self, backend: LocalLightsail) -> None:
        client = backend.client()
        backend.throttle(1)
        answer = client.get_instances()
        assert answer["instances"]
        assert answer["ResponseMetadata"]["RetryAttempts"] == 1
        assert backend.calls("GetInstances") == 2

    def test_standard_retries_give_up_after_max_attempts(self, backend: LocalLightsail) -> None:
        client = backend.client(max_attempts=2)
        backend.fail_next("ServiceUnavailable", count=5)
        with pytest.raises(ClientError) as info:
            client.get_regions()
        assert info.value.response["Error"]["Code"] == "ServiceUnavailable"
        assert info.value.response["ResponseMetadata"]["RetryAttempts"] == 1
        assert backend.calls() == 2

    def test_reset_clears_faults(self, backend: LocalLightsail) -> None:
        client = backend.client(max_attempts=1)
        backend.fail_next("ServiceException", count=10)
        backend.reset()
        assert client.get_regions()["regions"]


class TestRecording:
    def test_operation_params_and_region(self, backend: LocalLightsail, client: LightsailClient) -> None:
        request = base_request(tags=[{"key": "env", "value": "test"}])
        client.create_instances_from_snapshot(**request)
        backend.client("eu-west-2").get_instances(pageToken="2")
        assert backend.requests == [
            RecordedRequest("CreateInstancesFromSnapshot", request, "us-east-2"),
            RecordedRequest("GetInstances", {"pageToken": "2"}, "eu-west-2"),
        ]
        json.dumps([r.params for r in backend.requests])  # plain JSON

    def test_refused_and_faulted_requests_are_recorded_too(
        self, backend: LocalLightsail, client: LightsailClient
    ) -> None:
        client_error(client.get_instance, instanceName="ghost")
        backend.fail_next("AccessDeniedException")
        client_error(client.get_instances)
        assert [r.operation for r in backend.requests] == ["GetInstance", "GetInstances"]

    def test_calls_and_clear_requests(self, backend: LocalLightsail, client: LightsailClient) -> None:
        client.get_regions()
        client.get_instances()
        client.get_instances()
        assert (backend.calls(), backend.calls("GetInstances"), backend.calls("GetDisks")) == (3, 2, 0)
        backend.clear_requests()
        assert (backend.calls(), backend.requests) == (0, [])


def test_a_client_with_a_custom_endpoint_keeps_its_region(backend: LocalLightsail) -> None:
    import boto3

    client = boto3.session.Session().client(
        "lightsail",
        region_name="eu-west-2",
        endpoint_url="https://lightsail.example.test",
        aws_access_key_id="x",
        aws_secret_access_key="y",
    )
    backend.attach(client)
    client.get_instances()
    assert backend.requests[-1].region == "eu-west-2"
    backend.detach(client)


def test_fail_next_refuses_a_count_below_one(backend: LocalLightsail) -> None:
    with pytest.raises(ValueError, match="at least 1"):
        backend.fail_next("ServiceException", count=0)
