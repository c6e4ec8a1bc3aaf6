"""The cut-over on the command line: ``--copy-ports``, ``--ports FILE``, ``--static-ip``, ``--move-static-ip``:
shown by the plan, checked before anything is sent (every refusal names its flag and rule), each step in the
table and the JSON, a failed step exit 1 with how to finish, and a rerun that finishes it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from lightsail_restore.local import LocalLightsail

from .conftest import SNAP, Run, run_process

WEB_2 = ["--instance-names", "web-2", *SNAP]
MOVE = ["--copy-ports", "--static-ip", "web-ip", "--move-static-ip"]


def account(state: Path) -> Any:
    return LocalLightsail.from_file(state).client()


def steps(doc: dict[str, Any]) -> list[tuple[str, str]]:
    return [(s["name"], s["status"]) for s in doc["steps"]]


def test_the_cut_over_in_processes_leaves_web_2_serving_as_web_1_did(state: Path) -> None:
    local = ["--local", "--local-state", str(state), "--output", "json"]
    planned = run_process([*local, "plan", *WEB_2])
    assert planned.code == 0, planned.err
    plan = planned.json()
    findings = {f["rule"]: f for f in plan["findings"]}
    assert {"ports_not_carried", "static_ip_not_carried"} <= findings.keys()
    lost = findings["ports_not_carried"]["message"]
    assert "tcp 8080 from 203.0.113.0/24;" in lost and "give --copy-ports to put web-1's rules" in lost
    assert "(--static-ip" not in findings["static_ip_not_carried"]["message"]  # flags, not the library's words
    assert "give --static-ip NAME and --move-static-ip" in findings["static_ip_not_carried"]["message"]
    web_1 = account(state).get_instance_port_states(instanceName="web-1")["portStates"]
    assert plan["network"]["source"]["portInfos"] == [{k: v for k, v in s.items() if k != "state"} for s in web_1]
    assert plan["network"]["source"]["staticIp"] == "web-ip"

    restored = run_process([*local, "restore", "--wait", *MOVE, *WEB_2])
    assert restored.code == 0, restored.err
    doc = restored.json()
    assert doc["ok"] is True
    assert steps(doc) == [
        ("plan", "done"),
        ("create", "done"),
        ("wait", "done"),
        ("ports", "done"),
        ("ready", "done"),
        ("static-ip", "done"),
    ]
    assert doc["plan"]["network"]["staticIpFrom"] == "web-1"
    after = account(state)
    assert after.get_instance_port_states(instanceName="web-2")["portStates"] == web_1
    assert after.get_static_ip(staticIpName="web-ip")["staticIp"]["attachedTo"] == "web-2"

    again = run_process([*local, "restore", "--wait", *MOVE, *WEB_2])
    assert again.code == 0, again.err
    assert steps(again.json())[1:] == [
        ("create", "skipped"),
        ("wait", "done"),
        ("ports", "skipped"),
        ("ready", "done"),
        ("static-ip", "skipped"),
    ]


def test_the_plan_table_says_what_would_be_lost_and_what_the_steps_would_do(run: Run) -> None:
    plain = run("plan", *WEB_2)
    assert plain.code == 0, plain.err
    assert "warning: portInfos: a restored instance gets only its blueprint's default firewall rules" in plain.out
    assert "give --copy-ports to put web-1's rules on web-2" in plain.out
    cut_over = run("plan", *MOVE, *WEB_2)
    assert cut_over.code == 0, cut_over.err
    assert "info: portInfos: once web-2 runs, PutInstancePublicPorts replaces its default rules" in cut_over.out
    assert "moves from web-1 to web-2 (one AttachStaticIp; if the service refuses that" in cut_over.out
    assert "ports_not_carried" not in cut_over.out and "static_ip_not_carried" not in cut_over.out


def test_a_ports_file_in_yaml_sets_the_rules_and_the_table_shows_the_step(
    run: Run, state: Path, tmp_path: Path
) -> None:
    rules = tmp_path / "ports.yaml"
    rules.write_text(
        "portInfos:\n"
        "  - {fromPort: 443, toPort: 443, protocol: tcp}\n"
        "  - {fromPort: 22, toPort: 22, protocol: tcp, cidrs: [198.51.100.0/24]}\n"
    )
    result = run("restore", "--ports", f"file://{rules}", *WEB_2)
    assert result.code == 0, result.err
    assert "ports: done: web-2: the given rules put" in result.out
    states = account(state).get_instance_port_states(instanceName="web-2")["portStates"]
    assert [(s["fromPort"], s["cidrs"]) for s in states] == [(443, ["0.0.0.0/0"]), (22, ["198.51.100.0/24"])]


@pytest.mark.parametrize(
    ("flags", "by", "refused"),
    [
        (["--ports", "FILE"], "request", [("--ports", "portInfos[1].toPort", "P2_port_order")]),
        (["--ports", "FILE", "--copy-ports"], "request", [("--ports", "portInfos[1].toPort", "P2_port_order")]),
        (["--ports", "GOOD", "--copy-ports"], "flags", [("--ports", "portInfos", "ports_exclusive")]),
        (["--move-static-ip"], "flags", [("--move-static-ip", "staticIpName", "move_needs_static_ip")]),
        (["--copy-ports", "--no-wait"], "flags", [("--no-wait", "", "cut_over_needs_wait")]),
        (["--static-ip", "web-ip", "--no-check"], "flags", [("--no-check", "", "cut_over_needs_check")]),
        (["--static-ip", "web ip"], "request", [("--static-ip", "staticIpName", "resource_name")]),
        (["--ports", "missing.json"], "flags", [("--ports", "", "file")]),
    ],
    ids=[
        "a rule broken",
        "copy and broken file",
        "copy and file",
        "move alone",
        "no wait",
        "no check",
        "bad name",
        "no such file",
    ],
)
def test_flags_are_refused_before_anything_is_sent(
    flags: list[str], by: str, refused: list[tuple[str, str, str]], run: Run, state: Path, tmp_path: Path
) -> None:
    ports = tmp_path / "ports.json"
    ports.write_text(
        json.dumps(
            [{"fromPort": 22, "toPort": 22, "protocol": "tcp"}, {"fromPort": 90, "toPort": 80, "protocol": "tcp"}]
        )
    )
    good = tmp_path / "good.json"
    good.write_text(json.dumps([{"fromPort": 22, "toPort": 22, "protocol": "tcp"}]))
    files = {"FILE": str(ports), "GOOD": str(good), "missing.json": str(tmp_path / "missing.json")}
    flags = [files.get(f, f) for f in flags]
    before = LocalLightsail.from_file(state).to_json()
    result = run("--output", "json", "restore", *flags, *WEB_2)
    assert result.code == 2, result.err
    doc = result.json()
    assert (doc["refusedBy"], doc["sent"]) == (by, False)
    assert [(p["flag"], p["path"], p["rule"]) for p in doc["refused"]] == refused
    assert LocalLightsail.from_file(state).to_json() == before


@pytest.mark.parametrize(
    ("flags", "names", "problem"),
    [
        (["--static-ip", "web-ip"], ["web-2"], ("--move-static-ip", "static_ip_move")),
        (["--static-ip", "web-ip", "--move-static-ip"], ["web-2", "web-3"], ("--static-ip", "static_ip_one_instance")),
        (["--static-ip", "ghost-ip"], ["web-2"], ("--static-ip", "static_ip_exists")),
        (["--copy-ports"], ["win-2"], ("--copy-ports", "copy_ports_source")),
    ],
    ids=["attached elsewhere", "two instances", "no such static IP", "source gone"],
)
def test_plan_refusals_name_the_flag(flags: list[str], names: list[str], problem: tuple[str, str], run: Run) -> None:
    snap = ["--availability-zone", "us-east-2a", "--bundle-id", "micro_win_3_0", "--instance-snapshot-name", "win-snap"]
    request = ["--instance-names", *names, *(snap if names == ["win-2"] else SNAP)]
    result = run("restore", *flags, *request)
    assert result.code == 2, result.err
    assert "refused by the plan (1 problem); nothing was created" in result.err
    flag, rule = problem
    line = next(line for line in result.err.splitlines() if line.endswith(f"[{rule}]"))
    assert line.lstrip().startswith(f"{flag} ")
    assert "_static_ip (" not in line and "copy_ports (" not in line


def test_a_failed_step_exits_1_says_how_to_finish_and_the_same_command_finishes(run: Run, state: Path) -> None:
    LocalLightsail.from_file(state).deny_access("PutInstancePublicPorts")
    failed = run("restore", *MOVE, *WEB_2)
    assert failed.code == 1
    assert "web-2     succeeded  running" in failed.out
    assert "ports: failed: web-2: PutInstancePublicPorts did not succeed" in failed.out
    assert "static-ip: skipped: the ports step did not finish" in failed.out
    assert "lightsail-restore: the ports step failed (AccessDeniedException: User: arn:aws:sts::" in failed.err
    assert "still running: web-2; run the same command again to finish: it does only what is left" in failed.err
    LocalLightsail.from_file(state).clear_refusals()
    finished = run("--output", "json", "restore", *MOVE, *WEB_2)
    assert finished.code == 0, finished.err
    assert steps(finished.json())[3:] == [("ports", "done"), ("ready", "done"), ("static-ip", "done")]
    assert account(state).get_static_ip(staticIpName="web-ip")["staticIp"]["attachedTo"] == "web-2"


def test_the_flags_are_in_the_help(run: Run) -> None:
    for command in ("plan", "restore"):
        result = run(command, "--help")
        assert result.code == 0
        for flag in ("--copy-ports", "--ports FILE", "--static-ip NAME", "--move-static-ip"):
            assert flag in result.out, (command, flag)


@pytest.mark.parametrize(
    ("name", "content", "rule", "says"),
    [
        ("ports.json", "", "empty", "is empty: give a list of portInfos ([] closes every port)"),
        ("ports.yaml", "  \n", "empty", "is empty: give a list of portInfos ([] closes every port)"),
        (
            "ports.json",
            '[{"fromPort": 22, "fromPort": 2, "toPort": 80, "protocol": "tcp"}]',
            "duplicate_key",
            "holds the key 'fromPort' twice in one object; give each key once",
        ),
        (
            "ports.json",
            '{"portInfos": [], "portInfos": [{"fromPort": 1, "toPort": 2, "protocol": "tcp"}]}',
            "duplicate_key",
            "holds the key 'portInfos' twice in one object; give each key once",
        ),
        (
            "ports.yaml",
            "portInfos: []\nportInfos:\n  - {fromPort: 1, toPort: 2, protocol: tcp}\n",
            "duplicate_key",
            "holds the key 'portInfos' twice in one object (line 2); give each key once",
        ),
        (
            "ports.json",
            '{"portInfos": [], "rules": []}',
            "unknown_member",
            "is not a member of a ports file: give a list of portInfos, or an object whose only member is portInfos",
        ),
    ],
    ids=["empty json", "blank yaml", "a rule's key twice", "portInfos twice", "yaml key twice", "unknown member"],
)
def test_a_ports_file_that_says_nothing_or_two_things_is_refused(
    run: Run, tmp_path: Path, name: str, content: str, rule: str, says: str
) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    result = run("--output", "json", "plan", "--ports", str(path), *WEB_2)
    assert result.code == 2, result.err
    [problem] = result.json()["refused"]
    assert (problem["flag"], problem["rule"]) == ("--ports", rule)
    assert says in problem["message"]
    assert "PortsFile" not in result.err


def test_a_ports_file_with_thousands_of_broken_rules_counts_those_not_listed(run: Run, tmp_path: Path) -> None:
    path = tmp_path / "ports.json"
    path.write_text(json.dumps([{"fromPort": 22, "toPort": "x", "protocol": "tcp"}] * 2000), encoding="utf-8")
    result = run("--output", "json", "plan", "--ports", str(path), *WEB_2)
    assert result.code == 2
    refused = result.json()["refused"]
    listed = len(refused) - 1
    assert refused[-1]["rule"] == "too_many_problems" and refused[-1]["flag"] == "--ports"
    assert refused[-1]["message"].startswith(f"and {2000 - listed} more problems, not listed")


def test_a_ports_file_too_large_to_be_rules_is_refused_unread(run: Run, tmp_path: Path) -> None:
    path = tmp_path / "ports.json"
    with path.open("wb") as handle:
        handle.truncate(64 * 1024 * 1024)  # sparse: 64 MiB of nothing, read by nobody
    result = run("--output", "json", "plan", "--ports", f"file://{path}", *WEB_2)
    assert result.code == 2
    [problem] = result.json()["refused"]
    assert (problem["flag"], problem["rule"]) == ("--ports", "file")
    assert "is larger than 1 MiB" in problem["message"]


def test_a_ports_file_in_upper_case_as_the_aws_cli_writes_it_is_sent_as_written_and_answered_lower_case(
    state: Path, tmp_path: Path
) -> None:
    rules = tmp_path / "ports.json"
    upper = [{"fromPort": 22, "toPort": 22, "protocol": "TCP"}, {"fromPort": 53, "toPort": 53, "protocol": "UDP"}]
    rules.write_text(json.dumps(upper))
    local = ["--local", "--local-state", str(state)]
    result = run_process([*local, "--debug", "--output", "json", "restore", "--ports", str(rules), *WEB_2])
    assert result.code == 0, result.err
    assert ("ports", "done") in steps(result.json())
    put = [line for line in result.err.splitlines() if "PutInstancePublicPorts" in line and "portInfos" in line]
    assert put and all('"protocol": "TCP"' in line and '"protocol": "UDP"' in line for line in put)
    states = account(state).get_instance_port_states(instanceName="web-2")["portStates"]
    assert [(s["protocol"], s["fromPort"]) for s in states] == [("tcp", 22), ("udp", 53)]
    again = run_process([*local, "restore", "--ports", str(rules), *WEB_2])
    assert again.code == 0, again.err
    assert "ports: skipped: web-2: already as asked" in again.out
