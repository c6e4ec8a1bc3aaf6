"""The ``alarms`` step: put the source instance's metric alarms on each new instance (``copy_alarms``).

A restore leaves the new server unwatched: CreateInstancesFromSnapshot copies no alarm, and an alarm watches one
resource by name (E80). With ``copy_alarms`` (the step's options value ``CopyAlarms``), the step reads the source's
alarms (GetAlarms lists every alarm of a Region, E80) and puts each on every new instance with PutAlarm, with the
same metric, comparison, threshold, evaluation periods, datapoints, missing-data treatment, contact protocols,
notification triggers and switch. Each copy is named from the source alarm's name and the instance (D-alarms:
``web-1-cpu`` on ``web-2`` is ``web-2-cpu``, else ``web-2-<alarm>``; a ``.`` becomes ``-``, the alarm name's pattern
having none, E81).

Where: after the readiness gate, before the static IP moves and before ``retire_source`` deletes the source. The
new instance is watched from the moment it takes the traffic, its alarms do not fire on a boot that the gate
still waits out, and the source's alarms are copied before its delete takes them away. A step that did not finish
halts the run, so neither the static IP nor the delete goes to an unwatched instance; a rerun finishes it.

The plan part lists the alarms it will put (each left alone when already there with the same settings), and
refuses (error findings) an alarm whose metric is not an instance's (E83), a name that breaks the pattern or that
an alarm of another resource holds (PutAlarm would overwrite it, E81), more than two alarms on one metric of an
instance (E81), and ``copy_alarms`` with ``replace_source`` (the source and its alarms go before the new instance
exists). Across Regions, Email and SMS contacts are the Region's own (E82): the plan warns of each protocol the
target Region has no verified contact method for (those alarms then show in the console and notify no one). With
``retire_source`` or ``replace_source`` but not ``copy_alarms``, it warns that the source's alarms are not carried.

Writes: PutAlarm through ``_api.py``'s write guard. Each round reads the Region's alarms first and puts only the
missing or different ones, so a rerun does only what is left and a put whose answer was lost is judged by the next
look (there with the settings: applied; else sent again after a pause if retrying can help; PutAlarm of the same
settings changes nothing, E81).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Final

from ..._polling import AT_ONCE, Verdict, poll
from ...errors import Issue, LightsailRestoreError, RequestValidationError
from ...request._types import RESOURCE_NAME_MAX
from .._operations import wait_for_operations
from .._step_outcome import StepOutcome
from ._common import FINISH, Step, code, finish, network_of, running
from .retire import Retire

if TYPE_CHECKING:
    from mypy_boto3_lightsail.type_defs import AlarmTypeDef, PutAlarmRequestTypeDef

    from ..._api import LightsailApi
    from .._network import NetworkLook, NetworkPlan
    from .._run import RestoreOptions, RestoreRun

__all__ = ["ALARMS_STEP", "INSTANCE_METRICS", "STEP", "AlarmCopy", "CopyAlarms", "alarm_name", "alarms_step"]

ALARMS_STEP = "alarms"
"""The name of the step that puts the source's alarms on the new instances."""
INSTANCE_METRICS: Final = frozenset(
    {
        "BurstCapacityPercentage",
        "BurstCapacityTime",
        "CPUUtilization",
        "NetworkIn",
        "NetworkOut",
        "StatusCheckFailed",
        "StatusCheckFailed_Instance",
        "StatusCheckFailed_System",
    }
)
"""The metrics an alarm of an instance may watch (E83)."""
PER_METRIC: Final = 2
"""Alarms one metric of one resource may have (E81)."""
_NAME: Final = re.compile(r"[A-Za-z0-9_](?:[A-Za-z0-9_-]*[A-Za-z0-9_])?\Z")
"""An alarm's name: ``\\w[\\w\\-]*\\w`` (E81), in spelled-out ASCII classes (D-names)."""
_REQUIRED: Final = ("metricName", "comparisonOperator", "threshold", "evaluationPeriods")
_OPTIONAL: Final = (
    "datapointsToAlarm",
    "treatMissingData",
    "contactProtocols",
    "notificationTriggers",
    "notificationEnabled",
)
_SETS: Final = ("contactProtocols", "notificationTriggers")


@dataclass(frozen=True)
class CopyAlarms:
    """The alarms step's options (nothing, by default).

    Attributes:
        copy_alarms: Put the source instance's metric alarms on each new instance once it passed the readiness
            gate, before the static IP moves.
    """

    copy_alarms: bool = False

    @classmethod
    def of(cls, *, copy_alarms: bool = False) -> CopyAlarms:
        """The options checked (nothing is sent).

        Raises:
            RequestValidationError: ``copy_alarms`` is not a bool.
        """
        if not isinstance(copy_alarms, bool):  # callers outside mypy pass anything
            raise RequestValidationError([Issue("copy_alarms", "type", "must be True or False", ("copy_alarms",))])
        return cls(copy_alarms)

    @property
    def asks(self) -> bool:
        """Whether the step runs."""
        return self.copy_alarms


def alarm_name(alarm: str, source: str, instance: str) -> str:
    """The copy's name on ``instance`` (D-alarms): ``web-1-cpu`` of ``web-1`` on ``web-2`` is ``web-2-cpu``."""
    prefix = f"{source}-"
    rest = alarm[len(prefix) :] if alarm.startswith(prefix) and len(alarm) > len(prefix) else alarm
    return f"{instance}-{rest}".replace(".", "-")


@dataclass(frozen=True)
class AlarmCopy:
    """One source alarm as PutAlarm puts it on one new instance.

    Attributes:
        source_alarm: The source's alarm it copies.
        params: The PutAlarm request: the copy's name, the instance, the source alarm's settings.
    """

    source_alarm: str
    params: PutAlarmRequestTypeDef

    @property
    def name(self) -> str:
        """The copy's name."""
        return self.params["alarmName"]

    @property
    def instance(self) -> str:
        """The new instance it watches."""
        return self.params["monitoredResourceName"]

    def describe(self) -> str:
        """``web-2-cpu (CPUUtilization GreaterThanOrEqualToThreshold 90)``."""
        p = self.params
        return f"{self.name} ({p['metricName']} {p['comparisonOperator']} {p['threshold']:g})"

    def same_as(self, alarm: AlarmTypeDef | None) -> bool:
        """Whether ``alarm`` (as GetAlarms answers it) is this copy already: same instance, same settings."""
        if alarm is None or _watches(alarm) != self.instance:
            return False
        found: Mapping[str, Any] = alarm
        wanted: Mapping[str, Any] = self.params
        keys = [k for k in (*_REQUIRED, *_OPTIONAL) if k in wanted]
        return all(_value(k, found.get(k)) == _value(k, wanted[k]) for k in keys)


def _value(key: str, value: Any) -> Any:
    if key in _SETS:
        return sorted(value or ())
    return float(value) if key == "threshold" and value is not None else value


def _watches(alarm: AlarmTypeDef) -> str | None:
    return (alarm.get("monitoredResourceInfo") or {}).get("name")


def _copies(
    alarms: Sequence[AlarmTypeDef], source: str, instances: Sequence[str]
) -> tuple[list[AlarmCopy], list[Issue]]:
    """The copies of ``source``'s alarms on each of ``instances``, and why any of them cannot be made."""
    copies: list[AlarmCopy] = []
    problems: list[Issue] = []
    for alarm in (a for a in alarms if _watches(a) == source):
        raw: Mapping[str, Any] = alarm
        name, metric = str(raw.get("name")), raw.get("metricName")
        missing = [k for k in _REQUIRED if raw.get(k) is None]
        if missing:
            message = f"{name} of {source} has no {', '.join(missing)}: copy_alarms cannot copy it"
            problems.append(Issue("alarmName", "alarm_unreadable", message, ("copy_alarms",)))
            continue
        if metric not in INSTANCE_METRICS:
            problems.append(
                Issue(
                    "metricName",
                    "alarm_metric",
                    f"{name} of {source} watches {metric}, which is not one of the metrics an instance's alarm "
                    f"may watch ({', '.join(sorted(INSTANCE_METRICS))}), so copy_alarms cannot put it on a new "
                    "instance",
                    ("copy_alarms",),
                )
            )
            continue
        for instance in instances:
            new = alarm_name(name, source, instance)
            if not _NAME.match(new) or len(new) > RESOURCE_NAME_MAX:
                problems.append(
                    Issue(
                        "alarmName",
                        "alarm_name",
                        f"copy_alarms would name the copy of {name} of {source} on {instance} {new}, which is not "
                        f"an alarm's name (up to {RESOURCE_NAME_MAX} ASCII letters, digits, - and _, a letter, digit "
                        "or _ first and last)",
                        ("copy_alarms",),
                    )
                )
                continue
            params: dict[str, Any] = {k: raw[k] for k in (*_REQUIRED, *_OPTIONAL) if raw.get(k) is not None}
            params.update(alarmName=new, monitoredResourceName=instance)
            copies.append(AlarmCopy(name, params))  # type: ignore[arg-type]  # AWS's own values, all members typed
    return sorted(copies, key=lambda c: (c.instance, c.name)), problems


# -- the plan part ------------------------------------------------------------------------------------------
def plan_part(look: NetworkLook, network: NetworkPlan) -> NetworkPlan:
    """List the alarms the step puts and refuse those it cannot; with a retire and no ``copy_alarms``, warn."""
    asked = look.cut_over.part(CopyAlarms).asks
    retire = look.cut_over.part(Retire)
    if not asked and not retire.asks:
        return network
    option = "replace_source" if retire.replace_source else "retire_source"
    if asked and retire.replace_source:
        look.findings.add(
            "copy_alarms_replace",
            "copy_alarms",
            "error",
            "copy_alarms reads the source's alarms once the new instance runs, and replace_source deletes the source "
            "before the new one exists: restore beside it with retire_source, or put its alarms back yourself",
            params=("copy_alarms", "replace_source", "retire_source"),
        )
        return network
    source = network.source
    if source is None:
        if asked:  # after retire_source deleted it, a rerun finds its copies made: a remark, not a warning
            look.findings.add(
                "copy_alarms_unread",
                "copy_alarms",
                "info" if retire.retire_source else "warning",
                f"copy_alarms copies the alarms of the source instance, which could not be read (see the findings "
                f"above): none is copied; alarms already on {look.names} stay",
                params=("copy_alarms",),
            )
        return network
    try:
        theirs = _alarms(look.source_account.api)
        here = theirs if look.source_account is look.account else _alarms(look.account.api)
    except LightsailRestoreError as exc:
        if asked:
            raise
        look.findings.add(
            "alarms_unread",
            option,
            "warning",
            f"could not read the alarms of {source.instance_name} ({code(exc)}): whether {option} leaves any "
            "behind is unknown",
            params=(option,),
        )
        return network
    wanted, problems = _copies(theirs, source.instance_name, look.request.instance_names)
    own = [str(a.get("name")) for a in theirs if _watches(a) == source.instance_name]
    if not asked:
        if own:
            look.findings.add(
                "alarms_not_copied",
                option,
                "warning",
                f"{option} deletes {source.instance_name}, whose alarms ({', '.join(own)}) watch no new instance: "
                f"give copy_alarms to put them on {look.names}",
                params=(option, "copy_alarms"),
            )
        return network
    for issue in problems:
        look.findings.add(issue.rule, issue.path, "error", issue.message, params=("copy_alarms",))
    if not own:
        look.findings.add(
            "copy_alarms",
            "",
            "info",
            f"{source.instance_name} has no alarms: copy_alarms puts none",
            params=("copy_alarms",),
        )
        return network
    _check_room(look, wanted, here)
    _say(look, source.instance_name, wanted, here)
    if look.cross_region:
        _contacts(look, wanted)
    return network


def _check_room(look: NetworkLook, wanted: Sequence[AlarmCopy], here: Sequence[AlarmTypeDef]) -> None:
    """Refuse a name an alarm of another resource holds, and more than two alarms on one metric of an instance."""
    by_name = {str(a.get("name")): a for a in here}
    names = {c.name for c in wanted}
    for copy in wanted:
        holder = by_name.get(copy.name)
        if holder is not None and _watches(holder) != copy.instance:
            look.findings.add(
                "alarm_name_taken",
                "alarmName",
                "error",
                f"the alarm {copy.name} exists and watches {_watches(holder)}: copy_alarms would take it over with "
                f"the copy of {copy.source_alarm} on {copy.instance} (PutAlarm overwrites the alarm of a name); "
                "rename or delete it",
                params=("copy_alarms",),
            )
    for instance in look.request.instance_names:
        count = Counter(str(c.params["metricName"]) for c in wanted if c.instance == instance)
        count.update(str(a.get("metricName")) for a in here if _watches(a) == instance and a.get("name") not in names)
        for metric, many in sorted(count.items()):
            if many > PER_METRIC:
                look.findings.add(
                    "alarm_limit",
                    "metricName",
                    "error",
                    f"with copy_alarms, {instance} would have {many} alarms on {metric}, and a metric has at most "
                    f"{PER_METRIC}",
                    params=("copy_alarms",),
                )


def _say(look: NetworkLook, source: str, wanted: Sequence[AlarmCopy], here: Sequence[AlarmTypeDef]) -> None:
    by_name = {str(a.get("name")): a for a in here}
    already = [c.name for c in wanted if c.same_as(by_name.get(c.name))]
    to_put = [c.describe() for c in wanted if c.name not in already]
    there = f"; already there: {', '.join(already)}" if already else ""
    what = f"puts {len(to_put)} of {source}'s alarms on {look.names}: {'; '.join(to_put)}" if to_put else "puts none"
    look.findings.add(
        "copy_alarms",
        "",
        "info",
        f"copy_alarms {what}{there}; {look.once_they_run}, after the readiness gate and before the static IP moves",
        params=("copy_alarms",),
    )


def _contacts(look: NetworkLook, wanted: Sequence[AlarmCopy]) -> None:
    """Across Regions: the protocols the target Region has no verified contact method for (E82)."""
    notify = [c for c in wanted if c.params.get("notificationEnabled", True)]
    protocols = sorted({str(p) for c in notify for p in c.params.get("contactProtocols") or ()})
    if not protocols:
        return
    api = look.account.api
    contacts = api.read(api.lightsail.get_contact_methods).get("contactMethods") or []  # one of each protocol: E82
    methods = {str(m.get("protocol")): m.get("status") for m in contacts}
    silent = [p for p in protocols if methods.get(p) != "Valid"]
    if silent:
        by = " or ".join(silent)
        look.findings.add(
            "alarm_contacts",
            "contactProtocols",
            "warning",
            f"Email and SMS contacts belong to a Region, and {look.account.region} has no verified {by} contact "
            f"method (GetContactMethods): the alarms copy_alarms puts show in the Lightsail console but send no {by} "
            "until one is added there (CreateContactMethod) and verified",
            params=("copy_alarms",),
        )


# -- the action -------------------------------------------------------------------------------------------
def _put(run: RestoreRun, source: str) -> tuple[list[str], list[str], list[str]]:
    """Read the source's alarms, then put each copy not there already; each round reads the Region's alarms first.

    A transient error of a read or a put costs a round; a put whose answer was lost is judged by the next look.

    Returns:
        The copies put, those already there, and those whose answer was lost (a second look found them).

    Raises:
        LightsailRestoreError: A read or a put did not succeed, and retrying cannot fix it or the deadline came.
        _Refused: An alarm of the source cannot be copied, or a copy's name is held by an alarm of another resource
            (nothing is put over it).
    """
    put: list[str] = []
    lost: list[str] = []
    already: list[str] = []
    failed: dict[str, LightsailRestoreError] = {}
    wanted: list[AlarmCopy] | None = None
    pace = run.pace()

    def look() -> Verdict:
        nonlocal wanted
        here = _alarms(run.api)
        if wanted is None:
            theirs = here if _source_api(run) is run.api else _alarms(_source_api(run))
            wanted, problems = _copies(theirs, source, run.request.instance_names)
            if problems:
                raise _Refused(f"an alarm of {source} cannot be copied: {problems[0].message}")
        found = {str(a.get("name")): a for a in here}
        left = [c for c in wanted if not c.same_as(found.get(c.name))]
        for copy in wanted:
            if copy not in left and copy.name not in (*put, *lost, *already):
                (lost if copy.name in failed else already).append(copy.name)
        taken = [c for c in left if c.name in found and _watches(found[c.name]) != c.instance]
        if taken:
            holder = _watches(found[taken[0].name])
            raise _Refused(f"the alarm {taken[0].name} watches {holder}: nothing was put over it")
        if not left:
            return True
        retry = [failed.pop(c.name) for c in left if c.name in failed]
        if retry:
            raise retry[0]  # not applied: it costs a round, and is sent again if retrying can help
        for copy in left:
            try:
                operations = run.api.write(run.api.lightsail.put_alarm, **copy.params)  # creates or overwrites: E81
            except LightsailRestoreError as exc:
                failed[copy.name] = exc  # applied or not: the next look, at once, says
                return AT_ONCE
            wait_for_operations(run.api, operations, pace)
            put.append(copy.name)
        return True

    poll(look, pace).raise_for_end()
    return put, already, [f"{n} ({code(failed.get(n))})" if n in failed else n for n in lost]


class _Refused(Exception):
    """The step cannot go on without putting over what it must not: nothing (more) is put."""


def _alarms(api: LightsailApi) -> list[AlarmTypeDef]:
    """Every alarm of the api's Region (``GetAlarms`` with no name, every page: E80)."""
    return api.pages(lambda token: api.lightsail.get_alarms(**token), lambda answer: answer.get("alarms"))


def _source_api(run: RestoreRun) -> LightsailApi:
    return run.cross.source if run.cross is not None else run.api


def alarms_step(run: RestoreRun) -> StepOutcome:
    """Put the source's alarms on each running new instance (PutAlarm), skipping those already there."""
    network = network_of(run)
    if run.halted:
        return StepOutcome(ALARMS_STEP, "skipped", run.halted)
    source = network.source if network is not None else None
    retired = network.retire if network is not None else None
    if source is None or (retired is not None and retired.gone):  # gone: the source is the final snapshot's tags
        return StepOutcome(ALARMS_STEP, "skipped", "the source instance could not be read: no alarm was copied")
    statuses = running(run)
    waiting = [f"{n} ({s})" for n in run.request.instance_names if (s := statuses.get(n, "unknown")) != "succeeded"]
    if waiting:  # the static-ip and retire steps do not go to an instance that is not running either
        return StepOutcome(ALARMS_STEP, "skipped", f"not running, so no alarm was put: {', '.join(waiting)}; {FINISH}")
    name = source.instance_name
    try:
        put, already, lost = _put(run, name)
    except _Refused as exc:
        run.halted = f"{exc}; nothing moved to the new instances; {FINISH}"
        return StepOutcome(ALARMS_STEP, "failed", run.halted)
    except LightsailRestoreError as exc:
        run.halted = f"the alarms of {name} were not all put: nothing moved to the new instances; {finish(exc)}"
        return StepOutcome(ALARMS_STEP, "failed", run.halted, exc)
    if not (put or lost or already):
        return StepOutcome(ALARMS_STEP, "skipped", f"{name} has no alarms: none to copy")
    parts = [f"{name}'s alarms put: {', '.join(put)}"] if put else []
    if lost:
        parts.append(f"the answer was lost for {', '.join(lost)}: a second look found it there")
    if already:
        parts.append(f"already there: {', '.join(already)}")
    return StepOutcome(ALARMS_STEP, "done" if put or lost else "skipped", "; ".join(parts))


def _asked(options: RestoreOptions, cross: bool) -> bool:
    return options.cut_over.part(CopyAlarms).asks


STEP = Step(ALARMS_STEP, alarms_step, _asked, plan_part, CopyAlarms.of)
"""The ``alarms`` step in the step list: after the readiness gate, before the static IP and the retire."""
