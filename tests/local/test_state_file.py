"""The state file, hardened: its mode and symlink are kept, orphaned temporaries go, malformed states are refused
with ValueError, and a folder that cannot be written raises OSError."""

from __future__ import annotations

import copy
import json
import os
import shutil
import stat
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from lightsail_restore.local import LocalLightsail, ManualClock

from .conftest import base_request

NOBODY = 65534


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _restore(backend: LocalLightsail, name: str = "web-2") -> None:
    backend.client().create_instances_from_snapshot(**base_request(instanceNames=[name]))


class TestMode:
    def test_a_new_file_is_private(self, clock: ManualClock, tmp_path: Path) -> None:
        LocalLightsail.from_file(tmp_path / "new.json", clock=clock)
        assert _mode(tmp_path / "new.json") == 0o600
        LocalLightsail.demo(clock=clock).save(tmp_path / "saved.json")
        assert _mode(tmp_path / "saved.json") == 0o600

    @pytest.mark.parametrize("mode", [0o664, 0o444, 0o640])
    def test_an_existing_file_keeps_its_mode(self, mode: int, clock: ManualClock, tmp_path: Path) -> None:
        path = tmp_path / "s.json"
        backend = LocalLightsail.from_file(path, clock=clock)
        path.chmod(mode)
        _restore(backend)  # a request that saves
        assert _mode(path) == mode
        backend.save(path)
        assert _mode(path) == mode
        assert "web-2" in json.loads(path.read_text())["regions"]["us-east-2"]["instances"]


class TestSymlink:
    def test_saves_go_through_the_link(self, clock: ManualClock, tmp_path: Path) -> None:
        target = tmp_path / "real" / "state.json"
        LocalLightsail.from_file(target, clock=clock)
        link = tmp_path / "link.json"
        link.symlink_to(target)
        via_link = LocalLightsail.from_file(link, clock=clock)
        _restore(via_link)
        via_link.save(link)
        assert link.is_symlink() and link.resolve() == target.resolve()
        assert "web-2" in json.loads(target.read_text())["regions"]["us-east-2"]["instances"]
        assert not (tmp_path / "link.json.lock").exists(), "the lock is the target's"

    def test_the_link_and_the_target_share_one_lock(self, clock: ManualClock, tmp_path: Path) -> None:
        target = tmp_path / "state.json"
        link = tmp_path / "link.json"
        one = LocalLightsail.from_file(target, clock=clock)
        link.symlink_to(target)
        two = LocalLightsail.from_file(link, clock=clock)
        first, second = one.client(), two.client()
        for n in range(3):
            first.create_instances_from_snapshot(**base_request(instanceNames=[f"a-{n}"]))
            second.create_instances_from_snapshot(**base_request(instanceNames=[f"b-{n}"]))
        names = {i["name"] for i in first.get_instances()["instances"]}
        assert names == {"web-1", *(f"{x}-{n}" for x in "ab" for n in range(3))}


class TestOrphans:
    def test_temporary_files_of_a_crashed_save_are_removed(self, clock: ManualClock, tmp_path: Path) -> None:
        path = tmp_path / "s.json"
        backend = LocalLightsail.from_file(path, clock=clock)
        orphans = [tmp_path / ".s.json.abc123.tmp", tmp_path / ".s.json.zz_9.tmp"]
        others = [tmp_path / ".other.json.abc.tmp", tmp_path / "s.json.tmp", tmp_path / "notes.txt"]
        for file in [*orphans, *others]:
            file.write_text("{")
        backend.client().get_instances()  # any request takes the lock
        assert not any(o.exists() for o in orphans)
        assert all(o.exists() for o in others), "only this state file's temporaries"

    def test_through_a_symlink_the_targets_orphans(self, clock: ManualClock, tmp_path: Path) -> None:
        target = tmp_path / "real.json"
        LocalLightsail.from_file(target, clock=clock)
        (tmp_path / ".real.json.x1.tmp").write_text("{")
        link = tmp_path / "link.json"
        link.symlink_to(target)
        LocalLightsail.from_file(link, clock=clock)
        assert not (tmp_path / ".real.json.x1.tmp").exists()


def _state(changes: Callable[[dict[str, Any]], object]) -> dict[str, Any]:
    data = LocalLightsail.demo(clock=ManualClock()).to_json()
    changes(data)
    return data


def _web1(data: dict[str, Any]) -> dict[str, Any]:
    instance: dict[str, Any] = data["regions"]["us-east-2"]["instances"]["web-1"]
    return instance


MALFORMED: list[tuple[str, Any, str]] = [
    ("a list", [], "a JSON list, not an object"),
    ("a number", 3, "a JSON int"),
    ("version only", {"version": 2}, "has no timings"),
    ("version 1 of 0.1.0", {"version": 1}, "version 1"),
    ("no version", {"regions": {}}, "version None"),
    ("regions not an object", _state(lambda d: d.update(regions=[])), "regions is list"),
    ("a region missing", _state(lambda d: d["regions"].pop("eu-west-1")), "has no eu-west-1"),
    ("an unknown region", _state(lambda d: d["regions"].update({"mars-1": {}})), "regions.mars-1"),
    ("a region without its collections", _state(lambda d: d["regions"].update({"us-east-2": {}})), "no instances"),
    ("instance without bundleId", _state(lambda d: _web1(d).pop("bundleId")), "web-1 has no bundleId"),
    ("instance without ports", _state(lambda d: _web1(d)["networking"].pop("ports")), "networking has no ports"),
    ("a port rule without protocol", _state(lambda d: _web1(d)["networking"]["ports"][0].pop("protocol")), "protocol"),
    ("a string quota", _state(lambda d: d.update(instanceQuota="20")), "instanceQuota is str"),
    ("a boolean timing", _state(lambda d: d["timings"].update(bootSeconds=True)), "bootSeconds is bool"),
    ("a negative timing", _state(lambda d: d["timings"].update(copySeconds=-1)), "negative"),
    ("an unknown status", _state(lambda d: d.update(successStatus="Done")), "successStatus"),
    ("an unknown cap", _state(lambda d: d["refusals"].update(planSizeCap="huge")), "planSizeCap"),
    ("a misnamed resource", _state(lambda d: _web1(d).update(name="web-9")), "is named 'web-9'"),
    (
        "an operation without its end",
        _state(lambda d: d["regions"]["us-east-2"]["operations"].append({"id": "x"})),
        "operations[0] has no resourceName",
    ),
    ("auto snapshots not a list", _state(lambda d: d["regions"]["us-east-2"]["autoSnapshots"].update(x={})), "x is"),
    ("no system disk", _state(lambda d: _web1(d)["hardware"].update(disks=[])), "has no system disk"),
    (
        "a snapshot's disk without its size",
        _state(
            lambda d: d["regions"]["us-east-2"]["instanceSnapshots"]["web-1-snap"]["fromAttachedDisks"][0].pop(
                "sizeInGb"
            )
        ),
        "fromAttachedDisks[0] has no sizeInGb",
    ),
    (
        "an automatic snapshot's disk not an object",
        _state(lambda d: d["regions"]["us-east-2"]["autoSnapshots"]["web-1"][0].update(fromAttachedDisks=[3])),
        "fromAttachedDisks[0] is int",
    ),
]


@pytest.mark.parametrize(("data", "message"), [m[1:] for m in MALFORMED], ids=[m[0] for m in MALFORMED])
def test_a_malformed_state_is_a_value_error(data: Any, message: str, clock: ManualClock, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="not a local Lightsail state") as from_json:
        LocalLightsail.from_json(copy.deepcopy(data))
    assert message in str(from_json.value)
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(data))
    with pytest.raises(ValueError, match="not a local Lightsail state") as from_file:
        LocalLightsail.from_file(path, clock=clock)
    assert str(from_file.value) == str(from_json.value)
    assert json.loads(path.read_text()) == data, "a refused file is left as it was"


@pytest.mark.parametrize("text", ["", "{", "not json", "\udcff"], ids=["empty", "cut", "text", "not utf-8"])
def test_a_file_that_is_not_json_is_a_value_error(text: str, clock: ManualClock, tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    path.write_bytes(text.encode("utf-8", "surrogateescape"))
    with pytest.raises(ValueError):
        LocalLightsail.from_file(path, clock=clock)


def test_a_file_spoiled_under_a_running_backend_is_a_value_error(clock: ManualClock, tmp_path: Path) -> None:
    path = tmp_path / "s.json"
    backend = LocalLightsail.from_file(path, clock=clock)
    client = backend.client(max_attempts=1)
    path.write_text(json.dumps({"version": 2}))
    with pytest.raises(ValueError, match="has no timings"):
        client.get_instances()
    with pytest.raises(ValueError, match="has no timings"):
        _ = backend.timings


def test_every_state_the_backend_writes_passes_the_check(clock: ManualClock, tmp_path: Path) -> None:
    backend = LocalLightsail.from_file(tmp_path / "s.json", clock=clock)
    client = backend.client()
    client.create_instances_from_snapshot(
        **base_request(attachedDiskMapping={"web-2": [{"originalDiskPath": "/dev/xvdf", "newDiskName": "web-2-data"}]})
    )
    backend.fail_operation("web-3")
    client.create_instances_from_snapshot(**base_request(instanceNames=["web-3"]))
    client.allocate_static_ip(staticIpName="ip-2")
    client.attach_static_ip(staticIpName="ip-2", instanceName="web-2")
    client.open_instance_public_ports(instanceName="web-2", portInfo={"fromPort": 1, "toPort": 2, "protocol": "udp"})
    backend.client("us-west-2").copy_snapshot(
        sourceRegion="us-east-2", sourceSnapshotName="web-1-snap", targetSnapshotName="copy-1"
    )
    backend.deny_access("GetDisks")
    backend.plan_size_cap = "large_3_0"
    clock.advance(3600)
    assert LocalLightsail.from_file(tmp_path / "s.json", clock=clock).to_json() == backend.to_json()


def _unprivileged(action: Callable[[], object]) -> BaseException | None:
    """Run ``action`` without root's power to ignore permissions; the exception it raised, if any.

    As root, in a forked child that drops to ``nobody`` (everything it needs is imported already).
    """
    if os.geteuid() != 0:
        try:
            action()
        except BaseException as error:
            return error
        return None
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child reports through the pipe
        os.close(read)
        try:
            os.setgid(NOBODY)
            os.setuid(NOBODY)
        except BaseException as error:
            os.write(write, f"setup:{error}".encode())
            os._exit(0)
        try:
            action()
            report = "none:"
        except BaseException as error:
            report = f"{type(error).__name__}:{error}"
        os.write(write, report.encode())
        os._exit(0)
    os.close(write)
    with os.fdopen(read) as pipe:
        kind, _, message = pipe.read().partition(":")
    os.waitpid(pid, 0)
    if kind == "setup":
        raise RuntimeError(f"could not drop root privileges: {message}")
    errors: dict[str, type[BaseException]] = {"PermissionError": PermissionError, "ValueError": ValueError}
    return None if kind == "none" else errors.get(kind, RuntimeError)(message)


class TestReadOnlyFolder:
    @pytest.fixture
    def folder(self) -> Iterator[Path]:
        base = Path(tempfile.mkdtemp(prefix="lightsail-restore-ro-"))  # in /tmp, which everyone may reach
        base.chmod(0o755)
        folder = base / "ro"
        folder.mkdir()
        yield folder
        folder.chmod(0o755)
        shutil.rmtree(base)

    def test_a_new_state_in_a_read_only_folder_is_an_os_error(self, clock: ManualClock, folder: Path) -> None:
        folder.chmod(0o555)
        error = _unprivileged(lambda: LocalLightsail.from_file(folder / "s.json", clock=clock))
        assert isinstance(error, PermissionError), error
        error = _unprivileged(lambda: LocalLightsail.demo(clock=clock).save(folder / "s.json"))
        assert isinstance(error, PermissionError), error

    def test_a_change_to_a_state_in_a_read_only_folder_is_an_os_error(self, clock: ManualClock, folder: Path) -> None:
        path = folder / "s.json"
        backend = LocalLightsail.from_file(path, clock=clock)
        client = backend.client(max_attempts=1)
        for file in folder.iterdir():
            file.chmod(0o666)
        folder.chmod(0o555)
        before = path.read_bytes()
        assert _unprivileged(client.get_instances) is None, "reading still works"
        error = _unprivileged(lambda: client.create_instances_from_snapshot(**base_request()))
        assert isinstance(error, PermissionError), error
        assert path.read_bytes() == before
        assert sorted(p.name for p in folder.iterdir()) == ["s.json", "s.json.lock"]
