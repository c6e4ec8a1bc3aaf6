"""The static-IP move on the command line: a denied attach leaves the address where it serves and says so; an
interruption between the detach and the attach puts it back, and the report lists every write of the run, the
state it leaves and the commands that finish and that put the address back."""

from __future__ import annotations

import json
import os
import shlex
import signal
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, Final

import botocore.handlers
import pytest
from botocore.awsrequest import AWSPreparedRequest, AWSResponse
from botocore.compat import HTTPHeaders

from lightsail_restore.local import LocalLightsail

from .conftest import SNAP, Run, run_process

DONE_WHEN: Final = [
    "restore",
    "--instance-names",
    "web-2",
    *SNAP,
    "--copy-ports",
    "--static-ip",
    "web-ip",
    "--move-static-ip",
]
"""The command of issue 18's "done when"."""


def holder(state: Path) -> str | None:
    found = LocalLightsail.from_file(state).client().get_static_ip(staticIpName="web-ip")["staticIp"]
    return found.get("attachedTo") if found["isAttached"] else None


@pytest.mark.usefixtures("instant")
def test_with_attach_denied_the_restore_exits_1_and_leaves_web_ip_on_web_1_saying_so(tmp_path: Path) -> None:
    state = tmp_path / "S.json"
    reset = run_process(["--local-state", str(state), "local", "reset"])
    assert reset.code == 0, reset.err
    LocalLightsail.from_file(state).deny_access("AttachStaticIp")  # the access-denied refusal preset

    done = run_process(["--local-state", str(state), *DONE_WHEN])
    assert done.code == 1, done.err
    assert holder(state) == "web-1"
    assert "the static-ip step failed (AccessDeniedException: " in done.err
    assert "web-ip was not moved to web-2: web-ip is attached to web-1" in done.err
    assert "static-ip: failed: web-ip was not moved to web-2: web-ip is attached to web-1" in done.out
    assert "may not call lightsail:AttachStaticIp (AccessDeniedException): allow it, then run the same" in done.out
    assert "Traceback" not in done.err


class _Body:
    def __init__(self, data: bytes) -> None:
        self.data = data

    def stream(self, **_: Any) -> Iterator[bytes]:
        yield self.data


def _refused(request: AWSPreparedRequest) -> AWSResponse:
    """The move refused on the wire; the request the backend still sees names no instance, so it applies nothing
    (botocore calls every before-send handler and takes the first answer: this one)."""
    sent = request.body
    assert isinstance(sent, bytes)
    request.body = json.dumps({**json.loads(sent), "instanceName": "no-such-instance"}).encode()
    body = {"__type": "InvalidInputException", "message": "The static IP web-ip is already attached to web-1"}
    headers = HTTPHeaders()
    headers["Content-Type"] = "application/x-amz-json-1.1"
    return AWSResponse(request.url, 400, headers, _Body(json.dumps(body).encode()))


@pytest.fixture
def service_that_does_not_move(monkeypatch: pytest.MonkeyPatch) -> Callable[[Callable[[str], None]], None]:
    """Every boto3 client made from now on meets a service that refuses to move an attached static IP (its first
    AttachStaticIp is answered InvalidInputException on the wire), and ``on_attach(instance)`` runs before each
    attach is sent."""

    def install(on_attach: Callable[[str], None]) -> None:
        refused = False

        def refuse(request: AWSPreparedRequest, **_: Any) -> AWSResponse | None:
            nonlocal refused
            if refused:
                return None
            refused = True
            return _refused(request)

        def before(params: dict[str, Any], **_: Any) -> None:
            if refused:  # not the refused move
                on_attach(str(params.get("instanceName")))

        extra = [
            ("before-send.lightsail.AttachStaticIp", refuse),
            ("before-parameter-build.lightsail.AttachStaticIp", before),
        ]
        monkeypatch.setattr(botocore.handlers, "BUILTIN_HANDLERS", [*botocore.handlers.BUILTIN_HANDLERS, *extra])

    return install


@pytest.mark.parametrize(("signum", "code", "what"), [(signal.SIGINT, 130, "Ctrl-C"), (signal.SIGTERM, 143, "SIGTERM")])
def test_interrupted_between_the_detach_and_the_attach_the_static_ip_goes_back_and_the_report_says_so(
    run: Run,
    state: Path,
    service_that_does_not_move: Callable[[Callable[[str], None]], None],
    signum: int,
    code: int,
    what: str,
) -> None:
    def interrupt(instance: str) -> None:
        if instance == "web-2":  # after the detach, before the attach to web-2 is sent
            os.kill(os.getpid(), signum)

    service_that_does_not_move(interrupt)
    done = run("--output", "json", *DONE_WHEN)
    assert done.code == code, done.err
    assert holder(state) == "web-1"  # put back at once: fast, and the state before this run's detach
    interrupted = json.loads(done.out)["interrupted"]
    assert [(w["operation"], w["answer"]) for w in interrupted["writes"]] == [
        ("PutInstancePublicPorts", "done"),
        ("DetachStaticIp", "done"),
        ("AttachStaticIp", "done"),
    ]
    assert interrupted["writes"][1]["from"] == "web-1" and interrupted["writes"][2]["instanceName"] == "web-1"
    assert interrupted["leaves"] == ["web-ip is attached to web-1"] and interrupted["putBack"] == []
    assert f"lightsail-restore: interrupted ({what})." in done.err
    assert (
        "  written by this run: firewall rules put on web-2 (PutInstancePublicPorts); web-ip detached from web-1 "
        "(DetachStaticIp); web-ip attached to web-1 (AttachStaticIp)"
    ) in done.err
    assert "  it leaves: web-ip is attached to web-1" in done.err
    assert interrupted["resume"] in done.err


def test_a_second_interrupt_while_putting_it_back_leaves_it_on_no_instance_and_says_how_to_put_it_back(
    run: Run, state: Path, service_that_does_not_move: Callable[[Callable[[str], None]], None]
) -> None:
    service_that_does_not_move(lambda _instance: os.kill(os.getpid(), signal.SIGINT))  # every attach after the detach
    done = run("--output", "json", *DONE_WHEN)
    assert done.code == 130, done.err
    assert holder(state) is None
    interrupted = json.loads(done.out)["interrupted"]
    assert [w["operation"] for w in interrupted["writes"]] == ["PutInstancePublicPorts", "DetachStaticIp"]
    assert interrupted["leaves"] == ["web-ip is attached to no instance"]
    [back] = interrupted["putBack"]
    assert (back["staticIpName"], back["instanceName"]) == ("web-ip", "web-1")
    assert "  it leaves: web-ip is attached to no instance" in done.err
    assert f"  or, to put web-ip back on web-1: {back['command']}" in done.err
    assert interrupted["resume"] in done.err  # the command that finishes
    put = subprocess.run(shlex.split(back["command"]), capture_output=True, text=True, timeout=60, check=False)  # noqa: S603
    assert put.returncode == 0, put.stderr
    assert holder(state) == "web-1"  # the command does what it says


def test_a_failed_step_that_could_not_put_it_back_gives_the_command_for_this_backend(
    run: Run, state: Path, service_that_does_not_move: Callable[[Callable[[str], None]], None]
) -> None:
    """After the detach, every attach is denied (the put-back too): the step says web-ip is on no instance, and the
    command that puts it back is one this backend answers (the local state file's, not the AWS CLI's)."""
    service_that_does_not_move(lambda _instance: LocalLightsail.from_file(state).deny_access("AttachStaticIp"))
    done = run("--output", "json", *DONE_WHEN)
    assert done.code == 1, done.err
    assert holder(state) is None
    static = json.loads(done.out)["steps"][-1]
    assert (
        static["status"] == "failed" and "putting it back failed: web-ip is attached to no instance" in static["detail"]
    )
    command = static["detail"].partition("to put it back on web-1: ")[2].partition("; or run the same")[0]
    assert "aws lightsail" not in static["detail"] and command in done.err
    LocalLightsail.from_file(state).clear_refusals()
    put = subprocess.run(shlex.split(command), capture_output=True, text=True, timeout=60, check=False)  # noqa: S603
    assert put.returncode == 0, put.stderr
    assert holder(state) == "web-1"
