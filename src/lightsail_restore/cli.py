"""The ``lightsail-restore`` command: plan, restore and watch from a shell, against AWS or the local backend.

Exit codes: 0 done; 2 refused before sending (bad flags, broken rules, plan errors), every problem on stderr by
AWS name and rule; 1 AWS refused, or an instance failed or timed out, with AWS's message, tip and request id.
``userData`` is never printed, in any mode.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from . import __version__
from ._cli_output import Printer, plan_to_dict, redacting_filter
from .client import LightsailRestoreClient
from .errors import LightsailError, LightsailRestoreError, RequestValidationError, ResponseShapeError, TransportError
from .preflight import PlanRefusedError
from .request import CreateInstancesFromSnapshotRequest, parse_request
from .restore import RestoreFailedError

if TYPE_CHECKING:
    from .local import LocalLightsail

__all__ = ["build_parser", "default_local_state", "main", "plan_to_dict", "request_from_args"]

EXIT_OK, EXIT_FAILED, EXIT_REFUSED = 0, 1, 2
LOCAL_REGION = "us-east-2"


class UsageError(Exception):
    """A flag or file the command cannot use (exit 2)."""


def default_local_state() -> Path:
    """Where ``--local`` keeps its state: ``$LIGHTSAIL_RESTORE_LOCAL_STATE``, else under ``$XDG_STATE_HOME``."""
    explicit = os.environ.get("LIGHTSAIL_RESTORE_LOCAL_STATE")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
    return Path(base) / "lightsail-restore" / "local.json"


def _json_flag(flag: str) -> Callable[[str], Any]:
    def parse(text: str) -> Any:
        try:
            return json.loads(text)
        except json.JSONDecodeError as exc:
            raise argparse.ArgumentTypeError(f"{flag} takes JSON ({exc.msg} at position {exc.pos})") from None

    return parse


def _tag(text: str) -> Any:
    """A tag in JSON, or the AWS CLI shorthand ``key=k,value=v``."""
    if text.lstrip().startswith(("{", "[")):
        return _json_flag("--tags")(text)
    tag: dict[str, str] = {}
    for part in text.split(","):
        name, sep, value = part.partition("=")
        if not sep or name.strip() not in ("key", "value"):
            raise argparse.ArgumentTypeError("--tags takes JSON or key=KEY,value=VALUE entries")
        tag[name.strip()] = value
    return tag


def _common(parser: argparse.ArgumentParser) -> None:
    add = parser.add_argument
    add("--region", default=argparse.SUPPRESS, help="the AWS Region (default: the profile's; us-east-2 with --local)")
    add("--profile", default=argparse.SUPPRESS, help="the AWS profile to use")
    add("--local", action="store_true", default=argparse.SUPPRESS, help="use the embedded local Lightsail")
    add("--local-state", type=Path, default=argparse.SUPPRESS, help="the local backend's state file")
    add("--output", choices=("table", "json"), default=argparse.SUPPRESS, help="output format (default: table)")
    add("--debug", action="store_true", default=argparse.SUPPRESS, help="log every request sent and answer received")


def _request_flags(parser: argparse.ArgumentParser) -> None:
    add = parser.add_argument
    add("--request", type=Path, help="a whole request in JSON or YAML (the boto3 / --cli-input-json shape)")
    add("--instance-names", nargs="+", metavar="NAME")
    add("--availability-zone")
    add("--bundle-id")
    add("--instance-snapshot-name")
    add("--source-instance-name")
    add("--restore-date", metavar="YYYY-MM-DD")
    add("--use-latest-restorable-auto-snapshot", action=argparse.BooleanOptionalAction, default=None)
    add("--attached-disk-mapping", type=_json_flag("--attached-disk-mapping"), metavar="JSON")
    add("--user-data", metavar="TEXT|file://PATH", help="a launch script (never printed)")
    add("--key-pair-name")
    add("--tags", nargs="+", type=_tag, metavar="TAG", help="JSON, or key=KEY,value=VALUE entries")
    add("--add-ons", type=_json_flag("--add-ons"), metavar="JSON")
    add("--ip-address-type", metavar="dualstack|ipv4|ipv6")
    add("--instance-quota", type=int, default=20, help="the account's Instances quota per Region (default 20)")


def _wait_flags(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--timeout", type=float, default=900.0, help="seconds to wait (default 900)")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the command."""
    parser = argparse.ArgumentParser(
        prog="lightsail-restore",
        description="Create Lightsail instances from a snapshot: plan, restore and watch them come up.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    _common(parser)
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    plan = sub.add_parser("plan", help="check a request against the account; send nothing")
    restore = sub.add_parser("restore", help="plan, create, and wait until the instances are running")
    wait = sub.add_parser("wait", help="wait for instances an earlier call created")
    schema = sub.add_parser("schema", help="print the JSON Schema of the request")
    local = sub.add_parser("local", help="the embedded local backend's state")
    for each in (plan, restore, wait, schema, local):
        _common(each)
    _request_flags(plan)
    _request_flags(restore)
    restore.add_argument("--wait", action=argparse.BooleanOptionalAction, default=True, help="wait (default)")
    restore.add_argument("--no-check", dest="check", action="store_false", help="skip the plan (no resume)")
    _wait_flags(restore)
    wait.add_argument("--instance-names", nargs="+", default=[], metavar="NAME")
    wait.add_argument("--operation-ids", nargs="+", default=[], metavar="ID")
    _wait_flags(wait)
    local.add_argument("action", choices=("reset", "show"))
    return parser


def _read_request_file(path: Path) -> dict[str, Any]:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"--request: cannot read {path}: {exc.strerror}") from None
    if path.suffix.lower() in (".yaml", ".yml"):
        try:
            import yaml
        except ImportError:
            raise UsageError("--request: YAML needs PyYAML (pip install 'lightsail-restore[yaml]')") from None
        try:
            data = yaml.safe_load(text)
        except yaml.YAMLError as exc:
            raise UsageError(f"--request: {path} is not valid YAML: {exc}") from None
    else:
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise UsageError(f"--request: {path} is not valid JSON ({exc.msg}, line {exc.lineno})") from None
    if not isinstance(data, dict):
        raise UsageError(f"--request: {path} must hold one request object")
    return data


def _user_data(value: str) -> str:
    if not value.startswith("file://"):
        return value
    path = Path(value.removeprefix("file://")).expanduser()
    try:
        return path.read_text(encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"--user-data: cannot read {path}: {exc.strerror}") from None


_FLAG_MEMBERS = {
    "instance_names": "instanceNames",
    "availability_zone": "availabilityZone",
    "bundle_id": "bundleId",
    "instance_snapshot_name": "instanceSnapshotName",
    "source_instance_name": "sourceInstanceName",
    "restore_date": "restoreDate",
    "use_latest_restorable_auto_snapshot": "useLatestRestorableAutoSnapshot",
    "attached_disk_mapping": "attachedDiskMapping",
    "key_pair_name": "keyPairName",
    "tags": "tags",
    "add_ons": "addOns",
    "ip_address_type": "ipAddressType",
}


def request_from_args(args: argparse.Namespace) -> CreateInstancesFromSnapshotRequest:
    """The request the flags (over ``--request FILE``) describe.

    Raises:
        UsageError: A file cannot be read or parsed.
        RequestValidationError: The request breaks a rule.
    """
    params: dict[str, Any] = _read_request_file(args.request) if args.request else {}
    for flag, member in _FLAG_MEMBERS.items():
        value = getattr(args, flag)
        if value is not None:
            params[member] = value
    if args.user_data is not None:
        params["userData"] = _user_data(args.user_data)
    return parse_request(params)


def _option(args: argparse.Namespace, name: str, default: Any = None) -> Any:
    return getattr(args, name, default)


def _backend(args: argparse.Namespace) -> LocalLightsail:
    from .local import LocalLightsail, Timings

    path = _option(args, "local_state") or default_local_state()
    return LocalLightsail.from_file(path, timings=Timings(operation_seconds=2.0, boot_seconds=4.0))


def _client(args: argparse.Namespace) -> LightsailRestoreClient:
    if _option(args, "local"):
        return LightsailRestoreClient(_backend(args).client(_option(args, "region") or LOCAL_REGION))
    return LightsailRestoreClient.from_session(
        region_name=_option(args, "region"), profile_name=_option(args, "profile")
    )


def _delays(args: argparse.Namespace) -> tuple[float, float]:
    """The first and longest pause between polling rounds: short against the local backend."""
    return (0.5, 2.0) if _option(args, "local") else (2.0, 20.0)


def _run(args: argparse.Namespace, out: Printer) -> int:
    command = args.command
    if command == "schema":
        out.json(CreateInstancesFromSnapshotRequest.model_json_schema(by_alias=True))
        return EXIT_OK
    if command == "local":
        if not _option(args, "local"):
            args.local = True
        backend = _backend(args)
        if args.action == "reset":
            backend.reset()
        out.local_state(backend.to_json(), _option(args, "region") or LOCAL_REGION, backend.clock.now())
        return EXIT_OK
    if command == "wait":
        if not args.instance_names and not args.operation_ids:
            raise UsageError("wait needs --instance-names or --operation-ids")
        client = _client(args)
        result = client.wait(
            args.instance_names,
            operation_ids=args.operation_ids,
            timeout=args.timeout,
            progress=out.progress,
            delay=_delays(args)[0],
            max_delay=_delays(args)[1],
        )
        out.wait_result(result)
        return EXIT_OK if all(i.status == "succeeded" for i in result.instances) else EXIT_FAILED
    request = request_from_args(args)
    out.secret(request.user_data.get_secret_value() if request.user_data else None)
    client = _client(args)
    if command == "plan":
        plan = client.plan(request, instance_quota=args.instance_quota)
        out.plan(plan)
        return EXIT_OK if plan.ok else EXIT_REFUSED
    outcome = client.restore(
        request,
        wait=args.wait,
        check=args.check,
        timeout=args.timeout,
        progress=out.progress,
        instance_quota=args.instance_quota,
        delay=_delays(args)[0],
        max_delay=_delays(args)[1],
    )
    out.outcome(outcome)
    return EXIT_OK if outcome.ok else EXIT_FAILED


def main(argv: Sequence[str] | None = None, *, stdout: TextIO | None = None, stderr: TextIO | None = None) -> int:
    """Run the command; return its exit code (never raises for a refusal or an AWS error)."""
    stdout, stderr = stdout or sys.stdout, stderr or sys.stderr
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse already printed the usage and the problem
        return int(exc.code or 0) if isinstance(exc.code, int) else EXIT_REFUSED
    out = Printer(stdout, stderr, json_output=_option(args, "output") == "json")
    if _option(args, "debug"):
        handler = logging.StreamHandler(stderr)
        handler.setFormatter(logging.Formatter("%(asctime)s %(name)s %(levelname)s %(message)s"))
        handler.addFilter(redacting_filter(out))
        for name in ("lightsail_restore", "botocore"):
            logging.getLogger(name).setLevel(logging.DEBUG)
            logging.getLogger(name).addHandler(handler)
    try:
        return _run(args, out)
    except PlanRefusedError as exc:
        out.plan(exc.plan)
        return EXIT_REFUSED
    except RequestValidationError as exc:
        out.refused(exc.issues)
        return EXIT_REFUSED
    except UsageError as exc:
        out.error(f"lightsail-restore: error: {exc}")
        return EXIT_REFUSED
    except RestoreFailedError as exc:
        out.outcome(exc.outcome)
        return EXIT_FAILED
    except LightsailError as exc:
        out.aws_error(exc)
        return EXIT_FAILED
    except (TransportError, ResponseShapeError, LightsailRestoreError) as exc:
        out.error(f"lightsail-restore: {exc}")
        return EXIT_FAILED
    except KeyboardInterrupt:
        out.error("lightsail-restore: interrupted; run the same restore again to resume")
        return 130
