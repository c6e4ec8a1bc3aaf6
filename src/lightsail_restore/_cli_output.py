"""What the command prints: tables or JSON on stdout, problems on stderr, a live line on a TTY; never ``userData``."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any, TextIO

from ._cli_redact import Redactor
from .errors import Issue, LightsailError
from .restore import InstanceOutcome, InstanceProgress, Plan, RestoreOutcome, WaitResult
from .restore.outcome import error_to_dict

__all__ = ["Printer", "iso", "plan_to_dict", "table"]


def iso(value: datetime | None) -> str | None:
    """An aware datetime as ISO 8601 UTC (``2026-11-27T01:00:00Z``)."""
    if value is None:
        return None
    return value.astimezone(UTC).isoformat().replace("+00:00", "Z")


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
            "createdAt": iso(source.created_at),
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
        "toCreate": list(plan.to_create),
        "wouldSend": plan.would_send() if plan.to_create else None,
    }


def table(rows: Sequence[Sequence[str]]) -> list[str]:
    """Rows as aligned text lines (the last column is not padded)."""
    widths = [max(len(row[c]) for row in rows) for c in range(len(rows[0]) - 1)]
    return [
        "  ".join([*(cell.ljust(w) for cell, w in zip(row, widths, strict=False)), row[-1]]).rstrip() for row in rows
    ]


def _instance_rows(instances: Sequence[InstanceOutcome]) -> list[tuple[str, ...]]:
    rows: list[tuple[str, ...]] = [("INSTANCE", "STATUS", "STATE", "ELAPSED", "ERROR")]
    for i in instances:
        status: str = i.status
        if i.resumed:
            status += " (resumed)"
        elif i.answer_lost:
            status += " (created; the answer was lost)"
        elapsed = "-" if i.status == "not_waited" else f"{i.elapsed:.0f}s"
        error = f"{i.error_code}: {i.error_details or ''}" if i.error_code else ""
        rows.append((i.name, status, i.instance_state or "-", elapsed, error))
    return rows


def _restored_from(outcome: RestoreOutcome) -> str | None:
    """The source restored, in words: one source, or each instance's when they differ."""
    sources = {i.name: i.source for i in outcome.instances if i.source}
    if outcome.source is not None and len(set(sources.values())) <= 1:
        source = outcome.source
        if source.kind == "auto" and outcome.restored_date:
            return f"the automatic snapshot of {source.name} from {outcome.restored_date}"
        return source.describe()
    if sources:
        return ", ".join(f"{source} ({name})" for name, source in sources.items())
    return None


class Printer:
    """Prints results as tables (or JSON) on stdout and problems on stderr, through the redactor.

    Args:
        stdout: Where results go.
        stderr: Where problems (and debug logs) go.
        json_output: Print results as JSON instead of tables.
        redactor: Removes ``userData`` from every line written.
    """

    def __init__(self, stdout: TextIO, stderr: TextIO, *, json_output: bool, redactor: Redactor) -> None:
        self.stdout, self.stderr, self.json_output, self.redactor = stdout, stderr, json_output, redactor
        self._live = not json_output and _is_tty(stdout)
        self._live_width = 0

    def _write(self, stream: TextIO, text: str, *, redact: bool = True) -> None:
        self._end_live()
        stream.write((self.redactor.redact(text) if redact else text) + "\n")
        stream.flush()

    def line(self, text: str = "") -> None:
        """A line on stdout."""
        self._write(self.stdout, text)

    def error(self, text: str) -> None:
        """A line on stderr."""
        self._write(self.stderr, text)

    def json(self, data: Any) -> None:
        """JSON on stdout, redacted value by value so that it stays valid JSON whatever the secret spells."""
        self._write(self.stdout, json.dumps(self.redactor.redact_data(data), indent=2, default=str), redact=False)

    # -- results ------------------------------------------------------------------------------------------------
    def plan(self, plan: Plan) -> None:
        """A plan: the source, every finding (errors on stderr), and the request that would be sent."""
        if self.json_output:
            self.json(plan_to_dict(plan))
        else:
            self._plan_text(plan)
        for finding in plan.errors:
            self.error(f"error: {finding.path or '(request)'}: {finding.message} [{finding.rule}]")
        if not plan.ok:
            self.error(f"refused before sending: {len(plan.errors)} problem(s); nothing was created")

    def _plan_text(self, plan: Plan) -> None:
        self.line(f"Plan for {plan.region} ({plan.api_calls} read-only calls)")
        self.line(f"  source: {plan.source.describe() if plan.source else 'not found'}")
        if plan.source is not None and plan.source.bundle_id:
            size = f", {plan.source.size_in_gb} GB" if plan.source.size_in_gb else ""
            self.line(f"  from bundle {plan.source.bundle_id}, {plan.source.platform or 'unknown platform'}{size}")
        for finding in plan.findings:
            if finding.severity != "error":
                self.line(f"  {finding.severity}: {finding.path or '(request)'}: {finding.message} [{finding.rule}]")
        if plan.ok:
            if plan.already_created:
                self.line(f"  already created (a restore resumes them): {', '.join(plan.already_created)}")
            self.line(f"  would create: {', '.join(plan.to_create) or 'nothing'}")
            if plan.to_create:
                self.line("  would send: " + json.dumps(plan.would_send()))

    def outcome(self, outcome: RestoreOutcome) -> None:
        """A restore's outcome: one row per instance, then failures on stderr."""
        if self.json_output:
            data = outcome.to_dict()
            data["plan"] = plan_to_dict(outcome.plan) if outcome.plan else None
            self.json(data)
        else:
            for text in table(_instance_rows(outcome.instances)):
                self.line(text)
            request_id = f", request id {outcome.request_id}" if outcome.request_id else ""
            running = f"{len(outcome.succeeded)} of {len(outcome.instances)} running"
            self.line(f"{running}, {outcome.api_calls} API calls{request_id}")
            restored = _restored_from(outcome)
            if restored:
                self.line(f"restored from {restored}")
            if not outcome.waited and outcome.operations:
                ids = " ".join(op.id for op in outcome.operations if op.id)
                self.line(
                    f"not waited; to wait (same --local/--region flags): lightsail-restore wait --operation-ids {ids}"
                )
        self._failures(outcome.instances)
        if outcome.error is not None:
            names = " ".join(outcome.unknown) or " ".join(i.name for i in outcome.instances)
            self.error(
                f"the wait ended early on an error retrying cannot fix: {outcome.error}; what was created is kept: "
                f"run the same restore again (or `lightsail-restore wait --instance-names {names}`) to go on"
            )

    def wait_result(self, result: WaitResult) -> None:
        """The outcome of ``wait``: one row per instance, then failures on stderr."""
        if self.json_output:
            instances = [i.to_dict() for i in result.instances]
            ok = all(i.status == "succeeded" for i in result.instances)
            ok = ok and result.error is None
            error = error_to_dict(result.error)
            self.json(
                {
                    "ok": ok,
                    "instances": instances,
                    "apiCalls": result.api_calls,
                    "rounds": result.rounds,
                    "retryableErrors": result.retryable_errors,
                    "error": error,
                }
            )
        else:
            for text in table(_instance_rows(result.instances)):
                self.line(text)
            running = sum(1 for i in result.instances if i.status == "succeeded")
            calls = f"{result.rounds} polling rounds, {result.api_calls} API calls"
            self.line(f"{running} of {len(result.instances)} running, {calls}")
        self._failures(result.instances)
        if result.error is not None:
            self.error(f"the wait ended early on an error retrying cannot fix: {result.error}")

    def _failures(self, instances: Sequence[InstanceOutcome]) -> None:
        for i in instances:
            if i.status == "failed":
                self.error(f"{i.name} failed: {i.error_code or 'no error code'}: {i.error_details or ''}")
            elif i.status == "timed_out":
                self.error(f"{i.name} is still not running at the timeout; `lightsail-restore wait` goes on waiting")
            elif i.status == "not_found":
                self.error(f"{i.name} was not found: no instance and no creation operation of that name")
            elif i.status == "unknown":
                self.error(f"{i.name}: unknown, the wait ended before it was settled")

    def local_state(self, summary: dict[str, Any]) -> None:
        """A summary of the local backend's account in one Region."""
        if self.json_output:
            self.json(summary)
            return
        timings = summary["timings"]
        self.line(f"Local Lightsail, {summary['region']} ({summary['stateFile']}):")
        rows = [("INSTANCE", "BUNDLE", "ZONE", "STATE")]
        rows += [(i["name"], i["bundleId"], i["availabilityZone"], i["state"]) for i in summary["instances"]]
        for text in table(rows):
            self.line("  " + text)
        self.line(f"  instance snapshots: {', '.join(summary['instanceSnapshots']) or '-'}")
        for name, dates in summary["autoSnapshots"].items():
            self.line(f"  automatic snapshots of {name}: {', '.join(dates) or '-'}")
        self.line(f"  disks: {', '.join(summary['disks']) or '-'}; key pairs: {', '.join(summary['keyPairs']) or '-'}")
        self.line(
            f"  operations: {summary['operations']}; timings: operations {timings['operationSeconds']} s, "
            f"boot {timings['bootSeconds']} s"
        )

    # -- problems -----------------------------------------------------------------------------------------------
    def refused(self, issues: Sequence[Issue]) -> None:
        """A request refused before sending: every problem, by AWS path and rule."""
        if self.json_output:
            self.json(
                {"ok": False, "refused": [{"path": i.path, "rule": i.rule, "message": i.message} for i in issues]}
            )
        self.error(f"refused before sending ({len(issues)} problem(s)); nothing was sent:")
        for issue in issues:
            self.error(f"  {issue.path or '(request)'}: {issue.message} [{issue.rule}]")

    def aws_error(self, error: LightsailError) -> None:
        """AWS's refusal, with its message, tip and request id."""
        if self.json_output:
            fields = {"errorCode": error.error_code, "code": error.code, "message": error.message, "tip": error.tip}
            extra = {"docs": error.docs, "requestId": error.request_id, "httpStatus": error.http_status}
            self.json({"ok": False, "error": {**fields, **extra}})
        self.error(f"AWS refused: {error.error_code}: {error.message}")
        if error.tip:
            self.error(f"  tip: {error.tip}")
        if error.request_id:
            self.error(f"  request id: {error.request_id}")

    # -- live progress ------------------------------------------------------------------------------------------
    def progress(self, rows: Sequence[InstanceProgress]) -> None:
        """A live progress line after each polling round (only when stdout is a terminal)."""
        if not self._live:
            return
        text = self.redactor.redact(" | ".join(f"{r.name}: {r.status} {r.elapsed:.0f}s" for r in rows))
        self.stdout.write("\r" + text.ljust(self._live_width))
        self.stdout.flush()
        self._live_width = len(text)

    def _end_live(self) -> None:
        if self._live_width:
            self.stdout.write("\n")
            self._live_width = 0


def _is_tty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
