"""Waits of any length end by their deadline, never by an arithmetic error: past 1,024 rounds the backoff used to
overflow (``OverflowError``), so a long cross-Region copy or a slow boot died before its timeout.

The wait here polls an instance whose creation never ends: every ``GetOperations`` answers its operation
``Started`` (a before-send handler answers in-process, so botocore's serializer and parser run), and the pauses
are one second at most on a manual clock, so the timeout is reached after more than 1,024 rounds.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import pytest

from lightsail_restore import LightsailRestoreClient
from lightsail_restore._polling import Pace, poll
from lightsail_restore.local import ManualClock

from .conftest import START, raw_answer, seeded

if TYPE_CHECKING:
    from mypy_boto3_lightsail.client import LightsailClient

_STARTED = {
    "id": "op-web-2",
    "resourceName": "web-2",
    "resourceType": "Instance",
    "operationType": "CreateInstancesFromSnapshot",
    "status": "Started",
    "isTerminal": False,
    "createdAt": START.timestamp(),
}


def _never_done(request: Any, **_: Any) -> Any:
    return raw_answer(
        str(request.url), 200, "application/x-amz-json-1.1", json.dumps({"operations": [_STARTED]}).encode()
    )


@pytest.fixture
def endless(shared_boto: LightsailClient) -> Iterator[LightsailClient]:
    """The session's boto3 client, answering every GetOperations with web-2's creation still ``Started``."""
    shared_boto.meta.events.register("before-send.lightsail.GetOperations", _never_done)
    yield shared_boto
    shared_boto.meta.events.unregister("before-send.lightsail.GetOperations", _never_done)


def test_a_wait_past_1024_rounds_ends_by_its_deadline(endless: LightsailClient) -> None:
    clock = ManualClock(START)
    result = LightsailRestoreClient(endless).wait(["web-2"], timeout=800, delay=1.0, max_delay=1.0, clock=clock)
    assert result.rounds > 1_024 and result.api_calls == result.rounds  # one GetOperations a round
    assert [(i.name, i.status, i.operation_status) for i in result.instances] == [("web-2", "timed_out", "Started")]
    assert result.instances[0].elapsed == clock.monotonic() == 800.0  # the last pause ends at the deadline
    assert result.error is None


def test_ten_thousand_rounds_on_a_manual_clock_end_by_the_deadline() -> None:
    """The one loop behind every wait: 10,000 rounds (and more) of any pacing stay bounded and end on time."""
    clock = ManualClock(START)
    seen: list[int] = []
    polled = poll(lambda: False, Pace.within(8_000.0, delay=1.0, max_delay=1.0, clock=clock, rng=seeded(0)))
    assert polled.rounds >= 10_000 and polled.timed_out and polled.error is None
    assert clock.monotonic() == 8_000.0 and all(0.5 <= s <= 1.0 for s in clock.slept[:-1])
    days = ManualClock(START)  # days of waiting, doubling from a microsecond: the pause reaches max_delay, no more
    long = Pace.within(3 * 86_400.0, delay=1e-6, max_delay=30.0, clock=days, rng=seeded(1))
    polled = poll(lambda: False, long, after=lambda p: seen.append(p.rounds))
    assert polled.timed_out and days.monotonic() == 3 * 86_400.0
    assert seen == list(range(1, polled.rounds + 1))  # progress after every round
    assert max(days.slept) <= 30.0 and min(days.slept) >= 0.0
    unbounded = ManualClock(START)  # no longest pause at all: each is at most a year, and the deadline ends it
    polled = poll(lambda: False, Pace.within(10 * 365 * 86_400.0, delay=1.0, max_delay=math.inf, clock=unbounded))
    assert polled.timed_out and polled.error is None and unbounded.monotonic() == 10 * 365 * 86_400.0
    assert max(unbounded.slept) <= 365 * 86_400.0
