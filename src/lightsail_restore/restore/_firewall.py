"""Firewall rules compared by what they let in, the rules a restored instance starts with, and rules in words.

A rule (a ``PortInfo``, or an ``InstancePortState`` dict as ``GetInstancePortStates`` answers it) lets each of its
sources in on its protocol and ports. One such pair is an ``Access``: ``(protocol, fromPort, toPort, source)``.
Two firewalls let the same traffic in when their sets of accesses are equal, whatever the grouping, the order, the
repeats or the spelling of the addresses (``203.0.113.7`` and ``203.0.113.7/32``; AWS may merge rules of the same
ports, and applies the most permissive of overlapping rules: UG-fw). That is how the plan tells what a restore
loses, and how a rerun tells that an instance's firewall is already as asked.

A rule with no source at all is open to everyone, as AWS documents ("By default, firewall rules allow all IP
addresses"): ``0.0.0.0/0`` and ``::/0``. On an instance without IPv6 (``ipAddressType`` ``ipv4``) the IPv6 sources
let nothing in, so they are left out of the comparison.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Final

from ..request import PortInfo

__all__ = ["ANYWHERE_V4", "ANYWHERE_V6", "Access", "accesses", "default_rules", "describe", "in_words"]

ANYWHERE_V4: Final = "0.0.0.0/0"
"""Every IPv4 address."""
ANYWHERE_V6: Final = "::/0"
"""Every IPv6 address."""

Access = tuple[str, int, int, str]
"""What one rule lets in from one source: ``(protocol, fromPort, toPort, source)``, the source normalised."""

Rule = PortInfo | Mapping[str, Any]
"""A firewall rule: a ``PortInfo``, or an AWS dict with its members (``InstancePortState``, ``PortInfo``)."""

_SOURCE_MEMBERS: Final = ("cidrs", "ipv6Cidrs", "cidrListAliases")

# The developer guide's "Default Lightsail firewall rules" (E27), by the blueprint ids whose defaults differ.
_CPANEL: Final = (("tcp", 53), ("udp", 53), ("tcp", 2078), ("tcp", 2083), ("tcp", 2087), ("tcp", 2089))
_PLESK: Final = (("tcp", 53), ("udp", 53), ("tcp", 8443), ("tcp", 8447))


def _members(rule: Rule) -> Mapping[str, Any]:
    return rule.to_boto3() if isinstance(rule, PortInfo) else rule


def _source(value: object) -> str:
    text = str(value)
    try:
        return ipaddress.ip_network(text, strict=False).compressed
    except ValueError:
        return text  # an alias (lightsail-connect)


def _rule_accesses(rule: Rule, ipv6: bool) -> list[Access]:
    members = _members(rule)
    protocol = str(members.get("protocol", "")).lower()
    from_port, to_port = int(members.get("fromPort", 0)), int(members.get("toPort", 0))
    sources = [_source(s) for member in _SOURCE_MEMBERS for s in members.get(member) or ()]
    if not sources:
        sources = [ANYWHERE_V4, ANYWHERE_V6]
    # an instance without IPv6 cannot be reached from an IPv6 source: such sources let nothing in there
    return [(protocol, from_port, to_port, s) for s in sources if ipv6 or ":" not in s]


def accesses(rules: Iterable[Rule], *, ipv6: bool) -> frozenset[Access]:
    """Everything ``rules`` let in, one access per protocol, port range and source.

    Args:
        rules: ``PortInfo`` models or AWS dicts (``GetInstancePortStates`` entries).
        ipv6: Whether the instance has IPv6 (without it, IPv6 sources let nothing in and are left out).
    """
    return frozenset(access for rule in rules for access in _rule_accesses(rule, ipv6))


def _ports(protocol: str, from_port: int, to_port: int) -> str:
    if protocol in ("icmp", "icmpv6"):
        if from_port == -1:
            return f"{protocol} (every type)"
        code = "every code" if to_port == -1 else f"code {to_port}"
        return f"{protocol} type {from_port}, {code}"
    return f"{protocol} {from_port}" if from_port == to_port else f"{protocol} {from_port}-{to_port}"


def describe(rules: Iterable[Rule], *, ipv6: bool, only: frozenset[Access] | None = None) -> list[str]:
    """The rules in words, one phrase per protocol and port range, in the order of ``rules``.

    Args:
        rules: The rules.
        ipv6: Whether the instance has IPv6.
        only: Keep only these accesses (e.g. what another firewall lacks).

    Returns:
        Phrases such as ``tcp 8080 from 203.0.113.0/24`` or ``tcp 443 from 0.0.0.0/0, ::/0``.
    """
    grouped: dict[tuple[str, int, int], list[str]] = {}
    for rule in rules:
        for protocol, from_port, to_port, source in _rule_accesses(rule, ipv6):
            if only is not None and (protocol, from_port, to_port, source) not in only:
                continue
            sources = grouped.setdefault((protocol, from_port, to_port), [])
            if source not in sources:
                sources.append(source)
    return [f"{_ports(*key)} from {', '.join(sources)}" for key, sources in grouped.items()]


def in_words(phrases: Sequence[str]) -> str:
    """Phrases joined for a sentence (``a; b; c``), or ``none``."""
    return "; ".join(phrases) or "none"


def default_rules(blueprint: Mapping[str, Any] | None, *, ipv6: bool) -> tuple[PortInfo, ...]:
    """The rules an instance restored from a snapshot of this blueprint starts with: its blueprint's defaults.

    "Custom firewall rules that were created on the original instance are not re-created on your new instance
    created from a snapshot. Only the default rules are created" (E27). The defaults come from the developer
    guide's "Default Lightsail firewall rules": SSH (22) and HTTP (80) for a base OS; HTTPS (443) too for an
    application blueprint (with DNS and the control-panel ports for cPanel & WHM and Plesk); RDP (3389) too on
    Windows; each open to everyone. AWS gives no call that lists them, so this is the guide's table, not an
    answer: a blueprint the guide does not list gets the rules of its kind.

    Args:
        blueprint: The blueprint as ``GetBlueprints`` lists it (``blueprintId``, ``type``, ``platform``), or
            ``None`` when unknown (then the base OS defaults).
        ipv6: Whether the new instance has IPv6 (its rules are then open to ``::/0`` too).
    """
    blueprint = blueprint or {}
    blueprint_id = str(blueprint.get("blueprintId") or "").lower()
    ports: list[tuple[str, int]] = [("tcp", 22), ("tcp", 80)]
    if blueprint.get("platform") == "WINDOWS":
        ports.append(("tcp", 3389))
    elif blueprint.get("type") == "app":
        ports.append(("tcp", 443))
        if blueprint_id.startswith("cpanel"):
            ports += _CPANEL
        elif blueprint_id.startswith("plesk"):
            ports += _PLESK
    sources: dict[str, Any] = {"cidrs": [ANYWHERE_V4], "ipv6Cidrs": [ANYWHERE_V6] if ipv6 else []}
    return tuple(
        PortInfo.from_boto3({"fromPort": port, "toPort": port, "protocol": protocol, **sources})
        for protocol, port in ports
    )
