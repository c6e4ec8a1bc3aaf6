"""Issue 24's done-when on the local backend: ``restore --like-source`` brings web-1's data disk, tags, IP address
type and AutoSnapshot add-on to web-2; ``--no-attached-disks`` leaves the disk out, with a warning."""

from __future__ import annotations

from pathlib import Path

from lightsail_restore.local import LocalLightsail

from .conftest import SNAP, Run


def test_restore_like_the_source_brings_the_disk_tags_ip_type_and_backups(run: Run, state: Path) -> None:
    result = run("--output", "json", "restore", "--instance-names", "web-2", "--like-source", *SNAP)
    assert result.code == 0, result.err
    assert [i["status"] for i in result.json()["instances"]] == ["succeeded"]
    lightsail = LocalLightsail.from_file(state).client()
    web_2 = lightsail.get_instance(instanceName="web-2")["instance"]
    assert web_2["ipAddressType"] == "ipv4" and "ipv6Addresses" not in web_2
    tags = {t["key"]: t.get("value") for t in web_2["tags"]}
    assert tags["env"] == "prod"
    assert [(a["name"], a["snapshotTimeOfDay"]) for a in web_2["addOns"]] == [("AutoSnapshot", "06:00")]
    disk = lightsail.get_disk(diskName="web-2-data")["disk"]
    assert (disk["attachedTo"], disk["path"], disk["sizeInGb"]) == ("web-2", "/dev/xvdf", 32)
    attached = [d.get("name") for d in web_2["hardware"]["disks"] if not d.get("isSystemDisk")]
    assert attached == ["web-2-data"]
    warned = " ".join(str(w) for w in result.json()["warnings"])
    for rule in ("ip_address_type_not_carried", "auto_snapshot_not_carried", "tags_not_carried"):
        assert f"[{rule}]" not in warned


def test_the_plan_lists_the_disk_and_no_attached_disks_leaves_it_out_with_a_warning(run: Run, state: Path) -> None:
    planned = run("plan", "--instance-names", "web-2", *SNAP)
    assert planned.code == 0, planned.err
    assert "  disk: /dev/xvdf (32 GB, was web-1-data) as web-2-data on web-2, named by the restore" in planned.out
    result = run("--output", "json", "restore", "--instance-names", "web-2", "--no-attached-disks", *SNAP)
    assert result.code == 0, result.err
    assert "[disks_not_restored]" in " ".join(str(w) for w in result.json()["warnings"])
    assert result.json()["plan"]["disks"] == []
    lightsail = LocalLightsail.from_file(state).client()
    assert [d["name"] for d in lightsail.get_disks()["disks"]] == ["web-1-data"]


def test_like_source_without_the_plan_is_refused_before_sending(run: Run, state: Path) -> None:
    result = run("restore", "--instance-names", "web-2", "--like-source", "--no-check", *SNAP)
    assert result.code == 2
    assert "--like-source (like_source): --like-source reads the source instance in the plan: drop --no-check" in (
        result.err
    )
    assert "[like_source_plans]" in result.err
    assert LocalLightsail.from_file(state).client().get_instances()["instances"][0]["name"] == "web-1"
