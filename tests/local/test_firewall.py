"""Each instance's firewall, through a real boto3 client: defaults, the demo's custom rules, and the four operations."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest

from lightsail_restore.local import LocalLightsail

from .conftest import base_request, client_error

if TYPE_CHECKING:
    from mypy_boto3_lightsail.client import LightsailClient

ANYWHERE = "Anywhere (0.0.0.0/0 and ::/0)"


def _rules(client: LightsailClient, name: str) -> list[tuple[Any, ...]]:
    ports = client.get_instance(instanceName=name)["instance"]["networking"]["ports"]
    return [(p["protocol"], p["fromPort"], p["toPort"], p["cidrs"], p["ipv6Cidrs"], p["accessFrom"]) for p in ports]


def _states(client: LightsailClient, name: str) -> list[tuple[Any, ...]]:
    states = client.get_instance_port_states(instanceName=name)["portStates"]
    return [(p["protocol"], p["fromPort"], p["toPort"], p["cidrs"], p["ipv6Cidrs"], p["state"]) for p in states]


class TestDefaults:
    def test_a_restore_of_web_1_gets_only_the_blueprint_defaults(self, client: LightsailClient) -> None:
        # web-1 has 443 and 8080 on top of its defaults: a restore of its snapshot does not (E27, E3)
        assert len(_rules(client, "web-1")) == 4
        client.create_instances_from_snapshot(**base_request())
        assert _rules(client, "web-2") == [
            ("tcp", 80, 80, ["0.0.0.0/0"], ["::/0"], ANYWHERE),
            ("tcp", 22, 22, ["0.0.0.0/0"], ["::/0"], ANYWHERE),
        ]

    def test_an_automatic_restore_too(self, client: LightsailClient) -> None:
        client.create_instances_from_snapshot(
            **base_request(instanceSnapshotName=None, sourceInstanceName="web-1", useLatestRestorableAutoSnapshot=True)
        )
        assert [r[1] for r in _rules(client, "web-2")] == [80, 22]

    def test_windows_opens_rdp(self, client: LightsailClient) -> None:
        client.create_instances_from_snapshot(**base_request(instanceSnapshotName="win-snap", bundleId="micro_win_3_0"))
        assert [r[1] for r in _rules(client, "web-2")] == [80, 22, 3389]

    def test_an_app_blueprint_opens_https(self, backend: LocalLightsail, client: LightsailClient) -> None:
        snapshots = backend.state["regions"]["us-east-2"]["instanceSnapshots"]
        snapshots["wp-snap"] = {**snapshots["web-1-snap"], "name": "wp-snap", "fromBlueprintId": "wordpress"}
        client.create_instances_from_snapshot(**base_request(instanceSnapshotName="wp-snap"))
        assert [r[1] for r in _rules(client, "web-2")] == [80, 22, 443]  # E7, E8

    def test_an_ipv4_instance_has_no_ipv6_sources(self, client: LightsailClient) -> None:
        client.create_instances_from_snapshot(**base_request(ipAddressType="ipv4"))
        assert [(r[4], r[5]) for r in _rules(client, "web-2")] == [([], "Anywhere (0.0.0.0/0)")] * 2  # E7

    def test_port_states_show_the_same_rules_open(self, client: LightsailClient) -> None:
        assert [s[:5] for s in _states(client, "web-1")] == [r[:5] for r in _rules(client, "web-1")]
        assert {s[5] for s in _states(client, "web-1")} == {"open"}


class TestOpen:
    def test_opening_answers_a_succeeded_operation_naming_the_rule(self, client: LightsailClient) -> None:
        upper: Any = {"fromPort": 22, "toPort": 22, "protocol": "TCP", "cidrs": ["192.0.2.7"]}  # as the AWS CLI example
        op = client.open_instance_public_ports(instanceName="web-1", portInfo=upper)["operation"]
        # open-instance-public-ports.rst: protocol TCP is answered 22/tcp, at once
        assert (op["operationType"], op["operationDetails"], op["status"], op["isTerminal"]) == (
            "OpenInstancePublicPorts",
            "22/tcp",
            "Succeeded",
            True,
        )
        assert (op["resourceName"], op["resourceType"]) == ("web-1", "Instance")
        assert op["createdAt"] == op["statusChangedAt"]
        assert op["location"] == {"availabilityZone": "us-east-2a", "regionName": "us-east-2"}

    def test_the_same_rule_gains_the_sources(self, client: LightsailClient) -> None:
        client.open_instance_public_ports(
            instanceName="web-1",
            portInfo={"fromPort": 8080, "toPort": 8080, "protocol": "tcp", "cidrs": ["192.0.2.0/24"]},
        )
        assert _rules(client, "web-1")[3] == ("tcp", 8080, 8080, ["203.0.113.0/24", "192.0.2.0/24"], [], "Custom")
        assert len(_rules(client, "web-1")) == 4

    def test_a_new_range_is_added_with_its_details(self, client: LightsailClient) -> None:
        op = client.open_instance_public_ports(
            instanceName="web-1", portInfo={"fromPort": 8000, "toPort": 8010, "protocol": "udp"}
        )["operation"]
        assert op["operationDetails"] == "8000-8010/udp"
        # web-1 is IPv4-only: no IPv6 source; a dualstack instance gets ::/0 too
        assert _rules(client, "web-1")[-1] == ("udp", 8000, 8010, ["0.0.0.0/0"], [], "Anywhere (0.0.0.0/0)")
        client.create_instances_from_snapshot(**base_request())
        client.open_instance_public_ports(
            instanceName="web-2", portInfo={"fromPort": 8000, "toPort": 8010, "protocol": "udp"}
        )
        assert _rules(client, "web-2")[-1] == ("udp", 8000, 8010, ["0.0.0.0/0"], ["::/0"], ANYWHERE)

    def test_icmp_ping_and_the_console_alias(self, client: LightsailClient) -> None:
        client.open_instance_public_ports(
            instanceName="web-1", portInfo={"fromPort": 8, "toPort": -1, "protocol": "icmp"}
        )
        client.open_instance_public_ports(
            instanceName="web-1",
            portInfo={"fromPort": 22, "toPort": 22, "protocol": "tcp", "cidrListAliases": ["lightsail-connect"]},
        )
        ports = client.get_instance(instanceName="web-1")["instance"]["networking"]["ports"]
        assert (ports[-1]["fromPort"], ports[-1]["toPort"], ports[-1]["protocol"]) == (8, -1, "icmp")
        assert ports[1]["cidrListAliases"] == ["lightsail-connect"]
        assert ports[1]["accessFrom"] == "Custom"


class TestCloseAndPut:
    def test_close_removes_the_rule(self, client: LightsailClient) -> None:
        op = client.close_instance_public_ports(
            instanceName="web-1", portInfo={"fromPort": 8080, "toPort": 8080, "protocol": "tcp"}
        )["operation"]
        assert (op["operationType"], op["operationDetails"], op["status"]) == (
            "CloseInstancePublicPorts",
            "8080/tcp",
            "Succeeded",
        )
        assert [r[1] for r in _rules(client, "web-1")] == [80, 22, 443]

    def test_closing_a_rule_that_is_not_there_changes_nothing(
        self, backend: LocalLightsail, client: LightsailClient
    ) -> None:
        before = _rules(client, "web-1")
        client.close_instance_public_ports(
            instanceName="web-1", portInfo={"fromPort": 9, "toPort": 9, "protocol": "udp"}
        )
        assert _rules(client, "web-1") == before

    def test_put_replaces_every_rule(self, client: LightsailClient) -> None:
        op = client.put_instance_public_ports(
            instanceName="web-1",
            portInfos=[
                {"fromPort": 443, "toPort": 443, "protocol": "tcp"},
                {"fromPort": 22, "toPort": 22, "protocol": "tcp", "cidrs": ["198.51.100.1/32"]},
                {"fromPort": 22, "toPort": 22, "protocol": "tcp", "cidrs": ["198.51.100.2/32"]},
            ],
        )["operation"]
        assert (op["operationType"], op["status"]) == ("PutInstancePublicPorts", "Succeeded")
        assert "operationDetails" not in op
        assert _rules(client, "web-1") == [  # web-1 is IPv4-only: anywhere is 0.0.0.0/0 alone
            ("tcp", 443, 443, ["0.0.0.0/0"], [], "Anywhere (0.0.0.0/0)"),
            ("tcp", 22, 22, ["198.51.100.1/32", "198.51.100.2/32"], [], "Custom"),
        ]

    def test_put_with_no_rules_closes_all(self, client: LightsailClient) -> None:
        client.put_instance_public_ports(instanceName="web-1", portInfos=[])
        assert client.get_instance_port_states(instanceName="web-1")["portStates"] == []

    def test_every_change_is_an_operation_of_the_instance_newest_first(self, client: LightsailClient) -> None:
        client.open_instance_public_ports(
            instanceName="web-1", portInfo={"fromPort": 1, "toPort": 1, "protocol": "tcp"}
        )
        client.close_instance_public_ports(
            instanceName="web-1", portInfo={"fromPort": 1, "toPort": 1, "protocol": "tcp"}
        )
        client.put_instance_public_ports(instanceName="web-1", portInfos=[])
        ops = client.get_operations_for_resource(resourceName="web-1")["operations"]
        assert [op["operationType"] for op in ops] == [
            "PutInstancePublicPorts",
            "CloseInstancePublicPorts",
            "OpenInstancePublicPorts",
        ]

    def test_the_success_status_can_be_completed(self, backend: LocalLightsail, client: LightsailClient) -> None:
        backend.success_status = "Completed"  # E16, E17
        op = client.put_instance_public_ports(instanceName="web-1", portInfos=[])["operation"]
        assert (op["status"], op["isTerminal"]) == ("Completed", True)


REFUSED: list[tuple[str, dict[str, Any], str]] = [
    ("unknown protocol", {"fromPort": 1, "toPort": 1, "protocol": "sctp"}, "sctp is not a valid protocol"),
    ("from above to", {"fromPort": 90, "toPort": 80, "protocol": "tcp"}, "port range 90-80 is not valid"),
    ("port above 65535", {"fromPort": 1, "toPort": 70000, "protocol": "udp"}, "port range 1-70000"),
    ("-1 for tcp", {"fromPort": -1, "toPort": 22, "protocol": "tcp"}, "port range -1-22"),
    ("icmp type 256", {"fromPort": 256, "toPort": 0, "protocol": "icmp"}, "type and code must be from -1 to 255"),
    ("no ports", {"protocol": "tcp"}, "fromPort and toPort are required"),
    ("bad cidr", {"fromPort": 1, "toPort": 1, "protocol": "tcp", "cidrs": ["10.0.0.300/8"]}, "not a valid CIDR"),
    ("host bits set", {"fromPort": 1, "toPort": 1, "protocol": "tcp", "cidrs": ["10.0.0.1/8"]}, "10.0.0.1/8"),
    ("ipv6 in cidrs", {"fromPort": 1, "toPort": 1, "protocol": "tcp", "cidrs": ["::/0"]}, "in cidrs"),
    ("ipv4 in ipv6Cidrs", {"fromPort": 1, "toPort": 1, "protocol": "tcp", "ipv6Cidrs": ["0.0.0.0/0"]}, "ipv6Cidrs"),
    ("unknown alias", {"fromPort": 1, "toPort": 1, "protocol": "tcp", "cidrListAliases": ["office"]}, "office"),
    (
        "61 sources",
        {"fromPort": 1, "toPort": 1, "protocol": "tcp", "cidrs": [f"10.0.0.{n}/32" for n in range(61)]},
        "at most 60",
    ),
]


@pytest.mark.parametrize(("info", "message"), [r[1:] for r in REFUSED], ids=[r[0] for r in REFUSED])
@pytest.mark.parametrize("operation", ["open", "close", "put"])
def test_each_rule_refuses_and_changes_nothing(
    operation: str, info: dict[str, Any], message: str, backend: LocalLightsail, client: LightsailClient
) -> None:
    before = backend.to_json()
    if operation == "put":
        response = client_error(
            client.put_instance_public_ports,
            instanceName="web-1",
            portInfos=[{"fromPort": 22, "toPort": 22, "protocol": "tcp"}, info],
        )
    else:
        call = client.open_instance_public_ports if operation == "open" else client.close_instance_public_ports
        response = client_error(call, instanceName="web-1", portInfo=info)
    assert (response["Error"]["Code"], response["code"]) == ("InvalidInputException", "InvalidInput")
    assert message in response["Error"]["Message"]
    assert backend.to_json() == before


@pytest.mark.parametrize("method", ["get_instance_port_states", "open", "close", "put"])
def test_a_missing_instance_is_not_found(method: str, client: LightsailClient) -> None:
    rule = {"fromPort": 22, "toPort": 22, "protocol": "tcp"}
    calls: dict[str, Any] = {
        "get_instance_port_states": lambda: client_error(client.get_instance_port_states, instanceName="ghost"),
        "open": lambda: client_error(client.open_instance_public_ports, instanceName="ghost", portInfo=rule),
        "close": lambda: client_error(client.close_instance_public_ports, instanceName="ghost", portInfo=rule),
        "put": lambda: client_error(client.put_instance_public_ports, instanceName="ghost", portInfos=[rule]),
    }
    response = calls[method]()
    assert (response["Error"]["Code"], response["code"]) == ("NotFoundException", "DoesNotExist")
    assert response["Error"]["Message"] == "The Instance does not exist: ghost"
