"""Refusals real accounts meet, scripted and kept in the state file; and the status successful operations end in."""

from __future__ import annotations

import multiprocessing
import re
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from lightsail_restore.local import LocalLightsail, ManualClock

from ._workers import set_refusals, try_restore
from .conftest import base_request, client_error

if TYPE_CHECKING:
    from mypy_boto3_lightsail.client import LightsailClient

PLAN_SIZE = (
    "Sorry, your account can not create an instance using this Lightsail plan size. Please try a smaller plan size "
    "or contact Customer Support if you need to use a larger plan."
)  # E23, verbatim


class TestPlanSizeCap:
    def test_a_larger_bundle_is_refused_with_the_real_message(
        self, backend: LocalLightsail, client: LightsailClient
    ) -> None:
        backend.plan_size_cap = "micro_3_0"
        before = backend.to_json()
        response = client_error(client.create_instances_from_snapshot, **base_request(bundleId="small_3_0"))
        assert (response["Error"]["Code"], response["Error"]["Message"]) == ("InvalidInputException", PLAN_SIZE)
        assert "tip" not in response
        assert backend.to_json() == before
        client.create_instances_from_snapshot(**base_request(bundleId="micro_3_0"))  # up to the cap is fine

    def test_the_cap_is_account_wide_and_compares_memory(self, backend: LocalLightsail) -> None:
        backend.plan_size_cap = "micro_3_0"
        oregon = backend.client("us-west-2")
        oregon.copy_snapshot(sourceRegion="us-east-2", sourceSnapshotName="web-1-snap", targetSnapshotName="copy-1")
        snapshots = backend.state["regions"]["us-west-2"]["instanceSnapshots"]
        snapshots["copy-1"]["_availableAt"] = 0
        # small_ipv6_3_0 (2 GB) was refused too in the probes E23 cites
        request = base_request(
            instanceSnapshotName="copy-1",
            availabilityZone="us-west-2a",
            bundleId="small_ipv6_3_0",
            ipAddressType="ipv6",
        )
        assert client_error(oregon.create_instances_from_snapshot, **request)["Error"]["Message"] == PLAN_SIZE

    def test_lifting_the_cap(self, backend: LocalLightsail, client: LightsailClient) -> None:
        backend.plan_size_cap = "micro_3_0"
        backend.plan_size_cap = None
        client.create_instances_from_snapshot(**base_request(bundleId="large_3_0"))

    def test_an_unknown_bundle_is_a_value_error(self, backend: LocalLightsail) -> None:
        with pytest.raises(ValueError, match="not a bundle id"):
            backend.plan_size_cap = "huge_9_9"


class TestAccessDenied:
    def test_the_message_has_the_form_of_an_iam_refusal(self, backend: LocalLightsail, client: LightsailClient) -> None:
        backend.deny_access("PutInstancePublicPorts")
        response = client_error(client.put_instance_public_ports, instanceName="web-1", portInfos=[])
        assert (response["Error"]["Code"], response["ResponseMetadata"]["HTTPStatusCode"]) == (
            "AccessDeniedException",
            400,
        )  # E28
        web1_arn = client.get_instance(instanceName="web-1")["instance"]["arn"]
        # E24's form
        assert re.fullmatch(
            r"User: arn:aws:sts::\d{12}:assumed-role/[^ ]+ is not authorized to perform: "
            r"lightsail:PutInstancePublicPorts on resource: (?P<arn>[^ ]+) because no identity-based policy allows "
            r"the lightsail:PutInstancePublicPorts action",
            response["Error"]["Message"],
        )
        assert f"on resource: {web1_arn} because" in response["Error"]["Message"]
        assert len(client.get_instance_port_states(instanceName="web-1")["portStates"]) == 4, "nothing changed"

    def test_only_that_operation_and_region(self, backend: LocalLightsail, client: LightsailClient) -> None:
        backend.deny_access("CreateInstancesFromSnapshot", region="us-west-2")
        client.create_instances_from_snapshot(**base_request())
        oregon = backend.client("us-west-2", max_attempts=1)
        response = client_error(oregon.create_instances_from_snapshot, **base_request(availabilityZone="us-west-2a"))
        assert response["Error"]["Code"] == "AccessDeniedException"
        assert "on resource: arn:aws:lightsail:us-west-2:123456789012:* because" in response["Error"]["Message"]

    def test_an_unknown_operation_is_a_value_error(self, backend: LocalLightsail) -> None:
        with pytest.raises(ValueError, match="not a Lightsail operation"):
            backend.deny_access("PutInstancePorts")
        with pytest.raises(ValueError, match="not a Lightsail Region"):
            backend.deny_access("GetInstances", region="mars-1")


class TestRegionSetup:
    def test_every_call_in_the_region_is_refused_with_the_models_tip(self, backend: LocalLightsail) -> None:
        backend.set_region_setup("ap-southeast-5")
        client = backend.client("ap-southeast-5", max_attempts=1)
        response = client_error(client.get_instances)
        assert (response["Error"]["Code"], response["code"]) == (
            "RegionSetupInProgressException",
            "RegionSetupInProgress",
        )
        assert response["tip"].startswith("Opt-in Regions typically take a few minutes")  # the model's doc
        assert response["docs"].endswith("understanding-regions-and-availability-zones-in-amazon-lightsail.html")
        assert backend.client("us-east-2").get_instances()["instances"], "other Regions answer"
        backend.set_region_setup("ap-southeast-5", in_progress=False)
        assert client.get_instances()["instances"] == []


def test_refusals_are_listed_and_cleared(backend: LocalLightsail, client: LightsailClient) -> None:
    backend.plan_size_cap = "nano_3_0"
    backend.deny_access("GetInstances")
    backend.deny_access("GetInstances")  # once is enough
    backend.set_region_setup("eu-west-1")
    backend.impair("web-1", region="us-east-2")
    assert backend.refusals == {
        "planSizeCap": "nano_3_0",
        "accessDenied": [{"operation": "GetInstances", "region": None}],
        "regionSetup": ["eu-west-1"],
        "impaired": [{"instanceName": "web-1", "region": "us-east-2"}],
        "capacity": [],
    }
    backend.refuse_capacity("us-east-2a")
    assert backend.refusals["capacity"] == ["us-east-2a"]
    backend.clear_refusals()
    assert backend.refusals == {
        "planSizeCap": None,
        "accessDenied": [],
        "regionSetup": [],
        "impaired": [],
        "capacity": [],
    }
    assert client.get_instances()["instances"]


CAPACITY = (
    "We currently do not have sufficient micro_3_0 capacity in the Availability Zone you requested (us-east-2a). Our "
    "system will be working on provisioning additional capacity. You can currently get micro_3_0 capacity by choosing "
    "us-east-2b, us-east-2c."
)


class TestCapacity:
    def test_a_full_zone_refuses_a_create_and_the_others_take_it(
        self, backend: LocalLightsail, client: LightsailClient
    ) -> None:
        backend.refuse_capacity("us-east-2a")
        before = backend.to_json()
        response = client_error(client.create_instances_from_snapshot, **base_request())
        assert (response["Error"]["Code"], response["code"]) == (
            "OperationFailureException",
            "InsufficientInstanceCapacity",
        )
        assert response["Error"]["Message"] == CAPACITY
        assert backend.to_json() == before, "nothing created"
        created = client.create_instances_from_snapshot(**base_request(availabilityZone="us-east-2b"))
        assert created["operations"][0]["location"]["availabilityZone"] == "us-east-2b"

    def test_other_rules_come_first_and_the_message_leaves_out_every_full_zone(
        self, backend: LocalLightsail, client: LightsailClient
    ) -> None:
        backend.refuse_capacity("us-east-2a")
        backend.refuse_capacity("us-east-2c")
        taken = client_error(client.create_instances_from_snapshot, **base_request(instanceNames=["web-1"]))
        assert taken["code"] == "NameExists", "a request that breaks a rule is refused for it, not for capacity"
        full = client_error(client.create_instances_from_snapshot, **base_request(bundleId="small_3_0"))
        assert full["Error"]["Message"].endswith("You can currently get small_3_0 capacity by choosing us-east-2b.")

    def test_the_zone_has_room_again_when_lifted(self, backend: LocalLightsail, client: LightsailClient) -> None:
        backend.refuse_capacity("us-east-2a")
        backend.refuse_capacity("us-east-2a", refusing=False)
        assert backend.refusals["capacity"] == []
        client.create_instances_from_snapshot(**base_request())

    def test_an_unknown_zone_is_refused(self, backend: LocalLightsail) -> None:
        with pytest.raises(ValueError, match="'us-west-1a' is not an Availability Zone"):
            backend.refuse_capacity("us-west-1a")

    def test_the_preset_is_kept_in_the_state_file(self, tmp_path: Path, clock: ManualClock) -> None:
        path = tmp_path / "s.json"
        LocalLightsail.from_file(path, clock).refuse_capacity("us-east-2a")
        other = LocalLightsail.from_file(path, clock).client(max_attempts=1)
        assert client_error(other.create_instances_from_snapshot, **base_request())["code"] == (
            "InsufficientInstanceCapacity"
        )


def test_reset_clears_the_refusals(backend: LocalLightsail) -> None:
    backend.deny_access("GetInstances")
    backend.reset()
    assert backend.refusals["accessDenied"] == []


def test_refusals_reach_other_processes_through_the_state_file(tmp_path: Path) -> None:
    path = tmp_path / "shared.json"
    context = multiprocessing.get_context("spawn")
    with context.Pool(1) as pool:
        pool.apply(set_refusals, (str(path),))  # another process sets them in the file
        here = LocalLightsail.from_file(path)
        assert here.plan_size_cap == "micro_3_0"
        client = here.client(max_attempts=1)
        assert client_error(client.put_instance_public_ports, instanceName="web-1", portInfos=[])["Error"]["Code"] == (
            "AccessDeniedException"
        )
        assert client_error(here.client("eu-west-1", max_attempts=1).get_instances)["Error"]["Code"] == (
            "RegionSetupInProgressException"
        )
        here.plan_size_cap = "small_3_0"  # and this process's change reaches the other
        assert pool.apply(try_restore, (str(path), "medium_3_0")) == f"InvalidInputException: {PLAN_SIZE}"
        assert pool.apply(try_restore, (str(path), "small_3_0")) == "created"


class TestSuccessStatus:
    def test_operations_can_end_completed(
        self, backend: LocalLightsail, clock: ManualClock, client: LightsailClient
    ) -> None:
        backend.success_status = "Completed"
        op = client.create_instances_from_snapshot(**base_request())["operations"][0]
        clock.advance(backend.timings.operation_seconds)
        done = client.get_operation(operationId=op["id"])["operation"]
        assert (done["status"], done["isTerminal"]) == ("Completed", True)

    def test_only_the_two_real_statuses(self, backend: LocalLightsail) -> None:
        with pytest.raises(ValueError, match="Succeeded, Completed"):
            backend.success_status = "Done"
        assert backend.success_status == "Succeeded"

    def test_it_is_kept_in_the_file(self, clock: ManualClock, tmp_path: Path) -> None:
        LocalLightsail.from_file(tmp_path / "s.json", clock=clock).success_status = "Completed"
        assert LocalLightsail.from_file(tmp_path / "s.json", clock=clock).success_status == "Completed"
