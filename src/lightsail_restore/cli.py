"""The ``lightsail-restore`` command: plan, restore and watch from a shell, against AWS or the local backend.

Exit codes: 0 done; 2 refused before sending (bad flags, broken rules, plan errors, missing AWS configuration),
every problem on stderr by AWS name and rule; 1 AWS refused, or an instance failed or timed out, with AWS's
message, tip and request id; 130 interrupted. ``userData`` is never printed or logged, in any mode. See
``docs/cli.md``.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TextIO

from botocore.exceptions import BotoCoreError, NoCredentialsError, NoRegionError, PartialCredentialsError
from botocore.exceptions import ProfileNotFound as BotocoreProfileNotFound

from . import __version__
from ._cli_local import LOCAL_REGION, default_local_state, local_backend, local_summary
from ._cli_output import Printer, plan_to_dict
from ._cli_redact import Redactor, debug_logging
from ._cli_request import UsageError, json_flag, request_from_args, tag_flag
from .client import LightsailRestoreClient
from .errors import LightsailError, LightsailRestoreError, RequestValidationError
from .request import CreateInstancesFromSnapshotRequest
from .restore import DEFAULT_INSTANCE_QUOTA, PlanRefusedError, RestoreFailedError

__all__ = ["EXIT_FAILED", "EXIT_OK", "EXIT_REFUSED", "build_parser", "default_local_state", "main", "plan_to_dict"]

EXIT_OK, EXIT_FAILED, EXIT_REFUSED, EXIT_INTERRUPTED = 0, 1, 2, 130
LOCAL_DELAYS = (0.25, 1.0)
"""First and longest pause between polling rounds against the local backend (AWS: 2 s and 20 s)."""
_CONFIG_ERRORS = (NoCredentialsError, PartialCredentialsError, NoRegionError, BotocoreProfileNotFound)


# -- the parser ---------------------------------------------------------------------------------------------------
def _positive(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not value > 0:
        raise argparse.ArgumentTypeError(f"must be positive, not {text}")
    return value


def _positive_int(text: str) -> int:
    if not text.isdigit() or int(text) == 0:
        raise argparse.ArgumentTypeError(f"must be a positive whole number, not {text!r}")
    return int(text)


def _common(parser: argparse.ArgumentParser) -> None:
    """Options accepted before and after the subcommand (after wins)."""
    add, hide = parser.add_argument, argparse.SUPPRESS
    add("--region", default=hide, help="the AWS Region (default: the profile's; us-east-2 with --local)")
    add("--profile", default=hide, help="the AWS profile to use (boto3's usual credential chain otherwise)")
    add("--local", action="store_true", default=hide, help="use the embedded local Lightsail, not AWS")
    add("--local-state", type=Path, default=hide, metavar="PATH", help=f"the local state file ({_STATE_HELP})")
    add("--output", choices=("table", "json"), default=hide, help="table (default) or json")
    add("--debug", action="store_true", default=hide, help="log every request sent and answer received (stderr)")


_STATE_HELP = "default: $LIGHTSAIL_RESTORE_LOCAL_STATE or $XDG_STATE_HOME/lightsail-restore/local.json"


def _request_flags(parser: argparse.ArgumentParser) -> None:
    """The request's members, with the AWS CLI's option names, and ``--request FILE``."""
    add = parser.add_argument
    add("--request", metavar="FILE", help="a whole request, JSON or YAML, boto3 / --cli-input-json shape; - is stdin")
    add("--instance-names", nargs="+", metavar="NAME")
    add("--availability-zone", metavar="ZONE")
    add("--bundle-id", metavar="ID")
    add("--instance-snapshot-name", metavar="NAME")
    add("--source-instance-name", metavar="NAME")
    add("--restore-date", metavar="YYYY-MM-DD")
    add("--use-latest-restorable-auto-snapshot", action=argparse.BooleanOptionalAction, default=None)
    add("--attached-disk-mapping", type=json_flag("--attached-disk-mapping"), metavar="JSON")
    add("--user-data", metavar="TEXT|file://PATH", help="a launch script (never printed or logged)")
    add("--key-pair-name", metavar="NAME")
    add("--tags", nargs="+", type=tag_flag, metavar="TAG", help="JSON, or key=KEY,value=VALUE entries")
    add("--add-ons", type=json_flag("--add-ons"), metavar="JSON")
    add("--ip-address-type", metavar="dualstack|ipv4|ipv6")
    add(
        "--instance-quota", type=_positive_int, default=DEFAULT_INSTANCE_QUOTA, metavar="N", help="Instances quota (20)"
    )


def _wait_flags(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--timeout", type=_positive, default=900.0, metavar="SECONDS", help="(default 900)")


def _subcommands(sub: Any) -> None:
    plan = sub.add_parser("plan", allow_abbrev=False, help="check a request against the account; send nothing")
    restore = sub.add_parser(
        "restore", allow_abbrev=False, help="plan, create, and wait until the instances are running"
    )
    wait = sub.add_parser("wait", allow_abbrev=False, help="wait for instances an earlier call created")
    schema = sub.add_parser(
        "schema", allow_abbrev=False, help="print the JSON Schema of the request (AWS member names)"
    )
    local = sub.add_parser(
        "local", allow_abbrev=False, help="the embedded local backend's state: show it, or reset it to the demo"
    )
    for each in (plan, restore, wait, schema, local):
        _common(each)
    for each in (plan, restore):
        _request_flags(each)
    restore.add_argument("--wait", action=argparse.BooleanOptionalAction, default=True, help="(default: --wait)")
    restore.add_argument("--no-check", dest="check", action="store_false", help="skip the plan (no resuming)")
    wait.add_argument("--instance-names", nargs="+", default=[], metavar="NAME")
    wait.add_argument("--operation-ids", nargs="+", default=[], metavar="ID")
    for each in (restore, wait):
        _wait_flags(each)
    local.add_argument("action", choices=("show", "reset"))
    local.add_argument("--operation-seconds", type=_positive, metavar="SECONDS", help="reset: how long operations take")
    local.add_argument("--boot-seconds", type=_positive, metavar="SECONDS", help="reset: how long instances boot")


def build_parser() -> argparse.ArgumentParser:
    """The command's argument parser."""
    parser = argparse.ArgumentParser(
        prog="lightsail-restore",
        description="Create Lightsail instances from a snapshot: plan, restore, and watch them come up.",
        epilog="Exit codes: 0 done; 1 AWS refused, or an instance failed or timed out; 2 refused before sending.",
        allow_abbrev=False,
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    _common(parser)
    _subcommands(parser.add_subparsers(dest="command", required=True, metavar="COMMAND"))
    return parser


# -- the commands -------------------------------------------------------------------------------------------------
def _option(args: argparse.Namespace, name: str, default: Any = None) -> Any:
    return getattr(args, name, default)


def _region(args: argparse.Namespace) -> str | None:
    region = _option(args, "region")
    return region or (LOCAL_REGION if _option(args, "local") else None)


def _client(args: argparse.Namespace) -> LightsailRestoreClient:
    if _option(args, "local"):
        backend = local_backend(_option(args, "local_state"))
        return LightsailRestoreClient(backend.client(_region(args) or LOCAL_REGION))
    return LightsailRestoreClient.from_session(region_name=_region(args), profile_name=_option(args, "profile"))


def _delays(args: argparse.Namespace) -> tuple[float, float]:
    """The first and the longest pause between polling rounds."""
    return LOCAL_DELAYS if _option(args, "local") else (2.0, 20.0)


def _schema(args: argparse.Namespace, out: Printer) -> int:
    out.json(CreateInstancesFromSnapshotRequest.model_json_schema(by_alias=True))
    return EXIT_OK


def _local(args: argparse.Namespace, out: Printer) -> int:
    from .local import Timings

    path = _option(args, "local_state") or default_local_state()
    backend = local_backend(path, fresh=args.action == "reset")
    if args.action == "reset":
        backend.reset()
        timings = backend.timings
        backend.timings = Timings(
            operation_seconds=args.operation_seconds or timings.operation_seconds,
            boot_seconds=args.boot_seconds or timings.boot_seconds,
        )
    out.local_state(local_summary(backend, backend.client(_region(args) or LOCAL_REGION), path))
    return EXIT_OK


def _wait(args: argparse.Namespace, out: Printer) -> int:
    if not args.instance_names and not args.operation_ids:
        raise UsageError("wait needs --instance-names or --operation-ids")
    delay, max_delay = _delays(args)
    result = _client(args).wait(
        args.instance_names,
        operation_ids=args.operation_ids,
        timeout=args.timeout,
        progress=out.progress,
        delay=delay,
        max_delay=max_delay,
    )
    out.wait_result(result)
    return EXIT_OK if result.error is None and all(i.status == "succeeded" for i in result.instances) else EXIT_FAILED


def _plan(args: argparse.Namespace, out: Printer) -> int:
    request = request_from_args(args)
    out.redactor.remember(request.user_data.get_secret_value() if request.user_data else None)
    plan = _client(args).plan(request, instance_quota=args.instance_quota)
    out.plan(plan)
    return EXIT_OK if plan.ok else EXIT_REFUSED


def _restore(args: argparse.Namespace, out: Printer) -> int:
    request = request_from_args(args)
    out.redactor.remember(request.user_data.get_secret_value() if request.user_data else None)
    delay, max_delay = _delays(args)
    outcome = _client(args).restore(
        request,
        wait=args.wait,
        check=args.check,
        timeout=args.timeout,
        progress=out.progress,
        instance_quota=args.instance_quota,
        delay=delay,
        max_delay=max_delay,
    )
    out.outcome(outcome)
    return EXIT_OK if outcome.ok else EXIT_FAILED


_COMMANDS: dict[str, Callable[[argparse.Namespace, Printer], int]] = {
    "plan": _plan,
    "restore": _restore,
    "wait": _wait,
    "schema": _schema,
    "local": _local,
}


def _run(args: argparse.Namespace, out: Printer) -> int:
    """Run the command; every expected failure becomes an exit code and a message, never a traceback."""
    try:
        return _COMMANDS[args.command](args, out)
    except PlanRefusedError as exc:
        out.plan(exc.plan)
        return EXIT_REFUSED
    except RequestValidationError as exc:
        out.refused(exc.issues)
        return EXIT_REFUSED
    except UsageError as exc:
        out.error(f"lightsail-restore: error: {exc}")
        return EXIT_REFUSED
    except _CONFIG_ERRORS as exc:
        out.error(f"lightsail-restore: error: {exc} (nothing was sent; see --region and --profile, or use --local)")
        return EXIT_REFUSED
    except RestoreFailedError as exc:
        out.outcome(exc.outcome)
        return EXIT_FAILED
    except LightsailError as exc:
        out.aws_error(exc)
        return EXIT_FAILED
    except (LightsailRestoreError, BotoCoreError) as exc:
        out.error(f"lightsail-restore: {exc}")
        return EXIT_FAILED
    except KeyboardInterrupt:
        out.error("lightsail-restore: interrupted; run the same restore again to resume it, or `wait` for it")
        return EXIT_INTERRUPTED


def _parse(argv: Sequence[str] | None, stdout: TextIO, stderr: TextIO) -> argparse.Namespace | int:
    """The parsed flags, or the exit code argparse chose (2 for a bad flag, 0 for --help and --version)."""
    with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
        try:
            return build_parser().parse_args(argv)
        except SystemExit as exc:
            return exc.code if isinstance(exc.code, int) else EXIT_REFUSED


def main(argv: Sequence[str] | None = None, *, stdout: TextIO | None = None, stderr: TextIO | None = None) -> int:
    """Run ``lightsail-restore`` with ``argv`` (``sys.argv[1:]`` by default) and return its exit code.

    Never raises for a refusal, an AWS error or a failed instance: each is an exit code and a message on
    ``stderr``.
    """
    stdout, stderr = stdout or sys.stdout, stderr or sys.stderr
    args = _parse(argv, stdout, stderr)
    if isinstance(args, int):
        return args
    redactor = Redactor()
    out = Printer(stdout, stderr, json_output=_option(args, "output") == "json", redactor=redactor)
    debug = debug_logging(stderr, redactor) if _option(args, "debug") else contextlib.nullcontext()
    with debug:
        return _run(args, out)
