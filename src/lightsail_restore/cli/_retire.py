"""Deleting the source: ``--retire-source``, ``--replace-source``, ``--no-final-snapshot``, ``--yes``.

Both options delete a production instance (``restore/_steps/retire.py``), so the command shows what the plan would
delete first and asks on a terminal; off a terminal it needs ``--yes``, and without it nothing is sent. With
``--replace-source`` and no ``--instance-names``, the name is the snapshot's instance (its ``fromInstanceName``).
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any, Final, TextIO

from ._actions import StoreTrue
from ._errors import Problem, Refusal
from ._flags import say_in_flags
from ._request import whole_given

if TYPE_CHECKING:
    from collections.abc import Callable

    from .. import Plan
    from ._context import Context

__all__ = ["RETIRE_PARAMS", "add_retire_flags", "confirmed", "retire_kwargs", "source_name"]

RETIRE_PARAMS: Final = ("retire_source", "replace_source", "no_final_snapshot")
"""The library's parameters (their flags are their rows of ``flags.PARAM_FLAGS``)."""

REPLACED: Final = "replaced-source"
"""The name the request is checked with before the snapshot's source name is read (``source_name``)."""


def add_retire_flags(parser: argparse.ArgumentParser, *, restore: bool) -> None:
    """Add the flags that delete the source instance (and ``--yes`` to ``restore``)."""
    group = parser.add_argument_group("the source instance, once the new one serves (see docs/restore.md)")
    group.add_argument(
        "--retire-source",
        action=StoreTrue,
        default=False,
        help="once the new instance passed the readiness gate and the cut-over is done, take a final snapshot of the "
        "source instance (SOURCE-final-DATE-TIME, waited until available), then delete it, only if it is still the "
        "instance the plan read; asks first on a terminal, --yes otherwise",
    )
    group.add_argument(
        "--replace-source",
        action=StoreTrue,
        default=False,
        help="restore in place under the source's own name: final snapshot, delete the source (its static IP stays "
        "allocated), create, readiness gate, then the cut-over back onto it; the service is down from the delete "
        "until the gate passes",
    )
    group.add_argument(
        "--no-final-snapshot",
        action=StoreTrue,
        default=False,
        help="with --retire-source: delete the source without a final snapshot",
    )
    if restore:
        group.add_argument(
            "--yes",
            action=StoreTrue,
            default=False,
            help="delete without asking (needed when not on a terminal)",
        )


def retire_kwargs(args: argparse.Namespace) -> dict[str, Any]:
    """The options as keyword arguments of ``plan`` and ``restore`` (the core checks them: ``Retire.of``)."""
    return {name: bool(getattr(args, name, False)) for name in RETIRE_PARAMS}


def source_name(args: argparse.Namespace, context: Context, check: Callable[[], None]) -> None:
    """With ``--replace-source`` and no ``--instance-names`` nor whole request: the snapshot's instance (one read).

    Before the read, ``check()`` runs every check that needs none, the request built with the flags as they are and
    a stand-in name (``REPLACED``): bad input is a usage error with nothing sent.

    Raises:
        Refusal: ``check`` refused, or the snapshot names no instance, or cannot be read.
    """
    if not getattr(args, "replace_source", False) or args.instance_names or whole_given(args):
        return
    name = args.source_instance_name
    if name is None and args.instance_snapshot_name is not None:
        from .. import LightsailError
        from .._api import LightsailApi

        args.instance_names = [[REPLACED]]
        try:
            check()
        finally:
            args.instance_names = None
        try:
            snapshot = LightsailApi(context.lightsail()).get_instance_snapshot(args.instance_snapshot_name)
            name = (snapshot.get("instanceSnapshot") or {}).get("fromInstanceName")
        except LightsailError as exc:
            problem = f"the instance --instance-snapshot-name was taken of could not be read ({exc.error_code})"
            problems = [Problem(problem + ": give --instance-names", "replace_source", "--instance-names")]
            raise Refusal(problems, "flags") from None
    if name is None:
        problem = "--replace-source restores under the source's own name: give --instance-names NAME"
        raise Refusal([Problem(problem, "replace_source", "--instance-names")], "flags")
    args.instance_names = [[name]]


def confirmed(args: argparse.Namespace, stderr: TextIO, stdin: TextIO | None = None) -> dict[str, Any]:
    """The options (``retire_kwargs``), with ``confirm`` on a terminal: ``--yes`` off one.

    On a terminal the restore asks once its plan is made, before anything is sent: it says the plan's words about
    what goes (the instance, its ARN, the final snapshot's name), then reads ``yes``.

    Raises:
        Refusal: Not on a terminal and no ``--yes``; nothing was sent. The
            ``confirm`` it adds raises one too when the answer is not ``yes``.
    """
    options = retire_kwargs(args)
    if not (options["retire_source"] or options["replace_source"]) or args.yes:
        return options
    source = stdin or sys.stdin
    if not source.isatty():
        problem = (
            "deletes the source instance, and nothing here can ask: give --yes to confirm when not on a terminal "
            "(see what it deletes first with the same flags on plan)"
        )
        flag = "--replace-source" if args.replace_source else "--retire-source"
        raise Refusal([Problem(f"{flag} {problem}", "confirmation", "--yes")], "flags")

    def ask(plan: Plan) -> bool:
        said = [f for f in plan.findings if f.rule in ("retire_deletes", "retire_static_ip", "replace_source_rules")]
        for finding in said:
            stderr.write(f"lightsail-restore: {say_in_flags(finding.message, finding.params)}\n")
        stderr.write("Delete it? Type yes to go on: ")
        stderr.flush()
        if source.readline().strip().lower() != "yes":
            raise Refusal([Problem("not confirmed: nothing was sent", "confirmation", "--yes")], "flags")
        return True

    return {**options, "confirm": ask}
