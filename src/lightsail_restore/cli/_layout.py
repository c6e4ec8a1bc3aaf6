"""Readable lines fitted to the terminal: findings wrapped with a hanging indent, warnings and errors marked.

A finding (``  warning: ...``, a refused flag's ``  --bundle-id: ...``, ``lightsail-restore: warning: ...``)
longer than the terminal wraps at its width (``COLUMNS`` first, as ``shutil.get_terminal_size`` reads it), the
lines after the first indented two more than it. Output to a pipe has no width: its lines stay whole, for
``grep``. A command to copy (``lightsail-restore ...``, ``aws lightsail ...``) is never split. The words
``warning`` and ``error`` that start a finding are colored where the style allows (a terminal, no ``NO_COLOR``);
the machine outputs never pass through here.
"""

from __future__ import annotations

import os
import re
import textwrap
from collections.abc import Sequence
from typing import TextIO

from ._style import Style

__all__ = ["COMMANDS", "fit", "width_of"]

_FINDING = re.compile(
    r"^(\s*)(?:(warning|error|info): |--[\w-]+[ :(]|lightsail-restore(?: [a-z]+)?: (warning|error): )"
)
COMMANDS = ("plan", "restore", "wait", "schema", "local", "bundles", "points", "keep", "drill", "cleanup")
"""The command's subcommands (``_parser.build_parser``, a test compares): a suggestion starts with one of them."""
_COMMAND = re.compile(
    r"(?:\S*lightsail-restore|\S*python\S* -m lightsail_restore|aws lightsail)"
    rf"(?= (?:-|{'|'.join(f'{name} ' for name in COMMANDS)}|get-))[^;\[)]*[^;\[)\s]"
)
"""A command to copy, up to the ``;``, ``[`` or ``)`` that ends it in a message (``keep it first (COMMAND): ...``)."""
_GLUE = "\x00"


def width_of(stream: TextIO) -> int | None:
    """The width to wrap at: ``COLUMNS`` when set, else the terminal's; ``None`` when ``stream`` is no terminal."""
    columns = os.environ.get("COLUMNS", "")
    if columns.isdigit() and int(columns) > 0:
        return int(columns)
    try:
        if not stream.isatty():
            return None
        return os.get_terminal_size(stream.fileno()).columns or None
    except (OSError, ValueError, AttributeError):
        return None


def _wrap(line: str, indent: str, width: int) -> list[str]:
    glued = _COMMAND.sub(lambda m: m.group(0).replace(" ", _GLUE), line)
    parts = textwrap.wrap(glued, width, subsequent_indent=indent + "  ", break_long_words=False, break_on_hyphens=False)
    return [part.replace(_GLUE, " ") for part in parts] or [line]


def fit(lines: Sequence[str], width: int | None, style: Style) -> list[str]:
    """``lines`` with each finding wrapped at ``width`` (none: left whole) and its warning or error marked."""
    out: list[str] = []
    for line in lines:
        found = _FINDING.match(line)
        if found is None:
            out.append(line)
            continue
        indent = found.group(1)
        wrapped = _wrap(line, indent, width) if width and len(line) > width else [line]
        mark = found.group(2) or found.group(3)
        if mark in ("warning", "error"):
            wrapped[0] = wrapped[0].replace(mark, style.mark(mark), 1)
        out += wrapped
    return out
