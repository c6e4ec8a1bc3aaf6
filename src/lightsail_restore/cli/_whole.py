"""What the plan adds to the request, on the command line: ``--no-attached-disks`` and ``--like-source``.

The core checks them (``PlanOptions.check_with``); the command says a refusal with its flags (``PARAM_FLAGS``).
"""

from __future__ import annotations

import argparse
from typing import Any

from ._actions import StoreFalse, StoreTrue

__all__ = ["add_whole_flags", "plan_kwargs"]


def add_whole_flags(parser: argparse.ArgumentParser) -> None:
    """``--no-attached-disks`` and ``--like-source``, on ``plan`` and ``restore``."""
    parser.add_argument(
        "--no-attached-disks",
        dest="attached_disks",
        action=StoreFalse,
        default=True,
        help="map none of the snapshot's block-storage disks (by default each is restored and attached to each "
        "new instance when --attached-disk-mapping is not given; the plan warns of each disk left out)",
    )
    parser.add_argument(
        "--like-source",
        dest="like_source",
        action=StoreTrue,
        default=False,
        help="give the new instances the source instance's tags, IP address type and AutoSnapshot add-on, "
        "each unless the request sets it (the source instance must still exist)",
    )


def plan_kwargs(args: argparse.Namespace) -> dict[str, Any]:
    """``attached_disks`` and ``like_source`` for ``plan`` and ``restore`` (the core checks them)."""
    return {"attached_disks": args.attached_disks, "like_source": args.like_source}
