"""Firewall rules: the service's rules for a ``PortInfo``, each instance's stored rules, and how answers show them.

A rule is stored as ``{fromPort, toPort, protocol, cidrs, ipv6Cidrs, cidrListAliases}``; GetInstance shows it as an
``InstancePortInfo`` (E7, E8) and GetInstancePortStates as an ``InstancePortState`` (get-instance-port-states.rst).
"""

from __future__ import annotations

import ipaddress
from collections.abc import Callable, Mapping
from typing import Any, Final

from ._catalogue import default_ports
from ._errors import invalid

__all__ = ["default_rules", "details", "key", "merge", "parse", "port_info", "port_state"]

PROTOCOLS: Final = ("tcp", "all", "udp", "icmp", "icmpv6")
"""The model's ``NetworkProtocol`` values."""

ANYWHERE_V4: Final = "0.0.0.0/0"
ANYWHERE_V6: Final = "::/0"
ALIASES: Final = ("lightsail-connect",)
"""The only ``cidrListAliases`` value the service supports (model doc)."""

MAX_SOURCES: Final = 60
"""Source addresses per rule and address family through the API (developer guide, "Creating firewall rules")."""

_ICMP_RANGE: Final = range(-1, 256)


def _rule(
    protocol: str, from_port: int, to_port: int, cidrs: list[str], ipv6: list[str], aliases: list[str]
) -> dict[str, Any]:
    return {
        "fromPort": from_port,
        "toPort": to_port,
        "protocol": protocol,
        "cidrs": cidrs,
        "ipv6Cidrs": ipv6,
        "cidrListAliases": aliases,
    }


def _anywhere(ip_address_type: str) -> tuple[list[str], list[str]]:
    """Open to everyone: IPv4 everywhere, IPv6 too unless the instance has no IPv6 (E7: 2019, IPv4 only; E8)."""
    return [ANYWHERE_V4], [] if ip_address_type == "ipv4" else [ANYWHERE_V6]


def default_rules(blueprint_id: str, ip_address_type: str) -> list[dict[str, Any]]:
    """The rules a new instance gets: its blueprint's defaults, open to everyone (E27, E7, E8)."""
    cidrs, ipv6 = _anywhere(ip_address_type)
    return [_rule(p, f, t, list(cidrs), list(ipv6), []) for p, f, t in default_ports(blueprint_id)]


def _sources(
    value: object, member: str, network: Callable[[str], ipaddress.IPv4Network | ipaddress.IPv6Network]
) -> list[str]:
    if not isinstance(value, list):
        return []
    if len(value) > MAX_SOURCES:
        raise invalid(f"{member} can list at most {MAX_SOURCES} addresses per rule")
    kept: list[str] = []
    for item in value:
        try:
            network(str(item))
        except ValueError:
            raise invalid(f"{item} is not a valid CIDR in {member}") from None
        if item not in kept:
            kept.append(str(item))
    return kept


def parse(info: Mapping[str, Any], ip_address_type: str) -> dict[str, Any]:
    """The rule a request's ``PortInfo`` describes, checked against the service's rules.

    Protocols are taken in any case (the AWS CLI example sends ``TCP`` and is answered ``22/tcp``). TCP, UDP and
    ``all`` take ports 0-65535 with ``fromPort`` <= ``toPort``; ICMP and ICMPv6 take a type and a code from -1 to
    255. A rule with no sources is open to everyone.

    Raises:
        ServiceError: InvalidInputException naming the broken rule.
    """
    protocol = str(info.get("protocol", "")).lower()
    if protocol not in PROTOCOLS:
        raise invalid(f"{info.get('protocol')} is not a valid protocol. Use one of: {', '.join(PROTOCOLS)}")
    from_port, to_port = info.get("fromPort"), info.get("toPort")
    if not (isinstance(from_port, int) and isinstance(to_port, int)):
        raise invalid("fromPort and toPort are required in each port info")
    if protocol.startswith("icmp"):
        if from_port not in _ICMP_RANGE or to_port not in _ICMP_RANGE:
            raise invalid(f"The {protocol} type and code must be from -1 to 255: {from_port}, {to_port}")
    elif not 0 <= from_port <= to_port <= 65535:
        raise invalid(f"The port range {from_port}-{to_port} is not valid: use 0-65535, fromPort <= toPort")
    cidrs = _sources(info.get("cidrs"), "cidrs", lambda c: ipaddress.IPv4Network(c, strict=True))
    ipv6 = _sources(info.get("ipv6Cidrs"), "ipv6Cidrs", lambda c: ipaddress.IPv6Network(c, strict=True))
    aliases = info.get("cidrListAliases") or []
    for alias in aliases:
        if alias not in ALIASES:
            raise invalid(f"{alias} is not a valid cidrListAlias. The only alias is lightsail-connect")
    if not (cidrs or ipv6 or aliases):
        cidrs, ipv6 = _anywhere(ip_address_type)
    return _rule(protocol, from_port, to_port, cidrs, ipv6, list(dict.fromkeys(aliases)))


def key(rule: Mapping[str, Any]) -> tuple[str, int, int]:
    """What identifies a rule: its protocol and port range."""
    return (str(rule["protocol"]), int(rule["fromPort"]), int(rule["toPort"]))


def merge(rules: list[dict[str, Any]], new: Mapping[str, Any]) -> None:
    """Add ``new`` to ``rules``; a rule with the same protocol and ports gains its sources instead."""
    for rule in rules:
        if key(rule) == key(new):
            for member in ("cidrs", "ipv6Cidrs", "cidrListAliases"):
                rule[member] = list(dict.fromkeys([*rule[member], *new[member]]))
            return
    rules.append(dict(new))


def details(rule: Mapping[str, Any]) -> str:
    """The ``operationDetails`` of opening or closing the rule: ``22/tcp`` (open-instance-public-ports.rst)."""
    protocol, from_port, to_port = key(rule)
    ports = str(from_port) if from_port == to_port else f"{from_port}-{to_port}"
    return f"{ports}/{protocol}"


def _access_from(rule: Mapping[str, Any]) -> str:
    cidrs, ipv6, aliases = rule["cidrs"], rule["ipv6Cidrs"], rule["cidrListAliases"]
    if aliases:
        return "Custom"
    everyone = {
        ((ANYWHERE_V4,), (ANYWHERE_V6,)): "Anywhere (0.0.0.0/0 and ::/0)",
        ((ANYWHERE_V4,), ()): "Anywhere (0.0.0.0/0)",
        ((), (ANYWHERE_V6,)): "Anywhere (::/0)",
    }
    return everyone.get((tuple(cidrs), tuple(ipv6)), "Custom")


def port_info(rule: Mapping[str, Any]) -> dict[str, Any]:
    """The rule as GetInstance shows it (``InstancePortInfo``, E7 and E8)."""
    return {
        "fromPort": rule["fromPort"],
        "toPort": rule["toPort"],
        "protocol": rule["protocol"],
        "accessFrom": _access_from(rule),
        "accessType": "public",
        "commonName": "",
        "accessDirection": "inbound",
        "cidrs": list(rule["cidrs"]),
        "ipv6Cidrs": list(rule["ipv6Cidrs"]),
        "cidrListAliases": list(rule["cidrListAliases"]),
    }


def port_state(rule: Mapping[str, Any]) -> dict[str, Any]:
    """The rule as GetInstancePortStates shows it (``InstancePortState``): always ``open`` (model doc)."""
    return {
        "fromPort": rule["fromPort"],
        "toPort": rule["toPort"],
        "protocol": rule["protocol"],
        "state": "open",
        "cidrs": list(rule["cidrs"]),
        "ipv6Cidrs": list(rule["ipv6Cidrs"]),
        "cidrListAliases": list(rule["cidrListAliases"]),
    }
