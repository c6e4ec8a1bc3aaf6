"""Properties of the cut-over and copy requests over everything their strategies generate.

For PutInstancePublicPorts, AttachStaticIp, DetachStaticIp and CopySnapshot:

* every generated boto3 dict validates, and ``model_validate(d).to_boto3() == d`` exactly;
* botocore's own parameter validator accepts ``to_boto3()``, and a real boto3 client serializes it to a JSON body
  that decodes back to the same dict (answered in-process through ``before-send``; nothing leaves the machine);
* every input with one rule broken is refused with exactly that rule and AWS path, through ``from_boto3`` and
  through ``model_validate``, and the guarded call (validate, then send) sends nothing;
* botocore's own validator lets every input through that breaks a rule beyond types, required and unknown
  members and Port's minimum: without these models, boto3 would send it.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import botocore.session
import pytest
from botocore.model import StructureShape
from botocore.validate import ParamValidator, validate_parameters
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from lightsail_restore import (
    AttachStaticIpRequest,
    CopySnapshotRequest,
    DetachStaticIpRequest,
    PutInstancePublicPortsRequest,
    RequestValidationError,
)
from lightsail_restore.request._base import OperationRequest
from lightsail_restore.request._issues import aws_path
from lightsail_restore.testing import (
    InvalidInput,
    attach_static_ip_params,
    copy_snapshot_params,
    detach_static_ip_params,
    invalid_attach_static_ip_inputs,
    invalid_copy_snapshot_inputs,
    invalid_detach_static_ip_inputs,
    invalid_put_instance_public_ports_inputs,
    put_instance_public_ports_params,
)
from lightsail_restore.testing._copy import COPY_INVALID_INPUT_RULES
from lightsail_restore.testing._ports import PORTS_INVALID_INPUT_RULES
from lightsail_restore.testing._static_ip import STATIC_IP_FIELD_RULES

from .recording import Recorder, recording_client

if TYPE_CHECKING:
    from mypy_boto3_lightsail.client import LightsailClient


@dataclass(frozen=True)
class Case:
    """One operation: its model, boto3 method, and the valid and invalid strategies."""

    operation: str
    model: type[OperationRequest]
    method: str
    valid: Callable[[], st.SearchStrategy[Any]]
    invalid: Callable[..., st.SearchStrategy[InvalidInput]]
    rules: tuple[str, ...]


CASES = [
    Case(
        "PutInstancePublicPorts",
        PutInstancePublicPortsRequest,
        "put_instance_public_ports",
        put_instance_public_ports_params,
        invalid_put_instance_public_ports_inputs,
        PORTS_INVALID_INPUT_RULES,
    ),
    Case(
        "CopySnapshot",
        CopySnapshotRequest,
        "copy_snapshot",
        copy_snapshot_params,
        invalid_copy_snapshot_inputs,
        COPY_INVALID_INPUT_RULES,
    ),
    Case(
        "AttachStaticIp",
        AttachStaticIpRequest,
        "attach_static_ip",
        attach_static_ip_params,
        invalid_attach_static_ip_inputs,
        STATIC_IP_FIELD_RULES,
    ),
    Case(
        "DetachStaticIp",
        DetachStaticIpRequest,
        "detach_static_ip",
        detach_static_ip_params,
        invalid_detach_static_ip_inputs,
        STATIC_IP_FIELD_RULES,
    ),
]
IDS = [case.operation for case in CASES]


def input_shape(operation: str) -> StructureShape:
    shape = botocore.session.get_session().get_service_model("lightsail").operation_model(operation).input_shape
    assert shape is not None
    return shape


@pytest.fixture(scope="module")
def recorded() -> Iterator[tuple[LightsailClient, Recorder]]:
    with recording_client() as pair:
        yield pair


def send(client: LightsailClient, case: Case, params: dict[str, Any]) -> Any:
    """The guarded call the library makes: validate (refusing before anything is sent), then send ``to_boto3()``."""
    request = case.model.from_boto3(params)
    return getattr(client, case.method)(**request.to_boto3())  # type: ignore[attr-defined]


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_every_generated_dict_validates_and_round_trips_exactly(case: Case) -> None:
    @given(case.valid())
    def check(params: dict[str, Any]) -> None:
        model = case.model.model_validate(params)
        assert model.to_boto3() == params  # type: ignore[attr-defined]
        assert case.model.from_boto3(model.to_boto3()) == model  # type: ignore[attr-defined]
        snake = {name: getattr(model, name) for name in case.model.model_fields if getattr(model, name) is not None}
        assert case.model(**snake) == model

    check()


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_botocore_accepts_and_serializes_every_valid_request(
    case: Case, recorded: tuple[LightsailClient, Recorder]
) -> None:
    shape = input_shape(case.operation)
    client, recorder = recorded

    @given(case.valid())
    def check(params: dict[str, Any]) -> None:
        validate_parameters(params, shape)  # raises ParamValidationError on any problem
        recorder.requests.clear()
        send(client, case, params)
        [sent] = recorder.requests
        target = sent.headers["X-Amz-Target"]
        assert (target.decode() if isinstance(target, bytes) else target) == f"Lightsail_20161128.{case.operation}"
        assert isinstance(sent.body, bytes | str)
        assert json.loads(sent.body) == params

    check()


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_every_invalid_input_is_refused_with_its_rule_and_path_and_nothing_is_sent(
    case: Case, recorded: tuple[LightsailClient, Recorder]
) -> None:
    client, recorder = recorded

    @given(case.invalid())
    def check(invalid: InvalidInput) -> None:
        recorder.requests.clear()
        with pytest.raises(RequestValidationError) as caught:
            send(client, case, invalid.params)
        assert recorder.requests == []
        error = caught.value
        assert isinstance(error, ValueError)
        assert [(issue.path, issue.rule) for issue in error.issues] == [(invalid.path, invalid.rule)]
        assert f"[{invalid.rule}]" in str(error)

    check()


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_model_validate_raises_a_pydantic_error_at_the_same_place(case: Case) -> None:
    @given(case.invalid())
    def check(invalid: InvalidInput) -> None:
        with pytest.raises(ValidationError) as caught:
            case.model.model_validate(invalid.params)
        [detail] = caught.value.errors(include_input=False)
        assert aws_path(detail["loc"], case.model) == invalid.path
        assert all(error.get("input") is None for error in caught.value.errors())
        if invalid.rule not in ("type", "enum", "required", "unknown_member"):
            assert detail["type"] == invalid.rule  # our own rules keep their id in pydantic's error type

    check()


BOTOCORE_CHECKS = {"type", "required", "unknown_member", "port"}
"""What botocore's validator can enforce here: types, required members, unknown members, and Port's minimum -1."""


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_botocore_alone_would_send_every_input_that_breaks_one_of_our_own_rules(case: Case) -> None:
    shape = input_shape(case.operation)

    @given(case.invalid(rules=[rule for rule in case.rules if rule not in BOTOCORE_CHECKS]))
    def check(invalid: InvalidInput) -> None:
        report = ParamValidator().validate(invalid.params, shape)
        assert not report.has_errors(), report.generate_report()

    check()
