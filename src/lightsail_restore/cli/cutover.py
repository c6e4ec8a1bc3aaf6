"""The cut-over on the command line: ``--copy-ports``, ``--ports FILE``, ``--static-ip NAME``, ``--move-static-ip``.

Each is checked before anything is sent: a ports file is read and every rule checked (a refusal names ``--ports``,
the rule's path such as ``portInfos[1].toPort`` and the rule broken), and the flags that cannot go together, or
with ``--no-wait`` or ``--no-check``, are refused. The plan's findings about the network speak of the library's
options with their flags in brackets (``copy_ports (--copy-ports)``); the command shows only the flags.
``--health-check CHECK`` (repeatable) adds the readiness gate (``restore/_steps/ready.py``) before the static IP moves.
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .actions import Store, StoreTrue
from .errors import Problem, Refusal
from .flags import in_plain_words
from .request import _load_json, _load_yaml, not_listed
from .values import FileProblem, param_file_path, read_param_file

if TYPE_CHECKING:
    from ..restore.cutover import CutOver
    from .context import Context

__all__ = [
    "CUT_OVER_FLAGS",
    "CUT_OVER_STEPS",
    "add_cut_over_flags",
    "build_cut_over",
    "client_kwargs",
    "cut_over_problem",
    "in_flag_words",
    "plan_in_flag_words",
    "put_back_for",
    "step_lines",
    "step_problems",
]

CUT_OVER_FLAGS = ("--copy-ports", "--ports", "--static-ip", "--move-static-ip", "--health-check")
"""The cut-over's flags, in the order of ``--help``."""
CUT_OVER_STEPS = ("ports", "ready", "static-ip", "replace", "retire")
"""The steps they add after the wait."""

_LIBRARY_WORDS = re.compile(r"\b[a-z][a-z_]*(?: and [a-z][a-z_]*)? \((--[^)]*)\)")
_LIBRARY_NAME = re.compile(r"\(([a-z]+_[a-z_]+), (--[a-z-]+)\)")
"""The library's option named beside its flag, ``(copy_name, --copy-name)``: the command says only the flag."""


def add_cut_over_flags(parser: argparse.ArgumentParser) -> None:
    """Add the cut-over's flags to ``plan`` or ``restore``."""
    group = parser.add_argument_group(
        "the cut-over, once the instances run (firewall rules first, then the static IP; see docs/restore.md)"
    )
    group.add_argument(
        "--copy-ports",
        action=StoreTrue,
        default=False,
        help="put the source instance's current firewall rules on each new instance (PutInstancePublicPorts "
        "replaces the whole set); the plan reads and checks them, and refuses when the source instance is gone",
    )
    group.add_argument(
        "--ports",
        action=Store,
        metavar="FILE",
        help="put these firewall rules on each new instance instead: a JSON or YAML file (by its suffix) of "
        'portInfos, a list or {"portInfos": [...]}, as put-instance-public-ports takes them; file://FILE too',
    )
    group.add_argument(
        "--static-ip",
        action=Store,
        metavar="NAME",
        help="then attach this static IP (of the Region) to the new instance: a request of one instance",
    )
    group.add_argument(
        "--move-static-ip",
        action=StoreTrue,
        default=False,
        help="allow taking the --static-ip from the instance that holds it (the plan says which one loses it); "
        "it moves only once the new instance passes Lightsail's status checks",
    )
    group.add_argument(
        "--health-check",
        action="append",
        metavar="CHECK",
        help="before the static IP moves, each new instance must pass this check, probed from this machine and tried "
        "until --timeout: tcp:PORT, http:PORT/PATH, https:PORT/PATH (answers 200) or ssh[:PORT] (an SSH-2.0 banner); "
        "repeatable; if one does not pass, nothing moves from the old instance (exit 1)",
    )


def _read_ports(value: str) -> Any:
    path = param_file_path(value) or Path(value).expanduser()
    where = f"--ports {value}"
    try:
        text = read_param_file(f"file://{path}") or ""
    except FileProblem as exc:
        raise Refusal([Problem(str(exc), "file", "--ports")], "flags") from None
    if not text.strip():
        problem = f"{path} is empty: give a list of portInfos ([] closes every port)"
        raise Refusal([Problem(problem, "empty", "--ports")], "flags")
    suffix = path.suffix.lower()
    is_yaml = suffix in (".yaml", ".yml") or (suffix != ".json" and not text.lstrip().startswith(("[", "{")))
    return _load_yaml(text, where) if is_yaml else _load_json(text, where)


def _ports_problem(path: str, rule: str, message: str) -> Problem:
    """A rule a ports file breaks, in the file's words (a member of the file itself is not a Python class's)."""
    if rule == "unknown_member" and not re.search(r"[.\[]", path):
        message = (
            "is not a member of a ports file: give a list of portInfos, or an object whose only member is portInfos"
        )
    return Problem(in_plain_words(message), rule, "--ports", path)


_USAGE: dict[str, tuple[str, str]] = {
    "ports_exclusive": (
        "--ports",
        "give --copy-ports (the source instance's rules) or --ports FILE (the file's rules), not both",
    ),
    "move_needs_static_ip": (
        "--move-static-ip",
        "moves the static IP that --static-ip names: give --static-ip NAME too",
    ),
    "cut_over_needs_wait": ("--no-wait", "firewall rules and a static IP go on once the instances run: drop --no-wait"),
    "cut_over_needs_check": (
        "--no-check",
        "the plan reads the source's rules and who holds the static IP: drop --no-check",
    ),
}
"""The cut-over's rules about flags that do not go together, by the core's rule id: the flag a refusal names and
the command's words for it (the core checks them, ``CutOver.of`` and ``check_with``; the command only says them)."""


def _flag_of(path: str) -> str:
    """The flag of a cut-over issue's AWS path (``staticIpName``, ``healthChecks[0].port``)."""
    return "--health-check" if path.startswith("healthChecks") else "--static-ip"


def build_cut_over(args: argparse.Namespace, *, restore: bool) -> CutOver:
    """The cut-over the command line asks for, checked once by the core (``CutOver.of``) before anything is sent.

    The command reads the ports file (its shape and rules, ``parse_port_infos``) and says the core's refusals with
    their flags.

    Raises:
        Refusal: The ports file cannot be read or breaks a rule (``request``), or flags that cannot go together
            (``flags``): ``--copy-ports`` with ``--ports``, ``--move-static-ip`` without ``--static-ip``, a
            cut-over with ``--no-wait`` or ``--no-check``.
    """
    from .. import RequestValidationError, parse_port_infos
    from ..errors import Issue
    from ..restore.cutover import CutOver

    ports_file: str | None = getattr(args, "ports", None)
    rules_broken: list[Problem] = []
    ports = None
    if ports_file is not None:
        try:
            ports = parse_port_infos(_read_ports(ports_file))
        except RequestValidationError as exc:
            ports = ()  # given, though broken: the core still says what it goes with
            rules_broken += [_ports_problem(i.path, i.rule, i.message) for i in exc.issues]
            rules_broken += [not_listed(exc.omitted, len(exc.issues), "--ports")] if exc.omitted else []
    issues: list[Issue] = []
    cut_over = None
    try:
        cut_over = CutOver.of(
            copy_ports=bool(getattr(args, "copy_ports", False)),
            ports=ports,
            static_ip=getattr(args, "static_ip", None),
            move_static_ip=bool(getattr(args, "move_static_ip", False)),
            health_checks=getattr(args, "health_check", None) or [],
        )
    except RequestValidationError as exc:
        issues += exc.issues
    if restore:
        given = ("copy_ports", "ports", "static_ip", "health_check")
        asks = cut_over.asks if cut_over is not None else any(getattr(args, name, None) for name in given)
        try:
            CutOver.check_needs(asks, wait=args.wait, check=args.check)
        except RequestValidationError as exc:
            issues += exc.issues
    usage = [Problem(_USAGE[i.rule][1], i.rule, _USAGE[i.rule][0]) for i in issues if i.rule in _USAGE]
    usage.sort(key=lambda problem: list(_USAGE).index(problem.rule))
    rules_broken += [Problem(i.message, i.rule, _flag_of(i.path), i.path) for i in issues if i.rule not in _USAGE]
    if usage or rules_broken or cut_over is None:
        raise Refusal(usage + rules_broken, "flags" if usage else "request")
    return cut_over


def in_flag_words(message: str) -> str:
    """A plan message with the library's options said as flags.

    ``copy_ports (--copy-ports)`` becomes ``--copy-ports``, and ``(copy_name, --copy-name)`` ``(--copy-name)``.
    """
    return _LIBRARY_NAME.sub(lambda m: f"({m.group(2)})", _LIBRARY_WORDS.sub(lambda m: m.group(1), message))


def plan_in_flag_words(plan: dict[str, Any]) -> dict[str, Any]:
    """A plan document whose findings speak of flags, not of the library's options."""
    return {**plan, "findings": [{**f, "message": in_flag_words(f["message"])} for f in plan["findings"]]}


def client_kwargs(cut_over: CutOver) -> dict[str, Any]:
    """The cut-over as the keyword arguments of ``LightsailRestoreClient.plan`` and ``restore``."""
    return {
        "copy_ports": cut_over.copy_ports,
        "ports": cut_over.ports,
        "static_ip": cut_over.static_ip,
        "move_static_ip": cut_over.move_static_ip,
        "health_checks": cut_over.ready.health_checks,
    }


def cut_over_problem(path: str, rule: str, message: str, args: argparse.Namespace) -> Problem | None:
    """A plan error about the cut-over, named by its flag; ``None`` for the other findings."""
    if path.startswith("portInfos"):
        flag = "--ports" if getattr(args, "ports", None) is not None else "--copy-ports"
    elif path == "staticIpName":
        flag = "--move-static-ip" if rule == "static_ip_move" else "--static-ip"
    else:
        return None
    return Problem(in_flag_words(message), rule, flag, path)


def put_back_for(outcome: dict[str, Any], context: Context) -> None:
    """Say the command that puts a static IP back as this backend takes it (the library writes the AWS CLI's)."""
    from ..restore._steps.static_ip import PUT_BACK
    from .hints import put_back_command

    def command(found: re.Match[str]) -> str:
        return put_back_command(context, found["name"], found["instance"])

    for step in outcome.get("steps") or []:
        step["detail"] = PUT_BACK.sub(command, str(step.get("detail") or ""))


def step_lines(outcome: dict[str, Any]) -> list[str]:
    """The cut-over's steps of a restore's document, one line each (``ports: done: web-2: web-1's rules put``)."""
    return [
        f"{step['name']}: {step['status']}: {step['detail']}"
        for step in outcome.get("steps") or []
        if step["name"] in CUT_OVER_STEPS
    ]


def step_problems(outcome: dict[str, Any]) -> list[str]:
    """A failed cut-over step on stderr: what failed, AWS's error, and that the same command finishes the job."""
    from ..restore._steps._common import FINISH

    running = ", ".join(i["name"] for i in outcome.get("instances") or [] if i["status"] == "succeeded") or "none"
    lines = []
    for step in outcome.get("steps") or []:
        if step["name"] in CUT_OVER_STEPS and step["status"] == "failed":
            error = step.get("error") or {}
            cause = f" ({error.get('errorCode') or error.get('type')}: {error.get('message')})" if error else ""
            detail = str(step["detail"]).removesuffix(f"; {FINISH}")
            lines.append(
                f"lightsail-restore: the {step['name']} step failed{cause}: {detail}; still running: {running}; "
                "run the same command again to finish: it does only what is left"
            )
    return lines
