"""Option values the façade builds once from its keywords; below it, options travel as these objects.

``Polling`` is how every wait and retry is paced (``timeout``, ``delay``, ``max_delay``, ``clock``, ``progress``,
``rng``); ``PlanOptions`` what the plan checks beyond the request (``instance_quota``, ``provenance``) and what
it adds to it (``attached_disks``, ``like_source``). The cut-over's value is ``CutOver`` (``restore/_cutover.py``),
whose ``of`` checks it; a cross-Region restore's is ``CrossRegion`` (``restore/_cross_region.py``).
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Final, Literal

from ._clock import Clock, SystemClock
from ._polling import Pace
from .errors import Issue, RequestValidationError

if TYPE_CHECKING:
    from .restore import InstanceProgress
    from .restore._selector import ChosenPoint

__all__ = ["DEFAULT_INSTANCE_QUOTA", "FallbackZones", "PlanOptions", "Polling"]

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


@dataclass(frozen=True)
class PlanOptions:
    """What the plan checks beyond the request.

    Attributes:
        instance_quota: The account's Instances quota for the Region (20 unless raised by AWS Support).
        provenance: Whether the restore marks what it creates (and so can recognise it on a rerun).
        fallback_zones: The zones to try after the request's own when it has no capacity, or ``"any"``
            (``restore/_steps/zones.py``).
        restore_point: The point a selector chose (``restore_point``): the plan says which and why, and warns of
            its roll-off.
        attached_disks: Whether a request that maps no disk gets every disk the snapshot holds mapped to each new
            instance (``restore/_disks.py``).
        like_source: Whether the request gets the source instance's user tags, ``ipAddressType`` and AutoSnapshot
            add-on, each unless it sets it (``restore/_like_source.py``).
    """

    instance_quota: int = DEFAULT_INSTANCE_QUOTA
    provenance: bool = True
    fallback_zones: FallbackZones = ()
    restore_point: ChosenPoint | None = None
    attached_disks: bool = True
    like_source: bool = False

    def check_with(self, *, check: bool) -> None:
        """Refuse, without the plan (``check=False``), what only the plan can do.

        The plan reads the source instance for ``like_source``, and checks the ``fallback_zones`` and resumes what
        they hold.

        Raises:
            RequestValidationError: ``like_source`` or ``fallback_zones`` with ``check=False``; nothing is sent.
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
        if self.fallback_zones:
            issues.append(
                Issue(
                    "fallback_zones",
                    "fallback_zones_plan",
                    "fallback_zones are tried only after the plan (it checks them, and a rerun resumes what they "
                    "hold): drop check=False",
                    ("fallback_zones", "check=False"),
                )
            )
        if issues:
            raise RequestValidationError(issues)
