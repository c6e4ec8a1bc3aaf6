"""Example-based tests of PortInfo and PutInstancePublicPortsRequest: each rule alone, real shapes, the ports file."""

from __future__ import annotations

import json
from typing import Any

import pytest
import yaml
from pydantic import ValidationError

from lightsail_restore import (
    Issue,
    PortInfo,
    PutInstancePublicPortsRequest,
    RequestValidationError,
    parse_port_infos,
)

Request = PutInstancePublicPortsRequest
SSH: dict[str, Any] = {"fromPort": 22, "toPort": 22, "protocol": "tcp"}


def request(*infos: dict[str, Any], name: str = "web-2") -> dict[str, Any]:
    return {"portInfos": list(infos), "instanceName": name}


def refusal(params: dict[str, Any]) -> list[tuple[str, str]]:
    with pytest.raises(RequestValidationError) as caught:
        Request.from_boto3(params)
    return [(issue.path, issue.rule) for issue in caught.value.issues]


# ---------------------------------------------------------------------------------------------------------
# Shapes AWS documents or returns are accepted and round-trip exactly
# ---------------------------------------------------------------------------------------------------------

ACCEPTED = {
    # API Reference, PortInfo: ping is ICMP type 8 with code -1; ICMPv6 type 128 with code 0
    "icmp_ping": {"fromPort": 8, "toPort": -1, "protocol": "icmp", "cidrs": ["0.0.0.0/0"]},
    "icmpv6_echo": {"fromPort": 128, "toPort": 0, "protocol": "icmpv6", "ipv6Cidrs": ["::/0"]},
    # Console "All ICMP" (terraform-provider-aws#30288, #35526): -1 / -1
    "icmp_all": {"fromPort": -1, "toPort": -1, "protocol": "icmp"},
    "icmpv6_all": {"fromPort": -1, "toPort": -1, "protocol": "icmpv6", "cidrs": [], "ipv6Cidrs": ["::/0"]},
    # Developer guide: "All TCP" is 0-65535; the guide's address examples
    "all_tcp": {"fromPort": 0, "toPort": 65535, "protocol": "tcp", "cidrs": ["203.0.113.1", "192.0.2.0/24"]},
    "all_protocols": {"fromPort": 0, "toPort": 65535, "protocol": "all"},
    "ipv6_full_form": {
        "fromPort": 443,
        "toPort": 443,
        "protocol": "tcp",
        "ipv6Cidrs": ["2001:0db8:85a3:0000:0000:8a2e:0370:7334", "2001:db8::/32", "2001:DB8::/48"],
    },
    # The console's browser SSH/RDP client (terraform-provider-aws acceptance test)
    "lightsail_connect": {"fromPort": 22, "toPort": 22, "protocol": "tcp", "cidrListAliases": ["lightsail-connect"]},
    # A port state as GetInstance returns it (E8), minus its read-only members
    "default_web": {
        "fromPort": 80,
        "toPort": 80,
        "protocol": "tcp",
        "cidrs": ["0.0.0.0/0"],
        "ipv6Cidrs": ["::/0"],
        "cidrListAliases": [],
    },
    "udp_range": {"fromPort": 60000, "toPort": 61000, "protocol": "udp", "cidrs": ["198.51.100.7/32"]},
}


@pytest.mark.parametrize("info", list(ACCEPTED.values()), ids=list(ACCEPTED))
def test_documented_rules_are_accepted_and_round_trip(info: dict[str, Any]) -> None:
    params = request(SSH, info)
    assert Request.from_boto3(params).to_boto3() == params
    assert PortInfo.model_validate(info).to_boto3() == info


def test_snake_case_keywords_build_the_same_request() -> None:
    model = Request(
        instance_name="web-2",
        port_infos=[PortInfo(from_port=22, to_port=22, protocol="tcp", cidrs=["203.0.113.7/32"])],
    )
    assert model.to_boto3() == request({**SSH, "cidrs": ["203.0.113.7/32"]})
    assert model.port_infos[0].cidrs == ("203.0.113.7/32",)  # frozen: tuples, not lists


def test_empty_port_infos_closes_every_port_and_is_sent_as_such() -> None:
    model = Request.from_boto3(request())
    assert model.closes_every_port
    expected: dict[str, Any] = {"portInfos": [], "instanceName": "web-2"}
    assert model.to_boto3() == expected
    assert not Request.from_boto3(request(SSH)).closes_every_port


def test_overlapping_and_repeated_rules_are_allowed() -> None:
    # Developer guide: "If there is more than one rule for a specific port, we apply the most permissive rule."
    params = request(SSH, SSH, {"fromPort": 0, "toPort": 1024, "protocol": "tcp", "cidrs": ["10.0.0.0/8"]})
    assert Request.from_boto3(params).to_boto3() == params


def test_for_instance_takes_models_and_dicts() -> None:
    rule = PortInfo.from_boto3(SSH)
    model = Request.for_instance("web-3", [rule, {"fromPort": 80, "toPort": 80, "protocol": "tcp"}])
    assert model.to_boto3() == request(SSH, {"fromPort": 80, "toPort": 80, "protocol": "tcp"}, name="web-3")


@pytest.mark.parametrize("protocol", ["TCP", "UDP", "All", "ICMP", "ICMPv6"])
def test_a_protocol_in_any_case_is_accepted_and_sent_as_written(protocol: str) -> None:
    # E33: the AWS CLI's example sends protocol=TCP; the service takes it and answers tcp.
    ports = (-1, -1) if protocol.lower().startswith("icmp") else (22, 22)
    info = {"fromPort": ports[0], "toPort": ports[1], "protocol": protocol}
    params = request(info)
    assert Request.from_boto3(params).to_boto3() == params
    assert PortInfo.from_boto3(info).is_icmp == protocol.lower().startswith("icmp")


def test_the_rules_of_a_protocol_hold_in_upper_case() -> None:
    assert refusal(request({"fromPort": -1, "toPort": 22, "protocol": "TCP"})) == [
        ("portInfos[0].fromPort", "P1_port_range")
    ]
    assert refusal(request({"fromPort": 300, "toPort": 0, "protocol": "ICMP"})) == [
        ("portInfos[0].fromPort", "P3_icmp_type_range")
    ]


def test_is_icmp() -> None:
    assert PortInfo.from_boto3(ACCEPTED["icmp_ping"]).is_icmp
    assert PortInfo.from_boto3(ACCEPTED["icmpv6_echo"]).is_icmp
    assert not PortInfo.from_boto3(ACCEPTED["all_protocols"]).is_icmp


# ---------------------------------------------------------------------------------------------------------
# Each rule broken alone
# ---------------------------------------------------------------------------------------------------------

REFUSED: list[tuple[str, dict[str, Any], str, str]] = [
    ("port_above", {"fromPort": 22, "toPort": 65536, "protocol": "tcp"}, "portInfos[1].toPort", "port"),
    ("port_below", {"fromPort": -2, "toPort": -1, "protocol": "icmp"}, "portInfos[1].fromPort", "port"),
    ("tcp_minus_one", {"fromPort": -1, "toPort": 22, "protocol": "tcp"}, "portInfos[1].fromPort", "P1_port_range"),
    ("udp_to_minus_one", {"fromPort": 5, "toPort": -1, "protocol": "udp"}, "portInfos[1].toPort", "P1_port_range"),
    ("all_minus_one", {"fromPort": -1, "toPort": 9, "protocol": "all"}, "portInfos[1].fromPort", "P1_port_range"),
    ("reversed", {"fromPort": 8080, "toPort": 80, "protocol": "tcp"}, "portInfos[1].toPort", "P2_port_order"),
    ("icmp_type", {"fromPort": 256, "toPort": 0, "protocol": "icmp"}, "portInfos[1].fromPort", "P3_icmp_type_range"),
    ("icmpv6_code", {"fromPort": 1, "toPort": 300, "protocol": "icmpv6"}, "portInfos[1].toPort", "P4_icmp_code_range"),
    (
        "every_type_one_code",
        {"fromPort": -1, "toPort": 0, "protocol": "icmp"},
        "portInfos[1].toPort",
        "P5_icmp_every_type_every_code",
    ),
    ("protocol_padded", {"fromPort": 22, "toPort": 22, "protocol": " tcp"}, "portInfos[1].protocol", "enum"),
    ("icmp6", {"fromPort": 128, "toPort": 0, "protocol": "icmp6"}, "portInfos[1].protocol", "enum"),
    ("port_as_text", {"fromPort": "22", "toPort": 22, "protocol": "tcp"}, "portInfos[1].fromPort", "type"),
    ("port_as_bool", {"fromPort": 22, "toPort": True, "protocol": "tcp"}, "portInfos[1].toPort", "type"),
    ("port_as_float", {"fromPort": 22.0, "toPort": 22, "protocol": "tcp"}, "portInfos[1].fromPort", "type"),
    ("no_protocol", {"fromPort": 22, "toPort": 22}, "portInfos[1].protocol", "required"),
    ("no_to_port", {"fromPort": 22, "protocol": "tcp"}, "portInfos[1].toPort", "required"),
    ("port_state", {**SSH, "state": "open"}, "portInfos[1].state", "unknown_member"),
    ("ipv6_in_cidrs", {**SSH, "cidrs": ["::/0"]}, "portInfos[1].cidrs[0]", "ipv4_cidr"),
    ("host_bits", {**SSH, "cidrs": ["0.0.0.0/0", "192.0.2.1/24"]}, "portInfos[1].cidrs[1]", "ipv4_cidr"),
    ("dash_range", {**SSH, "cidrs": ["192.0.2.0-192.0.2.255"]}, "portInfos[1].cidrs[0]", "ipv4_cidr"),
    ("leading_zero", {**SSH, "cidrs": ["010.0.0.1"]}, "portInfos[1].cidrs[0]", "ipv4_cidr"),
    ("netmask", {**SSH, "cidrs": ["10.0.0.0/255.0.0.0"]}, "portInfos[1].cidrs[0]", "ipv4_cidr"),
    ("cidrs_as_text", {**SSH, "cidrs": "0.0.0.0/0"}, "portInfos[1].cidrs", "type"),
    ("ipv4_in_ipv6", {**SSH, "ipv6Cidrs": ["0.0.0.0/0"]}, "portInfos[1].ipv6Cidrs[0]", "ipv6_cidr"),
    ("zone_index", {**SSH, "ipv6Cidrs": ["fe80::1%eth0"]}, "portInfos[1].ipv6Cidrs[0]", "ipv6_cidr"),
    ("ipv6_host_bits", {**SSH, "ipv6Cidrs": ["2001:db8::1/64"]}, "portInfos[1].ipv6Cidrs[0]", "ipv6_cidr"),
    ("ipv6_prefix", {**SSH, "ipv6Cidrs": ["::/129"]}, "portInfos[1].ipv6Cidrs[0]", "ipv6_cidr"),
    ("alias", {**SSH, "cidrListAliases": ["lightsail_connect"]}, "portInfos[1].cidrListAliases[0]", "enum"),
]


@pytest.mark.parametrize(("info", "path", "rule"), [case[1:] for case in REFUSED], ids=[case[0] for case in REFUSED])
def test_each_port_rule_broken_alone(info: dict[str, Any], path: str, rule: str) -> None:
    assert refusal(request(SSH, info)) == [(path, rule)]


def test_instance_name_and_missing_members() -> None:
    assert refusal(request(SSH, name="web 2")) == [("instanceName", "resource_name")]
    assert refusal({"portInfos": [SSH]}) == [("instanceName", "required")]
    assert refusal({"instanceName": "web-2"}) == [("portInfos", "required")]
    assert refusal({**request(SSH), "instanceNames": ["web-2"]}) == [("instanceNames", "unknown_member")]


def _cidrs(count: int) -> list[str]:
    return [f"10.0.{i // 256}.{i % 256}" for i in range(count)]


def _ipv6(count: int) -> list[str]:
    return [f"2001:db8::{i:x}" for i in range(1, count + 1)]


def test_sixty_sources_per_family_in_all_rules_together() -> None:
    at_limit = request({**SSH, "cidrs": _cidrs(30)}, {**SSH, "cidrs": _cidrs(30), "ipv6Cidrs": _ipv6(60)})
    assert Request.from_boto3(at_limit).to_boto3() == at_limit
    over_v4 = request({**SSH, "cidrs": _cidrs(30)}, {**SSH, "cidrs": _cidrs(31)})
    assert refusal(over_v4) == [("portInfos", "P6_ipv4_source_count")]
    over_v6 = request({**SSH, "ipv6Cidrs": _ipv6(61)})
    assert refusal(over_v6) == [("portInfos", "P7_ipv6_source_count")]


def test_exact_issues_for_a_file_with_several_mistakes() -> None:
    params = request(
        {"fromPort": 443, "toPort": 80, "protocol": "tcp"},
        {"fromPort": -1, "toPort": 3, "protocol": "icmp", "cidrs": ["::/0"]},
    )
    with pytest.raises(RequestValidationError) as caught:
        Request.from_boto3(params)
    assert list(caught.value.issues) == [
        Issue(
            "portInfos[0].toPort",
            "P2_port_order",
            "must not be below fromPort: the rule opens the ports fromPort to toPort",
        ),
        Issue(
            "portInfos[1].cidrs[0]",
            "ipv4_cidr",
            "must be an IPv4 address such as 192.0.2.44 or a CIDR block such as 192.0.2.0/24, with no bits set "
            "after the prefix; IPv6 sources go in ipv6Cidrs",
        ),
    ]


def test_issues_never_carry_the_input() -> None:
    secret_looking = "203.0.113.99/17-hunter2"
    params = request({**SSH, "cidrs": [secret_looking], "ipv6Cidrs": ["hunter2::"], "protocol": "hunter2"})
    with pytest.raises(RequestValidationError) as caught:
        Request.from_boto3(params)
    assert "hunter2" not in str(caught.value)
    assert all("hunter2" not in issue.message for issue in caught.value.issues)
    with pytest.raises(ValidationError) as raw:
        Request.model_validate(params)
    assert "hunter2" not in str(raw.value)
    assert all(error.get("input") is None for error in raw.value.errors())


def test_a_valid_port_info_is_refused_as_a_request_shape_of_its_own() -> None:
    with pytest.raises(RequestValidationError) as caught:
        PortInfo.from_boto3({"fromPort": 80, "toPort": 22, "protocol": "udp"})
    assert caught.value.rules == ("P2_port_order",)
    assert caught.value.paths == ("toPort",)


# ---------------------------------------------------------------------------------------------------------
# GetInstancePortStates entries, and the ports file
# ---------------------------------------------------------------------------------------------------------


def test_from_port_state_drops_the_read_only_state() -> None:
    # aws-cli get-instance-port-states.rst, plus the source lists a newer answer carries (E8)
    state = {"fromPort": 80, "toPort": 80, "protocol": "tcp", "state": "open", "cidrs": ["0.0.0.0/0"]}
    assert PortInfo.from_port_state(state).to_boto3() == {
        "fromPort": 80,
        "toPort": 80,
        "protocol": "tcp",
        "cidrs": ["0.0.0.0/0"],
    }
    with pytest.raises(RequestValidationError) as caught:
        PortInfo.from_port_state({**state, "toPort": 8})
    assert caught.value.paths == ("toPort",)


PORTS_JSON = """{"portInfos": [
  {"fromPort": 22, "toPort": 22, "protocol": "tcp", "cidrs": ["203.0.113.7/32"]},
  {"fromPort": 8, "toPort": -1, "protocol": "icmp"}
]}"""

PORTS_YAML = """
- fromPort: 22
  toPort: 22
  protocol: tcp
  cidrs: [203.0.113.7/32]
- {fromPort: 8, toPort: -1, protocol: icmp}
"""


def test_ports_file_as_json_object_or_yaml_list() -> None:
    from_json = parse_port_infos(json.loads(PORTS_JSON))
    from_yaml = parse_port_infos(yaml.safe_load(PORTS_YAML))
    assert from_json == from_yaml
    assert [info.to_boto3() for info in from_json] == json.loads(PORTS_JSON)["portInfos"]
    assert parse_port_infos([]) == ()


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ("tcp:22", [("", "type")]),
        (None, [("", "type")]),
        ({"portInfos": [SSH], "instanceName": "web-1"}, [("instanceName", "unknown_member")]),
        ({"ports": [SSH]}, [("portInfos", "required"), ("ports", "unknown_member")]),
        ([SSH, {"fromPort": "22", "toPort": 22, "protocol": "tcp"}], [("portInfos[1].fromPort", "type")]),
        ([{**SSH, "cidrs": _cidrs(61)}], [("portInfos", "P6_ipv4_source_count")]),
    ],
)
def test_ports_file_refusals_name_the_path(data: object, expected: list[tuple[str, str]]) -> None:
    with pytest.raises(RequestValidationError) as caught:
        parse_port_infos(data)
    assert [(issue.path, issue.rule) for issue in caught.value.issues] == expected


def test_yaml_quoted_port_is_a_type_error_not_a_silent_conversion() -> None:
    data = yaml.safe_load("- {fromPort: '22', toPort: 22, protocol: tcp}")
    with pytest.raises(RequestValidationError) as caught:
        parse_port_infos(data)
    assert caught.value.paths == ("portInfos[0].fromPort",)
