"""Metric alarms and contact methods: PutAlarm, GetAlarms and GetContactMethods.

As the service model and AWS's CloudFormation handler show them (E80-E83 in ``docs/design/evidence.md``): an
alarm is named Region-wide; PutAlarm creates it, or overwrites every setting of the alarm of that name (its state
stays); a new alarm starts ``INSUFFICIENT_DATA``; up to two alarms watch one metric of one resource; GetAlarms with
no name lists every alarm of the Region, newest first, a page at a time, and with a name answers NotFoundException
when there is none. The backend's own choices (no public answer shows them) are in ``docs/local.md``: PutAlarm
answers one ``Alarm`` operation already ``Succeeded``; an alarm watches an instance that exists (NotFoundException
otherwise), and stays when the instance is deleted; alarms live under the Region's ``alarms`` member, which a state
from before them lacks; contact methods are only read, from the Region's ``contactMethods`` member.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from ._call import Call, newest_first, public
from ._errors import invalid, not_found
from ._resources import ACCOUNT, arn, location

__all__ = ["OPERATIONS"]

INSTANCE_METRICS: Final = {
    "BurstCapacityPercentage": ("Average", "Percent"),
    "BurstCapacityTime": ("Average", "Seconds"),
    "CPUUtilization": ("Average", "Percent"),
    "NetworkIn": ("Sum", "Bytes"),
    "NetworkOut": ("Sum", "Bytes"),
    "StatusCheckFailed": ("Sum", "Count"),
    "StatusCheckFailed_Instance": ("Sum", "Count"),
    "StatusCheckFailed_System": ("Sum", "Count"),
}
"""The metrics an instance's alarm may watch (E83), with the statistic and unit the backend lists for each."""
PER_METRIC: Final = 2
"""Alarms per metric of one resource (E81)."""


def _alarms(call: Call) -> dict[str, Any]:
    found: dict[str, Any] = call.res.setdefault("alarms", {})
    return found


def put_alarm(call: Call, params: Mapping[str, Any]) -> dict[str, Any]:
    """PutAlarm: create the alarm, or overwrite the settings of the one of this name (its state stays, E81)."""
    name, metric = str(params["alarmName"]), str(params["metricName"])
    instance = call.existing_instance(params["monitoredResourceName"])
    if metric not in INSTANCE_METRICS:
        raise invalid(f"The metric {metric} cannot be monitored for an Instance")
    alarms = _alarms(call)
    old = alarms.get(name)
    if old is not None and old["monitoredResourceInfo"]["name"] != instance["name"]:
        raise invalid(f"The alarm {name} monitors {old['monitoredResourceInfo']['name']}, not {instance['name']}")
    others = [
        a
        for a in alarms.values()
        if a["name"] != name and a["monitoredResourceInfo"]["name"] == instance["name"] and a["metricName"] == metric
    ]
    if len(others) >= PER_METRIC:
        raise invalid(f"You can configure up to {PER_METRIC} alarms per metric: {instance['name']} has {metric} ones")
    periods = int(params["evaluationPeriods"])
    statistic, unit = INSTANCE_METRICS[metric]
    alarm = old or {
        "name": name,
        "arn": arn(call.region, "Alarm"),
        "createdAt": call.now,
        "location": location(call.region, instance["location"]["availabilityZone"]),
        "resourceType": "Alarm",
        "supportCode": f"{ACCOUNT}/{name}",
        "monitoredResourceInfo": {"arn": instance["arn"], "name": instance["name"], "resourceType": "Instance"},
        "state": "INSUFFICIENT_DATA",
    }
    alarm.update(
        metricName=metric,
        statistic=statistic,
        unit=unit,
        period=300,
        comparisonOperator=params["comparisonOperator"],
        evaluationPeriods=periods,
        threshold=float(params["threshold"]),
        datapointsToAlarm=int(params.get("datapointsToAlarm", periods)),
        treatMissingData=params.get("treatMissingData", "missing"),
        contactProtocols=list(params.get("contactProtocols") or []),
        notificationTriggers=list(params.get("notificationTriggers") or ["ALARM"]),
        notificationEnabled=bool(params.get("notificationEnabled", True)),
    )
    alarms[name] = alarm
    op = call.record(alarm["location"], name, "Alarm", "PutAlarm")
    return {"operations": [call.operation_view(op)]}


def get_alarms(call: Call, params: Mapping[str, Any]) -> dict[str, Any]:
    """GetAlarms: one alarm by name (NotFoundException when none), a resource's, or every alarm of the Region."""
    alarms = newest_first(_alarms(call).values())
    name, watched = params.get("alarmName"), params.get("monitoredResourceName")
    if name is not None:
        alarms = [a for a in alarms if a["name"] == name]
        if not alarms:
            raise not_found(f"The Alarm does not exist: {name}")
    if watched is not None:
        alarms = [a for a in alarms if a["monitoredResourceInfo"]["name"] == watched]
    return call.page([public(a) for a in alarms], "alarms", params)


def get_contact_methods(call: Call, params: Mapping[str, Any]) -> dict[str, Any]:
    """GetContactMethods: the Region's contact methods (of ``protocols`` when given)."""
    wanted = params.get("protocols")
    methods = [m for m in call.res.get("contactMethods", {}).values() if not wanted or m["protocol"] in wanted]
    return {"contactMethods": [public(m) for m in newest_first(methods)]}


OPERATIONS = {
    "GetAlarms": get_alarms,
    "GetContactMethods": get_contact_methods,
    "PutAlarm": put_alarm,
}
"""The alarm operations, by AWS operation name."""
