"""The ``ports`` step: the firewall rules of each new instance, from its options to its plan part and its action.

A snapshot holds no network setup: "Custom firewall rules that were created on the original instance are not
re-created on your new instance created from a snapshot" (E2, E3). Options (``Ports``, this step's part of the
cut-over, built by ``Ports.of``): ``copy_ports`` (the source instance's current rules) or ``ports`` (given rules).
The plan part warns when a restore would lose the source's rules, and says which rules the step puts. The action
runs after the wait, before the static IP (a static IP moved to an instance whose firewall does not yet let its
traffic in cuts that traffic): it reads each running new instance's firewall first and puts the rules only where
they are not already exactly as asked, so a rerun never repeats what is done.

Faults cost a round, not the step: each round reads first, so a call that ended in an error is judged by the next
look. Applied (its answer was lost, or botocore's retry met its effect), and the step goes on and says so; not
applied and retryable (throttling, a 5xx, no answer), and it is sent again after a pause, until the restore's
deadline; otherwise its error fails the step. A read's transient error costs a round the same way. The step never
raises: an error lands in its ``StepOutcome`` (``failed``, with AWS's error).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from ..._polling import AT_ONCE, Pace, Verdict, poll
from ...errors import Issue, LightsailRestoreError, RequestValidationError
from ...request import PortInfo, PutInstancePublicPortsRequest, parse_port_infos
from .._firewall import accesses, describe, in_words
from .._operations import wait_for_operations
from .._step_outcome import StepOutcome
from ._common import FINISH, Step, code, finish, network_of, not_bools, running, step_outcome

if TYPE_CHECKING:
    from mypy_boto3_lightsail.type_defs import InstancePortInfoTypeDef

    from .._network import NetworkLook, NetworkPlan, SourceNetwork
    from .._run import RestoreOptions, RestoreRun

__all__ = ["PORTS_STEP", "STEP", "Ports", "plan_part", "ports_step"]

PORTS_STEP = "ports"
"""The name of the step that sets the new instances' firewall rules."""


@dataclass(frozen=True)
class Ports:
    """The ports step's options (nothing, by default).

    Attributes:
        copy_ports: Put the source instance's current firewall rules on each new instance (PutInstancePublicPorts
            replaces the whole set). The plan reads and checks them; a source instance that no longer exists is a
            plan error.
        ports: Put these rules on each new instance instead (``None``: leave the defaults). An empty tuple closes
            every port, SSH included.
    """

    copy_ports: bool = False
    ports: tuple[PortInfo, ...] | None = None

    @classmethod
    def of(cls, *, copy_ports: bool = False, ports: Sequence[PortInfo | Mapping[str, Any]] | None = None) -> Ports:
        """The options checked (nothing is sent).

        Args:
            copy_ports: Copy the source instance's firewall rules to each new instance.
            ports: Rules to put instead: ``PortInfo`` models or AWS ``PortInfo`` dicts.

        Raises:
            RequestValidationError: ``copy_ports`` is not a bool, a rule of ``ports`` is broken (paths
                ``portInfos[i].member``), or both are given.
        """
        issues = not_bools(copy_ports=copy_ports)
        rules: tuple[PortInfo, ...] | None = None
        if ports is not None:
            if isinstance(ports, str | bytes | Mapping) or not isinstance(ports, Sequence):
                issues.append(
                    Issue("portInfos", "type", "ports must be a list of PortInfo (models or AWS dicts)", ("ports",))
                )
            else:
                try:
                    rules = parse_port_infos([p.to_boto3() if isinstance(p, PortInfo) else p for p in ports])
                except RequestValidationError as exc:
                    issues += exc.issues
        if copy_ports is True and ports is not None:
            both = "give copy_ports (the source instance's rules) or ports (these rules), not both"
            issues.append(Issue("portInfos", "ports_exclusive", both, ("ports", "copy_ports")))
        if issues:
            raise RequestValidationError(issues)
        return cls(copy_ports, rules)

    @property
    def asks(self) -> bool:
        """Whether the restore sets the new instances' firewall rules."""
        return self.copy_ports or self.ports is not None


# -- the plan part -----------------------------------------------------------------------------------------
def plan_part(look: NetworkLook, plan: NetworkPlan) -> NetworkPlan:
    """The rules the step puts (given, or the source's to copy), and what a restore without it loses."""
    ports, ports_from = _ports(look, plan.source, plan.defaults)
    return dataclasses.replace(plan, ports=ports, ports_from=ports_from)


def _ports(
    look: NetworkLook, network: SourceNetwork | None, defaults: tuple[PortInfo, ...]
) -> tuple[tuple[PortInfo, ...] | None, Literal["source", "given"] | None]:
    asked = look.cut_over.part(Ports)
    if asked.ports is not None:
        _will_put(look, asked.ports, "the given rules")
        return asked.ports, "given"
    if network is None or network.rules is None:
        return None, None
    if asked.copy_ports:
        _will_put(look, network.rules, f"the rules of {network.instance_name}")
        return network.rules, "source"
    _would_lose(look, network.instance_name, network.rules, defaults)
    return None, None


def _listed_rules(look: NetworkLook, name: str) -> list[InstancePortInfoTypeDef] | None:
    """The rules of an existing instance as the plan's ``GetInstances`` listing shows them (no extra call).

    ``None`` when the listing does not show the sources of every rule (older answers had no ``cidrs``, E7).
    """
    instance = look.account.instances().get(name) or {}
    ports = (instance.get("networking") or {}).get("ports")
    if not isinstance(ports, list) or any("cidrs" not in p for p in ports):
        return None
    return ports


def _differences(
    look: NetworkLook, source: str, rules: tuple[PortInfo, ...], theirs: Any, target: str, new: bool
) -> list[str]:
    have, get = accesses(rules, ipv6=look.ipv6), accesses(theirs, ipv6=look.ipv6)
    lost = describe(rules, ipv6=look.ipv6, only=have - get)
    opened = describe(theirs, ipv6=look.ipv6, only=get - have)
    parts = []
    if lost:
        parts.append(f"{source}'s firewall lets in what {target} {'will' if new else 'does'} not: {in_words(lost)}")
    if opened:
        parts.append(f"{target} {'will let' if new else 'lets'} in what {source} does not: {in_words(opened)}")
    return parts


def _would_lose(look: NetworkLook, name: str, rules: tuple[PortInfo, ...], defaults: tuple[PortInfo, ...]) -> None:
    """Warn when the new instances (with the defaults) or the ones already created let in other than the source."""
    parts = []
    if look.to_create:
        parts += _differences(look, name, rules, defaults, ", ".join(look.to_create), new=True)
    for existing in (n for n in look.request.instance_names if n not in look.to_create):
        listed = _listed_rules(look, existing)
        if listed is not None:
            parts += _differences(look, name, rules, listed, f"{existing} (created by an earlier run)", new=False)
    if not parts:
        return
    look.findings.add(
        "ports_not_carried",
        "portInfos",
        "warning",
        "a restored instance gets only its blueprint's default firewall rules; "
        + "; and ".join(parts)
        + f"; give copy_ports to put {name}'s rules on {look.names} {look.once_they_run}",
        params=("copy_ports",),
    )


def _will_put(look: NetworkLook, rules: tuple[PortInfo, ...], whose: str) -> None:
    if not rules:
        look.findings.add(
            "ports_close_every_port",
            "portInfos",
            "warning",
            f"{look.once_they_run}, PutInstancePublicPorts with no rules closes every port, SSH included",
        )
        return
    look.findings.add(
        "ports_put",
        "portInfos",
        "info",
        f"{look.once_they_run}, PutInstancePublicPorts replaces {look.whose_defaults} with {whose}: "
        + in_words(describe(rules, ipv6=look.ipv6)),
    )


# -- the action --------------------------------------------------------------------------------------------
def _put_rules(
    run: RestoreRun, name: str, network: NetworkPlan, pace: Pace
) -> tuple[bool, LightsailRestoreError | None]:
    """Put the asked rules on ``name`` unless its firewall already lets in exactly what is asked.

    Each round reads the firewall first, so a put whose answer was lost (applied, or not) is never sent again once
    applied; a transient error (of the read or the put) costs a round, until the deadline.

    Returns:
        Whether the rules were put by this run, and the error that took the place of a put's answer when a second
        look found it applied.

    Raises:
        LightsailRestoreError: The read or the put did not succeed, and retrying cannot fix it or the deadline came;
            or the put's operation did not succeed (``OperationError``).
    """
    rules = network.ports or ()
    wanted = accesses(rules, ipv6=network.ipv6)
    failed: LightsailRestoreError | None = None  # the put's error, until a look says whether it was applied
    put: tuple[bool, LightsailRestoreError | None] = (False, None)

    def look() -> Verdict:
        nonlocal failed, put
        states = run.api.get_instance_port_states(name).get("portStates") or []
        if accesses(states, ipv6=network.ipv6) == wanted:
            put = (failed is not None, failed)
            return True
        if failed is not None:  # not applied: it costs a round, and is sent again if retrying can help
            error, failed = failed, None
            raise error
        try:
            operations = run.api.put_instance_public_ports(PutInstancePublicPortsRequest.for_instance(name, rules))
        except LightsailRestoreError as exc:
            failed = exc  # applied or not: the next look, at once, says
            return AT_ONCE
        wait_for_operations(run.api, operations, pace)
        put = (True, None)
        return True

    poll(look, pace).raise_for_end()
    return put


def ports_step(run: RestoreRun) -> StepOutcome:
    """Put the asked rules on each running new instance (PutInstancePublicPorts), skipping those already so."""
    network = network_of(run)
    if run.halted:
        return StepOutcome(PORTS_STEP, "skipped", run.halted)
    if network is None or network.ports is None:
        unknown = "the source's rules are unknown (the plan says why): none put, none checked"
        why = unknown if run.options.cut_over.part(Ports).copy_ports else "no firewall rules asked"
        return StepOutcome(PORTS_STEP, "skipped", why)
    statuses = running(run)
    whose = "the given rules" if network.ports_from == "given" else f"{network.source_name}'s rules"
    done: list[str] = []
    already: list[str] = []
    lost: list[str] = []
    for name in run.request.instance_names:
        if statuses.get(name) != "succeeded":
            continue
        try:
            put, lost_error = _put_rules(run, name, network, run.pace())
        except LightsailRestoreError as exc:
            so_far = _listing(done, already, whose, lost)
            what = f"{name}: PutInstancePublicPorts did not succeed{so_far}"
            return step_outcome(PORTS_STEP, "failed", what, exc, finish(exc))
        (done if put else already).append(name)
        if lost_error is not None:
            lost.append(f"{name} ({code(lost_error)})")
    waiting = [f"{n} ({s})" for n in run.request.instance_names if (s := statuses.get(n, "unknown")) != "succeeded"]
    detail = _listing(done, already, whose, lost).removeprefix("; ")
    if waiting:
        detail = f"{detail + '; ' if detail else ''}not running, so not set: {', '.join(waiting)}; {FINISH}"
        return StepOutcome(PORTS_STEP, "skipped", detail)
    return StepOutcome(PORTS_STEP, "done" if done else "skipped", detail)


def _listing(done: list[str], already: list[str], whose: str, lost: list[str]) -> str:
    parts = []
    if done:
        parts.append(f"{', '.join(done)}: {whose} put")
    if lost:
        parts.append(f"the answer was lost for {', '.join(lost)}: a second look found the rules on")
    if already:
        parts.append(f"{', '.join(already)}: already as asked")
    return "".join(f"; {p}" for p in parts)


def _asked(options: RestoreOptions, cross: bool) -> bool:
    return options.cut_over.part(Ports).asks


STEP = Step(PORTS_STEP, ports_step, _asked, plan_part, Ports.of)
"""The ``ports`` step in the step list: after the wait, before the static IP."""
