"""An instance's firewall: GetInstancePortStates, and Put-, Open- and CloseInstancePublicPorts.

Each change answers one operation on the instance, already ``Succeeded`` with ``statusChangedAt`` equal to
``createdAt``; opening and closing name the rule in ``operationDetails`` (``22/tcp``,
open-instance-public-ports.rst and close-instance-public-ports.rst).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ._call import Call
from ._ports import details, key, merge, parse, port_state

__all__ = ["OPERATIONS"]


def get_instance_port_states(call: Call, params: Mapping[str, Any]) -> dict[str, Any]:
    """GetInstancePortStates: the instance's rules, each ``open``."""
    instance = call.existing_instance(params["instanceName"])
    return {"portStates": [port_state(rule) for rule in instance["networking"]["ports"]]}


def _answer(call: Call, instance: Mapping[str, Any], operation: str, details: str | None) -> dict[str, Any]:
    op = call.record(instance["location"], str(instance["name"]), "Instance", operation, details=details)
    return {"operation": call.operation_view(op)}


def open_instance_public_ports(call: Call, params: Mapping[str, Any]) -> dict[str, Any]:
    """OpenInstancePublicPorts: add a rule; one with the same protocol and ports gains the new sources."""
    instance = call.existing_instance(params["instanceName"])
    rule = parse(params["portInfo"], instance["ipAddressType"])
    merge(instance["networking"]["ports"], rule)
    return _answer(call, instance, "OpenInstancePublicPorts", details(rule))


def close_instance_public_ports(call: Call, params: Mapping[str, Any]) -> dict[str, Any]:
    """CloseInstancePublicPorts: remove the rule of this protocol and port range (nothing to remove is no error)."""
    instance = call.existing_instance(params["instanceName"])
    rule = parse(params["portInfo"], instance["ipAddressType"])
    ports = instance["networking"]["ports"]
    ports[:] = [kept for kept in ports if key(kept) != key(rule)]
    return _answer(call, instance, "CloseInstancePublicPorts", details(rule))


def put_instance_public_ports(call: Call, params: Mapping[str, Any]) -> dict[str, Any]:
    """PutInstancePublicPorts: the given rules replace all of the instance's rules (an empty list closes all)."""
    instance = call.existing_instance(params["instanceName"])
    rules: list[dict[str, Any]] = []
    for info in params["portInfos"]:
        merge(rules, parse(info, instance["ipAddressType"]))
    instance["networking"]["ports"] = rules
    return _answer(call, instance, "PutInstancePublicPorts", None)


OPERATIONS = {
    "CloseInstancePublicPorts": close_instance_public_ports,
    "GetInstancePortStates": get_instance_port_states,
    "OpenInstancePublicPorts": open_instance_public_ports,
    "PutInstancePublicPorts": put_instance_public_ports,
}
"""The firewall operations, by AWS operation name."""
