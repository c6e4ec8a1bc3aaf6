"""Waiting in detail: states AWS may add later, waiting by name or operation id, jitter and backoff."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

import pytest

from lightsail_restore import InstanceProgress, LightsailRestoreClient, NotFoundException
from lightsail_restore._api import LightsailApi
from lightsail_restore._options import Polling
from lightsail_restore.local import LocalLightsail, ManualClock, Timings
from lightsail_restore.restore import WaitResult
from lightsail_restore.restore._steps.wait import wait_for_instances

if TYPE_CHECKING:
    from mypy_boto3_lightsail.client import LightsailClient

from .conftest import manual, seeded

Hook = Callable[[str, Callable[..., Any]], None]


def _rewrite_state(name: str, state: str, rounds: int | None = None) -> Callable[..., None]:
    """An after-call handler for GetInstances: ``name`` reports ``state`` (in the first ``rounds`` answers)."""
    seen = [0]

    def handler(parsed: dict[str, Any], **_: Any) -> None:
        seen[0] += 1
        if rounds is not None and seen[0] > rounds:
            return
        for instance in parsed.get("instances", []):
            if instance["name"] == name:
                instance["state"] = {"code": 99, "name": state}

    return handler


def test_an_unknown_instance_state_is_kept_not_crashed_on(
    backend: LocalLightsail, client: LightsailRestoreClient, clock: ManualClock, hooks: Hook
) -> None:
    client.restore(manual(names=("web-2", "web-3")), wait=False)
    hooks("after-call.lightsail.GetInstances", _rewrite_state("web-3", "hibernating"))
    seen: list[list[InstanceProgress]] = []
    result = client.wait(["web-2", "web-3"], clock=clock, timeout=60, progress=lambda p: seen.append(list(p)))
    web2, web3 = result.instances
    assert (web2.status, web2.instance_state) == ("succeeded", "running")
    assert (web3.status, web3.instance_state, web3.operation_status) == ("timed_out", "hibernating", "Succeeded")
    assert [p.status for p in seen[-1]] == ["running", "hibernating"]
    statuses = [r[1].status for r in seen]
    assert statuses[0] == "Started" and set(statuses[statuses.index("hibernating") :]) == {"hibernating"}


def test_an_unknown_state_that_passes_ends_in_success(
    backend: LocalLightsail, client: LightsailRestoreClient, clock: ManualClock, hooks: Hook
) -> None:
    client.restore(manual(), wait=False)
    hooks("after-call.lightsail.GetInstances", _rewrite_state("web-2", "warming-up", rounds=2))
    seen: list[str] = []
    result = client.wait(["web-2"], clock=clock, progress=lambda p: seen.append(p[0].status))
    assert [i.status for i in result.instances] == ["succeeded"]
    first = seen.index("warming-up")
    assert seen[first : first + 2] == ["warming-up", "warming-up"] and seen[-1] == "running"


def test_an_unknown_operation_status_is_kept(
    backend: LocalLightsail, client: LightsailRestoreClient, clock: ManualClock, hooks: Hook
) -> None:
    restored = client.restore(manual(), wait=False)
    (operation_id,) = (str(op.id) for op in restored.operations)

    def paused(parsed: dict[str, Any], **_: Any) -> None:
        for op in parsed["operations"]:
            if op["id"] == operation_id:
                op.update(status="Paused", isTerminal=False)

    hooks("after-call.lightsail.GetOperations", paused)
    result = client.wait(operation_ids=[operation_id], clock=clock, timeout=30)
    (web2,) = result.instances
    assert (web2.status, web2.operation_status) == ("timed_out", "Paused")


def test_a_terminal_operation_in_an_unknown_status_is_unknown(
    backend: LocalLightsail, client: LightsailRestoreClient, clock: ManualClock, hooks: Hook
) -> None:
    client.restore(manual(), wait=False)

    def archived(parsed: dict[str, Any], **_: Any) -> None:
        for op in parsed["operations"]:
            op.update(status="Archived", isTerminal=True)

    hooks("after-call.lightsail.GetOperations", archived)
    (web2,) = client.wait(["web-2"], clock=clock).instances
    assert (web2.status, web2.operation_status) == ("unknown", "Archived")  # not a success it cannot vouch for


def test_wait_by_name_for_instances_an_earlier_call_created(
    backend: LocalLightsail, client: LightsailRestoreClient, clock: ManualClock
) -> None:
    created = client.create_instances_from_snapshot(manual(names=("web-2", "web-3")))
    backend.clear_requests()
    result = client.wait(names=["web-2", "web-3"], clock=clock)
    assert [(i.name, i.status, i.instance_state, i.resumed, i.operation_id) for i in result.instances] == [
        ("web-2", "succeeded", "running", False, created.operations[0].id),
        ("web-3", "succeeded", "running", False, created.operations[1].id),
    ]
    # the operations are found by name in the one listing a round; never one call per instance
    assert {r.operation for r in backend.requests} == {"GetOperations", "GetInstances"}
    assert result.api_calls == result.rounds + 1 == backend.calls()
    assert sum(clock.slept) >= 20  # the boot


def test_wait_by_operation_id(backend: LocalLightsail, client: LightsailRestoreClient, clock: ManualClock) -> None:
    created = client.create_instances_from_snapshot(manual(names=("web-2", "web-3")))
    backend.clear_requests()
    ids = [str(op.id) for op in created.operations]
    result = client.wait(operation_ids=ids, clock=clock)
    assert [(i.name, i.status, i.operation_id, i.operation_status) for i in result.instances] == [
        ("web-2", "succeeded", ids[0], "Succeeded"),
        ("web-3", "succeeded", ids[1], "Succeeded"),
    ]
    assert result.api_calls == backend.calls()
    # the ids are found in one listing at the start, not one GetOperation each
    assert backend.calls("GetOperation") == 0
    assert backend.calls("GetOperations") + backend.calls("GetInstances") == result.rounds + 2


def test_wait_for_an_unknown_operation_id_raises(
    backend: LocalLightsail, client: LightsailRestoreClient, clock: ManualClock
) -> None:
    with pytest.raises(NotFoundException):
        client.wait(operation_ids=["00000000-0000-0000-0000-000000000000"], clock=clock)
    assert clock.slept == []
    assert [r.operation for r in backend.requests] == ["GetOperations", "GetOperation"]


def _never_running(
    backend: LocalLightsail,
    api: LightsailApi,
    clock: ManualClock,
    seed: int,
    timeout: float,
    delay: float = 2.0,
    max_delay: float = 20.0,
) -> list[float]:
    """Wait for an instance whose creation takes a week: every pause until the timeout."""
    backend.timings = Timings(operation_seconds=7 * 86400, boot_seconds=7 * 86400)
    if backend.calls("CreateInstancesFromSnapshot") == 0:
        LightsailRestoreClient(api.lightsail).create_instances_from_snapshot(manual())
    clock.slept.clear()
    result = wait_for_instances(api, ["web-2"], polling=Polling(timeout, delay, max_delay, clock, rng=seeded(seed)))
    assert [i.status for i in result.instances] == ["timed_out"]
    return list(clock.slept)


def test_backoff_doubles_with_jitter_up_to_max_delay_and_never_past_the_timeout(
    backend: LocalLightsail, api: LightsailApi, clock: ManualClock
) -> None:
    slept = _never_running(backend, api, clock, seed=7, timeout=100, delay=2, max_delay=20)
    assert sum(slept) == pytest.approx(100)
    expected_rng = seeded(7)
    waited = 0.0
    for index, pause in enumerate(slept):
        backoff = min(20.0, 2.0 * 2**index)
        drawn = expected_rng.uniform(backoff / 2, backoff)
        remaining = 100 - waited
        assert pause == pytest.approx(min(drawn, remaining))
        assert backoff / 2 <= pause <= backoff or pause == pytest.approx(remaining)
        assert pause <= remaining + 1e-9
        waited += pause
    assert max(slept) <= 20
    # the first pauses grow about doubling: each backoff is twice the last until the cap
    assert slept[0] <= 2 and 2 <= slept[2] <= 8 and slept[4] >= 10


def test_the_same_seed_gives_the_same_pauses(backend: LocalLightsail, api: LightsailApi, clock: ManualClock) -> None:
    first = _never_running(backend, api, clock, seed=11, timeout=60)
    second = _never_running(backend, api, clock, seed=11, timeout=60)
    other = _never_running(backend, api, clock, seed=12, timeout=60)
    assert first == pytest.approx(second)  # the last pause is cut by the remaining time, to float precision
    assert first != pytest.approx(other)


def test_a_timeout_inside_the_first_pause_is_respected(
    backend: LocalLightsail, api: LightsailApi, clock: ManualClock
) -> None:
    slept = _never_running(backend, api, clock, seed=1, timeout=0.5, delay=2, max_delay=20)
    assert slept == [pytest.approx(0.5)]


def test_progress_is_given_every_round_even_when_the_round_fails(
    backend: LocalLightsail, impatient_boto: LightsailClient, clock: ManualClock
) -> None:
    no_retries = impatient_boto
    LightsailRestoreClient(no_retries).create_instances_from_snapshot(manual())
    backend.throttle(count=1, operation="GetOperations")
    seen: list[Sequence[InstanceProgress]] = []
    result = wait_for_instances(LightsailApi(no_retries), ["web-2"], polling=Polling(clock=clock, progress=seen.append))
    assert len(seen) == result.rounds
    assert seen[0][0].status == "unknown" and not seen[0][0].done  # the throttled first round knew nothing yet
    assert seen[-1][0].status == "running" and seen[-1][0].done


def _throttled_client_wait(backend: LocalLightsail, client: LightsailRestoreClient, clock: ManualClock) -> WaitResult:
    client.create_instances_from_snapshot(manual())
    backend.clear_requests()
    backend.throttle(count=2, operation="GetOperations")
    return client.wait(["web-2"], clock=clock, progress=lambda _: None)


def test_client_wait_survives_throttling(
    backend: LocalLightsail, impatient: LightsailRestoreClient, clock: ManualClock
) -> None:
    result = _throttled_client_wait(backend, impatient, clock)
    assert [i.status for i in result.instances] == ["succeeded"]
    assert result.retryable_errors == 2 and result.error is None
    assert result.api_calls == result.rounds + 1 == backend.calls()


def test_client_wait_keeps_the_errors_it_saw(
    backend: LocalLightsail, impatient: LightsailRestoreClient, clock: ManualClock
) -> None:
    assert _throttled_client_wait(backend, impatient, clock).errors_seen == ("ThrottlingException",) * 2
