"""Static IPs through a real boto3 client, and the instance's public addresses that follow them."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest

from lightsail_restore.local import LocalLightsail, ManualClock

from .conftest import base_request, client_error

if TYPE_CHECKING:
    from mypy_boto3_lightsail.client import LightsailClient


def _running_web_2(backend: LocalLightsail, clock: ManualClock, client: LightsailClient, **changes: Any) -> None:
    client.create_instances_from_snapshot(**base_request(**changes))
    clock.advance(backend.timings.boot_seconds)


def _ip(client: LightsailClient, name: str) -> dict[str, Any]:
    return dict(client.get_static_ip(staticIpName=name)["staticIp"])


def _instance(client: LightsailClient, name: str) -> dict[str, Any]:
    return dict(client.get_instance(instanceName=name)["instance"])


class TestAllocate:
    def test_answers_one_succeeded_operation_without_details(self, client: LightsailClient) -> None:
        (op,) = client.allocate_static_ip(staticIpName="ip-2")["operations"]
        # allocate-static-ip.rst: zone all, no operationDetails, answered Succeeded (0.198 s after it began)
        assert (op["resourceName"], op["resourceType"], op["operationType"]) == ("ip-2", "StaticIp", "AllocateStaticIp")
        assert (op["status"], op["isTerminal"], op["location"]["availabilityZone"]) == ("Succeeded", True, "all")
        assert "operationDetails" not in op
        assert (op["statusChangedAt"] - op["createdAt"]).total_seconds() == pytest.approx(0.198)
        ip = _ip(client, "ip-2")
        assert (ip["isAttached"], ip["location"], ip["resourceType"]) == (
            False,
            {"availabilityZone": "all", "regionName": "us-east-2"},
            "StaticIp",
        )
        assert "attachedTo" not in ip
        assert ip["supportCode"].endswith("/" + ip["ipAddress"])
        assert ip["createdAt"] == op["createdAt"]

    @pytest.mark.parametrize("taken", ["web-1", "web-1-data", "deploy-key", "web-ip"])
    def test_a_name_in_use_is_name_exists(self, taken: str, backend: LocalLightsail, client: LightsailClient) -> None:
        before = backend.to_json()
        response = client_error(client.allocate_static_ip, staticIpName=taken)
        # E20, the recorded body: InvalidInputException, code NameExists, no tip, no docs
        assert (response["Error"]["Code"], response["code"]) == ("InvalidInputException", "NameExists")
        assert response["Error"]["Message"] == f"Some names are already in use: {taken}"
        assert "tip" not in response and "docs" not in response
        assert backend.to_json() == before

    def test_a_bad_name_is_refused_in_the_services_words(self, client: LightsailClient) -> None:
        response = client_error(client.allocate_static_ip, staticIpName="my ip")
        assert response["Error"]["Message"] == (
            "my ip is not a valid resource name. Resource names must be at least 2 characters long and contain "
            "only alphanumerics, -, _, and ."
        )  # E22

    def test_five_per_region(self, backend: LocalLightsail, client: LightsailClient) -> None:
        for n in range(4):  # web-ip is the first
            client.allocate_static_ip(staticIpName=f"ip-{n}")
        response = client_error(client.allocate_static_ip, staticIpName="ip-5")
        assert "maximum number of static IP addresses (5)" in response["Error"]["Message"]
        backend.client("us-west-2").allocate_static_ip(staticIpName="ip-5")  # another Region has its own five


class TestAttachAndDetach:
    def test_attach_answers_two_operations_and_the_instance_follows(
        self, backend: LocalLightsail, clock: ManualClock, client: LightsailClient
    ) -> None:
        _running_web_2(backend, clock, client)
        dynamic = _instance(client, "web-2")["publicIpAddress"]
        client.allocate_static_ip(staticIpName="ip-2")
        ops = client.attach_static_ip(staticIpName="ip-2", instanceName="web-2")["operations"]
        # attach-static-ip.rst: the static IP's operation (zone all), then the instance's, each naming the other
        assert [(o["resourceName"], o["resourceType"], o["operationDetails"]) for o in ops] == [
            ("ip-2", "StaticIp", "web-2"),
            ("web-2", "Instance", "ip-2"),
        ]
        assert [o["location"]["availabilityZone"] for o in ops] == ["all", "us-east-2a"]
        assert {(o["operationType"], o["status"], o["isTerminal"]) for o in ops} == {
            ("AttachStaticIp", "Succeeded", True)
        }
        assert ops[1]["createdAt"] > ops[0]["createdAt"]
        ip = _ip(client, "ip-2")
        assert (ip["attachedTo"], ip["isAttached"]) == ("web-2", True)
        web2 = _instance(client, "web-2")
        assert (web2["isStaticIp"], web2["publicIpAddress"]) == (True, ip["ipAddress"])
        assert ip["ipAddress"] != dynamic

    def test_detach_gives_the_instance_a_new_address(
        self, backend: LocalLightsail, clock: ManualClock, client: LightsailClient
    ) -> None:
        static = _ip(client, "web-ip")["ipAddress"]
        ops = client.detach_static_ip(staticIpName="web-ip")["operations"]
        assert [(o["resourceName"], o["operationType"], o["operationDetails"]) for o in ops] == [
            ("web-ip", "DetachStaticIp", "web-1"),
            ("web-1", "DetachStaticIp", "web-ip"),
        ]  # detach-static-ip.rst
        web1 = _instance(client, "web-1")
        assert web1["isStaticIp"] is False
        assert web1["publicIpAddress"] not in (static, None)
        ip = _ip(client, "web-ip")
        assert (ip["isAttached"], "attachedTo" in ip) == (False, False)
        assert client_error(client.detach_static_ip, staticIpName="web-ip")["Error"]["Message"] == (
            "The static IP web-ip is not attached to an instance"
        )

    def test_move_the_demo_ip_to_a_restored_instance(
        self, backend: LocalLightsail, clock: ManualClock, client: LightsailClient
    ) -> None:
        # what operators do after a restore (E2, E31): detach from the old instance, attach to the new one
        _running_web_2(backend, clock, client)
        assert _instance(client, "web-2")["isStaticIp"] is False, "a restore never takes the source's static IP"
        client.detach_static_ip(staticIpName="web-ip")
        client.attach_static_ip(staticIpName="web-ip", instanceName="web-2")
        assert _instance(client, "web-2")["publicIpAddress"] == _ip(client, "web-ip")["ipAddress"]

    def test_attaching_a_static_ip_held_elsewhere_moves_it_in_one_call(
        self, backend: LocalLightsail, clock: ManualClock, client: LightsailClient
    ) -> None:
        """E40 (inferred): AWS's CloudFormation handler moves an attached static IP with one AttachStaticIp."""
        _running_web_2(backend, clock, client)
        address = _ip(client, "web-ip")["ipAddress"]
        ops = client.attach_static_ip(staticIpName="web-ip", instanceName="web-2")["operations"]
        assert [(o["resourceName"], o["operationType"], o["operationDetails"], o["status"]) for o in ops] == [
            ("web-ip", "AttachStaticIp", "web-2", "Succeeded"),
            ("web-2", "AttachStaticIp", "web-ip", "Succeeded"),
        ]
        assert _ip(client, "web-ip")["attachedTo"] == "web-2"
        web_1, web_2 = _instance(client, "web-1"), _instance(client, "web-2")
        assert (web_2["isStaticIp"], web_2["publicIpAddress"]) == (True, address)
        assert web_1["isStaticIp"] is False and web_1["publicIpAddress"] not in (address, None)

    def test_one_static_ip_per_instance(self, client: LightsailClient) -> None:
        client.allocate_static_ip(staticIpName="ip-2")
        response = client_error(client.attach_static_ip, staticIpName="ip-2", instanceName="web-1")
        assert response["Error"]["Message"] == "The instance web-1 already has the static IP web-ip"

    def test_none_on_an_ipv6_only_instance(self, client: LightsailClient) -> None:
        client.create_instances_from_snapshot(**base_request(bundleId="micro_ipv6_3_0", ipAddressType="ipv6"))
        client.allocate_static_ip(staticIpName="ip-2")
        response = client_error(client.attach_static_ip, staticIpName="ip-2", instanceName="web-2")
        assert "IPv6-only" in response["Error"]["Message"]

    @pytest.mark.parametrize(
        ("params", "message"),
        [
            ({"staticIpName": "ghost", "instanceName": "web-1"}, "The StaticIp does not exist: ghost"),
            ({"staticIpName": "web-ip", "instanceName": "ghost"}, "The Instance does not exist: ghost"),
        ],
    )
    def test_missing_resources(self, params: dict[str, str], message: str, client: LightsailClient) -> None:
        response = client_error(client.attach_static_ip, **params)
        assert (response["Error"]["Code"], response["code"], response["Error"]["Message"]) == (
            "NotFoundException",
            "DoesNotExist",
            message,
        )

    def test_an_attached_static_ip_shows_even_while_pending(self, client: LightsailClient) -> None:
        client.create_instances_from_snapshot(**base_request())
        assert "publicIpAddress" not in _instance(client, "web-2"), "no public address before it runs"
        client.allocate_static_ip(staticIpName="ip-2")
        client.attach_static_ip(staticIpName="ip-2", instanceName="web-2")
        assert _instance(client, "web-2")["publicIpAddress"] == _ip(client, "ip-2")["ipAddress"]


class TestRelease:
    def test_release_answers_one_operation_and_frees_the_name(self, client: LightsailClient) -> None:
        client.allocate_static_ip(staticIpName="ip-2")
        (op,) = client.release_static_ip(staticIpName="ip-2")["operations"]
        assert (op["operationType"], op["status"], op["isTerminal"]) == ("ReleaseStaticIp", "Succeeded", True)
        assert "operationDetails" not in op  # release-static-ip.rst
        assert client_error(client.get_static_ip, staticIpName="ip-2")["code"] == "DoesNotExist"
        client.allocate_static_ip(staticIpName="ip-2")

    def test_releasing_an_attached_ip_takes_it_from_the_instance(self, client: LightsailClient) -> None:
        ops = client.release_static_ip(staticIpName="web-ip")["operations"]
        assert [o["operationType"] for o in ops] == ["ReleaseStaticIp"], "no DetachStaticIp operation"
        assert _instance(client, "web-1")["isStaticIp"] is False
        assert [o["operationType"] for o in client.get_operations()["operations"]] == ["ReleaseStaticIp"]


class TestPublicAddresses:
    def test_a_dualstack_instance_shows_its_addresses_once_running(
        self, backend: LocalLightsail, clock: ManualClock, client: LightsailClient
    ) -> None:
        client.create_instances_from_snapshot(**base_request())
        pending = _instance(client, "web-2")
        assert "publicIpAddress" not in pending and "ipv6Addresses" not in pending
        assert pending["privateIpAddress"]
        clock.advance(backend.timings.boot_seconds)
        running = _instance(client, "web-2")
        assert running["publicIpAddress"] and running["ipv6Addresses"][0].startswith("2600:1f14:")  # E8
        assert running["metadataOptions"]["state"] == "applied"
        assert "addOns" not in running, "no addOns member when there are none (E7, E8)"

    def test_an_ipv4_instance_has_no_ipv6_addresses(
        self, backend: LocalLightsail, clock: ManualClock, client: LightsailClient
    ) -> None:
        _running_web_2(backend, clock, client, ipAddressType="ipv4")
        assert "ipv6Addresses" not in _instance(client, "web-2")

    def test_static_ips_are_listed_newest_first(self, clock: ManualClock, client: LightsailClient) -> None:
        clock.advance(60)
        client.allocate_static_ip(staticIpName="ip-2")
        clock.advance(60)
        client.allocate_static_ip(staticIpName="ip-3")
        assert [i["name"] for i in client.get_static_ips()["staticIps"]] == ["ip-3", "ip-2", "web-ip"]


def test_a_static_ip_of_an_instance_whose_creation_failed_is_free_again(
    backend: LocalLightsail, clock: ManualClock, client: LightsailClient
) -> None:
    backend.fail_operation("web-2")
    client.create_instances_from_snapshot(**base_request())
    client.allocate_static_ip(staticIpName="ip-2")
    client.attach_static_ip(staticIpName="ip-2", instanceName="web-2")
    clock.advance(backend.timings.operation_seconds)  # web-2 vanishes
    assert _ip(client, "ip-2")["isAttached"] is False
    client.create_instances_from_snapshot(**base_request())  # a new web-2 does not inherit it
    assert (_ip(client, "ip-2")["isAttached"], _instance(client, "web-2")["isStaticIp"]) == (False, False)
    client.attach_static_ip(staticIpName="ip-2", instanceName="web-2")
    assert _ip(client, "ip-2")["attachedTo"] == "web-2"
