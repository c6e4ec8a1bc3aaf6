"""The ``drill`` and ``cleanup`` commands: flags -> the library's ``drill`` and ``cleanup``; reports -> files, lines.

``drill`` exits 0 when the drill restored, passed its checks and tore down (or kept what it made, ``--keep``), 1 when
any part failed (the teardown is still done, and the report says where it failed), 2 for a usage error. It says its
id on stderr first, with the command that finishes it if it is interrupted (``--resume DRILL_ID``).
``cleanup`` plans first and lists every resource; it deletes only after ``--yes`` (or a "yes" on a terminal).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .._clock import SystemClock
from ._commands import (
    EXIT_FAILED,
    EXIT_OK,
    EXIT_REFUSED,
    Env,
    Report,
    _options_refused,
    _plan_document,
    _plan_refusal,
    _request,
)
from ._cutover import cut_over_kwargs
from ._drill_flags import REPORT_SUFFIXES
from ._errors import Problem, Refusal
from ._hints import program, suggest

__all__ = ["DRILL_COMMANDS", "cleanup", "drill"]

_STATIC = {"static_ip": "--static-ip", "move_static_ip": "--move-static-ip"}
_OWN_COPY = "names its own copy (<drill id>-from-<source Region>), which its teardown deletes"


def _refuse_usage(env: Env) -> None:
    args = env.args
    problems = [
        Problem("a drill never touches a static IP: it restores under a throwaway name", "drill_no_static_ip", flag)
        for dest, flag in _STATIC.items()
        if getattr(args, dest, None)
    ]
    if getattr(args, "copy_name", None) is not None:
        problems.append(Problem(f"is not for a drill: a drill {_OWN_COPY}", "drill_own_copy", "--copy-name"))
    problems += [
        Problem(f"must end in {' or '.join(REPORT_SUFFIXES)} (the report's format)", "report_suffix", "--report")
        for name in args.report
        if Path(name).suffix.lower() not in REPORT_SUFFIXES
    ]
    if problems:
        raise Refusal(problems, "flags")


def _drill_id(env: Env, clock: Any) -> str:
    """``--resume``'s id, or a new one; the instance's name too when ``--instance-names`` is not given."""
    from ..drill._marks import drill_id_for

    args = env.args
    base = getattr(args, "instance_snapshot_name", None) or getattr(args, "source_instance_name", None) or "restore"
    drill_id: str = args.resume or drill_id_for(str(base), (clock or SystemClock()).now())
    if not getattr(args, "instance_names", None):
        args.instance_names = [[drill_id]]
    return drill_id


def _write_reports(names: list[str], report: Any) -> list[str]:
    problems = []
    for name in names:
        text = report.to_markdown() if name.lower().endswith(".md") else json.dumps(report.to_dict(), indent=2) + "\n"
        try:
            Path(name).write_text(text, encoding="utf-8")
        except OSError as exc:
            problems.append(f"lightsail-restore: cannot write the report to {name}: {exc.strerror or exc}")
    return problems


def drill(env: Env) -> Report:
    """``drill``: restore under a throwaway name, check, time, tear down, write the evidence."""
    from .. import PlanRefusedError, RequestValidationError

    _refuse_usage(env)
    args = env.args
    pacing = env.pacing()
    drill_id = _drill_id(env, pacing.get("clock"))
    built = _request(env, {})  # no --restore-point here
    kwargs = {k: v for k, v in cut_over_kwargs(args).items() if k not in _STATIC}
    again = [*env.argv, "--resume", drill_id] if args.resume is None else list(env.argv)
    env.stderr.write(
        f"lightsail-restore: drill {drill_id}; if it is interrupted, finish it with: {program()} {' '.join(again)}\n"
    )
    env.stderr.flush()
    env.argv = again  # an interruption says the command that finishes this drill, not one that starts another
    client = env.client()
    try:
        report = client.drill(
            built.request,
            drill_id=drill_id,
            resume=args.resume is not None,
            keep=args.keep,
            timeout=args.timeout,
            instance_quota=args.instance_quota,
            source_region=args.source_region,
            **pacing,
            **kwargs,
        )
    except PlanRefusedError as exc:
        raise _plan_refusal(env, exc.plan, _plan_document(exc.plan, built, env)) from None
    except RequestValidationError as exc:
        raise _options_refused(exc.issues) from None
    doc = {**report.to_dict(), "backend": env.context.backend.to_dict()}
    later = suggest(env.context, "cleanup", "--drill-id", drill_id, "--yes")
    if report.kept:
        doc["cleanup"] = later
    lines = report.to_markdown().rstrip("\n").splitlines()
    problems = _write_reports(args.report, report)
    if report.kept:
        lines.append(f"to tear it down later: {later}")
    if not report.ok:
        where = ", ".join(report.failed_at) or "the checks"
        problems.append(f"lightsail-restore: the drill {drill_id} failed at {where}; see the report")
        if any(not d.ok for d in report.teardown):
            problems.append(f"lightsail-restore: the teardown is not finished; to finish it: {later}")
    return Report(EXIT_OK if report.ok and not problems else EXIT_FAILED, doc, lines, problems)


def _confirmed(env: Env, count: int) -> bool:
    if env.args.yes:
        return True
    stdin = sys.stdin
    if stdin is None or not stdin.isatty():
        return False
    env.stderr.write(f"delete these {count} resources? [y/N] ")
    env.stderr.flush()
    return stdin.readline().strip().lower() in ("y", "yes")


def _plan_lines(plan: dict[str, Any], backs: list[dict[str, Any]]) -> list[str]:
    lines = [f"cleanup of {plan['run']}:"]
    lines += [f"  fail back {f['staticIpName']} from {f['from']}: {f['detail']}" for f in backs if f["to"]]
    lines += [f"  delete {r['kind']} {r['name']} ({r['operation']}): {r['why']}" for r in plan["resources"]]
    lines += [f"  refused {r['name']}: {r['reason']}" for r in plan["refused"]]
    lines += [f"  left: {text}" for text in plan["left"]]
    return lines if plan["resources"] or plan["refused"] or backs else [*lines, "  nothing to delete"]


def cleanup(env: Env) -> Report:
    """``cleanup``: plan what one run made, then (``--yes``) delete it."""
    args = env.args
    names = [n for word in args.instance_names for n in word]
    if (args.drill_id is None) == (not names):
        problem = "give one of --drill-id and --instance-names: the run whose resources go"
        raise Refusal([Problem(problem, "usage", "--drill-id")], "flags")
    client = env.client()
    pacing = env.pacing()
    planned = client.cleanup(drill_id=args.drill_id, instance_names=names, dry_run=True)
    doc = {**planned.to_dict(), "backend": env.context.backend.to_dict()}
    lines = _plan_lines(doc["plan"], doc["failBack"])
    if planned.plan.refused:
        problems = [f"lightsail-restore: refused {r.name}: {r.reason}" for r in planned.plan.refused]
        problems.append("lightsail-restore: nothing was deleted")
        return Report(EXIT_REFUSED, doc, lines, problems)
    if args.dry_run or not planned.plan.resources:
        return Report(EXIT_OK, doc, lines)
    if not _confirmed(env, len(planned.plan.resources)):
        problem = "cleanup deletes the resources listed: give --yes to confirm (off a terminal), or --dry-run"
        raise Refusal([Problem(problem, "confirm", "--yes")], "flags", extra={"plan": doc["plan"]}, lines=lines)
    done = client.cleanup(drill_id=args.drill_id, instance_names=names, timeout=args.timeout, **pacing)
    doc = {**done.to_dict(), "backend": env.context.backend.to_dict()}
    lines = _plan_lines(doc["plan"], []) + [f"  {d.name}: {d.status}: {d.detail}" for d in done.deleted]
    lines += [f"  {f.static_ip}: fail back {f.status}: {f.detail}" for f in done.fail_back if f.back_to]
    problems = [] if done.ok else [f"lightsail-restore: not finished; run the same cleanup again: {' '.join(env.argv)}"]
    return Report(EXIT_OK if done.ok else EXIT_FAILED, doc, lines, problems)


DRILL_COMMANDS: dict[str, Callable[[Env], Report]] = {"drill": drill, "cleanup": cleanup}
"""The commands of this module, beside ``commands.COMMANDS``."""
