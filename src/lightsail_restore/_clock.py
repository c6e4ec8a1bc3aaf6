"""Clocks for the waiter and the local backend: real time, a manual clock for tests, and a sped-up clock.

Any object with ``now()``, ``monotonic()`` and ``sleep()`` (the ``Clock`` protocol) works;
``lightsail_restore.local`` re-exports these. Deadlines and elapsed times are measured on ``monotonic()``, which a
change of the wall clock (NTP, a manual setting, a leap) never moves; ``now()`` is wall time, for timestamps.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from typing import Protocol

__all__ = ["Clock", "FastClock", "ManualClock", "SystemClock"]


class Clock(Protocol):
    """A clock: the wall time now (aware UTC), a monotonic reading for durations, and a way to let time pass."""

    def now(self) -> datetime:
        """The current wall time, timezone-aware."""
        ...

    def monotonic(self) -> float:
        """Seconds on a clock that never goes back nor jumps with the wall clock (its origin means nothing)."""
        ...

    def sleep(self, seconds: float) -> None:
        """Let ``seconds`` pass."""
        ...


class SystemClock:
    """Real time and real sleeping."""

    def now(self) -> datetime:
        """The current time in UTC."""
        return datetime.now(UTC)

    def monotonic(self) -> float:
        """``time.monotonic()``."""
        return time.monotonic()

    def sleep(self, seconds: float) -> None:
        """Sleep for real."""
        time.sleep(max(0.0, seconds))


class ManualClock:
    """A clock that moves only when told to: ``sleep`` and ``advance`` pass time instantly.

    ``step`` moves the wall time alone, as a clock set by hand or by NTP does; the monotonic reading ignores it.

    Args:
        start: The starting time (aware; naive values are taken as UTC). Defaults to now.
    """

    def __init__(self, start: datetime | None = None) -> None:
        start = start or datetime.now(UTC)
        self._now = start if start.tzinfo else start.replace(tzinfo=UTC)
        self._monotonic = 0.0
        self.slept: list[float] = []

    def now(self) -> datetime:
        """The clock's current time."""
        return self._now

    def monotonic(self) -> float:
        """Seconds passed through ``advance`` and ``sleep`` since the clock was made (``step`` does not count)."""
        return self._monotonic

    def advance(self, seconds: float) -> None:
        """Let time pass: the wall time and the monotonic reading move forward together."""
        self._now += timedelta(seconds=seconds)
        self._monotonic += seconds

    def step(self, seconds: float) -> None:
        """Set the wall time forward (or back, when negative) without time passing: a clock step."""
        self._now += timedelta(seconds=seconds)

    def sleep(self, seconds: float) -> None:
        """Move the clock forward instantly (and remember the pause, for tests)."""
        self.slept.append(seconds)
        self.advance(max(0.0, seconds))


class FastClock:
    """Real time sped up by ``factor``: one real second is ``factor`` clock seconds.

    Args:
        factor: How much faster than real time the clock runs.
        start: The clock's time at creation (naive values are taken as UTC); defaults to now.

    Raises:
        ValueError: ``factor`` is not positive.
    """

    def __init__(self, factor: float, start: datetime | None = None) -> None:
        if factor <= 0:
            raise ValueError("factor must be positive")
        self.factor = factor
        start = start or datetime.now(UTC)
        self._start = start if start.tzinfo else start.replace(tzinfo=UTC)
        self._origin = time.monotonic()

    def now(self) -> datetime:
        """The sped-up current time."""
        return self._start + timedelta(seconds=self.monotonic())

    def monotonic(self) -> float:
        """Sped-up seconds since the clock was made."""
        return (time.monotonic() - self._origin) * self.factor

    def sleep(self, seconds: float) -> None:
        """Sleep ``seconds / factor`` real seconds."""
        time.sleep(max(0.0, seconds) / self.factor)
