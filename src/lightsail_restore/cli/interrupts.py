"""Ctrl-C and SIGTERM: from the command's first instruction, an exception the command reports, never a traceback.

``handle_signals()`` is the first thing ``main`` does: SIGINT and SIGTERM raise ``Interrupted`` (exit 130 and
143). Once the command has reported an interruption, further signals are ignored while it finishes printing.
``CreateWatch`` listens to the boto3 client's own events to know whether the create call was sent and what its
answer created, so an interruption can say what already exists.
"""

from __future__ import annotations

import signal
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType
from typing import Any

__all__ = ["CreateWatch", "Interrupted", "handle_signals", "ignore_signals"]

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
        events = lightsail.meta.events
        events.register("after-call.lightsail", self._after_any)
        events.register("after-call-error.lightsail", self._no_answer)
        events.register("before-call.lightsail.CreateInstancesFromSnapshot", self._before)
        events.register("after-call.lightsail.CreateInstancesFromSnapshot", self._after)
        events.register("before-call.lightsail.CopySnapshot", self._before_copy)
        events.register("after-call.lightsail.CopySnapshot", self._after_copy)

    def _changed(self, name: str) -> None:
        if name and not name.startswith("Get") and name not in self.changes:
            self.changes.append(name)

    def _after_any(self, model: Any = None, http_response: Any = None, **_: Any) -> None:
        if getattr(http_response, "status_code", 500) < 300:
            self._changed(str(getattr(model, "name", "")))

    def _no_answer(self, exception: Any = None, event_name: str = "", **_: Any) -> None:
        from botocore.exceptions import BotoCoreError

        if isinstance(exception, BotoCoreError):  # sent, and the answer lost: it may have been applied
            self._changed(event_name.rsplit(".", 1)[-1])

    def _before_copy(self, **_: Any) -> None:
        self.copy_sent = True

    def _after_copy(self, parsed: Any = None, **_: Any) -> None:
        operations = (parsed or {}).get("operations") or []
        self.copied = [
            {"name": op.get("resourceName"), "operationId": op.get("id")} for op in operations if isinstance(op, dict)
        ]

    def _before(self, **_: Any) -> None:
        self.sent = True

    def _after(self, parsed: Any = None, **_: Any) -> None:
        operations = (parsed or {}).get("operations") or []
        self.created = [
            {"name": op.get("resourceName"), "operationId": op.get("id")} for op in operations if isinstance(op, dict)
        ]
