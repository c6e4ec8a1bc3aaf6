"""A step that owns its options: the step names their builder (``Step.options``), ``CutOver.of`` builds them.

The readiness gate is such a step: ``health_checks`` goes to ``ReadyGate.of`` by its signature, the value lands in
``CutOver.parts`` under the step's name, and the step reads it back by its type. ``restore/_cutover.py`` names no
step's options of this kind.
"""

from __future__ import annotations

import ast
import inspect
from pathlib import Path

import pytest

from lightsail_restore import RequestValidationError
from lightsail_restore.request._health import parse_health_checks
from lightsail_restore.restore import _cutover as cutover
from lightsail_restore.restore._cutover import CutOver
from lightsail_restore.restore._run import STEPS
from lightsail_restore.restore._steps.alarms import CopyAlarms
from lightsail_restore.restore._steps.ready import ReadyGate
from lightsail_restore.restore._steps.retire import Retire


def test_the_gate_is_built_by_its_step_and_found_by_its_type() -> None:
    cut_over = CutOver.of(health_checks=["tcp:22"], static_ip="web-ip", move_static_ip=True)
    gate = cut_over.part(ReadyGate)
    assert gate == ReadyGate(parse_health_checks(["tcp:22"]), status_checks=True)
    owned = {"ready": gate, "alarms": CopyAlarms(), "retire": Retire()}
    assert cut_over.parts == owned and cut_over.asks  # every step that owns options
    assert CutOver.of(retire_source=True).part(ReadyGate).status_checks  # deleting the source implies it too
    assert CutOver.of(static_ip="web-ip", move_static_ip=True).part(ReadyGate).status_checks  # the move implies it


def test_no_options_means_each_step_s_default() -> None:
    assert CutOver().part(ReadyGate) == ReadyGate() and not CutOver().asks
    assert not CutOver.of().asks and CutOver.of().part(ReadyGate) == ReadyGate()


def test_a_step_s_broken_option_is_an_issue_of_the_cut_over_with_the_others() -> None:
    with pytest.raises(RequestValidationError) as refused:
        CutOver.of(health_checks=["tcp:0"], move_static_ip=True)
    assert [(i.path, i.rule) for i in refused.value.issues] == [
        ("staticIpName", "move_needs_static_ip"),
        ("healthChecks[0].port", "port_range"),
    ]


def test_a_keyword_no_step_takes_is_refused() -> None:
    with pytest.raises(TypeError, match="no step takes: health_check"):
        CutOver.of(health_check=["tcp:22"])


def test_the_steps_that_own_options_say_so_in_the_list_and_cutover_names_none_of_them() -> None:
    owners = {step.name: step.options for step in STEPS if step.options is not None}
    assert owners == {"ready": ReadyGate.of, "alarms": CopyAlarms.of, "retire": Retire.of}
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
