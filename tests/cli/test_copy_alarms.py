"""``--copy-alarms`` on ``plan``, ``restore`` and ``drill``: one row of ``STEP_FLAGS``, the library's words in flags."""

from __future__ import annotations

from pathlib import Path

from lightsail_restore.cli._flags import PARAM_FLAGS, STEP_FLAGS
from lightsail_restore.cli._local import local_clock
from lightsail_restore.local import LocalLightsail

from .conftest import Run, step_flag_refusals

WHERE = ["--availability-zone", "us-east-2a", "--bundle-id", "micro_3_0", "--instance-snapshot-name", "web-1-snap"]
CPU = {
    "alarmName": "web-1-cpu",
    "metricName": "CPUUtilization",
    "monitoredResourceName": "web-1",
    "comparisonOperator": "GreaterThanOrEqualToThreshold",
    "threshold": 90.0,
    "evaluationPeriods": 3,
}


def _lightsail(state: Path) -> object:
    return LocalLightsail.from_file(state, local_clock(state)).client()


def _watch_web_1(state: Path) -> None:
    _lightsail(state).put_alarm(**CPU)  # type: ignore[attr-defined]


def test_the_flag_is_one_row_of_the_step_table() -> None:
    row = next(r for r in STEP_FLAGS if r.param == "copy_alarms")
    assert (row.flag, row.metavar, PARAM_FLAGS["copy_alarms"]) == ("--copy-alarms", "", "--copy-alarms")


def test_restore_copies_the_alarm_and_a_rerun_leaves_it(run: Run, state: Path) -> None:
    _watch_web_1(state)
    plan = run("plan", "--copy-alarms", "--instance-names", "web-2", *WHERE)
    assert plan.code == 0, plan.err
    assert "--copy-alarms puts 1 of web-1's alarms on web-2: web-2-cpu (CPUUtilization" in plan.out
    done = run("--output", "json", "restore", "--copy-alarms", "--instance-names", "web-2", *WHERE)
    assert done.code == 0, done.err
    steps = done.steps()
    assert steps["alarms"] == ("done", "web-1's alarms put: web-2-cpu")
    alarm = _lightsail(state).get_alarms(alarmName="web-2-cpu")["alarms"][0]  # type: ignore[attr-defined]
    assert alarm["monitoredResourceInfo"]["name"] == "web-2" and alarm["threshold"] == 90.0
    again = run("restore", "--copy-alarms", "--instance-names", "web-2", *WHERE)
    assert again.code == 0 and "alarms: skipped: already there: web-2-cpu" in again.out


def test_a_retire_without_the_flag_is_warned_in_flags(run: Run, state: Path) -> None:
    _watch_web_1(state)
    plan = run("plan", "--retire-source", "--instance-names", "web-2", *WHERE)
    assert plan.code == 0, plan.err
    assert "whose alarms (web-1-cpu) watch no new instance: give --copy-alarms to put them on web-2" in plan.out
    assert "[alarms_not_copied]" in plan.out and "copy_alarms" not in plan.out.replace("[copy_alarms]", "")


def test_refusals_name_the_flag(run: Run, state: Path) -> None:
    no_wait, replace, drill = step_flag_refusals(run, "--copy-alarms", *WHERE)
    assert no_wait.code == 2 and "--no-wait" in no_wait.err
    assert replace.code != 0 and "--copy-alarms reads the source's alarms" in replace.out + replace.err
    assert drill.code == 2 and "--copy-alarms" in drill.err and "a drill puts no alarms" in drill.err
