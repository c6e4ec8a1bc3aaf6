"""A step that owns its options: the step names their builder (``Step.options``), built once from the keywords.

Every step that has options owns them: ``copy_ports``/``ports`` go to ``Ports.of``, ``health_checks`` to
``ReadyGate.of``, ``static_ip``/``move_static_ip`` to ``StaticIp.of`` by their signatures; the value lands in
``CutOver.parts`` under the step's name, and the step reads it back by its type. A step up to the create rides in
``PlanOptions.parts`` instead (the create step's ``fallback_zones``: ``Zones``). ``restore/_cutover.py`` names no
step's options.
"""

from __future__ import annotations

import ast
import inspect
from pathlib import Path

import pytest

from lightsail_restore import PortInfo, RequestValidationError
from lightsail_restore._options import PlanOptions
from lightsail_restore.request._health import parse_health_checks
from lightsail_restore.restore import _cutover as cutover
from lightsail_restore.restore._cutover import CutOver
from lightsail_restore.restore._parts import plan_parts
from lightsail_restore.restore._run import STEPS
from lightsail_restore.restore._steps.alarms import CopyAlarms
from lightsail_restore.restore._steps.load_balancers import JoinLoadBalancers
from lightsail_restore.restore._steps.ports import Ports
from lightsail_restore.restore._steps.ready import ReadyGate
from lightsail_restore.restore._steps.retire import Retire
from lightsail_restore.restore._steps.static_ip import StaticIp
from lightsail_restore.restore._steps.zones import Zones


def test_the_gate_is_built_by_its_step_and_found_by_its_type() -> None:
    cut_over = CutOver.of(health_checks=["tcp:22"], static_ip="web-ip", move_static_ip=True)
    gate = cut_over.part(ReadyGate)
    assert gate == ReadyGate(parse_health_checks(["tcp:22"]), status_checks=True)
    moved = StaticIp("web-ip", move_static_ip=True)
    owned = {
        "ports": Ports(),
        "ready": gate,
        "alarms": CopyAlarms(),
        "load-balancers": JoinLoadBalancers(),
        "static-ip": moved,
        "retire": Retire(),
    }
    assert cut_over.parts == owned  # each owner
    assert cut_over.part(StaticIp) == moved and cut_over.asks
    assert CutOver.of(retire_source=True).part(ReadyGate).status_checks  # deleting the source implies it too
    assert CutOver.of(static_ip="web-ip", move_static_ip=True).part(ReadyGate).status_checks  # the move implies it


def test_the_ports_and_the_static_ip_are_their_steps_parts() -> None:
    rule = {"fromPort": 22, "toPort": 22, "protocol": "tcp"}
    ports = CutOver.of(ports=[rule]).part(Ports)
    assert ports == Ports(ports=(PortInfo.model_validate(rule),)) and ports.asks
    assert CutOver.of(ports=[]).part(Ports).asks  # an empty list closes every port: still asked
    assert CutOver.of(copy_ports=True).part(Ports) == Ports(copy_ports=True)
    assert CutOver.of(static_ip="web-ip").part(StaticIp).asks and not CutOver.of().part(StaticIp).asks
    assert not CutOver.of(move_static_ip=False).asks


def test_no_options_means_each_step_s_default() -> None:
    assert CutOver().part(ReadyGate) == ReadyGate() and not CutOver().asks
    assert not CutOver.of().asks and CutOver.of().part(ReadyGate) == ReadyGate()
    assert CutOver().part(Ports) == Ports() and CutOver().part(StaticIp) == StaticIp()
    assert PlanOptions().part(Zones) == Zones() and plan_parts() == {"create": Zones()}


def test_a_step_s_broken_option_is_an_issue_of_the_cut_over_with_the_others() -> None:
    """Every step's issues together, in the steps' order (ports, ready, static-ip)."""
    with pytest.raises(RequestValidationError) as refused:
        CutOver.of(health_checks=["tcp:0"], move_static_ip=True, copy_ports=True, ports=[])
    assert [(i.path, i.rule) for i in refused.value.issues] == [
        ("portInfos", "ports_exclusive"),
        ("healthChecks[0].port", "port_range"),
        ("staticIpName", "move_needs_static_ip"),
    ]


def test_a_keyword_no_step_takes_is_refused() -> None:
    with pytest.raises(TypeError, match="no step takes: health_check"):
        CutOver.of(health_check=["tcp:22"])
    with pytest.raises(TypeError, match="no step takes: fallback_zones"):
        CutOver.of(fallback_zones=["us-east-2b"])  # the create step's: it rides in the plan's options
    with pytest.raises(TypeError, match="no step takes: copy_ports"):
        plan_parts(copy_ports=True)


def test_a_step_up_to_the_create_owns_its_options_in_the_plan_s() -> None:
    """The create step's ``fallback_zones``: built by ``Zones.of``, read back from ``PlanOptions`` by its type."""
    options = PlanOptions(parts=plan_parts(fallback_zones=["us-east-2b"]))
    assert options.part(Zones) == Zones(("us-east-2b",)) and PlanOptions(parts=plan_parts(fallback_zones="any"))
    with pytest.raises(RequestValidationError) as refused:
        options.check_with(check=False)  # it needs the plan, not the wait
    assert [(i.path, i.rule, i.params) for i in refused.value.issues] == [
        ("fallback_zones", "fallback_zones_plan", ("fallback_zones", "check=False"))
    ]
    options.check_with(check=True)
    assert not CutOver.of().asks  # nothing of it makes the cut-over ask for the wait
    with pytest.raises(RequestValidationError, match="fallback_zones_type"):
        plan_parts(fallback_zones="us-east-2b")


def test_the_steps_that_own_options_say_so_in_the_list_and_cutover_names_none_of_them() -> None:
    owners = {step.name: (step.options, step.options_in) for step in STEPS if step.options is not None}
    assert owners == {
        "create": (Zones.of, "plan"),
        "ports": (Ports.of, "cut_over"),
        "ready": (ReadyGate.of, "cut_over"),
        "alarms": (CopyAlarms.of, "cut_over"),
        "load-balancers": (JoinLoadBalancers.of, "cut_over"),
        "static-ip": (StaticIp.of, "cut_over"),
        "retire": (Retire.of, "cut_over"),
    }
    ready_takes = {"health_checks", "move_static_ip", "retire_source", "replace_source"}
    assert set(inspect.signature(ReadyGate.of).parameters) == ready_takes
    assert set(inspect.signature(Retire.of).parameters) == {
        "retire_source",
        "replace_source",
        "no_final_snapshot",
        "confirm",
    }
    tree = ast.parse(Path(str(cutover.__file__)).read_text(encoding="utf-8"))
    imported = [node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)]
    assert [module for module in imported if "_steps" in module] == []
    names = {node.id for node in ast.walk(tree) if isinstance(node, ast.Name)}
    assert names.isdisjoint({"copy_ports", "ports", "static_ip", "move_static_ip", "health_checks"})


def test_a_switch_that_is_not_a_bool_is_named_by_its_step() -> None:
    """Callers outside mypy pass anything: each step refuses its own switches that are not ``True``/``False``."""
    with pytest.raises(RequestValidationError) as refused:
        CutOver.of(copy_ports="yes", move_static_ip=1, retire_source="no", static_ip="web-ip")
    assert [(i.path, i.rule) for i in refused.value.issues] == [
        ("copy_ports", "type"),
        ("move_static_ip", "type"),
        ("retire_source", "type"),
    ]
