"""``userData`` never appears in stdout or stderr, in any mode, and it never changes any other output.

It is removed from the data before anything is printed (structurally, never by replacing its text in the
output): a user-data value that spells a common word (``running``, ``name``, ``ok``) leaves every other byte
of the output as it is.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
import sys
from pathlib import Path

import pytest

from lightsail_restore.cli._debuglog import REMOVED, RemoveUserData, without_user_data

from .conftest import SNAP, Run, run_process

CANARY = "CANARY-5f1e"
USER_DATA = f"#!/bin/sh\necho \"{CANARY} it's\" > /tmp/x\\y\nexport PASSWORD='{CANARY}-é€'\n"
"""A launch script with every character JSON and repr escape: quotes of both kinds, backslash, newline, non-ASCII."""


@pytest.fixture
def launch_script(tmp_path: Path) -> Path:
    path = tmp_path / "launch.sh"
    path.write_text(USER_DATA, encoding="utf-8")
    return path


MODES = [[], ["--output", "json"], ["--output", "text"], ["--debug"], ["--debug", "--output", "json"]]


def scenarios(script: Path) -> dict[str, tuple[list[str], int]]:
    user_data = ["--user-data", f"file://{script}"]
    return {
        "plan": (["plan", "--instance-names", "web-2", *SNAP, *user_data], 0),
        "restore": (["restore", "--instance-names", "web-2", *SNAP, *user_data], 0),
        "no-wait": (["restore", "--no-wait", "--instance-names", "web-3", *SNAP, *user_data], 0),
        "plan refused": (["plan", "--instance-names", "web-1", *SNAP, *user_data], 2),
        "rule broken": (["plan", "--instance-names", "web-2", *SNAP, *user_data, "--ip-address-type", "x"], 2),
        "service refused": (["restore", "--no-check", "--instance-names", "web-1", *SNAP, *user_data], 1),
    }


@pytest.mark.parametrize("mode", MODES, ids=lambda m: " ".join(m) or "table")
def test_in_process_never_prints_user_data(run: Run, launch_script: Path, mode: list[str]) -> None:
    for name, (argv, code) in scenarios(launch_script).items():
        result = run(*mode, *argv)
        assert result.code == code, (name, result.err)
        assert CANARY not in result.out + result.err, name
        if "--debug" in mode and name in ("restore", "service refused"):
            assert "CreateInstancesFromSnapshot" in result.err  # the wire log is there, without the user data
            assert f'"userData": "{REMOVED}"' in result.err


def test_user_data_given_inline_and_in_a_request_file(run: Run, tmp_path: Path) -> None:
    inline = run("--debug", "restore", "--instance-names", "web-2", *SNAP, "--user-data", USER_DATA)
    assert inline.code == 0, inline.err
    request = {"instanceNames": ["web-3"], "availabilityZone": "us-east-2a", "bundleId": "micro_3_0"}
    path = tmp_path / "r.json"
    path.write_text(json.dumps({**request, "instanceSnapshotName": "web-1-snap", "userData": USER_DATA}), "utf-8")
    from_file = run("--debug", "--output", "json", "restore", "--cli-input-json", f"file://{path}")
    assert from_file.code == 0, from_file.err
    for result in (inline, from_file):
        assert CANARY not in result.out + result.err
    assert from_file.json()["userData"]["source"] == f"--cli-input-json file://{path}"


def test_user_data_is_shown_as_size_and_source_never_as_a_plain_digest(run: Run, launch_script: Path) -> None:
    # A plain hash of a short secret (a 12-byte password in the script) is as good as the secret: never printed.
    digest = hashlib.sha256(USER_DATA.encode()).hexdigest()
    result = run(
        "--output", "json", "plan", "--instance-names", "web-2", *SNAP, "--user-data", f"file://{launch_script}"
    )
    plan = result.json()
    assert "userData" not in plan["wouldSend"]  # the exact request, less the secret: never a placeholder to resend
    assert plan["userData"] == {"bytes": len(USER_DATA.encode()), "source": f"file://{launch_script}"}
    table = run("plan", "--instance-names", "web-2", *SNAP, "--user-data", f"fileb://{launch_script}")
    assert f"user data: {len(USER_DATA.encode())} bytes, from fileb://{launch_script}" in table.out
    for printed in (result, table):
        assert digest[:8] not in printed.out + printed.err


def test_a_rerun_with_user_data_says_the_script_does_not_run_on_the_instance_that_exists(
    state: Path, launch_script: Path, tmp_path: Path
) -> None:
    """A process run in ``--debug`` and its reruns never print the user data; a rerun says the script does not run."""
    local = ["--local-state", str(state)]
    restore = ["restore", "--instance-names", "web-2", *SNAP]
    # the first run in --debug too: a real process's wire log (botocore's own loggers) holds no user data either
    first = run_process([*local, "--debug", "--output", "json", *restore, "--user-data", f"file://{launch_script}"])
    assert first.code == 0, first.err
    assert "botocore.endpoint" in first.err and "botocore.parsers" in first.err
    assert first.json()["userData"]["notRunOn"] == []
    changed = tmp_path / "changed.sh"
    changed.write_text(f"#!/bin/sh\necho {CANARY}-changed\n", encoding="utf-8")
    again = run_process([*local, "--output", "json", *restore, "--user-data", f"file://{changed}"])
    assert again.code == 0, again.err
    doc = again.json()
    assert doc["userData"]["notRunOn"] == ["web-2"]
    assert [w for w in doc["warnings"] if w.endswith("[user_data_not_run]")]
    assert "web-2 already exists" in again.err and "does not run on web-2" in again.err
    table = run_process([*local, *restore, "--user-data", f"file://{changed}"])
    assert "user data: " in table.out and "not run on web-2" in table.out
    assert "does not run on web-2" in table.err
    for printed in (first, again, table):
        assert CANARY not in printed.out + printed.err


def test_fileb_reads_the_file_and_a_bare_file_name_is_warned_about(
    run: Run, launch_script: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    as_bytes = run(
        "--output", "json", "plan", "--instance-names", "web-2", *SNAP, "--user-data", f"fileb://{launch_script}"
    )
    assert as_bytes.json()["userData"]["bytes"] == len(USER_DATA.encode())
    monkeypatch.chdir(launch_script.parent)
    bare = run("--output", "json", "plan", "--instance-names", "web-2", *SNAP, "--user-data", "launch.sh")
    assert bare.code == 0
    assert bare.json()["userData"]["bytes"] == len(b"launch.sh")  # sent as the text, as the AWS CLI would
    assert "names an existing file, but is sent as text" in bare.err
    assert bare.json()["warnings"] and "file://PATH" in bare.json()["warnings"][0]
    assert "launch.sh" not in bare.err  # the warning does not repeat the value


def test_binary_user_data_file_is_refused(run: Run, tmp_path: Path) -> None:
    binary = tmp_path / "blob"
    binary.write_bytes(b"\x1f\x8b\x08\x00\xff")
    result = run("plan", "--instance-names", "web-2", *SNAP, "--user-data", f"fileb://{binary}")
    assert result.code == 2
    assert "--user-data: " in result.err and "is not UTF-8 text" in result.err


def test_debug_logging_is_removed_after_the_run(run: Run) -> None:
    names = ("botocore", "lightsail_restore")
    before = [(n, logging.getLogger(n).level, list(logging.getLogger(n).handlers)) for n in names]
    assert run("--debug", "schema").code == 0
    after = [(n, logging.getLogger(n).level, list(logging.getLogger(n).handlers)) for n in names]
    assert after == before


# -- user data never changes any other output -------------------------------------------------------------------
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def _without_user_data(text: str) -> str:
    lines = [line for line in text.splitlines() if "user data:" not in line]
    return re.sub(r"\d+", "N", UUID.sub("ID", "\n".join(lines)))


@pytest.mark.parametrize("word", ["running", "name", "ok", "web-2", "true", "null", "1234", "succeeded", "Plan"])
def test_a_common_word_as_user_data_changes_no_other_output(run: Run, word: str) -> None:
    plan = ["plan", "--instance-names", "web-2", *SNAP]
    for mode in ([], ["--output", "json"]):
        plain, secret = run(*mode, *plan), run(*mode, *plan, "--user-data", word)
        assert secret.code == plain.code == 0, secret.err
        if mode == ["--output", "json"]:
            assert {**secret.json(), "userData": None} == plain.json()
        else:
            assert _without_user_data(secret.out) == _without_user_data(plain.out)
            assert "**" not in secret.out
    refused = ["plan", "--instance-names", "web-2", *SNAP, "--ip-address-type", "ipv5"]
    assert run(*refused, "--user-data", word).err == run(*refused).err
    if word in ("running", "name", "ok", "web-2", "succeeded"):  # the words a restore's output holds
        restored = run("--output", "json", "restore", "--instance-names", "web-3", *SNAP, "--user-data", word).json()
        assert restored["instances"][0]["status"] == "succeeded"
        assert "**" not in json.dumps(restored)
        table = run("restore", "--instance-names", "web-3", *SNAP, "--user-data", word)
        assert table.out.splitlines()[2].split()[:4] == ["web-3", "succeeded", "(resumed)", "running"]


# -- the debug filter on its own, with records shaped as botocore makes them -------------------------------------
def record(msg: str, *args: object, exc_info: object = None) -> logging.LogRecord:
    return logging.LogRecord("botocore.endpoint", logging.DEBUG, __file__, 1, msg, args, exc_info)  # type: ignore[arg-type]


def body(user_data: str) -> bytes:
    return json.dumps({"instanceNames": ["web-2"], "userData": user_data}).encode()


def filtered(rec: logging.LogRecord) -> str:
    RemoveUserData().filter(rec)
    return rec.getMessage()


def test_filter_removes_the_request_body_member_without_knowing_the_secret() -> None:
    params = {"url_path": "/", "headers": {"X-Amz-Target": "x"}, "body": body(USER_DATA)}
    message = filtered(record("Making request for %s with params: %s", "OperationModel(...)", params))
    assert CANARY not in message
    assert REMOVED in message and "web-2" in message


def test_filter_removes_a_json_text_body_a_dict_member_and_a_formatted_body() -> None:
    assert CANARY not in filtered(record("body %s", body(USER_DATA).decode()))
    assert CANARY not in filtered(record("params %s", {"userData": USER_DATA, "bundleId": "micro_3_0"}))
    assert CANARY not in filtered(record("%(userData)s", {"userData": USER_DATA}))
    assert CANARY not in filtered(record(f"an f-string already formatted {body(USER_DATA)!r}"))


def test_filter_removes_the_member_from_exception_text() -> None:
    try:
        raise ValueError(f"bad body {body(USER_DATA).decode()}")
    except ValueError:
        rec = record("failed", exc_info=sys.exc_info())
    handler = logging.Handler()
    handler.addFilter(RemoveUserData())
    assert handler.filter(rec)
    assert CANARY not in logging.Formatter().format(rec)


def test_filter_keeps_other_records_as_they_are() -> None:
    assert (
        filtered(record("Response headers: %s", {"x-amzn-RequestId": "abc"}))
        == "Response headers: {'x-amzn-RequestId': 'abc'}"
    )
    assert filtered(record("100% done")) == "100% done"
    assert filtered(record("state %s", "running")) == "state running"


def test_without_user_data_returns_the_same_object_when_nothing_changes() -> None:
    params = {"body": b'{"instanceNames": ["a"]}', "headers": {"a": "b"}}
    assert without_user_data(params) is params


# -- the command line itself: usage errors and the resume hint ----------------------------------------------------
@pytest.mark.parametrize(
    "argv",
    [
        ["plan", "--user-dta", USER_DATA],  # a misspelt --user-data: its value is not shown back
        ["plan", f"--user-dta={USER_DATA}"],
        ["plan", "--userdata", USER_DATA],
        ["--user-data", USER_DATA, "plan"],  # before the command: argparse took the value for the command
        ["plan", "--cli-input-jsn", json.dumps({"userData": USER_DATA})],
    ],
    ids=["misspelt", "misspelt=", "no-dash", "before the command", "misspelt input"],
)
def test_a_usage_error_never_shows_user_data(run: Run, argv: list[str]) -> None:
    for mode in ([], ["--output", "json"]):
        result = run(*mode, *argv, "--instance-names", "web-2", *SNAP)
        assert result.code == 2, result.err
        assert CANARY not in result.out + result.err
        assert "unrecognized arguments" in result.err or "invalid choice" in result.err
        assert "(a value that may be user data, not shown)" in result.err


def test_a_usage_error_still_shows_a_misplaced_value(run: Run) -> None:
    result = run("plan", "web-3", "--instance-names", "web-2", *SNAP)
    assert result.code == 2 and "unrecognized arguments: web-3" in result.err


@pytest.mark.parametrize(
    "given",
    [
        '{"userD\\u0061ta": "' + CANARY + '"}',  # JSON (and YAML) spell the member with an escape
        '"userD\\x61ta": ' + CANARY,  # YAML does so too; JSON cannot read it
        "{userData " + CANARY,  # neither can read it, so it is not shown either
    ],
    ids=["json escape", "yaml escape", "unreadable"],
)
def test_the_resume_command_never_shows_user_data_spelt_with_escapes(given: str) -> None:
    from lightsail_restore.cli._hints import PLACEHOLDER, resume_command

    for option in ("--cli-input-json", "--cli-input-yaml"):
        resume, hidden = resume_command(["restore", option, given, "--instance-names", "web-2"])
        assert CANARY not in resume and hidden
        assert PLACEHOLDER in resume and resume.endswith("--instance-names web-2")
    kept, hidden = resume_command(["restore", "--cli-input-json", '{"bundleId": "micro_3_0"}'])
    assert kept.endswith("""--cli-input-json '{"bundleId": "micro_3_0"}'""") and not hidden


def test_the_resume_placeholder_run_as_printed_is_refused(run: Run) -> None:
    from lightsail_restore.cli._hints import PLACEHOLDER

    for argv in (["--user-data", PLACEHOLDER], ["--cli-input-json", PLACEHOLDER]):
        result = run("--output", "json", "restore", "--instance-names", "web-2", *SNAP, *argv)
        assert result.code == 2, result.err
        [problem] = result.json()["refused"]
        assert problem["flag"] == argv[0] and problem["rule"] == "resume_placeholder"
        assert "put the user data back" in problem["message"]
    assert "web-2" not in [i["name"] for i in run("--output", "json", "local", "show").json()["instances"]]


@pytest.mark.parametrize("word", ["--use", "--u", "--cli-input"])
def test_an_ambiguous_prefix_never_shows_the_value_given_with_it(run: Run, word: str) -> None:
    for mode in ([], ["--output", "json"]):
        result = run(*mode, "plan", f"{word}={USER_DATA}", "--instance-names", "web-2", *SNAP)
        assert result.code == 2, result.err
        assert "ambiguous option" in result.err and "could match" in result.err
        assert CANARY not in result.out + result.err
