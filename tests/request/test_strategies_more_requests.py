"""The strategies of the cut-over and copy requests: what they generate is accepted, and they reach every rule."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import Phase, find, given, settings
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument
from pydantic import TypeAdapter

from lightsail_restore.request._copy import COPY_SNAPSHOT_RULES, LightsailRegion
from lightsail_restore.request._ports import (
    ICMP_PROTOCOLS,
    MAX_SOURCES_PER_FAMILY,
    PORT_INFO_RULES,
    PUT_INSTANCE_PUBLIC_PORTS_RULES,
    Ipv4Cidr,
    Ipv6Cidr,
    PortInfo,
)
from lightsail_restore.testing import _copy as lcopy
from lightsail_restore.testing import _ports as lports
from lightsail_restore.testing import _static_ip as lstatic
from lightsail_restore.testing.strategies import InvalidInput

FAST = settings(max_examples=300, phases=[Phase.generate], database=None)

SCALARS = {
    "ipv4_sources": (lports.ipv4_sources(), Ipv4Cidr),
    "ipv6_sources": (lports.ipv6_sources(), Ipv6Cidr),
    "lightsail_region_names": (lcopy.lightsail_region_names(), LightsailRegion),
}


@pytest.mark.parametrize(("strategy", "annotation"), list(SCALARS.values()), ids=list(SCALARS))
def test_every_generated_scalar_validates_and_is_kept_as_written(
    strategy: st.SearchStrategy[str], annotation: Any
) -> None:
    adapter: TypeAdapter[str] = TypeAdapter(annotation)

    @given(strategy)
    def check(value: str) -> None:
        assert adapter.validate_python(value) == value

    check()


@given(lports.port_infos(protocols=ICMP_PROTOCOLS))
def test_protocols_argument_is_respected(info: PortInfo) -> None:
    assert info.is_icmp
    assert -1 <= info.from_port <= 255
    assert -1 <= info.to_port <= 255


@pytest.mark.parametrize("member", ["cidrs", "ipv6Cidrs", "cidrListAliases"])
@pytest.mark.parametrize("shape", ["absent", "empty", "filled"])
def test_each_source_list_is_generated_absent_empty_and_filled(member: str, shape: str) -> None:
    def matches(info: Any) -> bool:
        value = info.get(member)
        return {"absent": value is None, "empty": bool(value == []), "filled": bool(value)}[shape]

    assert matches(find(lports.port_info_dicts(), matches, settings=FAST))


@pytest.mark.parametrize(
    "condition",
    [
        lambda p: p["portInfos"] == [],
        lambda p: sum(len(i.get("cidrs", [])) for i in p["portInfos"]) == MAX_SOURCES_PER_FAMILY,
        lambda p: len(p["portInfos"]) >= 5,
    ],
    ids=["no_rule", "at_the_source_limit", "many_rules"],
)
def test_firewalls_reach_the_edges(condition: Callable[[Any], bool]) -> None:
    assert condition(find(lports.put_instance_public_ports_params(), condition, settings=FAST))


@pytest.mark.parametrize("source", lcopy.COPY_SOURCES)
def test_copy_source_is_respected(source: Any) -> None:
    @given(lcopy.copy_snapshot_requests(source=source))
    def check(request: Any) -> None:
        assert request.source == source

    check()


def test_invalid_rules_cover_every_check() -> None:
    port_checks = {check.rule for check in PORT_INFO_RULES} | {check.rule for check in PUT_INSTANCE_PUBLIC_PORTS_RULES}
    assert port_checks <= set(lports.PORTS_INVALID_INPUT_RULES)
    assert {check.rule for check in COPY_SNAPSHOT_RULES} <= set(lcopy.COPY_INVALID_INPUT_RULES)
    for rules in (lports.PORTS_INVALID_INPUT_RULES, lcopy.COPY_INVALID_INPUT_RULES, lstatic.STATIC_IP_FIELD_RULES):
        assert len(set(rules)) == len(rules)


BREAKABLE = [
    *((lports.invalid_put_instance_public_ports_inputs, rule) for rule in lports.PORTS_INVALID_INPUT_RULES),
    *((lcopy.invalid_copy_snapshot_inputs, rule) for rule in lcopy.COPY_INVALID_INPUT_RULES),
    *((lstatic.invalid_attach_static_ip_inputs, rule) for rule in lstatic.STATIC_IP_FIELD_RULES),
    *((lstatic.invalid_detach_static_ip_inputs, rule) for rule in lstatic.STATIC_IP_FIELD_RULES),
]


@pytest.mark.parametrize(("make", "rule_id"), BREAKABLE, ids=[f"{make.__name__}-{rule}" for make, rule in BREAKABLE])
def test_the_invalid_strategy_can_break_each_rule(
    make: Callable[..., st.SearchStrategy[InvalidInput]], rule_id: str
) -> None:
    found = find(make(rules=[rule_id]), lambda _: True, settings=FAST)
    assert found.rule == rule_id


@pytest.mark.parametrize(
    "make",
    [
        lambda: lports.port_info_dicts(protocols=[]),
        lambda: lports.port_info_dicts(protocols=["ssh"]),
        lambda: lports.put_instance_public_ports_params(min_rules=-1),
        lambda: lports.put_instance_public_ports_params(max_rules=9),
        lambda: lports.put_instance_public_ports_requests(min_rules=3, max_rules=2),
        lambda: lports.invalid_put_instance_public_ports_inputs(rules=[]),
        lambda: lports.invalid_put_instance_public_ports_inputs(rules=["X1_exclusive_source"]),
        lambda: lcopy.copy_snapshot_params(source="copy"),  # type: ignore[arg-type]
        lambda: lcopy.copy_snapshot_requests(source="manual-ish"),  # type: ignore[arg-type]
        lambda: lcopy.invalid_copy_snapshot_inputs(rules=["P1_port_range"]),
        lambda: lstatic.invalid_attach_static_ip_inputs(rules=["enum"]),
        lambda: lstatic.invalid_detach_static_ip_inputs(rules=[]),
    ],
)
def test_bad_arguments_raise_invalid_argument(make: Callable[[], object]) -> None:
    with pytest.raises(InvalidArgument):
        make()
