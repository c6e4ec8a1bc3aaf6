"""A create whose answer is lost: AWS applied it, the caller never heard. The restore looks again and goes on as
a resume when the instances carry this request's mark, reports it truthfully, and never sends a second create for
the same names; otherwise it raises the original error. Identical restores racing for the same names all end
with every instance running and one creation per name."""

from __future__ import annotations

import json
import multiprocessing
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from lightsail_restore import (
    InvalidInputException,
    LightsailError,
    LightsailRestoreClient,
    PlanRefusedError,
    ResponseShapeError,
    TransportError,
)
from lightsail_restore.local import LocalLightsail, ManualClock, Timings

if TYPE_CHECKING:
    from mypy_boto3_lightsail.client import LightsailClient

from . import _workers
from .conftest import Hook, applied_creates, created_names, manual, restore_in_a_storm, seeded, tags_of

NAMES = ("web-2", "web-3")


def test_a_lost_answer_with_botocore_retries_on(
    backend: LocalLightsail, client: LightsailRestoreClient, clock: ManualClock
) -> None:
    """The attempt is applied and times out; botocore does not send it again: the second look finds it applied."""
    backend.lose_answer(operation="CreateInstancesFromSnapshot")
    outcome = client.restore(manual(names=NAMES), clock=clock)
    assert outcome.ok and outcome.succeeded == NAMES
    assert [(i.answer_lost, i.resumed, i.operation_status) for i in outcome.instances] == [
        (True, False, "Succeeded")
    ] * 2
    assert outcome.answer_lost and outcome.to_dict()["answerLost"] is True
    assert outcome.operations == () and outcome.request_id is None
    assert created_names(backend) == [list(NAMES)]  # sent once, whatever botocore's retry mode
    assert applied_creates(backend.state) == {"web-2": 1, "web-3": 1}
    create = outcome.steps[1]
    assert create.status == "done" and "the answer was lost (TransportError)" in create.detail


def test_a_lost_answer_with_retries_off(
    backend: LocalLightsail, impatient: LightsailRestoreClient, clock: ManualClock
) -> None:
    client = impatient
    backend.lose_answer(operation="CreateInstancesFromSnapshot")
    outcome = client.restore(manual(names=NAMES), clock=clock)
    assert outcome.ok and all(i.answer_lost for i in outcome.instances)
    assert created_names(backend) == [list(NAMES)]  # one create, never a second
    assert "the answer was lost (TransportError)" in outcome.steps[1].detail
    assert [r.operation for r in backend.requests].count("GetInstances") >= 2  # the plan, and the second look


def test_a_connection_reset_before_the_create_is_applied_is_raised(
    backend: LocalLightsail, impatient: LightsailRestoreClient, clock: ManualClock
) -> None:
    client = impatient
    backend.drop_connection(operation="CreateInstancesFromSnapshot")
    with pytest.raises(TransportError, match="no answer from AWS Lightsail"):
        client.restore(manual(names=NAMES), clock=clock)
    assert applied_creates(backend.state) == {}  # the second look found nothing: the original error stands
    assert created_names(backend) == [list(NAMES)]
    assert client.restore(manual(names=NAMES), clock=clock).ok  # and the rerun creates them


def test_a_connection_reset_with_retries_on_is_not_sent_again_by_botocore(
    backend: LocalLightsail, client: LightsailRestoreClient, clock: ManualClock
) -> None:
    """A reset may come after AWS applied it: botocore does not send it again; the second look finds nothing."""
    backend.drop_connection(operation="CreateInstancesFromSnapshot")
    with pytest.raises(TransportError, match="no answer from AWS Lightsail"):
        client.restore(manual(names=NAMES), clock=clock)
    assert created_names(backend) == [list(NAMES)] and applied_creates(backend.state) == {}


def test_a_gateway_page_on_the_create_that_was_not_applied_is_raised(
    backend: LocalLightsail, impatient: LightsailRestoreClient, clock: ManualClock
) -> None:
    client = impatient
    backend.gateway_error(503, operation="CreateInstancesFromSnapshot")
    with pytest.raises(LightsailError) as raised:
        client.restore(manual(), clock=clock)
    assert (raised.value.error_code, raised.value.http_status, raised.value.is_retryable) == ("503", 503, True)
    assert applied_creates(backend.state) == {}


def test_names_taken_by_someone_else_in_between_are_not_adopted(
    backend: LocalLightsail, client: LightsailRestoreClient, hooks: Hook, impatient_boto: LightsailClient
) -> None:
    """Between our plan and our create, another tool takes web-3 (no mark): AWS's error stands, nothing adopted."""
    other = impatient_boto

    def someone_else(**_: Any) -> None:
        other.create_instances_from_snapshot(
            instanceNames=["web-3"],
            availabilityZone="us-east-2b",
            bundleId="micro_3_0",
            instanceSnapshotName="web-1-snap",
        )

    hooks("before-call.lightsail.CreateInstancesFromSnapshot", someone_else)
    with pytest.raises(InvalidInputException, match="Some names are already in use"):
        client.restore(manual(names=NAMES))
    assert created_names(backend) == [["web-3"], list(NAMES)]  # theirs, ours: never a second one of ours
    assert applied_creates(backend.state) == {"web-3": 1}


def _restore_losing_the_create_answer(
    backend: LocalLightsail, client: LightsailRestoreClient, clock: ManualClock, **options: Any
) -> None:
    """A restore whose create is applied and its answer lost, and which gives up: it raises ``TransportError``."""
    backend.lose_answer(operation="CreateInstancesFromSnapshot")
    with pytest.raises(TransportError):
        client.restore(manual(), clock=clock, **options)


def test_without_the_mark_a_lost_answer_cannot_be_recovered(
    backend: LocalLightsail, impatient: LightsailRestoreClient, clock: ManualClock
) -> None:
    _restore_losing_the_create_answer(backend, impatient, clock, provenance=False)
    assert applied_creates(backend.state) == {"web-2": 1}
    with pytest.raises(PlanRefusedError):  # and, as documented, a rerun cannot resume it
        impatient.restore(manual(), clock=clock, provenance=False)


def test_an_unchecked_restore_does_not_recover_but_still_marks(
    backend: LocalLightsail, impatient: LightsailRestoreClient, clock: ManualClock
) -> None:
    """check=False means no resuming: a lost answer is raised, and the checked rerun resumes thanks to the mark."""
    _restore_losing_the_create_answer(backend, impatient, clock, check=False)
    assert [r.operation for r in backend.requests] == ["CreateInstancesFromSnapshot"]  # no look-up at all
    again = impatient.restore(manual(), clock=clock)
    assert again.ok and again.instances[0].resumed and applied_creates(backend.state) == {"web-2": 1}


def test_an_unchecked_restore_of_the_latest_snapshot_resolves_its_date_for_the_mark(
    backend: LocalLightsail, client: LightsailRestoreClient
) -> None:
    from .conftest import LATEST_DATE, auto

    client.restore(auto(), check=False, wait=False)
    assert [r.operation for r in backend.requests] == [
        "GetInstance",
        "GetBlueprints",
        "GetAutoSnapshots",
        "CreateInstancesFromSnapshot",
    ]
    assert tags_of(client.lightsail, "web-2")["lightsail-restore:source"] == f"web-1@{LATEST_DATE}"


def test_a_create_answer_with_no_operations_is_an_error(
    backend: LocalLightsail, client: LightsailRestoreClient, clock: ManualClock, hooks: Hook
) -> None:
    def emptied(parsed: dict[str, Any], **_: Any) -> None:
        parsed["operations"] = []

    hooks("after-call.lightsail.CreateInstancesFromSnapshot", emptied)
    with pytest.raises(ResponseShapeError, match="with no operations") as raised:
        client.restore(manual(names=NAMES), clock=clock)
    assert "run the same restore again" in str(raised.value)
    client.lightsail.meta.events.unregister("after-call.lightsail.CreateInstancesFromSnapshot", emptied)
    again = client.restore(manual(names=NAMES), clock=clock)  # it had created them: the rerun resumes
    assert again.ok and all(i.resumed for i in again.instances)
    assert applied_creates(backend.state) == {"web-2": 1, "web-3": 1}


def test_parallel_identical_restores_all_end_running_with_one_create_per_name(tmp_path: Path) -> None:
    """Four processes restore the same request at once on one file-backed account; the creates are sent together."""
    path = tmp_path / "account.json"
    LocalLightsail.from_file(path, timings=Timings(operation_seconds=0.3, boot_seconds=0.6))
    context = multiprocessing.get_context("spawn")
    workers = 4
    barrier = context.Barrier(workers)
    results = context.Queue()
    names = ["web-2", "web-3", "web-4"]
    processes = [
        context.Process(target=_workers.identical_restore, args=(str(path), names, barrier, results))
        for _ in range(workers)
    ]
    for process in processes:
        process.start()
    outcomes = [results.get(timeout=120) for _ in processes]
    for process in processes:
        process.join(timeout=30)
        assert process.exitcode == 0
    assert all("crash" not in o for o in outcomes), outcomes
    for outcome in outcomes:
        assert outcome["ok"] is True, outcome
        assert [(i["name"], i["status"], i["instanceState"]) for i in outcome["instances"]] == [
            (name, "succeeded", "running") for name in names
        ]
    winners = [o for o in outcomes if o["requestId"] is not None]
    losers = [o for o in outcomes if o["requestId"] is None]
    assert len(winners) == 1 and len(losers) == workers - 1
    assert all(all(i["answerLost"] for i in o["instances"]) for o in losers)  # resumed after "names in use"
    assert applied_creates(LocalLightsail.from_file(path).state) == dict.fromkeys(names, 1)


def test_six_identical_commands_at_once_all_exit_0(tmp_path: Path) -> None:
    """The issue's scenario: six `lightsail-restore restore` processes started together on one account."""
    import subprocess
    import sys

    state = tmp_path / "local.json"
    LocalLightsail.from_file(state, timings=Timings(operation_seconds=0.2, boot_seconds=0.4))
    argv = [sys.executable, "-m", "lightsail_restore", "--local", "--local-state", str(state), "--output", "json"]
    argv += ["restore", "--instance-names", "web-2", "web-3", "--availability-zone", "us-east-2a"]
    argv += ["--bundle-id", "micro_3_0", "--instance-snapshot-name", "web-1-snap", "--timeout", "60"]
    processes = [
        subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)  # noqa: S603
        for _ in range(6)
    ]
    results = [(p.wait(timeout=120), *p.communicate()) for p in processes]
    assert [code for code, _, _ in results] == [0] * 6, [err for _, _, err in results]
    for _, out, _ in results:
        assert [(i["status"], i["instanceState"]) for i in json.loads(out)["instances"]] == [
            ("succeeded", "running")
        ] * 2
    assert applied_creates(LocalLightsail.from_file(state).state) == {"web-2": 1, "web-3": 1}


@pytest.mark.parametrize("attempts", [1, None], ids=["no-retries", "botocore-retries"])
def test_a_burst_of_5xx_on_the_second_look_costs_rounds_and_the_lost_answer_is_found(
    attempts: int | None, backend: LocalLightsail, clock: ManualClock
) -> None:
    """The create is applied and its answer lost; the second look then meets gateway pages, and looks again."""
    boto = backend.client(max_attempts=attempts)
    client = LightsailRestoreClient(boto)
    backend.lose_answer(operation="CreateInstancesFromSnapshot")

    def burst(**_: Any) -> None:  # botocore's retries of the create (if any), then the second look's calls
        backend.gateway_error(503, count=7 if attempts == 1 else 5)

    boto.meta.events.register("before-call.lightsail.CreateInstancesFromSnapshot", burst)
    outcome = client.restore(manual(names=NAMES), clock=clock, rng=seeded(0))
    assert outcome.ok, outcome.steps
    assert all(i.answer_lost and i.status == "succeeded" for i in outcome.instances)
    create = outcome.steps[1]
    assert create.status == "done" and "the answer was lost" in create.detail and "a second look" in create.detail
    assert applied_creates(backend.state) == {"web-2": 1, "web-3": 1}  # whoever re-sent it, AWS applied it once


def test_a_second_look_that_cannot_tell_by_the_deadline_says_the_create_may_have_been_applied(
    backend: LocalLightsail, impatient: LightsailRestoreClient, impatient_boto: LightsailClient, clock: ManualClock
) -> None:
    """Gateway pages until the deadline: the step says the create may have been applied; the rerun resumes."""
    backend.lose_answer(operation="CreateInstancesFromSnapshot")
    outcome = restore_in_a_storm(impatient, impatient_boto, "CreateInstancesFromSnapshot", manual(names=NAMES), clock)
    create = outcome.steps[1]
    assert (create.name, create.status) == ("create", "failed")
    assert "the create may have been applied; run the same restore again" in create.detail
    assert "looking again met 503 for " in create.detail
    assert [(i.name, i.status) for i in outcome.instances] == [(n, "unknown") for n in NAMES]
    assert [s.status for s in outcome.steps[2:]] == ["skipped"]  # nothing waited on what may not exist
    again = impatient.restore(manual(names=NAMES), clock=clock)
    assert again.ok and all(i.resumed for i in again.instances)
    assert applied_creates(backend.state) == {"web-2": 1, "web-3": 1}


@pytest.mark.parametrize("attempts", [1, None], ids=["no-retries", "botocore-retries"])
def test_a_second_look_refused_says_the_create_may_have_been_applied_never_names_in_use(
    attempts: int | None, backend: LocalLightsail, clock: ManualClock
) -> None:
    """An error retrying cannot fix while looking again: no rounds, the same report, and never AWS's "Some names
    are already in use" (what botocore's retry of the applied create meets); the rerun resumes."""
    boto = backend.client(max_attempts=attempts)
    client = LightsailRestoreClient(boto)

    def deny(**_: Any) -> None:
        backend.deny_access("GetInstances")  # from the create on: the second look's GetInstances is refused

    boto.meta.events.register("before-call.lightsail.CreateInstancesFromSnapshot", deny)
    backend.lose_answer(operation="CreateInstancesFromSnapshot")
    outcome = client.restore(manual(names=NAMES), clock=clock)
    create = outcome.steps[1]
    assert create.status == "failed" and "the create may have been applied" in create.detail
    assert "looking again met AccessDeniedException, which retrying cannot fix" in create.detail
    assert "already in use" not in json.dumps(outcome.to_dict())
    assert clock.monotonic() == 0  # no round was spent on it
    boto.meta.events.unregister("before-call.lightsail.CreateInstancesFromSnapshot", deny)
    backend.clear_refusals()
    again = client.restore(manual(names=NAMES), clock=clock)
    assert again.ok and all(i.resumed for i in again.instances)
    assert applied_creates(backend.state) == {"web-2": 1, "web-3": 1}
