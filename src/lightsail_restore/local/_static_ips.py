"""Static IPs: AllocateStaticIp, AttachStaticIp, DetachStaticIp, ReleaseStaticIp, GetStaticIp and GetStaticIps.

The answers follow the AWS CLI examples (allocate-, attach-, detach-, release-static-ip.rst, get-static-ip(s).rst):
a static IP is Region-wide (zone ``all``); attaching and detaching answer two operations, the static IP's then the
instance's, each naming the other in ``operationDetails``; allocating and releasing answer one, without details.
Every operation is already ``Succeeded``. An attached static IP is the instance's ``publicIpAddress`` and makes its
``isStaticIp`` true; when it goes, the instance gets a new dynamic address.

Attaching a static IP that another instance holds moves it in that one call (E40, inferred: AWS's own CloudFormation
handler moves an attached static IP with a single ``AttachStaticIp``, and the FAQ says a static IP can be
"reassigned" to a new instance); the answer is the attach's two operations, and the old holder gets a new dynamic
address. One static IP per instance is still refused.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from ._call import Call, newest_first, public
from ._errors import invalid, not_found
from ._names import check_free, check_name
from ._resources import ipv4, new_static_ip

__all__ = ["OPERATIONS"]

MAX_STATIC_IPS: Final = 5
"""Static IPs per Region ("You can create up to five static IP's per AWS Region", developer guide)."""

_ALLOCATE_SECONDS: Final = 0.198
"""How long an allocation takes before it is answered ``Succeeded`` (allocate-static-ip.rst: 0.198 s)."""


def _static_ip(call: Call, name: object) -> dict[str, Any]:
    found: dict[str, Any] | None = call.res["staticIps"].get(name) if isinstance(name, str) else None
    if found is None:
        raise not_found(f"The StaticIp does not exist: {name}")
    return found


def _holder(call: Call, static_ip: Mapping[str, Any]) -> dict[str, Any] | None:
    """The instance the static IP is attached to, if it still exists."""
    return call.instance(static_ip.get("attachedTo")) if static_ip.get("isAttached") else None


def _view(call: Call, static_ip: Mapping[str, Any]) -> dict[str, Any]:
    holder = _holder(call, static_ip)
    view = {k: v for k, v in public(static_ip).items() if k not in ("attachedTo", "isAttached")}
    if holder is not None:
        view["attachedTo"] = holder["name"]
    view["isAttached"] = holder is not None
    return view


def _let_go(static_ip: dict[str, Any], holder: dict[str, Any] | None) -> None:
    static_ip.pop("attachedTo", None)
    static_ip["isAttached"] = False
    if holder is not None:
        holder.update(isStaticIp=False, publicIpAddress=ipv4(3))


def _pair(call: Call, static_ip: Mapping[str, Any], instance: Mapping[str, Any], operation: str) -> dict[str, Any]:
    """The two operations of an attach or a detach: the static IP's, then the instance's a millisecond later."""
    ip_name, instance_name = str(static_ip["name"]), str(instance["name"])
    where = static_ip["location"]
    first = call.record(where, ip_name, "StaticIp", operation, at=call.now - 0.001, details=instance_name)
    second = call.record(instance["location"], instance_name, "Instance", operation, details=ip_name)
    return {"operations": [call.operation_view(first), call.operation_view(second)]}


def allocate_static_ip(call: Call, params: Mapping[str, Any]) -> dict[str, Any]:
    """AllocateStaticIp: a new static IP; the name must be valid and free (``NameExists`` otherwise, E20)."""
    name = check_name(params["staticIpName"])
    check_free([name], call.taken_names())
    if len(call.res["staticIps"]) >= MAX_STATIC_IPS:
        raise invalid(f"You have reached the maximum number of static IP addresses ({MAX_STATIC_IPS}) in this Region")
    began = call.now - _ALLOCATE_SECONDS  # answered once done, as allocate-static-ip.rst shows it
    static_ip = new_static_ip(call.region, name, began)
    call.res["staticIps"][name] = static_ip
    where = static_ip["location"]
    op = call.record(where, name, "StaticIp", "AllocateStaticIp", at=began, seconds=_ALLOCATE_SECONDS)
    return {"operations": [call.operation_view(op)]}


def attach_static_ip(call: Call, params: Mapping[str, Any]) -> dict[str, Any]:
    """AttachStaticIp: one static IP per instance, none on an IPv6-only instance; one held elsewhere moves (E40)."""
    static_ip = _static_ip(call, params["staticIpName"])
    instance = call.existing_instance(params["instanceName"])
    if instance["ipAddressType"] == "ipv6":
        raise invalid(f"The instance {instance['name']} is IPv6-only: it cannot have a static IP")
    other = next(
        (s for s in call.res["staticIps"].values() if s is not static_ip and _holder(call, s) is instance), None
    )
    if other is not None:
        raise invalid(f"The instance {instance['name']} already has the static IP {other['name']}")
    holder = _holder(call, static_ip)
    if holder is not None and holder is not instance:
        _let_go(static_ip, holder)  # the move in one call (E40): the old holder gets a new dynamic address
    static_ip.update(attachedTo=instance["name"], isAttached=True)
    instance.update(isStaticIp=True, publicIpAddress=static_ip["ipAddress"])
    return _pair(call, static_ip, instance, "AttachStaticIp")


def detach_static_ip(call: Call, params: Mapping[str, Any]) -> dict[str, Any]:
    """DetachStaticIp: the instance it is attached to gets a new dynamic address."""
    static_ip = _static_ip(call, params["staticIpName"])
    holder = _holder(call, static_ip)
    if holder is None:
        raise invalid(f"The static IP {static_ip['name']} is not attached to an instance")
    _let_go(static_ip, holder)
    return _pair(call, static_ip, holder, "DetachStaticIp")


def release_static_ip(call: Call, params: Mapping[str, Any]) -> dict[str, Any]:
    """ReleaseStaticIp: the static IP goes, even attached (its instance gets a new dynamic address); one operation."""
    static_ip = _static_ip(call, params["staticIpName"])
    _let_go(static_ip, _holder(call, static_ip))
    del call.res["staticIps"][static_ip["name"]]
    op = call.record(static_ip["location"], str(static_ip["name"]), "StaticIp", "ReleaseStaticIp")
    return {"operations": [call.operation_view(op)]}


def get_static_ip(call: Call, params: Mapping[str, Any]) -> dict[str, Any]:
    """GetStaticIp."""
    return {"staticIp": _view(call, _static_ip(call, params["staticIpName"]))}


def get_static_ips(call: Call, params: Mapping[str, Any]) -> dict[str, Any]:
    """GetStaticIps: newest first (get-static-ips.rst)."""
    views = [_view(call, s) for s in newest_first(call.res["staticIps"].values())]
    return call.page(views, "staticIps", params)


OPERATIONS = {
    "AllocateStaticIp": allocate_static_ip,
    "AttachStaticIp": attach_static_ip,
    "DetachStaticIp": detach_static_ip,
    "GetStaticIp": get_static_ip,
    "GetStaticIps": get_static_ips,
    "ReleaseStaticIp": release_static_ip,
}
"""The static IP operations, by AWS operation name."""
