"""What a restore does once its instances run, so they serve as the source did: the cut-over's options.

A snapshot holds no network setup: "Custom firewall rules that were created on the original instance are not
re-created on your new instance created from a snapshot", and a static IP stays where it is (E2, E3, E27). The
cut-over puts firewall rules on each new instance (``copy_ports``: the source instance's current rules;
``ports``: given rules), then attaches a static IP to the new instance (``static_ip``), taking it from the
instance that holds it only with ``move_static_ip``. ``CutOver.of`` checks every option before anything is sent.

A step whose options are its own (the readiness gate's ``ReadyGate``) names their builder in its ``Step``
(``options``): ``CutOver.of`` passes it the keywords its signature takes and keeps the value in ``parts``, and the
step reads it back with ``CutOver.part(ReadyGate)``. A new step's options need no edit here.
"""

from __future__ import annotations

import dataclasses
import inspect
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from ..errors import Issue, RequestValidationError
from ..request import DetachStaticIpRequest, PortInfo, parse_port_infos

__all__ = ["CutOver"]

_Part = TypeVar("_Part")


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
        parts: The options values of the steps that own theirs, by step name (``ready``: the readiness gate's
            ``ReadyGate``), as each step's ``options`` built them; ``part`` finds one by its type.
    """

    copy_ports: bool = False
    ports: tuple[PortInfo, ...] | None = None
    static_ip: str | None = None
    move_static_ip: bool = False
    parts: Mapping[str, Any] = field(default_factory=dict)

    @classmethod
    def of(
        cls,
        *,
        copy_ports: bool = False,
        ports: Sequence[PortInfo | Mapping[str, Any]] | None = None,
        static_ip: str | None = None,
        move_static_ip: bool = False,
        **steps: Any,
    ) -> CutOver:
        """The cut-over these options ask for, every option checked (nothing is sent).

        Args:
            copy_ports: Copy the source instance's firewall rules to each new instance.
            ports: Rules to put instead: ``PortInfo`` models or AWS ``PortInfo`` dicts.
            static_ip: The static IP to attach to the new instance.
            move_static_ip: Allow taking it from the instance that holds it (implies the status checks).
            **steps: The options of the steps that own theirs, each passed to the ``options`` of every step whose
                signature takes it (``health_checks``: ``ReadyGate.of``); ``move_static_ip`` is passed too.

        Raises:
            RequestValidationError: A rule of ``ports`` is broken (paths ``portInfos[i].member``), both
                ``copy_ports`` and ``ports`` are given, ``static_ip`` is not a valid name, or ``move_static_ip``
                comes without ``static_ip``, or a step's options break its rule (a health check: paths
                ``healthChecks[i].port``).
            TypeError: A keyword in ``steps`` that no step takes.
        """
        issues: list[Issue] = []
        flags: tuple[tuple[str, object], ...] = (("copy_ports", copy_ports), ("move_static_ip", move_static_ip))
        for name, value in flags:  # callers outside mypy pass anything
            if not isinstance(value, bool):
                issues.append(Issue(name, "type", "must be True or False"))
        rules: tuple[PortInfo, ...] | None = None
        if ports is not None:
            if isinstance(ports, str | bytes | Mapping) or not isinstance(ports, Sequence):
                issues.append(
                    Issue("portInfos", "type", "ports must be a list of PortInfo (models or AWS dicts)", ("ports",))
                )
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
                    ("ports", "copy_ports"),
                )
            )
        if static_ip is not None:
            try:
                DetachStaticIpRequest.of(static_ip)
            except RequestValidationError as exc:
                issues += exc.issues
        elif move_static_ip is True:
            issues.append(
                Issue(
                    "staticIpName",
                    "move_needs_static_ip",
                    "move_static_ip moves the static IP that static_ip names: give static_ip too",
                    ("move_static_ip", "static_ip"),
                )
            )
        parts, more = _step_parts({**steps, "move_static_ip": move_static_ip})
        issues += more
        if issues:
            raise RequestValidationError(issues)
        return cls(copy_ports, rules, static_ip, move_static_ip, parts)

    def part(self, kind: type[_Part]) -> _Part:
        """The options value of type ``kind`` that a step owns (its default when the restore did not build one)."""
        return next((p for p in self.parts.values() if isinstance(p, kind)), None) or kind()

    def with_part(self, step: str, value: object) -> CutOver:
        """This cut-over with ``value`` as the options of the step named ``step`` (a drill's own gate)."""
        return dataclasses.replace(self, parts={**self.parts, step: value})

    @property
    def asks(self) -> bool:
        """Whether there is anything to do after the instances run."""
        owned = any(getattr(part, "asks", False) for part in self.parts.values())
        return self.copy_ports or self.ports is not None or self.static_ip is not None or owned

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
                    "firewall rules and a static IP go on once the instances run: drop wait=False",
                    ("wait=False",),
                )
            )
        if asks and not check:
            issues.append(
                Issue(
                    "",
                    "cut_over_needs_check",
                    "the plan reads the source's rules and who holds the static IP: drop check=False",
                    ("check=False",),
                )
            )
        if issues:
            raise RequestValidationError(issues)


def _step_parts(given: Mapping[str, Any]) -> tuple[dict[str, Any], list[Issue]]:
    """Each step's own options value, built by its ``options`` from the keywords its signature takes."""
    from ._run import STEPS  # the step list (imported here: it imports this module)

    parts: dict[str, Any] = {}
    issues: list[Issue] = []
    taken = {"move_static_ip"}
    for step in STEPS:
        if step.options is None:
            continue
        takes = inspect.signature(step.options).parameters
        taken.update(takes)
        try:
            parts[step.name] = step.options(**{k: v for k, v in given.items() if k in takes})
        except RequestValidationError as exc:
            issues += exc.issues
    unknown = sorted(set(given) - taken)
    if unknown:
        raise TypeError(f"CutOver.of() got keyword arguments no step takes: {', '.join(unknown)}")
    return parts, issues
