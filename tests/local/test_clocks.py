"""The clocks: manual (nothing sleeps), sped up, and real."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

import pytest

from lightsail_restore.local import Clock, FastClock, ManualClock, SystemClock

START = datetime(2026, 11, 26, 12, tzinfo=UTC)


def test_a_manual_clock_moves_only_when_told() -> None:
    clock = ManualClock(START)
    assert clock.now() == START
    clock.advance(1.5)
    assert clock.now() == START + timedelta(seconds=1.5)
    before = time.monotonic()
    clock.sleep(3600)
    assert time.monotonic() - before < 1, "sleeping a manual clock takes no real time"
    assert clock.now() == START + timedelta(seconds=3601.5)
    assert clock.slept == [3600]


def test_a_naive_start_is_utc() -> None:
    assert ManualClock(datetime(2026, 1, 1)).now().tzinfo is UTC
    assert FastClock(10, datetime(2026, 1, 1)).now().tzinfo is UTC


def test_a_fast_clock_runs_faster_than_real_time() -> None:
    clock = FastClock(1000, START)
    before = time.monotonic()
    clock.sleep(50)  # 0.05 s of real time
    real = time.monotonic() - before
    assert 0.04 <= real < 1
    assert clock.now() - START >= timedelta(seconds=40)


def test_a_fast_clock_needs_a_positive_factor() -> None:
    with pytest.raises(ValueError, match="positive"):
        FastClock(0)


def test_the_system_clock_is_aware_utc_and_real() -> None:
    clock = SystemClock()
    now = clock.now()
    assert now.tzinfo is UTC
    assert abs((now - datetime.now(UTC)).total_seconds()) < 5


def test_each_is_a_clock() -> None:
    clocks: list[Clock] = [SystemClock(), ManualClock(START), FastClock(2, START)]
    assert all(isinstance(c.now(), datetime) for c in clocks)
