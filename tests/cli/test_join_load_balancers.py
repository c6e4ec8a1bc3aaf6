"""``--join-load-balancers`` on ``plan``, ``restore`` and ``drill``: one row of ``STEP_FLAGS``, said in flags."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from lightsail_restore.cli._flags import PARAM_FLAGS, STEP_FLAGS
from lightsail_restore.cli._local import local_clock
from lightsail_restore.local import LocalLightsail

from .conftest import Run, step_flag_refusals

FLAG_AND_RETIRE = ("--join-load-balancers", "--retire-source")
WHERE = ["--availability-zone", "us-east-2a", "--bundle-id", "micro_3_0", "--instance-snapshot-name", "web-1-snap"]


def _lightsail(state: Path) -> Any:
    return LocalLightsail.from_file(state, local_clock(state)).client()


def _behind_web_lb(state: Path) -> None:
    lightsail = _lightsail(state)
    lightsail.create_load_balancer(loadBalancerName="web-lb", instancePort=80)
    lightsail.attach_instances_to_load_balancer(loadBalancerName="web-lb", instanceNames=["web-1"])


def _members(state: Path) -> set[str]:
    [balancer] = _lightsail(state).get_load_balancers()["loadBalancers"]
    return {h["instanceName"] for h in balancer["instanceHealthSummary"]}


def test_the_flag_is_one_row_of_the_step_table() -> None:
    row = next(r for r in STEP_FLAGS if r.param == "join_load_balancers")
    assert (row.flag, row.metavar, row.members) == ("--join-load-balancers", "", ("loadBalancerName",))
    assert PARAM_FLAGS["join_load_balancers"] == PARAM_FLAGS["loadBalancerName"] == "--join-load-balancers"


def test_the_plan_says_it_in_flags_and_a_retire_without_the_flag_is_warned(run: Run, state: Path) -> None:
    _behind_web_lb(state)
    joins, retires = (run("plan", flag, "--instance-names", "web-2", *WHERE) for flag in FLAG_AND_RETIRE)
    assert (joins.code, retires.code) == (0, 0), joins.err + retires.err
    assert "--join-load-balancers attaches web-2 to web-lb; once web-2 runs" in joins.out
    assert "web-1 stays attached to web-lb: --join-load-balancers detaches nothing" in joins.out
    assert "web-2 will not get their traffic: give --join-load-balancers to attach web-2 to them" in retires.out
    assert "[load_balancers_not_joined]" in retires.out and "join_load_balancers" not in retires.out


def test_restore_joins_the_load_balancer_and_a_rerun_leaves_it(run: Run, state: Path) -> None:
    _behind_web_lb(state)
    done = run("--output", "json", "restore", "--join-load-balancers", "--instance-names", "web-2", *WHERE)
    assert (done.code, done.steps()["load-balancers"]) == (0, ("done", "web-2 attached to web-lb")), done.err
    assert _members(state) == {"web-1", "web-2"}
    again = run("restore", "--join-load-balancers", "--instance-names", "web-2", *WHERE)
    assert again.code == 0 and "load-balancers: skipped: already attached to web-lb" in again.out


def test_a_refused_attach_exits_1_and_refusals_name_the_flag(run: Run, state: Path) -> None:
    _behind_web_lb(state)
    LocalLightsail.from_file(state, local_clock(state)).deny_access("AttachInstancesToLoadBalancer")
    failed = run("restore", "--join-load-balancers", "--instance-names", "web-2", *WHERE)
    assert failed.code == 1 and "lightsail:AttachInstancesToLoadBalancer" in failed.out + failed.err
    no_wait, replace, drill = step_flag_refusals(run, "--join-load-balancers", *WHERE)
    assert no_wait.code == 2 and "--no-wait" in no_wait.err
    assert replace.code != 0 and "--join-load-balancers reads which load balancers" in replace.out + replace.err
    assert drill.code == 2 and "--join-load-balancers" in drill.err and "a drill joins no load balancer" in drill.err


def test_an_interrupted_run_lists_the_attach_by_the_names_it_was_sent_with() -> None:
    """No line for the step in ``cli/_interrupts.py``: the watch keeps every write's names, and only those."""
    from lightsail_restore.cli._interrupts import CreateWatch, writes_left

    boto = LocalLightsail.demo().client()
    boto.create_load_balancer(loadBalancerName="web-lb", instancePort=80)
    watch = CreateWatch(boto)
    boto.get_load_balancers()
    boto.attach_instances_to_load_balancer(loadBalancerName="web-lb", instanceNames=["web-1"])
    said, _, _ = writes_left(watch.writes)
    assert said == ["sent for loadBalancerName web-lb, instanceNames web-1 (AttachInstancesToLoadBalancer)"]
