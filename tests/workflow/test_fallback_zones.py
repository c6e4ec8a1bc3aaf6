"""Another zone when one is full (``fallback_zones``): the create goes to the next zone only on a capacity refusal,
the outcome says which zone took it, and a rerun after a kill between zones (or after the create in a fallback
zone) creates nothing twice."""

from __future__ import annotations

import multiprocessing
import signal
from pathlib import Path
from typing import Any

import pytest
from mypy_boto3_lightsail.client import LightsailClient

from lightsail_restore import (
    LightsailError,
    LightsailRestoreClient,
    OperationFailureException,
    RequestValidationError,
)
from lightsail_restore.local import LocalLightsail, ManualClock, Timings
from lightsail_restore.restore._steps.zones import CAPACITY_CODE

from . import _workers
from .conftest import Hook, Interrupt, applied_creates, manual, operations

CREATE = "CreateInstancesFromSnapshot"


def zones_sent(backend: LocalLightsail) -> list[str]:
    """The ``availabilityZone`` of every create the backend received, in order."""
    return [str(r.params["availabilityZone"]) for r in backend.requests if r.operation == CREATE]


def zone_of(boto: LightsailClient, name: str) -> str:
    return str(boto.get_instance(instanceName=name)["instance"]["location"]["availabilityZone"])


def test_a_full_zone_sends_the_create_to_the_next(
    backend: LocalLightsail, client: LightsailRestoreClient, boto: LightsailClient, clock: ManualClock
) -> None:
    backend.refuse_capacity("us-east-2a")
    outcome = client.restore(manual(), clock=clock, fallback_zones=["us-east-2b", "us-east-2c"])
    assert outcome.ok and outcome.succeeded == ("web-2",)
    assert zones_sent(backend) == ["us-east-2a", "us-east-2b"]
    assert zone_of(boto, "web-2") == "us-east-2b"
    assert outcome.availability_zone == "us-east-2b"
    create = next(s for s in outcome.steps if s.name == "create")
    assert create.detail == "created web-2 in us-east-2b (us-east-2a: no capacity)"
    assert outcome.plan is not None and outcome.plan.zones == ("us-east-2a", "us-east-2b", "us-east-2c")


def test_without_fallback_zones_the_refusal_is_awss_and_nothing_else_is_tried(
    backend: LocalLightsail, client: LightsailRestoreClient, clock: ManualClock
) -> None:
    backend.refuse_capacity("us-east-2a")
    with pytest.raises(LightsailError) as raised:
        client.restore(manual(), clock=clock)
    assert raised.value.code == CAPACITY_CODE and "none had capacity" not in raised.value.message
    assert zones_sent(backend) == ["us-east-2a"]


def test_a_zone_the_request_names_first_that_has_room_is_the_only_one_tried(
    backend: LocalLightsail, client: LightsailRestoreClient, clock: ManualClock
) -> None:
    outcome = client.restore(manual(), clock=clock, fallback_zones=["us-east-2b"])
    assert outcome.ok and outcome.availability_zone == "us-east-2a"
    assert zones_sent(backend) == ["us-east-2a"]
    assert next(s for s in outcome.steps if s.name == "create").detail == "created web-2"


def test_every_zone_full_is_one_refusal_naming_the_zones_tried(
    backend: LocalLightsail, client: LightsailRestoreClient, clock: ManualClock
) -> None:
    for zone in ("us-east-2a", "us-east-2b", "us-east-2c"):
        backend.refuse_capacity(zone)
    with pytest.raises(OperationFailureException) as raised:
        client.restore(manual(), clock=clock, fallback_zones="any")
    assert raised.value.code == CAPACITY_CODE
    assert "tried us-east-2a, us-east-2b, us-east-2c: none had capacity" in raised.value.message
    assert zones_sent(backend) == ["us-east-2a", "us-east-2b", "us-east-2c"]
    assert applied_creates(backend.state) == {}


def test_any_tries_the_regions_other_zones_in_name_order(
    backend: LocalLightsail, client: LightsailRestoreClient, boto: LightsailClient, clock: ManualClock
) -> None:
    backend.refuse_capacity("us-east-2b")
    backend.refuse_capacity("us-east-2a")
    outcome = client.restore(manual(zone="us-east-2b"), clock=clock, fallback_zones="any")
    assert outcome.ok and zone_of(boto, "web-2") == "us-east-2c"
    assert zones_sent(backend) == ["us-east-2b", "us-east-2a", "us-east-2c"]


def test_another_refusal_is_not_sent_to_another_zone(
    backend: LocalLightsail, client: LightsailRestoreClient, clock: ManualClock
) -> None:
    backend.fail_next("InvalidInputException", operation=CREATE, message="Some other refusal")
    with pytest.raises(LightsailError) as raised:
        client.restore(manual(), clock=clock, fallback_zones=["us-east-2b"])
    assert raised.value.error_code == "InvalidInputException"
    assert zones_sent(backend) == ["us-east-2a"]


def test_a_create_accepted_then_failing_for_capacity_is_reported_failed_not_moved(
    backend: LocalLightsail, client: LightsailRestoreClient, clock: ManualClock
) -> None:
    backend.fail_operation("web-2", error_code=CAPACITY_CODE, error_details="no capacity")
    outcome = client.restore(manual(), clock=clock, fallback_zones=["us-east-2b"])
    assert not outcome.ok
    assert [(i.name, i.status, i.error_code) for i in outcome.instances] == [("web-2", "failed", CAPACITY_CODE)]
    assert zones_sent(backend) == ["us-east-2a"]


def test_the_plan_refuses_a_fallback_zone_outside_the_region(client: LightsailRestoreClient) -> None:
    plan = client.plan(manual(), fallback_zones=["us-east-2d", "us-west-2a", "us-east-2b"])
    assert [(f.rule, f.path) for f in plan.errors] == [
        ("fallback_zone_exists", "fallback_zones[0]"),
        ("fallback_zone_exists", "fallback_zones[1]"),
    ]
    assert "us-east-2d is not an Availability Zone of us-east-2; use zones of us-east-2a" in plan.errors[0].message
    assert plan.zones == ("us-east-2a", "us-east-2b")


@pytest.mark.parametrize(
    ("value", "path"), [("us-east-2b", "fallback_zones"), (["us-east-2b", " "], "fallback_zones[1]")]
)
def test_a_malformed_fallback_is_refused_before_anything_is_sent(
    backend: LocalLightsail, client: LightsailRestoreClient, value: Any, path: str
) -> None:
    with pytest.raises(RequestValidationError) as raised:
        client.restore(manual(), fallback_zones=value)
    assert [i.path for i in raised.value.issues] == [path]
    assert backend.requests == []


def test_fallback_zones_need_the_plan(backend: LocalLightsail, client: LightsailRestoreClient) -> None:
    with pytest.raises(RequestValidationError) as raised:
        client.restore(manual(), check=False, fallback_zones=["us-east-2b"])
    assert [(i.path, i.rule) for i in raised.value.issues] == [("fallback_zones", "fallback_zones_plan")]
    assert backend.requests == []


@pytest.mark.parametrize("killed_at", ["before-call", "after-call"])
def test_a_rerun_after_a_kill_between_zones_creates_once(
    killed_at: str,
    backend: LocalLightsail,
    client: LightsailRestoreClient,
    boto: LightsailClient,
    clock: ManualClock,
    hooks: Hook,
) -> None:
    """Killed before the create in the fallback zone was sent, or after AWS applied it but before it was heard."""
    backend.refuse_capacity("us-east-2a")
    armed = [True]

    def kill_at_the_second(**_: Any) -> None:
        if armed[0] and len(zones_sent(backend)) == (1 if killed_at == "before-call" else 2):
            raise Interrupt

    event = "before-call" if killed_at == "before-call" else "after-call"
    hooks(f"{event}.lightsail.{CREATE}", kill_at_the_second)
    with pytest.raises(Interrupt):
        client.restore(manual(), clock=clock, fallback_zones=["us-east-2b"])
    if killed_at == "before-call":  # the first create was refused; the second never left
        assert zones_sent(backend) == ["us-east-2a"] and applied_creates(backend.state) == {}
    else:
        assert applied_creates(backend.state) == {"web-2": 1}
    armed[0] = False
    backend.clear_requests()

    outcome = client.restore(manual(), clock=clock, fallback_zones=["us-east-2b"])
    assert outcome.ok and outcome.succeeded == ("web-2",)
    assert applied_creates(backend.state) == {"web-2": 1}
    assert zone_of(boto, "web-2") == "us-east-2b"
    assert outcome.plan is not None
    rules = {f.rule for f in outcome.plan.findings}
    if killed_at == "before-call":
        assert zones_sent(backend) == ["us-east-2a", "us-east-2b"]
    else:
        assert CREATE not in operations(backend)  # resumed where it was created: nothing sent
        assert outcome.instances[0].resumed and "already_created" in rules
    assert "resume_drifted" not in rules and "resume_differs" not in rules


def test_a_rerun_without_the_fallback_zones_resumes_with_a_warning(
    backend: LocalLightsail, client: LightsailRestoreClient, clock: ManualClock
) -> None:
    backend.refuse_capacity("us-east-2a")
    client.restore(manual(), clock=clock, fallback_zones=["us-east-2b"])
    plan = client.plan(manual())
    assert plan.already_created == ("web-2",)
    assert [(f.rule, f.path) for f in plan.findings if f.rule.startswith("resume")] == [
        ("resume_drifted", "availabilityZone")
    ]


def test_a_lost_answer_in_the_fallback_zone_is_judged_by_a_second_look(
    backend: LocalLightsail, impatient: LightsailRestoreClient, clock: ManualClock, impatient_hooks: Hook
) -> None:
    backend.refuse_capacity("us-east-2a")

    def lose_the_next(**_: Any) -> None:
        if len(zones_sent(backend)) == 1:
            backend.lose_answer(operation=CREATE)  # the create in us-east-2b is applied, its answer lost

    impatient_hooks(f"after-call.lightsail.{CREATE}", lose_the_next)
    outcome = impatient.restore(manual(), clock=clock, fallback_zones=["us-east-2b"])
    assert outcome.ok and outcome.answer_lost
    assert zones_sent(backend) == ["us-east-2a", "us-east-2b"]
    assert applied_creates(backend.state) == {"web-2": 1}


@pytest.mark.parametrize("when", ["before", "after"])
def test_killed_by_sigkill_between_zones_a_rerun_creates_once(tmp_path: Path, when: str) -> None:
    """A real kill -9 in a child process at the create in the fallback zone (before it is sent, or after AWS applied
    it); the same restore run again on the same account creates web-2 once, in us-east-2b."""
    path = tmp_path / "account.json"
    LocalLightsail.from_file(path, timings=Timings(operation_seconds=0.2, boot_seconds=0.4)).refuse_capacity(
        "us-east-2a"
    )
    context = multiprocessing.get_context("spawn")
    child = context.Process(target=_workers.restore_killed_between_zones, args=(str(path), when))
    child.start()
    child.join(timeout=120)
    assert child.exitcode == -signal.SIGKILL
    backend = LocalLightsail.from_file(path)
    assert applied_creates(backend.state) == ({} if when == "before" else {"web-2": 1})

    client = LightsailRestoreClient(backend.client())
    request = manual()
    outcome = client.restore(request, delay=0.05, max_delay=0.2, timeout=60, fallback_zones=["us-east-2b"])
    assert outcome.ok and outcome.succeeded == ("web-2",)
    assert outcome.instances[0].resumed == (when == "after")
    assert applied_creates(LocalLightsail.from_file(path).state) == {"web-2": 1}
    assert zone_of(backend.client(), "web-2") == "us-east-2b"
