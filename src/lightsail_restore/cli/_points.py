"""Restore points on the command line: ``points``, ``keep``, and ``--restore-point`` on ``plan`` and ``restore``.

The core speaks in parameters (``restore_point``, ``restore_date``); this module says them as flags with the
command's one table (``flags.PARAM_FLAGS``). Nothing here prints.
"""

from __future__ import annotations

import argparse
import dataclasses
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, Final

from ._actions import Store
from ._errors import Problem, Refusal, RefusedBy
from ._flags import problem_of, say_in_flags

if TYPE_CHECKING:
    from ..restore._selector import ChosenPoint
    from ._commands import Env, Report
    from ._request import BuiltRequest

__all__ = [
    "KEEP_NAMED",
    "PLAN_HORIZON",
    "POINT_COMMANDS",
    "add_keep_options",
    "add_point_option",
    "add_points_options",
    "choose_from_flags",
    "keep",
    "point_document",
    "points",
]

KEEP_NAMED: Final = {"targetSnapshotName": "--target-snapshot-name"}
"""How ``keep`` gives a member whose flag elsewhere is another (``--copy-name``), for its refusals (``flag_of``)."""
_ANY_DAY: Final = "2000-01-01"
PLAN_HORIZON: Final = 900.0
"""How long the plan counts a restore may take (the restore's default timeout), for the roll-off warning."""
_SELECTOR = "latest | before:TIME | NAME | YYYY-MM-DD"


def add_point_option(parser: argparse.ArgumentParser) -> None:
    """``--restore-point`` on ``plan`` and ``restore``."""
    parser.add_argument(
        "--restore-point",
        action=Store,
        default=None,
        metavar="SELECTOR",
        help="choose the source among --source-instance-name's restore points instead of naming it: latest, "
        "before:2026-12-05T14:00Z (the newest taken before), a manual snapshot's name or an automatic one's date",
    )


def add_points_options(parser: argparse.ArgumentParser) -> None:
    """The flags of ``points``."""
    parser.add_argument(
        "--source-instance-name",
        action=Store,
        default=None,
        metavar="NAME",
        help="the instance whose points to list (default: every instance of the Region, and deleted ones' snapshots)",
    )
    parser.add_argument(
        "--source-region", action=Store, default=None, metavar="REGION", help="look in this Region (default --region)"
    )


def add_keep_options(parser: argparse.ArgumentParser) -> None:
    """The flags of ``keep`` (and ``--timeout``, as ``wait``'s)."""
    parser.add_argument(
        "--source-instance-name", action=Store, required=True, metavar="NAME", help="the instance (sourceResourceName)"
    )
    parser.add_argument(
        "--restore-date",
        action=Store,
        required=True,
        metavar="YYYY-MM-DD",
        help="the automatic snapshot's date (restoreDate), as points lists it",
    )
    parser.add_argument(
        "--target-snapshot-name",
        action=Store,
        default=None,
        metavar="NAME",
        help="the manual snapshot's name (default <instance>-<date>-kept, which a rerun can prove holds the day)",
    )


_LOOKED: Final = ("K1_", "K2_", "K3_", "RP2_", "RP3_", "RP4_")
"""Refusals found by looking at the account (the plan's), not by the rules of the words given."""


def _refusal(exc: Any, named: Mapping[str, str] | None = None) -> Refusal:
    by: RefusedBy = "plan" if all(i.rule.startswith(_LOOKED) for i in exc.issues) else "request"
    problems = [problem_of(i, named) for i in exc.issues]
    return Refusal([dataclasses.replace(p, path="" if "_" in p.path else p.path) for p in problems], by)


def _now(env: Env) -> Any:
    from .._clock import SystemClock

    return env.pacing().get("clock") or SystemClock()


def _age(seconds: Any) -> str:
    if seconds is None:
        return "-"
    hours = float(seconds) / 3600
    return f"{hours / 24:.1f}d" if hours >= 24 else f"{hours:.1f}h"


def _rows(points: list[dict[str, Any]]) -> list[tuple[str, ...]]:
    rows: list[tuple[str, ...]] = [
        ("INSTANCE", "KIND", "POINT", "TAKEN", "AGE", "STATE", "SIZE", "BUNDLE", "DISKS", "ROLLS OFF")
    ]
    for p in points:
        disks = ",".join(f"{d['path']}:{d['sizeInGb']}GB" for d in p["disks"]) or "-"
        rows.append(
            (
                p["instanceName"],
                p["kind"],
                str(p["name"] or p["date"]),
                str(p["takenAt"] or p["createdAt"] or "-"),
                _age(p["ageSeconds"]),
                p["state"],
                f"{p['sizeInGb']} GB" if p["sizeInGb"] is not None else "-",
                str(p["bundleId"] or "-"),
                disks,
                str(p["rollsOffAt"] or "-"),
            )
        )
    return rows


def points(env: Env) -> Report:
    """``points``: every restore point of an instance (or of the Region), newest first; read-only."""
    from ._commands import EXIT_OK, Report
    from ._human import table

    args = env.args
    found = env.client().restore_points(args.source_instance_name, source_region=args.source_region, clock=_now(env))
    region = args.source_region or env.context.backend.region
    doc = {
        "ok": True,
        "backend": env.context.backend.to_dict(),
        "region": region,
        "sourceInstanceName": args.source_instance_name,
        "points": [p.to_dict() for p in found],
    }
    whose = args.source_instance_name or "every instance"
    lines = [f"Restore points of {whose} in {region} on {env.context.backend.describe()}, newest first"]
    lines += table(_rows(doc["points"])) if found else ["  none"]
    return Report(EXIT_OK, doc, lines)


def keep(env: Env) -> Report:
    """``keep``: copy an automatic point into a manual snapshot of the same Region, and wait until available."""
    from .. import RequestValidationError
    from ._commands import EXIT_FAILED, EXIT_OK, Report

    args = env.args
    client = env.client()
    try:
        kept = client.keep(
            args.source_instance_name,
            args.restore_date,
            target_snapshot_name=args.target_snapshot_name,
            timeout=args.timeout,
            progress=env.start_progress(args.timeout),
            **env.pacing(),
        )
    except RequestValidationError as exc:
        raise _refusal(exc, KEEP_NAMED) from None
    finally:
        env.stop_progress()
    doc = {"backend": env.context.backend.to_dict(), **kept.to_dict()}
    doc["detail"] = say_in_flags(kept.detail, kept.params)
    lines = [f"Keep on {env.context.backend.describe()}: {doc['detail']}"]
    problems = [] if kept.ok else [f"lightsail-restore: not kept: {doc['detail']}"]
    return Report(EXIT_OK if kept.ok else EXIT_FAILED, doc, lines, problems)


def choose_from_flags(
    env: Env, build: Callable[[argparse.Namespace], BuiltRequest], refuse: Callable[[Any], None]
) -> BuiltRequest:
    """The request the command line describes (``build``), its source the point ``--restore-point`` chooses.

    Without the flag, ``build(args)`` as it is. With it, the other flags are checked first (the request is built
    with a stand-in date), then the instance's points are read and the chosen point's members put in the request;
    the chosen point replaces the selector in ``args.restore_point`` (given to the library as it is). The
    roll-off warning counts the restore's ``--timeout``, or ``PLAN_HORIZON`` for ``plan``.

    Raises:
        Refusal: A source flag beside it, no ``--source-instance-name``, a bad selector or flag, or no point fits.
    """
    from .. import RequestValidationError, parse_request
    from .._api import checked_request
    from ..restore._selector import apply_point, parse_selector

    args = env.args
    selector = getattr(args, "restore_point", None)
    if selector is None:
        return build(args)
    given = [
        flag
        for dest, flag in (
            ("instance_snapshot_name", "--instance-snapshot-name"),
            ("restore_date", "--restore-date"),
            ("use_latest_restorable_auto_snapshot", "--use-latest-restorable-auto-snapshot"),
        )
        if getattr(args, dest, None) not in (None, False)
    ]
    if given:
        message = f"--restore-point chooses the source: leave out {', '.join(given)}"
        raise Refusal([Problem(message, "RP5_source_given", "--restore-point", "restore_point")], "flags")
    instance = getattr(args, "source_instance_name", None)
    if not instance:
        message = "--restore-point chooses among an instance's points: give --source-instance-name"
        raise Refusal(
            [Problem(message, "RP6_instance_required", "--source-instance-name", "sourceInstanceName")], "flags"
        )
    try:
        parse_selector(selector)
    except RequestValidationError as exc:
        raise _refusal(exc) from None
    args.restore_date = _ANY_DAY  # stands for the point still to be chosen, while the other flags are checked
    built = build(args)
    try:
        checked_request(built.request, {}, env.context.backend.region)  # its zone in the command's Region
    except RequestValidationError as exc:
        raise Refusal([built.problem(i.path, i.rule, i.message) for i in exc.issues], "request") from None
    refuse(built.request)  # the library's refusal of the options, before the points are read
    try:
        chosen = env.client().choose_restore_point(
            selector,
            source_instance_name=instance,
            source_region=getattr(args, "source_region", None),
            clock=_now(env),
            horizon=getattr(args, "timeout", PLAN_HORIZON),
        )
    except RequestValidationError as exc:
        raise _refusal(exc) from None
    params = {**built.request.to_boto3(), "restoreDate": None}
    built.request = parse_request(apply_point({k: v for k, v in params.items() if v is not None}, chosen))
    args.restore_date = chosen.fields().get("restoreDate")
    args.restore_point = chosen
    return built


def point_document(doc: dict[str, Any], chosen: ChosenPoint | None) -> list[str]:
    """Add the chosen point to a plan's or a restore's document; the line that says it (none without a point)."""
    if chosen is None:
        return []
    why = say_in_flags(chosen.why, chosen.params)
    doc["restorePoint"] = {**chosen.to_dict(), "why": why}
    return [f"Restore point ({chosen.selector}): {chosen.point.describe()}: {why}"]


POINT_COMMANDS: Final = {"points": points, "keep": keep}
"""The commands of restore points (``commands.COMMANDS`` holds them)."""
