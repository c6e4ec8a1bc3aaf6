"""The typed request of PutInstancePublicPorts: an instance's whole firewall, every rule refused before sending.

``PortInfo`` is one firewall rule (AWS ``PortInfo``); ``PutInstancePublicPortsRequest`` sets the instance's
complete list of rules: AWS closes every open port the list leaves out. Both take snake_case names in Python and
AWS camelCase names from dicts, and ``to_boto3()`` gives back exactly the members that were set.

Sources of the rules (detailed, with confidence, in ``docs/validation.md``): the API Reference pages
``PortInfo`` and ``PutInstancePublicPorts`` and the service model (ranges, protocols, ICMP type and code, address
families, the one alias), and the Lightsail developer guide "Instance firewalls" (60 IPv4 and 60 IPv6 sources
per firewall; overlapping rules are allowed, the most permissive one applies).
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Annotated, Any, Final, Literal, Self, cast

from pydantic import AfterValidator, Strict, WithJsonSchema
from pydantic_core import PydanticCustomError

from ..errors import Issue, RequestValidationError
from ._base import OperationRequest
from ._issues import Loc
from ._rules import Rule
from ._types import ResourceName, as_tuple

if TYPE_CHECKING:
    from mypy_boto3_lightsail.type_defs import PortInfoTypeDef, PutInstancePublicPortsRequestTypeDef

__all__ = [
    "CIDR_LIST_ALIASES",
    "ICMP_MAX",
    "ICMP_PROTOCOLS",
    "IPV4_CIDR_PATTERN",
    "IPV6_CIDR_PATTERN",
    "MAX_SOURCES_PER_FAMILY",
    "NETWORK_PROTOCOLS",
    "PORT_INFO_RULES",
    "PORT_MAX",
    "PORT_MIN",
    "PUT_INSTANCE_PUBLIC_PORTS_RULES",
    "RANGE_PROTOCOLS",
    "CidrListAlias",
    "Ipv4Cidr",
    "Ipv6Cidr",
    "NetworkProtocol",
    "Port",
    "PortInfo",
    "PutInstancePublicPortsRequest",
    "parse_port_infos",
]

NETWORK_PROTOCOLS: Final = ("tcp", "all", "udp", "icmp", "icmpv6")
"""The protocols of a firewall rule, in the service model's order (AWS ``NetworkProtocol``)."""
RANGE_PROTOCOLS: Final = ("tcp", "all", "udp")
"""Protocols whose ``fromPort``-``toPort`` is a port range, 0-65535."""
ICMP_PROTOCOLS: Final = ("icmp", "icmpv6")
"""Protocols whose ``fromPort`` is an ICMP type and ``toPort`` an ICMP code, each 0-255 or -1 (all)."""
CIDR_LIST_ALIASES: Final = ("lightsail-connect",)
"""The only alias AWS supports: the addresses of the browser-based SSH/RDP client of the Lightsail console."""
PORT_MIN: Final = -1
"""The service model's lowest ``Port`` (-1 means every ICMP type or code)."""
PORT_MAX: Final = 65535
"""The service model's highest ``Port``."""
ICMP_MAX: Final = 255
"""The highest ICMP (and ICMPv6) type or code: both are 8-bit fields."""
MAX_SOURCES_PER_FAMILY: Final = 60
"""At most 60 IPv4 and 60 IPv6 sources (addresses or CIDR blocks) per firewall, counted apart."""

_OCTET: Final = r"(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])"
IPV4_CIDR_PATTERN: Final = rf"^{_OCTET}(?:\.{_OCTET}){{3}}(?:/(?:3[0-2]|[12]?[0-9]))?$"
"""An IPv4 address in dotted decimal, without leading zeros, optionally with a prefix length 0-32."""
IPV6_CIDR_PATTERN: Final = r"^[0-9A-Fa-f:.]{2,45}(?:/(?:12[0-8]|1[01][0-9]|[1-9]?[0-9]))?$"
"""The characters of an IPv6 address (``ipaddress`` decides the rest), optionally a prefix length 0-128.

No zone index (``%eth0``) and no leading zeros in the prefix length.
"""

_IPV4_RE: Final = re.compile(IPV4_CIDR_PATTERN)
_IPV6_RE: Final = re.compile(IPV6_CIDR_PATTERN)


def _port(value: int) -> int:
    if not PORT_MIN <= value <= PORT_MAX:
        raise PydanticCustomError("port", "must be a whole number from -1 to 65535 (-1 only for icmp and icmpv6)")
    return value


def _cidr(
    pattern: re.Pattern[str], network: type[ipaddress.IPv4Network | ipaddress.IPv6Network], rule: str, message: str
) -> Callable[[str], str]:
    """The check of an address or CIDR block of one family: its characters, then strictly its network."""

    def check(value: str) -> str:
        if pattern.fullmatch(value):
            try:
                network(value)  # strict: no bits set after the prefix
            except ValueError:
                pass
            else:
                return value
        raise PydanticCustomError(rule, message)

    return check


_ipv4_cidr = _cidr(
    _IPV4_RE,
    ipaddress.IPv4Network,
    "ipv4_cidr",
    "must be an IPv4 address such as 192.0.2.44 or a CIDR block such as 192.0.2.0/24, with no bits set "
    "after the prefix; IPv6 sources go in ipv6Cidrs",
)
_ipv6_cidr = _cidr(
    _IPV6_RE,
    ipaddress.IPv6Network,
    "ipv6_cidr",
    "must be an IPv6 address such as 2001:db8::1 or a CIDR block such as 2001:db8::/32, with no bits set "
    "after the prefix; IPv4 sources go in cidrs",
)


Port = Annotated[int, Strict(), AfterValidator(_port)]
"""A port, ICMP type or ICMP code: a whole number (not a bool, not a string) from -1 to 65535."""
Ipv4Cidr = Annotated[str, Strict(), AfterValidator(_ipv4_cidr)]
"""An IPv4 address (``192.0.2.44``) or CIDR block (``192.0.2.0/24``), kept exactly as written."""
Ipv6Cidr = Annotated[str, Strict(), AfterValidator(_ipv6_cidr)]
"""An IPv6 address (``2001:db8::1``) or CIDR block (``2001:db8::/32``), kept exactly as written."""
NetworkProtocol = Literal["tcp", "all", "udp", "icmp", "icmpv6"]
"""The protocol of a firewall rule (AWS ``NetworkProtocol``), lower case as in the service model."""


def _protocol(value: str) -> str:
    if value.lower() in NETWORK_PROTOCOLS:
        return value
    raise PydanticCustomError(
        "enum", "must be 'tcp', 'all', 'udp', 'icmp' or 'icmpv6', in any case (TCP is taken and answered tcp)"
    )


if TYPE_CHECKING:  # what type checkers see: the model's spelling or the AWS CLI examples' (any case at run time)
    Protocol = NetworkProtocol | Literal["TCP", "ALL", "UDP", "ICMP", "ICMPV6"]
else:
    Protocol = Annotated[
        str, Strict(), AfterValidator(_protocol), WithJsonSchema({"type": "string", "enum": list(NETWORK_PROTOCOLS)})
    ]
"""A ``NetworkProtocol`` in any case, kept as written: the AWS CLI's examples send ``TCP``, which the service takes
and answers in lower case (E33)."""
CidrListAlias = Literal["lightsail-connect"]
"""An alias for a preconfigured range of addresses; ``lightsail-connect`` is the only one AWS supports."""

if TYPE_CHECKING:
    # What type checkers see: a list or a tuple, so a bare string (itself a Sequence[str]) is an error.
    Ipv4Cidrs = list[str] | tuple[str, ...]
    Ipv6Cidrs = list[str] | tuple[str, ...]
    CidrListAliases = list[CidrListAlias] | tuple[CidrListAlias, ...]
else:
    Ipv4Cidrs = Annotated[Sequence[Ipv4Cidr], AfterValidator(as_tuple)]
    Ipv6Cidrs = Annotated[Sequence[Ipv6Cidr], AfterValidator(as_tuple)]
    CidrListAliases = Annotated[Sequence[CidrListAlias], AfterValidator(as_tuple)]


# ------------------------------------------------------------------------------------------------------------
# Cross-field rules of one PortInfo: what fromPort and toPort mean depends on the protocol
# ------------------------------------------------------------------------------------------------------------


def _range_not_negative(info: PortInfo) -> Iterator[tuple[Loc, str]]:
    if info.protocol.lower() in RANGE_PROTOCOLS:
        for field in ("from_port", "to_port"):
            if getattr(info, field) < 0:
                yield (field,), "must be 0-65535 with protocol tcp, udp or all: -1 is only for icmp and icmpv6"


def _range_order(info: PortInfo) -> Iterator[tuple[Loc, str]]:
    if info.protocol.lower() in RANGE_PROTOCOLS and 0 <= info.to_port < info.from_port:
        yield ("to_port",), "must not be below fromPort: the rule opens the ports fromPort to toPort"


def _icmp_type(info: PortInfo) -> Iterator[tuple[Loc, str]]:
    if info.protocol.lower() in ICMP_PROTOCOLS and info.from_port > ICMP_MAX:
        yield ("from_port",), "must be an ICMP type, 0-255, or -1 for every type: icmp and icmpv6 put it in fromPort"


def _icmp_code(info: PortInfo) -> Iterator[tuple[Loc, str]]:
    if info.protocol.lower() in ICMP_PROTOCOLS and info.to_port > ICMP_MAX:
        yield ("to_port",), "must be an ICMP code, 0-255, or -1 for every code: icmp and icmpv6 put it in toPort"


def _icmp_every_type_every_code(info: PortInfo) -> Iterator[tuple[Loc, str]]:
    if info.protocol.lower() in ICMP_PROTOCOLS and info.from_port == -1 and 0 <= info.to_port <= ICMP_MAX:
        yield ("to_port",), "must be -1 when fromPort is -1: every ICMP type goes with every code"


PORT_INFO_RULES: Final[tuple[Rule[PortInfo], ...]] = (
    Rule(
        "P1_port_range",
        "With protocol `tcp`, `udp` or `all`, `fromPort` and `toPort` are ports 0-65535 (-1 is for ICMP only).",
        "API-PortInfo",
        _range_not_negative,
    ),
    Rule(
        "P2_port_order",
        "With protocol `tcp`, `udp` or `all`, `fromPort` is at most `toPort`.",
        "API-PortInfo",
        _range_order,
    ),
    Rule(
        "P3_icmp_type_range",
        "With protocol `icmp` or `icmpv6`, `fromPort` is the ICMP type: 0-255, or -1 for every type.",
        "API-PortInfo, RFC 792/4443",
        _icmp_type,
    ),
    Rule(
        "P4_icmp_code_range",
        "With protocol `icmp` or `icmpv6`, `toPort` is the ICMP code: 0-255, or -1 for every code.",
        "API-PortInfo, RFC 792/4443",
        _icmp_code,
    ),
    Rule(
        "P5_icmp_every_type_every_code",
        "With protocol `icmp` or `icmpv6`, `fromPort` -1 (every type) goes with `toPort` -1 (every code).",
        "UG-fw, TF-30288, TF-35526, EC2",
        _icmp_every_type_every_code,
    ),
)
"""The cross-field rules of one ``PortInfo``, in the order they are checked and reported."""


class PortInfo(OperationRequest):
    """One firewall rule: a protocol, its ports (or ICMP type and code), and who may connect (AWS ``PortInfo``).

    ``from_port``, ``to_port`` and ``protocol`` are optional in AWS's service model but required here: a rule
    without them has no meaning AWS documents. With ``tcp``, ``udp`` or ``all`` the rule opens the ports
    ``from_port`` to ``to_port``; with ``icmp`` or ``icmpv6``, ``from_port`` is the ICMP type and ``to_port`` the
    ICMP code (``-1`` for all). Source lists left out are not sent: what AWS then allows is AWS's choice.
    """

    from_port: Port
    """AWS ``fromPort``: the first port (0-65535), or the ICMP type (0-255, -1 for all) with icmp and icmpv6."""
    to_port: Port
    """AWS ``toPort``: the last port (0-65535, at least ``from_port``), or the ICMP code (0-255, -1 for all)."""
    protocol: Protocol
    """AWS ``protocol``: ``tcp``, ``all``, ``udp``, ``icmp`` or ``icmpv6``, in any case, sent as written (the
    service takes ``TCP`` and answers ``tcp``, E33)."""
    cidrs: Ipv4Cidrs | None = None
    """AWS ``cidrs``: IPv4 addresses or CIDR blocks allowed to connect, e.g. ``["203.0.113.7/32"]``."""
    ipv6_cidrs: Ipv6Cidrs | None = None
    """AWS ``ipv6Cidrs``: IPv6 addresses or CIDR blocks allowed to connect, e.g. ``["::/0"]``."""
    cidr_list_aliases: CidrListAliases | None = None
    """AWS ``cidrListAliases``: only ``lightsail-connect`` (the console's browser-based SSH/RDP client)."""

    rules = PORT_INFO_RULES

    @property
    def is_icmp(self) -> bool:
        """Whether ``from_port``/``to_port`` are an ICMP type and code (``icmp``, ``icmpv6``), not ports."""
        return self.protocol.lower() in ICMP_PROTOCOLS

    def to_boto3(self) -> PortInfoTypeDef:
        """The AWS dict of this rule: the three required members, and the source lists only when set."""
        protocol = cast("NetworkProtocol", self.protocol)  # sent as written: the stubs spell only lower case
        out: PortInfoTypeDef = {"fromPort": self.from_port, "toPort": self.to_port, "protocol": protocol}
        if self.cidrs is not None:
            out["cidrs"] = list(self.cidrs)
        if self.ipv6_cidrs is not None:
            out["ipv6Cidrs"] = list(self.ipv6_cidrs)
        if self.cidr_list_aliases is not None:
            out["cidrListAliases"] = list(self.cidr_list_aliases)
        return out

    @classmethod
    def from_port_state(cls, state: Mapping[str, Any]) -> Self:
        """The rule that reopens one entry of ``GetInstancePortStates``' ``portStates`` on another instance.

        Takes the ``PortInfo`` members of an ``InstancePortState`` dict (``fromPort``, ``toPort``, ``protocol``,
        ``cidrs``, ``ipv6Cidrs``, ``cidrListAliases``) and leaves out its read-only ``state`` (always ``open``).

        Raises:
            RequestValidationError: The entry breaks a rule (paths relative to the entry, e.g. ``toPort``).
        """
        members = {alias for name, info in cls.model_fields.items() for alias in (name, info.alias)}
        return cls.from_boto3({key: value for key, value in state.items() if key in members})


if TYPE_CHECKING:
    PortInfos = list[PortInfo] | tuple[PortInfo, ...]
else:
    PortInfos = Annotated[Sequence[PortInfo], AfterValidator(as_tuple)]


def _sources(request: PutInstancePublicPortsRequest, field: str) -> int:
    return sum(len(getattr(info, field) or ()) for info in request.port_infos)


def _source_count(rule: str, family: str, field: str, member: str) -> Rule[PutInstancePublicPortsRequest]:
    """At most 60 sources of one address family (``field``, AWS ``member``) over all ``portInfos``."""

    def check(request: PutInstancePublicPortsRequest) -> Iterator[tuple[Loc, str]]:
        if _sources(request, field) > MAX_SOURCES_PER_FAMILY:
            why = f"a firewall holds 60 {family} rules"
            yield ("port_infos",), f"must list at most 60 {family} sources ({member}) in all: {why}"

    summary = (
        f"At most 60 {family} sources (`{member}` entries) over all `portInfos`: "
        f"a firewall holds at most 60 {family} rules."
    )
    return Rule(rule, summary, "UG-fw", check)


PUT_INSTANCE_PUBLIC_PORTS_RULES: Final[tuple[Rule[PutInstancePublicPortsRequest], ...]] = (
    _source_count("P6_ipv4_source_count", "IPv4", "cidrs", "cidrs"),
    _source_count("P7_ipv6_source_count", "IPv6", "ipv6_cidrs", "ipv6Cidrs"),
)
"""The cross-field rules over a whole ``PutInstancePublicPortsRequest``, in the order they are checked."""


class PutInstancePublicPortsRequest(OperationRequest):
    """A validated PutInstancePublicPorts request (AWS ``PutInstancePublicPortsRequest``).

    Sets the instance's whole firewall: AWS opens the ports of ``port_infos`` and closes every other open port,
    so an empty ``port_infos`` closes them all (SSH included). Overlapping or repeated rules are allowed (AWS
    applies the most permissive one). Construct it with snake_case keywords, with ``model_validate`` or
    ``from_boto3`` from the boto3 (camelCase) dict, or with ``for_instance``.
    """

    port_infos: PortInfos
    """AWS ``portInfos``: every rule the firewall will hold (at most 60 IPv4 and 60 IPv6 sources in all)."""
    instance_name: ResourceName
    """AWS ``instanceName``: the instance whose firewall to set."""

    rules = PUT_INSTANCE_PUBLIC_PORTS_RULES

    @property
    def closes_every_port(self) -> bool:
        """Whether the request leaves no port open (``port_infos`` is empty)."""
        return not self.port_infos

    def to_boto3(self) -> PutInstancePublicPortsRequestTypeDef:
        """The exact kwargs for ``client.put_instance_public_ports(**...)``."""
        return {"portInfos": [info.to_boto3() for info in self.port_infos], "instanceName": self.instance_name}

    @classmethod
    def for_instance(cls, instance_name: str, port_infos: Sequence[PortInfo | Mapping[str, Any]]) -> Self:
        """The request that gives ``instance_name`` exactly the rules ``port_infos`` (models or AWS dicts).

        Raises:
            RequestValidationError: Any rule is broken; nothing is sent.
        """
        return cls.from_boto3({"instanceName": instance_name, "portInfos": list(port_infos)})


class PortsFile(OperationRequest):
    """The ``portInfos`` of a ports file (JSON or YAML): ``{"portInfos": [...]}`` and nothing else."""

    port_infos: PortInfos
    """AWS ``portInfos``: the rules, each a ``PortInfo`` dict."""


def parse_port_infos(data: object) -> tuple[PortInfo, ...]:
    """The firewall rules of a ports file, as loaded from JSON or YAML, validated before anything is created.

    Accepts the ``portInfos`` shape: either the list of ``PortInfo`` dicts itself, or an object whose only
    member is ``portInfos`` (as in a ``put-instance-public-ports --cli-input-json`` file without its
    ``instanceName``). The instance is named later, with ``PutInstancePublicPortsRequest.for_instance``.

    Args:
        data: The loaded file: a list, or a dict with the single key ``portInfos``.

    Returns:
        The rules, in file order (possibly none: an empty list closes every port).

    Raises:
        RequestValidationError: The data is not of that shape or a rule is broken (paths such as
            ``portInfos[2].toPort``); the per-firewall source counts are checked too.
    """
    if isinstance(data, list | tuple):
        data = {"portInfos": data}
    if not isinstance(data, Mapping):
        raise RequestValidationError(
            [Issue("", "type", "must be a list of portInfos, or an object whose only member is portInfos")]
        )
    port_infos = PortsFile.from_boto3(data).port_infos
    # The per-firewall rules (source counts) hold for any instance: check them with a stand-in name.
    PutInstancePublicPortsRequest.from_boto3({"instanceName": "ports-file", "portInfos": port_infos})
    return tuple(port_infos)
