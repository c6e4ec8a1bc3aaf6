"""Hypothesis strategies for AttachStaticIp and DetachStaticIp: valid requests, and requests with one rule broken."""

from __future__ import annotations

import copy
from collections.abc import Collection
from typing import TYPE_CHECKING, Any, Final, cast

from hypothesis import strategies as st
from pydantic import BaseModel

from ..request.static_ip import AttachStaticIpRequest, DetachStaticIpRequest
from ._breakers import Breaker, choose_breakers, invalid_resource_names, short_names, unknown_member
from .strategies import InvalidInput

if TYPE_CHECKING:
    from mypy_boto3_lightsail.type_defs import AttachStaticIpRequestTypeDef, DetachStaticIpRequestTypeDef

__all__ = [
    "STATIC_IP_FIELD_RULES",
    "attach_static_ip_params",
    "detach_static_ip_params",
    "invalid_attach_static_ip_inputs",
    "invalid_detach_static_ip_inputs",
]

STATIC_IP_FIELD_RULES: Final[tuple[str, ...]] = ("resource_name", "type", "required", "unknown_member")
"""Every rule id of AttachStaticIp and DetachStaticIp (they have no cross-field rules)."""

_ATTACH: Final = st.fixed_dictionaries({"staticIpName": short_names(), "instanceName": short_names()})
_DETACH: Final = st.fixed_dictionaries({"staticIpName": short_names()})


def attach_static_ip_params() -> st.SearchStrategy[AttachStaticIpRequestTypeDef]:
    """Valid boto3 kwargs dicts for ``client.attach_static_ip(**params)``.

    Returns:
        A strategy of dicts for which ``AttachStaticIpRequest.model_validate(d).to_boto3() == d``.
    """
    return cast("st.SearchStrategy[AttachStaticIpRequestTypeDef]", _ATTACH)


def detach_static_ip_params() -> st.SearchStrategy[DetachStaticIpRequestTypeDef]:
    """Valid boto3 kwargs dicts for ``client.detach_static_ip(**params)``.

    Returns:
        A strategy of dicts for which ``DetachStaticIpRequest.model_validate(d).to_boto3() == d``.
    """
    return cast("st.SearchStrategy[DetachStaticIpRequestTypeDef]", _DETACH)


def _breakers(valid: st.SearchStrategy[Any], model: type[BaseModel]) -> tuple[tuple[tuple[str, ...], Breaker], ...]:
    members = sorted(info.alias or name for name, info in model.model_fields.items())

    @st.composite
    def name(draw: st.DrawFn) -> InvalidInput:
        params = copy.deepcopy(draw(valid))
        member = draw(st.sampled_from(members))
        params[member] = draw(invalid_resource_names())
        return InvalidInput(params, "resource_name", member)

    @st.composite
    def wrong_type(draw: st.DrawFn) -> InvalidInput:
        params = copy.deepcopy(draw(valid))
        member = draw(st.sampled_from(members))
        params[member] = draw(st.sampled_from([7, None, ["web-ip"], b"web-ip", {"name": "web-ip"}]))
        return InvalidInput(params, "type", member)

    @st.composite
    def missing(draw: st.DrawFn) -> InvalidInput:
        params = copy.deepcopy(draw(valid))
        member = draw(st.sampled_from(members))
        del params[member]
        return InvalidInput(params, "required", member)

    @st.composite
    def unknown(draw: st.DrawFn) -> InvalidInput:
        params = copy.deepcopy(draw(valid))
        key = unknown_member(draw, model)
        params[key] = draw(st.sampled_from(["web-1", True, 1]))
        return InvalidInput(params, "unknown_member", key)

    return (
        (("resource_name",), name),
        (("type",), wrong_type),
        (("required",), missing),
        (("unknown_member",), unknown),
    )


_ATTACH_BREAKERS: Final = _breakers(_ATTACH, AttachStaticIpRequest)
_DETACH_BREAKERS: Final = _breakers(_DETACH, DetachStaticIpRequest)


def invalid_attach_static_ip_inputs(*, rules: Collection[str] | None = None) -> st.SearchStrategy[InvalidInput]:
    """AttachStaticIp kwargs with exactly one rule broken, with the rule id and AWS path of the refusal.

    Args:
        rules: Only break these rule ids (each in ``STATIC_IP_FIELD_RULES``); every rule when ``None``.

    Returns:
        A strategy of ``InvalidInput`` that ``AttachStaticIpRequest.from_boto3`` refuses with that one issue.

    Raises:
        InvalidArgument: ``rules`` is empty or names a rule id this strategy does not know.
    """
    return choose_breakers(_ATTACH_BREAKERS, STATIC_IP_FIELD_RULES, rules)


def invalid_detach_static_ip_inputs(*, rules: Collection[str] | None = None) -> st.SearchStrategy[InvalidInput]:
    """DetachStaticIp kwargs with exactly one rule broken, with the rule id and AWS path of the refusal.

    Args:
        rules: Only break these rule ids (each in ``STATIC_IP_FIELD_RULES``); every rule when ``None``.

    Returns:
        A strategy of ``InvalidInput`` that ``DetachStaticIpRequest.from_boto3`` refuses with that one issue.

    Raises:
        InvalidArgument: ``rules`` is empty or names a rule id this strategy does not know.
    """
    return choose_breakers(_DETACH_BREAKERS, STATIC_IP_FIELD_RULES, rules)
