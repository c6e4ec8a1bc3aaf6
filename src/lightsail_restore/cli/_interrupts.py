"""Ctrl-C and SIGTERM: from the command's first instruction, an exception the command reports, never a traceback.

``handle_signals()`` is the first thing ``main`` does: SIGINT and SIGTERM raise ``Interrupted`` (exit 130 and
143). Once the command has reported an interruption, further signals are ignored while it finishes printing.
``CreateWatch`` listens to the boto3 client's own events to know whether the create call was sent and what its
answer created, and which cut-over writes were sent (rules put, a static IP detached or attached), so an
interruption can say what already exists and the state it leaves (``writes_left``).
"""

from __future__ import annotations

import signal
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType
from typing import Any, Final

__all__ = ["CreateWatch", "Interrupted", "handle_signals", "ignore_signals", "writes_left"]

_SIGNALS: dict[int, tuple[str, int, str]] = {
    int(signal.SIGINT): ("SIGINT", 130, "Ctrl-C"),
    int(signal.SIGTERM): ("SIGTERM", 143, "SIGTERM"),
}


class Interrupted(BaseException):
    """The command was interrupted by a signal.

    Attributes:
        name: ``SIGINT`` or ``SIGTERM``.
        code: The exit code: 128 + the signal's number (130, 143).
        what: How a person says it (``Ctrl-C``).
    """

    def __init__(self, signum: int) -> None:
        self.name, self.code, self.what = _SIGNALS.get(signum, (f"signal {signum}", 128 + signum, f"signal {signum}"))
        super().__init__(self.name)


def _raise(signum: int, _frame: FrameType | None) -> None:
    raise Interrupted(signum)


@contextmanager
def handle_signals() -> Iterator[None]:
    """Turn SIGINT and SIGTERM into ``Interrupted`` inside the block (main thread only), then restore."""
    try:
        previous = {signum: signal.signal(signum, _raise) for signum in _SIGNALS}
    except ValueError:  # not the main thread: leave signals alone
        yield
        return
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


def ignore_signals() -> None:
    """Ignore further SIGINT and SIGTERM (while an interruption is being reported)."""
    try:
        for signum in _SIGNALS:
            signal.signal(signum, signal.SIG_IGN)
    except ValueError:
        pass


_OWN_LINES: Final = frozenset({"CreateInstancesFromSnapshot", "CopySnapshot"})
"""The writes said on their own lines (``CreateWatch.sent``, ``copy_sent``), not among ``CreateWatch.writes``."""


def watched(operation: str) -> bool:
    """Whether an interrupted run lists ``operation`` among its writes.

    Every operation but a read (``Get*``) and the create and the copy: a new step's write needs no line here.
    """
    return bool(operation) and not operation.startswith("Get") and operation not in _OWN_LINES


def _is_name(member: str) -> bool:
    """The only members of a request the watch keeps: the names of resources (never ``userData``)."""
    return member.endswith(("Name", "Names"))


def _name_of(value: object) -> str | None:
    """A resource's name, or several (``web-2, web-3``) as a request's ``...Names`` list holds them."""
    if isinstance(value, str):
        return value
    if isinstance(value, list) and value and all(isinstance(v, str) for v in value):
        return ", ".join(value)
    return None


_KEY: Final = "lightsail_restore_write"


class CreateWatch:
    """Whether the create call was sent, and the instances its answer said were started.

    The same for the copy of a cross-Region restore: whether CopySnapshot was sent, and the copy it started; and
    which calls that change the account were sent at all (the cut-over's too).

    Args:
        lightsail: The boto3 Lightsail client the command uses (its ``meta.events`` are listened to).
    """

    def __init__(self, lightsail: Any) -> None:
        self.sent = False
        self.created: list[dict[str, Any]] = []
        self.copy_sent = False
        self.copied: list[dict[str, Any]] = []
        self.changes: list[str] = []
        """The calls that changed the account, or may have (every one but ``Get*`` that succeeded, or whose answer
        did not come), in order, each once."""
        self.writes: list[dict[str, Any]] = []
        """Each write after the create sent (``watched``), in order: ``operation``, its names, ``answer`` (``done``, or
        ``none`` while or when it never came: it may have been applied) and, for a detach, ``from``."""
        events = lightsail.meta.events
        events.register("before-parameter-build.lightsail", self._names)
        events.register("before-call.lightsail", self._write_sent)
        events.register("after-call.lightsail", self._after_any)
        events.register("after-call-error.lightsail", self._no_answer)
        events.register("before-call.lightsail.CreateInstancesFromSnapshot", self._before)
        events.register("after-call.lightsail.CreateInstancesFromSnapshot", self._after)
        events.register("before-call.lightsail.CopySnapshot", self._before_copy)
        events.register("after-call.lightsail.CopySnapshot", self._after_copy)

    def _changed(self, name: str) -> None:
        if name and not name.startswith("Get") and name not in self.changes:
            self.changes.append(name)

    def _after_any(self, model: Any = None, http_response: Any = None, context: Any = None, **kw: Any) -> None:
        if getattr(http_response, "status_code", 500) < 300:
            self._changed(str(getattr(model, "name", "")))
        write = context.get(_KEY) if isinstance(context, dict) else None
        if write is None:
            return
        if getattr(http_response, "status_code", 500) >= 300:  # refused: nothing was written
            self.writes.remove(write)
            return
        write["answer"] = "done"
        operations = (kw.get("parsed") or {}).get("operations") or []
        if write["operation"] == "DetachStaticIp":  # its second operation is the instance's (E38)
            instance = (o.get("resourceName") for o in operations if o.get("resourceType") == "Instance")
            write["from"] = next(instance, None)

    def _names(self, params: Any = None, model: Any = None, context: Any = None, **_: Any) -> None:
        if watched(str(getattr(model, "name", ""))) and isinstance(context, dict) and isinstance(params, dict):
            names = {k: n for k, v in params.items() if _is_name(k) and (n := _name_of(v)) is not None}
            context["lightsail_restore_names"] = names

    def _write_sent(self, model: Any = None, context: Any = None, **_: Any) -> None:
        if watched(str(getattr(model, "name", ""))) and isinstance(context, dict):
            write = {"operation": str(getattr(model, "name", "")), **context.get("lightsail_restore_names", {})}
            write["answer"] = "none"
            self.writes.append(write)
            context[_KEY] = write

    def _no_answer(self, exception: Any = None, event_name: str = "", **_: Any) -> None:
        from botocore.exceptions import BotoCoreError

        if isinstance(exception, BotoCoreError):  # sent, and the answer lost: it may have been applied
            self._changed(event_name.rsplit(".", 1)[-1])

    def _before_copy(self, **_: Any) -> None:
        self.copy_sent = True

    def _after_copy(self, parsed: Any = None, **_: Any) -> None:
        self.copied = _started(parsed)

    def _before(self, **_: Any) -> None:
        self.sent = True

    def _after(self, parsed: Any = None, **_: Any) -> None:
        self.created = _started(parsed)


def _started(parsed: Any) -> list[dict[str, Any]]:
    """The operations an answer started, each as its resource's name and its id."""
    operations = (parsed or {}).get("operations") or []
    return [{"name": op.get("resourceName"), "operationId": op.get("id")} for op in operations if isinstance(op, dict)]


def _said(write: dict[str, Any]) -> str:
    operation, ip, instance = write["operation"], write.get("staticIpName"), write.get("instanceName")
    if operation == "PutInstancePublicPorts":
        what = f"firewall rules put on {instance}"
    elif operation == "DetachStaticIp":
        what = f"{ip} detached from {write.get('from') or 'its instance'}"
    elif operation == "CreateInstanceSnapshot":
        what = f"the final snapshot {write.get('instanceSnapshotName')} of {instance} started"
    elif operation == "DeleteInstance":
        what = f"{instance} deleted"
    elif operation == "AttachStaticIp":
        what = f"{ip} attached to {instance}"
    elif operation == "PutAlarm":
        what = f"the alarm {write.get('alarmName')} put on {write.get('monitoredResourceName')}"
    else:  # a write of a step this module does not know by name: its operation and the names it was sent with
        named = ", ".join(f"{k} {v}" for k, v in write.items() if _is_name(k))
        what = f"sent for {named}" if named else "sent"
    lost = "" if write["answer"] == "done" else ", sent but its answer did not arrive: it may have been applied"
    return f"{what} ({operation}{lost})"


def writes_left(writes: list[dict[str, Any]]) -> tuple[list[str], list[str], list[tuple[str, str]]]:
    """What an interrupted run wrote, the state it leaves each static IP in, and the put-backs it needs.

    Returns:
        The writes in words, in order; the state of each static IP detached or attached (``web-ip is attached to
        no instance``); and each static IP this run detached that may now be on no instance, with the instance
        it came from (the put-back to offer).
    """
    said = [_said(w) for w in writes]
    left: list[str] = []
    put_back: list[tuple[str, str]] = []
    for ip in dict.fromkeys(str(w["staticIpName"]) for w in writes if w.get("staticIpName")):
        mine = [w for w in writes if w.get("staticIpName") == ip]
        last = mine[-1]
        came_from = next((w.get("from") for w in mine if w["operation"] == "DetachStaticIp" and w.get("from")), None)
        if last["operation"] == "AttachStaticIp" and last["answer"] == "done":
            left.append(f"{ip} is attached to {last.get('instanceName')}")
            continue
        if last["operation"] == "DetachStaticIp" and last["answer"] == "done":
            left.append(f"{ip} is attached to no instance")
        elif last["operation"] == "DetachStaticIp":
            left.append(f"{ip} may be attached to no instance (the detach's answer did not arrive)")
        else:
            before = "to no instance" if came_from else "where it was"
            left.append(
                f"{ip} may be attached to {last.get('instanceName')}, or still {before} (the attach's answer did "
                "not arrive)"
            )
        if came_from:
            put_back.append((ip, str(came_from)))
    return said, left, put_back
