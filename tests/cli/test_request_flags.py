"""Request flags with the AWS CLI's names and syntax, and ``--request FILE`` (JSON, YAML, stdin), flags winning."""

from __future__ import annotations

import argparse
import io
import json
import sys
from pathlib import Path
from typing import Any

import pytest

from lightsail_restore.cli._parser import parse_args
from lightsail_restore.cli._request import build_request, read_whole_request

from .conftest import Run, without_mark

FILE_REQUEST = {
    "instanceNames": ["web-2"],
    "availabilityZone": "us-east-2a",
    "bundleId": "micro_3_0",
    "instanceSnapshotName": "web-1-snap",
    "tags": [{"key": "env", "value": "prod"}],
}
YAML_REQUEST = """\
# the same request, in YAML
instanceNames: [web-2]
availabilityZone: us-east-2a
bundleId: micro_3_0
instanceSnapshotName: web-1-snap
tags:
  - key: env
    value: prod
"""


def sent(argv: list[str]) -> dict[str, Any]:
    """The boto3 dict the flags of ``plan`` describe."""
    return dict(build_request(parse_args(["plan", *argv])).request.to_boto3())


def read_request_file(source: str) -> dict[str, Any]:
    return read_whole_request(argparse.Namespace(request=source))[0]


def test_every_flag_maps_to_its_aws_member(tmp_path: Path) -> None:
    script = tmp_path / "launch.sh"
    script.write_text("#!/bin/sh\necho hi\n", encoding="utf-8")
    mapping = tmp_path / "disks.json"
    mapping.write_text(json.dumps({"web-1": [{"originalDiskPath": "/dev/xvdf", "newDiskName": "d2"}]}), "utf-8")
    argv = [
        "--instance-names", "web-2", "web-3",
        "--availability-zone", "us-east-2b",
        "--bundle-id", "small_3_0",
        "--source-instance-name", "web-1",
        "--restore-date", "2026-11-20",
        "--attached-disk-mapping", f"file://{mapping}",
        "--user-data", f"file://{script}",
        "--key-pair-name", "deploy-key",
        "--tags", "key=env,value=prod", "key=team",
        "--add-ons", '[{"addOnType": "AutoSnapshot", "autoSnapshotAddOnRequest": {"snapshotTimeOfDay": "06:00"}}]',
        "--ip-address-type", "dualstack",
    ]  # fmt: skip
    assert sent(argv) == {
        "instanceNames": ["web-2", "web-3"],
        "availabilityZone": "us-east-2b",
        "bundleId": "small_3_0",
        "sourceInstanceName": "web-1",
        "restoreDate": "2026-11-20",
        "attachedDiskMapping": {"web-1": [{"originalDiskPath": "/dev/xvdf", "newDiskName": "d2"}]},
        "userData": "#!/bin/sh\necho hi\n",
        "keyPairName": "deploy-key",
        "tags": [{"key": "env", "value": "prod"}, {"key": "team"}],
        "addOns": [{"addOnType": "AutoSnapshot", "autoSnapshotAddOnRequest": {"snapshotTimeOfDay": "06:00"}}],
        "ipAddressType": "dualstack",
    }


BASE = ["--instance-names", "w-2", "--availability-zone", "us-east-2a", "--bundle-id", "micro_3_0"]


@pytest.mark.parametrize(
    ("flags", "tags"),
    [
        (["key=a,value=b"], [{"key": "a", "value": "b"}]),
        (["key=a,value=b=c"], [{"key": "a", "value": "b=c"}]),
        (["key=a,value="], [{"key": "a", "value": ""}]),
        (["key=a", "key=b,value=c"], [{"key": "a"}, {"key": "b", "value": "c"}]),
        (['[{"key": "a", "value": "b"}, {"key": "c"}]'], [{"key": "a", "value": "b"}, {"key": "c"}]),
        (['{"key": "a"}', "key=b"], [{"key": "a"}, {"key": "b"}]),
    ],
)
def test_tags_json_and_shorthand(flags: list[str], tags: list[dict[str, str]]) -> None:
    assert sent([*BASE, "--instance-snapshot-name", "s-1", "--tags", *flags])["tags"] == tags


def test_use_latest_and_its_negation() -> None:
    latest = sent([*BASE, "--source-instance-name", "web-1", "--use-latest-restorable-auto-snapshot"])
    assert latest["useLatestRestorableAutoSnapshot"] is True
    negated = sent([*BASE, "--instance-snapshot-name", "s-1", "--no-use-latest-restorable-auto-snapshot"])
    assert "useLatestRestorableAutoSnapshot" not in negated  # False counts as not set, as the model says


def test_user_data_inline() -> None:
    assert sent([*BASE, "--instance-snapshot-name", "s-1", "--user-data", "echo hi"])["userData"] == "echo hi"


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(("name", "text"), [("r.json", json.dumps(FILE_REQUEST)), ("r.yaml", YAML_REQUEST)])
def test_request_file_plan(run: Run, tmp_path: Path, name: str, text: str) -> None:
    result = run("--output", "json", "plan", "--no-attached-disks", "--request", str(write(tmp_path / name, text)))
    assert result.code == 0, result.err
    assert without_mark(result.json()["wouldSend"]) == FILE_REQUEST


def test_request_file_yml_and_file_prefix(tmp_path: Path) -> None:
    path = write(tmp_path / "r.yml", YAML_REQUEST)
    assert read_request_file(f"file://{path}") == FILE_REQUEST


def test_request_file_without_suffix_is_sniffed(tmp_path: Path) -> None:
    assert read_request_file(str(write(tmp_path / "a", json.dumps(FILE_REQUEST)))) == FILE_REQUEST
    assert read_request_file(str(write(tmp_path / "b", YAML_REQUEST))) == FILE_REQUEST


def test_flags_override_the_file(run: Run, tmp_path: Path) -> None:
    path = write(tmp_path / "r.json", json.dumps(FILE_REQUEST))
    result = run(
        "--output", "json", "plan", "--no-attached-disks", "--request", str(path),
        "--instance-names", "web-7", "web-8", "--tags", "key=x",
    )  # fmt: skip
    assert result.code == 0, result.err
    would_send = without_mark(result.json()["wouldSend"])
    assert would_send == {**FILE_REQUEST, "instanceNames": ["web-7", "web-8"], "tags": [{"key": "x"}]}


def test_request_from_stdin(monkeypatch: pytest.MonkeyPatch, run: Run) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO(json.dumps(FILE_REQUEST)))
    result = run("--output", "json", "plan", "--no-attached-disks", "--request", "-")
    assert result.code == 0, result.err
    assert without_mark(result.json()["wouldSend"]) == FILE_REQUEST


def test_request_file_problems_are_listed_by_aws_name(run: Run, tmp_path: Path) -> None:
    path = write(tmp_path / "r.json", json.dumps({**FILE_REQUEST, "bundleID": "micro_3_0", "restoreDate": "x"}))
    result = run("plan", "--request", str(path))
    assert result.code == 2
    assert (
        "--request (bundleID): is not a member of CreateInstancesFromSnapshotRequest; did you mean 'bundleId'?"
        in result.err
    )
    assert "  --request (restoreDate): must be a date in YYYY-MM-DD format" in result.err


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        ("r.json", "{nope", "is not valid JSON (Expecting property name enclosed in double quotes, line 1)"),
        ("r.yaml", "a: [b\n", "is not valid YAML, line 2"),
        ("r.json", "[1, 2]", "must hold one request object"),
        ("r.yaml", "just text\n", "must hold one request object"),
    ],
)
def test_bad_request_files_exit_2(run: Run, tmp_path: Path, name: str, text: str, message: str) -> None:
    result = run("plan", "--request", str(write(tmp_path / name, text)))
    assert result.code == 2
    assert message in result.err
    assert "Traceback" not in result.err


def test_missing_files_exit_2(run: Run, tmp_path: Path) -> None:
    missing = run("plan", "--request", str(tmp_path / "nope.json"))
    assert missing.code == 2 and "--request: cannot read" in missing.err
    user_data = run("plan", *BASE, "--instance-snapshot-name", "web-1-snap", "--user-data", "file:///no/such")
    assert user_data.code == 2 and "--user-data: cannot read /no/such" in user_data.err
    binary = tmp_path / "bin"
    binary.write_bytes(b"\xff\xfe\x00")
    not_text = run("plan", *BASE, "--instance-snapshot-name", "web-1-snap", "--user-data", f"file://{binary}")
    assert not_text.code == 2 and "is not UTF-8 text" in not_text.err


def test_yaml_without_pyyaml_says_what_to_install(run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "yaml", None)  # what an environment without PyYAML looks like to import
    result = run("plan", "--request", str(write(tmp_path / "r.yaml", YAML_REQUEST)))
    assert result.code == 2
    assert "--request: YAML needs PyYAML: pip install 'lightsail-restore[yaml]'" in result.err


def test_yaml_is_imported_only_for_a_yaml_file() -> None:
    import subprocess

    code = (
        "import sys, io; from lightsail_restore.cli import main; "
        "main(['schema'], stdout=io.StringIO()); assert 'yaml' not in sys.modules, 'yaml imported'"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)  # noqa: S603
    assert done.returncode == 0, done.stderr


def test_parser_namespace_defaults_are_unset() -> None:
    args = parse_args(["plan"])
    assert isinstance(args, argparse.Namespace)
    assert all(getattr(args, flag) is None for flag in ("instance_names", "tags", "user_data", "request"))


DEEP = "[" * 100_000 + "]" * 100_000
"""JSON (and YAML) nested deeper than Python's parsers recurse."""


@pytest.mark.parametrize(
    ("flag", "name", "text", "rule", "message"),
    [
        ("--cli-input-json", "r.json", '{"bundleId": "a", "bundleId": "b"}', "duplicate_key", "'bundleId' twice"),
        ("--cli-input-yaml", "r.yaml", "bundleId: a\nbundleId: b\n", "duplicate_key", "'bundleId' twice in one"),
        ("--cli-input-json", "r.json", DEEP, "json", "is nested too deeply"),
        ("--cli-input-yaml", "r.yaml", "a: " + DEEP, "yaml", "is nested too deeply"),
        ("--cli-input-yaml", "r.yaml", "restoreDate: 2026-13-45\n", "yaml", "month must be in 1..12"),
        ("--ports", "p.json", DEEP, "json", "is nested too deeply"),
    ],
    ids=["json key twice", "yaml key twice", "deep json", "deep yaml", "yaml bad date", "deep ports"],
)
def test_inputs_that_say_two_things_or_cannot_be_read_are_refused(
    run: Run, tmp_path: Path, flag: str, name: str, text: str, rule: str, message: str
) -> None:
    path = write(tmp_path / name, text)
    value = str(path) if flag == "--ports" else f"file://{path}"
    result = run("--output", "json", "plan", flag, value, *BASE, "--instance-snapshot-name", "web-1-snap")
    assert result.code == 2, result.err
    [problem] = result.json()["refused"]
    assert (problem["flag"], problem["rule"]) == (flag, rule)
    assert message in problem["message"]
    assert "internal error" not in result.err


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ('{"key": "env", "key": "team", "value": "prod"}', "holds the key 'key' twice in one object"),
        (DEEP, "is nested too deeply"),
    ],
    ids=["key twice", "deep"],
)
def test_a_json_flag_value_that_says_two_things_or_is_too_deep_is_a_usage_error(
    run: Run, value: str, message: str
) -> None:
    result = run("--output", "json", "plan", *BASE, "--instance-snapshot-name", "web-1-snap", "--tags", value)
    assert result.code == 2, result.err
    [problem] = result.json()["refused"]
    assert problem["flag"] == "--tags" and message in problem["message"]
    assert "internal error" not in result.err


def test_an_unknown_member_of_the_whole_request_lists_the_members_by_aws_name(run: Run) -> None:
    result = run("plan", "--cli-input-json", '{"bundleID": "x", "bogus": 1}', *BASE, "--instance-snapshot-name", "s")
    assert result.code == 2
    line = next(line for line in result.err.splitlines() if "(bogus)" in line)
    assert "the members are instanceNames, availabilityZone, bundleId, instanceSnapshotName, " in line
    assert "--instance-names" not in line  # the input's members are JSON names, whatever flags are given too


def test_user_data_that_is_not_utf8_text_is_refused(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    request = [*BASE, "--instance-snapshot-name", "web-1-snap"]
    argv = run("--output", "json", "plan", *request, "--user-data", "echo \udcff")  # how Python passes b"\xff"
    assert argv.code == 2, argv.err
    assert [(p["flag"], p["rule"]) for p in argv.json()["refused"]] == [("--user-data", "not_utf8")]
    body = json.dumps({**FILE_REQUEST, "userData": "echo x"}).replace("echo x", "echo \\xff")
    stdin = io.TextIOWrapper(io.BytesIO(body.replace("\\xff", "\xff").encode("latin-1")), errors="surrogateescape")
    monkeypatch.setattr(sys, "stdin", stdin)
    piped = run("--output", "json", "plan", "--request", "-")
    assert piped.code == 2, piped.err
    [problem] = piped.json()["refused"]
    assert (problem["flag"], problem["rule"]) == ("--request", "file") and "is not UTF-8 text" in problem["message"]


def test_request_from_a_closed_stdin(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", None)  # what `<&-` gives Python
    result = run("--output", "json", "plan", "--request", "-")
    assert result.code == 2, result.err
    [problem] = result.json()["refused"]
    assert (problem["flag"], problem["rule"]) == ("--request", "file") and "stdin is closed" in problem["message"]


def test_a_value_that_is_not_utf8_is_said_plainly(run: Run) -> None:
    result = run("plan", *BASE, "--instance-snapshot-name", "web-1-snap", "--ip-address-type", "ipv\udcff")
    assert result.code == 2
    assert "  --ip-address-type: must be UTF-8 text [type]" in result.err
    assert "unable to parse raw data" not in result.err
