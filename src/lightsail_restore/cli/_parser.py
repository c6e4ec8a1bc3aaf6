"""The command line: global options, subcommands, request flags, and the AWS CLI's parsing habits.

* Any unambiguous prefix of a long option works (``--instance-name`` for ``--instance-names``), as in the
  AWS CLI; an ambiguous one is refused with the options it could mean.
* Global options go before or after the subcommand; a flag given twice (anywhere) is refused.
* A bad flag is reported with the usage of the subcommand it was given to, and a misspelt one with the
  closest option ("did you mean --bundle-id?").
"""

from __future__ import annotations

import argparse
import difflib
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NoReturn

from ._actions import (
    ACTIONS,
    Store,
    StoreFalse,
    StoreTrue,
    Toggle,
    endpoint_url,
    positive_int,
    positive_seconds,
    socket_seconds,
)
from ._bundles import add_fallback_flag
from ._cutover import add_cut_over_flags
from ._drill_flags import add_cleanup_flags, add_drill_flags
from ._errors import UsageError
from ._flags import CREATE_FLAGS, add_request_flags
from ._points import add_keep_options, add_point_option, add_points_options
from ._retire import add_retire_flags
from ._secret_words import HIDDEN, hidden_in, secret_words, shown_word
from ._values import names_value
from ._whole import add_whole_flags

__all__ = ["COMMANDS", "GLOBAL_AWS_OPTIONS", "build_parser", "parse_args"]

COMMANDS = ("plan", "restore", "wait", "schema", "local", "bundles", "points", "keep", "drill", "cleanup")
LOCAL_ACTIONS = ("show", "reset")
LOCAL_TIMINGS = {
    "--operation-seconds": "how long operations take",
    "--boot-seconds": "how long instances take to boot",
    "--copy-seconds": "how long a copy (CopySnapshot) stays pending",
    "--checks-seconds": "how long a running instance's status checks stay initializing (the readiness gate waits)",
}
"""The local backend's timings that ``local reset`` takes, and what each is."""
GLOBAL_AWS_OPTIONS = {
    "profile": "--profile",
    "endpoint_url": "--endpoint-url",
    "verify_ssl": "--no-verify-ssl",
    "ca_bundle": "--ca-bundle",
    "read_timeout": "--cli-read-timeout",
    "connect_timeout": "--cli-connect-timeout",
}
"""Options that only mean AWS (argparse destination -> option): refused with the local backend."""
_PAGER_OPTIONS = ("--no-cli-pager", "--no-paginate")
OUTPUTS = ("table", "json", "text", "yaml")
_STATE_HELP = "default: $LIGHTSAIL_RESTORE_LOCAL_STATE or $XDG_STATE_HOME/lightsail-restore/local.json"


class CommandParser(argparse.ArgumentParser):
    """An argument parser that raises ``UsageError`` (never exits on a bad flag) and remembers flags seen.

    Args:
        seen: Shared by a parser and its subcommands' parsers: each destination set so far, and the option
            that set it (so a flag given twice, before and after the subcommand too, is refused).
    """

    def __init__(self, *args: Any, seen: dict[str, str], hidden: set[str] | None = None, **kwargs: Any) -> None:
        kwargs.setdefault("allow_abbrev", True)
        super().__init__(*args, **kwargs)
        self.seen = seen
        self.hidden: set[str] = hidden if hidden is not None else set()
        """The words of the command line that may be user data (see ``secret_words``), shared with subcommands."""

    def _check_value(self, action: argparse.Action, value: Any) -> None:
        """A value that is not one of the choices, never shown back when it may be user data."""
        if action.choices is not None and value not in action.choices and value in self.hidden:
            choices = ", ".join(map(repr, action.choices))
            raise argparse.ArgumentError(action, f"invalid choice: {HIDDEN} (choose from {choices})")
        super()._check_value(action, value)

    def error(self, message: str) -> NoReturn:
        """Raise ``UsageError`` with this (sub)command's usage and, for a misspelling, a suggestion."""
        message = hidden_in(message, self.hidden)
        raise UsageError(
            _with_suggestion(message, self), usage=self.short_usage(), prog=self.prog, flag=_flag_in(message)
        )

    def short_usage(self) -> str:
        """A usage of a few lines, as the AWS CLI prints on a bad flag: the form, and where the help is."""
        top = self.prog.split()[0]
        helps = [f"  {top} --help"] + ([f"  {self.prog} --help"] if self.prog != top else [])
        form = f"{self.prog} [options]" if self.prog != top else f"{top} [options] COMMAND [options]"
        return "\n".join([f"usage: {form}", "To see help text, you can run:", "", *helps, ""])

    def long_options(self) -> list[str]:
        """Every long option of this parser."""
        return sorted(o for o in self._option_string_actions if o.startswith("--"))

    def subcommand(self, name: str) -> CommandParser | None:
        """The parser of subcommand ``name``."""
        for action in self._actions:
            if isinstance(action, argparse._SubParsersAction):
                found = action.choices.get(name)
                return found if isinstance(found, CommandParser) else None
        return None


def _flag_in(message: str) -> str | None:
    match = re.match(r"argument (--[\w-]+)", message)
    return match.group(1) if match else None


def _with_suggestion(message: str, parser: CommandParser) -> str:
    choice = re.search(r"invalid choice: '([^']*)' \(choose from ([^)]*)\)", message)
    if choice:
        known = re.findall(r"'([^']*)'", choice.group(2))
        guess = difflib.get_close_matches(choice.group(1), known, n=1)
        return f"{message}; did you mean {guess[0]!r}?" if guess else message
    return message


def _common(parser: argparse.ArgumentParser, *, aws: bool = True) -> None:
    """Options accepted before and after the subcommand.

    Args:
        parser: The command's parser, or a subcommand's.
        aws: List the options that only mean AWS in the help (``local`` takes none: they stay refused there).
    """
    group = parser.add_argument_group("options of every command (before or after the command name)")
    hide = argparse.SUPPRESS

    def add(*names: str, **kwargs: Any) -> None:
        if not aws and (names[0] in GLOBAL_AWS_OPTIONS.values() or names[0] in _PAGER_OPTIONS):
            kwargs["help"] = hide
        group.add_argument(*names, **kwargs)

    add(
        "--region",
        action=Store,
        default=hide,
        help="the Lightsail Region (default: AWS_REGION, AWS_DEFAULT_REGION, the profile's; local: us-east-2)",
    )
    add("--profile", action=Store, default=hide, help="the AWS profile (AWS only)")
    add("--local", action=StoreTrue, default=hide, help="use the embedded local Lightsail, not AWS")
    add(
        "--local-state",
        action=Store,
        type=Path,
        default=hide,
        metavar="PATH",
        help=f"the local state file; implies --local ({_STATE_HELP})",
    )
    add(
        "--output",
        action=Store,
        choices=OUTPUTS,
        default=hide,
        help="table (default), json, text or yaml (AWS: AWS_DEFAULT_OUTPUT, the profile's output)",
    )
    add("--query", action=Store, default=hide, metavar="JMESPATH", help="a JMESPath query on the JSON document")
    add(
        "--color",
        action=Store,
        choices=("on", "off", "auto"),
        default=hide,
        help="colors (auto: on a terminal, unless NO_COLOR is set)",
    )
    add("--debug", action=StoreTrue, default=hide, help="log every request and answer on stderr (userData removed)")
    add(
        "--endpoint-url",
        action=Store,
        type=endpoint_url,
        default=hide,
        metavar="URL",
        help="send to this URL instead of AWS's (AWS only)",
    )
    add(
        "--no-verify-ssl",
        dest="verify_ssl",
        action=StoreFalse,
        default=hide,
        help="do not verify TLS certificates (AWS only)",
    )
    add("--ca-bundle", action=Store, default=hide, metavar="PATH", help="the CA bundle to verify TLS with (AWS only)")
    add(
        "--cli-read-timeout",
        dest="read_timeout",
        action=Store,
        type=socket_seconds,
        default=hide,
        metavar="SECONDS",
        help="socket read timeout, 0 for none (AWS only; default 60)",
    )
    add(
        "--cli-connect-timeout",
        dest="connect_timeout",
        action=Store,
        type=socket_seconds,
        default=hide,
        metavar="SECONDS",
        help="socket connect timeout, 0 for none (AWS only; default 60)",
    )
    add(
        "--no-cli-pager",
        dest="no_cli_pager",
        action=StoreTrue,
        default=hide,
        help="accepted for AWS CLI lines; this command never pages",
    )
    add(
        "--no-paginate",
        dest="no_paginate",
        action=StoreTrue,
        default=hide,
        help="accepted for AWS CLI lines; look-ups always read every page",
    )


def _request_options(parser: CommandParser) -> None:
    from ..request import CreateInstancesFromSnapshotRequest

    whole = parser.add_argument_group("the whole request (flags override its members)")
    whole.add_argument(
        "--cli-input-json",
        action=Store,
        metavar="JSON|file://PATH",
        help="the request as JSON (AWS member names), e.g. from --generate-cli-skeleton",
    )
    whole.add_argument(
        "--cli-input-yaml", action=Store, metavar="YAML|file://PATH", help="the request as YAML (needs the yaml extra)"
    )
    whole.add_argument(
        "--request", action=Store, metavar="FILE", help="a request file, JSON or YAML by its suffix; - reads stdin"
    )
    whole.add_argument(
        "--generate-cli-skeleton",
        action=Store,
        nargs="?",
        const="input",
        choices=("input", "yaml-input", "output"),
        metavar="input|yaml-input",
        help="print a request to fill in for --cli-input-json (or --cli-input-yaml) and stop",
    )
    flags = parser.add_argument_group("request flags (aws lightsail create-instances-from-snapshot)")
    add_request_flags(flags, CREATE_FLAGS, CreateInstancesFromSnapshotRequest, ACTIONS)
    parser.add_argument(
        "--instance-quota",
        action=Store,
        type=positive_int,
        default=20,
        metavar="N",
        help="the account's Instances quota per Region, for the plan (default 20, Lightsail's default)",
    )
    cross = parser.add_argument_group("restore into another Region (the snapshot is copied to --region first)")
    cross.add_argument(
        "--source-region",
        action=Store,
        default=None,
        metavar="REGION",
        help="the Region holding the source (the snapshot, or the instance of --source-instance-name): it is copied "
        "into --region (CopySnapshot), waited for until available, and the copy restored; a rerun uses the copy",
    )
    cross.add_argument(
        "--copy-name",
        action=Store,
        default=None,
        metavar="NAME",
        help="the copy's name in --region (default: <source>[-<date>]-from-<source region>, the same every run)",
    )


def _wait_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--timeout",
        action=Store,
        type=positive_seconds,
        default=900.0,
        metavar="SECONDS",
        help="how long to wait at most (default 900)",
    )


def build_parser() -> CommandParser:
    """The command's argument parser (a new one per run: it remembers the flags it has seen)."""
    from .. import __version__

    seen: dict[str, str] = {}
    hidden: set[str] = set()
    parser = CommandParser(
        prog="lightsail-restore",
        description="Create Lightsail instances from a snapshot: plan, restore, and watch them come up.",
        epilog="Exit codes: 0 done; 1 the service refused, or an instance failed or timed out; 2 refused before "
        "sending; 130 interrupted (Ctrl-C); 143 terminated. See docs/cli.md.",
        seen=seen,
        hidden=hidden,
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    _common(parser)
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND", parser_class=CommandParser)
    helps = {
        "plan": "check a request against the account; send nothing",
        "restore": "plan, create, and wait until the instances are running",
        "wait": "wait for instances an earlier call created",
        "schema": "print the JSON Schema of the request (AWS member names)",
        "local": "the embedded local backend's state: show it, or reset it to the demo account",
        "bundles": "the bundles a restore of the source can use, with monthly prices; send nothing",
        "points": "list the restore points (manual and automatic snapshots) of an instance, newest first",
        "keep": "turn an automatic snapshot into a manual one that stays (CopySnapshot), and wait until available",
        "drill": "a restore drill: restore under a throwaway name, check, time it, tear it all down, report",
        "cleanup": "delete what one earlier drill or restore made (chosen by its mark), after listing it",
    }
    parsers = {
        name: sub.add_parser(name, help=text, description=text, seen=seen, hidden=hidden)
        for name, text in helps.items()
    }
    for name, each in parsers.items():
        _common(each, aws=name != "local")
    _request_options(parsers["bundles"])
    for name in ("plan", "restore"):
        _request_options(parsers[name])
        add_cut_over_flags(parsers[name])
        add_fallback_flag(parsers[name])
        add_retire_flags(parsers[name], restore=name == "restore")
        parsers[name].add_argument(
            "--no-mark",
            dest="mark",
            action=StoreFalse,
            default=True,
            help="send no lightsail-restore:* tags (the restore's mark); without them a rerun cannot resume",
        )
    for name in ("plan", "restore"):
        add_point_option(parsers[name])
        add_whole_flags(parsers[name])
    add_points_options(parsers["points"])
    add_keep_options(parsers["keep"])
    restore = parsers["restore"]
    restore.add_argument("--wait", action=Toggle, default=True, help="wait until running (default), or not")
    restore.add_argument(
        "--no-check", dest="check", action=StoreFalse, default=True, help="skip the plan (and resuming)"
    )
    for flag, metavar, what in (
        ("--instance-names", "NAME", "the instances to wait for"),
        ("--operation-ids", "ID", "the operations to wait for (restore --no-wait prints them)"),
    ):
        parsers["wait"].add_argument(
            flag, action=Store, nargs="+", type=names_value, default=[], metavar=metavar, help=what
        )
    _request_options(parsers["drill"])
    add_cut_over_flags(parsers["drill"])
    add_drill_flags(parsers["drill"])
    add_cleanup_flags(parsers["cleanup"])
    for name in ("restore", "wait", "keep", "drill", "cleanup"):
        _wait_option(parsers[name])
    local = parsers["local"]
    local.add_argument(
        "action",
        choices=LOCAL_ACTIONS,
        metavar="ACTION",
        help="show the local account, or reset it to the demo account",
    )
    for flag, what in LOCAL_TIMINGS.items():
        local.add_argument(flag, action=Store, type=positive_seconds, metavar="SECONDS", help=f"reset: {what}")
    return parser


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    """Parse the command line.

    Raises:
        UsageError: A bad, unknown, ambiguous or repeated flag (with the right usage and a suggestion).
        SystemExit: ``--help`` or ``--version`` (after printing on stdout).
    """
    parser = build_parser()
    parser.hidden.update(secret_words(argv))
    args, extras = parser.parse_known_args(list(argv))
    if extras:
        target = parser.subcommand(getattr(args, "command", "")) or parser
        unknown = next((word for word in extras if word.startswith("-")), None)
        message = f"unrecognized arguments: {' '.join(shown_word(word, parser.hidden) for word in extras)}"
        flag = None
        if unknown is not None:
            name = unknown.split("=", 1)[0]
            guess = difflib.get_close_matches(name, target.long_options(), n=1, cutoff=0.6)
            if guess:
                message += f"; did you mean {guess[0]}?"
            flag = name
        raise UsageError(message, usage=target.short_usage(), prog=target.prog, flag=flag)
    return args
