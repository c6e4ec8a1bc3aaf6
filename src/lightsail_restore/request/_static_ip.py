"""The typed requests that move a static IP: AttachStaticIpRequest and DetachStaticIpRequest.

Both members are resource names (2-255 ASCII letters, digits, ``.``, ``-``, ``_``; alphanumeric first and last),
required by the service model. Whether the static IP exists, and which instance holds it now, needs the account's
state: that is the plan's job, not the model's.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Self

from ._base import OperationRequest
from ._types import ResourceName

if TYPE_CHECKING:
    from mypy_boto3_lightsail.type_defs import AttachStaticIpRequestTypeDef, DetachStaticIpRequestTypeDef

__all__ = ["AttachStaticIpRequest", "DetachStaticIpRequest"]


class AttachStaticIpRequest(OperationRequest):
    """A validated AttachStaticIp request (AWS ``AttachStaticIpRequest``): put ``static_ip_name`` on an instance."""

    static_ip_name: ResourceName
    """AWS ``staticIpName``: the static IP to attach (allocated in the client's Region)."""
    instance_name: ResourceName
    """AWS ``instanceName``: the instance that receives it."""

    def to_boto3(self) -> AttachStaticIpRequestTypeDef:
        """The exact kwargs for ``client.attach_static_ip(**...)``."""
        return {"staticIpName": self.static_ip_name, "instanceName": self.instance_name}

    @classmethod
    def of(cls, static_ip_name: str, instance_name: str) -> Self:
        """The request attaching ``static_ip_name`` to ``instance_name``.

        Raises:
            RequestValidationError: A name breaks the resource-name rule; nothing is sent.
        """
        return cls.from_boto3({"staticIpName": static_ip_name, "instanceName": instance_name})


class DetachStaticIpRequest(OperationRequest):
    """A validated DetachStaticIp request (AWS ``DetachStaticIpRequest``): free a static IP from its instance."""

    static_ip_name: ResourceName
    """AWS ``staticIpName``: the static IP to detach from whichever instance holds it."""

    def to_boto3(self) -> DetachStaticIpRequestTypeDef:
        """The exact kwargs for ``client.detach_static_ip(**...)``."""
        return {"staticIpName": self.static_ip_name}

    @classmethod
    def of(cls, static_ip_name: str) -> Self:
        """The request detaching ``static_ip_name``.

        Raises:
            RequestValidationError: The name breaks the resource-name rule; nothing is sent.
        """
        return cls.from_boto3({"staticIpName": static_ip_name})
