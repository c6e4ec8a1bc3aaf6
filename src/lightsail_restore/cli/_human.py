"""The readable output (``--output table``, the default): lines made from the same documents as JSON.

Every header line names the backend that answered. Problems go to stderr in every output mode (see
``refusal_lines``, the one format of a refusal).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from ._errors import Problem, RefusedBy
from ._flags import PARAM_FLAGS
from ._style import Style

__all__ = [
    "instance_lines",
    "local_lines",
    "outcome_lines",
    "plan_lines",
    "refusal_lines",
    "table",
    "wait_lines",
]

_BY = {
    "flags": "the command line",
    "request": "the request's rules",
    "plan": "the plan",
    "configuration": "the configuration",
}


def table(rows: Sequence[Sequence[str]], style: Style | None = None, status_column: int | None = None) -> list[str]:
    """Rows as aligned text lines (the last column is not padded); one column may be colored by status."""
    widths = [max(len(row[c]) for row in rows) for c in range(len(rows[0]) - 1)]
    lines = []
    for number, row in enumerate(rows):
        cells = [cell.ljust(w) for cell, w in zip(row, widths, strict=False)] + [row[-1]]
        if style is not None and status_column is not None and number > 0:
            cells[status_column] = style.status(cells[status_column], row[status_column].split()[0])
        lines.append("  ".join(cells).rstrip())
    return lines


def instance_lines(instances: Sequence[dict[str, Any]], style: Style) -> list[str]:
    """One row per instance: name, status, state, time waited, AWS's error."""
    rows: list[tuple[str, ...]] = [("INSTANCE", "STATUS", "STATE", "ELAPSED", "ERROR")]
    for i in instances:
        status = str(i["status"])
        if i.get("resumed"):
            status += " (resumed)"
        elif i.get("answerLost"):
            status += " (created; the answer was lost)"
        elapsed = "-" if i["status"] in ("not_waited", "not_created") else f"{i.get('elapsedSeconds') or 0:.0f}s"
        error = f"{i['errorCode']}: {i.get('errorDetails') or ''}" if i.get("errorCode") else ""
        rows.append((str(i["name"]), status, str(i.get("instanceState") or "-"), elapsed, error))
    return table(rows, style, status_column=1)


def plan_lines(plan: dict[str, Any], backend: str) -> list[str]:
    """The plan: where it looked, the source, warnings, what would be created and sent."""
    lines = [f"Plan on {backend}: {plan['apiCalls']} read-only calls"]
    source = plan.get("source")
    if source is not None:  # none found: the refusal says why
        where = f" in {source['region']}" if source.get("region") else ""
        if source["kind"] == "manual":
            lines.append(f"  source: manual snapshot {source['name']}{where}")
        else:
            day = source["date"] or "an unknown date"
            lines.append(f"  source: automatic snapshot of {source['name']}{where} from {day}")
        if source.get("bundleId"):
            size = f", {source['sizeInGb']} GB" if source.get("sizeInGb") else ""
            lines.append(f"  from bundle {source['bundleId']}, {source.get('platform') or 'unknown platform'}{size}")
    if plan.get("copy"):
        lines.append("  " + _copy_plan(plan["copy"]))
    for finding in plan["findings"]:
        if finding["severity"] != "error":
            lines.append(
                f"  {finding['severity']}: {_where(finding['path'])}: {finding['message']} [{finding['rule']}]"
            )
    if plan["ok"]:
        if plan["alreadyCreated"]:
            lines.append(f"  already created (a restore resumes them): {', '.join(plan['alreadyCreated'])}")
        lines.append(f"  would create: {', '.join(plan['toCreate']) or 'nothing'}")
        price = plan.get("price")
        if price is not None and plan["toCreate"]:
            each = f"{price['bundleId']} at ${price['each']:,.2f} each"
            lines.append(f"  price: ${price['monthly']:,.2f} a month ({each}, GetBundles)")
        lines.extend(_disk_line(disk) for disk in plan.get("disks") or [])
        if (plan.get("copy") or {}).get("wouldSend"):
            lines.append("  would copy: " + json.dumps(plan["copy"]["wouldSend"]))
        if plan.get("wouldSend"):
            lines.append("  would send: " + json.dumps(plan["wouldSend"]))
    if plan.get("userData"):
        lines.append(f"  user data: {_user_data(plan['userData'])}")
    return lines


def _where(path: str) -> str:
    """What a finding is about: its AWS path, or a library option's flag (``retire_source`` -> ``--retire-source``)."""
    words = PARAM_FLAGS.get(path) if "_" in path else None
    return words.split()[0] if words else path or "(request)"


def _disk_line(disk: dict[str, Any]) -> str:
    """A disk the restore creates: ``disk: /dev/xvdf (32 GB, was web-1-data) as web-2-data on web-2``."""
    what = [f"{disk['sizeInGb']} GB"] if disk.get("sizeInGb") else []
    what += [f"was {disk['originalName']}"] if disk.get("originalName") else []
    shown = f" ({', '.join(what)})" if what else ""
    named = ", named by the restore" if disk.get("chosen") else ""
    return f"  disk: {disk['originalDiskPath']}{shown} as {disk['newDiskName']} on {disk['instanceName']}{named}"


def _copy_plan(copy: dict[str, Any]) -> str:
    """A cross-Region restore's copy in the plan: what is copied where, and what a restore would do with it."""
    if copy["source"] is None:
        return f"copy: from {copy['sourceRegion']} to {copy['region']}, once the source is found"
    if not copy["needed"]:
        then = "not needed: every instance was already created"
    elif copy["state"] == "available":
        then = "made by an earlier run (available): restored from, not copied again"
    elif copy["state"] is not None:
        then = f"made by an earlier run ({copy['state']}): waited for, not copied again"
    else:
        then = "would copy, then wait until it is available"
    chosen = ", a name chosen for you" if copy["chosen"] else ""
    return f"copy: {copy['source']} to {copy['name']} in {copy['region']}{chosen}; {then}"


def _copy_line(copy: dict[str, Any], steps: Sequence[dict[str, Any]]) -> str:
    """The copy step of a cross-Region restore: the Regions, done/skipped/failed, and what it did."""
    step = next((s for s in steps if s["name"] == "copy"), None)
    how = f"{step['status']}: {step['detail']}" if step else f"{copy['name']} ({copy.get('state')})"
    return f"copy from {copy['sourceRegion']} to {copy['region']}: {how}"


def _user_data(data: dict[str, Any]) -> str:
    shown = f"{data['bytes']} bytes, from {data['source']} (never shown)"
    if data.get("notRunOn"):
        shown += f"; not run on {', '.join(data['notRunOn'])}, which existed: a launch script runs only at creation"
    return shown


def outcome_lines(outcome: dict[str, Any], backend: str, style: Style) -> list[str]:
    """A restore: one row per instance, the totals, and how to wait when it did not."""
    lines = [f"Restore on {backend}"]
    if outcome.get("copy"):
        lines.append(_copy_line(outcome["copy"], outcome["steps"]))
    lines += instance_lines(outcome["instances"], style)
    running = sum(1 for i in outcome["instances"] if i["status"] == "succeeded")
    request_id = f", request id {outcome['requestId']}" if outcome.get("requestId") else ""
    lines.append(f"{running} of {len(outcome['instances'])} running, {outcome['apiCalls']} API calls{request_id}")
    if outcome.get("restoredFrom"):
        lines.append(f"restored from {outcome['restoredFrom']}")
    if outcome.get("userData"):
        lines.append(f"user data: {_user_data(outcome['userData'])}")
    if outcome.get("next"):
        lines.append(f"not waited; to wait: {outcome['next']}")
    return lines


def wait_lines(result: dict[str, Any], backend: str, style: Style) -> list[str]:
    """``wait``: one row per instance and the totals."""
    lines = [f"Wait on {backend}"]
    lines += instance_lines(result["instances"], style)
    running = sum(1 for i in result["instances"] if i["status"] == "succeeded")
    calls = f"{result['rounds']} polling rounds, {result['apiCalls']} API calls"
    lines.append(f"{running} of {len(result['instances'])} running, {calls}")
    return lines


def local_lines(summary: dict[str, Any], backend: str) -> list[str]:
    """What the local account holds in one Region."""
    timings = summary["timings"]
    lines = [f"Local Lightsail, {backend.removeprefix('local Lightsail ')}:"]
    rows = [("INSTANCE", "BUNDLE", "ZONE", "STATE", "IP TYPE", "PUBLIC IP")]
    rows += [
        (
            str(i["name"]),
            str(i["bundleId"] or "-"),
            str(i["availabilityZone"] or "-"),
            str(i["state"] or "-"),
            str(i.get("ipAddressType") or "-"),
            str(i["publicIpAddress"] or "-") + (" (static)" if i["isStaticIp"] else ""),
        )
        for i in summary["instances"]
    ]
    lines += ["  " + text for text in table(rows)]
    for i in summary["instances"]:
        lines += _instance_detail(i)
    for ip in summary["staticIps"]:
        held = f"attached to {ip['attachedTo']}" if ip.get("attachedTo") else "attached to no instance"
        lines.append(f"  static IP {ip['name']} ({ip.get('ipAddress') or '-'}): {held}")
    lines.append(f"  instance snapshots: {', '.join(summary['instanceSnapshots']) or '-'}")
    for name, days in summary["autoSnapshots"].items():
        said = [
            d["date"] + ("" if d.get("status") in (None, "Success") else f" ({str(d['status']).lower()})") for d in days
        ]
        lines.append(f"  automatic snapshots of {name}: {', '.join(said) or '-'}")
    disks = ", ".join(
        f"{d['name']} ({d.get('sizeInGb') or '?'} GB, attached to {d.get('attachedTo') or 'no instance'})"
        for d in summary["disks"]
    )
    lines.append(f"  disks: {disks or '-'}; key pairs: {', '.join(summary['keyPairs']) or '-'}")
    lines.append(
        f"  operations: {summary['operations']}; timings: operations {timings['operationSeconds']} s, "
        f"boot {timings['bootSeconds']} s, copy {timings['copySeconds']} s"
    )
    return lines


def _instance_detail(instance: dict[str, Any]) -> list[str]:
    """What a drill checks on one instance: its firewall rules, tags and add-ons."""
    name = instance["name"]
    tags = ", ".join(f"{k}={v}" if v is not None else k for k, v in instance["tags"].items()) or "none"
    add_ons = []
    for add_on in instance["addOns"]:
        at = f", daily at {add_on['snapshotTimeOfDay']} UTC" if add_on.get("snapshotTimeOfDay") else ""
        add_ons.append(f"{add_on['name']} ({str(add_on.get('status', '')).lower()}{at})")
    return [
        f"  {name} firewall: {'; '.join(instance['ports']) or 'closed'}",
        f"  {name} tags: {tags}; add-ons: {', '.join(add_ons) or 'none'}",
    ]


def refusal_lines(problems: Sequence[Problem], by: RefusedBy, backend: str | None) -> list[str]:
    """The one format of a refusal, whatever refused it (stderr)."""
    count = f"{len(problems)} problem{'s' if len(problems) != 1 else ''}"
    if by == "plan":
        outcome = f"nothing was created on {backend}" if backend else "nothing was created"
    else:
        outcome = f"nothing was sent to {backend}" if backend else "nothing was sent"
    lines = [f"lightsail-restore: error: refused by {_BY[by]} ({count}); {outcome}:"]
    lines += [f"  {p.where() if p.flag or p.path or by == 'request' else by}: {p.message} [{p.rule}]" for p in problems]
    return lines
