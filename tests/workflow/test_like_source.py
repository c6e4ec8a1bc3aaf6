"""``like_source`` (issue 24): the new instances get the source instance's user tags, ``ipAddressType`` and
AutoSnapshot add-on, each unless the request sets it; without it the plan warns of each difference, the IPv6
exposure first.

The demo's web-1 is IPv4-only (``ipAddressType`` ipv4), tagged ``env=prod``, with the AutoSnapshot add-on at 06:00.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest

from lightsail_restore import AddOnRequest, LightsailRestoreClient, PlanRefusedError, RequestValidationError, Tag
from lightsail_restore.local import LocalLightsail
from lightsail_restore.restore._provenance import REQUEST_TAG, SOURCE_TAG

from .conftest import CARRIED_REMARKS, auto, created_names, manual, tags_of

if TYPE_CHECKING:
    from mypy_boto3_lightsail.client import LightsailClient

    from lightsail_restore._clock import ManualClock

AT_03 = [
    AddOnRequest.model_validate(
        {"addOnType": "AutoSnapshot", "autoSnapshotAddOnRequest": {"snapshotTimeOfDay": "03:00"}}
    )
]


def web_1(backend: LocalLightsail) -> dict[str, Any]:
    """web-1 as the backend stores it (to give it other settings)."""
    found: dict[str, Any] = backend.state["regions"]["us-east-2"]["instances"]["web-1"]
    return found


def sent(backend: LocalLightsail) -> dict[str, Any]:
    """The last CreateInstancesFromSnapshot sent."""
    return dict(next(r.params for r in reversed(backend.requests) if r.operation == "CreateInstancesFromSnapshot"))


@pytest.mark.parametrize("build", [manual, auto], ids=["manual snapshot", "automatic snapshot"])
def test_each_setting_of_the_source_is_carried(
    build: Any, backend: LocalLightsail, client: LightsailRestoreClient, boto: LightsailClient, clock: ManualClock
) -> None:
    plan = client.plan(build(), like_source=True)
    assert plan.ok
    assert not [f for f in plan.findings if f.rule in CARRIED_REMARKS]
    (carried,) = [f for f in plan.findings if f.rule == "like_source"]
    assert (carried.path, carried.severity) == ("like_source", "info")
    assert carried.message == (
        "the new instances get what web-1 has: tags env=prod; ipAddressType ipv4; "
        "the AutoSnapshot add-on (daily at 06:00 UTC)"
    )
    assert client.restore(build(), like_source=True, clock=clock).ok
    params = sent(backend)
    assert params["ipAddressType"] == "ipv4"
    assert params["addOns"] == [
        {"addOnType": "AutoSnapshot", "autoSnapshotAddOnRequest": {"snapshotTimeOfDay": "06:00"}}
    ]
    assert params["tags"][0] == {"key": "env", "value": "prod"}
    web_2 = boto.get_instance(instanceName="web-2")["instance"]
    assert web_2["ipAddressType"] == "ipv4" and "ipv6Addresses" not in web_2
    assert [(a["name"], a["snapshotTimeOfDay"]) for a in web_2["addOns"]] == [("AutoSnapshot", "06:00")]
    assert tags_of(boto, "web-2")["env"] == "prod"


def test_what_the_request_sets_wins(backend: LocalLightsail, client: LightsailRestoreClient) -> None:
    request = manual(
        tags=[Tag(key="env", value="staging"), Tag(key="team", value="ops")],
        ip_address_type="dualstack",
        add_ons=AT_03,
    )
    plan = client.plan(request, like_source=True)
    assert plan.ok
    assert not [f for f in plan.findings if f.rule in {"like_source", *CARRIED_REMARKS}]  # nothing to carry
    assert plan.request == request.model_copy(update={"attached_disk_mapping": plan.request.attached_disk_mapping})
    client.restore(request, like_source=True, wait=False)
    params = sent(backend)
    assert [t for t in params["tags"] if t["key"] not in (SOURCE_TAG, REQUEST_TAG)] == [
        {"key": "env", "value": "staging"},
        {"key": "team", "value": "ops"},
    ]
    assert params["ipAddressType"] == "dualstack"
    assert params["addOns"] == [
        {"addOnType": "AutoSnapshot", "autoSnapshotAddOnRequest": {"snapshotTimeOfDay": "03:00"}}
    ]


def test_the_tags_the_request_lacks_are_added_after_its_own(
    backend: LocalLightsail, client: LightsailRestoreClient
) -> None:
    web_1(backend)["tags"].append({"key": "role"})  # a key-only tag
    plan = client.plan(manual(tags=[Tag(key="team", value="ops")]), like_source=True)
    assert plan.request.tags is not None
    assert [(t.key, t.value) for t in plan.request.tags] == [("team", "ops"), ("env", "prod"), ("role", None)]


def test_the_restores_own_mark_on_the_source_is_not_carried(
    backend: LocalLightsail, client: LightsailRestoreClient
) -> None:
    """web-1 was itself restored by lightsail-restore: its mark names another request, and is never copied."""
    web_1(backend)["tags"] += [{"key": SOURCE_TAG, "value": "web-0-snap"}, {"key": REQUEST_TAG, "value": "sha256:0"}]
    plan = client.plan(manual(), like_source=True)
    assert plan.ok, plan.findings
    assert plan.request.tags is not None and [t.key for t in plan.request.tags] == ["env"]
    assert plan.mark is not None
    marked = {t["key"]: t["value"] for t in plan.would_send()["tags"]}
    assert marked[SOURCE_TAG] == "web-1-snap" and marked[REQUEST_TAG] == plan.mark.request


def test_the_source_add_on_time_is_carried_as_it_is(backend: LocalLightsail, client: LightsailRestoreClient) -> None:
    web_1(backend)["addOns"] = [{"name": "AutoSnapshot", "status": "Enabled", "snapshotTimeOfDay": "09:00"}]
    web_1(backend)["ipAddressType"] = "dualstack"
    plan = client.plan(manual(), like_source=True)
    sent_add_ons = plan.would_send()["addOns"]
    assert sent_add_ons == [{"addOnType": "AutoSnapshot", "autoSnapshotAddOnRequest": {"snapshotTimeOfDay": "09:00"}}]
    assert "ipAddressType" not in plan.would_send()  # dualstack is what AWS gives when it is left out


def test_a_source_without_the_settings_carries_nothing(backend: LocalLightsail, client: LightsailRestoreClient) -> None:
    web_1(backend).update(tags=[], addOns=[], ipAddressType="dualstack")
    plan = client.plan(manual(), like_source=True)
    assert plan.ok and not [f for f in plan.findings if f.rule in {"like_source", *CARRIED_REMARKS}]
    assert "ipAddressType" not in plan.would_send() and "addOns" not in plan.would_send()


def test_without_the_source_instance_like_source_is_an_error(
    backend: LocalLightsail, client: LightsailRestoreClient
) -> None:
    with pytest.raises(PlanRefusedError) as refused:
        client.restore(manual("win-snap", bundle="micro_win_3_0"), like_source=True)
    (issue,) = refused.value.issues
    assert (issue.rule, issue.path) == ("like_source_instance", "like_source")
    assert "win-1, the instance it was taken from, no longer exists" in issue.message
    assert created_names(backend) == []


def test_like_source_needs_the_plan(backend: LocalLightsail, client: LightsailRestoreClient) -> None:
    with pytest.raises(RequestValidationError) as refused:
        client.restore(manual(), like_source=True, check=False)
    assert refused.value.rules == ("like_source_plans",) and refused.value.issues[0].path == "like_source"
    assert backend.calls() == 0


def test_a_rerun_like_the_source_resumes(
    backend: LocalLightsail, client: LightsailRestoreClient, clock: ManualClock
) -> None:
    assert client.restore(manual(), like_source=True, clock=clock).ok
    again = client.restore(manual(), like_source=True, clock=clock)
    assert again.ok and again.instances[0].resumed
    assert created_names(backend) == [["web-2"]]


def test_without_like_source_the_plan_warns_of_each_difference_the_ipv6_exposure_first(
    client: LightsailRestoreClient,
) -> None:
    plan = client.plan(manual(names=("web-2", "web-3")))
    carried = [f for f in plan.findings if f.rule in CARRIED_REMARKS]
    assert [(f.rule, f.path, f.severity) for f in carried] == [
        ("ip_address_type_not_carried", "ipAddressType", "warning"),
        ("auto_snapshot_not_carried", "addOns", "warning"),
        ("tags_not_carried", "tags", "warning"),
    ]
    assert carried[0].message == (
        "web-1's IP address type is ipv4 (no public IPv6 address), and web-2, web-3 will be dualstack, AWS's default "
        "when ipAddressType is left out: each gets a public IPv6 address, reachable through the IPv6 side of their "
        "firewall rules; give ipAddressType ipv4, or restore with like_source, to keep it as it was"
    )
    assert all("like_source" in f.message and "like_source" in f.params for f in carried)  # said as a parameter


@pytest.mark.parametrize(
    ("options", "gone"),
    [
        ({"ip_address_type": "ipv4"}, "ip_address_type_not_carried"),
        ({"ip_address_type": "dualstack"}, "ip_address_type_not_carried"),  # asked for: no surprise
        ({"add_ons": AT_03}, "auto_snapshot_not_carried"),
        ({"tags": [Tag(key="env", value="prod")]}, "tags_not_carried"),
    ],
    ids=["ipv4", "dualstack-asked", "add-on", "tags"],
)
def test_each_warning_goes_when_the_request_sets_it(
    options: dict[str, Any], gone: str, client: LightsailRestoreClient
) -> None:
    rules = {f.rule for f in client.plan(manual(**options)).findings}
    assert gone not in rules
    assert rules >= CARRIED_REMARKS - {gone}


def test_a_cross_region_restore_is_like_the_source_in_its_region(
    backend: LocalLightsail, boto: LightsailClient, west: LightsailClient, clock: ManualClock
) -> None:
    """The source instance is read in the source Region; the disk, tags, type and add-on land in the target."""
    cross = LightsailRestoreClient(west, region_client={"us-east-2": boto}.__getitem__)
    request = manual(zone="us-west-2a")
    assert cross.restore(request, source_region="us-east-2", like_source=True, clock=clock).ok
    web_2 = west.get_instance(instanceName="web-2")["instance"]
    assert web_2["ipAddressType"] == "ipv4"
    assert [(a["name"], a["snapshotTimeOfDay"]) for a in web_2["addOns"]] == [("AutoSnapshot", "06:00")]
    assert tags_of(west, "web-2")["env"] == "prod"
    assert west.get_disk(diskName="web-2-data")["disk"]["attachedTo"] == "web-2"
