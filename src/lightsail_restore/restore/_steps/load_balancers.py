"""The ``load-balancers`` step: put the new instances behind the source's load balancers (``join_load_balancers``).

A restore leaves the new server outside the load balancers the source serves behind: CreateInstancesFromSnapshot
attaches none, and a load balancer lists the instances it sends traffic to by name in ``instanceHealthSummary``
(E85). With ``join_load_balancers`` (the step's options value ``JoinLoadBalancers``), the step reads the Region's
load balancers (GetLoadBalancers, every page, E85) and attaches every new instance to each one that lists the source
instance, with one AttachInstancesToLoadBalancer a load balancer naming the instances it does not list yet (E86),
then waits for the operations it started (two an instance, E86).

Where: after the readiness gate, before the static IP moves and before ``retire_source`` deletes the source. AWS
attaches only a running instance (E87), the gate has seen the new ones running and answering, and the load
balancer's health checks take over from there. A step that did not finish halts the run, so neither the static IP
nor the delete goes ahead of it; a rerun finishes it.

It never detaches anything: the source stays behind its load balancers beside the new instances (the plan says
so), until ``retire_source`` deletes it (whether a load balancer then still lists it is not documented, E89). The
plan part lists the attachments it will make and refuses what cannot work: a cross-Region restore (a load balancer
serves the instances of its own Region, E87) and ``join_load_balancers`` with ``replace_source`` (the source, and
with it the only record of which load balancers it was behind, is gone before the new instance exists). A source
behind no load balancer is a warning. With ``retire_source`` or ``replace_source`` but not ``join_load_balancers``,
a source behind a load balancer is a warning: the new server will not get its traffic. AWS documents no other rule
the plan can check (no limit of instances a load balancer, beyond the account's instances, E87).

Writes: AttachInstancesToLoadBalancer through ``_api.py``'s write guard. Each round reads the load balancers first
and attaches only the instances a load balancer does not list, so a rerun does only what is left and an attach
whose answer was lost is judged by the next look (listed: applied; else sent again after a pause if retrying can
help).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..._polling import AT_ONCE, Verdict, poll
from ...errors import LightsailRestoreError, RequestValidationError
from .._operations import wait_for_operations
from ._common import FINISH, Step, code, finish, network_of, not_bools, running, step_outcome
from .retire import Retire

if TYPE_CHECKING:
    from mypy_boto3_lightsail.type_defs import LoadBalancerTypeDef

    from ..._api import LightsailApi
    from .._network import NetworkLook, NetworkPlan, SourceNetwork
    from .._run import RestoreOptions, RestoreRun
    from .._step_outcome import StepOutcome

__all__ = ["LOAD_BALANCERS_STEP", "STEP", "JoinLoadBalancers", "attached", "load_balancers_step"]

LOAD_BALANCERS_STEP = "load-balancers"
"""The name of the step that attaches the new instances to the source's load balancers."""


def attached(balancer: LoadBalancerTypeDef) -> set[str]:
    """The instances a load balancer lists in ``instanceHealthSummary`` (E85)."""
    return {str(h.get("instanceName")) for h in balancer.get("instanceHealthSummary") or [] if h.get("instanceName")}


def _read(api: LightsailApi) -> list[LoadBalancerTypeDef]:
    """Every load balancer of the Region (GetLoadBalancers, every page, E85)."""
    return api.pages(lambda token: api.lightsail.get_load_balancers(**token), lambda a: a.get("loadBalancers"))


def _behind(balancers: Sequence[LoadBalancerTypeDef], instance: str) -> list[LoadBalancerTypeDef]:
    return sorted((b for b in balancers if instance in attached(b)), key=lambda b: str(b.get("name")))


def _names(balancers: Sequence[LoadBalancerTypeDef]) -> str:
    return ", ".join(str(b.get("name")) for b in balancers)


@dataclass(frozen=True)
class JoinLoadBalancers:
    """The load-balancers step's options (nothing, by default).

    Attributes:
        join_load_balancers: Attach each new instance to every load balancer of the Region the source instance is
            attached to, once it passed the readiness gate, before the static IP moves.
    """

    join_load_balancers: bool = False

    @classmethod
    def of(cls, *, join_load_balancers: bool = False) -> JoinLoadBalancers:
        """The options checked (nothing is sent).

        Raises:
            RequestValidationError: ``join_load_balancers`` is not a bool.
        """
        if issues := not_bools(join_load_balancers=join_load_balancers):  # callers outside mypy pass anything
            raise RequestValidationError(issues)
        return cls(join_load_balancers)

    @property
    def asks(self) -> bool:
        """Whether the step runs."""
        return self.join_load_balancers


# -- the plan part ------------------------------------------------------------------------------------------
def plan_part(look: NetworkLook, network: NetworkPlan) -> NetworkPlan:
    """List the attachments, refuse what cannot work; with a retire and no ``join_load_balancers``, warn."""
    retire = look.cut_over.part(Retire)
    if look.cut_over.part(JoinLoadBalancers).asks:
        if not _refused(look, retire):
            _joins(look, network.source, retire)
    elif retire.asks:
        _left_behind(look, network.source, retire)
    return network


def _joins(look: NetworkLook, source: SourceNetwork | None, retire: Retire) -> None:
    """The attachments ``join_load_balancers`` makes; a read that fails refuses the plan (the step needs it)."""
    if source is None:  # after retire_source deleted it, a rerun finds the new instances attached: a remark
        look.findings.add(
            "join_load_balancers_unread",
            "join_load_balancers",
            "info" if retire.retire_source else "warning",
            "join_load_balancers attaches the new instances to the source instance's load balancers, and the "
            f"source could not be read (see the findings above): none is joined; {look.names} stay where they are",
            params=("join_load_balancers",),
        )
        return
    behind = _behind(_read(look.source_account.api), source.instance_name)
    if not behind:
        look.findings.add(
            "join_load_balancers_none",
            "loadBalancerName",
            "warning",
            f"{source.instance_name} is attached to no load balancer of {look.account.region}: "
            "join_load_balancers attaches nothing",
            params=("join_load_balancers",),
        )
        return
    _say(look, source.instance_name, behind)


def _left_behind(look: NetworkLook, source: SourceNetwork | None, retire: Retire) -> None:
    """With a retire and no ``join_load_balancers``: warn of the load balancers that lose the source's traffic."""
    if source is None:
        return
    option, name = "replace_source" if retire.replace_source else "retire_source", source.instance_name
    try:
        behind = _behind(_read(look.source_account.api), name)
    except LightsailRestoreError as exc:
        look.findings.add(
            "load_balancers_unread",
            option,
            "warning",
            f"could not read the load balancers ({code(exc)}): whether {name} serves behind one that {option} "
            "leaves without it is unknown",
            params=(option,),
        )
        return
    if behind:
        look.findings.add(
            "load_balancers_not_joined",
            option,
            "warning",
            f"{option} deletes {name}, which the load balancers {_names(behind)} send traffic to, and "
            f"{look.names} will not get their traffic: give join_load_balancers to attach {look.names} to them",
            params=(option, "join_load_balancers"),
        )


def _refused(look: NetworkLook, retire: Retire) -> bool:
    """Refuse ``join_load_balancers`` with ``replace_source``, and across Regions (error findings)."""
    if retire.replace_source:
        look.findings.add(
            "join_load_balancers_replace",
            "join_load_balancers",
            "error",
            "join_load_balancers reads which load balancers the source is attached to once the new instance runs, "
            "and replace_source deletes the source before the new one exists: restore beside it with "
            "retire_source, or attach the new instance to its load balancers yourself",
            params=("join_load_balancers", "replace_source", "retire_source"),
        )
        return True
    if look.cross_region:
        source = look.source_account.region
        look.findings.add(
            "join_load_balancers_region",
            "sourceRegion",
            "error",
            f"a load balancer serves only instances of its own Region: join_load_balancers cannot attach "
            f"{look.names} in {look.account.region} to the load balancers of {source} (source_region): restore in "
            f"{source}, or attach {look.names} to a load balancer of {look.account.region} yourself",
            params=("join_load_balancers", "source_region"),
        )
        return True
    return False


def _say(look: NetworkLook, source: str, behind: Sequence[LoadBalancerTypeDef]) -> None:
    new = look.request.instance_names
    to_attach = [(str(b.get("name")), [n for n in new if n not in attached(b)]) for b in behind]
    what = "; ".join(f"{', '.join(names)} to {lb}" for lb, names in to_attach if names) or "none"
    done = [lb for lb, names in to_attach if not names]
    there = f"; already attached to {', '.join(done)}" if done else ""
    look.findings.add(
        "join_load_balancers",
        "loadBalancerName",
        "info",
        f"join_load_balancers attaches {what}{there}; {look.once_they_run}, after the readiness gate and before the "
        "static IP moves",
        params=("join_load_balancers",),
    )
    look.findings.add(
        "join_load_balancers_source_stays",
        "loadBalancerName",
        "info",
        f"{source} stays attached to {_names(behind)}: join_load_balancers detaches nothing, so both serve side "
        f"by side; retire_source deletes {source}, and then only the new instances serve behind them",
        params=("join_load_balancers", "retire_source"),
    )


# -- the action -------------------------------------------------------------------------------------------
def _attach(run: RestoreRun, source: str) -> tuple[list[str], list[str], list[str]]:
    """Attach the new instances to each load balancer the source is attached to; each round reads them first.

    A transient error of a read or an attach costs a round; an attach whose answer was lost is judged by the next
    look.

    Returns:
        The load balancers attached to, those that listed every new instance already, and those whose answer was
        lost (a second look found the instances listed).

    Raises:
        LightsailRestoreError: A read or an attach did not succeed, and retrying cannot fix it or the deadline came.
        _Refused: A load balancer the source was attached to is gone.
    """
    joined: list[str] = []
    lost: list[str] = []
    already: list[str] = []
    failed: dict[str, LightsailRestoreError] = {}
    targets: list[str] | None = None
    new = run.request.instance_names
    pace = run.pace()

    def look() -> Verdict:
        nonlocal targets
        balancers = {str(b.get("name")): b for b in _read(run.api)}
        if targets is None:
            targets = [str(b.get("name")) for b in _behind(list(balancers.values()), source)]
        gone = [t for t in targets if t not in balancers]
        if gone:
            raise _Refused(f"the load balancer {gone[0]} no longer exists: nothing was attached to it")
        left = {t: [n for n in new if n not in attached(balancers[t])] for t in targets}
        for target in targets:
            if not left[target] and target not in (*joined, *lost, *already):
                (lost if target in failed else already).append(target)
        todo = [t for t in targets if left[t]]
        if not todo:
            return True
        retry = [failed.pop(t) for t in todo if t in failed]
        if retry:
            raise retry[0]  # not applied: it costs a round, and is sent again if retrying can help
        for target in todo:
            try:
                operations = run.api.write(
                    run.api.lightsail.attach_instances_to_load_balancer,
                    loadBalancerName=target,
                    instanceNames=left[target],
                )
            except LightsailRestoreError as exc:
                failed[target] = exc  # applied or not: the next look, at once, says
                return AT_ONCE
            wait_for_operations(run.api, operations, pace)
            joined.append(target)
        return True

    poll(look, pace).raise_for_end()
    return joined, already, [f"{n} ({code(failed.get(n))})" if n in failed else n for n in lost]


class _Refused(Exception):
    """The step cannot go on: nothing (more) is attached."""


def load_balancers_step(run: RestoreRun) -> StepOutcome:
    """Attach the running new instances to the source's load balancers, skipping those that list them already."""
    network = network_of(run)
    gone = network is None or (network.retire is not None and network.retire.gone)  # gone: deleted by a retire
    source = None if gone or network is None else network.source
    why = run.halted
    if why is None and source is None:
        why = "the source instance could not be read: no load balancer was joined"
    statuses = running(run)
    waiting = [f"{n} ({s})" for n in run.request.instance_names if (s := statuses.get(n, "unknown")) != "succeeded"]
    if why is None and waiting:  # AWS attaches only a running instance (E87)
        why = f"not running, so none was attached to a load balancer: {', '.join(waiting)}; {FINISH}"
    if why is not None or source is None:
        return step_outcome(LOAD_BALANCERS_STEP, "skipped", why or "", ending=None)
    name = source.instance_name
    try:
        joined, already, lost = _attach(run, name)
    except _Refused as exc:
        what = f"{exc}; nothing moved to the new instances"
        run.halted = f"{what}; {FINISH}"
        return step_outcome(LOAD_BALANCERS_STEP, "failed", what)
    except LightsailRestoreError as exc:
        what = f"the new instances did not join every load balancer of {name}: nothing moved to them"
        run.halted = f"{what}; {finish(exc)}"
        return step_outcome(LOAD_BALANCERS_STEP, "failed", what, exc, finish(exc))
    names = ", ".join(run.request.instance_names)
    said = [f"{names} attached to {', '.join(joined)}"] if joined else []
    said += [f"the answer was lost for {', '.join(lost)}: a second look found {names} attached"] if lost else []
    said += [f"already attached to {', '.join(already)}"] if already else []
    if not said:
        said = [f"{name} is attached to no load balancer: none to join"]
    return step_outcome(LOAD_BALANCERS_STEP, "done" if joined or lost else "skipped", "; ".join(said), ending=None)


def _asked(options: RestoreOptions, cross: bool) -> bool:
    return options.cut_over.part(JoinLoadBalancers).asks


STEP = Step(LOAD_BALANCERS_STEP, load_balancers_step, _asked, plan_part, JoinLoadBalancers.of)
"""The ``load-balancers`` step in the step list: after the readiness gate, before the static IP and the retire."""
