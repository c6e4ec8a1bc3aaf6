"""The readiness gate: Lightsail's status checks, then health checks probed with real sockets on 127.0.0.1.

The servers are real (a TCP listener, an HTTP server answering 200 or 500, a port that accepts and never sends an
SSH banner); the local backend sends the probes of a restored instance to 127.0.0.1. Time is a manual clock, so
the gate's pauses cost nothing; only an attempt's own socket timeout is real.
"""

from __future__ import annotations

import http.server
import json
import random
import socket
import threading
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

import pytest

from lightsail_restore import (
    HealthCheck,
    HttpCheck,
    LightsailRestoreClient,
    RequestValidationError,
    SshCheck,
    TcpCheck,
)
from lightsail_restore._api import LightsailApi
from lightsail_restore.local import LocalLightsail, ManualClock
from lightsail_restore.restore._steps.ready import ReadinessError, _address, _with_health_status

if TYPE_CHECKING:
    from mypy_boto3_lightsail.client import LightsailClient

WEB_2: dict[str, Any] = {
    "instanceNames": ["web-2"],
    "availabilityZone": "us-east-2a",
    "bundleId": "micro_3_0",
    "instanceSnapshotName": "web-1-snap",
}
MOVE: dict[str, Any] = {"copy_ports": True, "static_ip": "web-ip", "move_static_ip": True}


class _Answer(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        status = 200 if self.path == "/healthz" else 500
        self.send_response(status)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"ok")

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def web() -> Iterator[http.server.ThreadingHTTPServer]:
    """An HTTP server on 127.0.0.1: 200 on /healthz, 500 elsewhere."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Answer)
    # its loop looks for shutdown() every 10 ms (0.5 s by default: half a second of every test at its teardown)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def listener() -> Iterator[socket.socket]:
    """A TCP listener on 127.0.0.1 that accepts (the kernel's backlog) and never sends anything."""
    with socket.create_server(("127.0.0.1", 0)) as server:
        yield server


@pytest.fixture
def bound() -> Iterator[socket.socket]:
    """A port of 127.0.0.1 bound but not listening: a connection to it is refused until ``listen()``."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(("127.0.0.1", 0))
        yield sock


@pytest.fixture
def banner() -> Iterator[Any]:
    """Start a server on 127.0.0.1 that greets every connection with a line (an SSH banner, or not), then closes."""
    servers: list[socket.socket] = []

    def start(line: bytes) -> int:
        server = socket.create_server(("127.0.0.1", 0))
        servers.append(server)

        def serve() -> None:
            while True:
                try:
                    connection, _ = server.accept()
                except OSError:
                    return
                with connection:
                    connection.sendall(line)

        threading.Thread(target=serve, daemon=True).start()
        return port(server)

    yield start
    for server in servers:
        server.close()


def port(server: Any) -> int:
    address = server.server_address if hasattr(server, "server_address") else server.getsockname()
    return int(address[1])


def holder(boto: LightsailClient) -> str | None:
    found = boto.get_static_ip(staticIpName="web-ip")["staticIp"]
    return found.get("attachedTo") if found["isAttached"] else None


def steps(outcome: Any) -> list[tuple[str, str]]:
    return [(s.name, s.status) for s in outcome.steps]


def step(outcome: Any, name: str) -> Any:
    return next(s for s in outcome.steps if s.name == name)


# -- the local backend's status checks --------------------------------------------------------------------------
def test_status_checks_go_through_every_state(
    backend: LocalLightsail,
    client: LightsailRestoreClient,
    boto: LightsailClient,
    clock: ManualClock,
    hooks: Callable[[str, Callable[..., Any]], None],
) -> None:
    client.restore(WEB_2, wait=False, check=False)
    api = LightsailApi(boto)

    def statuses() -> tuple[str, str]:
        answer = _with_health_status(api, "web-2")
        return answer["instanceStatus"]["status"], answer["systemStatus"]["status"]

    assert "instanceStatus" not in boto.get_instance(instanceName="web-2")["instance"]  # only when asked (E49)
    assert "instanceStatus" not in _raw_instances(boto, hooks, ask=False)["web-2"]
    assert statuses() == ("not-applicable", "not-applicable")  # pending: not running
    clock.advance(backend.timings.boot_seconds)
    assert statuses() == ("initializing", "initializing")
    listed = _raw_instances(boto, hooks, ask=True)
    assert listed["web-2"]["instanceStatus"]["details"] == [{"name": "reachability", "status": "initializing"}]
    assert listed["web-1"]["instanceStatus"]["status"] == "ok"
    clock.advance(backend.timings.checks_seconds)
    assert statuses() == ("ok", "ok")
    backend.impair("web-2")
    assert statuses() == ("impaired", "ok")
    detail = _with_health_status(api, "web-2")["instanceStatus"]
    assert detail["details"][0]["status"] == "failed" and "impairedSince" in detail["details"][0]
    assert backend.refusals["impaired"] == [{"instanceName": "web-2", "region": None}]
    backend.impair("web-2", impaired=False)
    assert statuses() == ("ok", "ok")
    backend.impair("web-2", region="us-west-2")  # another Region's web-2
    assert statuses() == ("ok", "ok")
    asked = [r.params for r in backend.requests if r.operation == "GetInstance"]
    assert asked[-1] == {"instanceName": "web-2", "includeHealthStatus": True}  # on the wire, whatever the model


def _raw_instances(
    boto: LightsailClient, hooks: Callable[[str, Callable[..., Any]], None], *, ask: bool
) -> dict[str, Any]:
    """GetInstances as the service answered it (with includeHealthStatus when ``ask``), read from the raw body."""
    raw: dict[str, Any] = {}

    def add(params: dict[str, Any], **_: Any) -> None:
        if ask:
            params["body"] = json.dumps({**json.loads(params["body"] or b"{}"), "includeHealthStatus": True}).encode()

    def keep(http_response: Any, **_: Any) -> None:
        raw.update({i["name"]: i for i in json.loads(http_response.content)["instances"]})

    hooks("before-call.lightsail.GetInstances", add)
    hooks("after-call.lightsail.GetInstances", keep)
    boto.get_instances()
    return raw


def test_the_impaired_preset_and_the_checks_timing_are_kept_in_the_state_file(tmp_path: Any) -> None:
    path = tmp_path / "local.json"
    first = LocalLightsail.from_file(path)
    first.impair("web-1")
    first.timings = first.timings.__class__(checks_seconds=3.5)
    again = LocalLightsail.from_file(path)
    assert again.refusals["impaired"] == [{"instanceName": "web-1", "region": None}]
    assert again.timings.checks_seconds == 3.5
    again.clear_refusals()
    assert LocalLightsail.from_file(path).refusals["impaired"] == []


# -- the gate ---------------------------------------------------------------------------------------------------
def test_a_passing_gate_moves_the_static_ip(
    client: LightsailRestoreClient, boto: LightsailClient, clock: ManualClock, web: Any, listener: socket.socket
) -> None:
    checks: list[HealthCheck | str] = [f"http:{port(web)}/healthz", TcpCheck(port=port(listener))]
    outcome = client.restore(WEB_2, clock=clock, health_checks=checks, **MOVE)
    assert outcome.ok
    assert steps(outcome)[3:] == [("ports", "done"), ("ready", "done"), ("static-ip", "done")]
    assert "status checks and http:" in step(outcome, "ready").detail
    assert holder(boto) == "web-2"


def test_move_static_ip_alone_waits_for_the_status_checks(
    backend: LocalLightsail, client: LightsailRestoreClient, boto: LightsailClient, clock: ManualClock
) -> None:
    outcome = client.restore(WEB_2, clock=clock, **MOVE)
    assert outcome.ok and step(outcome, "ready").status == "done"
    assert clock.monotonic() >= backend.timings.boot_seconds + backend.timings.checks_seconds
    checked = [r for r in backend.requests if r.operation == "GetInstance" and r.params.get("includeHealthStatus")]
    assert checked and all(r.params["instanceName"] == "web-2" for r in checked)


@pytest.mark.parametrize(
    ("check", "error"),
    [
        (lambda web, listener, bound: f"http:{port(web)}/broken", "answered HTTP 500, not 200"),
        (lambda web, listener, bound: HttpCheck(port=port(web), path="/healthz", expected_status=204), "HTTP 200"),
        (lambda web, listener, bound: TcpCheck(port=port(bound)), "connection refused"),
        (lambda web, listener, bound: SshCheck(port=port(listener), timeout=0.02), "no answer within 0.02 s"),
        (lambda web, listener, bound: SshCheck(port=bound.getsockname()[1]), "connection refused"),
    ],
    ids=["http-500", "http-unexpected-status", "tcp-refused", "ssh-no-banner", "ssh-refused"],
)
def test_a_failing_gate_moves_nothing_and_says_which_check_failed(
    backend: LocalLightsail,
    client: LightsailRestoreClient,
    boto: LightsailClient,
    clock: ManualClock,
    web: Any,
    listener: socket.socket,
    bound: socket.socket,
    check: Any,
    error: str,
) -> None:
    web_1_rules = boto.get_instance_port_states(instanceName="web-1")["portStates"]
    web_1_address = boto.get_instance(instanceName="web-1")["instance"]["publicIpAddress"]
    outcome = client.restore(
        WEB_2,
        clock=clock,
        timeout=120,
        health_checks=[check(web, listener, bound)],
        rng=random.Random(0),  # noqa: S311 - the same pauses every run: the last try has 0.02 s or more left
        **MOVE,
    )
    assert not outcome.ok and outcome.succeeded == ("web-2",)
    assert steps(outcome)[3:] == [("ports", "done"), ("ready", "failed"), ("static-ip", "skipped")]
    gate = step(outcome, "ready")
    assert isinstance(gate.error, ReadinessError) and error in gate.error.last_error
    assert gate.error.instance == "web-2" and gate.error.attempts > 1
    assert "web-ip stays where it is" in gate.detail and "run the same restore again" in gate.detail
    assert gate.to_dict()["error"]["attempts"] == gate.error.attempts
    assert gate.to_dict()["error"]["lastError"] == gate.error.last_error
    assert "readiness gate did not pass" in step(outcome, "static-ip").detail
    assert holder(boto) == "web-1"  # the old instance keeps its address and its rules
    assert boto.get_instance(instanceName="web-1")["instance"]["publicIpAddress"] == web_1_address
    assert boto.get_instance_port_states(instanceName="web-1")["portStates"] == web_1_rules
    assert backend.calls("DetachStaticIp") == backend.calls("AttachStaticIp") == 0


def test_the_ssh_check_reads_the_banner(
    client: LightsailRestoreClient, boto: LightsailClient, clock: ManualClock, banner: Any
) -> None:
    smtp = SshCheck(port=banner(b"220 mail.example.com ESMTP\r\n"), timeout=2)
    refused = client.restore(WEB_2, clock=clock, timeout=60, health_checks=[smtp], **MOVE)
    gate = step(refused, "ready")
    assert gate.error.last_error == "answered '220 mail.example.com ESMTP', not an SSH-2.0 banner"
    assert holder(boto) == "web-1"
    ssh = SshCheck(port=banner(b"SSH-2.0-OpenSSH_9.6p1 Ubuntu-3ubuntu13\r\n"), timeout=2)
    passed = client.restore(WEB_2, clock=clock, timeout=60, health_checks=[ssh], **MOVE)
    assert passed.ok and holder(boto) == "web-2"


def test_the_gate_ends_by_the_restores_deadline(
    backend: LocalLightsail, client: LightsailRestoreClient, boto: LightsailClient, clock: ManualClock
) -> None:
    backend.impair("web-2")
    outcome = client.restore(WEB_2, clock=clock, timeout=300, **MOVE)
    gate = step(outcome, "ready")
    assert gate.status == "failed" and isinstance(gate.error, ReadinessError)
    assert gate.error.check == "status checks" and gate.error.last_error == "instanceStatus impaired, systemStatus ok"
    assert 300 <= clock.monotonic() <= 300 + 1  # it tried until the deadline, and not past it
    assert holder(boto) == "web-1"


def test_a_rerun_after_the_server_comes_up_finishes(
    client: LightsailRestoreClient, boto: LightsailClient, clock: ManualClock, bound: socket.socket
) -> None:
    checks = [TcpCheck(port=port(bound))]
    failed = client.restore(WEB_2, clock=clock, timeout=120, health_checks=checks, **MOVE)
    assert step(failed, "ready").status == "failed" and holder(boto) == "web-1"
    bound.listen()  # the server comes up
    finished = client.restore(WEB_2, clock=clock, timeout=120, health_checks=checks, **MOVE)
    assert finished.ok
    assert steps(finished) == [
        ("plan", "done"),
        ("create", "skipped"),
        ("wait", "done"),
        ("ports", "skipped"),
        ("ready", "done"),
        ("static-ip", "done"),
    ]
    assert holder(boto) == "web-2"


def test_the_outcome_names_the_check_that_failed_not_the_one_that_passed(
    backend: LocalLightsail, client: LightsailRestoreClient, clock: ManualClock, web: Any, bound: socket.socket
) -> None:
    checks: list[HealthCheck | str] = [f"http:{port(web)}/healthz", TcpCheck(port=port(bound))]
    outcome = client.restore(WEB_2, clock=clock, timeout=120, health_checks=checks)
    gate = step(outcome, "ready")
    assert gate.status == "failed" and gate.error.check == f"tcp:{port(bound)}"
    assert gate.error.attempts > 2


def test_the_plan_lists_the_gate_and_warns_of_a_port_the_firewall_keeps_closed(client: LightsailRestoreClient) -> None:
    plan = client.plan(WEB_2, health_checks=["http:80/healthz", "tcp:5432"], **MOVE)
    gate = next(f for f in plan.findings if f.rule == "ready_gate")
    assert gate.severity == "info" and gate.path == "healthChecks"
    assert "before web-ip moves: web-2 must pass Lightsail's status checks and http:80/healthz and tcp:5432" in (
        gate.message
    )
    closed = [f for f in plan.warnings if f.rule == "ready_port_closed"]
    assert [f.path for f in closed] == ["healthChecks[1].port"]  # web-1's rules open 80, not 5432
    assert not any(f.rule == "ready_gate" for f in client.plan(WEB_2).findings)
    moved = client.plan(WEB_2, **MOVE)
    assert "must pass Lightsail's status checks," in next(f for f in moved.findings if f.rule == "ready_gate").message


def test_broken_health_checks_are_refused_before_anything_is_sent(
    backend: LocalLightsail, client: LightsailRestoreClient
) -> None:
    with pytest.raises(RequestValidationError) as refused:
        client.restore(WEB_2, health_checks=["tcp:0", "http:80 /x", "ftp:21", SshCheck(port=22)])
    assert [(i.path, i.rule) for i in refused.value.issues] == [
        ("healthChecks[0].port", "port_range"),
        ("healthChecks[1].path", "http_path"),
        ("healthChecks[2]", "health_check_form"),
    ]
    with pytest.raises(RequestValidationError) as timeout:
        TcpCheck(port=22, timeout=0)
    assert timeout.value.issues[0].path == "timeout"
    with pytest.raises(RequestValidationError) as no_wait:
        client.restore(WEB_2, wait=False, health_checks=["tcp:22"])
    assert no_wait.value.issues[0].rule == "cut_over_needs_wait"
    assert backend.requests == []


def test_the_probe_goes_to_the_public_address_or_ipv6_for_an_ipv6_only_bundle(shared_boto: LightsailClient) -> None:
    api = LightsailApi(shared_boto)  # attached to no backend: no handler names another address
    dual = {"ipAddressType": "dualstack", "publicIpAddress": "192.0.2.7", "ipv6Addresses": ["2001:db8::7"]}
    assert _address(api, dual) == "192.0.2.7"
    assert _address(api, {"ipAddressType": "ipv6", "ipv6Addresses": ["2001:db8::7"]}) == "2001:db8::7"
    assert _address(api, {"ipAddressType": "ipv4"}) is None
    backend = LocalLightsail.empty()
    backend.attach(shared_boto)
    try:
        assert _address(api, dual) == "127.0.0.1"  # the local backend's instances are probed on this machine
    finally:
        backend.detach(shared_boto)
