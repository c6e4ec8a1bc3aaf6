"""Restoring and waiting on a manual clock: success, failure, timeouts, throttling, an error that ends the wait.

The backend and the waiter share one ``ManualClock``: operations end 10 s and instances boot 20 s after
creation (the backend's default timings), and nothing really sleeps.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

import pytest

from lightsail_restore import (
    AccessDeniedException,
    InstanceProgress,
    LightsailRestoreClient,
    PlanRefusedError,
    RestoreFailedError,
)
from lightsail_restore._api import LightsailApi
from lightsail_restore._options import Polling
from lightsail_restore.local import LocalLightsail, ManualClock
from lightsail_restore.restore._steps.wait import wait_for_instances

if TYPE_CHECKING:
    from mypy_boto3_lightsail.client import LightsailClient

from .conftest import START, created_names, manual, seeded

Hook = Callable[[str, Callable[..., Any]], None]
BOOT = 20.0


@pytest.fixture
def wall() -> Iterator[None]:
    """The test must not really sleep: its wall time stays under two seconds."""
    began = time.perf_counter()
    yield
    assert time.perf_counter() - began < 2.0


def elapsed(clock: ManualClock) -> float:
    return (clock.now() - START).total_seconds()


class Recorder:
    """A progress callback that keeps every round."""

    def __init__(self) -> None:
        self.rounds: list[list[InstanceProgress]] = []

    def __call__(self, progress: Sequence[InstanceProgress]) -> None:
        self.rounds.append(list(progress))

    def statuses(self, name: str) -> list[str]:
        return [p.status for round_ in self.rounds for p in round_ if p.name == name]


@pytest.mark.usefixtures("wall")
def test_restore_waits_until_every_instance_is_running(
    backend: LocalLightsail, client: LightsailRestoreClient, clock: ManualClock
) -> None:
    progress = Recorder()
    outcome = client.restore(manual(names=("web-2", "web-3")), clock=clock, progress=progress, rng=seeded(1))
    assert outcome.ok and outcome.waited
    assert outcome.succeeded == ("web-2", "web-3")
    assert [(i.status, i.instance_state, i.operation_status, i.resumed) for i in outcome.instances] == [
        ("succeeded", "running", "Succeeded", False)
    ] * 2
    assert {i.operation_id for i in outcome.instances} == {op.id for op in outcome.operations}
    # done at the first round after the boot, which is at most one pause (<= 20 s) later
    assert BOOT <= elapsed(clock) < BOOT + 20
    assert all(i.elapsed == pytest.approx(elapsed(clock)) for i in outcome.instances)
    # every round reports every instance, in request order; the operation first, then the instance's state
    assert progress.rounds and all([p.name for p in r] == ["web-2", "web-3"] for r in progress.rounds)
    order = ["Started", "pending", "running"]
    for name in ("web-2", "web-3"):
        statuses = progress.statuses(name)
        assert statuses[0] == "Started" and statuses[-1] == "running" and "pending" in statuses
        assert statuses == sorted(statuses, key=order.index)
    assert all(p.done for p in progress.rounds[-1]) and not any(p.done for p in progress.rounds[0])
    assert [r[0].elapsed for r in progress.rounds] == sorted(r[0].elapsed for r in progress.rounds)
    # calls: the plan's 9 reads, 1 create, then one list call a round: GetOperations while the operations run,
    # GetInstances once they are done (both in the round where they end); never one call per instance
    rounds = len(progress.rounds)
    assert backend.calls("GetOperation") == 0
    assert backend.calls("GetOperations") + backend.calls("GetInstances") - 1 == rounds + 1
    assert backend.calls("CreateInstancesFromSnapshot") == 1
    assert outcome.api_calls == 9 + 1 + rounds + 1 == backend.calls()
    assert [(s.name, s.status) for s in outcome.steps] == [("plan", "done"), ("create", "done"), ("wait", "done")]


def test_restore_without_waiting(backend: LocalLightsail, client: LightsailRestoreClient) -> None:
    outcome = client.restore(manual(names=("web-2", "web-3")), wait=False)
    assert not outcome.waited
    assert [(i.name, i.status, i.operation_status) for i in outcome.instances] == [
        ("web-2", "not_waited", "Started"),
        ("web-3", "not_waited", "Started"),
    ]
    assert [i.operation_id for i in outcome.instances] == [op.id for op in outcome.operations]
    assert outcome.request_id is not None
    assert outcome.api_calls == 10 == backend.calls()
    assert [s.status for s in outcome.steps] == ["done", "done", "skipped"]


def test_restore_refuses_to_send_on_a_plan_error(backend: LocalLightsail, client: LightsailRestoreClient) -> None:
    with pytest.raises(PlanRefusedError) as refused:
        client.restore(manual(bundle="nano_3_0"))
    assert refused.value.rules == ("X6_bundle_too_small", "X6_bundle_disk_too_small")
    assert refused.value.plan.source is not None
    assert backend.calls("CreateInstancesFromSnapshot") == 0
    assert backend.calls("GetInstance") == backend.calls("GetOperation") == 0
    # check=False sends it anyway, and the service refuses the same thing
    from lightsail_restore import InvalidInputException

    with pytest.raises(InvalidInputException, match="smaller plan size"):
        client.restore(manual(bundle="nano_3_0"), check=False)
    assert backend.calls("CreateInstancesFromSnapshot") == 1


@pytest.mark.usefixtures("wall")
def test_a_failed_operation_is_reported_with_aws_error(
    backend: LocalLightsail, client: LightsailRestoreClient, clock: ManualClock
) -> None:
    backend.fail_operation("web-2", error_code="InternalError", error_details="capacity in us-east-2a")
    progress = Recorder()
    outcome = client.restore(manual(), clock=clock, progress=progress, rng=seeded(2))
    assert not outcome.ok
    (failed,) = outcome.failed
    assert (failed.name, failed.status, failed.operation_status) == ("web-2", "failed", "Failed")
    assert (failed.error_code, failed.error_details) == ("InternalError", "capacity in us-east-2a")
    assert failed.instance_state is None  # never seen running: the operation said Failed first
    assert 10 <= failed.elapsed <= 10 + max(clock.slept)  # seen at the first round after the operation ended
    assert {r.operation for r in backend.requests[10:]} == {"GetOperations"}  # no instance listing was needed
    assert progress.statuses("web-2")[-1] == "Failed"
    assert outcome.to_dict()["instances"][0]["errorCode"] == "InternalError"


@pytest.mark.usefixtures("wall")
def test_partial_failure_keeps_every_instance(
    backend: LocalLightsail, client: LightsailRestoreClient, clock: ManualClock
) -> None:
    backend.fail_operation("web-3", error_code="InternalError", error_details="capacity")
    with pytest.raises(RestoreFailedError) as raised:
        client.restore(manual(names=("web-2", "web-3")), clock=clock, raise_on_failure=True)
    outcome = raised.value.outcome
    assert outcome.succeeded == ("web-2",)
    assert [(i.name, i.error_code, i.error_details) for i in outcome.failed] == [("web-3", "InternalError", "capacity")]
    assert [i.name for i in outcome.instances] == ["web-2", "web-3"]
    assert "web-3: failed (InternalError: capacity)" in str(raised.value)
    assert "(running: web-2)" in str(raised.value)
    # the failed one vanished; the other is really running
    names = {i["name"]: i["state"]["name"] for i in client.lightsail.get_instances()["instances"]}
    assert names == {"web-1": "running", "web-2": "running"}


@pytest.mark.usefixtures("wall")
def test_a_timeout_shorter_than_the_boot(
    backend: LocalLightsail, client: LightsailRestoreClient, clock: ManualClock
) -> None:
    outcome = client.restore(manual(names=("web-2", "web-3")), clock=clock, timeout=5)
    assert outcome.timed_out == ("web-2", "web-3") and not outcome.ok
    # the operations never ended within 5 s: only they were listed, and they say where it stood
    assert [(i.status, i.operation_status, i.instance_state) for i in outcome.instances] == [
        ("timed_out", "Started", None)
    ] * 2
    assert elapsed(clock) == pytest.approx(5)
    assert sum(clock.slept) == pytest.approx(5)
    assert all(i.elapsed == pytest.approx(5) for i in outcome.instances)

    with pytest.raises(RestoreFailedError) as raised:
        client.restore(manual(names=("web-4",)), clock=clock, timeout=5, raise_on_failure=True)
    assert raised.value.outcome.timed_out == ("web-4",)
    assert "web-4: still not running at the timeout" in str(raised.value)
    # nothing was lost: the instances are still booting, and a later restore resumes them
    again = client.restore(manual(names=("web-2", "web-3", "web-4")), clock=clock)
    assert again.ok and all(i.resumed for i in again.instances)
    assert created_names(backend) == [["web-2", "web-3"], ["web-4"]]


@pytest.mark.usefixtures("wall")
def test_throttling_in_the_middle_of_waiting(
    backend: LocalLightsail, impatient_boto: LightsailClient, clock: ManualClock
) -> None:
    no_retries = impatient_boto
    client = LightsailRestoreClient(no_retries)
    client.restore(manual(names=("web-2", "web-3")), wait=False)

    backend.throttle(count=3, operation="GetOperations")
    result = wait_for_instances(
        LightsailApi(no_retries), ["web-2", "web-3"], polling=Polling(clock=clock, rng=seeded(3))
    )
    assert [i.status for i in result.instances] == ["succeeded", "succeeded"]
    assert result.retryable_errors == 3
    assert result.errors_seen == ("ThrottlingException",) * 3
    # a throttled round still costs its call and counts as a round; no GetOperation is needed by name
    assert backend.calls("GetOperation") == 0
    assert result.api_calls == result.rounds + 1 == backend.calls("GetOperations") + backend.calls("GetInstances") - 1
    assert backend.calls() == 9 + 1 + result.api_calls
    assert result.rounds >= 3 + 2


def test_an_error_retrying_cannot_fix_stops_the_wait_and_keeps_what_was_created(
    backend: LocalLightsail, client: LightsailRestoreClient, clock: ManualClock
) -> None:
    backend.fail_next("AccessDeniedException", operation="GetOperations")
    outcome = client.restore(manual(names=("web-2", "web-3")), clock=clock)
    assert not outcome.ok and clock.slept == []
    assert isinstance(outcome.error, AccessDeniedException)
    assert [(i.name, i.status) for i in outcome.instances] == [("web-2", "unknown"), ("web-3", "unknown")]
    assert [i.operation_id for i in outcome.instances] == [op.id for op in outcome.operations]  # kept
    assert [(s.name, s.status) for s in outcome.steps][-1] == ("wait", "failed")
    assert outcome.steps[-1].error is outcome.error
    assert outcome.to_dict()["error"]["errorCode"] == "AccessDeniedException"
    with pytest.raises(RestoreFailedError, match="the wait ended early on AccessDeniedException"):
        outcome.raise_for_failures()
    # the rerun resumes them: nothing was lost
    again = client.restore(manual(names=("web-2", "web-3")), clock=clock)
    assert again.ok and all(i.resumed for i in again.instances)
    assert backend.calls("CreateInstancesFromSnapshot") == 1
