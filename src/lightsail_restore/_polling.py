"""The one polling loop behind every wait and retry of the library: look, and if not done, pause and look again.

Every wait (the instances, a cross-Region copy, a cut-over's operations) and every retry (the cut-over's calls, the
second look after a lost answer) runs ``poll``: a round is one call of the caller's ``look``; after it, ``after``
(progress) is told; then the loop ends when the look is done, when it raised an error retrying cannot fix, or when
the deadline has come, and otherwise pauses and looks again. A retryable error (throttling, a 5xx with or without
JSON, no answer: ``errors.is_retryable``) costs a round, not the loop.

After a write whose answer was lost (``maybe_applied``), ``look_again`` is the second look: the read that tells
whether AWS applied it, in rounds like any wait, so a transient error while looking again costs a round, not the
run; when it still cannot tell by the deadline (or meets an error retrying cannot fix), the caller says the write
may have been applied, never the write's own error.

The pause starts at ``delay``, doubles each pause up to ``max_delay``, and is drawn between half and all of that
(jitter), never past the deadline. The backoff doubles a float already capped at ``max_delay`` (it never raises
2 to the round's number), so a wait of any length, days of rounds at any pacing, ends by its deadline, never by an
arithmetic error. The deadline is a reading of the clock's ``monotonic()``, which a change of the wall clock never
moves.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Final, Generic, Literal, TypeVar

from ._clock import Clock, SystemClock
from .errors import LightsailRestoreError, TransportError, is_name_in_use, is_retryable

__all__ = ["AT_ONCE", "Look", "Pace", "Polled", "error_code", "look_again", "lost_how", "maybe_applied", "poll"]

T = TypeVar("T")

AT_ONCE: Final = "at once"
"""What a look returns to be followed by the next round without a pause (a look right after a call that ended
in an error, which says whether the call was applied)."""
_LONGEST_PAUSE: Final = 86_400.0 * 365
"""No pause is longer than a year, whatever ``max_delay`` says (a clock cannot sleep an unbounded time)."""

Verdict = bool | Literal["at once"]
"""What a look says: ``True`` when done, ``False`` to look again after a pause, ``AT_ONCE`` without one."""


def error_code(error: LightsailRestoreError) -> str:
    """AWS's error code of ``error`` (``ThrottlingException``, ``503``), or its class name for one of ours."""
    code = getattr(error, "error_code", None)
    return code if isinstance(code, str) else type(error).__name__


@dataclass(frozen=True)
class Pace:
    """When to look again and when to give up: a clock, a deadline on it, the backoff and its jitter.

    Attributes:
        clock: Where time comes from.
        deadline: The ``clock.monotonic()`` reading at which polling ends.
        delay: The first pause between rounds (doubling up to ``max_delay``, with jitter).
        max_delay: The longest pause between rounds.
        rng: The random source of the jitter.
    """

    clock: Clock
    deadline: float
    delay: float
    max_delay: float
    rng: random.Random

    @classmethod
    def within(
        cls,
        timeout: float,
        *,
        delay: float,
        max_delay: float,
        clock: Clock | None = None,
        rng: random.Random | None = None,
    ) -> Pace:
        """A pace whose deadline is ``timeout`` seconds from now (real time and a fresh random source by default)."""
        clock = clock or SystemClock()
        rng = rng or random.Random()  # noqa: S311 - jitter, not cryptography
        return cls(clock, clock.monotonic() + timeout, delay, max_delay, rng)

    def left(self) -> float:
        """Seconds until the deadline (negative once it has passed)."""
        return self.deadline - self.clock.monotonic()


@dataclass
class Polled:
    """What polling cost and how it ended.

    Attributes:
        rounds: The rounds (calls of the look).
        retryable_errors: Rounds that met an error a later round could get past.
        errors_seen: The codes of those errors (``ThrottlingException``, ``503``, ``TransportError``, ...).
        error: The error retrying cannot fix that ended polling, if any.
        last_error: The error of the last round, retryable or not (``None`` when it had none).
        done: Whether the look said it was done.
        timed_out: Whether the deadline came first.
    """

    rounds: int = 0
    retryable_errors: int = 0
    errors_seen: list[str] = field(default_factory=list)
    error: LightsailRestoreError | None = None
    last_error: LightsailRestoreError | None = None
    done: bool = False
    timed_out: bool = False

    def raise_for_end(self) -> None:
        """Raise what ended polling short of done: the error retrying cannot fix, or the last round's at the deadline.

        Nothing is raised when polling is done, or when the round before the deadline met no error.
        """
        error = self.error or (self.last_error if self.timed_out else None)
        if error is not None:
            raise error


def poll(
    look: Callable[[], Verdict],
    pace: Pace,
    *,
    after: Callable[[Polled], None] | None = None,
) -> Polled:
    """Call ``look`` once a round until it is done, raises an error retrying cannot fix, or the deadline comes.

    Args:
        look: One round: ``True`` when done, ``False`` to look again after a pause, ``AT_ONCE`` to look again
            without one. An error it raises is judged here (``errors.is_retryable``): retryable, it costs the
            round; otherwise it ends polling.
        pace: The clock, the deadline and the backoff.
        after: Called after every round (progress), with what polling has cost so far.

    Returns:
        The rounds, the errors met, and how it ended (``done``, ``error`` or ``timed_out``). Never raises for an
        error of the look: it is in the result.
    """
    polled = Polled()
    backoff = min(pace.max_delay, pace.delay, _LONGEST_PAUSE)
    while True:
        polled.rounds += 1
        verdict: Verdict = False
        polled.last_error = None
        try:
            verdict = look()
        except LightsailRestoreError as exc:
            polled.last_error = exc
            if is_retryable(exc):
                polled.retryable_errors += 1
                polled.errors_seen.append(error_code(exc))
            else:
                polled.error = exc
        polled.done = verdict is True
        if after is not None:
            after(polled)
        if polled.done or polled.error is not None:
            return polled
        if verdict == AT_ONCE:
            continue
        remaining = pace.left()
        if remaining <= 0:
            polled.timed_out = True
            return polled
        pace.clock.sleep(max(0.0, min(remaining, pace.rng.uniform(backoff / 2, backoff))))
        backoff = min(pace.max_delay, backoff * 2, _LONGEST_PAUSE)


def maybe_applied(error: LightsailRestoreError) -> bool:
    """Whether AWS may have applied a write that ended in ``error``, so a second look is worth it.

    No answer at all, a retryable error (a 5xx or throttling after botocore's retries: the first attempt may have
    been applied), or "Some names are already in use" (what botocore's retry of an applied create meets).
    """
    return isinstance(error, TransportError) or is_name_in_use(error) or is_retryable(error)


def lost_how(error: LightsailRestoreError | None) -> str:
    """How a write's answer was lost, in words: never AWS's refusal of the run's own names (what a retry meets)."""
    if error is not None and is_name_in_use(error):
        return "a retry met its own names in use"
    return "no answer" if error is None else error_code(error)


@dataclass(frozen=True)
class Look(Generic[T]):
    """What a second look found: ``found`` when it could tell, else the rounds it spent and what ended them.

    Attributes:
        told: Whether the look answered (then ``found`` is its answer).
        found: The look's answer.
        polled: The rounds of looking.
    """

    told: bool
    found: T | None
    polled: Polled

    @property
    def why(self) -> str:
        """Why it could not tell, in words (the error that ended it, or the errors met until the deadline)."""
        polled = self.polled
        if polled.error is not None:
            return f"looking again met {error_code(polled.error)}, which retrying cannot fix"
        codes = ", ".join(dict.fromkeys(polled.errors_seen)) or "no answer"
        return f"looking again met {codes} for {polled.rounds} rounds, until the deadline"


def look_again(look: Callable[[], T], pace: Pace) -> Look[T]:
    """The second look after a write whose answer was lost: ``look`` until it answers, within ``pace``'s deadline.

    A retryable error costs a round (and a pause), as in a wait; an error retrying cannot fix, or the deadline,
    ends it untold. Never raises for an error of the look: it is in the result.
    """
    found: list[T] = []

    def once() -> bool:
        found.append(look())
        return True

    polled = poll(once, pace)
    return Look(bool(found), found[0] if found else None, polled)
