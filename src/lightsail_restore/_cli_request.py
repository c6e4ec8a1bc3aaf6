"""From the command's flags (and ``--request FILE``) to a validated ``CreateInstancesFromSnapshotRequest``.

Flags use the AWS CLI's own option names and value syntax: JSON for structured members (or ``file://PATH``),
the shorthand ``key=KEY,value=VALUE`` for tags, ``file://PATH`` for user data. Flags override the file.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .request import CreateInstancesFromSnapshotRequest, parse_request

__all__ = ["FLAG_MEMBERS", "UsageError", "json_flag", "read_request_file", "request_from_args", "tag_flag"]

FILE_PREFIX = "file://"

FLAG_MEMBERS = {
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
"""Each request flag's argparse destination and the AWS member it sets (``--user-data`` is handled apart)."""


class UsageError(Exception):
    """A flag or file the command cannot use (exit 2, nothing sent)."""


def _read_text(path: Path, flag: str) -> str:
    try:
        return path.expanduser().read_text(encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"{flag}: cannot read {path}: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise UsageError(f"{flag}: {path} is not UTF-8 text") from None


def _file_or_text(text: str, flag: str) -> str:
    """The value of a flag, or the content of the file it names with ``file://PATH`` (as the AWS CLI does)."""
    if text.startswith(FILE_PREFIX):
        return _read_text(Path(text.removeprefix(FILE_PREFIX)), flag)
    return text


def json_flag(flag: str) -> Callable[[str], Any]:
    """An argparse type for a flag taking JSON, or ``file://PATH`` of a JSON file."""

    def parse(text: str) -> Any:
        try:
            return json.loads(_file_or_text(text, flag))
        except UsageError as exc:
            raise argparse.ArgumentTypeError(str(exc).removeprefix(f"{flag}: ")) from None
        except json.JSONDecodeError as exc:
            raise argparse.ArgumentTypeError(f"takes JSON ({exc.msg} at position {exc.pos})") from None

    return parse


def tag_flag(text: str) -> list[Any]:
    """An argparse type for one ``--tags`` entry: a JSON list or object, or ``key=KEY,value=VALUE``."""
    if text.lstrip().startswith(("{", "[", FILE_PREFIX)):
        data = json_flag("--tags")(text)
        return data if isinstance(data, list) else [data]
    tag: dict[str, str] = {}
    for part in text.split(","):
        name, sep, value = part.partition("=")
        if not sep or name.strip() not in ("key", "value"):
            raise argparse.ArgumentTypeError("takes JSON or key=KEY,value=VALUE entries")
        tag[name.strip()] = value
    return [tag]


def read_request_file(source: str) -> dict[str, Any]:
    """The request in a JSON or YAML file (``-`` for standard input), in the boto3 / ``--cli-input-json`` shape.

    A ``.yaml``/``.yml`` file is YAML and a ``.json`` file JSON; otherwise text starting with ``{`` is JSON.

    Raises:
        UsageError: The file cannot be read, is not JSON/YAML, or does not hold one object.
    """
    if source == "-":
        text, suffix = sys.stdin.read(), ""
    else:
        path = Path(source.removeprefix(FILE_PREFIX))
        text, suffix = _read_text(path, "--request"), path.suffix.lower()
    is_yaml = suffix in (".yaml", ".yml") or (suffix != ".json" and not text.lstrip().startswith("{"))
    data = _load_yaml(text, source) if is_yaml else _load_json(text, source)
    if not isinstance(data, dict):
        raise UsageError(f"--request: {source} must hold one request object (the boto3 / --cli-input-json shape)")
    return data


def _load_json(text: str, source: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise UsageError(f"--request: {source} is not valid JSON ({exc.msg}, line {exc.lineno})") from None


def _load_yaml(text: str, source: str) -> Any:
    try:
        import yaml
    except ImportError:
        raise UsageError("--request: a YAML file needs PyYAML (pip install 'lightsail-restore[yaml]')") from None
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        where = getattr(exc, "problem_mark", None)
        line = f", line {where.line + 1}" if where is not None else ""
        raise UsageError(f"--request: {source} is not valid YAML{line}") from None


def _flag_members(args: argparse.Namespace) -> dict[str, Any]:
    params: dict[str, Any] = {}
    for flag, member in FLAG_MEMBERS.items():
        value = getattr(args, flag, None)
        if value is not None:
            params[member] = value
    if params.get("tags") is not None:
        params["tags"] = [tag for entry in params["tags"] for tag in entry]
    user_data = getattr(args, "user_data", None)
    if user_data is not None:
        params["userData"] = _file_or_text(user_data, "--user-data")
    return params


def request_from_args(args: argparse.Namespace) -> CreateInstancesFromSnapshotRequest:
    """The request the flags describe, over the one in ``--request FILE`` when given.

    Raises:
        UsageError: A file cannot be read or parsed.
        RequestValidationError: The request breaks a rule.
    """
    request_file = getattr(args, "request", None)
    params = read_request_file(request_file) if request_file else {}
    params.update(_flag_members(args))
    return parse_request(params)
