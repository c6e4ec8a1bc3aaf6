"""The cut-over on the command line: ``--copy-ports``, ``--ports FILE``, ``--static-ip NAME``, ``--move-static-ip``.

Each is checked before anything is sent: the command reads a ports file and checks its every rule (a refusal names
``--ports``, the rule's path such as ``portInfos[1].toPort`` and the rule broken); the library checks the options
(``CutOver.of``: the flags that cannot go together, or with ``--no-wait`` or ``--no-check``), and the command says
its issues with their flags (``flags.PARAM_FLAGS``).
``--health-check CHECK`` (repeatable) adds the readiness gate (``restore/_steps/ready.py``) before the static IP moves.
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ._actions import Store, StoreTrue
from ._errors import Problem, Refusal
from ._flags import STEP_FLAGS
from ._request import _load_json, _load_yaml, not_listed
from ._values import FileProblem, param_file_path, read_param_file

if TYPE_CHECKING:
    from ..restore import RestoreOutcome
    from ._context import Context

__all__ = [
    "CUT_OVER_FLAGS",
    "add_cut_over_flags",
    "cut_over_kwargs",
    "cut_over_steps",
    "put_back_for",
    "step_lines",
    "step_problems",
]

CUT_OVER_FLAGS = tuple(row.flag for row in STEP_FLAGS)
"""The cut-over's flags, in the order of ``--help``."""


def cut_over_steps() -> tuple[str, ...]:
    """The steps beside the restore's own, whose lines and failures the command shows.

    They are ``restore.run.STEPS`` but the plan, the confirmation, the copy, the create and the wait.
    """
    from ..restore._run import STEPS

    own = ("plan", "confirm", "copy", "create", "wait")
    return tuple(step.name for step in STEPS if step.name not in own)


def add_cut_over_flags(parser: argparse.ArgumentParser) -> None:
    """Add the steps' flags (``flags.STEP_FLAGS``) to ``plan`` or ``restore``."""
    group = parser.add_argument_group(
        "the cut-over, once the instances run (firewall rules first, then the static IP; see docs/restore.md)"
    )
    for row in STEP_FLAGS:
        if row.repeat:
            group.add_argument(row.flag, dest=row.param, action="append", metavar=row.metavar, help=row.help)
        elif row.metavar:
            group.add_argument(row.flag, dest=row.param, action=Store, metavar=row.metavar, help=row.help)
        else:
            group.add_argument(row.flag, dest=row.param, action=StoreTrue, default=False, help=row.help)


def read_ports_file(value: str) -> Any:
    """The rules of a ports file, each checked as a ``PortInfo`` (the ``--ports`` row's ``read``).

    Raises:
        Refusal: The file cannot be read (``flags``) or breaks a rule of ``PortInfo`` (``request``).
    """
    from .. import RequestValidationError, parse_port_infos

    try:
        return parse_port_infos(_read_ports(value))
    except RequestValidationError as exc:
        rules_broken = [_ports_problem(i.path, i.rule, i.message) for i in exc.issues]
        rules_broken += [not_listed(exc.omitted, len(exc.issues), "--ports")] if exc.omitted else []
        raise Refusal(rules_broken, "request") from None


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
    return Problem(message, rule, "--ports", path)


def cut_over_kwargs(args: argparse.Namespace) -> dict[str, Any]:
    """The steps' options the command line gives, as keyword arguments of ``LightsailRestoreClient.plan``/``restore``.

    The library checks them (``CutOver.of``); the command reads a value only as its row says (the ports file).

    Raises:
        Refusal: The ports file cannot be read (``flags``) or breaks a rule of ``PortInfo`` (``request``).
    """
    kwargs = {}
    for row in STEP_FLAGS:
        value = getattr(args, row.param, None)
        kwargs[row.param] = value if row.metavar else bool(value)
        if row.read is not None and value is not None:
            kwargs[row.param] = row.read(value)
    return kwargs


def put_back_for(outcome: RestoreOutcome, doc: dict[str, Any], context: Context) -> None:
    """A step that gives the command putting a static IP back gives this backend's (the library's gives the AWS CLI's).

    The sentence is the step's own (``StepOutcome.put_back``), said with the command ``put_back_command`` writes.
    """
    from ._hints import put_back_command

    for step, shown in zip(outcome.steps, doc.get("steps") or [], strict=True):
        if step.put_back is not None:
            back = step.put_back
            shown["detail"] = back.detail(put_back_command(context, back.static_ip, back.instance))


def step_lines(outcome: dict[str, Any]) -> list[str]:
    """The cut-over's steps of a restore's document, one line each (``ports: done: web-2: web-1's rules put``)."""
    return [
        f"{step['name']}: {step['status']}: {step['detail']}"
        for step in outcome.get("steps") or []
        if step["name"] in cut_over_steps()
    ]


def step_problems(outcome: RestoreOutcome, doc: dict[str, Any]) -> list[str]:
    """A failed cut-over step on stderr: what failed, AWS's error, and that the same command finishes the job.

    A step whose detail ends by asking for a rerun of the same restore says what it did before that
    (``StepOutcome.left``), and the command says the rerun in its words; any other detail is said as the document
    has it.
    """
    running = ", ".join(i["name"] for i in doc.get("instances") or [] if i["status"] == "succeeded") or "none"
    lines = []
    for step, shown in zip(outcome.steps, doc.get("steps") or [], strict=True):
        if step.name in cut_over_steps() and step.status == "failed":
            error = shown.get("error") or {}
            cause = f" ({error.get('errorCode') or error.get('type')}: {error.get('message')})" if error else ""
            detail = shown["detail"] if step.left is None else step.left
            lines.append(
                f"lightsail-restore: the {step.name} step failed{cause}: {detail}; still running: {running}; "
                "run the same command again to finish: it does only what is left"
            )
    return lines
