"""Colors, only where they help (instance statuses) and only when wanted.

``--color on`` or ``off`` decides; ``auto`` (the default) colors a terminal unless ``NO_COLOR`` is set
(https://no-color.org) or ``TERM`` is ``dumb``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import TextIO

__all__ = ["Style", "wants_color"]

_CODES = {
    "succeeded": "32",
    "running": "32",
    "Succeeded": "32",
    "failed": "31",
    "Failed": "31",
    "timed_out": "33",
    "not_waited": "33",
    "not_created": "31",
}


def wants_color(choice: str | None, stream: TextIO) -> bool:
    """Whether to color what goes to ``stream``."""
    if choice == "on":
        return True
    if choice == "off" or os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb":
        return False
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


@dataclass(frozen=True, slots=True)
class Style:
    """Colors statuses, or leaves text as it is."""

    color: bool = False

    def status(self, text: str, status: str | None = None) -> str:
        """``text`` in the color of ``status`` (its own text by default)."""
        code = _CODES.get(status or text.split()[0] if text else "")
        return f"\x1b[{code}m{text}\x1b[0m" if self.color and code else text

    def mark(self, word: str) -> str:
        """``warning`` in yellow, ``error`` in red (when coloring)."""
        code = {"warning": "33", "error": "31"}.get(word)
        return f"\x1b[{code}m{word}\x1b[0m" if self.color and code else word

    def plain(self, text: str) -> str:
        """``text`` unchanged."""
        return text
