"""The JSON documents the command prints: one per outcome, every one with ``ok`` and the ``backend``.

``userData`` is removed from the data here, before anything is printed: a document never holds it, so no
output (table, JSON, text, YAML, a ``--query`` result) can. What is said of it instead is its size, SHA-256
and source (``userData``: ``bytes``, ``sha256``, ``source``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from ._errors import Problem, RefusedBy

if TYPE_CHECKING:
    from .. import LightsailError, Plan, RestoreOutcome, WaitResult
    from ._context import Backend
    from ._request import UserData

__all__ = [
    "error_document",
    "failure_document",
    "interrupted_document",
    "outcome_document",
    "plan_document",
    "refusal_document",
    "restored_from",
    "wait_document",
]


def _backend(backend: Backend | None) -> dict[str, Any] | None:
    return None if backend is None else backend.to_dict()


def price_document(plan: Plan) -> dict[str, Any] | None:
    """The plan's ``price``: the bundle, its monthly price, and that of the instances to create (GetBundles)."""
    if plan.bundle_price is None:
        return None
    return {"bundleId": plan.request.bundle_id, "each": plan.bundle_price, "monthly": plan.monthly_price}


def plan_document(plan: Plan, user_data: UserData | None = None) -> dict[str, Any]:
    """The plan: source, findings, what would be created and the exact request (without ``userData``)."""
    source = plan.source
    would_send = None
    if plan.to_create:
        would_send = dict(plan.would_send())
        would_send.pop("userData", None)
    return {
        "ok": plan.ok,
        "region": plan.region,
        "apiCalls": plan.api_calls,
        "source": None if source is None else source.to_dict(),
        "copy": None if plan.copy is None else plan.copy.to_dict(),
        "findings": [f.to_dict() for f in plan.findings],
        "alreadyCreated": list(plan.already_created),
        "toCreate": list(plan.to_create),
        "wouldSend": would_send,
        "userData": None if user_data is None else user_data.to_dict(),
        "network": None if plan.network is None else plan.network.to_dict(),
        "price": price_document(plan),
        "disks": [d.to_dict() for d in plan.disks],
    }


def restored_from(outcome: RestoreOutcome) -> str | None:
    """The source restored, in words: one source, or each instance's when they differ."""
    sources = {i.name: i.source for i in outcome.instances if i.source}
    if outcome.source is not None and len(set(sources.values())) <= 1:
        source = outcome.source
        if source.kind == "auto" and outcome.restored_date:
            where = f" in {source.region}" if source.region else ""
            return f"the automatic snapshot of {source.name}{where} from {outcome.restored_date}"
        return source.describe()
    if sources:
        return ", ".join(f"{source} ({name})" for name, source in sources.items())
    return None


def outcome_document(
    outcome: RestoreOutcome, backend: Backend, user_data: UserData | None, next_command: str | None
) -> dict[str, Any]:
    """A restore's outcome: every instance, AWS's operations, the plan, and the command that waits."""
    data = dict(outcome.to_dict())
    data["restoredFrom"] = restored_from(outcome)
    data["backend"] = _backend(backend)
    data["plan"] = plan_document(outcome.plan, user_data) if outcome.plan else None
    if user_data is not None:  # an instance an earlier run created never runs this run's launch script
        not_run = [i.name for i in outcome.instances if i.resumed]
        data["userData"] = {**user_data.to_dict(), "notRunOn": not_run}
    else:
        data["userData"] = None
    data["next"] = next_command
    data["availabilityZone"] = outcome.availability_zone
    return data


def wait_document(result: WaitResult, backend: Backend) -> dict[str, Any]:
    """The outcome of ``wait``."""
    return {**result.to_dict(), "backend": _backend(backend)}


def refusal_document(
    problems: Sequence[Problem], by: RefusedBy, backend: Backend | None, extra: dict[str, Any] | None = None
) -> dict[str, Any]:
    """The one shape of every refusal (exit 2): ``refused`` lists each problem; nothing was sent."""
    return {
        "ok": False,
        "refusedBy": by,
        "refused": [p.to_dict() for p in problems],
        "sent": False,
        "backend": _backend(backend),
        **(extra or {}),
    }


def error_document(error: LightsailError, backend: Backend | None) -> dict[str, Any]:
    """The service refused (exit 1): its error code, message, tip and request id."""
    return {
        "ok": False,
        "error": {
            "by": "local" if backend is not None and backend.kind == "local" else "aws",
            "errorCode": error.error_code,
            "code": error.code,
            "message": error.message,
            "tip": error.tip,
            "docs": error.docs,
            "requestId": error.request_id,
            "httpStatus": error.http_status,
        },
        "backend": _backend(backend),
    }


def failure_document(kind: str, message: str, backend: Backend | None) -> dict[str, Any]:
    """A failure that is not the service's answer (no answer at all, an answer we cannot read, a bug)."""
    return {
        "ok": False,
        "error": {"by": "command", "errorCode": kind, "message": message},
        "backend": _backend(backend),
    }


def interrupted_document(
    signal_name: str, created: Sequence[dict[str, Any]], create_sent: bool, resume: str | None, backend: Backend | None
) -> dict[str, Any]:
    """Interrupted (exit 130 or 143): what this run created, and the command that resumes."""
    return {
        "ok": False,
        "interrupted": {"signal": signal_name, "createSent": create_sent, "created": list(created), "resume": resume},
        "backend": _backend(backend),
    }
