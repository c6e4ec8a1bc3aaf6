"""Restore drills and cleanup against the local backend: the report, the teardown, refusals, kills and lost answers.

A drill restores web-1-snap under its own name, checks it (Lightsail's status checks, then a TCP check on a real
listener on 127.0.0.1, which the local backend's instances answer for), times it, and deletes what it made;
web-1, its static IP and its firewall rules stay as they were. The manual clock makes every wait instant.
"""

from __future__ import annotations

import socket
from collections.abc import Iterator
from datetime import timedelta
from typing import TYPE_CHECKING, Any, Final

import pytest

from lightsail_restore import LightsailRestoreClient, RequestValidationError
from lightsail_restore._api import LightsailApi
from lightsail_restore.drill import DRILL_TAG
from lightsail_restore.drill._marks import RunMark, drill_id_for
from lightsail_restore.drill._teardown import plan_teardown
from lightsail_restore.local import LocalLightsail, ManualClock

from .conftest import REGION, START, WEST, Hook, Interrupt, manual, refuse_the_move

if TYPE_CHECKING:
    from mypy_boto3_lightsail.client import LightsailClient

SNAP: Final[dict[str, Any]] = {
    "availabilityZone": "us-east-2a",
    "bundleId": "micro_3_0",
    "instanceSnapshotName": "web-1-snap",
}
DRILL: Final = "web-1-snap-drill-20260310T120000000000Z"
"""The id (and the instance's name) of a drill started at ``START``."""


@pytest.fixture
def listener() -> Iterator[socket.socket]:
    """A TCP listener on 127.0.0.1 (the kernel's backlog accepts)."""
    with socket.create_server(("127.0.0.1", 0)) as server:
        yield server


@pytest.fixture
def closed() -> Iterator[int]:
    """A port on 127.0.0.1 bound but not listening: a connection is refused."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        yield int(sock.getsockname()[1])


def tcp(server: socket.socket) -> str:
    return f"tcp:{server.getsockname()[1]}"


def names(boto: LightsailClient) -> list[str]:
    return sorted(i["name"] for i in boto.get_instances()["instances"])


def web_1(boto: LightsailClient) -> tuple[Any, ...]:
    """What a drill must leave as it was: web-1's static IP holder and its firewall rules."""
    ip = boto.get_static_ip(staticIpName="web-ip")["staticIp"]
    ports = boto.get_instance_port_states(instanceName="web-1")["portStates"]
    return ip.get("attachedTo"), ip["ipAddress"], sorted(str(p) for p in ports)


def applied(backend: LocalLightsail, operation: str, name: str, region: str = REGION) -> int:
    return sum(
        1
        for op in backend.state["regions"][region]["operations"]
        if op["operationType"] == operation and op["resourceName"] == name
    )


def test_a_drill_restores_checks_times_and_tears_down(
    client: LightsailRestoreClient, boto: LightsailClient, clock: ManualClock, listener: socket.socket
) -> None:
    before = web_1(boto)
    snapshot = boto.get_instance_snapshot(instanceSnapshotName="web-1-snap")["instanceSnapshot"]
    report = client.drill(SNAP, clock=clock, health_checks=[tcp(listener)])
    assert report.ok and report.drill_id == DRILL and report.instances == (DRILL,)
    assert [(s.name, s.status) for s in report.steps] == [
        ("plan", "done"),
        ("create", "done"),
        ("boot", "done"),
        ("status checks", "done"),
        ("health checks", "done"),
        ("teardown", "done"),
    ]
    assert [(c.instance, c.check, c.result) for c in report.checks] == [
        (DRILL, "status checks", "passed"),
        (DRILL, tcp(listener), "passed"),
    ]
    assert [(d.name, d.kind, d.operation, d.status) for d in report.teardown] == [
        (DRILL, "Instance", "DeleteInstance", "deleted"),
        (f"{DRILL}-data", "Disk", "DeleteDisk", "deleted"),  # web-1-snap's data disk came along (attached_disks)
    ]
    assert report.rpo_seconds == (START - snapshot["createdAt"]).total_seconds()
    boot = next(s.seconds for s in report.steps if s.name == "boot")
    assert report.rto_seconds is not None and report.rto_seconds >= boot > 0
    doc = report.to_dict()
    assert {"drillId", "source", "rpoSeconds", "rtoSeconds", "steps", "checks", "teardown", "ok"} <= set(doc)
    assert doc["source"]["restorePoint"] == "web-1-snap"
    assert "# Restore drill web-1-snap-drill-20260310T120000000000Z: PASSED" in report.to_markdown()
    assert names(boto) == ["web-1"] and web_1(boto) == before


def test_the_drills_instance_carries_its_id_beside_the_mark(
    client: LightsailRestoreClient, boto: LightsailClient, clock: ManualClock
) -> None:
    report = client.drill(SNAP, clock=clock, keep=True)
    assert report.ok and report.kept == (DRILL,) and report.teardown == ()
    tags = {t["key"]: t["value"] for t in boto.get_instance(instanceName=DRILL)["instance"]["tags"]}
    assert tags[DRILL_TAG] == DRILL and tags["lightsail-restore:source"] == "web-1-snap"
    assert tags["lightsail-restore:request"].startswith("sha256:")
    later = client.cleanup(drill_id=DRILL, clock=clock)
    assert later.ok and [(d.name, d.status) for d in later.deleted] == [
        (DRILL, "deleted"),
        (f"{DRILL}-data", "deleted"),
    ]
    assert names(boto) == ["web-1"]


def test_a_failing_health_check_still_tears_down(
    client: LightsailRestoreClient, boto: LightsailClient, clock: ManualClock, closed: int
) -> None:
    report = client.drill(SNAP, clock=clock, timeout=120, health_checks=[f"tcp:{closed}"])
    assert not report.ok and report.failed_at == ("health checks",)
    check = report.checks[-1]
    assert (check.check, check.result) == (f"tcp:{closed}", "failed") and "connection refused" in check.detail
    assert report.rto_seconds is None
    assert [(d.name, d.status) for d in report.teardown] == [(DRILL, "deleted"), (f"{DRILL}-data", "deleted")]
    assert names(boto) == ["web-1"]


@pytest.mark.parametrize("asked", [{"static_ip": "web-ip"}, {"move_static_ip": True}])
def test_a_drill_refuses_any_static_ip_before_sending(
    backend: LocalLightsail, client: LightsailRestoreClient, clock: ManualClock, asked: dict[str, Any]
) -> None:
    with pytest.raises(RequestValidationError) as refused:
        client.drill(SNAP, clock=clock, **asked)
    assert [(i.path, i.rule) for i in refused.value.issues] == [(next(iter(asked)), "drill_no_static_ip")]
    assert "never touches a static IP" in str(refused.value)
    assert backend.requests == []


KILLS: Final = (
    "after-call.lightsail.CreateInstancesFromSnapshot",
    "after-call.lightsail.GetInstance",
    "before-call.lightsail.DeleteInstance",
    "after-call.lightsail.DeleteInstance",
)


@pytest.mark.parametrize("event", KILLS, ids=lambda e: e.replace(".lightsail.", " "))
def test_a_drill_killed_anywhere_finishes_when_resumed(
    backend: LocalLightsail,
    client: LightsailRestoreClient,
    boto: LightsailClient,
    clock: ManualClock,
    hooks: Hook,
    event: str,
) -> None:
    def killed(**_: Any) -> None:
        raise Interrupt  # the process dies here (kill -9): nothing after it runs

    hooks(event, killed)
    with pytest.raises(Interrupt):
        client.drill(SNAP, clock=clock)
    boto.meta.events.unregister(event, killed)
    report = client.drill(SNAP, clock=clock, drill_id=DRILL, resume=True)
    assert report.ok and report.resumed
    if event == "after-call.lightsail.DeleteInstance":  # only the teardown was left: this run saw nothing ready
        assert report.rto_seconds is None and report.rto_note is not None and "only the teardown" in report.rto_note
    else:  # from the start its id carries
        assert report.rto_seconds is not None and report.started_at == START.isoformat()
    assert names(boto) == ["web-1"]
    assert applied(backend, "CreateInstancesFromSnapshot", DRILL) == 1  # never created twice
    assert applied(backend, "DeleteInstance", DRILL) == 1  # never deleted twice


def test_a_resumed_drill_measures_its_rto_from_the_start_its_id_carries(
    backend: LocalLightsail, client: LightsailRestoreClient, boto: LightsailClient, clock: ManualClock, hooks: Hook
) -> None:
    def killed(**_: Any) -> None:
        raise Interrupt

    hooks("after-call.lightsail.CreateInstancesFromSnapshot", killed)
    with pytest.raises(Interrupt):
        client.drill(SNAP, clock=clock)
    boto.meta.events.unregister("after-call.lightsail.CreateInstancesFromSnapshot", killed)
    clock.advance(600)  # ten minutes until someone resumes it: counted (this run alone would say about 0)
    report = client.drill(SNAP, clock=clock, drill_id=DRILL, resume=True)
    assert report.ok and report.resumed
    assert report.started_at == START.isoformat() and report.rpo_seconds == 2 * 86400  # as of the drill's start
    assert report.rto_seconds is not None
    assert 600 <= report.rto_seconds <= (clock.now() - START).total_seconds()
    assert report.rto_note is not None and "interrupted" in report.rto_note
    assert report.to_dict()["rtoNote"] == report.rto_note and report.rto_note in report.to_markdown()


def test_a_resumed_drill_under_an_id_of_its_own_says_why_its_rto_is_not_known(
    client: LightsailRestoreClient, boto: LightsailClient, clock: ManualClock, hooks: Hook
) -> None:
    def killed(**_: Any) -> None:
        raise Interrupt

    hooks("after-call.lightsail.CreateInstancesFromSnapshot", killed)
    with pytest.raises(Interrupt):
        client.drill(SNAP, clock=clock, drill_id="nightly")
    boto.meta.events.unregister("after-call.lightsail.CreateInstancesFromSnapshot", killed)
    report = client.drill(SNAP, clock=clock, drill_id="nightly", resume=True)
    assert report.ok and report.rto_seconds is None
    assert report.rto_note is not None and "does not carry" in report.rto_note


def test_a_lost_delete_answer_counts_as_done_once_it_is_gone(
    backend: LocalLightsail, impatient: LightsailRestoreClient, boto: LightsailClient, clock: ManualClock
) -> None:
    backend.lose_answer(operation="DeleteInstance")
    report = impatient.drill(SNAP, clock=clock)
    assert report.ok
    deleted, disk = report.teardown
    assert (disk.name, disk.status, disk.answer_lost) == (f"{DRILL}-data", "deleted", False)
    assert (deleted.status, deleted.answer_lost) == ("deleted", True) and "second look" in deleted.detail
    assert backend.calls("DeleteInstance") == 1 and applied(backend, "DeleteInstance", DRILL) == 1
    assert names(boto) == ["web-1"]


def test_cleanup_refuses_and_names_what_its_run_did_not_mark(
    backend: LocalLightsail, client: LightsailRestoreClient, boto: LightsailClient, clock: ManualClock
) -> None:
    client.drill(SNAP, clock=clock, keep=True)
    boto.create_instances_from_snapshot(  # a drill-like name, no mark
        instanceNames=[f"{DRILL}-b"],
        availabilityZone="us-east-2a",
        bundleId="micro_3_0",
        instanceSnapshotName="web-1-snap",
    )
    client.restore(manual(names=(f"{DRILL}-c",)), clock=clock)  # a drill-like name, a restore's mark
    dry = client.cleanup(drill_id=DRILL, dry_run=True)
    assert [r.name for r in dry.plan.resources] == [DRILL, f"{DRILL}-data"]
    refused = {r.name: r.reason for r in dry.plan.refused}
    assert "no lightsail-restore mark" in refused[f"{DRILL}-b"]
    assert "marked by another run (the restore marked sha256:" in refused[f"{DRILL}-c"]
    done = client.cleanup(drill_id=DRILL, clock=clock)
    assert not done.ok and done.deleted == ()  # a refusal stops the cleanup before anything is deleted
    assert backend.calls("DeleteInstance") == 0
    unmarked = client.cleanup(instance_names=[f"{DRILL}-b", "web-1"], clock=clock)
    assert [r.name for r in unmarked.plan.refused] == [f"{DRILL}-b", "web-1"] and unmarked.deleted == ()
    assert names(boto) == sorted(["web-1", DRILL, f"{DRILL}-b", f"{DRILL}-c"])


def test_cleanup_of_a_restore_by_one_name_deletes_its_whole_run(
    backend: LocalLightsail, client: LightsailRestoreClient, boto: LightsailClient, clock: ManualClock
) -> None:
    client.restore(manual(names=("web-2", "web-3")), clock=clock)
    client.restore(manual(names=("web-4",), bundle="small_3_0"), clock=clock)  # another request: another run
    before = web_1(boto)
    dry = client.cleanup(instance_names=["web-2"], dry_run=True)
    assert [r.name for r in dry.plan.resources] == ["web-2", "web-3", "web-3-data", "web-2-data"]
    assert dry.deleted == ()
    assert names(boto) == ["web-1", "web-2", "web-3", "web-4"]
    done = client.cleanup(instance_names=["web-2"], clock=clock)
    assert done.ok and [d.status for d in done.deleted] == ["deleted"] * 4
    assert names(boto) == ["web-1", "web-4"] and web_1(boto) == before
    mixed = client.cleanup(instance_names=["web-4", "web-1"], dry_run=True)
    assert [r.name for r in mixed.plan.refused] == ["web-1"]


def test_cleanup_needs_exactly_one_run(backend: LocalLightsail, client: LightsailRestoreClient) -> None:
    asks: list[dict[str, Any]] = [{}, {"drill_id": DRILL, "instance_names": ["web-2"]}]
    for asked in asks:
        with pytest.raises(RequestValidationError, match="exactly one of drill_id and instance_names"):
            client.cleanup(**asked)
    assert backend.requests == []


def test_a_cross_region_drill_deletes_its_own_copy(
    backend: LocalLightsail, boto: LightsailClient, west: LightsailClient, clock: ManualClock
) -> None:
    drills = LightsailRestoreClient(west, region_client={REGION: boto}.__getitem__)
    report = drills.drill({**SNAP, "availabilityZone": "us-west-2a"}, clock=clock, source_region=REGION)
    assert report.ok and report.source.region == REGION
    assert [s.name for s in report.steps][:3] == ["plan", "copy", "create"]
    assert [(d.name, d.kind, d.operation) for d in report.teardown] == [
        (DRILL, "Instance", "DeleteInstance"),
        (f"{DRILL}-data", "Disk", "DeleteDisk"),
        (f"{DRILL}-from-{REGION}", "InstanceSnapshot", "DeleteInstanceSnapshot"),
    ]
    assert names(west) == [] and names(boto) == ["web-1"]
    assert [s["name"] for s in west.get_instance_snapshots()["instanceSnapshots"]] == []
    assert applied(backend, "DeleteInstanceSnapshot", f"{DRILL}-from-{REGION}", WEST) == 1


def test_cleanup_says_a_static_ip_the_run_took_stays_allocated(
    client: LightsailRestoreClient, boto: LightsailClient, clock: ManualClock
) -> None:
    client.restore(manual(), clock=clock, static_ip="web-ip", move_static_ip=True)
    plan = client.cleanup(instance_names=["web-2"], dry_run=True).plan
    assert [r.name for r in plan.resources] == ["web-2", "web-2-data"]
    assert plan.left == (  # the demo's web-ip was attached to web-1 before any operation: nothing says so
        "the static IP web-ip: where it was taken from is not known (its operations do not say): it stays "
        "allocated, and unattached once web-2 is deleted",
    )
    assert client.cleanup(instance_names=["web-2"], clock=clock).ok
    ip = boto.get_static_ip(staticIpName="web-ip")["staticIp"]
    assert ip["isAttached"] is False and names(boto) == ["web-1"]


def _web_ip_on_web_1_by_an_operation(boto: LightsailClient) -> None:
    """Attach web-ip to web-1 again, so its own operations say it was there (E5, E38)."""
    boto.detach_static_ip(staticIpName="web-ip")
    boto.attach_static_ip(staticIpName="web-ip", instanceName="web-1")


@pytest.mark.parametrize("service", ["moves", "does-not-move"])
def test_cleanup_fails_back_a_moved_static_ip_to_the_instance_it_was_taken_from(
    backend: LocalLightsail, client: LightsailRestoreClient, boto: LightsailClient, clock: ManualClock, service: str
) -> None:
    _web_ip_on_web_1_by_an_operation(boto)
    before = web_1(boto)
    if service == "does-not-move":
        refuse_the_move(backend)  # the restore detaches, then attaches
    client.restore(manual(), clock=clock, static_ip="web-ip", move_static_ip=True)
    assert web_1(boto)[0] == "web-2"
    dry = client.cleanup(instance_names=["web-2"], dry_run=True)
    assert [(f.static_ip, f.holder, f.back_to, f.status) for f in dry.fail_back] == [
        ("web-ip", "web-2", "web-1", "planned")
    ]
    assert dry.plan.left == () and web_1(boto)[0] == "web-2"
    if service == "does-not-move":
        refuse_the_move(backend)  # the fail back too
    done = client.cleanup(instance_names=["web-2"], clock=clock)
    assert done.ok and [(f.back_to, f.status) for f in done.fail_back] == [("web-1", "done")]
    assert names(boto) == ["web-1"] and web_1(boto)[0] == "web-1"
    assert web_1(boto)[2] == before[2]


def test_no_fail_back_when_the_instance_it_was_taken_from_is_gone(
    client: LightsailRestoreClient, boto: LightsailClient, clock: ManualClock
) -> None:
    _web_ip_on_web_1_by_an_operation(boto)
    client.restore(manual(), clock=clock, static_ip="web-ip", move_static_ip=True)
    boto.delete_instance(instanceName="web-1")
    done = client.cleanup(instance_names=["web-2"], clock=clock)
    assert done.ok and [(f.back_to, f.status) for f in done.fail_back] == [(None, "left")]
    assert "it was taken from web-1, which no longer exists" in done.plan.left[0]
    ip = boto.get_static_ip(staticIpName="web-ip")["staticIp"]
    assert ip["isAttached"] is False and names(boto) == []


def test_a_drill_deletes_the_disk_its_request_made_after_its_instance(
    backend: LocalLightsail, client: LightsailRestoreClient, boto: LightsailClient, clock: ManualClock
) -> None:
    mapping = {DRILL: [{"originalDiskPath": "/dev/xvdf", "newDiskName": "drill-data"}]}
    report = client.drill({**SNAP, "attachedDiskMapping": mapping}, clock=clock, drill_id=DRILL)
    assert report.ok
    assert [(d.name, d.kind, d.operation, d.status) for d in report.teardown] == [
        (DRILL, "Instance", "DeleteInstance", "deleted"),
        ("drill-data", "Disk", "DeleteDisk", "deleted"),
    ]
    assert sorted(d["name"] for d in boto.get_disks()["disks"]) == ["web-1-data"]  # web-1's own disk stays
    assert applied(backend, "DeleteDisk", "drill-data") == 1


def test_a_disk_the_request_named_but_another_instance_holds_is_refused(
    backend: LocalLightsail, client: LightsailRestoreClient, boto: LightsailClient, clock: ManualClock
) -> None:
    plan = plan_teardown(LightsailApi(boto), RunMark.of_drill(DRILL), disks=["web-1-data"])
    assert plan.resources == ()
    assert [(r.name, r.reason) for r in plan.refused] == [
        ("web-1-data", "it is attached to web-1, which the run did not make")
    ]


def test_two_drills_started_in_the_same_second_get_their_own_ids() -> None:
    """Two cron jobs in one second once shared an id, so one drill's teardown deleted the other's instance."""
    ids = {drill_id_for("web-1-snap", START), drill_id_for("web-1-snap", START + timedelta(microseconds=1))}
    assert len(ids) == 2 and all(i.startswith("web-1-snap-drill-20260310T120000") for i in ids)
