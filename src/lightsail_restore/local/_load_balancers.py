"""Load balancers: CreateLoadBalancer, GetLoadBalancer, GetLoadBalancers and AttachInstancesToLoadBalancer.

As the service model and the AWS CLI examples show them (E85-E88 in ``docs/design/evidence.md``): a load balancer
is Region-wide (zone ``all``), up to 10 a Region; it lists the instances attached to it in
``instanceHealthSummary`` (``instanceName``, ``instanceHealth``); GetLoadBalancers lists every one of the Region a
page at a time, GetLoadBalancer one by name (NotFoundException when there is none). AttachInstancesToLoadBalancer
takes instances of the load balancer's Region that run, and answers two ``Started`` operations an instance, the
load balancer's (``operationDetails`` the instance) then the instance's (``operationDetails`` the load balancer).
The backend's own choices (no public answer shows them) are in ``docs/local.md``: the operations end
``timings.operationSeconds`` after the request, the instance is listed at once (``initial``, then ``healthy`` once
the operation ended); an instance already attached is left as it is and answers its two operations all the same;
a deleted instance leaves every load balancer; a new load balancer is ``active`` at once; the Region's load
balancers live under its ``loadBalancers`` member, which a state from before them lacks.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Mapping
from typing import Any, Final

from ._call import Call, newest_first, public
from ._errors import invalid, not_found
from ._names import check_free
from ._resources import ACCOUNT, arn, location

__all__ = ["OPERATIONS"]

PER_REGION: Final = 10
"""Load balancers a Region may hold ("You can create up to 10 load balancers per AWS Region", E88)."""
_NAME: Final = re.compile(r"[A-Za-z0-9_](?:[A-Za-z0-9_-]*[A-Za-z0-9_])?")
"""A load balancer's name: ``\\w[\\w\\-]*\\w`` (E88), in spelled-out ASCII classes."""


def _balancers(call: Call) -> dict[str, dict[str, Any]]:
    found: dict[str, dict[str, Any]] = call.res.setdefault("loadBalancers", {})
    return found


def _balancer(call: Call, name: object) -> dict[str, Any]:
    found = _balancers(call).get(name) if isinstance(name, str) else None
    if found is None:
        raise not_found(f"The LoadBalancer does not exist: {name}")
    return found


def _view(call: Call, balancer: Mapping[str, Any]) -> dict[str, Any]:
    """The load balancer as of now: its attached instances that still exist, ``initial`` until attached."""
    view = public(balancer)
    summary = []
    for name, attached_at in balancer["_attached"].items():
        if call.instance(name) is None:  # a deleted instance leaves the load balancer
            continue
        if call.now >= float(attached_at) + call.operation_seconds:
            summary.append({"instanceName": name, "instanceHealth": "healthy"})
        else:
            summary.append(
                {"instanceName": name, "instanceHealth": "initial", "instanceHealthReason": "Lb.RegistrationInProgress"}
            )
    view["instanceHealthSummary"] = summary
    return view


def create_load_balancer(call: Call, params: Mapping[str, Any]) -> dict[str, Any]:
    """CreateLoadBalancer: a new, empty load balancer; its name valid and free, at most 10 a Region."""
    name = params["loadBalancerName"]
    if not isinstance(name, str) or not _NAME.fullmatch(name) or len(name) > 255:
        raise invalid(f"{name} is not a valid load balancer name")
    balancers = _balancers(call)
    check_free([name], set(balancers))
    if len(balancers) >= PER_REGION:
        raise invalid(f"You have reached the maximum number of load balancers ({PER_REGION}) in this Region")
    where = location(call.region, "all")
    port = int(params["instancePort"])
    balancers[name] = {
        "name": name,
        "arn": arn(call.region, "LoadBalancer"),
        "supportCode": f"{ACCOUNT}/{uuid.uuid4().hex}",
        "createdAt": call.now,
        "location": where,
        "resourceType": "LoadBalancer",
        "tags": list(params.get("tags") or []),
        "dnsName": f"{uuid.uuid4().hex}.{call.region}.elb.amazonaws.com",
        "state": "active",
        "protocol": "HTTP",
        "publicPorts": [80],
        "healthCheckPath": params.get("healthCheckPath") or "/",
        "instancePort": port,
        "instanceHealthSummary": [],
        "tlsCertificateSummaries": [],
        "configurationOptions": {
            "SessionStickinessEnabled": "false",
            "SessionStickiness_LB_CookieDurationSeconds": "86400",
        },
        "ipAddressType": params.get("ipAddressType") or "dualstack",
        "_attached": {},
    }
    op = call.record(where, name, "LoadBalancer", "CreateLoadBalancer", seconds=call.operation_seconds)
    return {"operations": [call.operation_view(op)]}


def get_load_balancer(call: Call, params: Mapping[str, Any]) -> dict[str, Any]:
    """GetLoadBalancer: one load balancer by name (NotFoundException when there is none)."""
    return {"loadBalancer": _view(call, _balancer(call, params["loadBalancerName"]))}


def get_load_balancers(call: Call, params: Mapping[str, Any]) -> dict[str, Any]:
    """GetLoadBalancers: every load balancer of the Region, newest first, a page at a time."""
    listed = [_view(call, b) for b in newest_first(_balancers(call).values())]
    return call.page(listed, "loadBalancers", params)


def attach_instances_to_load_balancer(call: Call, params: Mapping[str, Any]) -> dict[str, Any]:
    """AttachInstancesToLoadBalancer: each running instance of the Region joins; two operations an instance."""
    balancer = _balancer(call, params["loadBalancerName"])
    names = list(params["instanceNames"])
    if not names:
        raise invalid("instanceNames must name at least one instance")
    instances = [call.existing_instance(n) for n in names]
    for instance in instances:
        if not call.running(instance):
            raise invalid(f"The instance {instance['name']} must be running to be attached to a load balancer")
    name = str(balancer["name"])
    answer = []
    for instance in instances:
        balancer["_attached"].setdefault(instance["name"], call.now)
        seconds = call.operation_seconds
        mine = call.record(
            balancer["location"],
            name,
            "LoadBalancer",
            "AttachInstancesToLoadBalancer",
            seconds=seconds,
            details=instance["name"],
        )
        theirs = call.record(
            balancer["location"],
            instance["name"],
            "Instance",
            "AttachInstancesToLoadBalancer",
            seconds=seconds,
            details=name,
        )
        answer += [call.operation_view(mine), call.operation_view(theirs)]
    return {"operations": answer}


OPERATIONS = {
    "AttachInstancesToLoadBalancer": attach_instances_to_load_balancer,
    "CreateLoadBalancer": create_load_balancer,
    "GetLoadBalancer": get_load_balancer,
    "GetLoadBalancers": get_load_balancers,
}
"""The load balancer operations, by AWS operation name."""
