"""Hypothesis strategies for AttachStaticIp and DetachStaticIp: valid requests, and requests with one rule broken."""

from __future__ import annotations

from typing import TYPE_CHECKING, Final, cast

from hypothesis import strategies as st

from ..request._static_ip import AttachStaticIpRequest, DetachStaticIpRequest
from ._breakers import invalid_inputs, short_names
from ._derived import member_breakers

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


invalid_attach_static_ip_inputs: Final = invalid_inputs(
    "invalid_attach_static_ip_inputs",
    "AttachStaticIpRequest",
    member_breakers(AttachStaticIpRequest, _ATTACH),
    STATIC_IP_FIELD_RULES,
    "STATIC_IP_FIELD_RULES",
)


invalid_detach_static_ip_inputs: Final = invalid_inputs(
    "invalid_detach_static_ip_inputs",
    "DetachStaticIpRequest",
    member_breakers(DetachStaticIpRequest, _DETACH),
    STATIC_IP_FIELD_RULES,
    "STATIC_IP_FIELD_RULES",
)
