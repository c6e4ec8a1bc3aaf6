"""Exit codes: 2 refused before sending (every problem by AWS name and rule), 1 AWS refused or an instance
failed or timed out; never a Python traceback."""

from __future__ import annotations

import shlex
from pathlib import Path

import pytest

from lightsail_restore.local import LocalLightsail, Timings

from .conftest import SNAP, Run


def no_traceback(text: str) -> bool:
    return "Traceback" not in text and 'File "' not in text


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        ([], "the following arguments are required: COMMAND"),
        (["restor"], "invalid choice: 'restor'"),
        (["restore", "--instance-namez", "x"], "unrecognized arguments: --instance-namez x"),
        (["restore", "--timeout", "soon"], "argument --timeout: not a number: 'soon'"),
        (["restore", "--timeout", "-5"], "argument --timeout: must be a finite number of seconds above 0"),
        (["restore", "--timeout", "inf"], "argument --timeout: must be a finite number of seconds above 0"),
        (["restore", "--timeout", "nan"], "argument --timeout: must be a finite number of seconds above 0"),
        (["plan", "--add-ons", "{nope"], "argument --add-ons: is not valid JSON"),
        (["plan", "--add-ons", "addOnType=[x"], "argument --add-ons: takes JSON or shorthand"),
        (["plan", "--attached-disk-mapping", "file:///no/such/file"], "argument --attached-disk-mapping: cannot read"),
        (["plan", "--tags", "key=a,key=b"], "argument --tags: takes JSON or shorthand"),
        (["plan", "--output", "xml"], "argument --output: invalid choice: 'xml'"),
        (["plan", "--bundle-ids", "x"], "unrecognized arguments: --bundle-ids x; did you mean --bundle-id?"),
        (["plan", "--instance", "x"], "ambiguous option: --instance could match"),
        (["plan", "--tags", "key=a", "--tags", "key=b"], "argument --tags: given twice"),
        (["--region", "us-east-2", "plan", "--region", "us-east-2"], "argument --region: given twice"),
        (["restore", "--wait", "--no-wait"], "argument --no-wait: given twice (as --wait too)"),
        (["local", "wipe"], "argument ACTION: invalid choice: 'wipe'"),
        (["restor"], "invalid choice: 'restor' (choose from"),
        (["restor"], "; did you mean 'restore'?"),
        (["plan", "--instance-quota", "0"], "argument --instance-quota: must be a positive whole number"),
        (["local", "reset", "--boot-seconds", "0"], "argument --boot-seconds: must be a finite number of seconds"),
        (["local", "reset", "--boot-seconds", "inf"], "argument --boot-seconds: must be a finite number of seconds"),
        (["local", "reset", "--operation-seconds", "nan"], "argument --operation-seconds: must be a finite"),
        (["local", "reset", "--operation-seconds", "-1"], "argument --operation-seconds: must be a finite"),
    ],
)
def test_bad_flags_exit_2_with_usage(run: Run, argv: list[str], message: str) -> None:
    result = run(*argv)
    assert result.code == 2
    assert message in result.err
    assert "usage: lightsail-restore" in result.err
    assert result.out == ""
    assert no_traceback(result.err)


def test_rule_violations_exit_2_listing_every_problem(run: Run) -> None:
    result = run(
        "restore",
        "--instance-names",
        "web-2",
        *SNAP,
        "--source-instance-name",
        "web-1",
        "--restore-date",
        "2026/11/20",
        "--ip-address-type",
        "ipv5",
        "--tags",
        "key=aws:team,value=x",
        "--add-ons",
        '[{"addOnType": "AutoSnapshot", "autoSnapshotAddOnRequest": {"snapshotTimeOfDay": "06:30"}}]',
    )
    assert result.code == 2
    assert "nothing was sent" in result.err
    for where, rule in [
        ("--restore-date", "restore_date"),
        ("--ip-address-type", "enum"),
        ("--tags (tags[0].key)", "tag_reserved_prefix"),
        ("--add-ons (addOns[0].autoSnapshotAddOnRequest.snapshotTimeOfDay)", "time_of_day"),
    ]:
        assert f"  {where}: " in result.err and f"[{rule}]" in result.err, (where, rule, result.err)
    assert result.out == ""
    assert no_traceback(result.err)


def test_cross_field_rule_exit_2(run: Run) -> None:
    result = run("plan", "--instance-names", "web-2", *SNAP, "--source-instance-name", "web-1")
    assert result.code == 2
    assert "[X1_" in result.err  # a snapshot name and a source instance together


def test_rule_violations_json(run: Run) -> None:
    result = run("--output", "json", "plan", "--instance-names", "web-2", *SNAP, "--ip-address-type", "ipv5")
    assert result.code == 2
    document = result.json()
    assert document["refused"] == [
        {
            "flag": "--ip-address-type",
            "path": "ipAddressType",
            "rule": "enum",
            "message": "must be 'dualstack', 'ipv4' or 'ipv6'",
        }
    ]
    assert (document["ok"], document["refusedBy"], document["sent"]) == (False, "request", False)
    assert document["backend"]["kind"] == "local"
    assert "--ip-address-type: must be" in result.err


def test_zone_outside_the_region_exit_2(run: Run) -> None:
    result = run("plan", "--instance-names", "web-2", *SNAP, "--region", "us-west-2")
    assert result.code == 2
    assert "--availability-zone: us-east-2a is a zone of us-east-2, and this command works in us-west-2" in result.err
    assert "give --region us-east-2" in result.err and "[X11_zone_in_client_region]" in result.err


@pytest.mark.parametrize("command", ["plan", "restore"])
def test_plan_errors_exit_2_listing_findings(run: Run, command: str) -> None:
    result = run(
        command,
        "--instance-names",
        "web-1",
        "--availability-zone",
        "us-east-2a",
        "--bundle-id",
        "nano_3_0",
        "--instance-snapshot-name",
        "web-1-snap",
        "--key-pair-name",
        "no-such-key",
    )
    assert result.code == 2
    for rule in ("X6_bundle_too_small", "X12_name_in_use"):
        assert f"[{rule}]" in result.err
    assert "  --key-pair-name: " in result.err
    assert "refused by the plan (4 problems); nothing was created on local Lightsail us-east-2" in result.err
    assert "would create" not in result.out
    assert no_traceback(result.err)


def test_plan_errors_json(run: Run) -> None:
    result = run("--output", "json", "restore", "--instance-names", "web-1", *SNAP)
    assert result.code == 2
    refusal = result.json()
    assert (refusal["ok"], refusal["refusedBy"]) == (False, "plan")  # the one shape of a refusal
    assert [(p["flag"], p["path"], p["rule"]) for p in refusal["refused"]] == [
        ("--instance-names", "instanceNames[0]", "X12_name_in_use")
    ]
    assert refusal["plan"]["source"]["name"] == "web-1-snap"  # what the plan found, for the curious
    assert "[X12_name_in_use]" in result.err


def test_aws_refusal_exit_1_with_message_and_request_id(run: Run) -> None:
    # --no-check skips the plan, so the name in use reaches the (local) service, which refuses it as AWS does.
    result = run("restore", "--no-check", "--instance-names", "web-1", *SNAP)
    assert result.code == 1
    assert "local Lightsail refused: InvalidInputException: Some names are already in use: web-1" in result.err
    assert "AWS refused" not in result.err
    assert "  tip: " not in result.err  # Lightsail sends no tip with NameExists (E20)
    assert "  request id: " in result.err
    assert no_traceback(result.err)


def test_aws_refusal_json(run: Run) -> None:
    result = run(
        "--output",
        "json",
        "restore",
        "--no-check",
        "--instance-names",
        "web-9",
        "--availability-zone",
        "us-east-2a",
        "--bundle-id",
        "micro_3_0",
        "--instance-snapshot-name",
        "no-such-snap",
    )
    assert result.code == 1
    error = result.json()["error"]
    assert error["errorCode"] == "NotFoundException"
    assert error["by"] == "local"
    assert "no-such-snap" in error["message"]
    assert error["code"] == "DoesNotExist" and error["tip"] is None and error["requestId"]
    assert "request id: " + error["requestId"] in result.err


def test_unknown_operation_id_exit_1(run: Run) -> None:
    result = run("wait", "--operation-ids", "00000000-0000-0000-0000-000000000000")
    assert result.code == 1
    assert "local Lightsail refused: " in result.err
    assert no_traceback(result.err)


def test_wait_needs_names_or_ids(run: Run) -> None:
    result = run("wait")
    assert result.code == 2
    assert "wait needs --instance-names or --operation-ids" in result.err
    assert run("--output", "json", "wait").json()["refused"][0]["rule"] == "usage"


def test_failed_instance_exit_1_and_the_others_reported(run: Run, state: Path) -> None:
    LocalLightsail.from_file(state).fail_operation("web-3", error_code="InternalError", error_details="disk fault")
    result = run("restore", "--instance-names", "web-2", "web-3", *SNAP)
    assert result.code == 1
    rows = {line.split()[0]: line for line in result.out.splitlines()[2:4]}
    assert "succeeded" in rows["web-2"]
    assert "failed" in rows["web-3"] and "InternalError: disk fault" in rows["web-3"]
    assert "lightsail-restore: web-3 failed: InternalError: disk fault" in result.err
    assert no_traceback(result.err)


def test_failed_instance_json(run: Run, state: Path) -> None:
    LocalLightsail.from_file(state).fail_operation("web-2", error_details="no capacity")
    result = run("--output", "json", "restore", "--instance-names", "web-2", *SNAP)
    assert result.code == 1
    outcome = result.json()
    assert outcome["ok"] is False
    [instance] = outcome["instances"]
    assert (instance["status"], instance["errorDetails"]) == ("failed", "no capacity")


def test_timeout_exit_1_then_wait_goes_on(run: Run, state: Path) -> None:
    LocalLightsail.from_file(state).timings = Timings(operation_seconds=0.2, boot_seconds=1.5)
    result = run("restore", "--timeout", "0.3", "--instance-names", "web-2", *SNAP)
    assert result.code == 1
    assert "timed_out" in result.out
    assert "still not running at the timeout: web-2; to go on waiting: lightsail-restore --local-state " in result.err
    hint = result.err.split("to go on waiting: ")[1].splitlines()[0]
    waited = run(*shlex.split(hint)[1:], "--timeout", "30", local=False)
    assert waited.code == 0, waited.err
    assert "succeeded" in waited.out


def test_unreadable_state_file_exit_2(run: Run, tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("", encoding="utf-8")
    result = run("--local-state", str(blocker / "state.json"), "local", "show", local=False)
    assert result.code == 2
    assert "--local-state: cannot use " in result.err
    assert no_traceback(result.err)
