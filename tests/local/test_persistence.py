"""Persistence: JSON round trips, file-backed backends sharing one file (threads of control and processes),
atomic writes that survive a crash, and reset."""

from __future__ import annotations

import json
import multiprocessing
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from lightsail_restore.local import LocalLightsail, ManualClock, Timings

from ._workers import create_instances
from .conftest import START, base_request, client_error

if TYPE_CHECKING:
    from mypy_boto3_lightsail.client import LightsailClient


def _names(client: LightsailClient) -> list[str]:
    return sorted(i["name"] for i in client.get_instances()["instances"])


def test_to_json_from_json_round_trip(backend: LocalLightsail, clock: ManualClock, client: LightsailClient) -> None:
    op = client.create_instances_from_snapshot(**base_request())["operations"][0]
    data = backend.to_json()
    json.dumps(data)  # JSON-ready
    copy = LocalLightsail.from_json(data, clock=clock)
    other = copy.client()
    assert _names(other) == ["web-1", "web-2"]
    assert other.get_operation(operationId=op["id"])["operation"]["resourceName"] == "web-2"
    # independent: the copy's changes do not reach the original, nor the dict it came from
    other.create_instances_from_snapshot(**base_request(instanceNames=["web-3"]))
    assert _names(client) == ["web-1", "web-2"]
    assert "web-3" not in data["regions"]["us-east-2"]["instances"]


def test_save_and_from_file_round_trip(
    backend: LocalLightsail, clock: ManualClock, client: LightsailClient, tmp_path: Path
) -> None:
    backend.instance_quota = 7
    backend.timings = Timings(operation_seconds=3, boot_seconds=4)
    client.create_instances_from_snapshot(**base_request(tags=[{"key": "k", "value": "v"}]))
    path = tmp_path / "state" / "lightsail.json"
    backend.save(path)
    assert json.loads(path.read_text())["regions"]["us-east-2"]["instances"]["web-2"]["tags"] == [
        {"key": "k", "value": "v"}
    ]

    loaded = LocalLightsail.from_file(path, clock=clock)
    assert loaded.to_json() == backend.to_json()
    assert (loaded.instance_quota, loaded.timings) == (7, Timings(operation_seconds=3, boot_seconds=4))
    assert _names(loaded.client()) == ["web-1", "web-2"]
    assert not list(path.parent.glob("*.tmp"))


def test_from_file_seeds_the_demo_account_once(clock: ManualClock, tmp_path: Path) -> None:
    path = tmp_path / "new.json"
    first = LocalLightsail.from_file(path, clock=clock, timings=Timings(operation_seconds=1, boot_seconds=1))
    assert path.exists()
    assert first.timings == Timings(operation_seconds=1, boot_seconds=1)
    client = first.client()
    assert _names(client) == ["web-1"]
    client.create_instances_from_snapshot(**base_request())
    again = LocalLightsail.from_file(path, clock=clock, timings=Timings(operation_seconds=99, boot_seconds=99))
    assert _names(again.client()) == ["web-1", "web-2"], "an existing file is not re-seeded"
    assert again.timings == Timings(operation_seconds=1, boot_seconds=1)


def test_a_file_backed_backend_writes_every_change(clock: ManualClock, tmp_path: Path) -> None:
    path = tmp_path / "s.json"
    backend = LocalLightsail.from_file(path, clock=clock)
    backend.client().create_instances_from_snapshot(**base_request())
    on_disk = json.loads(path.read_text())
    assert "web-2" in on_disk["regions"]["us-east-2"]["instances"]
    assert len(on_disk["regions"]["us-east-2"]["operations"]) == 1


def test_two_backends_on_one_file_lose_nothing(clock: ManualClock, tmp_path: Path) -> None:
    path = tmp_path / "shared.json"
    a, b = LocalLightsail.from_file(path, clock=clock), LocalLightsail.from_file(path, clock=clock)
    client_a, client_b = a.client(), b.client()
    for n in range(3):
        client_a.create_instances_from_snapshot(**base_request(instanceNames=[f"a-{n}"]))
        client_b.create_instances_from_snapshot(**base_request(instanceNames=[f"b-{n}"]))
    expected = sorted(["web-1", *(f"{x}-{n}" for x in "ab" for n in range(3))])
    assert _names(client_a) == _names(client_b) == expected
    assert len(client_a.get_operations()["operations"]) == 6
    # each sees the other's names as taken
    response = client_error(client_b.create_instances_from_snapshot, **base_request(instanceNames=["a-0"]))
    assert "already in use: a-0" in response["Error"]["Message"]


def test_settings_made_through_one_backend_reach_the_other(clock: ManualClock, tmp_path: Path) -> None:
    path = tmp_path / "shared.json"
    a, b = LocalLightsail.from_file(path, clock=clock), LocalLightsail.from_file(path, clock=clock)
    a.instance_quota = 2
    a.timings = Timings(operation_seconds=5, boot_seconds=6)
    a.fail_operation("web-2")
    response = client_error(b.client().create_instances_from_snapshot, **base_request(instanceNames=["x-1", "x-2"]))
    assert "maximum number of instances (2)" in response["Error"]["Message"]
    op = b.client().create_instances_from_snapshot(**base_request())["operations"][0]
    clock.advance(5)
    assert b.client().get_operation(operationId=op["id"])["operation"]["status"] == "Failed"
    assert (b.instance_quota, b.timings) == (2, Timings(operation_seconds=5, boot_seconds=6))


def test_settings_read_through_a_backend_are_the_files(clock: ManualClock, tmp_path: Path) -> None:
    path = tmp_path / "shared.json"
    a, b = LocalLightsail.from_file(path, clock=clock), LocalLightsail.from_file(path, clock=clock)
    a.instance_quota = 3
    a.timings = Timings(operation_seconds=7, boot_seconds=8)
    # b has made no request since: its getters must still read the file, not what it loaded at the start
    assert b.instance_quota == 3
    assert b.timings == Timings(operation_seconds=7, boot_seconds=8)
    assert b.to_json()["instanceQuota"] == 3


def test_processes_sharing_a_file_lose_nothing(tmp_path: Path) -> None:
    path = tmp_path / "multi.json"  # not there yet: the processes also race to seed it
    context = multiprocessing.get_context("spawn")
    with context.Pool(4) as pool:
        results = pool.starmap(create_instances, [(str(path), f"p{i}", 4) for i in range(4)])
    created = sorted(name for names in results for name in names)
    assert len(created) == 16
    backend = LocalLightsail.from_file(path)
    backend.instance_quota = 20
    client = backend.client()
    assert _names(client) == sorted(["web-1", *created])
    assert len(client.get_operations()["operations"]) == 16
    assert not list(tmp_path.glob("*.tmp"))


def test_a_crash_while_writing_leaves_the_old_file(
    clock: ManualClock, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "crash.json"
    backend = LocalLightsail.from_file(path, clock=clock)
    client = backend.client(max_attempts=1)
    client.create_instances_from_snapshot(**base_request())
    before = path.read_bytes()

    def half_written(obj: Any, fp: Any, **kwargs: Any) -> None:
        fp.write(json.dumps(obj, **kwargs)[:200])
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(json, "dump", half_written)  # the json module _store writes with
    with pytest.raises(OSError, match="No space left"):
        client.create_instances_from_snapshot(**base_request(instanceNames=["web-3"]))
    with pytest.raises(OSError, match="No space left"):
        backend.save(path)
    monkeypatch.undo()

    assert path.read_bytes() == before
    assert "web-2" in json.loads(before)["regions"]["us-east-2"]["instances"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["crash.json", "crash.json.lock"], "no temporary file left"
    # the backend goes on from the file: web-3 was never saved, so it does not exist and its name is free
    assert _names(client) == ["web-1", "web-2"]
    assert _names(LocalLightsail.from_file(path, clock=clock).client()) == ["web-1", "web-2"]
    client.create_instances_from_snapshot(**base_request(instanceNames=["web-3"]))
    assert _names(client) == ["web-1", "web-2", "web-3"]


class TestReset:
    def test_back_to_the_demo_account(
        self, backend: LocalLightsail, clock: ManualClock, client: LightsailClient
    ) -> None:
        backend.instance_quota = 5
        client.create_instances_from_snapshot(**base_request())
        backend.fail_operation("web-3")
        backend.reset()
        assert _names(client) == ["web-1"]
        assert client.get_operations()["operations"] == []
        assert backend.instance_quota == 20
        client.create_instances_from_snapshot(**base_request(instanceNames=["web-3"]))
        clock.advance(backend.timings.operation_seconds)
        assert client.get_operations()["operations"][0]["status"] == "Succeeded", "fail_operation was cleared"

    def test_keeps_the_timings_and_dates_the_demo_from_the_clock(self, clock: ManualClock) -> None:
        backend = LocalLightsail.demo(clock=clock, timings=Timings(operation_seconds=2, boot_seconds=3))
        clock.advance(86400)
        backend.reset()
        assert backend.timings == Timings(operation_seconds=2, boot_seconds=3)
        dates = [s["date"] for s in backend.client().get_auto_snapshots(resourceName="web-1")["autoSnapshots"]]
        assert dates[0] == (START.date().replace(day=10)).isoformat()  # newest first

    def test_an_empty_backend_resets_to_empty(self, clock: ManualClock) -> None:
        backend = LocalLightsail.empty(clock=clock)
        backend.state["regions"]["us-east-2"]["keyPairs"]["k"] = {"name": "k"}
        backend.reset()
        assert backend.client().get_key_pairs()["keyPairs"] == []

    def test_a_file_backed_reset_reaches_the_file(self, clock: ManualClock, tmp_path: Path) -> None:
        path = tmp_path / "r.json"
        a, b = LocalLightsail.from_file(path, clock=clock), LocalLightsail.from_file(path, clock=clock)
        a.client().create_instances_from_snapshot(**base_request())
        b.reset()
        assert _names(a.client()) == ["web-1"]
        assert "web-2" not in json.loads(path.read_text())["regions"]["us-east-2"]["instances"]
