"""What an AWS CLI user types works, with the AWS CLI's meaning: a runbook line with ``aws lightsail
create-instances-from-snapshot`` replaced by ``lightsail-restore restore`` runs as it is."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from lightsail_restore.cli._parser import parse_args
from lightsail_restore.cli._request import build_request
from lightsail_restore.cli._shorthand import ShorthandError, parse_shorthand
from lightsail_restore.cli._skeleton import skeleton

from .conftest import SNAP, Run

BASE = ["--instance-names", "web-2", *SNAP]


def sent(*argv: str) -> dict[str, Any]:
    """The boto3 request ``plan`` builds from these flags."""
    return dict(build_request(parse_args(["plan", *argv])).request.to_boto3())


def test_a_runbook_line_runs_as_written(run: Run) -> None:
    # AWS's own tutorial writes --instance-name; scripts add --query and --output text (E30)
    line = (
        "restore --instance-name web-2 --availability-zone us-east-2a --bundle-id micro_3_0 "
        "--instance-snapshot-name web-1-snap --tags key=env,value=prod --query operations[0].id --output text "
        "--no-cli-pager"
    )
    result = run(*line.split())
    assert result.code == 0, result.err
    [operation_id] = result.out.split()
    assert len(operation_id) == 36 and operation_id.count("-") == 4


@pytest.mark.parametrize(
    ("flags", "names"),
    [
        (["web-2", "web-3"], ["web-2", "web-3"]),
        (["web-2,web-3"], ["web-2", "web-3"]),
        (["web-2,web-3", "web-4"], ["web-2", "web-3", "web-4"]),
        (['["web-2", "web-3"]'], ["web-2", "web-3"]),
    ],
)
def test_instance_names_as_words_commas_or_json(flags: list[str], names: list[str]) -> None:
    assert sent("--instance-names", *flags, *SNAP)["instanceNames"] == names


@pytest.mark.parametrize("prefix", ["--instance-name", "--instance-n", "--instance-names"])
def test_unambiguous_prefixes(prefix: str) -> None:
    assert sent(prefix, "web-2", "--availability", "us-east-2a", "--bundle", "micro_3_0", "--instance-snap", "s-1") == {
        "instanceNames": ["web-2"],
        "availabilityZone": "us-east-2a",
        "bundleId": "micro_3_0",
        "instanceSnapshotName": "s-1",
    }


ADD_ON = {"addOnType": "AutoSnapshot", "autoSnapshotAddOnRequest": {"snapshotTimeOfDay": "06:00"}}


@pytest.mark.parametrize(
    "value",
    [
        ["addOnType=AutoSnapshot,autoSnapshotAddOnRequest={snapshotTimeOfDay=06:00}"],
        [json.dumps(ADD_ON)],  # one object, not a list: the AWS CLI takes it
        [json.dumps([ADD_ON])],
    ],
)
def test_add_ons_shorthand_one_object_or_a_list(value: list[str]) -> None:
    assert sent(*BASE, "--add-ons", *value)["addOns"] == [ADD_ON]


def test_tags_shorthand_and_json(tmp_path: Path) -> None:
    tags = tmp_path / "tags.json"
    tags.write_text(json.dumps([{"key": "a", "value": "1"}]), encoding="utf-8")
    assert sent(*BASE, "--tags", "key=env,value=prod", "key=team")["tags"] == [
        {"key": "env", "value": "prod"},
        {"key": "team"},
    ]
    assert sent(*BASE, "--tags", f"file://{tags}", "key=b,value='x y'")["tags"] == [
        {"key": "a", "value": "1"},
        {"key": "b", "value": "x y"},
    ]


def test_attached_disk_mapping_shorthand_and_json() -> None:
    mapping = {"web-1": [{"originalDiskPath": "/dev/xvdf", "newDiskName": "web-2-data"}]}
    auto = ["--instance-names", "web-2", "--availability-zone", "us-east-2a", "--bundle-id", "micro_3_0"]
    auto += ["--source-instance-name", "web-1", "--use-latest-restorable-auto-snapshot"]
    shorthand = "web-1=[{originalDiskPath=/dev/xvdf,newDiskName=web-2-data}]"
    assert sent(*auto, "--attached-disk-mapping", shorthand)["attachedDiskMapping"] == mapping
    one_object = "web-1={originalDiskPath=/dev/xvdf,newDiskName=web-2-data}"  # a list of one, as the AWS CLI reads it
    assert sent(*auto, "--attached-disk-mapping", one_object)["attachedDiskMapping"] == mapping
    assert sent(*auto, "--attached-disk-mapping", json.dumps(mapping))["attachedDiskMapping"] == mapping


def test_shorthand_grammar() -> None:
    assert parse_shorthand("key=a,value=b=c") == {"key": "a", "value": "b=c"}
    assert parse_shorthand("a=b,c,d,e=f") == {"a": ["b", "c", "d"], "e": "f"}
    assert parse_shorthand("a=x\\,y , b = ' q ' ") == {"a": "x,y", "b": " q "}
    assert parse_shorthand('a="say \\"hi\\"",b=[]') == {"a": 'say "hi"', "b": []}
    assert parse_shorthand("a={b=[c,{d=e}]}") == {"a": {"b": ["c", {"d": "e"}]}}
    assert parse_shorthand("a@=file://x", lambda v: "content" if v == "file://x" else None) == {"a": "content"}
    for bad in ("key=a,key=b", "=a", "a=[b", "a={b=c", "a='b", "a=b]"):
        with pytest.raises(ShorthandError):
            parse_shorthand(bad)


def test_cli_input_json_and_yaml_inline_or_from_a_file_with_flags_winning(tmp_path: Path) -> None:
    request = {"instanceNames": ["web-2"], "availabilityZone": "us-east-2a", "bundleId": "micro_3_0"}
    request["instanceSnapshotName"] = "web-1-snap"
    path = tmp_path / "r.json"
    path.write_text(json.dumps(request), encoding="utf-8")
    assert sent("--cli-input-json", json.dumps(request)) == request
    assert sent("--cli-input-json", f"file://{path}", "--instance-names", "web-9") == {
        **request,
        "instanceNames": ["web-9"],
    }
    assert sent("--cli-input-json", f"fileb://{path}") == request
    yaml_text = "instanceNames: [web-2]\navailabilityZone: us-east-2a\n"
    flags = ["--bundle-id", "micro_3_0", "--instance-snapshot-name", "web-1-snap"]
    assert sent("--cli-input-yaml", yaml_text, *flags) == request


def test_two_whole_request_inputs_are_refused(run: Run, tmp_path: Path) -> None:
    result = run("--output", "json", "plan", "--cli-input-json", "{}", "--request", str(tmp_path / "r.json"))
    assert result.code == 2
    assert result.json()["refused"][0]["rule"] == "one_input"


def test_generate_cli_skeleton_is_a_fill_in_input_that_runs_once_filled(run: Run, tmp_path: Path) -> None:
    result = run("restore", "--generate-cli-skeleton", local=False)  # no Region, no backend: nothing is needed
    assert result.code == 0, result.err
    printed = json.loads(result.out)
    assert printed == skeleton()
    assert list(printed)[:3] == ["instanceNames", "attachedDiskMapping", "availabilityZone"]  # the model's order
    assert printed["instanceNames"] == [""] and printed["addOns"][0]["addOnType"] == "AutoSnapshot"
    filled = {"instanceNames": ["web-2"], "availabilityZone": "us-east-2a", "bundleId": "micro_3_0"}
    (tmp_path / "in.json").write_text(json.dumps({**filled, "instanceSnapshotName": "web-1-snap"}), "utf-8")
    assert run("plan", "--cli-input-json", f"file://{tmp_path / 'in.json'}").code == 0
    yaml_skeleton = run("plan", "--generate-cli-skeleton", "yaml-input", local=False)
    assert yaml_skeleton.code == 0 and "instanceNames:\n- ''" in yaml_skeleton.out
    output = run("plan", "--generate-cli-skeleton", "output", local=False)
    assert output.code == 2 and "--generate-cli-skeleton: output is not offered" in output.err
    schema = run("schema", local=False).json()
    assert schema["title"] == "CreateInstancesFromSnapshotRequest"  # the JSON Schema stays under schema


def test_query_and_every_output_format(run: Run) -> None:
    as_json = run("--output", "json", *["plan", *BASE], "--query", "{send: wouldSend, calls: apiCalls}")
    assert as_json.json()["send"]["instanceNames"] == ["web-2"]
    as_text = run("--output", "text", "plan", *BASE, "--query", "toCreate")
    assert as_text.out == "web-2\n"
    as_yaml = run("--output", "yaml", "plan", *BASE, "--query", "source.name")
    assert as_yaml.out.startswith("web-1-snap")
    table_with_query = run("plan", *BASE, "--query", "wouldSend.bundleId")
    assert table_with_query.out == "micro_3_0\n"
    text = run("--output", "text", "plan", *BASE)
    assert "\tus-east-2\t" in text.out.splitlines()[0]  # the scalars of the document, tab-separated
    bad = run("--output", "json", "plan", *BASE, "--query", "[?")
    assert bad.code == 2 and bad.json()["refused"][0]["flag"] == "--query"


def test_help_text_for_every_request_flag(run: Run) -> None:
    helped = run("restore", "--help", local=False)
    assert helped.code == 0
    text = " ".join(helped.out.split())
    for phrase in (
        "the names of the new instances (at least one, distinct, resource names). One or more words, or NAME,NAME.",
        "the automatic snapshot's date, YYYY-MM-DD",
        "a launch script, at most 16 KiB.",
        "at most one per add-on type.",
        "dualstack (AWS's default), ipv4 or ipv6",
        "--cli-input-json",
        "--generate-cli-skeleton",
        "--query JMESPATH",
    ):
        assert phrase in text, phrase


def test_wrong_types_in_an_input_file_are_said_plainly(run: Run) -> None:
    request = {"instanceNames": "web-2", "availabilityZone": "us-east-2a", "bundleId": "micro_3_0"}
    request |= {"instanceSnapshotName": "web-1-snap", "useLatestRestorableAutoSnapshot": "yes"}
    result = run(
        "plan",
        "--cli-input-json",
        json.dumps({**request, "addOns": [{"addOnType": "AutoSnapshot", "autoSnapshotAddOnRequest": "x"}]}),
    )
    assert result.code == 2
    assert "--cli-input-json (instanceNames): must be a list ([...] in JSON" in result.err
    assert "--cli-input-json (useLatestRestorableAutoSnapshot): must be true or false" in result.err
    assert "(addOns[0].autoSnapshotAddOnRequest): must be an object ({...} in JSON" in result.err
    assert "instances are not allowed" not in result.err and "Sequence" not in result.err


def test_a_request_with_thousands_of_unknown_members_is_refused_with_a_count(run: Run) -> None:
    request: dict[str, object] = {"instanceNames": ["web-2"], "availabilityZone": "us-east-2a"}
    request |= {"bundleId": "micro_3_0", "instanceSnapshotName": "web-1-snap", **{f"junk{n}": n for n in range(5000)}}
    result = run("--output", "json", "plan", "--cli-input-json", json.dumps(request))
    assert result.code == 2
    refused = result.json()["refused"]
    assert len(refused) == 51 and {p["rule"] for p in refused[:50]} == {"unknown_member"}
    assert refused[-1]["rule"] == "too_many_problems" and "and 4950 more problems" in refused[-1]["message"]
    assert len(result.err.splitlines()) == 52  # the header, 50 problems, the count: bounded output
