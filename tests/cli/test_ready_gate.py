"""``--health-check`` on the command line: issue 20's done-when commands as processes, with a real HTTP server on
127.0.0.1 (the local backend probes a restored instance there), the refusals naming the flag, the plan's gate."""

from __future__ import annotations

import http.server
import socket
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from lightsail_restore.local import LocalLightsail

from .conftest import SNAP, Run, run_process

WEB_2 = ["--instance-names", "web-2", *SNAP]
MOVE = ["--copy-ports", "--static-ip", "web-ip", "--move-static-ip"]


class _Healthz(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        self.send_response(200 if self.path == "/healthz" else 500)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def healthz() -> Iterator[int]:
    """The port of an HTTP server on 127.0.0.1 answering 200 on /healthz."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Healthz)
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True).start()  # shut fast
    yield int(server.server_address[1])
    server.shutdown()
    server.server_close()


@pytest.fixture
def dead_port() -> Iterator[int]:
    """A port of 127.0.0.1 where nothing listens (bound, so no one else takes it meanwhile)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        yield int(sock.getsockname()[1])


def holder(state: Path) -> Any:
    return LocalLightsail.from_file(state).client().get_static_ip(staticIpName="web-ip")["staticIp"]["attachedTo"]


def gate(doc: dict[str, Any]) -> dict[str, Any]:
    return next(s for s in doc["steps"] if s["name"] == "ready")


@pytest.mark.usefixtures("instant")
def test_done_when_a_passing_health_check_lets_the_static_ip_move(state: Path, healthz: int) -> None:
    argv = ["--local-state", str(state), "restore", *WEB_2, *MOVE, "--health-check", f"http:{healthz}/healthz"]
    result = run_process([*argv, "--output", "json"])
    assert result.code == 0, result.err
    doc = result.json()
    assert [s["name"] for s in doc["steps"]][3:] == ["ports", "ready", "static-ip"]
    assert gate(doc)["status"] == "done"
    assert f"status checks and http:{healthz}/healthz passed" in gate(doc)["detail"]
    assert holder(state) == "web-2"


@pytest.mark.usefixtures("instant")
def test_done_when_nothing_listening_exits_1_and_the_static_ip_stays(state: Path, dead_port: int) -> None:
    check = f"http:{dead_port}/healthz"
    argv = ["--local-state", str(state), "restore", *WEB_2, *MOVE, "--health-check", check, "--timeout", "20"]
    result = run_process([*argv, "--output", "json"])
    assert result.code == 1, result.err
    doc = result.json()
    assert doc["ok"] is False and doc["instances"][0]["status"] == "succeeded"
    failed = gate(doc)
    assert failed["status"] == "failed"
    error = failed["error"]
    assert (error["type"], error["instance"], error["check"]) == ("ReadinessError", "web-2", check)
    assert error["attempts"] >= 2 and error["lastError"].startswith("connection refused")
    assert next(s for s in doc["steps"] if s["name"] == "static-ip")["status"] == "skipped"
    assert "lightsail-restore: the ready step failed" in result.err
    assert holder(state) == "web-1"


def test_the_text_says_which_check_failed_how_often_and_why(run: Run, state: Path, dead_port: int) -> None:
    failed = run("restore", *WEB_2, *MOVE, "--health-check", f"tcp:{dead_port}", "--timeout", "3")
    assert failed.code == 1
    line = next(line for line in failed.out.splitlines() if line.startswith("ready: failed: "))
    assert f"web-2: tcp:{dead_port} did not pass (tried " in line and "last error: connection refused" in line
    assert "web-ip stays where it is, nothing was moved from the old instance" in line
    assert "still running: web-2; run the same command again to finish" in failed.err
    said = next(line for line in failed.err.splitlines() if "the ready step failed" in line)
    assert "nothing was moved from the old instance; still running: web-2" in said  # the rerun said once, its way
    assert "the same restore" not in said
    assert holder(state) == "web-1"


@pytest.mark.parametrize(
    ("flags", "refused"),
    [
        (["--health-check", "tcp:0"], [("--health-check", "healthChecks[0].port", "port_range")]),
        (
            ["--health-check", "ssh", "--health-check", "http:80healthz"],
            [("--health-check", "healthChecks[1].path", "http_path")],
        ),
        (["--health-check", "ping"], [("--health-check", "healthChecks[0]", "health_check_form")]),
        (["--health-check", "tcp:22", "--no-wait"], [("--no-wait", "", "cut_over_needs_wait")]),
    ],
    ids=["port 0", "path without slash", "unknown kind", "no wait"],
)
def test_bad_health_checks_are_refused_naming_the_flag(
    flags: list[str], refused: list[tuple[str, str, str]], run: Run, state: Path
) -> None:
    before = LocalLightsail.from_file(state).to_json()
    result = run("--output", "json", "restore", *flags, *WEB_2)
    assert result.code == 2, result.err
    doc = result.json()
    assert doc["sent"] is False
    assert [(p["flag"], p["path"], p["rule"]) for p in doc["refused"]] == refused
    assert LocalLightsail.from_file(state).to_json() == before


def test_the_plan_lists_the_gate_and_the_help_the_flag(run: Run) -> None:
    planned = run("--output", "json", "plan", *WEB_2, *MOVE, "--health-check", "ssh", "--health-check", "tcp:5432")
    assert planned.code == 0, planned.err
    findings = {f["rule"]: f for f in planned.json()["findings"]}
    assert "web-2 must pass Lightsail's status checks and ssh:22 and tcp:5432" in findings["ready_gate"]["message"]
    assert findings["ready_port_closed"]["path"] == "healthChecks[1].port"
    assert "open the port with --ports FILE or --copy-ports" in findings["ready_port_closed"]["message"]
    for command in ("plan", "restore"):
        assert "--health-check CHECK" in run(command, "--help").out
