"""The flags of ``drill`` and ``cleanup`` beside the restore's (``_parser.py`` adds the request and cut-over flags)."""

from __future__ import annotations

import argparse

from ._actions import Store, StoreTrue
from ._values import names_value

__all__ = ["REPORT_SUFFIXES", "add_cleanup_flags", "add_drill_flags"]

REPORT_SUFFIXES = (".json", ".md")
"""The suffixes of ``--report FILE``: the report as JSON, or as one Markdown page."""


def add_drill_flags(parser: argparse.ArgumentParser) -> None:
    """``--keep``, ``--resume DRILL_ID``, ``--report FILE`` (repeatable)."""
    group = parser.add_argument_group("the drill")
    group.add_argument(
        "--keep",
        action=StoreTrue,
        default=False,
        help="leave what the drill made for a person to look at (the report says how to tear it down later)",
    )
    group.add_argument(
        "--resume",
        action=Store,
        default=None,
        metavar="DRILL_ID",
        help="finish the interrupted drill DRILL_ID (give the same flags): nothing is made twice, nothing left",
    )
    group.add_argument(
        "--report",
        action="append",
        default=[],
        metavar="FILE",
        help="write the report to FILE, JSON (.json) or Markdown (.md) by its suffix; repeatable",
    )


def add_cleanup_flags(parser: argparse.ArgumentParser) -> None:
    """``--drill-id``, ``--instance-names``, ``--dry-run``, ``--yes``."""
    group = parser.add_argument_group("what to clean up (one of)")
    group.add_argument("--drill-id", action=Store, default=None, metavar="DRILL_ID", help="the drill's id")
    group.add_argument(
        "--instance-names",
        action=Store,
        nargs="+",
        type=names_value,
        default=[],
        metavar="NAME",
        help="instances a restore created: their mark names the run, and everything it made goes",
    )
    parser.add_argument("--dry-run", action=StoreTrue, default=False, help="list what would be deleted; delete nothing")
    parser.add_argument("--yes", action=StoreTrue, default=False, help="delete without asking (needed off a terminal)")
