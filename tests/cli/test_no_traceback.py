"""No traceback, ever: a damaged or unusable local state file, odd local data, a Region without data are each a
clear message and exit 2 (or an answer), with one JSON document on stdout under ``--output json``."""

from __future__ import annotations

import contextlib
import io
import json
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from lightsail_restore.cli import main
from lightsail_restore.local import LocalLightsail, Timings

from .conftest import FAST, SNAP, Run


def no_traceback(text: str) -> bool:
    return "Traceback" not in text and 'File "' not in text


@pytest.mark.parametrize(
    "content",
    ['{"version": 2}', "[]", '"text"', "{not json", '{"version": 1}', '{"version": 99}', ""],
    ids=["no-members", "list", "string", "not-json", "version-1", "version-99", "empty"],
)
def test_a_damaged_state_file_is_a_clear_refusal(run: Run, tmp_path: Path, content: str) -> None:
    path = tmp_path / "state.json"
    path.write_text(content, encoding="utf-8")
    for argv in (["local", "show"], ["plan", "--instance-names", "web-2", *SNAP]):
        result = run("--local-state", str(path), "--output", "json", *argv, local=False)
        assert result.code == 2, (content, argv, result.err)
        assert no_traceback(result.err)
        [problem] = result.json()["refused"]
        assert problem["flag"] == "--local-state" and problem["rule"] == "local_state"
        assert str(path) in problem["message"] and "local reset" in problem["message"]
    reset = run("--local-state", str(path), "local", "reset", local=False)
    assert reset.code == 0, reset.err  # reset starts it again, as the message says
    assert json.loads(path.read_text(encoding="utf-8"))["version"] == 2


def test_an_instance_without_a_bundle_is_a_clear_refusal(run: Run, state: Path) -> None:
    data = json.loads(state.read_text(encoding="utf-8"))
    instances = data["regions"]["us-east-2"]["instances"]
    for instance in instances.values() if isinstance(instances, dict) else instances:
        instance.pop("bundleId", None)
    state.write_text(json.dumps(data), encoding="utf-8")
    result = run("local", "show")
    assert result.code == 2 and no_traceback(result.err)
    assert "regions.us-east-2.instances.web-1 has no bundleId" in result.err
    assert run("--output", "json", "local", "show").json()["refused"][0]["flag"] == "--local-state"


@contextlib.contextmanager
def read_only(folder: Path) -> Iterator[None]:
    """``folder`` where nothing can be created, even by root (immutable), while the block runs."""
    if os.geteuid() == 0:
        subprocess.run(["chattr", "+i", str(folder)], check=True)  # noqa: S603, S607
        try:
            yield
        finally:
            subprocess.run(["chattr", "-i", str(folder)], check=True)  # noqa: S603, S607
    else:
        folder.chmod(0o555)
        try:
            yield
        finally:
            folder.chmod(0o755)


def test_a_state_file_in_a_read_only_folder(run: Run, tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    state = folder / "local.json"
    LocalLightsail.from_file(state, timings=FAST)
    with read_only(folder):
        shown = run("--local-state", str(state), "local", "show", local=False)
        assert shown.code == 0, shown.err  # reading is fine
        result = run(
            "--local-state", str(state), "--output", "json", "restore", "--instance-names", "web-2", *SNAP, local=False
        )
        assert result.code == 2, result.err
        assert no_traceback(result.err)
        assert f"--local-state: cannot use {state}" in result.err
        assert result.json()["refused"][0]["flag"] == "--local-state"
        reset = run("--local-state", str(state), "local", "reset", local=False)
        assert reset.code == 2 and no_traceback(reset.err)


def test_an_unknown_operation_id_and_missing_names_are_answers_not_tracebacks(run: Run) -> None:
    unknown = run("--output", "json", "wait", "--operation-ids", "00000000-0000-0000-0000-000000000000")
    assert unknown.code == 1 and unknown.json()["error"]["by"] == "local"
    missing = run("--output", "json", "wait", "--instance-names", "nope-1", "--timeout", "0.5")
    assert missing.code == 1 and no_traceback(missing.err)
    assert missing.json()["instances"][0]["status"] == "not_found"


def test_every_exit_path_prints_one_json_document(run: Run, state: Path) -> None:
    paths = {
        0: ["plan", "--instance-names", "web-2", *SNAP],
        1: ["restore", "--no-check", "--instance-names", "web-1", *SNAP],
        2: ["plan", "--instance-names", "web-2", *SNAP, "--ip-address-type", "ipv5"],
    }
    for code, argv in paths.items():
        result = run("--output", "json", *argv)
        assert result.code == code
        document = json.loads(result.out)  # exactly one document: json.loads refuses trailing data
        assert document["ok"] is (code == 0) and document["backend"]["kind"] == "local"
    usage = run("--output", "json", "plan", "--no-such-flag", local=False)
    assert usage.code == 2 and usage.json()["refused"][0]["rule"] == "usage"
    assert usage.json()["refused"][0]["flag"] == "--no-such-flag"
    abbreviated = run("--out=json", "restore", "--timeout", "soon", local=False)
    assert abbreviated.code == 2 and abbreviated.json()["refusedBy"] == "flags"
    no_region = run("--output", "json", "plan", "--instance-names", "web-2", *SNAP, local=False)
    assert no_region.code == 2 and no_region.json()["refusedBy"] == "configuration"
    infinite = run("--output", "json", "local", "reset", "--boot-seconds", "inf")
    assert infinite.code == 2 and "Infinity" not in infinite.out and infinite.json()["ok"] is False


class AnotherProcess(io.StringIO):
    """A terminal on stderr; once the live line shows the new instance, another process spoils the state file."""

    def __init__(self, state: Path, content: str) -> None:
        super().__init__()
        self.state, self.content, self.spoiled = state, content, False

    def isatty(self) -> bool:
        return True

    def write(self, text: str) -> int:
        if not self.spoiled and "web-2" in text:
            self.state.write_text(self.content, encoding="utf-8")
            self.spoiled = True
        return super().write(text)


@pytest.mark.parametrize("content", ["{not json", '{"version": 1}'], ids=["not-json", "version-1"])
def test_a_state_file_spoiled_after_the_create_is_no_refusal(state: Path, content: str) -> None:
    LocalLightsail.from_file(state).timings = Timings(operation_seconds=0.2, boot_seconds=0.5)
    out, err = io.StringIO(), AnotherProcess(state, content)
    argv = ["--local-state", str(state), "--output", "json", "restore", "--instance-names", "web-2", *SNAP]
    code = main(argv, stdout=out, stderr=err)
    assert err.spoiled
    assert code == 1, err.getvalue()  # the create was sent: not exit 2, whose promise is that nothing was
    document = json.loads(out.getvalue())
    assert document["ok"] is False and "refused" not in document
    assert document["error"]["errorCode"] == "LocalStateError"
    message = document["error"]["message"]
    assert f"the local state file {state} became unusable during the run" in message
    assert "created by this run: web-2 (operation " in message
    assert "nothing was sent" not in err.getvalue() and no_traceback(err.getvalue())
    assert "lightsail-restore: the local state file" in err.getvalue()


def test_non_finite_timings_in_the_state_file_are_a_clear_refusal(run: Run, state: Path) -> None:
    data = json.loads(state.read_text(encoding="utf-8"))
    for value in ("NaN", "Infinity"):
        data["timings"]["bootSeconds"] = 1.5
        text = json.dumps(data).replace('"bootSeconds": 1.5', f'"bootSeconds": {value}')
        state.write_text(text, encoding="utf-8")
        result = run("--output", "json", "local", "show")
        assert result.code == 2, result.err
        assert value not in result.out
        [problem] = result.json()["refused"]
        assert problem["rule"] == "local_state" and "timings" in problem["message"]


def test_reset_of_a_damaged_state_behind_a_symlink_keeps_the_symlink(run: Run, tmp_path: Path) -> None:
    target = tmp_path / "real" / "state.json"
    target.parent.mkdir()
    target.write_text("{not json", encoding="utf-8")
    target.chmod(0o640)
    link = tmp_path / "state.json"
    link.symlink_to(target)
    reset = run("--local-state", str(link), "local", "reset", local=False)
    assert reset.code == 0, reset.err
    assert link.is_symlink() and json.loads(target.read_text(encoding="utf-8"))["version"] == 2
    assert target.stat().st_mode & 0o777 == 0o640


def test_reset_never_replaces_what_is_not_a_regular_file(run: Run, tmp_path: Path) -> None:
    link = tmp_path / "state.json"
    link.symlink_to("/dev/null")  # a device, read as an empty file: no state in it
    shown = run("--local-state", str(link), "local", "show", local=False)
    assert shown.code == 2
    assert "local reset" not in shown.err  # no advice to replace a device
    reset = run("--local-state", str(link), "--output", "json", "local", "reset", local=False)
    assert reset.code == 2, reset.err
    [problem] = reset.json()["refused"]
    assert problem["rule"] == "local_state" and "is not a regular file" in problem["message"]
    assert link.is_symlink() and os.readlink(link) == "/dev/null"
