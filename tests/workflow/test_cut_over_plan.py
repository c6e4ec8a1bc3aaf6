"""The plan's look at the network: the source instance's firewall and static IP, what a restore loses of them, and
the cut-over asked for (copy or given rules, a static IP to attach or move), refused before anything is created.

The demo's web-1 (IPv4 only) has, besides its blueprint's 80 and 22 from anywhere, 443 from anywhere and 8080
from 203.0.113.0/24 only, and the static IP web-ip; its manual snapshot web-1-snap names it; win-snap's instance is
gone.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest

from lightsail_restore import (
    AccessDeniedException,
    LightsailRestoreClient,
    PlanRefusedError,
    PortInfo,
    RequestValidationError,
)
from lightsail_restore.local import LocalLightsail, ManualClock

from .conftest import CARRIED_REMARKS, auto, manual, operations, seed_snapshot, triples

if TYPE_CHECKING:
    from mypy_boto3_lightsail.client import LightsailClient

HTTPS: Any = {"fromPort": 443, "toPort": 443, "protocol": "tcp"}
OFFICE = "198.51.100.0/24"


def network_findings(plan: Any) -> dict[str, Any]:
    return {f.rule: f for f in plan.findings if f.rule not in ("disks_not_restored", *CARRIED_REMARKS)}


def web_1_rules(boto: LightsailClient) -> list[Any]:
    return list(boto.get_instance_port_states(instanceName="web-1")["portStates"])


# -- what a restore loses ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("build", [manual, auto], ids=["manual snapshot", "automatic snapshot"])
def test_the_plan_lists_the_rules_and_the_static_ip_a_restore_loses(
    build: Any, backend: LocalLightsail, client: LightsailRestoreClient, boto: LightsailClient
) -> None:
    plan = client.plan(build())
    assert plan.ok
    assert backend.calls("GetInstancePortStates") == 1  # one read of the source's firewall
    assert triples(plan, network=True) == [
        ("ports_not_carried", "portInfos", "warning"),
        ("static_ip_not_carried", "staticIpName", "warning"),
    ]
    found = network_findings(plan)
    ports = found["ports_not_carried"].message
    assert "lets in what web-2 will not: tcp 443 from 0.0.0.0/0; tcp 8080 from 203.0.113.0/24;" in ports
    # web-1 is IPv4-only, web-2 dualstack (AWS's default): its default 22 and 80 are open over IPv6 too
    assert "web-2 will let in what web-1 does not: tcp 22 from ::/0; tcp 80 from ::/0;" in ports
    assert "give copy_ports to put" in ports and found["ports_not_carried"].params == ("copy_ports",)
    address = boto.get_static_ip(staticIpName="web-ip")["staticIp"]["ipAddress"]
    static = found["static_ip_not_carried"].message
    assert f"web-1 serves at the static IP web-ip ({address})" in static
    assert "give static_ip and move_static_ip" in static and "--" not in static
    # what the plan read, as data
    network = plan.network
    assert network is not None and network.source is not None
    assert network.source.instance_name == "web-1"
    assert network.source.static_ip == "web-ip" and network.source.static_ip_address == address
    expected = [PortInfo.from_port_state(s) for s in web_1_rules(boto)]
    assert network.source.rules == tuple(expected)
    assert [(r.protocol, r.from_port) for r in network.defaults] == [("tcp", 22), ("tcp", 80)]
    assert network.ports is None and network.static_ip is None


def test_without_the_source_instance_the_plan_says_what_cannot_be_read(
    backend: LocalLightsail, client: LightsailRestoreClient
) -> None:
    plan = client.plan(manual("win-snap", bundle="micro_win_3_0"))  # win-1 was deleted
    assert plan.ok
    assert triples(plan, network=True) == [("source_network_unknown", "portInfos", "info")]
    message = plan.findings[0].message
    assert "win-1, the instance it was taken from, no longer exists in us-east-2" in message
    assert "tcp 22 from 0.0.0.0/0, ::/0; tcp 80 from 0.0.0.0/0, ::/0; tcp 3389 from 0.0.0.0/0, ::/0" in message
    assert plan.network is not None and plan.network.source is None
    assert backend.calls("GetInstancePortStates") == 0


def test_an_instance_of_the_same_name_that_is_not_the_snapshots_is_not_read(
    backend: LocalLightsail, client: LightsailRestoreClient
) -> None:
    """A snapshot's fromInstanceArn that is not web-1's: its web-1 was deleted and created again (or is elsewhere)."""
    seed_snapshot(backend, "old-snap", fromInstanceArn="arn:aws:lightsail:us-east-2:123456789012:Instance/gone")
    plan = client.plan(manual("old-snap"))
    assert triples(plan, network=True) == [("source_network_unknown", "portInfos", "info")]
    with pytest.raises(PlanRefusedError) as refused:
        client.plan(manual("old-snap"), copy_ports=True).raise_for_errors()
    assert refused.value.rules == ("copy_ports_source",)
    assert refused.value.paths == ("portInfos",)
    assert backend.calls("GetInstancePortStates") == 0


def test_a_source_narrower_than_the_defaults_is_said_both_ways(
    backend: LocalLightsail, client: LightsailRestoreClient, boto: LightsailClient
) -> None:
    """web-1 allows SSH from the office only and closes HTTP: a restored instance would open both to anyone."""
    boto.put_instance_public_ports(
        instanceName="web-1", portInfos=[{"fromPort": 22, "toPort": 22, "protocol": "tcp", "cidrs": [OFFICE]}]
    )
    message = network_findings(client.plan(manual()))["ports_not_carried"].message
    assert f"web-1's firewall lets in what web-2 will not: tcp 22 from {OFFICE}" in message
    assert "web-2 will let in what web-1 does not: tcp 22 from 0.0.0.0/0, ::/0; tcp 80 from 0.0.0.0/0, ::/0" in message


def test_a_source_with_only_the_default_rules_loses_none(
    backend: LocalLightsail, client: LightsailRestoreClient, boto: LightsailClient
) -> None:
    boto.close_instance_public_ports(instanceName="web-1", portInfo=HTTPS)
    boto.close_instance_public_ports(
        instanceName="web-1", portInfo={"fromPort": 8080, "toPort": 8080, "protocol": "tcp"}
    )
    boto.detach_static_ip(staticIpName="web-ip")
    assert triples(client.plan(manual(ip_address_type="ipv4")), network=True) == []


def test_an_ipv4_only_restore_does_not_count_ipv6_sources(
    backend: LocalLightsail, client: LightsailRestoreClient
) -> None:
    """An IPv4-only web-2, like web-1, loses only 443 and 8080, and gains no IPv6 opening."""
    message = network_findings(client.plan(manual(ip_address_type="ipv4")))["ports_not_carried"].message
    assert "tcp 443 from 0.0.0.0/0; tcp 8080 from 203.0.113.0/24;" in message
    assert "::/0" not in message


def test_instances_already_created_are_compared_as_they_are_listed(
    backend: LocalLightsail, client: LightsailRestoreClient, clock: ManualClock
) -> None:
    """A rerun's plan says what web-2 (created without the cut-over) lacks; once cut over, nothing; no extra call."""
    client.restore(manual(), wait=False)
    backend.clear_requests()
    plan = client.plan(manual(names=("web-2", "web-3")))
    message = network_findings(plan)["ports_not_carried"].message
    assert "web-1's firewall lets in what web-3 will not: tcp 443" in message
    assert "web-1's firewall lets in what web-2 (created by an earlier run) does not: tcp 443" in message
    assert backend.calls("GetInstancePortStates") == 1  # web-1's; web-2's rules come from the GetInstances listing
    client.restore(manual(), clock=clock, copy_ports=True, static_ip="web-ip", move_static_ip=True)
    assert triples(client.plan(manual()), network=True) == [("already_created", "instanceNames[0]", "info")]


def test_rules_that_cannot_be_read_are_a_warning_unless_they_are_to_be_copied(
    backend: LocalLightsail, client: LightsailRestoreClient
) -> None:
    backend.deny_access("GetInstancePortStates")
    plan = client.plan(manual())
    assert plan.ok
    assert ("source_ports_unread", "portInfos", "warning") in triples(plan, network=True)
    assert "AccessDeniedException" in network_findings(plan)["source_ports_unread"].message
    with pytest.raises(AccessDeniedException):
        client.plan(manual(), copy_ports=True)


# -- the rules to put -------------------------------------------------------------------------------------------


def test_copy_ports_shows_the_rules_each_instance_gets(
    backend: LocalLightsail, client: LightsailRestoreClient, boto: LightsailClient
) -> None:
    plan = client.plan(manual(names=("web-2", "web-3")), copy_ports=True)
    assert plan.ok
    # no rule is lost any more; the static IP still is (and can go to one of them only)
    assert [r for r, _, _ in triples(plan, network=True)] == ["static_ip_not_carried", "ports_put"]
    message = plan.findings[-1].message
    assert message.startswith(
        "once web-2, web-3 run, PutInstancePublicPorts replaces the default rules of each with the rules of web-1: "
    )
    assert plan.network is not None
    assert plan.network.ports == tuple(PortInfo.from_port_state(s) for s in web_1_rules(boto))
    assert plan.network.ports_from == "source"


def test_copy_ports_checks_the_sources_rules_before_anything_is_created(
    backend: LocalLightsail, client: LightsailRestoreClient, boto: LightsailClient
) -> None:
    """The local service takes an ICMP rule of every type and code 5; this library refuses it (P5) for any request."""
    boto.open_instance_public_ports(instanceName="web-1", portInfo={"fromPort": -1, "toPort": 5, "protocol": "icmp"})
    with pytest.raises(PlanRefusedError) as refused:
        client.restore(manual(), copy_ports=True)
    assert refused.value.rules == ("P5_icmp_every_type_every_code",)
    assert refused.value.paths == ("portInfos[4].toPort",)
    assert "rule 4 of web-1 cannot be copied" in str(refused.value)
    assert backend.calls("CreateInstancesFromSnapshot") == 0


def test_copy_ports_needs_the_source_instance(backend: LocalLightsail, client: LightsailRestoreClient) -> None:
    with pytest.raises(PlanRefusedError) as refused:
        client.restore(manual("win-snap", bundle="micro_win_3_0"), copy_ports=True)
    assert refused.value.rules == ("copy_ports_source",)
    assert "win-1, the instance it was taken from, no longer exists" in str(refused.value)
    assert "give the rules with ports instead" in str(refused.value) and "--" not in str(refused.value)
    assert refused.value.issues[0].params == ("copy_ports", "ports")
    assert backend.calls("CreateInstancesFromSnapshot") == 0


def test_given_rules_replace_the_defaults_even_without_a_source_instance(client: LightsailRestoreClient) -> None:
    plan = client.plan(manual("win-snap", bundle="micro_win_3_0"), ports=[PortInfo(**_rdp_from_office())])
    assert plan.ok
    assert triples(plan, network=True) == [("ports_put", "portInfos", "info")]
    assert f"with the given rules: tcp 3389 from {OFFICE}" in plan.findings[0].message
    assert plan.network is not None and plan.network.ports_from == "given"


def _rdp_from_office() -> dict[str, Any]:
    return {"from_port": 3389, "to_port": 3389, "protocol": "tcp", "cidrs": [OFFICE]}


def test_no_rules_at_all_close_every_port(client: LightsailRestoreClient) -> None:
    plan = client.plan(manual(), ports=[])
    assert plan.ok
    assert ("ports_close_every_port", "portInfos", "warning") in triples(plan, network=True)


# -- the static IP ----------------------------------------------------------------------------------------------


def test_moving_the_static_ip_needs_move_static_ip_and_names_who_loses_it(
    backend: LocalLightsail, client: LightsailRestoreClient, boto: LightsailClient
) -> None:
    address = boto.get_static_ip(staticIpName="web-ip")["staticIp"]["ipAddress"]
    with pytest.raises(PlanRefusedError) as refused:
        client.restore(manual(), static_ip="web-ip")
    assert (refused.value.rules, refused.value.paths) == (("static_ip_move",), ("staticIpName",))
    assert f"web-ip ({address}) is attached to web-1; moving it to web-2 takes it from web-1" in str(refused.value)
    assert backend.calls("CreateInstancesFromSnapshot") == 0
    plan = client.plan(manual(), static_ip="web-ip", move_static_ip=True)
    assert plan.ok and ("static_ip_attach", "staticIpName", "info") in triples(plan, network=True)
    assert "static_ip_not_carried" not in network_findings(plan)
    assert f"web-ip ({address}) moves from web-1 to web-2" in network_findings(plan)["static_ip_attach"].message
    assert plan.network is not None
    assert (plan.network.static_ip, plan.network.static_ip_holder) == ("web-ip", "web-1")


def test_a_free_static_ip_is_attached_without_moving_anything(
    client: LightsailRestoreClient, boto: LightsailClient
) -> None:
    boto.allocate_static_ip(staticIpName="spare-ip")
    plan = client.plan(manual(), static_ip="spare-ip")
    assert plan.ok
    assert "AttachStaticIp puts spare-ip" in network_findings(plan)["static_ip_attach"].message
    assert "static_ip_not_carried" in network_findings(plan)  # web-1 keeps web-ip: still said
    assert plan.network is not None and plan.network.static_ip_holder is None


@pytest.mark.parametrize(
    ("request_args", "options", "rule"),
    [
        ({"names": ("web-2", "web-3")}, {"static_ip": "web-ip", "move_static_ip": True}, "static_ip_one_instance"),
        ({}, {"static_ip": "ghost-ip"}, "static_ip_exists"),
        ({"bundle": "micro_ipv6_3_0", "ip_address_type": "ipv6"}, {"static_ip": "spare-ip"}, "static_ip_ipv6_only"),
    ],
    ids=["two instances", "no such static IP", "IPv6-only instance"],
)
def test_static_ip_refusals(
    request_args: dict[str, Any],
    options: dict[str, Any],
    rule: str,
    backend: LocalLightsail,
    client: LightsailRestoreClient,
    boto: LightsailClient,
) -> None:
    boto.allocate_static_ip(staticIpName="spare-ip")
    backend.clear_requests()
    with pytest.raises(PlanRefusedError) as refused:
        client.restore(manual(**request_args), **options)
    assert rule in refused.value.rules
    assert all(path == "staticIpName" for f in refused.value.plan.errors if (path := f.path) and f.rule == rule)
    assert backend.calls("CreateInstancesFromSnapshot") == 0


def test_a_static_ip_already_on_the_new_instance_is_said_so(
    client: LightsailRestoreClient, boto: LightsailClient, clock: ManualClock
) -> None:
    boto.allocate_static_ip(staticIpName="spare-ip")
    client.restore(manual(), clock=clock)
    boto.attach_static_ip(staticIpName="spare-ip", instanceName="web-2")
    plan = client.plan(manual(), static_ip="spare-ip")
    assert plan.ok and ("static_ip_attached", "staticIpName", "info") in triples(plan, network=True)


# -- options refused before anything is sent ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("options", "rules", "paths"),
    [
        ({"copy_ports": True, "ports": []}, ("ports_exclusive",), ("portInfos",)),
        ({"ports": [{**HTTPS, "toPort": 80}]}, ("P2_port_order",), ("portInfos[0].toPort",)),
        ({"ports": [{**HTTPS, "cidrs": ["192.0.2.1/24"]}]}, ("ipv4_cidr",), ("portInfos[0].cidrs[0]",)),
        ({"static_ip": "web ip"}, ("resource_name",), ("staticIpName",)),
        ({"move_static_ip": True}, ("move_needs_static_ip",), ("staticIpName",)),
        ({"copy_ports": "yes"}, ("type",), ("copy_ports",)),
        ({"ports": "ports.json"}, ("type",), ("portInfos",)),
        ({"copy_ports": True, "wait": False}, ("cut_over_needs_wait",), ("",)),
        ({"static_ip": "web-ip", "check": False}, ("cut_over_needs_check",), ("",)),
    ],
    ids=[
        "copy and given ports",
        "a port range backwards",
        "bits after the prefix",
        "a static IP name with a space",
        "move without a static IP",
        "copy_ports not a bool",
        "ports not a list",
        "no wait",
        "no check",
    ],
)
def test_options_are_refused_before_anything_is_sent(
    options: dict[str, Any],
    rules: tuple[str, ...],
    paths: tuple[str, ...],
    backend: LocalLightsail,
    client: LightsailRestoreClient,
) -> None:
    with pytest.raises(RequestValidationError) as refused:
        client.restore(manual(), **options)
    assert not isinstance(refused.value, PlanRefusedError)
    assert (refused.value.rules, refused.value.paths) == (rules, paths)
    assert backend.requests == []


def test_the_plan_refuses_the_same_options(backend: LocalLightsail, client: LightsailRestoreClient) -> None:
    with pytest.raises(RequestValidationError, match="ports_exclusive"):
        client.plan(manual(), copy_ports=True, ports=[])
    assert operations(backend) == []
