"""Our request models against botocore's own service model of CreateInstancesFromSnapshot, so drift fails CI.

Member names (aliases), required members, member kinds, nested shapes and enums must match the model exactly,
except for the deliberate tightenings listed in ``DELIBERATE_TIGHTENINGS``.
"""

from __future__ import annotations

import types
import typing
from collections.abc import Mapping, Sequence
from typing import Any, get_args

import botocore.session
import pytest
from botocore.model import Shape, StringShape, StructureShape
from pydantic import BaseModel, SecretStr

from lightsail_restore.request import (
    AddOnRequest,
    AutoSnapshotAddOnRequest,
    CreateInstancesFromSnapshotRequest,
    DiskMap,
    StopInstanceOnIdleRequest,
    Tag,
)
from lightsail_restore.request._types import ADD_ON_TYPES, IP_ADDRESS_TYPES, AddOnType, IpAddressType

DELIBERATE_TIGHTENINGS = {("Tag", "key"), ("DiskMap", "originalDiskPath"), ("DiskMap", "newDiskName")}
"""Members we require though the model does not (evidence C-2.8, C-2.11 in docs/design/evidence.md)."""


def _input_shape() -> StructureShape:
    model = botocore.session.get_session().get_service_model("lightsail")
    shape = model.operation_model("CreateInstancesFromSnapshot").input_shape
    assert shape is not None
    return shape


INPUT = _input_shape()


def _structure(shape: Shape) -> StructureShape:
    """The structure inside a list or map value, or the shape itself."""
    while shape.type_name in ("list", "map"):
        shape = shape.member if shape.type_name == "list" else shape.value  # type: ignore[attr-defined]
    assert isinstance(shape, StructureShape)
    return shape


NESTED: dict[type[BaseModel], StructureShape] = {
    Tag: _structure(INPUT.members["tags"]),
    DiskMap: _structure(INPUT.members["attachedDiskMapping"]),
    AddOnRequest: _structure(INPUT.members["addOns"]),
    AutoSnapshotAddOnRequest: _structure(_structure(INPUT.members["addOns"]).members["autoSnapshotAddOnRequest"]),
    StopInstanceOnIdleRequest: _structure(_structure(INPUT.members["addOns"]).members["stopInstanceOnIdleRequest"]),
}
MODELS: dict[type[BaseModel], StructureShape] = {CreateInstancesFromSnapshotRequest: INPUT, **NESTED}


def _aliases(model: type[BaseModel]) -> dict[str, str]:
    return {name: field.alias or name for name, field in model.model_fields.items()}


def _strip(annotation: Any) -> Any:
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            members = [a for a in get_args(annotation) if a is not type(None)]
            assert len(members) == 1, annotation
            annotation = members[0]
        else:
            return annotation


def _kind(annotation: Any) -> str:
    """The botocore type name our annotation corresponds to."""
    annotation = _strip(annotation)
    origin = typing.get_origin(annotation)
    if origin is typing.Literal or annotation in (str, SecretStr):
        return "string"
    if annotation is bool:
        return "boolean"
    if annotation is int:
        return "integer"
    if isinstance(origin, type) and issubclass(origin, Mapping):
        return "map"
    if isinstance(origin, type) and issubclass(origin, Sequence):
        return "list"
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return "structure"
    raise AssertionError(f"unexpected annotation {annotation!r}")


def test_request_shape_is_the_operation_input() -> None:
    assert INPUT.name == "CreateInstancesFromSnapshotRequest" == CreateInstancesFromSnapshotRequest.__name__


@pytest.mark.parametrize("model", list(NESTED), ids=lambda m: m.__name__)
def test_nested_model_is_named_after_its_shape(model: type[BaseModel]) -> None:
    assert NESTED[model].name == model.__name__


@pytest.mark.parametrize("model", list(MODELS), ids=lambda m: m.__name__)
def test_aliases_are_exactly_the_shape_members(model: type[BaseModel]) -> None:
    assert set(_aliases(model).values()) == set(MODELS[model].members)


@pytest.mark.parametrize("model", list(MODELS), ids=lambda m: m.__name__)
def test_member_kinds_match_the_shape(model: type[BaseModel]) -> None:
    shape = MODELS[model]
    for name, field in model.model_fields.items():
        assert _kind(field.annotation) == shape.members[field.alias or name].type_name, name


def test_top_level_required_members_match_exactly() -> None:
    ours = {field.alias for field in CreateInstancesFromSnapshotRequest.model_fields.values() if field.is_required()}
    assert ours == set(INPUT.required_members)


def _tightenings(models: Mapping[type[BaseModel], StructureShape]) -> set[tuple[str, str]]:
    """(model, member) our models require though the shape does not; asserts none leaves optional what AWS requires."""
    differences: set[tuple[str, str]] = set()
    for model, shape in models.items():
        ours = {field.alias or name for name, field in model.model_fields.items() if field.is_required()}
        theirs = set(shape.required_members)
        assert theirs <= ours, f"{model.__name__} leaves optional what AWS requires: {theirs - ours}"
        differences |= {(model.__name__, member) for member in ours - theirs}
    return differences


def test_nested_required_members_differ_only_by_the_deliberate_tightenings() -> None:
    assert _tightenings(NESTED) == DELIBERATE_TIGHTENINGS


def _enum(shape: Shape) -> list[str]:
    assert isinstance(shape, StringShape)
    return list(shape.enum)


def test_add_on_types_match_the_model_enum() -> None:
    enum = _enum(_structure(INPUT.members["addOns"]).members["addOnType"])
    assert list(ADD_ON_TYPES) == enum
    assert list(get_args(AddOnType)) == enum
    assert _strip(AddOnRequest.model_fields["add_on_type"].annotation) == AddOnType


def test_ip_address_types_match_the_model_enum() -> None:
    enum = _enum(INPUT.members["ipAddressType"])
    assert list(IP_ADDRESS_TYPES) == enum
    assert list(get_args(IpAddressType)) == enum
    assert _strip(CreateInstancesFromSnapshotRequest.model_fields["ip_address_type"].annotation) == IpAddressType
