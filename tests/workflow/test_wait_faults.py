"""Transient errors during the wait cost a round, not the restore: gateway pages (HTML, no JSON), server faults,
throttling storms, connection resets and lost answers are retried on the next round until the deadline, and
counted. Only an error retrying cannot fix ends the wait early, and the outcome keeps what was created.

The client here makes one attempt a call (``max_attempts=1``), so every fault reaches the waiter itself; with
botocore's retries on, most of them would never get that far.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from lightsail_restore import LightsailRestoreClient, NotFoundException, RestoreOutcome
from lightsail_restore._api import LightsailApi
from lightsail_restore._options import Polling
from lightsail_restore.local import LocalLightsail, ManualClock
from lightsail_restore.restore._steps.wait import wait_for_instances

from .conftest import applied_creates, manual

NAMES = ("web-2", "web-3")
WAIT_READS = ["GetOperations", "GetInstances"]
"""The wait's reads: where a fault meets it."""
Inject = Callable[[LocalLightsail, str], None]
Hook = Callable[[str, Callable[..., object]], None]
Meeting = Callable[..., RestoreOutcome]

FAULTS: dict[str, tuple[Inject, str]] = {
    "gateway 502": (lambda b, op: b.gateway_error(502, count=3, operation=op), "502"),
    "gateway 503": (lambda b, op: b.gateway_error(503, count=3, operation=op), "503"),
    "gateway 504": (lambda b, op: b.gateway_error(504, count=3, operation=op), "504"),
    "InternalFailure 500": (lambda b, op: b.fail_next("InternalFailure", count=3, operation=op), "InternalFailure"),
    "ServiceUnavailable 503": (
        lambda b, op: b.fail_next("ServiceUnavailable", count=3, operation=op),
        "ServiceUnavailable",
    ),
    "ServiceException 500": (lambda b, op: b.fail_next("ServiceException", count=3, operation=op), "ServiceException"),
    "throttling storm": (lambda b, op: b.throttle(count=3, operation=op), "ThrottlingException"),
    "connection resets": (lambda b, op: b.drop_connection(count=3, operation=op), "TransportError"),
    "read timeouts": (lambda b, op: b.lose_answer(count=3, operation=op), "TransportError"),
}


@pytest.fixture
def restore_meeting(impatient: LightsailRestoreClient, impatient_hooks: Hook, clock: ManualClock) -> Meeting:
    """A restore of NAMES that meets ``inject``'s faults, injected once AWS has answered the create: the plan and the
    create go through, the wait meets them."""

    def restore(inject: Callable[[], None], **options: Any) -> RestoreOutcome:
        impatient_hooks("after-call.lightsail.CreateInstancesFromSnapshot", lambda **_: inject())
        return impatient.restore(manual(names=NAMES), clock=clock, **options)

    return restore


@pytest.mark.parametrize("operation", WAIT_READS)
@pytest.mark.parametrize("fault", FAULTS.values(), ids=FAULTS.keys())
def test_a_transient_fault_during_the_wait_costs_rounds_not_the_restore(
    fault: tuple[Inject, str], operation: str, backend: LocalLightsail, restore_meeting: Meeting
) -> None:
    inject, _ = fault
    outcome = restore_meeting(lambda: inject(backend, operation))  # three in a row, in one phase of the wait
    assert outcome.ok, outcome.to_dict()
    assert [(i.status, i.operation_status, i.instance_state) for i in outcome.instances] == [
        ("succeeded", "Succeeded", "running")
    ] * 2
    assert outcome.retryable_errors == 3 and outcome.error is None
    assert outcome.to_dict()["retryableErrors"] == 3
    assert outcome.steps[-1].status == "done" and "3 retryable errors" in outcome.steps[-1].detail
    assert applied_creates(backend.state) == {"web-2": 1, "web-3": 1}
    assert outcome.api_calls == backend.calls()


@pytest.mark.parametrize("fault", FAULTS.values(), ids=FAULTS.keys())
def test_the_wait_reports_the_codes_it_got_past(
    fault: tuple[Inject, str], backend: LocalLightsail, impatient: LightsailRestoreClient, clock: ManualClock
) -> None:
    inject, code = fault
    impatient.create_instances_from_snapshot(manual(names=NAMES))
    inject(backend, "GetOperations")
    result = impatient.wait(NAMES, clock=clock)
    assert result.errors_seen == (code,) * 3
    assert all(i.status == "succeeded" for i in result.instances)


def test_a_storm_longer_than_the_timeout_times_out_and_keeps_what_was_created(
    backend: LocalLightsail, clock: ManualClock, restore_meeting: Meeting
) -> None:
    outcome = restore_meeting(lambda: backend.gateway_error(503, count=1000), timeout=120)
    assert outcome.timed_out == NAMES and outcome.error is None
    assert [i.operation_id for i in outcome.instances] == [op.id for op in outcome.operations]
    assert outcome.retryable_errors >= 5
    assert sum(clock.slept) == pytest.approx(120)


@pytest.mark.parametrize("operation", WAIT_READS)
def test_an_error_retrying_cannot_fix_ends_the_wait_with_what_was_created(
    operation: str, backend: LocalLightsail, restore_meeting: Meeting
) -> None:
    error_code = "AccessDeniedException"
    outcome = restore_meeting(lambda: backend.fail_next(error_code, operation=operation))
    assert not outcome.ok and outcome.error is not None and outcome.error.error_code == error_code  # type: ignore[attr-defined]
    assert outcome.unknown == NAMES
    assert outcome.request_id is not None and len(outcome.operations) == 2
    assert outcome.retryable_errors == 0


def test_an_operation_that_vanishes_ends_the_wait_as_unknown(
    backend: LocalLightsail, impatient: LightsailRestoreClient, clock: ManualClock, impatient_hooks: Hook
) -> None:
    """Our operation is not in the listing, and AWS no longer knows its id: retrying cannot bring it back."""
    (ours,) = impatient.create_instances_from_snapshot(manual()).operations
    backend.fail_next("NotFoundException", operation="GetOperation")

    def without_ours(parsed: dict[str, object], **_: object) -> None:
        parsed["operations"] = []

    impatient_hooks("after-call.lightsail.GetOperations", without_ours)
    result = wait_for_instances(
        LightsailApi(impatient.lightsail), ["web-2"], operations=[ours], polling=Polling(clock=clock)
    )
    assert isinstance(result.error, NotFoundException)
    assert [(i.status, i.operation_id) for i in result.instances] == [("unknown", ours.id)]
    assert [r.operation for r in backend.requests][-2:] == ["GetOperations", "GetOperation"]
