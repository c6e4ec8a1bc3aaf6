"""What a restore does once its instances run, so they serve as the source did: the cut-over's options.

A snapshot holds no network setup: "Custom firewall rules that were created on the original instance are not
re-created on your new instance created from a snapshot", and a static IP stays where it is (E2, E3, E27). The
cut-over puts firewall rules on each new instance (``copy_ports``: the source instance's current rules;
``ports``: given rules), then attaches a static IP to the new instance (``static_ip``), taking it from the
instance that holds it only with ``move_static_ip``. ``CutOver.of`` checks every option before anything is sent.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..errors import Issue, RequestValidationError
from ..request import DetachStaticIpRequest, PortInfo, parse_port_infos
from ..request.health import HealthCheck
from ._steps.ready import ReadyGate
from ._steps.retire import Retire

__all__ = ["CutOver"]


@dataclass(frozen=True)
class CutOver:
    """The cut-over a restore does once its instances run (nothing, by default).

    Attributes:
        copy_ports: Put the source instance's current firewall rules on each new instance (PutInstancePublicPorts
            replaces the whole set). The plan reads and checks them; a source instance that no longer exists is a
            plan error.
        ports: Put these rules on each new instance instead (``None``: leave the defaults). An empty tuple closes
            every port, SSH included.
        static_ip: Attach this static IP to the new instance (a request of exactly one instance).
        move_static_ip: Allow taking ``static_ip`` from the instance that holds it (usually the source).
        ready: The readiness gate between the firewall rules and the static IP (``ready.py``).
    """

    copy_ports: bool = False
    ports: tuple[PortInfo, ...] | None = None
    static_ip: str | None = None
    move_static_ip: bool = False
    ready: ReadyGate = field(default_factory=ReadyGate)
    retire: Retire = field(default_factory=Retire)
    """What happens to the source instance once the new one serves (``_steps/retire.py``, ``Retire.onto``)."""

    @classmethod
    def of(
        cls,
        *,
        copy_ports: bool = False,
        ports: Sequence[PortInfo | Mapping[str, Any]] | None = None,
        static_ip: str | None = None,
        move_static_ip: bool = False,
        health_checks: Sequence[HealthCheck | str] | None = None,
    ) -> CutOver:
        """The cut-over these options ask for, every option checked (nothing is sent).

        Args:
            copy_ports: Copy the source instance's firewall rules to each new instance.
            ports: Rules to put instead: ``PortInfo`` models or AWS ``PortInfo`` dicts.
            static_ip: The static IP to attach to the new instance.
            move_static_ip: Allow taking it from the instance that holds it (implies the status checks).
            health_checks: What each new instance must pass before the static IP moves (``ReadyGate.of``).

        Raises:
            RequestValidationError: A rule of ``ports`` is broken (paths ``portInfos[i].member``), both
                ``copy_ports`` and ``ports`` are given, ``static_ip`` is not a valid name, or ``move_static_ip``
                comes without ``static_ip``, or a health check is broken (paths ``healthChecks[i].port``).
        """
        issues: list[Issue] = []
        flags: tuple[tuple[str, object], ...] = (("copy_ports", copy_ports), ("move_static_ip", move_static_ip))
        for name, value in flags:  # callers outside mypy pass anything
            if not isinstance(value, bool):
                issues.append(Issue(name, "type", "must be True or False"))
        rules: tuple[PortInfo, ...] | None = None
        if ports is not None:
            if isinstance(ports, str | bytes | Mapping) or not isinstance(ports, Sequence):
                issues.append(Issue("portInfos", "type", "must be a list of PortInfo (models or AWS dicts)"))
            else:
                try:
                    rules = parse_port_infos([p.to_boto3() if isinstance(p, PortInfo) else p for p in ports])
                except RequestValidationError as exc:
                    issues += exc.issues
        if copy_ports is True and ports is not None:
            issues.append(
                Issue(
                    "portInfos",
                    "ports_exclusive",
                    "give copy_ports (the source instance's rules) or ports (these rules), not both",
                )
            )
        if static_ip is not None:
            try:
                DetachStaticIpRequest.of(static_ip)
            except RequestValidationError as exc:
                issues += exc.issues
        elif move_static_ip is True:
            issues.append(
                Issue("staticIpName", "move_needs_static_ip", "move_static_ip moves the static IP named by static_ip")
            )
        ready = ReadyGate()
        try:
            ready = ReadyGate.of(health_checks, move_static_ip=move_static_ip)
        except RequestValidationError as exc:
            issues += exc.issues
        if issues:
            raise RequestValidationError(issues)
        return cls(copy_ports, rules, static_ip, move_static_ip, ready)

    @property
    def asks(self) -> bool:
        """Whether there is anything to do after the instances run."""
        return self.copy_ports or self.ports is not None or self.static_ip is not None or self.ready.asks

    @property
    def sets_ports(self) -> bool:
        """Whether the restore sets the new instances' firewall rules."""
        return self.copy_ports or self.ports is not None

    def check_with(self, *, wait: bool, check: bool) -> None:
        """Refuse a cut-over the restore cannot do: it needs the plan and the wait.

        Raises:
            RequestValidationError: ``wait=False`` or ``check=False`` with anything to cut over.
        """
        CutOver.check_needs(self.asks, wait=wait, check=check)

    @staticmethod
    def check_needs(asks: bool, *, wait: bool, check: bool) -> None:
        """The rule of ``check_with``, for a cut-over that ``asks`` (also when its options were refused).

        Raises:
            RequestValidationError: ``wait=False`` or ``check=False`` with anything to cut over.
        """
        issues = []
        if asks and not wait:
            issues.append(
                Issue(
                    "",
                    "cut_over_needs_wait",
                    "firewall rules and a static IP go on once the instances run: restore with wait=True",
                )
            )
        if asks and not check:
            issues.append(
                Issue(
                    "",
                    "cut_over_needs_check",
                    "the plan reads the source's rules and who holds the static IP: restore with check=True",
                )
            )
        if issues:
            raise RequestValidationError(issues)
