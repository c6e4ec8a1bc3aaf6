"""Progress while waiting, on stderr: one live line on a terminal, plain lines elsewhere.

The live line is redrawn after each polling round, and every second between rounds so the time waited keeps
moving; it is never wider than the terminal (so it cannot wrap and leave lines behind): how many instances are
done out of how many, the time waited, the deadline, and one state per instance (``creating`` while its create
operation runs, then the instance's own state), cut with ``…`` to fit. When stderr is not a terminal, a plain
line is written each time an instance's state changes (table output only: JSON, text and YAML outputs stay
quiet there).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Literal, TextIO

from ._layout import width_of
from ._style import Style

if TYPE_CHECKING:
    from .. import InstanceProgress

__all__ = ["Progress"]

_ERASE = "\x1b[K"
_DAY = 86400
_OPERATION = {"NotStarted": "creating", "Started": "creating", "Succeeded": "created", "Completed": "created"}
"""The create operation's statuses, said as the instance's state (the instance is not listed yet)."""


def _state(status: str) -> str:
    return _OPERATION.get(status, status.lower() if status == "Failed" else status)


def _duration(seconds: float) -> str:
    if seconds >= _DAY:
        return f"{seconds / _DAY:.3g}d"
    whole = max(0, round(seconds))
    minutes, secs = divmod(whole, 60)
    return f"{minutes}m{secs:02d}s" if minutes else f"{secs}s"


class Progress:
    """The progress callback given to ``restore`` and ``wait``.

    Args:
        stream: Where to write (stderr).
        mode: ``live`` redraws one line in place (a terminal); ``plain`` writes a line when something changes (not a
            terminal); ``off`` writes nothing.
        style: Colors.
        timeout: The overall timeout, for the deadline.
        width: The terminal's width (measured at each redraw when ``None``).
        now: The wall clock, for the deadline.
        clock: The monotonic clock that moves the time waited between rounds.
        every: Seconds between redraws of the live line between rounds (``None``: only after each round).
    """

    def __init__(
        self,
        stream: TextIO,
        *,
        mode: Literal["live", "plain", "off"],
        style: Style,
        timeout: float,
        width: int | None = None,
        now: Callable[[], datetime] = datetime.now,
        clock: Callable[[], float] = time.monotonic,
        every: float | None = 1.0,
    ) -> None:
        self.stream, self.live, self.plain, self.style = stream, mode == "live", mode == "plain", style
        self.timeout, self.width, self.now, self.clock, self.every = timeout, width, now, clock, every
        self._deadline: datetime | None = None
        self._started = False
        self._last: tuple[tuple[str, str], ...] = ()
        self._drawn = False
        self._rows: Sequence[InstanceProgress] = ()
        self._round_at = 0.0
        self._elapsed = 0.0
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._ticker: threading.Thread | None = None

    def __call__(self, rows: Sequence[InstanceProgress]) -> None:
        """Show where every instance stands after a polling round."""
        if not rows or not (self.live or self.plain):
            return
        elapsed = max(r.elapsed for r in rows)
        if not self._started:
            self._started = True
            try:
                self._deadline = self.now() - timedelta(seconds=elapsed) + timedelta(seconds=self.timeout)
            except OverflowError:  # past the calendar's end (year 9999): a wait with no deadline to show
                self._deadline = None
        if self.live:
            with self._lock:
                self._rows, self._elapsed, self._round_at = rows, elapsed, self.clock()
                self._draw(elapsed)
            if self.every is not None and self._ticker is None:
                self._ticker = threading.Thread(target=self._tick_every, name="progress", daemon=True)
                self._ticker.start()
            return
        state = tuple((r.name, _state(r.status)) for r in rows)
        if state != self._last:
            self._last = state
            self.stream.write(self.line(rows, elapsed, None) + "\n")
            self.stream.flush()

    def _draw(self, elapsed: float) -> None:
        width = (self.width or width_of(self.stream) or 80) - 1
        self.stream.write("\r" + self.line(self._rows, elapsed, width) + _ERASE)
        self.stream.flush()
        self._drawn = True

    def tick(self) -> None:
        """Redraw the live line with the time waited now (between polling rounds)."""
        with self._lock:
            if self._drawn and self._rows:
                self._draw(self._elapsed + max(0.0, self.clock() - self._round_at))

    def _tick_every(self) -> None:
        while not self._stop.wait(self.every):
            try:
                self.tick()
            except (OSError, ValueError):  # stderr went away: the final report says what matters
                return

    def line(self, rows: Sequence[InstanceProgress], elapsed: float, width: int | None) -> str:
        """The progress line: cut to ``width`` visible characters (colors aside) when given."""
        done = sum(1 for r in rows if r.done)
        deadline = f"deadline {self._deadline:%H:%M:%S}" if self._deadline else "no deadline"
        head = f"{done}/{len(rows)} done, {_duration(elapsed)} of {_duration(self.timeout)} ({deadline}): "
        groups: dict[str, list[str]] = {}
        for r in rows:
            groups.setdefault(_state(r.status), []).append(r.name)
        parts = [(f"{status} ", status, ", ".join(names)) for status, names in groups.items()]
        visible = head + "; ".join(f"{label}{names}" for label, _, names in parts)
        if width is not None and len(visible) > width:
            return self.style.plain(visible[: max(0, width - 1)] + "…")
        styled = head + "; ".join(
            self.style.status(label.strip(), status) + " " + names for label, status, names in parts
        )
        return styled

    def close(self) -> None:
        """Stop redrawing and erase the live line (the final table follows)."""
        self._stop.set()
        if self._ticker is not None:
            self._ticker.join()
            self._ticker = None
        with self._lock:
            if self._drawn:
                self.stream.write("\r" + _ERASE)
                self.stream.flush()
                self._drawn = False
