"""The request flags: one row per AWS member, with the AWS CLI's option name, value syntax and help text.

The help text is the request model's own field documentation, so ``--help`` and ``docs/validation.md`` say the
same thing. A later request (firewall, static IP, cross-Region copy) adds its own table of ``RequestFlag`` rows
and gets flags, help, refusal messages in flag names and ``--cli-input-json`` from the same code.
"""

from __future__ import annotations

import argparse
import re
import shlex
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import BaseModel

from ._errors import Problem
from ._values import map_value, names_value, string_value, structs_value

__all__ = [
    "CREATE_FLAGS",
    "PARAM_FLAGS",
    "STEP_FLAGS",
    "RequestFlag",
    "StepFlag",
    "add_request_flags",
    "flag_of",
    "flag_of_path",
    "in_flag_words",
    "problem_of",
    "say_in_flags",
]

Kind = Literal["string", "names", "bool", "map", "structs", "secret"]


def kebab(member: str) -> str:
    """``instanceNames`` -> ``instance-names``."""
    return re.sub(r"(?<=[a-z0-9])([A-Z])", r"-\1", member).lower()


@dataclass(frozen=True, slots=True)
class RequestFlag:
    """One request member on the command line.

    Attributes:
        member: The AWS member (``instanceNames``).
        kind: How its words are read: ``string`` (one word, ``file://`` allowed), ``names`` (one or more,
            commas too), ``bool`` (``--x`` / ``--no-x``), ``map`` (JSON or shorthand object), ``structs``
            (one or more JSON or shorthand objects), ``secret`` (user data: text or a file, never shown).
        metavar: The value's placeholder in the usage.
        syntax: What the value looks like, added to the model's documentation in ``--help``.
    """

    member: str
    kind: Kind
    metavar: str = ""
    syntax: str = ""

    @property
    def flag(self) -> str:
        """The option name, as the AWS CLI spells it (``--instance-names``)."""
        return "--" + kebab(self.member)

    @property
    def dest(self) -> str:
        """The argparse destination (``instance_names``)."""
        return kebab(self.member).replace("-", "_")

    def help(self, model: type[BaseModel]) -> str:
        """The model's documentation of the member, then the value syntax (``%`` escaped for argparse)."""
        doc = ""
        for name, info in model.model_fields.items():
            if (info.alias or name) == self.member and info.description:
                doc = info.description
        doc = re.sub(r"^AWS ``\w+``: ", "", doc).replace("``", "")
        text = " ".join(part for part in (doc, self.syntax) if part)
        return text.replace("%", "%%")


CREATE_FLAGS: tuple[RequestFlag, ...] = (
    RequestFlag("instanceNames", "names", "NAME", "One or more words, or NAME,NAME."),
    RequestFlag("availabilityZone", "string", "ZONE"),
    RequestFlag("bundleId", "string", "ID"),
    RequestFlag("instanceSnapshotName", "string", "NAME"),
    RequestFlag("sourceInstanceName", "string", "NAME"),
    RequestFlag("restoreDate", "string", "YYYY-MM-DD"),
    RequestFlag("useLatestRestorableAutoSnapshot", "bool"),
    RequestFlag(
        "attachedDiskMapping",
        "map",
        "MAPPING",
        "JSON, or shorthand SOURCE=[{originalDiskPath=PATH,newDiskName=NAME},...].",
    ),
    RequestFlag(
        "userData",
        "secret",
        "TEXT|file://PATH",
        "Text, file://PATH or fileb://PATH; never printed or logged (shown as its size and SHA-256).",
    ),
    RequestFlag("keyPairName", "string", "NAME"),
    RequestFlag("tags", "structs", "TAG", "One or more: key=KEY,value=VALUE shorthand, or JSON."),
    RequestFlag(
        "addOns",
        "structs",
        "ADD_ON",
        "One or more: addOnType=AutoSnapshot,autoSnapshotAddOnRequest={snapshotTimeOfDay=HH:00}, or JSON.",
    ),
    RequestFlag("ipAddressType", "string", "TYPE"),
)
"""The flags of CreateInstancesFromSnapshot, in the AWS CLI's order of its reference page."""


def _type(flag: RequestFlag) -> Callable[[str], Any]:
    types: dict[str, Callable[[str], Any]] = {
        "string": string_value,
        "names": names_value,
        "structs": structs_value,
        "map": map_value(list_members=True),
    }
    return types.get(flag.kind, str)


def add_request_flags(
    group: argparse._ArgumentGroup,
    flags: Iterable[RequestFlag],
    model: type[BaseModel],
    actions: Mapping[str, type[argparse.Action]],
) -> None:
    """Add one option per request flag to ``group``.

    Args:
        group: Where the options go.
        flags: The request's flags.
        model: The request model whose field docs are the help texts.
        actions: The action classes to use, by kind: ``store``, ``extend`` and ``toggle``.
    """
    flags = tuple(flags)
    members = {f.member: f.flag for f in flags}
    for flag in flags:
        help_text = in_flag_words(flag.help(model), members)
        if flag.kind == "bool":
            group.add_argument(flag.flag, dest=flag.dest, action=actions["toggle"], default=None, help=help_text)
        elif flag.kind in ("names", "structs"):
            group.add_argument(
                flag.flag,
                dest=flag.dest,
                nargs="+",
                type=_type(flag),
                action=actions["store"],
                metavar=flag.metavar,
                help=help_text,
            )
        else:
            group.add_argument(
                flag.flag,
                dest=flag.dest,
                type=_type(flag),
                action=actions["store"],
                metavar=flag.metavar,
                help=help_text,
            )


def flag_of_path(path: str, flags: Iterable[RequestFlag]) -> RequestFlag | None:
    """The flag that sets the top member of an AWS path (``tags[0].key`` -> ``--tags``)."""
    member = re.split(r"[.\[]", path, maxsplit=1)[0]
    return next((f for f in flags if f.member == member), None)


def in_flag_words(message: str, members: Mapping[str, str]) -> str:
    """``message`` with each AWS member name that has a flag replaced by the flag (``bundleId`` -> ``--bundle-id``).

    Messages are this library's own sentences (they never hold input values), so replacing whole words is safe.
    """
    if not members:
        return message
    pattern = re.compile(r"(?<![\w-])(" + "|".join(map(re.escape, sorted(members, key=len, reverse=True))) + r")\b")
    return pattern.sub(lambda m: members[m.group(1)], message)


@dataclass(frozen=True, slots=True)
class StepFlag:
    """One option of a restore step on the command line of ``plan`` and ``restore``: one row of ``STEP_FLAGS``.

    Attributes:
        param: The façade's keyword it gives (``copy_ports``), also its argparse destination.
        flag: The flag (``--copy-ports``).
        help: Its ``--help`` text.
        metavar: The value's placeholder (``FILE``); empty for a switch (``True`` when given).
        repeat: Whether it may be given more than once (a list: ``--health-check``).
        members: The AWS members (or the library's paths) the core's issues about the option name (``portInfos``).
        read: How the command reads the value before the façade checks it (the ports file), if at all.
    """

    param: str
    flag: str
    help: str
    metavar: str = ""
    repeat: bool = False
    members: tuple[str, ...] = ()
    read: Callable[[str], Any] | None = None

    @property
    def words(self) -> str:
        """The flag as a sentence says it (``--ports FILE``)."""
        return f"{self.flag} {self.metavar}" if self.metavar else self.flag


def _ports_file(value: str) -> Any:
    from ._cutover import read_ports_file

    return read_ports_file(value)


STEP_FLAGS: tuple[StepFlag, ...] = (
    StepFlag(
        "copy_ports",
        "--copy-ports",
        "put the source instance's current firewall rules on each new instance (PutInstancePublicPorts replaces the "
        "whole set); the plan reads and checks them, and refuses when the source instance is gone",
    ),
    StepFlag(
        "ports",
        "--ports",
        "put these firewall rules on each new instance instead: a JSON or YAML file (by its suffix) of portInfos, a "
        'list or {"portInfos": [...]}, as put-instance-public-ports takes them; file://FILE too',
        metavar="FILE",
        members=("portInfos",),
        read=_ports_file,
    ),
    StepFlag(
        "static_ip",
        "--static-ip",
        "then attach this static IP (of the Region) to the new instance: a request of one instance",
        metavar="NAME",
        members=("staticIpName",),
    ),
    StepFlag(
        "move_static_ip",
        "--move-static-ip",
        "allow taking the --static-ip from the instance that holds it (the plan says which one loses it); it moves "
        "only once the new instance passes Lightsail's status checks",
    ),
    StepFlag(
        "health_checks",
        "--health-check",
        "before the static IP moves, each new instance must pass this check, probed from this machine and tried "
        "until --timeout: tcp:PORT, http:PORT/PATH, https:PORT/PATH (answers 200) or ssh[:PORT] (an SSH-2.0 banner); "
        "repeatable; if one does not pass, nothing moves from the old instance (exit 1)",
        metavar="CHECK",
        repeat=True,
        members=("healthChecks",),
    ),
    StepFlag(
        "copy_alarms",
        "--copy-alarms",
        "once each new instance passes the readiness gate, before the static IP moves, put the source instance's "
        "metric alarms on it (put-alarm, named web-2-cpu for web-1-cpu); the plan lists them, and says which will "
        "not notify in another Region",
    ),
    StepFlag(
        "join_load_balancers",
        "--join-load-balancers",
        "once each new instance passes the readiness gate, before the static IP moves, attach it to every load "
        "balancer the source instance is attached to (attach-instances-to-load-balancer; the source stays "
        "attached); the plan lists them",
        members=("loadBalancerName",),
    ),
)
"""The restore steps' options on the command line, in the order of ``--help``: a new step's option is one row
(its flag, the façade keyword it gives, and the parameters the core's issues about it name)."""

PARAM_FLAGS: dict[str, str] = {
    **{row.member: row.flag for row in CREATE_FLAGS},
    # the cross-Region restore (CopySnapshot's members and the library's options)
    "source_region": "--source-region",
    "sourceRegion": "--source-region",
    "copy_name": "--copy-name",
    # the create's other zones (issue 24) and the restore point that chooses the source (issue 23)
    "fallback_zones": "--fallback-zones",
    "restore_point": "--restore-point",
    # deleting the source once the new instance serves (issue 22)
    "retire_source": "--retire-source",
    "replace_source": "--replace-source",
    "no_final_snapshot": "--no-final-snapshot",
    # what the plan adds to the request (issue 24)
    "like_source": "--like-source",
    "attached_disks=False": "--no-attached-disks",
    "targetSnapshotName": "--copy-name",
    # the restore's switches, by the value a flag gives them
    "wait=False": "--no-wait",
    "check=False": "--no-check",
    "provenance=False": "--no-mark",
    # restore points (issue 23): ``choose_restore_point``'s and ``keep``'s parameters, and ``keep`` itself
    "restore_date": "--restore-date",
    "source_instance_name": "--source-instance-name",
    "sourceResourceName": "--source-instance-name",
    "target_snapshot_name": "--target-snapshot-name",
    "client.keep": "keep",
    # the steps' options, from their rows
    **{row.param: row.words for row in STEP_FLAGS},
    **{member: row.words for row in STEP_FLAGS for member in row.members},
}
"""THE table from the core's parameters to the command's flags: each library option (``copy_ports``), option with
the value a flag gives it (``wait=False``) and AWS member (``staticIpName``) that an issue or a finding names
(``Issue.params``, ``Finding.params``, or the top member of its ``path``), as the flag is said in a sentence
(``--ports FILE``). A step's option comes from its row of ``STEP_FLAGS``; another parameter adds its row here. A
library method a message tells to call (``client.keep``) maps to the command that does it (``keep``). A test checks
that every parameter the core names has one."""


def flag_of(param: str, named: Mapping[str, str] | None = None) -> str | None:
    """The flag of a parameter or of the top member of an AWS path (``tags[0].key`` -> ``--tags``).

    ``named`` says how this command line gave a request member, when not by its flag (``--cli-input-json``).
    """
    top = re.split(r"[.\[]", param, maxsplit=1)[0]
    words = (named or {}).get(top) or PARAM_FLAGS.get(top)
    return words.split()[0] if words else None


def say_in_flags(message: str, params: Iterable[str]) -> str:
    """The core's ``message`` with each parameter it names (``params``, the finding's own list) said as its flag.

    Only the words the core lists as parameters are replaced, whole words, by their row of ``PARAM_FLAGS``: a
    library method's call (``client.keep(source_instance_name='web-1', restore_date='2026-03-03')``) by its command
    (``lightsail-restore keep --source-instance-name web-1 --restore-date 2026-03-03``), an option given a value
    (``static_ip='web-ip'``) by its flag and the value (``--static-ip web-ip``), another by its row.
    """
    for param in sorted(params, key=lambda p: not p.startswith(_METHOD)):  # a call first: it holds its keywords
        message = _say(message, param)
    return message


def _say(message: str, param: str) -> str:
    words = PARAM_FLAGS[param]
    name = rf"(?<![\w-]){re.escape(param)}"
    if param.startswith(_METHOD):
        return re.sub(rf"{name}\(([^)]*)\)", lambda m: _command(words, m[1]), message)
    if "=" not in param:
        flag = words.split()[0]
        message = re.sub(rf"{name}={_VALUE}", lambda m: f"{flag} {m[1] or m[2]}", message)
    return re.sub(rf"{name}(?![\w-])", words, message)


_METHOD = "client."
"""How a message names a method of the library's client, which a row of ``PARAM_FLAGS`` maps to its command."""
_VALUE = r"(?:'([^']*)'|([^\s,;:)']+))"
"""The value given a parameter in a message: quoted as Python does (``'web-ip'``), or a bare word."""


def _command(command: str, arguments: str) -> str:
    """``lightsail-restore keep --source-instance-name web-1``: the command, each keyword argument as its flag."""
    from ._hints import program

    words = [command]
    for argument in filter(None, (a.strip() for a in arguments.split(","))):
        param, _, value = argument.partition("=")
        words += [PARAM_FLAGS[param].split()[0], value.strip("'")]
    return f"{program()} {shlex.join(words)}"


def problem_of(issue: Any, named: Mapping[str, str] | None = None) -> Problem:
    """An ``Issue`` or a ``Finding`` of the core as the command's ``Problem``: named by its flag, said in flags."""
    about = issue.params[0] if issue.params else issue.path
    return Problem(say_in_flags(issue.message, issue.params), issue.rule, flag_of(about, named), issue.path)
