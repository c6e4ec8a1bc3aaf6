"""The live progress line on a real terminal (a pseudo-terminal of 40 columns): never wider than the terminal, so
it never wraps and leaves lines behind; it shows done/total, the time waited and the deadline."""

from __future__ import annotations

import fcntl
import io
import os
import pty
import re
import struct
import subprocess
import sys
import termios
from datetime import datetime
from pathlib import Path

import pytest

from lightsail_restore import InstanceProgress
from lightsail_restore.cli import main
from lightsail_restore.cli._progress import Progress
from lightsail_restore.cli._style import Style, wants_color
from lightsail_restore.local import LocalLightsail, Timings

from .conftest import SNAP

ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
NAMES = [f"web-{n}" for n in range(2, 10)]


def test_the_live_line_fits_a_40_column_terminal(state: Path) -> None:
    LocalLightsail.from_file(state).timings = Timings(operation_seconds=0.3, boot_seconds=1.5)
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 40, 0, 0))
    env = {key: value for key, value in os.environ.items() if key not in ("COLUMNS", "LINES", "NO_COLOR")}
    argv = ["--local-state", str(state), "--color", "on", "restore", "--instance-names", *NAMES, *SNAP]
    process = subprocess.Popen(  # noqa: S603 - our own command
        [sys.executable, "-m", "lightsail_restore", *argv], stdout=subprocess.PIPE, stderr=slave, env=env, text=True
    )
    os.close(slave)
    chunks = []
    while True:
        try:
            data = os.read(master, 4096)
        except OSError:  # the other end closed
            break
        if not data:
            break
        chunks.append(data)
    out, _ = process.communicate(timeout=60)
    os.close(master)
    whole = b"".join(chunks).decode("utf-8")
    assert process.returncode == 0, whole
    assert "Traceback" not in whole
    terminal = re.split(r"(?:\x1b\[[0-9;]*m)*lightsail-restore: ", whole)[0]  # the plan's warnings follow the progress
    redraws = [ANSI.sub("", part) for part in re.split(r"[\r\n]", terminal) if ANSI.sub("", part)]
    assert len(redraws) >= 2, terminal
    assert all(len(line) <= 39 for line in redraws), [line for line in redraws if len(line) > 39]
    assert any(line.startswith("0/8 done, ") for line in redraws)
    assert any(line.endswith("…") for line in redraws)  # cut to fit
    assert "\n" not in terminal  # redrawn in place: no line left behind
    assert terminal.endswith("\r\x1b[K")  # erased before the table
    assert out.count("succeeded") == 8


def rows(*statuses: str, elapsed: float = 75.0) -> list[InstanceProgress]:
    return [
        InstanceProgress(name, status, elapsed, status == "running")
        for name, status in zip(NAMES, statuses, strict=False)
    ]


def test_the_line_says_done_total_elapsed_and_deadline() -> None:
    stream = io.StringIO()
    at = datetime(2026, 11, 27, 14, 0, 0)
    progress = Progress(stream, mode="live", style=Style(), timeout=900, width=200, now=lambda: at)
    progress(rows("running", "pending", "pending"))
    assert stream.getvalue() == (
        "\r1/3 done, 1m15s of 15m00s (deadline 14:13:45): running web-2; pending web-3, web-4\x1b[K"
    )
    progress.close()
    assert stream.getvalue().endswith("\r\x1b[K")


def test_plain_lines_only_when_something_changes() -> None:
    stream = io.StringIO()
    progress = Progress(stream, mode="plain", style=Style(color=True), timeout=60)
    progress(rows("pending", "pending", elapsed=1))
    progress(rows("pending", "pending", elapsed=2))
    progress(rows("running", "pending", elapsed=3))
    lines = stream.getvalue().splitlines()
    assert [line.split(":", 1)[0].split(" (")[0] for line in lines] == [
        "0/2 done, 1s of 1m00s",
        "1/2 done, 3s of 1m00s",
    ]
    assert "\x1b[32mrunning\x1b[0m web-2" in lines[1]


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_colors_follow_the_flag_the_terminal_and_no_color(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.delenv("TERM", raising=False)
    assert wants_color("auto", Terminal()) is True
    assert wants_color(None, io.StringIO()) is False
    monkeypatch.setenv("NO_COLOR", "1")
    assert wants_color("auto", Terminal()) is False
    assert wants_color("on", io.StringIO()) is True
    assert wants_color("off", Terminal()) is False


@pytest.mark.parametrize("timeout", ["1e12", "1e308"])
def test_a_timeout_past_the_calendar_shows_no_deadline(timeout: str, state: Path) -> None:
    out, err = io.StringIO(), io.StringIO()
    argv = ["--local-state", str(state), "restore", "--timeout", timeout, "--instance-names", "web-2", *SNAP]
    assert main(argv, stdout=out, stderr=err) == 0, err.getvalue()
    first = err.getvalue().splitlines()[0]
    assert "(no deadline)" in first and len(first) < 120, first
    assert "web-2     succeeded" in out.getvalue()
