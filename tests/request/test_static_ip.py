"""Example-based tests of AttachStaticIpRequest and DetachStaticIpRequest."""

from __future__ import annotations

from typing import Any

import pytest

from lightsail_restore import AttachStaticIpRequest, DetachStaticIpRequest, RequestValidationError

# aws-cli attach-static-ip.rst / detach-static-ip.rst
ATTACH: dict[str, Any] = {"staticIpName": "StaticIp-1", "instanceName": "MEAN-1"}
DETACH: dict[str, Any] = {"staticIpName": "StaticIp-1"}


def test_cli_examples_round_trip() -> None:
    assert AttachStaticIpRequest.from_boto3(ATTACH).to_boto3() == ATTACH
    assert DetachStaticIpRequest.from_boto3(DETACH).to_boto3() == DETACH
    assert AttachStaticIpRequest.of("StaticIp-1", "MEAN-1").to_boto3() == ATTACH
    assert DetachStaticIpRequest.of("StaticIp-1").to_boto3() == DETACH
    assert AttachStaticIpRequest(static_ip_name="StaticIp-1", instance_name="MEAN-1").to_boto3() == ATTACH


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"staticIpName": "web ip", "instanceName": "web-1"}, [("staticIpName", "resource_name")]),
        ({"staticIpName": "web-ip", "instanceName": "x"}, [("instanceName", "resource_name")]),
        ({"staticIpName": "web-ip"}, [("instanceName", "required")]),
        ({"staticIpName": 7, "instanceName": "web-1"}, [("staticIpName", "type")]),
        ({**ATTACH, "staticIpAddress": "203.0.113.7"}, [("staticIpAddress", "unknown_member")]),
    ],
)
def test_attach_refusals(params: dict[str, Any], expected: list[tuple[str, str]]) -> None:
    with pytest.raises(RequestValidationError) as caught:
        AttachStaticIpRequest.from_boto3(params)
    assert [(issue.path, issue.rule) for issue in caught.value.issues] == expected


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, [("staticIpName", "required")]),
        ({"staticIpName": "ip."}, [("staticIpName", "resource_name")]),
        ({**DETACH, "instanceName": "web-1"}, [("instanceName", "unknown_member")]),
    ],
)
def test_detach_refusals(params: dict[str, Any], expected: list[tuple[str, str]]) -> None:
    with pytest.raises(RequestValidationError) as caught:
        DetachStaticIpRequest.from_boto3(params)
    assert [(issue.path, issue.rule) for issue in caught.value.issues] == expected


def test_typed_constructor_refuses_before_sending() -> None:
    with pytest.raises(RequestValidationError) as caught:
        AttachStaticIpRequest.of("web-ip", "web_2_")
    assert caught.value.paths == ("instanceName",)
