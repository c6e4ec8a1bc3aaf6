"""Properties of the request model, over everything the strategies generate.

* every generated boto3 dict validates, and ``model_validate(d).to_boto3() == d`` exactly;
* botocore's own parameter validator accepts ``to_boto3()``, and a real boto3 client serializes it to a JSON body
  that decodes back to the same dict (answered in-process through ``before-send``; nothing leaves the machine);
* every input with one rule broken is refused with exactly that rule and AWS path, through ``from_boto3`` and
  through ``model_validate``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import botocore.session
import pytest
from botocore.model import OperationModel, StructureShape
from botocore.validate import validate_parameters
from hypothesis import given
from pydantic import ValidationError

from lightsail_restore import CreateInstancesFromSnapshotRequest, RequestValidationError
from lightsail_restore.request._issues import aws_path
from lightsail_restore.testing.strategies import (
    InvalidInput,
    create_instances_from_snapshot_params,
    create_instances_from_snapshot_requests,
    invalid_create_instances_from_snapshot_inputs,
)

from .recording import Recorder, recording_client

if TYPE_CHECKING:
    from mypy_boto3_lightsail.client import LightsailClient

Request = CreateInstancesFromSnapshotRequest


@pytest.fixture(scope="module")
def input_shape() -> StructureShape:
    operation: OperationModel = (
        botocore.session.get_session().get_service_model("lightsail").operation_model("CreateInstancesFromSnapshot")
    )
    assert operation.input_shape is not None
    return operation.input_shape


@pytest.fixture(scope="module")
def capturing_client() -> Iterator[tuple[LightsailClient, Recorder]]:
    with recording_client("before-send.lightsail.CreateInstancesFromSnapshot", b'{"operations": []}') as pair:
        yield pair


@given(create_instances_from_snapshot_params())
def test_every_generated_dict_validates_and_round_trips_exactly(params: dict[str, Any]) -> None:
    request = Request.model_validate(params)
    assert request.to_boto3() == params
    assert Request.from_boto3(request.to_boto3()) == request


@given(create_instances_from_snapshot_requests())
def test_round_trip_through_snake_case_keywords(request: CreateInstancesFromSnapshotRequest) -> None:
    snake = {name: getattr(request, name) for name in Request.model_fields if getattr(request, name) is not None}
    assert Request(**snake) == request
    assert Request.model_validate(request.to_boto3()).to_boto3() == request.to_boto3()


@given(create_instances_from_snapshot_requests())
def test_botocore_accepts_and_serializes_to_boto3(
    input_shape: StructureShape,
    capturing_client: tuple[LightsailClient, Recorder],
    request: CreateInstancesFromSnapshotRequest,
) -> None:
    params = request.to_boto3()
    validate_parameters(params, input_shape)  # raises ParamValidationError on any problem
    client, capture = capturing_client
    capture.requests.clear()
    response = client.create_instances_from_snapshot(**params)
    assert response["operations"] == []
    [sent] = capture.requests
    assert sent.headers["X-Amz-Target"] in (
        b"Lightsail_20161128.CreateInstancesFromSnapshot",
        "Lightsail_20161128.CreateInstancesFromSnapshot",
    )
    assert isinstance(sent.body, bytes | str)
    assert json.loads(sent.body) == params


@given(invalid_create_instances_from_snapshot_inputs())
def test_every_invalid_input_is_refused_with_its_rule_and_path(invalid: InvalidInput) -> None:
    """``from_boto3`` names the rule and path; ``model_validate`` raises a pydantic error naming the field."""
    with pytest.raises(RequestValidationError) as refused:
        Request.from_boto3(invalid.params)
    assert isinstance(refused.value, ValueError)
    assert [(issue.path, issue.rule) for issue in refused.value.issues] == [(invalid.path, invalid.rule)]
    assert refused.value.rules == (invalid.rule,)
    assert invalid.path in str(refused.value)
    assert f"[{invalid.rule}]" in str(refused.value)
    with pytest.raises(ValidationError) as caught:
        Request.model_validate(invalid.params)
    error = caught.value
    assert isinstance(error, ValueError)
    [detail] = error.errors(include_input=False)
    assert aws_path(detail["loc"], Request) == invalid.path
    top_member = str(detail["loc"][0])  # the caller's key for member errors, the Python name for cross-field ones
    assert top_member in str(error)
    aliases = {name: field.alias or name for name, field in Request.model_fields.items()}
    assert invalid.path.startswith(aliases.get(top_member, top_member))
    if invalid.rule not in ("type", "enum", "required", "unknown_member"):
        assert detail["type"] == invalid.rule  # our own rules keep their id in pydantic's error type
