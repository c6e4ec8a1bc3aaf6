"""The readiness gate: a new instance must serve before anything moves to it from the old one.

``running`` means the machine booted, not that it answers. The gate runs after the ``ports`` step (the probes
come through the new instance's firewall) and before the ``static-ip`` step: each running new instance must pass
Lightsail's status checks (``GetInstance`` with ``includeHealthStatus``: ``instanceStatus`` and ``systemStatus``
both ``ok``, E49) and then every health check given (``request/_health.py``), probed with real sockets from this
machine to the instance's public address (IPv4; IPv6 for an IPv6-only bundle) by ``_probes.py``. A client may
name another address to probe: the local backend answers the ``lightsail-restore-probe-address`` event of its
boto3 client with ``127.0.0.1`` (see ``docs/local.md``).

Each check has its own timeout per attempt and is tried again, round after round, until the restore's one
deadline. A check that passed stays passed. When the deadline comes first, the step fails, saying which check of
which instance did not pass, how many attempts it had and its last error, and the run halts: the static IP stays
where it is, so the old instance keeps its address and its rules. A rerun checks again and goes on when they pass.

The gate's options (``ReadyGate``, built by ``ReadyGate.of`` as the step's ``options``) ride in the cut-over
(``CutOver.part(ReadyGate)``); the plan lists the gate and warns when a check's port is one the new instance's
firewall will not open (``plan_gate``).
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..._polling import Verdict, poll
from ...errors import LightsailRestoreError, is_retryable
from ...request._health import HealthCheck, parse_health_checks
from .._probes import probe
from .._step_outcome import StepOutcome
from ._common import Step
from .static_ip import StaticIp

if TYPE_CHECKING:
    from ..._api import Item, LightsailApi
    from ...request import PortInfo
    from .._network import NetworkLook, NetworkPlan
    from .._run import RestoreOptions, RestoreRun

__all__ = ["PROBE_ADDRESS_EVENT", "READY_STEP", "STEP", "ReadinessError", "ReadyGate", "plan_part", "ready_step"]

READY_STEP = "ready"
"""The name of the readiness gate's step."""
STATUS_CHECKS = "status checks"
"""How the outcome names Lightsail's status checks beside the health checks."""
PROBE_ADDRESS_EVENT = "lightsail-restore-probe-address"
"""The boto3 client event whose handler may name the address to probe instead of the instance's public one."""


@dataclass(frozen=True)
class ReadyGate:
    """The readiness gate's options (nothing, by default).

    Attributes:
        health_checks: The checks each new instance must pass before the static IP moves to it.
        status_checks: Whether Lightsail's status checks must be ``ok`` first: with any health check, and with a
            static IP move (``move_static_ip``), which never goes to an instance that is not ready.
    """

    health_checks: tuple[HealthCheck, ...] = ()
    status_checks: bool = False

    @classmethod
    def of(
        cls,
        health_checks: Sequence[HealthCheck | str] | None = None,
        *,
        move_static_ip: bool = False,
        retire_source: bool = False,
        replace_source: bool = False,
    ) -> ReadyGate:
        """The gate these options ask for: the status checks whenever the static IP moves or the source goes.

        Raises:
            RequestValidationError: A health check breaks a rule (paths ``healthChecks[i].port`` ...).
        """
        checks = parse_health_checks(health_checks)
        deletes = retire_source is True or replace_source is True
        return cls(checks, status_checks=bool(checks) or move_static_ip is True or deletes)

    @property
    def asks(self) -> bool:
        """Whether the gate runs."""
        return self.status_checks or bool(self.health_checks)

    def labels(self) -> tuple[str, ...]:
        """What it checks, in order: ``status checks`` then each health check's shorthand."""
        return ((STATUS_CHECKS,) if self.status_checks else ()) + tuple(c.describe() for c in self.health_checks)


class ReadinessError(LightsailRestoreError):
    """A check of the readiness gate did not pass by the deadline (nothing moved to the new instance).

    Attributes:
        instance: The new instance checked.
        check: ``status checks``, or the health check's shorthand (``http:80/healthz``).
        attempts: How many times it was tried.
        last_error: Why its last attempt did not pass.
    """

    def __init__(self, instance: str, check: str, attempts: int, last_error: str) -> None:
        self.instance, self.check, self.attempts, self.last_error = instance, check, attempts, last_error
        times = "once" if attempts == 1 else f"{attempts} times"
        super().__init__(f"{instance}: {check} did not pass (tried {times}; last error: {last_error})")

    def to_dict(self) -> dict[str, Any]:
        """The check, its attempts and its last error, JSON-ready."""
        return {"instance": self.instance, "check": self.check, "attempts": self.attempts, "lastError": self.last_error}


# -- the plan's part -------------------------------------------------------------------------------------------
def _opens(rules: Sequence[PortInfo], port: int) -> bool:
    return any(r.protocol in ("tcp", "all") and r.from_port <= port <= r.to_port for r in rules)


def plan_part(look: NetworkLook, network: NetworkPlan) -> NetworkPlan:
    """The gate's plan part: list the gate (``ready_gate``), and warn about a check whose port will not be open.

    The firewall is as the ports step's plan part left it; the static IP step's plan part comes next.
    """
    gate, findings = look.cut_over.part(ReadyGate), look.findings
    if not gate.asks:
        return network

    who = look.names
    wanted = look.cut_over.part(StaticIp).static_ip  # the static IP step's plan part comes next and checks it
    moves = f" before {wanted} moves" if wanted is not None and len(look.request.instance_names) == 1 else ""
    findings.add(
        "ready_gate",
        "healthChecks",
        "info",
        f"readiness gate{moves}: {who} must pass {' and '.join(_in_words(gate.labels()))}, each tried until the "
        "deadline; "
        "if one does not pass, nothing moves from the old instance",
    )
    rules = network.ports if network.ports is not None else network.defaults
    for index, check in enumerate(gate.health_checks):
        if not _opens(rules, check.port):
            findings.add(
                "ready_port_closed",
                f"healthChecks[{index}].port",
                "warning",
                f"{check.describe()} probes TCP port {check.port}, which the firewall of {who} will not open, so "
                "it cannot pass: open the port with ports or copy_ports",
                params=("health_checks", "ports", "copy_ports"),
            )
    return network


def _in_words(labels: Sequence[str]) -> list[str]:
    return [f"Lightsail's {label}" if label == STATUS_CHECKS else label for label in labels]


# -- the step ----------------------------------------------------------------------------------------------------
@dataclass
class _Check:
    label: str
    check: HealthCheck | None = None  # None: Lightsail's status checks
    attempts: int = 0
    last_error: str = "not tried: the status checks did not pass first"
    passed: bool = False


@dataclass
class _Instance:
    name: str
    checks: list[_Check] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return all(c.passed for c in self.checks)


def _status(answer: Item) -> str | None:
    """``None`` when both status checks are ``ok``, else what they say."""
    found = {key: (answer.get(key) or {}).get("status") for key in ("instanceStatus", "systemStatus")}
    if all(value == "ok" for value in found.values()):
        return None
    return ", ".join(f"{key} {value or 'not reported'}" for key, value in found.items())


def _address(api: LightsailApi, answer: Item) -> str | None:
    """Where to probe: the address a client's handler names, else the public IPv4 (IPv6 for an IPv6-only one)."""
    v4, v6 = answer.get("publicIpAddress"), list(answer.get("ipv6Addresses") or [])
    public = (v6[0] if v6 else None) if answer.get("ipAddressType") == "ipv6" or not v4 else v4
    events = getattr(getattr(api.lightsail, "meta", None), "events", None)
    named = events.emit_until_response(PROBE_ADDRESS_EVENT, instance=answer)[1] if events is not None else None
    return str(named) if named else (str(public) if public else None)


_HEALTH_MEMBERS = ("instanceStatus", "systemStatus")


def _with_health_status(api: LightsailApi, name: str) -> Item:
    """``GetInstance`` of ``name`` with ``includeHealthStatus=True`` (E49).

    botocore's model has the parameter from 1.44 on. Through an older botocore (the pinned 1.43.11 among them) the
    parameter is added to the request's JSON body and the two members are read from the raw answer, which its
    parser would drop: the same request on the wire, the same answer.

    Raises:
        LightsailRestoreError: As ``LightsailApi.get_instance``.
    """
    lightsail: Any = api.lightsail
    if "includeHealthStatus" in lightsail.meta.service_model.operation_model("GetInstance").input_shape.members:
        return dict(api.get_instance(name, include_health_status=True)["instance"])
    events, tag = lightsail.meta.events, f"lightsail-restore-health-{uuid.uuid4()}"

    def ask(params: dict[str, Any], **_: Any) -> None:
        body = json.loads(params.get("body") or b"{}")
        params["body"] = json.dumps({**body, "includeHealthStatus": True}).encode()

    def read(http_response: Any, parsed: dict[str, Any], **_: Any) -> None:
        instance = parsed.get("instance")
        if http_response.status_code == 200 and isinstance(instance, dict):
            raw = json.loads(http_response.content or b"{}").get("instance") or {}
            instance.update({key: raw[key] for key in _HEALTH_MEMBERS if key in raw})

    events.register("before-call.lightsail.GetInstance", ask, unique_id=f"{tag}-ask")
    events.register("after-call.lightsail.GetInstance", read, unique_id=f"{tag}-read")
    try:
        return dict(api.get_instance(name)["instance"])
    finally:
        events.unregister("before-call.lightsail.GetInstance", unique_id=f"{tag}-ask")
        events.unregister("after-call.lightsail.GetInstance", unique_id=f"{tag}-read")


def _round(run: RestoreRun, instance: _Instance) -> None:
    """One look at ``instance``: its status checks, then each health check not passed yet (one attempt each).

    Raises:
        LightsailRestoreError: ``GetInstance`` met an error that retrying cannot fix.
    """
    gate = run.options.cut_over.part(ReadyGate)
    try:
        answer = _with_health_status(run.api, instance.name)
    except LightsailRestoreError as exc:
        if not is_retryable(exc):
            raise
        first = next(c for c in instance.checks if not c.passed)
        first.last_error = f"GetInstance: {type(exc).__name__}: {exc}"
        return
    status = instance.checks[0] if gate.status_checks else None
    if status is not None and not status.passed:
        status.attempts += 1
        status.last_error = _status(answer) or ""
        status.passed = not status.last_error
        if not status.passed:
            return
    host = _address(run.api, answer)
    for check in instance.checks:
        if check.check is None or check.passed:
            continue
        check.attempts += 1
        if host is None:
            check.last_error = "the instance has no public address"
            continue
        timeout = min(check.check.timeout, max(0.1, run.time_left()))
        check.last_error = probe(check.check, host, timeout) or ""
        check.passed = not check.last_error


def ready_step(run: RestoreRun) -> StepOutcome:
    """Check each running new instance until every check passes or the deadline comes; halt the run if not."""
    from ._common import FINISH, step_outcome
    from .ports import PORTS_STEP

    gate = run.options.cut_over.part(ReadyGate)
    if run.halted:
        return StepOutcome(READY_STEP, "skipped", run.halted)
    if not gate.asks:
        return StepOutcome(READY_STEP, "skipped", "no readiness gate asked")
    if any(s.name == PORTS_STEP and s.status == "failed" for s in run.steps):  # the static-ip step stays too
        return StepOutcome(READY_STEP, "skipped", f"the ports step did not finish, so nothing was checked; {FINISH}")
    statuses = {i.name: i.status for i in run.waited.instances} if run.waited is not None else {}
    waiting = [
        f"{n} ({statuses.get(n, 'unknown')})" for n in run.request.instance_names if statuses.get(n) != "succeeded"
    ]
    if waiting:  # the static-ip step does not move to an instance that is not running either
        return StepOutcome(READY_STEP, "skipped", f"not running, so not checked: {', '.join(waiting)}; {FINISH}")
    instances = [
        _Instance(name, [_Check(label, check) for label, check in zip(gate.labels(), _checks_of(gate), strict=True)])
        for name in run.request.instance_names
    ]

    def one_round() -> Verdict:
        if any(c.attempts for i in instances for c in i.checks) and run.time_left() <= 0:
            return True  # no attempt at the deadline: the last error is a whole attempt's
        for instance in instances:
            if not instance.passed:
                _round(run, instance)
        return all(i.passed for i in instances) or run.time_left() <= 0

    polled = poll(one_round, run.pace())
    if polled.error is not None:
        what = "the readiness gate could not look at the instances: nothing was moved"
        run.halted = f"{what}; {FINISH}"
        return step_outcome(READY_STEP, "failed", what, polled.error)
    failed = [(i.name, c) for i in instances for c in i.checks if not c.passed]
    if not failed:
        passed = " and ".join(gate.labels())
        return StepOutcome(READY_STEP, "done", f"{', '.join(i.name for i in instances)}: {passed} passed")
    name, check = failed[0]
    error = ReadinessError(name, check.label, check.attempts, check.last_error)
    network = run.plan.network if run.plan is not None else None
    kept = f"{network.static_ip} stays where it is, " if network is not None and network.static_ip else ""
    others = f" (and {len(failed) - 1} more)" if len(failed) > 1 else ""
    moved = f"{kept}nothing was moved from the old instance"
    run.halted = f"the readiness gate did not pass: {moved}; {FINISH}"
    return step_outcome(READY_STEP, "failed", f"{error}{others}; {moved}", error)


def _checks_of(gate: ReadyGate) -> tuple[HealthCheck | None, ...]:
    return ((None,) if gate.status_checks else ()) + gate.health_checks


def _asked(options: RestoreOptions, cross: bool) -> bool:
    return options.cut_over.part(ReadyGate).asks


STEP = Step(READY_STEP, ready_step, _asked, plan_part, ReadyGate.of)
"""The ``ready`` step in the step list: after the ports, before the static IP moves."""
