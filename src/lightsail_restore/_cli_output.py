"""What the command prints: readable tables or JSON on stdout, problems on stderr, never ``userData``."""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Sequence
from datetime import datetime
from typing import Any, TextIO

from .errors import Issue, LightsailError
from .preflight import Plan
from .restore import RestoreOutcome
from .waiter import InstanceOutcome, InstanceProgress, WaitResult

__all__ = ["Printer", "plan_to_dict", "redacting_filter"]

REDACTED = "**********"
_USER_DATA_MEMBER = re.compile(r"""(["']userData["']\s*:\s*)(["'])(?:\\.|(?!\2).)*\2""", re.DOTALL)


def _iso(value: datetime | None) -> str | None:
    return value.isoformat().replace("+00:00", "Z") if value else None


def plan_to_dict(plan: Plan) -> dict[str, Any]:
    """The plan as JSON-ready data (the request that would be sent has ``userData`` redacted)."""
    source = plan.source
    return {
        "ok": plan.ok,
        "region": plan.region,
        "apiCalls": plan.api_calls,
        "source": None
        if source is None
        else {
            "kind": source.kind,
            "name": source.name,
            "date": source.date,
            "createdAt": _iso(source.created_at),
            "sizeInGb": source.size_in_gb,
            "bundleId": source.bundle_id,
            "blueprintId": source.blueprint_id,
            "platform": source.platform,
            "disks": [{"path": d.path, "sizeInGb": d.size_in_gb, "name": d.name} for d in source.disks],
        },
        "findings": [
            {"severity": f.severity, "path": f.path, "rule": f.rule, "message": f.message} for f in plan.findings
        ],
        "alreadyCreated": list(plan.already_created),
        "wouldSend": plan.would_send(),
    }


class Printer:
    """Prints results as tables (or JSON) on stdout and problems on stderr, redacting the secret everywhere."""

    def __init__(self, stdout: TextIO, stderr: TextIO, *, json_output: bool) -> None:
        self.stdout, self.stderr, self.json_output = stdout, stderr, json_output
        self.secrets: list[str] = []
        self._live = not json_output and stdout.isatty()
        self._live_width = 0

    def secret(self, value: str | None) -> None:
        """Remember a value that must never be printed (``userData``), in its raw and escaped spellings."""
        if value:
            self.secrets.extend({value, json.dumps(value)[1:-1], repr(value)[1:-1]} - {""})

    def redact(self, text: str) -> str:
        """``text`` with every ``userData`` member and every remembered secret replaced by asterisks."""
        text = _USER_DATA_MEMBER.sub(lambda m: f"{m.group(1)}{m.group(2)}{REDACTED}{m.group(2)}", text)
        for secret in sorted(self.secrets, key=len, reverse=True):
            text = text.replace(secret, REDACTED)
        return text

    def _write(self, stream: TextIO, text: str) -> None:
        stream.write(self.redact(text) + "\n")
        stream.flush()

    def line(self, text: str = "") -> None:
        """A line on stdout."""
        self._end_live()
        self._write(self.stdout, text)

    def error(self, text: str) -> None:
        """A line on stderr."""
        self._end_live()
        self._write(self.stderr, text)

    def json(self, data: Any) -> None:
        """JSON on stdout."""
        self._write(self.stdout, json.dumps(data, indent=2, default=str))

    # -- results ------------------------------------------------------------------------------------------------
    def plan(self, plan: Plan) -> None:
        """A plan: the source, every finding, and the request that would be sent."""
        if self.json_output:
            self.json(plan_to_dict(plan))
            return
        source = plan.source.describe() if plan.source else "not found"
        self.line(f"Plan for {plan.region} ({plan.api_calls} read-only calls)")
        self.line(f"  source: {source}")
        if plan.source is not None and plan.source.bundle_id:
            size = f", {plan.source.size_in_gb} GB" if plan.source.size_in_gb else ""
            self.line(f"  from bundle {plan.source.bundle_id}, {plan.source.platform or 'unknown platform'}{size}")
        for finding in plan.findings:
            stream = self.stderr if finding.severity == "error" else self.stdout
            self._end_live()
            self._write(
                stream, f"  {finding.severity:7} {finding.path or '(request)'}: {finding.message} [{finding.rule}]"
            )
        if plan.ok:
            self.line(f"  would create: {', '.join(plan.to_create) or 'nothing (all already created)'}")
            self.line("  would send: " + json.dumps(plan.would_send()))
        else:
            self.error(f"refused before sending: {len(plan.errors)} problem(s); nothing was created")

    def _instances(self, instances: Sequence[InstanceOutcome]) -> None:
        rows = [("INSTANCE", "STATUS", "STATE", "ELAPSED", "DETAILS")]
        for i in instances:
            details = f"{i.error_code}: {i.error_details}" if i.error_code else ("resumed" if i.resumed else "")
            rows.append((i.name, i.status, i.instance_state or "-", f"{i.elapsed:.0f}s", details))
        widths = [max(len(r[c]) for r in rows) for c in range(4)]
        for row in rows:
            self.line("  ".join(cell.ljust(widths[c]) for c, cell in enumerate(row[:4])) + "  " + row[4])

    def outcome(self, outcome: RestoreOutcome) -> None:
        """A restore's outcome, one row per instance."""
        if self.json_output:
            data = outcome.to_dict()
            data["plan"] = plan_to_dict(outcome.plan) if outcome.plan else None
            self.json(data)
        else:
            self._instances(outcome.instances)
            ids = f", request id {outcome.request_id}" if outcome.request_id else ""
            self.line(f"{len(outcome.succeeded)} running, {outcome.api_calls} API calls{ids}")
        for failed in outcome.failed:
            self.error(f"{failed.name} failed: {failed.error_code}: {failed.error_details}")
        for name in outcome.timed_out:
            self.error(f"{name} is still not running at the timeout; run `lightsail-restore wait` to go on")

    def wait_result(self, result: WaitResult) -> None:
        """The outcome of waiting."""
        if self.json_output:
            self.json(
                {
                    "instances": [i.to_dict() for i in result.instances],
                    "apiCalls": result.api_calls,
                    "rounds": result.rounds,
                }
            )
        else:
            self._instances(result.instances)
            self.line(f"{result.rounds} polling rounds, {result.api_calls} API calls")

    def local_state(self, state: dict[str, Any], region: str, now: datetime) -> None:
        """A summary of the local backend's state in one Region."""
        res = state["regions"][region]
        timings = state["timings"]
        instances = []
        for name, instance in sorted(res["instances"].items()):
            running = now.timestamp() >= instance["bootAt"] + timings["bootSeconds"]
            instances.append(
                {"name": name, "bundleId": instance["bundleId"], "state": "running" if running else "pending"}
            )
        summary: dict[str, Any] = {
            "region": region,
            "instances": instances,
            "instanceSnapshots": sorted(res["instanceSnapshots"]),
            "autoSnapshots": {k: [s["date"] for s in v] for k, v in sorted(res["autoSnapshots"].items())},
            "disks": sorted(res["disks"]),
            "keyPairs": sorted(res["keyPairs"]),
            "operations": len(res["operations"]),
        }
        if self.json_output:
            self.json(summary)
            return
        self.line(f"Local Lightsail, {region}:")
        for instance in instances:
            self.line(f"  instance {instance['name']:20} {instance['bundleId']:14} {instance['state']}")
        self.line(f"  snapshots: {', '.join(summary['instanceSnapshots']) or '-'}")
        self.line(f"  disks: {', '.join(summary['disks']) or '-'}; key pairs: {', '.join(summary['keyPairs']) or '-'}")
        self.line(f"  operations: {summary['operations']}")

    # -- problems -----------------------------------------------------------------------------------------------
    def refused(self, issues: Sequence[Issue]) -> None:
        """A request refused before sending: every problem, by AWS path and rule."""
        if self.json_output:
            self.json({"refused": [{"path": i.path, "rule": i.rule, "message": i.message} for i in issues]})
        self.error(f"refused before sending ({len(issues)} problem(s)); nothing was sent:")
        for issue in issues:
            self.error(f"  {issue.path or '(request)'}: {issue.message} [{issue.rule}]")

    def aws_error(self, error: LightsailError) -> None:
        """AWS's refusal, with its message, tip and request id."""
        self.error(f"AWS refused: {error.error_code}: {error.message}")
        if error.tip:
            self.error(f"  tip: {error.tip}")
        if error.request_id:
            self.error(f"  request id: {error.request_id}")

    def progress(self, rows: Sequence[InstanceProgress]) -> None:
        """A live progress line while waiting (only on a terminal)."""
        if not self._live:
            return
        text = " | ".join(f"{r.name}: {r.status} {r.elapsed:.0f}s" for r in rows)
        self.stdout.write("\r" + text.ljust(self._live_width))
        self.stdout.flush()
        self._live_width = len(text)

    def _end_live(self) -> None:
        if self._live and self._live_width:
            self.stdout.write("\n")
            self._live_width = 0


def redacting_filter(printer: Printer) -> logging.Filter:
    """A logging filter that redacts ``userData`` (and the printer's secrets) from every record."""

    class _Redact(logging.Filter):
        def filter(self, record: logging.LogRecord) -> bool:
            record.msg = printer.redact(record.getMessage())
            record.args = ()
            return True

    return _Redact()
