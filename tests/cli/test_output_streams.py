"""Where the output goes can fail, and the command still says what happened: a closed or full stdout is a clear
message and exit 1; a closed or full stderr never stops a restore; a ``--query`` that fails on the result (a
JMESPath type error) prints the whole result instead, and says so.

Found by trying to break the command: each of these was an ``internal error``, and a closed stderr ended a
restore in the middle of its wait.
"""

from __future__ import annotations

import errno
import io
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from lightsail_restore.cli import main
from lightsail_restore.local import LocalLightsail

from .conftest import SNAP, Run


class Full(io.StringIO):
    """A stream on a full disk: every write fails with ENOSPC."""

    def write(self, text: str) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")


def test_a_full_stdout_is_a_message_and_exit_1(state: Path) -> None:
    err = io.StringIO()
    argv = ["--local-state", str(state), "plan", "--instance-names", "web-2", *SNAP]
    code = main(argv, stdout=Full(), stderr=err)
    assert code == 1
    assert "lightsail-restore: cannot write the output to stdout: No space left on device" in err.getvalue()
    assert "internal error" not in err.getvalue()


def test_a_full_stderr_never_stops_a_restore(state: Path) -> None:
    out = io.StringIO()
    argv = ["--local-state", str(state), "--output", "json", "restore", "--instance-names", "web-2", *SNAP]
    assert main(argv, stdout=out, stderr=Full()) == 0
    document = json.loads(out.getvalue())
    assert document["ok"] is True and document["instances"][0]["status"] == "succeeded"
    table = io.StringIO()
    again = ["--local-state", str(state), "restore", "--instance-names", "web-3", *SNAP]
    assert main(again, stdout=table, stderr=Full()) == 0  # plain progress lines go to stderr: they fail quietly
    assert "web-3     succeeded" in table.getvalue()


def test_a_refusal_with_a_full_stderr_still_exits_2(state: Path) -> None:
    out = io.StringIO()
    assert main(["--local-state", str(state), "plan", "--no-such-flag"], stdout=out, stderr=Full()) == 2


def _closed(
    redirect: str, argv: list[str], *, stdout: int | None = None, stderr: int | None = None
) -> subprocess.CompletedProcess[str]:
    """Our command run by a shell that closes one of its streams first (``redirect``: ``>&-`` or ``2>&-``)."""
    shell = ["/bin/sh", "-c", f'"$@" {redirect}', "sh", *argv]
    return subprocess.run(shell, stdout=stdout, stderr=stderr, text=True, check=False, timeout=60)  # noqa: S603 - our own command


def test_closed_stdout_and_stderr_in_a_real_process(state: Path) -> None:
    argv = [sys.executable, "-m", "lightsail_restore", "--local-state", str(state)]
    request = ["--instance-names", "web-2", *SNAP]
    no_stdout = _closed(">&-", [*argv, "plan", *request], stderr=subprocess.PIPE)  # closes stdout
    assert no_stdout.returncode == 1
    assert "lightsail-restore: cannot write the output to stdout: " in no_stdout.stderr
    assert "internal error" not in no_stdout.stderr
    no_stderr = _closed("2>&-", [*argv, "restore", *request], stdout=subprocess.PIPE)  # closes where progress goes
    assert no_stderr.returncode == 0
    assert "web-2     succeeded  running" in no_stderr.stdout
    names = [i["name"] for i in LocalLightsail.from_file(state).client().get_instances()["instances"]]
    assert "web-2" in names


@pytest.mark.parametrize("output", ["json", "text", "yaml"])
def test_a_query_that_fails_on_the_result_prints_the_whole_result(run: Run, output: str) -> None:
    result = run("--output", output, "--query", "length(`1`)", "restore", "--instance-names", "web-2", *SNAP)
    assert result.code == 1, result.err
    assert "lightsail-restore: --query could not be applied to the result (In function length()" in result.err
    assert "the whole result is printed instead" in result.err
    assert "internal error" not in result.err
    assert "web-2" in result.out and "succeeded" in result.out  # what the restore did is not lost
    if output == "json":
        assert result.json()["instances"][0]["status"] == "succeeded"


def test_a_query_that_fails_on_a_refusal_keeps_exit_2(run: Run) -> None:
    result = run("--output", "json", "--query", "abs(refusedBy)", "plan", "--instance-names", "web-1", *SNAP)
    assert result.code == 2
    assert result.json()["refusedBy"] == "plan"
    assert "--query could not be applied to the result" in result.err


def test_a_query_that_finds_nothing_is_null(run: Run) -> None:
    for output, printed in (("json", "null"), ("text", "None"), ("table", "None")):
        result = run("--output", output, "--query", "no.such.member", "plan", "--instance-names", "web-2", *SNAP)
        assert (result.code, result.out) == (0, printed + "\n"), result.err


@pytest.mark.parametrize("output", ["text", "yaml"])
def test_interrupted_while_the_command_line_is_read_prints_the_document_in_text_and_yaml(
    tmp_path: Path, output: str
) -> None:
    fifo = tmp_path / "zone"
    os.mkfifo(fifo)  # reading a flag's file:// value blocks until a writer comes: the parser is still at work
    argv = ["--local-state", str(tmp_path / "s.json"), "--output", output, "plan", "--availability-zone"]
    process = subprocess.Popen(  # noqa: S603 - our own command
        [sys.executable, "-m", "lightsail_restore", *argv, f"file://{fifo}"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 30
    while True:  # a writer can open the FIFO once the command opens it to read: it is reading, however slow
        try:
            writer = os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)
            break
        except OSError:  # ENXIO: no reader yet
            assert time.monotonic() < deadline and process.poll() is None, "the command never read the file"
            time.sleep(0.01)
    process.send_signal(signal.SIGINT)  # while it waits for the file's content
    out, err = process.communicate(timeout=30)
    os.close(writer)
    assert process.returncode == 130, err
    assert "interrupted (Ctrl-C) before anything was sent" in err
    assert ("INTERRUPTED\tFalse\tNone\tSIGINT" if output == "text" else "  signal: SIGINT") in out


def test_a_query_applies_to_a_usage_error_too(run: Run) -> None:
    for output, printed in (("text", "usage"), ("json", '"usage"'), ("table", "usage")):
        result = run("--output", output, "--query", "refused[0].rule", "plan", "--no-such-flag", local=False)
        assert (result.code, result.out) == (2, printed + "\n"), result.err
    broken = run("--output", "json", "--query", "refused[", "plan", "--no-such-flag", local=False)
    assert broken.code == 2 and broken.json()["refused"][0]["flag"] == "--no-such-flag"  # the whole document
