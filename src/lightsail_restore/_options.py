"""Option values the façade builds once from its keywords; below it, options travel as these objects.

``Polling`` is how every wait and retry is paced (``timeout``, ``delay``, ``max_delay``, ``clock``, ``progress``,
``rng``); ``PlanOptions`` what the plan checks beyond the request (``instance_quota``, ``provenance``), what
it adds to it (``attached_disks``, ``like_source``) and the own options of the steps up to the create (``parts``:
``fallback_zones`` is the create step's ``Zones``). The cut-over's value is ``CutOver`` (``restore/_cutover.py``),
holding the own options of the steps after the create; a cross-Region restore's is ``CrossRegion``
(``restore/_cross_region.py``). A step's own options value is built and checked by its step
(``restore/_parts.py``), and found by its type (``StepParts.part``).
"""

from __future__ import annotations

import random
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Final, Literal, TypeVar

from ._clock import Clock, SystemClock
from ._polling import Pace
from .errors import Issue, RequestValidationError

if TYPE_CHECKING:
    from .restore import InstanceProgress
    from .restore._selector import ChosenPoint

__all__ = ["DEFAULT_INSTANCE_QUOTA", "FallbackZones", "PlanOptions", "Polling", "StepParts"]

_Part = TypeVar("_Part")

DEFAULT_INSTANCE_QUOTA = 20
"""Lightsail's default Instances quota per Region (raised only through AWS Support)."""


FallbackZones = tuple[str, ...] | Literal["any"]
"""The zones a create tries after the request's own when it has no capacity: named, or ``"any"``."""

DEFAULT_DELAY: Final = 2.0
"""The first pause between polling rounds, in seconds."""
DEFAULT_MAX_DELAY: Final = 5.0
"""The longest pause between polling rounds: what the restore adds to recovery time after an instance is ready
(or its checks pass) is at most this (``benchmarks/bench_ready_latency.py``: a 150 s boot is noticed within 5 s,
with about 60 calls in all for a one-instance restore with a cut-over)."""


@dataclass(frozen=True)
class Polling:
    """How a wait polls: its overall time, its pauses, where time and jitter come from, whom it tells.

    Attributes:
        timeout: Overall seconds to wait (monotonic time).
        delay: The first pause between rounds, in seconds; it doubles each round up to ``max_delay``.
        max_delay: The longest pause between rounds.
        clock: Where time comes from (``None``: the system clock; a manual clock in tests).
        progress: Called after every round with each instance's status and elapsed time.
        rng: The random source of the jitter (each pause is drawn between half and all of the backoff).
    """

    timeout: float = 900.0
    delay: float = DEFAULT_DELAY
    max_delay: float = DEFAULT_MAX_DELAY
    clock: Clock | None = None
    progress: Callable[[Sequence[InstanceProgress]], None] | None = None
    rng: random.Random | None = None

    def pace(self) -> Pace:
        """The pace of one wait: its deadline ``timeout`` seconds from now, its backoff, clock and jitter."""
        return Pace.within(self.timeout, delay=self.delay, max_delay=self.max_delay, clock=self.clock, rng=self.rng)

    def the_clock(self) -> Clock:
        """``clock``, or the system clock."""
        return self.clock or SystemClock()

    def the_rng(self) -> random.Random:
        """``rng``, or a new random source."""
        return self.rng or random.Random()  # noqa: S311 - jitter, not cryptography


class StepParts:
    """A value holding the steps' own options values (``parts``, by step name), each found by its type."""

    parts: Mapping[str, Any]

    def part(self, kind: type[_Part]) -> _Part:
        """The options value of type ``kind`` that a step owns (its default when the restore did not build one)."""
        return next((p for p in self.parts.values() if isinstance(p, kind)), None) or kind()


@dataclass(frozen=True)
class PlanOptions(StepParts):
    """What the plan checks beyond the request.

    Attributes:
        instance_quota: The account's Instances quota for the Region (20 unless raised by AWS Support).
        provenance: Whether the restore marks what it creates (and so can recognise it on a rerun).
        restore_point: The point a selector chose (``restore_point``): the plan says which and why, and warns of
            its roll-off.
        attached_disks: Whether a request that maps no disk gets every disk the snapshot holds mapped to each new
            instance (``restore/_disks.py``).
        like_source: Whether the request gets the source instance's user tags, ``ipAddressType`` and AutoSnapshot
            add-on, each unless it sets it (``restore/_like_source.py``).
        parts: The own options values of the steps up to the create, by step name, as ``plan_parts`` built them
            (``create``: ``Zones``, the ``fallback_zones``, ``restore/_steps/zones.py``); ``part`` finds one by
            its type.
    """

    instance_quota: int = DEFAULT_INSTANCE_QUOTA
    provenance: bool = True
    restore_point: ChosenPoint | None = None
    attached_disks: bool = True
    like_source: bool = False
    parts: Mapping[str, Any] = field(default_factory=dict)

    def check_with(self, *, check: bool) -> None:
        """Refuse, without the plan (``check=False``), what only the plan can do.

        The plan reads the source instance for ``like_source``; a step's own options may need it too (each part's
        ``needs_plan``: the ``fallback_zones`` are checked by the plan, which resumes what they hold).

        Raises:
            RequestValidationError: ``like_source`` or a part that needs the plan with ``check=False``; nothing is
                sent.
        """
        if check:
            return
        issues = []
        if self.like_source:
            issues.append(
                Issue(
                    "like_source",
                    "like_source_plans",
                    "like_source reads the source instance in the plan: drop check=False, or give tags, "
                    "ipAddressType and addOns instead",
                    ("like_source", "check=False", "tags", "ipAddressType", "addOns"),
                )
            )
        for part in self.parts.values():
            issues += getattr(part, "needs_plan", ())
        if issues:
            raise RequestValidationError(issues)
