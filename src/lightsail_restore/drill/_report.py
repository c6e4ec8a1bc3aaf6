"""A drill's evidence: ``DrillReport``, as JSON-ready data and as one Markdown page an auditor can read."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar, Literal

from pydantic import computed_field

from ..restore._document import Document, OrderedDocument, Seconds
from ._teardown import Deleted, Refused

__all__ = ["DrillCheck", "DrillReport", "DrillSource", "DrillStep"]


@dataclass(frozen=True, slots=True)
class DrillSource(Document):
    """The restore point a drill restored: its label (``web-1-snap``, ``web-1@2026-03-09``) and when it was taken.

    ``to_dict()``: ``restorePoint``, ``createdAt`` (ISO 8601 UTC), ``region`` (a cross-Region drill's source Region).
    """

    restore_point: str | None
    created_at: str | None
    region: str | None = None


@dataclass(frozen=True, slots=True)
class DrillStep(Document):
    """One step of the drill, timed on the drill's clock.

    ``plan``, ``copy``, ``create``, ``boot``, ``status checks``, ``health checks``, ``teardown``; its status
    (``done``, ``skipped``, ``failed``), its seconds, and a line saying what happened (``to_dict()``: ``name``,
    ``status``, ``seconds`` to the millisecond, ``detail``).
    """

    name: str
    status: str
    seconds: Seconds
    detail: str = ""


@dataclass(frozen=True, slots=True)
class DrillCheck(Document):
    """One check of the readiness gate on one instance: ``passed``, ``failed``, or ``not_run`` (an earlier one failed).

    Attributes:
        instance: The instance checked.
        check: ``status checks``, or a health check's shorthand (``tcp:8080``).
        result: ``passed``, ``failed`` or ``not_run``.
        detail: Why it failed (its last error), when it did.
    """

    instance: str
    check: str
    result: Literal["passed", "failed", "not_run"]
    detail: str = ""


@dataclass(frozen=True)
class DrillReport(OrderedDocument):
    """What a drill did, timed: the evidence of a tested recovery.

    ``to_dict()``: its members (AWS-style camelCase), with ``ok`` and ``failedAt``; seconds to the millisecond.

    Attributes:
        drill_id: The drill's id (its tag ``lightsail-restore:drill``); ``cleanup(drill_id=...)`` finds what it made.
        region: The Region restored into.
        instances: The instances the drill restored.
        source: The restore point and its date.
        started_at: When the drill started (ISO 8601 UTC).
        rpo_seconds: The restore point's age when the drill started (``None`` when its date is not known).
        rto_seconds: Seconds from the start until every instance passed its checks (``None`` when it did not, or
            for a resumed drill whose start is not known). A resumed drill counts from the start its id carries
            (``<source>-drill-<UTC time>``), on the wall clock, the time it was interrupted included.
        steps: Each step, timed.
        checks: Each check of each instance, and its result.
        teardown: Each resource deleted (its kind, the operation that deleted it, and what happened).
        refused: Resources the teardown would not delete (not marked by this drill).
        kept: The resources left for a person to look at (``keep``), else empty.
        resumed: Whether this run finished an earlier, interrupted drill (``resume``).
        api_calls: The API calls the drill made.
        rto_note: For a resumed drill, what ``rto_seconds`` measures, or why it is ``None``.
    """

    MEMBERS: ClassVar[tuple[str, ...]] = (
        "drillId",
        "ok",
        "region",
        "instances",
        "source",
        "startedAt",
        "rpoSeconds",
        "rtoSeconds",
        "rtoNote",
        "steps",
        "checks",
        "teardown",
        "refused",
        "kept",
        "failedAt",
    )
    """The document's first members, in their order (``resumed`` and ``apiCalls`` after them)."""

    drill_id: str
    region: str
    instances: tuple[str, ...]
    source: DrillSource
    started_at: str
    rpo_seconds: Seconds | None
    rto_seconds: Seconds | None
    steps: tuple[DrillStep, ...]
    checks: tuple[DrillCheck, ...]
    teardown: tuple[Deleted, ...]
    refused: tuple[Refused, ...] = ()
    kept: tuple[str, ...] = ()
    resumed: bool = False
    api_calls: int = 0
    rto_note: str | None = None

    @computed_field  # type: ignore[prop-decorator]
    @property
    def ok(self) -> bool:
        """Whether the drill restored, passed every check and tore down (or kept what it made when asked)."""
        return (
            all(s.status != "failed" for s in self.steps)
            and all(c.result == "passed" for c in self.checks)
            and all(d.ok for d in self.teardown)
            and not self.refused
        )

    @computed_field  # type: ignore[prop-decorator]
    @property
    def failed_at(self) -> tuple[str, ...]:
        """The steps that failed, in order."""
        return tuple(s.name for s in self.steps if s.status == "failed")

    def to_markdown(self) -> str:
        """One Markdown page: the verdict, the restore point, the times, the steps, the checks, the teardown."""
        data = self.to_dict()
        verdict = "PASSED" if self.ok else f"FAILED (at {', '.join(self.failed_at) or 'the checks or teardown'})"
        lines = [
            f"# Restore drill {self.drill_id}: {verdict}",
            "",
            f"- Started: {self.started_at}, in {self.region}",
            f"- Restore point: {self.source.restore_point} (taken {self.source.created_at or 'at an unknown time'})",
            f"- Restored as: {', '.join(self.instances)}",
            f"- RPO (age of the restore point at the start): {_seconds(data['rpoSeconds'])}",
            f"- RTO (from the start until ready): {_seconds(data['rtoSeconds'])}"
            + (f" ({self.rto_note})" if self.rto_note else ""),
            "",
            "## Steps",
            "",
            "| step | status | seconds | detail |",
            "|---|---|---|---|",
            *(f"| {s['name']} | {s['status']} | {s['seconds']} | {_cell(s['detail'])} |" for s in data["steps"]),
            "",
            "## Checks",
            "",
            "| instance | check | result | detail |",
            "|---|---|---|---|",
            *(f"| {c['instance']} | {c['check']} | {c['result']} | {_cell(c['detail'])} |" for c in data["checks"]),
            "",
            "## Teardown",
            "",
            "| resource | kind | operation | status |",
            "|---|---|---|---|",
            *(f"| {d['name']} | {d['kind']} | {d['operation']} | {d['status']} |" for d in data["teardown"]),
        ]
        lines += [f"- refused: {r.name}: {r.reason}" for r in self.refused]
        if self.kept:
            lines += ["", f"Kept for inspection: {', '.join(self.kept)} (tear down later with the drill's cleanup)."]
        return "\n".join(lines) + "\n"


def _seconds(value: float | None) -> str:
    return "not measured" if value is None else f"{value} s"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")
