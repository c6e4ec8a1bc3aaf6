"""``userData`` never appears in stdout or stderr, in any mode: tables, JSON, refusals, AWS errors, ``--debug``."""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path

import pytest

from lightsail_restore._cli_redact import REDACTED, RedactingFilter, Redactor, redact_value, spellings

from .conftest import SNAP, Run, run_process

CANARY = "CANARY-5f1e"
USER_DATA = f"#!/bin/sh\necho \"{CANARY} it's\" > /tmp/x\\y\nexport PASSWORD='{CANARY}-é€'\n"
"""A launch script with every character JSON and repr escape: quotes of both kinds, backslash, newline, non-ASCII."""


@pytest.fixture
def launch_script(tmp_path: Path) -> Path:
    path = tmp_path / "launch.sh"
    path.write_text(USER_DATA, encoding="utf-8")
    return path


MODES = [[], ["--output", "json"], ["--debug"], ["--debug", "--output", "json"]]
WINDOWS = ["--instance-names", "web-2", "--availability-zone", "us-east-2a", "--bundle-id", "micro_3_0"]


def scenarios(script: Path) -> dict[str, tuple[list[str], int]]:
    user_data = ["--user-data", f"file://{script}"]
    return {
        "plan": (["plan", "--instance-names", "web-2", *SNAP, *user_data], 0),
        "restore": (["restore", "--instance-names", "web-2", *SNAP, *user_data], 0),
        "no-wait": (["restore", "--no-wait", "--instance-names", "web-3", *SNAP, *user_data], 0),
        "plan refused": (["plan", "--instance-names", "web-1", *SNAP, *user_data], 2),
        "rule broken": (["plan", "--instance-names", "web-2", *SNAP, *user_data, "--ip-address-type", "x"], 2),
        "aws refused": (["restore", "--no-check", "--instance-names", "web-1", *SNAP, *user_data], 1),
    }


@pytest.mark.parametrize("mode", MODES, ids=lambda m: " ".join(m) or "table")
def test_in_process_never_prints_user_data(run: Run, launch_script: Path, mode: list[str]) -> None:
    for name, (argv, code) in scenarios(launch_script).items():
        result = run(*mode, *argv)
        assert result.code == code, (name, result.err)
        assert CANARY not in result.out + result.err, name
        if "--debug" in mode and name in ("restore", "aws refused"):
            assert "CreateInstancesFromSnapshot" in result.err  # the wire log is there, redacted
            assert '"userData": "**********"' in result.err


@pytest.mark.parametrize("mode", [["--debug"], ["--debug", "--output", "json"]], ids=["debug", "debug json"])
def test_subprocess_never_prints_user_data(state: Path, launch_script: Path, mode: list[str]) -> None:
    argv = ["--local", "--local-state", str(state), *mode, "restore", "--instance-names", "web-2", *SNAP]
    result = run_process([*argv, "--user-data", f"file://{launch_script}"])
    assert result.code == 0, result.err
    assert "botocore.endpoint" in result.err and "botocore.parsers" in result.err
    assert CANARY not in result.out + result.err


def test_user_data_given_inline_and_in_a_request_file(run: Run, tmp_path: Path) -> None:
    inline = run("--debug", "restore", "--instance-names", "web-2", *SNAP, "--user-data", USER_DATA)
    assert inline.code == 0, inline.err
    request = {"instanceNames": ["web-3"], "availabilityZone": "us-east-2a", "bundleId": "micro_3_0"}
    path = tmp_path / "r.json"
    path.write_text(json.dumps({**request, "instanceSnapshotName": "web-1-snap", "userData": USER_DATA}), "utf-8")
    from_file = run("--debug", "--output", "json", "restore", "--request", str(path))
    assert from_file.code == 0, from_file.err
    for result in (inline, from_file):
        assert CANARY not in result.out + result.err


def test_plan_shows_user_data_redacted(run: Run, launch_script: Path) -> None:
    result = run(
        "--output", "json", "plan", "--instance-names", "web-2", *SNAP, "--user-data", f"file://{launch_script}"
    )
    assert result.json()["wouldSend"]["userData"] == REDACTED


def test_debug_logging_is_removed_after_the_run(run: Run) -> None:
    before = [
        (n, logging.getLogger(n).level, list(logging.getLogger(n).handlers)) for n in ("botocore", "lightsail_restore")
    ]
    assert run("--debug", "schema").code == 0
    after = [
        (n, logging.getLogger(n).level, list(logging.getLogger(n).handlers)) for n in ("botocore", "lightsail_restore")
    ]
    assert after == before


# -- the filter on its own, with records shaped as botocore makes them --------------------------------------------
def record(msg: str, *args: object, exc_info: object = None) -> logging.LogRecord:
    return logging.LogRecord("botocore.endpoint", logging.DEBUG, __file__, 1, msg, args, exc_info)  # type: ignore[arg-type]


def body(user_data: str) -> bytes:
    return json.dumps({"instanceNames": ["web-2"], "userData": user_data}).encode()


def redacted(rec: logging.LogRecord, redactor: Redactor | None = None) -> str:
    RedactingFilter(redactor or Redactor()).filter(rec)
    return rec.getMessage()


def test_filter_redacts_the_request_body_structurally_without_knowing_the_secret() -> None:
    params = {"url_path": "/", "headers": {"X-Amz-Target": "x"}, "body": body(USER_DATA)}
    message = redacted(record("Making request for %s with params: %s", "OperationModel(...)", params))
    assert CANARY not in message
    assert "**********" in message and "web-2" in message


def test_filter_redacts_a_json_text_body_and_a_dict_member() -> None:
    assert CANARY not in redacted(record("body %s", body(USER_DATA).decode()))
    assert CANARY not in redacted(record("params %s", {"userData": USER_DATA, "bundleId": "micro_3_0"}))
    assert CANARY not in redacted(record("%(userData)s", {"userData": USER_DATA}))


def test_filter_redacts_the_remembered_secret_in_any_spelling() -> None:
    redactor = Redactor()
    redactor.remember(USER_DATA)
    for text in spellings(USER_DATA):
        assert CANARY not in redacted(record("something logged %s", text), redactor)
    assert CANARY not in redacted(record(f"an f-string already formatted {body(USER_DATA)!r}"), redactor)


def test_filter_redacts_exception_text() -> None:
    redactor = Redactor()
    redactor.remember(USER_DATA)
    try:
        raise ValueError(f"bad body {USER_DATA}")
    except ValueError:
        rec = record("failed", exc_info=sys.exc_info())
    handler = logging.Handler()
    handler.addFilter(RedactingFilter(redactor))
    assert handler.filter(rec)
    assert CANARY not in logging.Formatter().format(rec)


def test_filter_keeps_unrelated_records_as_they_are() -> None:
    assert (
        redacted(record("Response headers: %s", {"x-amzn-RequestId": "abc"}))
        == "Response headers: {'x-amzn-RequestId': 'abc'}"
    )
    assert redacted(record("100% done")) == "100% done"


def test_redact_value_returns_the_same_object_when_nothing_changes() -> None:
    params = {"body": b'{"instanceNames": ["a"]}', "headers": {"a": "b"}}
    assert redact_value(params) is params


def test_short_values_are_not_replaced_as_substrings() -> None:
    redactor = Redactor()
    redactor.remember("ab")
    assert redactor.redact("cab") == "cab"
    assert redactor.redact('{"userData": "ab"}') == '{"userData": "**********"}'


@pytest.mark.parametrize("user_data", ["true", "null", "1234", "running", "web-1-snap"])
def test_json_output_stays_valid_whatever_the_user_data_spells(run: Run, user_data: str) -> None:
    for argv in (["plan", "--instance-names", "web-2", *SNAP], ["restore", "--instance-names", "web-3", *SNAP]):
        result = run("--output", "json", *argv, "--user-data", user_data)
        assert result.code == 0, result.err
        data = result.json()
        assert data["ok"] is True
        assert f'"{user_data}"' not in result.out
