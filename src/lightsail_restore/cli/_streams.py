"""stdout and stderr as the command uses them, when they are closed or full.

stderr carries progress and problems: writing there is best effort, so a closed or full stderr never stops a
restore halfway (``StderrSink``). stdout carries the result: a write that fails is reported on stderr as a
problem of its own (``write_output``), never as an internal error. A stream that was closed before the command
started (``>&-``, which Python shows as ``None``) is a stream whose writes fail.
"""

from __future__ import annotations

import errno
from typing import TextIO, cast

__all__ = ["OutputError", "StderrSink", "closed_stream", "stderr_sink", "write_output"]


class OutputError(Exception):
    """stdout cannot be written to (closed, full, ...); the message says why."""


class _Closed:
    """A stream that was closed before the command started: every write fails, as on a closed descriptor."""

    def write(self, text: str) -> int:
        raise OSError(errno.EBADF, "stdout is closed")

    def flush(self) -> None:
        """Nothing to flush."""

    def isatty(self) -> bool:
        return False

    def fileno(self) -> int:
        raise OSError(errno.EBADF, "closed")


def closed_stream() -> TextIO:
    """A stream standing for a closed stdout."""
    return cast(TextIO, _Closed())


class StderrSink:
    """stderr, best effort: a write or flush that fails (closed, full, a broken pipe) is dropped.

    Args:
        stream: The real stderr, or ``None`` when it was closed before the command started.
    """

    def __init__(self, stream: TextIO | None) -> None:
        self.stream = stream

    def write(self, text: str) -> int:
        """Write ``text``, or drop it when stderr cannot take it."""
        try:
            if self.stream is not None:
                self.stream.write(text)
        except (OSError, ValueError):
            pass
        return len(text)

    def flush(self) -> None:
        """Flush, or do nothing when stderr cannot be flushed."""
        try:
            if self.stream is not None:
                self.stream.flush()
        except (OSError, ValueError):
            pass

    def isatty(self) -> bool:
        """Whether stderr is a terminal."""
        try:
            return self.stream is not None and self.stream.isatty()
        except (OSError, ValueError, AttributeError):
            return False

    def fileno(self) -> int:
        """The descriptor of stderr (for the terminal's width)."""
        if self.stream is None:
            raise OSError(errno.EBADF, "stderr is closed")
        return self.stream.fileno()


def stderr_sink(stream: TextIO | None) -> TextIO:
    """``stream`` as a best-effort ``TextIO`` (see ``StderrSink``)."""
    return cast(TextIO, StderrSink(stream))


def write_output(stream: TextIO, text: str) -> None:
    """Write ``text`` and a newline to stdout, and flush.

    Raises:
        BrokenPipeError: The reader went away (``| head``): the caller stops quietly, as other commands do.
        OutputError: stdout cannot be written to; the message says why.
    """
    try:
        stream.write(text + "\n")
        stream.flush()
    except BrokenPipeError:
        raise
    except OSError as exc:
        raise OutputError(exc.strerror or str(exc)) from None
    except ValueError as exc:  # a closed file object
        raise OutputError(str(exc)) from None
