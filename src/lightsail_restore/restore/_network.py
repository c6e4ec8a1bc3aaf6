"""The plan's look at the network: what the source instance serves with, what a restore loses, what the cut-over does.

When the instance a snapshot was taken from still exists (the automatic snapshot's instance, or a manual
snapshot's ``fromInstanceName`` with the same ARN), the plan reads its firewall (one ``GetInstancePortStates``)
and which static IP is attached to it (from the ``GetStaticIps`` listing the plan reads anyway). It warns when a
restore would lose either, listing them and saying how to carry them over, and it checks the cut-over asked for
(each step's own options in the ``CutOver``): the rules to copy, and the static IP to attach or move. Instances an
earlier run already created are compared as the plan's ``GetInstances`` listing shows them (no call per instance).
Nothing here writes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, Literal

from pydantic import Field

from ..errors import LightsailError, LightsailRestoreError, NotFoundException, RequestValidationError, is_retryable
from ..request import CreateInstancesFromSnapshotRequest, PortInfo
from ._account import Account
from ._cutover import CutOver
from ._document import AS_BOTO3, Document, Rules
from ._findings import Findings
from ._firewall import default_rules, describe, in_words
from ._source import ResolvedSource
from ._stand_in import cause_in_words
from ._steps.ports import Ports
from ._steps.retire import RetirePlan

if TYPE_CHECKING:
    from mypy_boto3_lightsail.type_defs import InstanceTypeDef

__all__ = ["NetworkLook", "NetworkPlan", "SourceNetwork", "plan_network"]


@dataclass(frozen=True)
class SourceNetwork(Document):
    """The source instance's network setup, as the plan read it.

    Attributes:
        instance_name: The source instance.
        rules: Its firewall rules (``GetInstancePortStates``), each checked as a ``PortInfo``; ``None`` when they
            could not be read or checked.
        static_ip: The static IP attached to it, if any.
        static_ip_address: That static IP's address.
    """

    instance_name: str
    rules: Annotated[Rules, Field(alias="portInfos")]
    static_ip: str | None = None
    static_ip_address: str | None = None


@dataclass(frozen=True)
class NetworkPlan(Document):
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
    ipv6: Annotated[bool, Field(exclude=True)]
    defaults: Annotated[tuple[PortInfo, ...], AS_BOTO3, Field(alias="defaultPortInfos")]
    ports: Annotated[Rules, Field(alias="portInfos")] = None
    ports_from: Literal["source", "given"] | None = None
    static_ip: str | None = None
    static_ip_address: str | None = None
    static_ip_holder: Annotated[str | None, Field(alias="staticIpFrom")] = None
    retire: Annotated[RetirePlan | None, Field(exclude_if=lambda retire: retire is None)] = None
    """What ``retire_source`` or ``replace_source`` deletes, and the final snapshot (``_steps/retire.py``); a member
    of the document only when asked."""

    @property
    def source_name(self) -> str:
        """The source instance's name, or ``the source instance`` when there is none to read."""
        return self.source.instance_name if self.source is not None else "the source instance"


class NetworkLook:
    """The plan's look at the network: the source instance's setup, read once.

    The cut-over steps' plan parts (``_steps/ports.py``, ``_steps/static_ip.py``) read the request, the accounts
    and the cut-over through it, and add their findings to its ``findings``.
    """

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
        self.ports_asked = cut_over.part(Ports)
        """The ports step's options: the plan reads the source's rules unless ``ports`` gives them."""
        self.findings = findings
        self.to_create = to_create
        self.names = ", ".join(request.instance_names)
        one = len(request.instance_names) == 1
        self.once_they_run = f"once {self.names} {'runs' if one else 'run'}"
        self.whose_defaults = "its default rules" if one else "the default rules of each"
        self.ipv6 = (request.ip_address_type or "dualstack") != "ipv4"

    def run(self) -> NetworkPlan:
        """Read the source instance's setup, then let each step's plan part add its piece, in the list's order."""
        source = self.source
        blueprint = self.account.blueprint(source.blueprint_id) if source is not None else None
        defaults = default_rules(blueprint, ipv6=self.ipv6)
        network = self.read_source(defaults)
        plan = NetworkPlan(source=network, ipv6=self.ipv6, defaults=defaults)
        from ._run import STEPS  # the step list (imported here: the steps' modules import the plan's types)

        for step in STEPS:
            if step.plan_part is not None:
                plan = step.plan_part(self, plan)
        return plan

    # -- the source instance --------------------------------------------------------------------------------
    def source_instance(self) -> InstanceTypeDef | None:
        """The instance the snapshot was taken from, when it still exists (same name, and same ARN when known)."""
        source = self.source
        if source is None or source.instance_name is None:
            return None
        return source.instance_in(self.source_account.instances())

    def read_source(self, defaults: tuple[PortInfo, ...]) -> SourceNetwork | None:
        """The source instance's setup, or ``None`` (gone, or its Region unreachable: a finding says so)."""
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
        if self.ports_asked.copy_ports:
            self.findings.add(
                "copy_ports_source_unreachable",
                "portInfos",
                "error",
                f"copy_ports copies the firewall rules of {who} in {region}, and {why}; give the rules with ports "
                f"instead, or run the same restore again once {region} answers",
                params=("copy_ports", "ports"),
            )
        elif not any(f.rule == "source_region_unreachable" for f in self.findings):  # the copy's says it already
            gets = (
                f"; {self.names} will get only the default rules ({in_words(describe(defaults, ipv6=self.ipv6))}) "
                "unless given ports"
                if self.to_create and not self.ports_asked.asks
                else ""
            )
            self.findings.add(
                "source_region_unreachable",
                "sourceRegion",
                "warning",
                f"{why}: not checked: the firewall rules and static IP of {who} (what a restore loses of them){gets}",
                params=("sourceRegion", "ports") if gets else (),
            )

    def read_source_instance(self, source: ResolvedSource, defaults: tuple[PortInfo, ...]) -> SourceNetwork | None:
        """The source instance's rules and static IP, or ``None`` when it no longer exists."""
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
            rules=self.read_rules(name) if self.ports_asked.ports is None else None,
            static_ip=None if static is None else str(static.get("name")),
            static_ip_address=None if static is None else static.get("ipAddress"),
        )
        return network

    def gone(self, source: ResolvedSource, defaults: tuple[PortInfo, ...]) -> None:
        """The source instance no longer exists: what the cut-over cannot do, and what is unknown."""
        who = f"{source.instance_name}, the instance it was taken from," if source.instance_name else "its instance"
        what = f"{source.describe()}: {who} no longer exists in {self.source_account.region}"
        if self.ports_asked.copy_ports:
            self.findings.add(
                "copy_ports_source",
                "portInfos",
                "error",
                f"copy_ports copies the source instance's firewall rules, and there is none to read ({what}); "
                "give the rules with ports instead",
                params=("copy_ports", "ports"),
            )
        elif self.to_create and not self.ports_asked.asks:
            self.findings.add(
                "source_network_unknown",
                "portInfos",
                "info",
                f"{what}, so the firewall rules and static IP it had cannot be read; "
                f"{self.names} will get only the default rules "
                f"({in_words(describe(defaults, ipv6=self.ipv6))}): give ports to set others",
                params=("ports",),
            )

    def read_rules(self, name: str) -> tuple[PortInfo, ...] | None:
        """The firewall rules of ``name``, each checked as a ``PortInfo`` (``None``: unread, with a finding)."""
        try:
            answer = self.source_account.api.get_instance_port_states(name)
            states = answer.get("portStates") or []
        except NotFoundException:
            states = None  # deleted since the plan listed it
        except LightsailError as exc:
            if self.ports_asked.copy_ports or (self.cross_region and exc.is_retryable):
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
            if self.ports_asked.copy_ports:
                self.findings.add(
                    "copy_ports_source",
                    "portInfos",
                    "error",
                    f"copy_ports copies the firewall rules of {name}, which was deleted while the plan looked; "
                    "give the rules with ports instead",
                    params=("copy_ports", "ports"),
                )
            return None
        rules: list[PortInfo] = []
        for index, state in enumerate(states):
            try:
                rules.append(PortInfo.from_port_state(state))
            except RequestValidationError as exc:
                if self.ports_asked.copy_ports:
                    for issue in exc.issues:
                        self.findings.add(
                            issue.rule,
                            f"portInfos[{index}]" + (f".{issue.path}" if issue.path else ""),
                            "error",
                            f"rule {index} of {name} cannot be copied: {issue.message}",
                        )
                return None
        return tuple(rules)


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
    return NetworkLook(account, request, source, cut_over, findings, to_create, source_account).run()
