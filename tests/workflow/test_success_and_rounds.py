"""Success means done, and waiting costs one list call a round whatever the number of instances.

An instance succeeded only when its creation operation says so and it is running; a name with nothing behind it
is not found after one look; deadlines are measured on monotonic time, so a step of the wall clock changes
nothing; and each polling round is one list call (a GetOperations page or a GetInstances page) for 1, 5 or 20
instances.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

import pytest

from lightsail_restore import InstanceProgress, LightsailRestoreClient
from lightsail_restore.local import LocalLightsail, ManualClock, Timings

from .conftest import START, manual, seeded

if TYPE_CHECKING:
    from mypy_boto3_lightsail.client import LightsailClient

Hook = Callable[[str, Callable[..., Any]], None]


def test_running_while_the_operation_is_started_and_then_fails_is_a_failure(
    backend: LocalLightsail, client: LightsailRestoreClient, clock: ManualClock
) -> None:
    """The instance boots in 5 s, but its operation runs for 30 s and fails (E17: terraform waits on the operation,
    E25: ansible on the state; running alone is not success)."""
    backend.timings = Timings(operation_seconds=30, boot_seconds=5)
    backend.fail_operation("web-2", error_code="InternalError", error_details="the volume failed")
    running_seen: list[str] = []

    def watch(progress: Sequence[InstanceProgress]) -> None:
        states = {i["name"]: i["state"]["name"] for i in client.lightsail.get_instances()["instances"]}
        running_seen.append(states.get("web-2", "gone"))

    outcome = client.restore(manual(), clock=clock, progress=watch, rng=seeded(4))
    assert "running" in running_seen  # it was running for a while, and the waiter did not call that success
    (web2,) = outcome.instances
    assert (web2.status, web2.operation_status, web2.error_code) == ("failed", "Failed", "InternalError")
    assert not outcome.ok and outcome.failed == (web2,)


def test_success_needs_the_instance_running_too(
    backend: LocalLightsail, client: LightsailRestoreClient, clock: ManualClock
) -> None:
    backend.timings = Timings(operation_seconds=5, boot_seconds=60)
    outcome = client.restore(manual(), clock=clock, timeout=40)
    (web2,) = outcome.instances
    assert (web2.status, web2.operation_status, web2.instance_state) == ("timed_out", "Succeeded", "pending")


def test_a_missing_name_is_not_found_after_one_look(
    backend: LocalLightsail, client: LightsailRestoreClient, clock: ManualClock
) -> None:
    client.restore(manual(), wait=False)
    backend.clear_requests()
    result = client.wait(["web-2", "ghost-1"], clock=clock, timeout=900)
    web2, ghost = result.instances
    assert (ghost.status, ghost.operation_id, ghost.instance_state) == ("not_found", None, None)
    assert ghost.elapsed == 0  # the first round said so
    assert web2.status == "succeeded"
    # the first round lists the operations, and (one name having none) the instances: a constant per wait
    assert [r.operation for r in backend.requests][:2] == ["GetOperations", "GetInstances"]
    alone = client.wait(["ghost-2"], clock=clock)
    assert [i.status for i in alone.instances] == ["not_found"] and alone.rounds == 1 and alone.api_calls == 2


def test_a_restore_reports_a_name_that_vanished_as_not_found(
    backend: LocalLightsail, client: LightsailRestoreClient, clock: ManualClock, hooks: Hook
) -> None:
    def hidden(parsed: dict[str, Any], **_: Any) -> None:
        parsed["instances"] = [i for i in parsed["instances"] if i["name"] != "web-3"]

    client.restore(manual(names=("web-2", "web-3")), wait=False)
    clock.advance(60)
    hooks("after-call.lightsail.GetInstances", hidden)  # deleted since, by someone
    outcome = client.restore(manual(names=("web-2",)), clock=clock)
    assert outcome.ok
    result = client.wait(["web-3"], clock=clock)
    assert [(i.status, i.operation_status) for i in result.instances] == [("not_found", "Succeeded")]


def test_an_instance_whose_creation_operation_is_no_longer_listed_is_judged_by_its_state(
    backend: LocalLightsail, client: LightsailRestoreClient, clock: ManualClock
) -> None:
    """web-1 of the demo account has no operation (AWS does not keep them forever): running is all there is."""
    result = client.wait(["web-1"], clock=clock)
    assert [(i.status, i.operation_id, i.instance_state) for i in result.instances] == [("succeeded", None, "running")]
    assert result.rounds == 1 and clock.slept == []


@pytest.mark.parametrize("step", [86400.0, -86400.0, 10 * 365 * 86400.0])
def test_a_wall_clock_step_during_a_wait_does_not_move_the_deadline(
    step: float, backend: LocalLightsail, boto: LightsailClient
) -> None:
    """The waiter's wall clock jumps a day (or ten years) ahead or back in the first round: still 120 s of waiting."""
    backend.timings = Timings(operation_seconds=7 * 86400, boot_seconds=7 * 86400)  # never done in this test
    client = LightsailRestoreClient(boto)
    client.create_instances_from_snapshot(manual())
    waiter_clock = ManualClock(START)

    def jump(progress: Sequence[InstanceProgress]) -> None:
        if len(waiter_clock.slept) == 0:
            waiter_clock.step(step)

    result = client.wait(["web-2"], clock=waiter_clock, timeout=120, progress=jump)
    (web2,) = result.instances
    assert web2.status == "timed_out"
    assert sum(waiter_clock.slept) == pytest.approx(120)
    assert web2.elapsed == pytest.approx(120)
    assert (waiter_clock.now() - START).total_seconds() == pytest.approx(120 + step)


def _calls_per_round(
    backend: LocalLightsail, client: LightsailRestoreClient, clock: ManualClock, names: Sequence[str]
) -> list[tuple[str, ...]]:
    """Restore ``names`` and give the calls of each polling round."""
    rounds: list[tuple[str, ...]] = []
    seen = [0]

    def cut(_: Sequence[InstanceProgress]) -> None:
        rounds.append(tuple(r.operation for r in backend.requests[seen[0] :]))
        seen[0] = len(backend.requests)

    def after_create(**_: Any) -> None:
        seen[0] = len(backend.requests)

    client.lightsail.meta.events.register("after-call.lightsail.CreateInstancesFromSnapshot", after_create)
    try:
        outcome = client.restore(
            manual(names=tuple(names)), clock=clock, progress=cut, instance_quota=25, rng=seeded(0)
        )
    finally:
        client.lightsail.meta.events.unregister("after-call.lightsail.CreateInstancesFromSnapshot", after_create)
    assert outcome.ok and len(outcome.succeeded) == len(names)
    return rounds


@pytest.mark.parametrize("count", [1, 5, 20])
def test_each_round_is_one_list_call_whatever_the_number_of_instances(
    count: int, backend: LocalLightsail, client: LightsailRestoreClient, clock: ManualClock
) -> None:
    backend.instance_quota = 25
    rounds = _calls_per_round(backend, client, clock, [f"node-{i:02d}" for i in range(count)])
    ops = [r for r in rounds if r == ("GetOperations",)]
    transition = [r for r in rounds if len(r) == 2]
    boots = [r for r in rounds if r == ("GetInstances",)]
    assert transition == [("GetOperations", "GetInstances")]  # the round where the operations end: a constant
    assert len(ops) + len(transition) + len(boots) == len(rounds)
    assert ops  # the first rounds: the operations run for 10 s
    assert sum(len(r) for r in rounds) == len(rounds) + 1
    assert len(rounds) <= 10  # 10 s of operations and 20 s of boot; pauses of 2, 4, then 5 s, each at least half


def test_a_long_history_of_operations_costs_one_page_when_they_come_newest_first(
    backend: LocalLightsail, client: LightsailRestoreClient, clock: ManualClock
) -> None:
    """60 older operations in the account and 10 a page: ours are on the first page, so one call a round."""
    history = backend.state["regions"]["us-east-2"]["operations"]
    for n in range(60):
        history.append(
            {
                "id": f"old-{n}",
                "resourceName": f"old-{n}",
                "resourceType": "Instance",
                "createdAt": START.timestamp() - 86400 + n,
                "location": {"availabilityZone": "us-east-2a", "regionName": "us-east-2"},
                "isTerminal": True,
                "operationType": "CreateInstance",
                "status": "Succeeded",
                "statusChangedAt": START.timestamp() - 86400 + n,
                "_endsAt": START.timestamp() - 86400 + n,
            }
        )
    backend.page_size = 10
    rounds = _calls_per_round(backend, client, clock, ["web-2", "web-3"])
    assert all(r.count("GetOperations") <= 1 for r in rounds)
    assert sum(r.count("GetOperations") for r in rounds) == sum(1 for r in rounds if "GetOperations" in r)


def test_when_the_pages_come_oldest_first_every_page_is_read(
    backend: LocalLightsail,
    client: LightsailRestoreClient,
    clock: ManualClock,
    hooks: Hook,
    impatient_boto: LightsailClient,
) -> None:
    """The service model's text says oldest first (E16). Then a name's newest creation can be on the last page,
    behind an older one of the same name on the first: stopping at the first match would report the old one."""
    backend.page_size = 2
    backend.fail_operation("web-2", error_code="InternalError", error_details="first try")
    client.create_instances_from_snapshot(manual(names=("web-2",)))
    clock.advance(1)
    client.create_instances_from_snapshot(manual(names=("web-3",)))
    clock.advance(60)  # web-2's first creation failed and the instance is gone
    client.create_instances_from_snapshot(manual(names=("web-2",)))  # created again: the third operation

    tokens: list[str | None] = []

    def remember(params: dict[str, Any], **_: Any) -> None:
        tokens.append(params.get("pageToken"))

    def oldest_first(parsed: dict[str, Any], **_: Any) -> None:
        """Answer the page asked for out of every operation listed oldest first (asked of the backend directly)."""
        pages = impatient_boto.get_paginator("get_operations").paginate()
        everything = sorted((op for page in pages for op in page["operations"]), key=lambda op: op["createdAt"])
        start = int(tokens[-1] or 0)
        parsed["operations"] = everything[start : start + 2]
        parsed.pop("nextPageToken", None)
        if start + 2 < len(everything):
            parsed["nextPageToken"] = str(start + 2)

    hooks("before-parameter-build.lightsail.GetOperations", remember)
    hooks("after-call.lightsail.GetOperations", oldest_first)
    result = client.wait(["web-2"], clock=clock)
    assert [(i.status, i.operation_status) for i in result.instances] == [("succeeded", "Succeeded")]
    assert tokens[:2] == [None, "2"]  # both pages in the first round: the newest one was on the second


def test_when_the_pages_come_newest_first_paging_stops_at_the_match(
    backend: LocalLightsail, client: LightsailRestoreClient, clock: ManualClock
) -> None:
    backend.page_size = 2
    for name in ("web-2", "web-3", "web-4"):
        client.create_instances_from_snapshot(manual(names=(name,)))
        clock.advance(1)
    backend.clear_requests()
    result = client.wait(["web-4"], clock=clock)
    assert [i.status for i in result.instances] == ["succeeded"]
    assert backend.calls("GetOperations") == sum(1 for r in backend.requests if r.operation == "GetOperations")
    assert all("pageToken" not in r.params for r in backend.requests if r.operation == "GetOperations")


def test_an_answered_operation_without_an_id_is_found_by_name(
    backend: LocalLightsail, client: LightsailRestoreClient, clock: ManualClock, hooks: Hook
) -> None:
    def without_ids(parsed: dict[str, Any], **_: Any) -> None:
        for op in parsed["operations"]:
            del op["id"]

    hooks("after-call.lightsail.CreateInstancesFromSnapshot", without_ids)
    outcome = client.restore(manual(), clock=clock, timeout=120)
    assert [(i.status, i.operation_status) for i in outcome.instances] == [("succeeded", "Succeeded")]
    assert outcome.instances[0].operation_id is not None  # the listing's


def test_a_name_without_an_operation_does_not_make_every_round_read_every_page(
    backend: LocalLightsail, client: LightsailRestoreClient, clock: ManualClock
) -> None:
    backend.page_size = 2
    for name in ("web-2", "web-3", "web-5", "web-4"):
        client.create_instances_from_snapshot(manual(names=(name,)))
        clock.advance(1)
    operations = backend.state["regions"]["us-east-2"]["operations"]
    operations[:] = [op for op in operations if op["resourceName"] != "web-5"]  # no longer listed
    backend.clear_requests()
    result = client.wait(["web-4", "web-5"], clock=clock)
    assert [(i.status, i.operation_id is None) for i in result.instances] == [("succeeded", False), ("succeeded", True)]
    listings = [r.params.get("pageToken") for r in backend.requests if r.operation == "GetOperations"]
    assert listings[:2] == [None, "2"]  # the first round reads to the end to know web-5 has none
    assert all(token is None for token in listings[2:])  # then web-4 is on the first page: one call a round
