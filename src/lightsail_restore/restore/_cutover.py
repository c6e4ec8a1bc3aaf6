"""What a restore does once its instances run, so they serve as the source did: the cut-over's options.

A snapshot holds no network setup: "Custom firewall rules that were created on the original instance are not
re-created on your new instance created from a snapshot", and a static IP stays where it is (E2, E3, E27). The
cut-over's steps put firewall rules on each new instance (``copy_ports`` or ``ports``), pass the readiness gate
(``health_checks``), attach a static IP (``static_ip``, taken from the instance that holds it only with
``move_static_ip``), and retire the source (``retire_source``, ``replace_source``).

Each of those steps owns its options: its ``Step`` names their builder (``options``: ``Ports.of``,
``ReadyGate.of``, ``StaticIp.of``, ``Retire.of``), ``CutOver.of`` passes each the keywords its signature takes
(``_parts.step_parts``) and keeps the values in ``parts``, and a step reads its own back with
``CutOver.part(Ports)``. A new step's options need no edit here.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from .._options import StepParts
from ..errors import Issue, RequestValidationError
from ._parts import step_parts

__all__ = ["CutOver"]


@dataclass(frozen=True)
class CutOver(StepParts):
    """The cut-over a restore does once its instances run (nothing, by default).

    Attributes:
        parts: The options values of the steps that own theirs, by step name (``ports``: ``Ports``; ``ready``:
            the readiness gate's ``ReadyGate``; ``static-ip``: ``StaticIp``; ``retire``: ``Retire``), as each
            step's ``options`` built them; ``part`` finds one by its type, its default when none was built.
    """

    parts: Mapping[str, Any] = field(default_factory=dict)

    @classmethod
    def of(cls, **steps: Any) -> CutOver:
        """The cut-over these options ask for, every option checked by the step that owns it (nothing is sent).

        Args:
            **steps: The façade's keywords, each passed to the ``options`` of every step whose signature takes it:
                ``copy_ports`` and ``ports`` (``Ports.of``), ``health_checks`` (``ReadyGate.of``), ``static_ip``
                and ``move_static_ip`` (``StaticIp.of``; ``ReadyGate.of`` takes ``move_static_ip`` too),
                ``retire_source``, ``replace_source``, ``no_final_snapshot`` and ``confirm`` (``Retire.of``).

        Raises:
            RequestValidationError: A step's options break its rules, every step's issues together in the steps'
                order (a rule of ``ports``: paths ``portInfos[i].member``; both ``copy_ports`` and ``ports``;
                ``move_static_ip`` without ``static_ip``; a health check: paths ``healthChecks[i].port``).
            TypeError: A keyword that no step takes.
        """
        return cls(step_parts(steps, "cut_over", "CutOver.of"))

    def with_part(self, step: str, value: object) -> CutOver:
        """This cut-over with ``value`` as the options of the step named ``step`` (a drill's own gate)."""
        return dataclasses.replace(self, parts={**self.parts, step: value})

    @property
    def asks(self) -> bool:
        """Whether there is anything to do after the instances run (any step's options ask for it)."""
        return any(getattr(part, "asks", False) for part in self.parts.values())

    def check_with(self, *, wait: bool, check: bool) -> None:
        """Refuse a cut-over the restore cannot do: it needs the plan and the wait.

        Raises:
            RequestValidationError: ``wait=False`` or ``check=False`` with anything to cut over.
        """
        issues = []
        if self.asks and not wait:
            issues.append(
                Issue(
                    "",
                    "cut_over_needs_wait",
                    "firewall rules and a static IP go on once the instances run: drop wait=False",
                    ("wait=False",),
                )
            )
        if self.asks and not check:
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
