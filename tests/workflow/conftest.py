"""Fixtures for the restore workflow: the demo account on a manual clock, a shared boto3 client, request helpers.

Nothing here really sleeps: the backend and the waiter share one ``ManualClock``, whose ``sleep`` moves time
instantly. Building a boto3 client parses the service model (~0.1 s), so one client serves the whole session
and is attached to each test's backend in turn.
"""

from __future__ import annotations

import copy
import random
from collections.abc import Callable, Iterator, Mapping
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, Final

import pytest
from botocore.awsrequest import AWSResponse
from botocore.compat import HTTPHeaders

from lightsail_restore import (
    CreateInstancesFromSnapshotRequest,
    LightsailRestoreClient,
    Plan,
    PlanRefusedError,
    RestoreOutcome,
)
from lightsail_restore._api import LightsailApi
from lightsail_restore.local import LocalLightsail, ManualClock

if TYPE_CHECKING:
    from mypy_boto3_lightsail.client import LightsailClient

START = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)
"""The clock starts here: automatic snapshots of web-1 exist for 2026-03-03 .. 2026-03-09 (03-06 Failed)."""
FAILED_DATE = "2026-03-06"
LATEST_DATE = "2026-03-09"
ZONE = "us-east-2a"
REGION = "us-east-2"
WEST: Final = "us-west-2"
"""The target Region of the cross-Region tests."""


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(START)


@pytest.fixture
def backend(clock: ManualClock) -> LocalLightsail:
    return LocalLightsail.demo(clock=clock)


Hook = Callable[[str, Callable[..., Any]], None]
"""Registers a botocore event handler on a client for one test (see ``hooks``)."""


def unattached(region: str = REGION, max_attempts: int | None = None) -> LightsailClient:
    """A real boto3 client, built once a session and attached to no backend between tests."""
    builder = LocalLightsail.empty()
    client = builder.client(region, max_attempts=max_attempts)
    builder.detach(client)
    return client


def attached(backend: LocalLightsail, client: LightsailClient) -> Iterator[LightsailClient]:
    """A session client, answered by this test's backend only (detached afterwards)."""
    backend.attach(client)
    yield client
    backend.detach(client)


def hooks_on(client: LightsailClient) -> Iterator[Hook]:
    """Register botocore event handlers on ``client`` for one test (unregistered afterwards)."""
    registered: list[tuple[str, Callable[..., Any]]] = []

    def register(event: str, handler: Callable[..., Any]) -> None:
        client.meta.events.register(event, handler)
        registered.append((event, handler))

    yield register
    for event, handler in registered:
        client.meta.events.unregister(event, handler)


@pytest.fixture(scope="session")
def shared_boto() -> LightsailClient:
    """One real boto3 client (us-east-2) for the session, attached to no backend between tests."""
    return unattached()


@pytest.fixture
def boto(backend: LocalLightsail, shared_boto: LightsailClient) -> Iterator[LightsailClient]:
    """The session's boto3 client, answered by this test's backend only."""
    yield from attached(backend, shared_boto)


@pytest.fixture(scope="session")
def shared_west() -> LightsailClient:
    """One real boto3 client for us-west-2, attached to no backend between tests."""
    return unattached(WEST)


@pytest.fixture
def west(backend: LocalLightsail, shared_west: LightsailClient) -> Iterator[LightsailClient]:
    """The session's us-west-2 client, answered by this test's backend only."""
    yield from attached(backend, shared_west)


@pytest.fixture
def client(boto: LightsailClient) -> LightsailRestoreClient:
    return LightsailRestoreClient(boto)


@pytest.fixture(scope="session")
def shared_impatient_boto() -> LightsailClient:
    """A second session client that makes one attempt a call (no botocore retries), attached to no backend."""
    return unattached(max_attempts=1)


@pytest.fixture
def impatient_boto(backend: LocalLightsail, shared_impatient_boto: LightsailClient) -> Iterator[LightsailClient]:
    """The one-attempt client, answered by this test's backend only: every fault reaches our code."""
    yield from attached(backend, shared_impatient_boto)


@pytest.fixture
def impatient(impatient_boto: LightsailClient) -> LightsailRestoreClient:
    """A restore client on the one-attempt boto3 client."""
    return LightsailRestoreClient(impatient_boto)


@pytest.fixture
def impatient_hooks(shared_impatient_boto: LightsailClient) -> Iterator[Hook]:
    """Register botocore event handlers on the one-attempt client for one test (unregistered afterwards)."""
    yield from hooks_on(shared_impatient_boto)


@pytest.fixture
def api(boto: LightsailClient) -> LightsailApi:
    """Counted calls through the session's client (for the waiter and the plan called directly)."""
    return LightsailApi(boto)


@pytest.fixture
def hooks(shared_boto: LightsailClient) -> Iterator[Hook]:
    """Register botocore event handlers on the shared client for one test (unregistered afterwards)."""
    yield from hooks_on(shared_boto)


@pytest.fixture
def west_hooks(shared_west: LightsailClient) -> Iterator[Hook]:
    """Register botocore event handlers on the us-west-2 client for one test (unregistered afterwards)."""
    yield from hooks_on(shared_west)


class Interrupt(BaseException):
    """Stands for the process being stopped (Ctrl-C, a kill): not an error the library could catch."""


def interrupted_at(client: LightsailRestoreClient, event: str, run: Callable[[], object]) -> None:
    """``run()``, stopped by an ``Interrupt`` at botocore's ``event`` on the client's boto3 client (then removed)."""

    def stop(**_: Any) -> None:
        raise Interrupt

    client.lightsail.meta.events.register(event, stop)
    try:
        with pytest.raises(Interrupt):
            run()
    finally:
        client.lightsail.meta.events.unregister(event, stop)


def restore_with(client: LightsailRestoreClient, clock: ManualClock, **options: Any) -> RestoreOutcome:
    """``restore`` of ``manual(names=...)`` (web-2 by default) with ``options``, on the manual clock, within 120 s."""
    names = options.pop("names", ("web-2",))
    return client.restore(manual(names=names), clock=clock, timeout=120, **options)


def step_of(outcome: RestoreOutcome, name: str) -> tuple[str, str]:
    """The status and the detail of the outcome's step ``name``."""
    step = next(s for s in outcome.steps if s.name == name)
    return step.status, step.detail


def plan_rules(client: LightsailRestoreClient, **options: Any) -> dict[str, tuple[str, tuple[str, ...]]]:
    """The plan's findings (of ``manual(names=...)``, web-2 by default): rule -> (severity, params), refused or not."""
    names = options.pop("names", ("web-2",))
    try:
        plan = client.plan(manual(names=names), **options)
    except PlanRefusedError as refused:
        plan = refused.plan
    return {f.rule: (f.severity, f.params) for f in plan.findings}


def throttle_after(hooks: Hook, backend: LocalLightsail, after: str, operation: str) -> None:
    """Throttle the next ``operation`` once ``after`` was first answered (the plan's read): the step's call meets it."""
    armed: list[str] = []

    def throttle(**_: Any) -> None:
        if not armed:
            armed.append(operation)
            backend.throttle(operation=operation)

    hooks(f"after-call.lightsail.{after}", throttle)


def denied_then_finished(
    boto: LightsailClient, backend: LocalLightsail, step: str, operation: str, restore: Callable[..., RestoreOutcome]
) -> RestoreOutcome:
    """A step after the gate, its write ``operation`` denied, halts the cut-over; allowed again, a rerun finishes.

    Both runs of ``restore`` move web-ip and retire web-1: the first moves and deletes nothing; the second does
    both. Returns a third run's outcome (web-1 is gone by then).
    """
    backend.deny_access(operation)
    cut_over = {"static_ip": "web-ip", "move_static_ip": True, "retire_source": True}
    failed = restore(**cut_over)
    status, detail = step_of(failed, step)
    assert status == "failed" and f"lightsail:{operation}" in detail
    assert step_of(failed, "static-ip")[0] == step_of(failed, "retire")[0] == "skipped"
    assert boto.get_static_ip(staticIpName="web-ip")["staticIp"]["attachedTo"] == "web-1"
    assert "web-1" in {i["name"] for i in boto.get_instances()["instances"]}
    backend.clear_refusals()
    finished = restore(**cut_over)
    assert finished.ok and step_of(finished, step)[0] == "done" and step_of(finished, "retire")[0] == "done"
    return restore(**cut_over)


def refuse_the_move(backend: LocalLightsail) -> None:
    """The next AttachStaticIp is refused as a service that does not move an attached static IP would refuse it.

    The local backend moves it in one call (E40, inferred); this is how it answered before, and how a service that
    does not move would: the static-IP step then detaches, then attaches.
    """
    message = "The static IP web-ip is already attached to web-1"
    backend.fail_next("InvalidInputException", operation="AttachStaticIp", message=message)


def manual(
    snapshot: str = "web-1-snap", names: tuple[str, ...] = ("web-2",), bundle: str = "micro_3_0", **options: Any
) -> CreateInstancesFromSnapshotRequest:
    """A restore of a manual snapshot into ``us-east-2a``."""
    return CreateInstancesFromSnapshotRequest.from_manual_snapshot(
        snapshot, instance_names=list(names), availability_zone=options.pop("zone", ZONE), bundle_id=bundle, **options
    )


def auto(
    source: str = "web-1",
    date: str | None = None,
    names: tuple[str, ...] = ("web-2",),
    bundle: str = "micro_3_0",
    **options: Any,
) -> CreateInstancesFromSnapshotRequest:
    """A restore of an automatic snapshot of ``source``: of ``date``, or the latest when ``date`` is ``None``."""
    zone = options.pop("zone", ZONE)
    if date is None:
        return CreateInstancesFromSnapshotRequest.from_latest_auto_snapshot(
            source, instance_names=list(names), availability_zone=zone, bundle_id=bundle, **options
        )
    return CreateInstancesFromSnapshotRequest.from_auto_snapshot(
        source, date, instance_names=list(names), availability_zone=zone, bundle_id=bundle, **options
    )


NETWORK_REMARKS = frozenset({"ports_not_carried", "static_ip_not_carried", "source_network_unknown"})
"""What the plan says of the source's firewall rules and static IP when no cut-over is asked (``_network.py``)."""
CARRIED_REMARKS = frozenset({"ip_address_type_not_carried", "auto_snapshot_not_carried", "tags_not_carried"})
"""What the plan says of web-1's IP address type, AutoSnapshot add-on and tags (``_carried.py``:
tests/workflow/test_like_source.py)."""


def triples(plan: Plan, *, disks: bool = False, network: bool = False) -> list[tuple[str, str, str]]:
    """The plan's findings as ``(rule, path, severity)``, in the plan's order.

    The warning that the demo snapshots' disk ``/dev/xvdf`` is not mapped (``disks_not_restored``) is left out
    unless ``disks``, and what a restore loses of web-1's firewall and static IP (``NETWORK_REMARKS``) unless
    ``network``: most requests here do not map the disk nor cut over, and their own tests check those.
    """
    return [
        (f.rule, f.path, f.severity)
        for f in plan.findings
        if (disks or f.rule != "disks_not_restored")
        and (network or f.rule not in NETWORK_REMARKS)
        and f.rule not in CARRIED_REMARKS
    ]


def operations(backend: LocalLightsail) -> list[str]:
    """The operations the backend received, in order."""
    return [r.operation for r in backend.requests]


def created_names(backend: LocalLightsail) -> list[list[str]]:
    """The ``instanceNames`` of every CreateInstancesFromSnapshot the backend received."""
    return [list(r.params["instanceNames"]) for r in backend.requests if r.operation == "CreateInstancesFromSnapshot"]


def applied_creates(state: Mapping[str, Any], region: str = REGION) -> dict[str, int]:
    """How many creations the service applied, per instance name (from its operations, whoever sent them)."""
    counts: dict[str, int] = {}
    for op in state["regions"][region]["operations"]:
        if op["operationType"] == "CreateInstancesFromSnapshot":
            counts[op["resourceName"]] = counts.get(op["resourceName"], 0) + 1
    return counts


def tags_of(boto: LightsailClient, name: str) -> dict[str, str | None]:
    """The tags of instance ``name``, as GetInstances lists them."""
    for instance in boto.get_instances()["instances"]:
        if instance["name"] == name:
            return {t["key"]: t.get("value") for t in instance.get("tags", [])}
    raise AssertionError(f"no instance {name}")


def seed_snapshot(
    backend: LocalLightsail, name: str, like: str = "web-1-snap", region: str = REGION, **changes: Any
) -> None:
    """Add a manual snapshot ``name`` to ``region``: a copy of the demo snapshot ``like`` with ``changes``."""
    regions: Mapping[str, Any] = backend.state["regions"]
    snapshot = copy.deepcopy(regions[REGION]["instanceSnapshots"][like])
    snapshot.update(name=name, **changes)
    snapshot["location"]["regionName"] = region
    regions[region]["instanceSnapshots"][name] = snapshot


def retake_snapshot(backend: LocalLightsail, name: str = "web-1-snap", region: str = REGION) -> None:
    """Stand for a manual snapshot deleted and taken again under the same name, now (a nightly script's habit)."""
    stored = backend.state["regions"][region]["instanceSnapshots"][name]
    stored.update(createdAt=backend.clock.now().timestamp(), arn=f"{stored['arn']}-retaken")


def seeded(seed: int) -> random.Random:
    """A seeded random source for the waiter's jitter (reproducible pauses)."""
    return random.Random(seed)  # noqa: S311 - jitter in tests, not cryptography


def raw_answer(url: str, status: int, content_type: str, body: bytes) -> AWSResponse:
    """An HTTP answer a before-send handler returns (botocore parses it as it would a real one)."""

    class Body:
        def stream(self, **_: Any) -> Iterator[bytes]:
            yield body

    headers = HTTPHeaders()
    headers["Content-Type"] = content_type
    return AWSResponse(url, status, headers, Body())


def storm_after(client: LightsailClient, operation: str, sends: int) -> Callable[[], None]:
    """Once ``operation`` has been sent ``sends`` times, every call of ``client`` gets a gateway page (HTML, 503).

    Returns:
        What ends the storm.
    """
    seen = 0

    def storm(request: Any, **_: Any) -> Any:  # an answer, or None to let the backend answer
        nonlocal seen
        if seen >= sends:
            return raw_answer(str(request.url), 503, "text/html", b"<html><body>503 Service Unavailable</body></html>")
        seen += operation in str(request.headers.get("X-Amz-Target", b""))
        return None

    client.meta.events.register_first("before-send.lightsail", storm)
    return lambda: client.meta.events.unregister("before-send.lightsail", storm)


def restore_in_a_storm(
    client: LightsailRestoreClient,
    boto: LightsailClient,
    operation: str,
    request: Any,
    clock: ManualClock,
    **options: Any,
) -> RestoreOutcome:
    """Restore with ``operation``'s answer lost, then gateway pages for every call of ``boto``, past the deadline."""
    stop = storm_after(boto, operation, 1)
    try:
        outcome = client.restore(request, clock=clock, rng=seeded(0), timeout=120, **options)
    finally:
        stop()
    assert not outcome.ok and clock.monotonic() >= 120  # it looked again, in rounds, until the deadline
    return outcome
