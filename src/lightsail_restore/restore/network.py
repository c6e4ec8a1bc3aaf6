"""The plan's look at the network: what the source instance serves with, what a restore loses, what the cut-over does.

When the instance a snapshot was taken from still exists (the automatic snapshot's instance, or a manual
snapshot's ``fromInstanceName`` with the same ARN), the plan reads its firewall (one ``GetInstancePortStates``)
and which static IP is attached to it (from the ``GetStaticIps`` listing the plan reads anyway). It warns when a
restore would lose either, listing them and saying how to carry them over, and it checks the cut-over asked for
(``CutOver``): the rules to copy, and the static IP to attach or move. Instances an earlier run already created
are compared as the plan's ``GetInstances`` listing shows them (no call per instance). Nothing here writes.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from ..errors import LightsailError, LightsailRestoreError, NotFoundException, RequestValidationError, is_retryable
from ..request import CreateInstancesFromSnapshotRequest, PortInfo
from .account import Account
from .cutover import CutOver
from .findings import Findings
from .firewall import accesses, default_rules, describe, in_words
from .source import ResolvedSource
from .stand_in import cause_in_words

if TYPE_CHECKING:
    from mypy_boto3_lightsail.type_defs import InstancePortInfoTypeDef, InstanceTypeDef

__all__ = ["NetworkPlan", "SourceNetwork", "plan_network"]


@dataclass(frozen=True)
class SourceNetwork:
    """The source instance's network setup, as the plan read it.

    Attributes:
        instance_name: The source instance.
        rules: Its firewall rules (``GetInstancePortStates``), each checked as a ``PortInfo``; ``None`` when they
            could not be read or checked.
        static_ip: The static IP attached to it, if any.
        static_ip_address: That static IP's address.
    """

    instance_name: str
    rules: tuple[PortInfo, ...] | None
    static_ip: str | None = None
    static_ip_address: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (AWS member names for the rules)."""
        return {
            "instanceName": self.instance_name,
            "portInfos": None if self.rules is None else [r.to_boto3() for r in self.rules],
            "staticIp": self.static_ip,
            "staticIpAddress": self.static_ip_address,
        }


@dataclass(frozen=True)
class NetworkPlan:
    """What the plan found about the network, and what the cut-over will do once the instances run.

    Attributes:
        source: The source instance's setup, or ``None`` when there is no source instance to read.
        ipv6: Whether the new instances have IPv6 (``ipAddressType`` other than ``ipv4``).
        defaults: The rules a restored instance starts with (its blueprint's defaults, from the developer guide).
        ports: The rules the ports step puts on each new instance, or ``None`` for no ports step.
        ports_from: ``source`` (copied from the source instance) or ``given``, with ``ports``.
        static_ip: The static IP the static-IP step attaches to the new instance, if any.
        static_ip_address: Its address.
        static_ip_holder: The instance it is attached to now, which loses it (``None`` when it is free, or
            already on the new instance).
    """

    source: SourceNetwork | None
    ipv6: bool
    defaults: tuple[PortInfo, ...]
    ports: tuple[PortInfo, ...] | None = None
    ports_from: Literal["source", "given"] | None = None
    static_ip: str | None = None
    static_ip_address: str | None = None
    static_ip_holder: str | None = None

    @property
    def source_name(self) -> str:
        """The source instance's name, or ``the source instance`` when there is none to read."""
        return self.source.instance_name if self.source is not None else "the source instance"

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict: the source's setup, the defaults, and what the steps would do."""
        return {
            "source": None if self.source is None else self.source.to_dict(),
            "defaultPortInfos": [r.to_boto3() for r in self.defaults],
            "portInfos": None if self.ports is None else [r.to_boto3() for r in self.ports],
            "portsFrom": self.ports_from,
            "staticIp": self.static_ip,
            "staticIpAddress": self.static_ip_address,
            "staticIpFrom": self.static_ip_holder,
        }


class _Look:
    def __init__(
        self,
        account: Account,
        request: CreateInstancesFromSnapshotRequest,
        source: ResolvedSource | None,
        cut_over: CutOver,
        findings: Findings,
        to_create: tuple[str, ...],
        source_account: Account | None = None,
    ) -> None:
        self.account = account
        self.source_account = source_account or account
        self.cross_region = self.source_account.region != account.region  # a copy may stay in its Region
        self.request = request
        self.source = source
        self.cut_over = cut_over
        self.findings = findings
        self.to_create = to_create
        self.names = ", ".join(request.instance_names)
        one = len(request.instance_names) == 1
        self.once_they_run = f"once {self.names} {'runs' if one else 'run'}"
        self.whose_defaults = "its default rules" if one else "the default rules of each"
        self.ipv6 = (request.ip_address_type or "dualstack") != "ipv4"

    def run(self) -> NetworkPlan:
        source = self.source
        blueprint = self.account.blueprint(source.blueprint_id) if source is not None else None
        defaults = default_rules(blueprint, ipv6=self.ipv6)
        network = self.read_source(defaults)
        ports, ports_from = self.ports(network, defaults)
        plan = NetworkPlan(source=network, ipv6=self.ipv6, defaults=defaults, ports=ports, ports_from=ports_from)
        return self.static_ip(plan)

    # -- the source instance --------------------------------------------------------------------------------
    def source_instance(self) -> InstanceTypeDef | None:
        """The instance the snapshot was taken from, when it still exists (same name, and same ARN when known)."""
        source = self.source
        if source is None or source.instance_name is None:
            return None
        instance = self.source_account.instances().get(source.instance_name)
        if instance is None:
            return None
        arn = instance.get("arn")
        if source.instance_arn and arn and arn != source.instance_arn:
            return None  # another instance under the same name (deleted and created again, or another Region's)
        return instance

    def read_source(self, defaults: tuple[PortInfo, ...]) -> SourceNetwork | None:
        source = self.source
        if source is None:
            return None
        if not self.cross_region:
            return self.read_source_instance(source, defaults)
        if self.source_account.unreachable is None:
            try:
                return self.read_source_instance(source, defaults)
            except LightsailRestoreError as exc:
                if not is_retryable(exc):
                    raise
                self.source_account.unreachable = exc
        self.unreachable(source, self.source_account.unreachable, defaults)
        return None

    def unreachable(self, source: ResolvedSource, error: LightsailRestoreError, defaults: tuple[PortInfo, ...]) -> None:
        """The source Region did not answer (a cross-Region restore): its instance's network cannot be read."""
        region = self.source_account.region
        who = source.instance_name or "the source instance"
        why = f"{region}, the source Region, could not be reached ({cause_in_words(error)})"
        if self.cut_over.copy_ports:
            self.findings.add(
                "copy_ports_source_unreachable",
                "portInfos",
                "error",
                f"copy_ports copies the firewall rules of {who} in {region}, and {why}; give the rules with ports "
                f"(--ports FILE) instead, or run the same restore again once {region} answers",
            )
        elif not any(f.rule == "source_region_unreachable" for f in self.findings):  # the copy's says it already
            gets = (
                f"; {self.names} will get only the default rules ({in_words(describe(defaults, ipv6=self.ipv6))}) "
                "unless given ports (--ports FILE)"
                if self.to_create and not self.cut_over.sets_ports
                else ""
            )
            self.findings.add(
                "source_region_unreachable",
                "sourceRegion",
                "warning",
                f"{why}: not checked: the firewall rules and static IP of {who} (what a restore loses of them){gets}",
            )

    def read_source_instance(self, source: ResolvedSource, defaults: tuple[PortInfo, ...]) -> SourceNetwork | None:
        instance = self.source_instance()
        if instance is None:
            self.gone(source, defaults)
            return None
        name = str(instance.get("name"))
        static = next(
            (
                s
                for s in self.source_account.static_ips().values()
                if s.get("isAttached") and s.get("attachedTo") == name
            ),
            None,
        )
        network = SourceNetwork(
            instance_name=name,
            rules=self.read_rules(name) if self.cut_over.ports is None else None,
            static_ip=None if static is None else str(static.get("name")),
            static_ip_address=None if static is None else static.get("ipAddress"),
        )
        return network

    def gone(self, source: ResolvedSource, defaults: tuple[PortInfo, ...]) -> None:
        who = f"{source.instance_name}, the instance it was taken from," if source.instance_name else "its instance"
        what = f"{source.describe()}: {who} no longer exists in {self.source_account.region}"
        if self.cut_over.copy_ports:
            self.findings.add(
                "copy_ports_source",
                "portInfos",
                "error",
                f"copy_ports copies the source instance's firewall rules, and there is none to read ({what}); "
                "give the rules with ports (--ports FILE) instead",
            )
        elif self.to_create and not self.cut_over.sets_ports:
            self.findings.add(
                "source_network_unknown",
                "portInfos",
                "info",
                f"{what}, so the firewall rules and static IP it had cannot be read; "
                f"{self.names} will get only the default rules "
                f"({in_words(describe(defaults, ipv6=self.ipv6))}): give ports (--ports FILE) to set others",
            )

    def read_rules(self, name: str) -> tuple[PortInfo, ...] | None:
        try:
            answer = self.source_account.api.get_instance_port_states(name)
            states = answer.get("portStates") or []
        except NotFoundException:
            states = None  # deleted since the plan listed it
        except LightsailError as exc:
            if self.cut_over.copy_ports or (self.cross_region and exc.is_retryable):
                raise
            self.findings.add(
                "source_ports_unread",
                "portInfos",
                "warning",
                f"could not read the firewall rules of {name} ({exc.error_code}), so what a restore loses of them "
                "is unknown",
            )
            return None
        if states is None:
            if self.cut_over.copy_ports:
                self.findings.add(
                    "copy_ports_source",
                    "portInfos",
                    "error",
                    f"copy_ports copies the firewall rules of {name}, which was deleted while the plan looked; "
                    "give the rules with ports (--ports FILE) instead",
                )
            return None
        rules: list[PortInfo] = []
        for index, state in enumerate(states):
            try:
                rules.append(PortInfo.from_port_state(state))
            except RequestValidationError as exc:
                if self.cut_over.copy_ports:
                    for issue in exc.issues:
                        self.findings.add(
                            issue.rule,
                            f"portInfos[{index}]" + (f".{issue.path}" if issue.path else ""),
                            "error",
                            f"rule {index} of {name} cannot be copied: {issue.message}",
                        )
                return None
        return tuple(rules)

    # -- the ports step -------------------------------------------------------------------------------------
    def ports(
        self, network: SourceNetwork | None, defaults: tuple[PortInfo, ...]
    ) -> tuple[tuple[PortInfo, ...] | None, Literal["source", "given"] | None]:
        cut_over = self.cut_over
        if cut_over.ports is not None:
            self.will_put(cut_over.ports, "the given rules")
            return cut_over.ports, "given"
        if network is None or network.rules is None:
            return None, None
        if cut_over.copy_ports:
            self.will_put(network.rules, f"the rules of {network.instance_name}")
            return network.rules, "source"
        self.would_lose(network.instance_name, network.rules, defaults)
        return None, None

    def listed_rules(self, name: str) -> list[InstancePortInfoTypeDef] | None:
        """The rules of an existing instance as the plan's ``GetInstances`` listing shows them (no extra call).

        ``None`` when the listing does not show the sources of every rule (older answers had no ``cidrs``, E7).
        """
        instance = self.account.instances().get(name) or {}
        ports = (instance.get("networking") or {}).get("ports")
        if not isinstance(ports, list) or any("cidrs" not in p for p in ports):
            return None
        return ports

    def differences(self, source: str, rules: tuple[PortInfo, ...], theirs: Any, target: str, new: bool) -> list[str]:
        have, get = accesses(rules, ipv6=self.ipv6), accesses(theirs, ipv6=self.ipv6)
        lost = describe(rules, ipv6=self.ipv6, only=have - get)
        opened = describe(theirs, ipv6=self.ipv6, only=get - have)
        parts = []
        if lost:
            parts.append(f"{source}'s firewall lets in what {target} {'will' if new else 'does'} not: {in_words(lost)}")
        if opened:
            parts.append(f"{target} {'will let' if new else 'lets'} in what {source} does not: {in_words(opened)}")
        return parts

    def would_lose(self, name: str, rules: tuple[PortInfo, ...], defaults: tuple[PortInfo, ...]) -> None:
        """Warn when the new instances (with the defaults) or the ones already created let in other than the source."""
        parts = []
        if self.to_create:
            parts += self.differences(name, rules, defaults, ", ".join(self.to_create), new=True)
        for existing in (n for n in self.request.instance_names if n not in self.to_create):
            listed = self.listed_rules(existing)
            if listed is not None:
                parts += self.differences(name, rules, listed, f"{existing} (created by an earlier run)", new=False)
        if not parts:
            return
        self.findings.add(
            "ports_not_carried",
            "portInfos",
            "warning",
            "a restored instance gets only its blueprint's default firewall rules; "
            + "; and ".join(parts)
            + f"; give copy_ports (--copy-ports) to put {name}'s rules on {self.names} {self.once_they_run}",
        )

    def will_put(self, rules: tuple[PortInfo, ...], whose: str) -> None:
        if not rules:
            self.findings.add(
                "ports_close_every_port",
                "portInfos",
                "warning",
                f"{self.once_they_run}, PutInstancePublicPorts with no rules closes every port, SSH included",
            )
            return
        self.findings.add(
            "ports_put",
            "portInfos",
            "info",
            f"{self.once_they_run}, PutInstancePublicPorts replaces {self.whose_defaults} with {whose}: "
            + in_words(describe(rules, ipv6=self.ipv6)),
        )

    # -- the static IP step ---------------------------------------------------------------------------------
    def static_ip(self, plan: NetworkPlan) -> NetworkPlan:
        wanted = self.cut_over.static_ip
        network = plan.source
        if network is not None and network.static_ip and self.cross_region:
            self.findings.add(
                "static_ip_not_carried",
                "staticIpName",
                "warning",
                f"{network.instance_name} serves at the static IP {network.static_ip} ({network.static_ip_address}) "
                f"in {self.source_account.region}, and a static IP stays in its Region: a restored instance in "
                f"{self.account.region} gets a new address; allocate a static IP there and give it with static_ip "
                "(--static-ip NAME), then point your DNS at it",
            )
        elif network is not None and network.static_ip and network.static_ip != wanted:
            self.findings.add(
                "static_ip_not_carried",
                "staticIpName",
                "warning",
                f"{network.instance_name} serves at the static IP {network.static_ip} ({network.static_ip_address}), "
                f"and a restored instance gets a new address; to move it, give static_ip and move_static_ip "
                f"(--static-ip {network.static_ip} --move-static-ip) for a request of one instance: "
                f"{network.instance_name} then loses it",
            )
        if wanted is None:
            return plan
        request = self.request
        if len(request.instance_names) != 1:
            self.findings.add(
                "static_ip_one_instance",
                "staticIpName",
                "error",
                f"a static IP goes to one instance, and this request creates {len(request.instance_names)}; "
                "restore one instance with static_ip (--static-ip)",
            )
            return plan
        target = request.instance_names[0]
        if request.ip_address_type == "ipv6":
            self.findings.add(
                "static_ip_ipv6_only",
                "staticIpName",
                "error",
                f"{target} is IPv6-only (ipAddressType ipv6), and a static IP is an IPv4 address; "
                "restore it dualstack or ipv4, or leave static_ip out",
            )
        found = self.account.static_ips().get(wanted)
        if found is None:
            self.findings.add(
                "static_ip_exists",
                "staticIpName",
                "error",
                f"no static IP named {wanted} in {self.account.region}; allocate it first (AllocateStaticIp), or "
                "give one that GetStaticIps lists",
            )
            return plan
        address = found.get("ipAddress")
        holder = str(found.get("attachedTo")) if found.get("isAttached") and found.get("attachedTo") else None
        if holder == target:
            self.findings.add(
                "static_ip_attached", "staticIpName", "info", f"{wanted} ({address}) is already attached to {target}"
            )
            return dataclasses.replace(plan, static_ip=wanted, static_ip_address=address)
        if holder is not None and not self.cut_over.move_static_ip:
            self.findings.add(
                "static_ip_move",
                "staticIpName",
                "error",
                f"{wanted} ({address}) is attached to {holder}; moving it to {target} takes it from {holder}, whose "
                f"traffic then goes to {target}: give move_static_ip (--move-static-ip) to move it",
            )
            return plan
        ports = " with its firewall rules" if plan.ports is not None else ""
        if holder is None:
            message = f"once {target} runs{ports}, AttachStaticIp puts {wanted} ({address}) on it"
        else:
            message = (
                f"once {target} runs{ports}, {wanted} ({address}) moves from {holder} to {target} (one AttachStaticIp; "
                f"if the service refuses that, DetachStaticIp then AttachStaticIp, and {wanted} goes back to {holder} "
                f"if the attach fails): {holder} loses it and gets a new public address"
            )
        self.findings.add("static_ip_attach", "staticIpName", "info", message)
        return dataclasses.replace(plan, static_ip=wanted, static_ip_address=address, static_ip_holder=holder)


def plan_network(
    account: Account,
    request: CreateInstancesFromSnapshotRequest,
    source: ResolvedSource | None,
    cut_over: CutOver,
    findings: Findings,
    to_create: tuple[str, ...],
    source_account: Account | None = None,
) -> NetworkPlan:
    """Read the source instance's network setup, warn about what a restore loses, and check the cut-over.

    Args:
        account: The account's look-ups (one ``GetInstancePortStates`` more when the source instance exists and no
            ``ports`` are given; the instance and static IP lists are the plan's own).
        request: The validated request.
        source: The resolved source, or ``None`` when it was not found.
        cut_over: What the restore is asked to do once the instances run.
        findings: Where the warnings and the cut-over's errors go.
        to_create: The names a restore would create (compared with the defaults; the others as listed).
        source_account: The look-ups of the source's Region when it is not ``account``'s (a cross-Region restore:
            the source instance, its rules and its static IP are there; the static IP to attach is here).

    Raises:
        LightsailError: ``copy_ports`` is asked and the source's rules cannot be read (access denied, ...).
    """
    return _Look(account, request, source, cut_over, findings, to_create, source_account).run()
