"""The ``retire`` steps: once the new instance serves, delete the source instance, or replace it under its own name.

Options (``Retire``, the step's part of the cut-over, ``CutOver.part(Retire)``): ``retire_source`` (after the
cut-over, a final snapshot of the source instance, then DeleteInstance), ``replace_source`` (restore in place: the
final snapshot and the delete come first, then the create under the source's own name, the readiness gate and the
cut-over back onto it) and ``no_final_snapshot`` (skip the final snapshot, only with ``retire_source``). Both imply
the readiness gate's status checks.

The plan part names exactly what would be deleted (the instance, its ARN and creation time) and the final snapshot's
name (``<source>-final-<UTC date and time>``, chosen when the plan is made, on the run's clock: ``on_clock``). The final
snapshot carries in its tags what the cut-over needs from the source (its firewall rules, the static IP it held, and its
ARN), so a rerun after the source is gone finds them there: it recognises the final snapshot by ``fromInstanceArn`` and
the tag ``lightsail-restore:final-of``, never by its name.

The final snapshot is followed by its state (``GetInstanceSnapshot``, which shows ``fromInstanceArn`` and the tags:
E10; CreateInstanceSnapshot takes tags and answers ``Started`` operations: E62) until ``available``; DeleteInstance
answers its operation already ``Succeeded`` (E60).

Writes at most once (``_api.py``'s write guard): CreateInstanceSnapshot and DeleteInstance are each sent once; a lost
answer is judged by a second look (``_polling.look_again``: the snapshot exists and is ours; the instance is gone).
Right before the delete, GetInstance must show the instance the plan read (the same ARN and creation time); otherwise
the step fails and deletes nothing. Retiring also needs the cut-over to have taken what it had to: every new instance
running, the readiness gate passed, the firewall rules put when asked, the static IP on the new instance when asked.
Deleting an instance keeps its static IP allocated, attached to no instance, and its manual snapshots (E39, E63).
"""

from __future__ import annotations

import base64
import dataclasses
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Annotated, Final, Literal

from pydantic import Field

from ... import _polling
from ..._clock import Clock, SystemClock
from ..._polling import maybe_applied, poll
from ...errors import Issue, LightsailRestoreError, NotFoundException, RequestValidationError
from ...request import PortInfo
from .._document import Document
from .._step_outcome import StepOutcome
from ._common import FINISH, Step, code, network_of, not_bools, pace, running, step_outcome
from .ports import Ports
from .ready import ReadyGate
from .static_ip import StaticIp

if TYPE_CHECKING:
    from mypy_boto3_lightsail.type_defs import InstanceSnapshotTypeDef, InstanceTypeDef

    from ..._api import LightsailApi
    from .._cutover import CutOver
    from .._network import NetworkLook, NetworkPlan
    from .._plan import Plan
    from .._run import RestoreOptions, RestoreRun

__all__ = [
    "CONFIRM",
    "FINAL_TAG",
    "REPLACE",
    "REPLACE_STEP",
    "RETIRE_STEP",
    "STEP",
    "Retire",
    "RetirePlan",
    "final_name",
    "on_clock",
    "plan_part",
    "restore_command",
]

RETIRE_STEP = "retire"
"""The step after the cut-over: the final snapshot and the delete (``retire_source``), or the replace's last word."""
CONFIRM_STEP = "confirm"
"""The step right after the plan that asks ``Retire.confirm`` before anything is sent."""
REPLACE_STEP = "replace"
"""The step before the create of a ``replace_source``: the final snapshot and the delete."""
FINAL_TAG: Final = "lightsail-restore:final-of"
"""The final snapshot's tag naming the ARN of the instance it was taken of (how a rerun recognises it)."""
_IP_TAG: Final = "lightsail-restore:static-ip"
_PORTS_TAG: Final = "lightsail-restore:ports:"
_TAG_VALUE: Final = 256
_MAX_PORT_TAGS: Final = 40
_STAMP: Final = "%Y%m%d-%H%M%S"


@dataclass(frozen=True)
class Retire:
    """What happens to the source instance (nothing, by default).

    Attributes:
        retire_source: Once the cut-over is done, take a final snapshot of the source instance and delete it.
        replace_source: Restore in place: final snapshot, delete, then restore under the source's own name.
        final_snapshot: Take the final snapshot (``no_final_snapshot`` turns it off, only with ``retire_source``).
    """

    retire_source: bool = False
    replace_source: bool = False
    final_snapshot: bool = True
    confirm: Callable[[Plan], bool] | None = field(default=None, compare=False)
    """Asked with the plan, before anything is sent, when it deletes the source: ``False`` stops the restore."""
    clock: Clock | None = field(default=None, compare=False)
    """The run's clock, whose time names the final snapshot (``on_clock``); the system clock when ``None``."""

    @classmethod
    def of(
        cls,
        *,
        retire_source: bool = False,
        replace_source: bool = False,
        no_final_snapshot: bool = False,
        confirm: Callable[[Plan], bool] | None = None,
    ) -> Retire:
        """The options checked (nothing is sent).

        Raises:
            RequestValidationError: An option is not a bool, both ``retire_source`` and ``replace_source`` are
                given, or ``no_final_snapshot`` comes without ``retire_source`` (a replace always keeps one).
        """
        issues = not_bools(
            retire_source=retire_source, replace_source=replace_source, no_final_snapshot=no_final_snapshot
        )
        if retire_source is True and replace_source is True:
            issues.append(
                Issue(
                    "replace_source",
                    "retire_or_replace",
                    "give retire_source (delete the source once the new instance serves) or replace_source "
                    "(restore under the source's own name), not both",
                    ("replace_source", "retire_source"),
                )
            )
        if no_final_snapshot is True and retire_source is not True:
            issues.append(
                Issue(
                    "no_final_snapshot",
                    "final_snapshot_needs_retire",
                    "no_final_snapshot goes with retire_source only: replace_source always takes a final snapshot, "
                    "which is what is left if the restore under the same name fails",
                    ("no_final_snapshot", "retire_source", "replace_source"),
                )
            )
        if issues:
            raise RequestValidationError(issues)
        return cls(retire_source, replace_source, not no_final_snapshot, confirm)

    @property
    def asks(self) -> bool:
        """Whether the source instance is deleted."""
        return self.retire_source or self.replace_source


@dataclass(frozen=True)
class RetirePlan(Document):
    """What the plan found to delete, and where the final snapshot is (``to_dict()``: without the rules).

    Attributes:
        mode: ``retire`` (after the cut-over) or ``replace`` (before the create, under the same name).
        instance_name: The source instance, deleted.
        arn: Its ARN, as the plan read it.
        created_at: Its creation time (ISO 8601), as the plan read it.
        final_snapshot: The final snapshot's name (``None`` with ``no_final_snapshot``).
        final_found: Whether an earlier run already made the final snapshot.
        gone: Whether the source no longer exists (an earlier run deleted it): nothing is left to delete.
        static_ip: The static IP the source held (kept in the final snapshot's tags).
        rules: The source's firewall rules (kept in the final snapshot's tags).
    """

    mode: Literal["retire", "replace"]
    instance_name: str
    arn: str | None
    created_at: str | None
    final_snapshot: str | None
    final_found: Annotated[bool, Field(alias="finalSnapshotFound")] = False
    gone: bool = False
    static_ip: str | None = None
    rules: Annotated[tuple[PortInfo, ...] | None, Field(exclude=True)] = None

    def tags(self) -> dict[str, str]:
        """The final snapshot's tags: whose it is, the static IP the source held, its rules (base64url JSON)."""
        tags = {FINAL_TAG: self.arn or self.instance_name}
        if self.static_ip:
            tags[_IP_TAG] = self.static_ip
        if self.rules is not None:
            text = json.dumps([r.to_boto3() for r in self.rules], separators=(",", ":"))
            encoded = base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")
            parts = range(0, len(encoded), _TAG_VALUE)
            if len(parts) <= _MAX_PORT_TAGS:  # else they are not kept (the plan warns): a resource has 50 tags
                tags.update({f"{_PORTS_TAG}{i // _TAG_VALUE}": encoded[i : i + _TAG_VALUE] for i in parts})
        return tags

    @property
    def keeps_rules(self) -> bool:
        """Whether the final snapshot's tags keep the source's rules (they fit in its tags)."""
        return self.rules is not None and any(k.startswith(_PORTS_TAG) for k in self.tags())


def final_name(instance_name: str, at: datetime) -> str:
    """``<instance>-final-<UTC date and time>`` (``web-1-final-20261207-071230``), cut to a valid 255 characters."""
    suffix = f"-final-{at.astimezone(UTC).strftime(_STAMP)}"
    return instance_name[: 255 - len(suffix)] + suffix


def on_clock(cut_over: CutOver, clock: Clock) -> CutOver:
    """``cut_over`` whose ``Retire`` names the final snapshot at ``clock``'s time (a restore's own clock)."""
    retire = cut_over.part(Retire)
    return cut_over.with_part(RETIRE_STEP, dataclasses.replace(retire, clock=clock)) if retire.asks else cut_over


def restore_command(region: str, plan: RetirePlan, run: RestoreRun) -> str:
    """The AWS CLI command that restores the source under its own name from its final snapshot."""
    request = run.request
    return (
        f"aws lightsail create-instances-from-snapshot --region {region} --instance-names {plan.instance_name} "
        f"--availability-zone {request.availability_zone} --bundle-id {request.bundle_id} "
        f"--instance-snapshot-name {plan.final_snapshot}"
    )


# -- the plan part -----------------------------------------------------------------------------------------
def _ours(snapshot: InstanceSnapshotTypeDef, arn: str) -> bool:
    tags = {t.get("key"): t.get("value") for t in snapshot.get("tags") or []}
    return tags.get(FINAL_TAG) == arn and snapshot.get("fromInstanceArn", arn) == arn


def _found_final(look: NetworkLook, arn: str) -> InstanceSnapshotTypeDef | None:
    """The final snapshot an earlier run took of the instance of ``arn``, if any (the newest)."""
    found = [s for s in look.account.instance_snapshots().values() if _ours(s, arn)]
    return max(found, key=lambda s: s.get("createdAt") or datetime.min.replace(tzinfo=UTC), default=None)


def _kept(snapshot: InstanceSnapshotTypeDef) -> tuple[str | None, tuple[PortInfo, ...] | None]:
    """The static IP and the rules a final snapshot's tags keep (``None`` rules when they were not kept)."""
    tags = {str(t.get("key")): str(t.get("value")) for t in snapshot.get("tags") or []}
    parts = sorted((int(k.removeprefix(_PORTS_TAG)), v) for k, v in tags.items() if k.startswith(_PORTS_TAG))
    text = "".join(v for _, v in parts)
    try:
        raw = json.loads(base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))) if parts else None
        rules = None if raw is None else tuple(PortInfo.model_validate(r) for r in raw)
    except ValueError:  # edited since: not kept (a plan that needs them says so)
        rules = None
    return tags.get(_IP_TAG), rules


def plan_part(look: NetworkLook, plan: NetworkPlan) -> NetworkPlan:
    """What would be deleted and the final snapshot's name; after the delete, the source's setup from its tags."""
    retire = look.cut_over.part(Retire)
    source = look.source
    if not retire.asks or source is None:
        return plan
    option = "replace_source" if retire.replace_source else "retire_source"
    if look.cross_region:
        look.findings.add(
            "retire_cross_region",
            option,
            "error",
            f"{option} deletes the source instance, which is in {look.source_account.region}: restore within its "
            "Region, or leave the option out and delete it there yourself",
            params=(option,),
        )
        return plan
    if retire.replace_source and source.kind == "auto":
        look.findings.add(
            "replace_source_manual",
            "sourceInstanceName",
            "error",
            f"replace_source deletes {source.name}, and its automatic snapshots go with it (E63), this one too: "
            "restore in place from a manual snapshot (instanceSnapshotName)",
            params=("replace_source", "instanceSnapshotName"),
        )
        return plan
    name, arn = source.instance_name, source.instance_arn
    if name is None:
        look.findings.add(
            "retire_source_unknown", option, "error", f"{source.describe()} does not name the instance it was taken of"
        )
        return plan
    if retire.replace_source and tuple(look.request.instance_names) != (name,):
        look.findings.add(
            "replace_source_name",
            "instanceNames",
            "error",
            f"replace_source restores {name} under its own name: give instanceNames [{name}] only",
            params=("replace_source", "instanceNames"),
        )
        return plan
    instance = look.source_instance()
    found = _found_final(look, arn or name) if retire.final_snapshot else None
    mode: Literal["retire", "replace"] = "replace" if retire.replace_source else "retire"
    if instance is None:
        return _gone(look, plan, RetirePlan(mode, name, arn, None, None, gone=True), found)
    created = instance.get("createdAt")
    taken = str(found.get("name")) if found is not None else final_name(name, (retire.clock or SystemClock()).now())
    network = plan.source
    retired = RetirePlan(
        mode,
        name,
        instance.get("arn") or arn,
        created.isoformat() if isinstance(created, datetime) else None,
        taken if retire.final_snapshot else None,
        final_found=found is not None,
        static_ip=network.static_ip if network is not None else None,
        rules=network.rules if network is not None else None,
    )
    _say(look, plan, retired)
    _disks_stay(look, option, name, instance)
    return dataclasses.replace(plan, retire=retired)


def _gone(
    look: NetworkLook, plan: NetworkPlan, retired: RetirePlan, found: InstanceSnapshotTypeDef | None
) -> NetworkPlan:
    """The source no longer exists: an earlier run deleted it (its final snapshot says what it had), or someone did."""
    name = retired.instance_name
    if found is None:
        look.findings.add("retire_source_gone", "", "info", f"{name} no longer exists: nothing is deleted")
        _rules_unknown(look, name)
        return dataclasses.replace(plan, retire=retired)
    from .._network import SourceNetwork
    from . import ports

    static_ip, rules = _kept(found)
    kept = str(found.get("name"))
    retired = dataclasses.replace(retired, final_snapshot=kept, final_found=True, static_ip=static_ip, rules=rules)
    address = (look.account.static_ips().get(static_ip or "") or {}).get("ipAddress")
    look.findings[:] = [f for f in look.findings if f.rule not in ("copy_ports_source", "source_network_unknown")]
    look.findings.add(
        "retire_source_gone",
        "",
        "info",
        f"{name} was deleted by an earlier run; its final snapshot {kept} holds it as it was, and keeps what the "
        "cut-over needs from it (its firewall rules, the static IP it held)",
    )
    rebuilt = SourceNetwork(name, rules, static_ip, address)
    plan = ports.plan_part(look, dataclasses.replace(plan, source=rebuilt))
    return dataclasses.replace(plan, retire=retired)


def _rules_unknown(look: NetworkLook, name: str) -> None:
    """Gone, and no final snapshot kept its rules: instances all made by an earlier run keep theirs (a warning)."""
    if look.to_create:  # a new instance needs the rules: copy_ports_source stays an error
        return
    for index, finding in enumerate(look.findings):
        if finding.rule == "copy_ports_source" and finding.severity == "error":
            look.findings[index] = dataclasses.replace(
                finding,
                severity="warning",
                message=f"copy_ports copies {name}'s firewall rules, and {name} no longer exists and no final "
                f"snapshot of it keeps them (no_final_snapshot, or none found): the rules of {look.names} (made by an "
                "earlier run of this request) are left as they are, not checked against them; give ports to set rules",
            )


def _disks_stay(look: NetworkLook, option: str, name: str, instance: InstanceTypeDef) -> None:
    """Warn of the source's block-storage disks: deleting it detaches them (E60) and deletes none; they keep costing."""
    disks = [
        str(d["name"])
        for d in instance.get("hardware", {}).get("disks", ())
        if not d.get("isSystemDisk") and "name" in d
    ]
    if disks:
        they = "it stays" if len(disks) == 1 else "they stay"
        look.findings.add(
            "retire_disks_stay",
            option,
            "warning",
            f"{option} deletes {name} and none of its block-storage disks: DeleteInstance detaches them, so "
            f"{', '.join(disks)} ({they} allocated, and billed) is left for you to keep or delete (DeleteDisk)",
            params=(option,),
        )


def _say(look: NetworkLook, plan: NetworkPlan, retired: RetirePlan) -> None:
    """The findings: exactly what is deleted, the final snapshot, and what the source's static IP becomes."""
    name = retired.instance_name
    what = f"{name} ({retired.arn or 'ARN unknown'}, created {retired.created_at or 'at an unknown time'})"
    if retired.final_snapshot is None:
        final = "no final snapshot (no_final_snapshot)"
    elif retired.final_found:
        final = f"the final snapshot {retired.final_snapshot} (taken by an earlier run)"
    else:
        final = f"a final snapshot {retired.final_snapshot}, waited until available"
    if retired.mode == "replace":
        look.findings[:] = [
            f for f in look.findings if not (f.rule == "X12_name_in_use" and f.path == "instanceNames[0]")
        ]
        message = (
            f"replace_source deletes {what} after {final}, then restores {name} under its own name; the service is "
            f"down from the delete until the new {name} passes the readiness gate; if anything after the delete "
            f"fails, the final snapshot holds {name} as it was"
            + (
                f"; {retired.static_ip} stays allocated and goes back on the new {name}"
                if retired.static_ip and retired.static_ip == look.cut_over.part(StaticIp).static_ip
                else ""
            )
        )
    else:
        message = (
            f"once the new instance passes the readiness gate and the cut-over is done, retire_source takes {final}, "
            f"then deletes {what}"
        )
    option = retired.mode + "_source"
    told = (option,) if retired.final_snapshot is not None else (option, "no_final_snapshot")
    look.findings.add("retire_deletes", option, "warning", message, params=told)
    held = retired.static_ip
    if held and held != look.cut_over.part(StaticIp).static_ip:
        look.findings.add(
            "retire_static_ip",
            "staticIpName",
            "error" if retired.mode == "replace" else "warning",
            f"{name} holds the static IP {held}, which stays allocated and attached to no instance once {name} is "
            f"deleted: give static_ip={held!r}"
            + (
                " to re-attach it to the new instance"
                if retired.mode == "replace"
                else " and move_static_ip to move it"
            ),
            params=("static_ip",) if retired.mode == "replace" else ("static_ip", "move_static_ip"),
        )
    if retired.final_snapshot is not None and retired.rules and not retired.keeps_rules:
        look.findings.add(
            "retire_rules_not_kept",
            "portInfos",
            "warning",
            f"{name}'s {len(retired.rules)} firewall rules do not fit in the final snapshot's tags: a rerun after "
            f"the delete cannot read them (copy_ports then needs ports instead)",
            params=("copy_ports", "ports"),
        )
    if retired.mode == "replace" and look.cut_over.part(Ports).asks is False and retired.rules:
        look.findings.add(
            "replace_source_rules",
            "portInfos",
            "warning",
            f"the new {name} gets its blueprint's default firewall rules: give copy_ports to put {name}'s back",
            params=("copy_ports",),
        )


# -- the actions -------------------------------------------------------------------------------------------
class _Refused(Exception):
    """The step cannot go on without deleting what it must not: nothing (more) is deleted."""


def _snapshot(api: LightsailApi, name: str) -> InstanceSnapshotTypeDef | None:
    """The snapshot ``name`` (``None`` when it does not exist)."""
    try:
        return api.get_instance_snapshot(name).get("instanceSnapshot")
    except NotFoundException:
        return None


def _take_final(run: RestoreRun, retired: RetirePlan) -> str:
    """Take the final snapshot (unless an earlier run did) and wait until it is available; what happened, in words.

    Raises:
        _Refused: A snapshot of that name is not this run's, or the snapshot ended in error.
        LightsailRestoreError: AWS refused, the answer was lost and a second look could not tell, or the deadline came.
    """
    name, arn = str(retired.final_snapshot), retired.arn or retired.instance_name
    said = f"the final snapshot {name} (taken by an earlier run)" if retired.final_found else ""
    if not retired.final_found:
        try:
            run.api.create_instance_snapshot(retired.instance_name, name, retired.tags())
            said = f"the final snapshot {name}"
        except LightsailRestoreError as exc:
            if not maybe_applied(exc):
                raise
            look = _polling.look_again(lambda: _snapshot(run.api, name), pace(run))
            if not look.told:
                raise
            if look.found is None or not _ours(look.found, arn):
                raise
            said = f"the final snapshot {name} (the answer was lost: {code(exc)}; a second look found it)"
    state: list[str] = []

    def available() -> bool:
        found = _snapshot(run.api, name)
        if found is None or not _ours(found, arn):
            raise _Refused(f"{name} is not the final snapshot of {retired.instance_name} this run took")
        state[:] = [str(found.get("state"))]
        if state[0] == "error":
            raise _Refused(f"the final snapshot {name} ended in error")
        return state[0] == "available"

    polled = poll(available, pace(run))
    polled.raise_for_end()
    if not polled.done:
        raise _Refused(f"{said} was still {state[0] if state else 'unseen'} at the deadline; {FINISH}")
    return f"{said} is available"


def _same(run: RestoreRun, retired: RetirePlan) -> None:
    """The source as it is now must be the one the plan read: the same ARN and creation time.

    Raises:
        _Refused: It is another instance, or it is gone.
    """
    name = retired.instance_name
    try:
        instance = run.api.get_instance(name).get("instance") or {}
    except NotFoundException:
        raise _Refused(f"{name} no longer exists, though the plan found it") from None
    created = instance.get("createdAt")
    now = (instance.get("arn"), created.isoformat() if isinstance(created, datetime) else None)
    if now != (retired.arn, retired.created_at):
        raise _Refused(
            f"{name} is not the instance the plan read (ARN {now[0]}, created {now[1]}; the plan read "
            f"{retired.arn}, created {retired.created_at})"
        )


def _exists(api: LightsailApi, name: str, arn: str | None) -> bool:
    try:
        return (api.get_instance(name).get("instance") or {}).get("arn") == arn
    except NotFoundException:
        return False


def _delete(run: RestoreRun, retired: RetirePlan) -> str:
    """DeleteInstance once; a lost answer is judged by a second look (gone: applied)."""
    name = retired.instance_name
    try:
        run.api.delete_instance(name)
    except LightsailRestoreError as exc:
        if not maybe_applied(exc):
            raise
        look = _polling.look_again(lambda: _exists(run.api, name, retired.arn), pace(run))
        if not look.told or look.found:
            raise
        return f"{name} deleted (the answer was lost: {code(exc)}; a second look found it gone)"
    return f"{name} deleted"


def _retire(run: RestoreRun, retired: RetirePlan, step: str) -> StepOutcome:
    """The final snapshot (waited), the check that the source is the one the plan read, then the delete."""
    name = retired.instance_name
    done: list[str] = []
    try:
        if retired.final_snapshot is not None:
            done.append(_take_final(run, retired))
        _same(run, retired)
        done.append(_delete(run, retired))
    except _Refused as exc:
        so_far = f"; {done[0]}" if done else ""
        return StepOutcome(step, "failed", f"{exc}: {name} is not deleted, nothing was deleted{so_far}")
    except LightsailRestoreError as exc:
        so_far = f"; {done[0]}" if done else ""
        return step_outcome(step, "failed", f"{name} is not deleted ({code(exc)}){so_far}", exc)
    return StepOutcome(step, "done", "; ".join(done))


def _unfinished(run: RestoreRun, retired: RetirePlan) -> str | None:
    """What the cut-over did not take that it had to (then nothing is deleted), or ``None``."""
    waiting = [f"{n} ({s})" for n in run.request.instance_names if (s := running(run).get(n, "unknown")) != "succeeded"]
    if waiting:
        return f"not running: {', '.join(waiting)}"
    by_name = {s.name: s for s in run.steps}
    cut = run.options.cut_over
    for name, asked in (("ports", cut.part(Ports).asks), ("static-ip", cut.part(StaticIp).asks)):
        step = by_name.get(name)
        if asked and (step is None or step.status == "failed" or "not running" in step.detail):
            return f"the {name} step did not finish"
    ready = by_name.get("ready")
    if cut.part(ReadyGate).asks and (ready is None or ready.status != "done"):
        return "the readiness gate did not pass"
    network = network_of(run)
    wanted = network.static_ip if network is not None else None
    if wanted is not None:
        found = run.api.get_static_ip(wanted).get("staticIp") or {}
        target = run.request.instance_names[0]
        if not (found.get("isAttached") and found.get("attachedTo") == target):
            return f"{wanted} is not attached to {target}"
    return None


def _plan_of(run: RestoreRun) -> RetirePlan | None:
    network = network_of(run)
    return network.retire if network is not None else None


def replace_step(run: RestoreRun) -> StepOutcome:
    """Before the create of ``replace_source``: the final snapshot, then the delete; a failure halts the run."""
    retired = _plan_of(run)
    if run.halted:
        return StepOutcome(REPLACE_STEP, "skipped", run.halted)
    if retired is None:
        return StepOutcome(REPLACE_STEP, "skipped", "nothing to replace")
    if retired.gone:
        kept = f"; its final snapshot {retired.final_snapshot} holds it" if retired.final_snapshot else ""
        return StepOutcome(REPLACE_STEP, "skipped", f"{retired.instance_name} was already deleted{kept}")
    outcome = _retire(run, retired, REPLACE_STEP)
    if outcome.status != "done":
        run.halted = f"the source was not replaced: {retired.instance_name} is not deleted, nothing was created"
    return outcome


def retire_step(run: RestoreRun) -> StepOutcome:
    """After the cut-over: delete the source (``retire_source``), or say how a replace ended."""
    retired = _plan_of(run)
    if retired is None:
        return StepOutcome(RETIRE_STEP, "skipped", run.halted or "nothing to retire")
    name = retired.instance_name
    if retired.mode == "replace":
        return _replaced(run, retired)
    if run.halted:
        return StepOutcome(RETIRE_STEP, "skipped", f"{run.halted}; {name} is not deleted")
    if retired.gone:
        return StepOutcome(RETIRE_STEP, "skipped", f"{name} was already deleted")
    try:
        why = _unfinished(run, retired)
    except LightsailRestoreError as exc:
        return StepOutcome(RETIRE_STEP, "failed", f"the cut-over could not be checked: {name} is not deleted", exc)
    if why is not None:
        return step_outcome(RETIRE_STEP, "failed", f"{why}: {name} is not deleted, nothing was deleted")
    return _retire(run, retired, RETIRE_STEP)


def _replaced(run: RestoreRun, retired: RetirePlan) -> StepOutcome:
    """A replace's last word: done when the new instance serves, else the command that restores the final snapshot."""
    name = retired.instance_name
    replace = next((s for s in run.steps if s.name == REPLACE_STEP), None)
    deleted = retired.gone or (replace is not None and replace.status == "done")
    if not deleted:
        return StepOutcome(RETIRE_STEP, "skipped", f"{name} was not deleted, so it was not replaced")
    try:
        why = _unfinished(run, retired)
    except LightsailRestoreError as exc:
        why = f"the new {name} could not be checked ({code(exc)})"
    if why is None:
        source = run.source.describe() if run.source is not None else "the snapshot"
        return StepOutcome(RETIRE_STEP, "done", f"{name} replaced in place from {source}")
    command = restore_command(run.api.region, retired, run)
    kept = (
        f"its final snapshot {retired.final_snapshot} holds {name} as it was: to restore {name} from it: {command}"
        if retired.final_snapshot
        else "no final snapshot was taken"
    )
    return StepOutcome(RETIRE_STEP, "failed", f"{name} was deleted and {why}; {kept}; or {FINISH}")


def confirm_step(run: RestoreRun) -> StepOutcome:
    """Right after the plan, before anything is sent: ask ``Retire.confirm`` with the plan that is acted on.

    Raises:
        RequestValidationError: Not confirmed (rule ``not_confirmed``); nothing was sent.
    """
    retired, ask = _plan_of(run), run.options.cut_over.part(Retire).confirm
    if run.plan is None or retired is None or retired.gone or ask is None:
        return StepOutcome(CONFIRM_STEP, "skipped", "nothing to delete")
    if not ask(run.plan):
        what = f"the delete of {retired.instance_name} was not confirmed: nothing was sent"
        raise RequestValidationError([Issue(f"{retired.mode}_source", "not_confirmed", what)])
    return StepOutcome(CONFIRM_STEP, "done", f"the delete of {retired.instance_name} was confirmed")


def _confirm_asked(options: RestoreOptions, cross: bool) -> bool:
    return options.cut_over.part(Retire).asks and options.cut_over.part(Retire).confirm is not None


def _asked(options: RestoreOptions, cross: bool) -> bool:
    return options.cut_over.part(Retire).asks


def _replace_asked(options: RestoreOptions, cross: bool) -> bool:
    return options.cut_over.part(Retire).replace_source


STEP = Step(RETIRE_STEP, retire_step, _asked, plan_part, Retire.of)
"""The ``retire`` step in the step list: last, after the static IP."""
REPLACE = Step(REPLACE_STEP, replace_step, _replace_asked)
"""The ``replace`` step in the step list: before the create (the name must be free)."""
CONFIRM = Step(CONFIRM_STEP, confirm_step, _confirm_asked)
"""The ``confirm`` step in the step list: right after the plan, before anything is sent (only with ``confirm``)."""
