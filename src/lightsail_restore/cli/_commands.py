"""The subcommands: each turns the command line into a ``Report`` (a document, lines, an exit code).

A command refuses by raising ``Refusal``; a service error or an interruption propagates to ``app``, which
reports it. Nothing here prints.
"""

from __future__ import annotations

import argparse
import dataclasses
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal, TextIO

from .._options import DEFAULT_DELAY, DEFAULT_MAX_DELAY
from . import _documents as documents
from . import _human as human
from ._bundles import bundles, fallback_kwargs, fallback_named, zone_lines
from ._cutover import cut_over_kwargs, cut_over_steps, put_back_for, step_lines, step_problems
from ._errors import Problem, Refusal
from ._flags import CREATE_FLAGS, flag_of_path, problem_of, say_in_flags
from ._hints import HIDDEN_USER_DATA, resume_command, suggest, with_listing
from ._interrupts import CreateWatch
from ._points import POINT_COMMANDS, choose_from_flags, point_document
from ._progress import Progress
from ._render import to_json
from ._request import BuiltRequest, build_request, in_region
from ._retire import confirmed, retire_kwargs, source_name
from ._style import Style
from ._whole import plan_kwargs

if TYPE_CHECKING:
    from .. import LightsailRestoreClient, Plan
    from ._context import Context

__all__ = ["COMMANDS", "Env", "Report"]

LOCAL_DELAYS = (0.25, 1.0)
"""First and longest pause between polling rounds against the local backend (AWS: the defaults, 2 s and 5 s)."""
EXIT_OK, EXIT_FAILED, EXIT_REFUSED = 0, 1, 2


@dataclass
class Report:
    """What a command prints: the document (JSON, text, YAML, ``--query``), table lines, problems (stderr)."""

    code: int
    document: dict[str, Any]
    lines: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    raw: str | None = None
    """Printed as it is whatever the output format (``--generate-cli-skeleton``)."""


@dataclass
class Env:
    """What a command works with: the decided context, stderr for progress, styles, and the create watch."""

    context: Context
    stderr: TextIO
    style: Style
    progress_style: Style
    live: bool
    watch: CreateWatch | None = None
    built: BuiltRequest | None = None
    progress: Progress | None = None
    argv: Sequence[str] = ()
    """The command line as given (for the command that resumes)."""

    @property
    def args(self) -> argparse.Namespace:
        """The parsed command line."""
        return self.context.args

    def client(self) -> LightsailRestoreClient:
        """The library's client on the backend's boto3 client, watched for the create call."""
        from .. import LightsailRestoreClient

        lightsail = self.context.lightsail()
        self.watch = CreateWatch(lightsail)
        return LightsailRestoreClient(lightsail, region_client=self.context.lightsail)

    def pacing(self) -> dict[str, Any]:
        """The first and the longest pause between polling rounds, and the clock of the local backend."""
        backend = self.context.backend
        if backend.kind != "local":
            return {"delay": DEFAULT_DELAY, "max_delay": DEFAULT_MAX_DELAY}
        from ._local import local_clock

        assert backend.state_file is not None  # noqa: S101 - set for every local backend
        delay, max_delay = LOCAL_DELAYS
        return {"delay": delay, "max_delay": max_delay, "clock": local_clock(backend.state_file)}

    def start_progress(self, timeout: float) -> Progress:
        """The progress display for a wait of ``timeout`` seconds."""
        mode: Literal["live", "plain", "off"] = (
            "live" if self.live else "plain" if self.context.output == "table" else "off"
        )
        self.progress = Progress(self.stderr, mode=mode, style=self.progress_style, timeout=timeout)
        return self.progress

    def stop_progress(self) -> None:
        """End the live line, if any."""
        if self.progress is not None:
            self.progress.close()


def _request(env: Env, options: Mapping[str, Any], named: Mapping[str, str] | None = None) -> BuiltRequest:
    """The request; ``--restore-point``'s source, or ``--replace-source``'s name, read once ``options`` passed.

    Every check that needs no read comes first (the request's rules, ``in_region``, ``unread_options``).
    """
    from .. import RequestValidationError
    from .._client import unread_options

    def refuse(request: Any) -> None:
        try:
            unread_options(request, like_source=env.args.like_source, **options)
        except RequestValidationError as exc:
            raise _options_refused(exc.issues, named) from None

    def build() -> BuiltRequest:  # the source --restore-point chooses, if given
        return in_region(choose_from_flags(env, build_request, refuse), env.context.backend.region)

    source_name(env.args, env.context, lambda: refuse(build().request))  # --replace-source: the source's name
    env.built = build()
    return env.built


def _options_refused(issues: Sequence[Any], named: Mapping[str, str] | None = None) -> Refusal:
    """The library's refusal of the options (``RequestValidationError``) in flags.

    Flags that do not go together (an issue naming parameters) come first, then values that break a rule. ``named``
    says how this command line gave a parameter when not by its own flag (``fallback_zones`` by
    ``--availability-zone any``).
    """
    together = [problem_of(i, named) for i in issues if i.params]
    rest = [problem_of(i, named) for i in issues if not i.params]
    return Refusal(together + rest, "flags" if together else "request")


def _warnings(built: BuiltRequest | None) -> list[str]:
    return [f"lightsail-restore: warning: {w}" for w in (built.warnings if built else [])]


def _plan_refusal(env: Env, plan: Plan, plan_doc: dict[str, Any]) -> Refusal:
    assert env.built is not None  # noqa: S101 - the request is built before planning
    problems = [  # a request member's finding is named by its flag (or its input), the others by their parameter
        env.built.problem(f.path, f.rule, with_listing(env.context, f.rule, say_in_flags(f.message, f.params)))
        if flag_of_path(f.path, CREATE_FLAGS) is not None
        else problem_of(f)
        for f in plan.errors
    ]
    backend = env.context.backend.describe()
    return Refusal(problems, "plan", extra={"plan": plan_doc}, lines=human.plan_lines(plan_doc, backend))


def plan(env: Env) -> Report:
    """``plan``: check the request and the account; send nothing."""
    from .. import RequestValidationError

    fallback = fallback_kwargs(env.args, env.context.backend.region)
    options = {**_options(env.args), **fallback, **retire_kwargs(env.args)}
    built = _request(env, options, fallback_named(fallback))
    try:
        the_plan = env.client().plan(
            built.request,
            restore_point=env.args.restore_point,
            instance_quota=env.args.instance_quota,
            provenance=env.args.mark,
            **plan_kwargs(env.args),
            **options,
        )
    except RequestValidationError as exc:
        raise _options_refused(exc.issues, fallback_named(fallback)) from None
    doc = _plan_document(the_plan, built, env)
    doc["warnings"] = built.warnings
    lines = point_document(doc, env.args.restore_point) + human.plan_lines(doc, env.context.backend.describe())
    if not the_plan.ok:
        raise _plan_refusal(env, the_plan, doc)
    return Report(EXIT_OK, doc, lines, _warnings(built))


def restore(env: Env) -> Report:
    """``restore``: plan, create, and wait (unless ``--no-wait``)."""
    from .. import PlanRefusedError, RequestValidationError

    fallback = fallback_kwargs(env.args, env.context.backend.region)
    args = env.args
    retire = confirmed(args, env.stderr)  # off a terminal: --yes, or nothing is sent
    options = {**_options(args), **fallback, **retire, "wait": args.wait, "check": args.check}
    built = _request(env, options, fallback_named(fallback))
    client = env.client()
    try:
        outcome = client.restore(
            built.request,
            restore_point=args.restore_point,
            timeout=args.timeout,
            progress=env.start_progress(args.timeout),
            instance_quota=args.instance_quota,
            provenance=args.mark,
            **plan_kwargs(env.args),
            **env.pacing(),
            **options,
        )
    except PlanRefusedError as exc:
        doc = _plan_document(exc.plan, built, env)
        raise _plan_refusal(env, exc.plan, doc) from None
    except RequestValidationError as exc:
        raise _options_refused(exc.issues, fallback_named(fallback)) from None
    finally:
        env.stop_progress()
    ids = [op.id for op in outcome.operations if op.id]
    next_command = suggest(env.context, "wait", "--operation-ids", *ids) if not outcome.waited and ids else None
    doc = documents.outcome_document(outcome, env.context.backend, built.user_data, next_command)
    put_back_for(outcome, doc, env.context)
    doc["warnings"] = built.warnings + _plan_warnings(outcome.plan)
    refused = _create_refused(env, outcome)
    if refused:
        doc["resume"] = resume_command(env.argv)[0]
    if doc.get("plan") and outcome.plan is not None:
        doc["plan"] = _plan_in_flags(doc["plan"], outcome.plan)
    lines = point_document(doc, args.restore_point)
    lines += human.outcome_lines(doc, env.context.backend.describe(), env.style) + step_lines(doc)
    lines += zone_lines(outcome, built.request.availability_zone)
    problems = _warnings(built) + [f"lightsail-restore: warning: {w}" for w in _plan_warnings(outcome.plan)]
    problems += _copy_failed(env, outcome.steps) + refused
    left = any(s["name"] in cut_over_steps() and s["status"] != "done" for s in doc.get("steps") or [])
    problems += _failures(env, doc["instances"], rerun=left, waited=outcome.waited)
    problems += _ended_early(env, outcome.error, resume=True) + step_problems(outcome, doc)
    return Report(EXIT_OK if outcome.ok else EXIT_FAILED, doc, lines, problems)


def _options(args: argparse.Namespace) -> dict[str, Any]:
    """The cut-over's and the cross-Region options of ``plan`` and ``restore`` (the library checks them)."""
    return {**cut_over_kwargs(args), "source_region": args.source_region, "copy_name": args.copy_name}


def _plan_warnings(plan: Plan | None) -> list[str]:
    """Every warning of the restore's plan, in the flags' words, a rerun's too (what is lost, what was not checked)."""
    return [f"{say_in_flags(f.message, f.params)} [{f.rule}]" for f in plan.warnings] if plan else []


def _copy_failed(env: Env, steps: Any) -> list[str]:
    """A cross-Region restore whose copy failed or was not ready: nothing was created."""
    return [
        f"lightsail-restore: the copy failed: {s.detail}" for s in steps if s.name == "copy" and s.status == "failed"
    ]


def _create_refused(env: Env, outcome: Any) -> list[str]:
    """A cross-Region restore whose create AWS refused after the copy: AWS's error, the copy kept, how to resume."""
    from .. import LightsailError

    step = next((s for s in outcome.steps if s.name == "create" and s.status == "failed"), None)
    if step is None:
        return []
    error = step.error
    service = env.context.backend.service
    if isinstance(error, LightsailError):
        lines = [f"lightsail-restore: {service} refused the create: {error.error_code}: {error.message}"]
        lines += [f"  tip: {error.tip}"] if error.tip else []
        lines += [f"  request id: {error.request_id}"] if error.request_id else []
    else:
        lines = [f"lightsail-restore: the create failed: {step.detail}"]
    copy = outcome.copy
    if copy is not None:  # refused: nothing was created; else the create may have been applied
        done = "nothing was created; " if error is not None else ""
        lines.append(
            f"  {done}the copy {copy.name} ({copy.state or 'state unknown'}) stays in {copy.region}: "
            "a rerun goes on from it, and never copies again"
        )
    resume, hidden = resume_command(env.argv)
    lines.append(f"  to resume: {resume}")
    lines += [f"  {HIDDEN_USER_DATA}"] if hidden else []
    return lines


def _plan_document(the_plan: Plan, built: BuiltRequest, env: Env) -> dict[str, Any]:
    doc = {**documents.plan_document(the_plan, built.user_data), "backend": env.context.backend.to_dict()}
    return _plan_in_flags(doc, the_plan)


def _plan_in_flags(doc: dict[str, Any], plan: Plan) -> dict[str, Any]:
    """A plan document whose findings say the parameters they name as flags (its findings are the plan's, in order)."""
    findings = [
        {**f, "message": say_in_flags(f["message"], mine.params)}
        for f, mine in zip(doc["findings"], plan.findings, strict=True)
    ]
    return {**doc, "findings": findings}


def _ended_early(env: Env, error: object, *, resume: bool) -> list[str]:
    """The error that ended a wait early (the instances it did not settle are ``unknown``), and how to go on."""
    if error is None:
        return []
    go_on = "run the same restore again to go on" if resume else "run the same wait again to go on"
    return [f"lightsail-restore: the wait ended early on an error retrying cannot fix: {error}; {go_on}"]


def _failures(env: Env, instances: list[dict[str, Any]], *, rerun: bool = False, waited: bool = True) -> list[str]:
    """What went wrong with each instance; to go on, ``wait``, or the same restore when a cut-over is ``rerun``."""
    lines = []
    timed_out = []
    for i in instances:
        if i["status"] == "failed":
            lines.append(
                f"lightsail-restore: {i['name']} failed: {i['errorCode'] or 'no error code'}: {i['errorDetails'] or ''}"
            )
        elif i["status"] == "timed_out":
            timed_out.append(str(i["name"]))
        elif i["status"] == "not_found":
            lines.append(
                f"lightsail-restore: {i['name']} was not found: no instance and no creation operation of that name"
            )
        elif i["status"] == "unknown" and not waited:
            lines.append(f"lightsail-restore: {i['name']}: unknown, whether it was created is not known")
        elif i["status"] == "unknown":
            lines.append(f"lightsail-restore: {i['name']}: unknown, the wait ended before it was settled")
    if timed_out and rerun:
        again, hidden = resume_command(env.argv)
        lines.append(
            f"lightsail-restore: still not running at the timeout: {', '.join(timed_out)}; to go on, run the same "
            f"restore again (it waits, then finishes what is left): {again}"
        )
        lines += [f"  {HIDDEN_USER_DATA}"] if hidden else []
    elif timed_out:
        again = suggest(env.context, "wait", "--instance-names", *timed_out)
        lines.append(
            f"lightsail-restore: still not running at the timeout: {', '.join(timed_out)}; to go on waiting: {again}"
        )
    return lines


def wait(env: Env) -> Report:
    """``wait``: wait for instances an earlier call created."""
    args = env.args
    names = [n for word in args.instance_names for n in word]
    ids = [i for word in args.operation_ids for i in word]
    if not names and not ids:
        raise Refusal([Problem("wait needs --instance-names or --operation-ids", "usage", "--instance-names")], "flags")
    client = env.client()
    try:
        result = client.wait(
            names, operation_ids=ids, timeout=args.timeout, progress=env.start_progress(args.timeout), **env.pacing()
        )
    finally:
        env.stop_progress()
    doc = documents.wait_document(result, env.context.backend)
    lines = human.wait_lines(doc, env.context.backend.describe(), env.style)
    problems = _failures(env, doc["instances"]) + _ended_early(env, result.error, resume=False)
    return Report(EXIT_OK if doc["ok"] else EXIT_FAILED, doc, lines, problems)


def schema() -> Report:
    """``schema``: the JSON Schema of the request (AWS member names); no backend is involved."""
    from .. import CreateInstancesFromSnapshotRequest

    doc = CreateInstancesFromSnapshotRequest.model_json_schema(by_alias=True)
    return Report(EXIT_OK, doc, to_json(doc).splitlines())


_TIMINGS = ("operation_seconds", "boot_seconds", "copy_seconds", "checks_seconds")


def local(env: Env) -> Report:
    """``local show`` / ``local reset``: the local account, or a fresh demo account."""
    from ._local import local_summary, open_local

    backend = env.context.backend
    assert backend.state_file is not None  # noqa: S101 - the local command always has a state file
    args = env.args
    reset = args.action == "reset"
    the_backend = open_local(backend.state_file, fresh=reset)
    timings = {name: getattr(args, name) for name in _TIMINGS if getattr(args, name) is not None}
    if reset:
        the_backend.reset()
        the_backend.timings = dataclasses.replace(the_backend.timings, **timings)
    elif timings:
        problem = "timings are set by `local reset`, not `local show`"
        raise Refusal([Problem(problem, "usage", "--" + next(iter(timings)).replace("_", "-"))], "flags")
    summary = local_summary(the_backend, the_backend.client(backend.region))
    doc = {"ok": True, "backend": backend.to_dict(), "region": backend.region, "stateFile": str(backend.state_file)}
    doc.update(summary)
    return Report(EXIT_OK, doc, human.local_lines(doc, backend.describe()))


COMMANDS: dict[str, Callable[[Env], Report]] = {
    "plan": plan,
    "restore": restore,
    "wait": wait,
    "local": local,
    "bundles": bundles,
    **POINT_COMMANDS,
}
