"""The request flags: one row per AWS member, with the AWS CLI's option name, value syntax and help text.

The help text is the request model's own field documentation, so ``--help`` and ``docs/validation.md`` say the
same thing. A later request (firewall, static IP, cross-Region copy) adds its own table of ``RequestFlag`` rows
and gets flags, help, refusal messages in flag names and ``--cli-input-json`` from the same code.
"""

from __future__ import annotations

import argparse
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import BaseModel

from .values import map_value, names_value, string_value, structs_value

__all__ = [
    "CREATE_FLAGS",
    "CROSS_FLAGS",
    "CROSS_WORDS",
    "RequestFlag",
    "add_request_flags",
    "flag_of_path",
    "in_flag_words",
    "in_plain_words",
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


_PYTHON_WORDS = (
    (re.compile(r"^'str' instances are not allowed as a Sequence value$"
                r"|^must be (an instance of Sequence|a valid list)$"),
     "must be a list ([...] in JSON; one or more values after a flag)"),
    (re.compile(r"^must be a valid dictionary( or instance of \w+)?$"),
     "must be an object ({...} in JSON, or key=value shorthand)"),
    (re.compile(r"^must be a valid string$"), "must be text (a JSON string)"),
    (re.compile(r"^must be a valid string, unable to parse raw data as a unicode string$"), "must be UTF-8 text"),
    (re.compile(r"^must be a valid boolean$"), "must be true or false"),
)  # fmt: skip


def in_plain_words(message: str) -> str:
    """A type message that speaks Python (``'str' instances are not allowed as a Sequence value``) said plainly."""
    for pattern, plain in _PYTHON_WORDS:
        if pattern.match(message):
            return plain
    return message


CROSS_FLAGS = {"targetSnapshotName": "--copy-name", "sourceRegion": "--source-region"}
"""The AWS members of a cross-Region restore's copy (CopySnapshot's), by the flag that gives them."""
CROSS_WORDS = {
    "copy_needs_source_region": (
        "names the copy of a cross-Region restore: give --source-region too",
        "copy_needs_source_region",
        "--copy-name",
    ),
    "cross_region_plans": (
        "a cross-Region restore always plans: the plan finds the copy an earlier run made; drop --no-check",
        "cross_region_plans",
        "--no-check",
    ),
}
"""The command's words and flag for the core's rules about flags that do not go together (``check_cross_region``)."""
