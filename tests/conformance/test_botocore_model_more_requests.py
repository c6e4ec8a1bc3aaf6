"""The cut-over and copy request models against botocore's service model, so drift fails CI.

For PutInstancePublicPorts (and PortInfo), AttachStaticIp, DetachStaticIp and CopySnapshot: model names are the
shape names, fields and aliases are exactly the input members, member kinds match, required members match
(except the deliberate tightenings), the enums equal the model's, and the port range is the model's ``Port``.
"""

from __future__ import annotations

from typing import get_args

import botocore.session
import pytest
from botocore.model import StructureShape
from pydantic import BaseModel

from lightsail_restore import (
    AttachStaticIpRequest,
    CopySnapshotRequest,
    DetachStaticIpRequest,
    PortInfo,
    PutInstancePublicPortsRequest,
)
from lightsail_restore.request._copy import LIGHTSAIL_REGIONS, REGIONS_WITHOUT_LIGHTSAIL
from lightsail_restore.request._ports import (
    CIDR_LIST_ALIASES,
    NETWORK_PROTOCOLS,
    PORT_MAX,
    PORT_MIN,
    CidrListAlias,
    NetworkProtocol,
)

from .test_botocore_model import _enum, _kind, _tightenings  # one reading of botocore's model

SERVICE = botocore.session.get_session().get_service_model("lightsail")
DELIBERATE_TIGHTENINGS = {("PortInfo", "fromPort"), ("PortInfo", "toPort"), ("PortInfo", "protocol")}
"""Members we require though the model does not: a firewall rule without them has no documented meaning."""


def _input(operation: str) -> StructureShape:
    shape = SERVICE.operation_model(operation).input_shape
    assert shape is not None
    return shape


PORTS = _input("PutInstancePublicPorts")
PORT_INFO = PORTS.members["portInfos"].member  # type: ignore[attr-defined]
MODELS: dict[type[BaseModel], StructureShape] = {
    PutInstancePublicPortsRequest: PORTS,
    PortInfo: PORT_INFO,
    AttachStaticIpRequest: _input("AttachStaticIp"),
    DetachStaticIpRequest: _input("DetachStaticIp"),
    CopySnapshotRequest: _input("CopySnapshot"),
}
IDS = [model.__name__ for model in MODELS]


@pytest.mark.parametrize("model", list(MODELS), ids=IDS)
def test_model_is_named_after_its_shape(model: type[BaseModel]) -> None:
    assert MODELS[model].name == model.__name__


@pytest.mark.parametrize("model", list(MODELS), ids=IDS)
def test_aliases_are_exactly_the_shape_members_in_order(model: type[BaseModel]) -> None:
    aliases = [field.alias or name for name, field in model.model_fields.items()]
    assert aliases == list(MODELS[model].members)


@pytest.mark.parametrize("model", list(MODELS), ids=IDS)
def test_member_kinds_match_the_shape(model: type[BaseModel]) -> None:
    shape = MODELS[model]
    for name, field in model.model_fields.items():
        assert _kind(field.annotation) == shape.members[field.alias or name].type_name, name


def test_required_members_match_except_the_deliberate_tightenings() -> None:
    assert _tightenings(MODELS) == DELIBERATE_TIGHTENINGS


def test_protocols_match_the_model_enum() -> None:
    enum = _enum(PORT_INFO.members["protocol"])
    assert list(NETWORK_PROTOCOLS) == enum
    assert list(get_args(NetworkProtocol)) == enum
    # any case is taken at run time (the AWS CLI's examples send TCP: evidence E33), the model's values only
    for value in enum:
        assert (
            PortInfo.model_validate({"fromPort": 0, "toPort": 0, "protocol": value.upper()}).protocol == value.upper()
        )
    schema = PortInfo.model_json_schema(by_alias=True)["properties"]["protocol"]
    assert schema["enum"] == enum


def test_cidr_list_aliases_are_a_plain_list_in_the_model_and_one_value_here() -> None:
    # The service model has no enum here; the documentation names the only supported alias.
    shape = PORT_INFO.members["cidrListAliases"]
    assert not getattr(getattr(shape, "member", None), "enum", None)
    assert "lightsail-connect" in PORT_INFO.members["cidrListAliases"].documentation
    assert list(get_args(CidrListAlias)) == list(CIDR_LIST_ALIASES) == ["lightsail-connect"]


@pytest.mark.parametrize("member", ["fromPort", "toPort"])
def test_port_range_is_the_models(member: str) -> None:
    metadata = PORT_INFO.members[member].metadata
    assert (metadata["min"], metadata["max"]) == (PORT_MIN, PORT_MAX)


def test_lightsail_regions_are_the_model_enum_minus_the_regions_without_an_endpoint() -> None:
    enum = _enum(_input("CopySnapshot").members["sourceRegion"])
    assert set(REGIONS_WITHOUT_LIGHTSAIL) <= set(enum)
    assert set(LIGHTSAIL_REGIONS) == set(enum) - set(REGIONS_WITHOUT_LIGHTSAIL)
    assert set(LIGHTSAIL_REGIONS) == set(botocore.session.get_session().get_available_regions("lightsail"))
