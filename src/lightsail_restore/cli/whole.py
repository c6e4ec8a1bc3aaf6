"""What the plan adds to the request, on the command line: ``--no-attached-disks`` and ``--like-source``.

The core checks them (``PlanOptions.check_with``); the command says a refusal with its flags.
"""

from __future__ import annotations

import argparse
from typing import Any

from .actions import StoreFalse, StoreTrue
from .errors import Problem, Refusal

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


def plan_kwargs(args: argparse.Namespace, *, restore: bool = False) -> dict[str, Any]:
    """``attached_disks`` and ``like_source`` for ``LightsailRestoreClient.plan`` and ``restore``.

    Raises:
        Refusal: ``--like-source`` with ``--no-check`` (a restore that skips the plan cannot read the source).
    """
    from .. import RequestValidationError
    from ..options import PlanOptions

    options = PlanOptions(attached_disks=args.attached_disks, like_source=args.like_source)
    if restore:
        try:
            options.check_with(check=args.check)
        except RequestValidationError as exc:
            words = "--like-source reads the source instance in the plan: drop --no-check"
            raise Refusal([Problem(words, i.rule, "--no-check") for i in exc.issues], "flags") from None
    return {"attached_disks": options.attached_disks, "like_source": options.like_source}
