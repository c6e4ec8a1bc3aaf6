"""Commands the output suggests, ready to copy and run.

The program as it was called, the backend flags actually used (``--local-state``, ``--region``,
``--profile``, ...), every word shell-quoted.
"""

from __future__ import annotations

import json
import os
import shlex
import shutil
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ._context import Context

__all__ = ["backend_words", "program", "put_back_command", "resume_command", "suggest", "with_listing"]

PLACEHOLDER = "<the same user data>"
HIDDEN_USER_DATA = "(the user data given as text is not shown: put it back, or use --user-data file://PATH)"
"""Said under a resume command from which user data given as text was left out."""


def program() -> str:
    """How this command was called: ``lightsail-restore`` when that name runs it, else its path or ``-m``."""
    argv0 = sys.argv[0] if sys.argv else ""
    name = os.path.basename(argv0)
    if name == "__main__.py" and os.path.basename(os.path.dirname(argv0)) == "lightsail_restore":
        return f"{shlex.quote(sys.executable)} -m lightsail_restore"
    if name == "lightsail-restore" and os.path.exists(argv0):
        found = shutil.which("lightsail-restore")
        if found is not None and os.path.samefile(found, argv0):
            return "lightsail-restore"
        return shlex.quote(argv0)
    return "lightsail-restore"


def backend_words(context: Context) -> list[str]:
    """The flags that select the same backend, Region and connection again."""
    backend = context.backend
    if backend.kind == "local":
        words = ["--local-state", str(backend.state_file)]
        if context.option("region"):
            words += ["--region", backend.region]
        return words
    words = ["--region", backend.region]
    if context.option("profile") or os.environ.get("AWS_PROFILE"):
        words += ["--profile", str(backend.profile)]
    for option, dest in (("--endpoint-url", "endpoint_url"), ("--ca-bundle", "ca_bundle")):
        if context.option(dest) is not None:
            words += [option, str(context.option(dest))]
    if context.option("verify_ssl") is False:
        words.append("--no-verify-ssl")
    for option, dest in (("--cli-read-timeout", "read_timeout"), ("--cli-connect-timeout", "connect_timeout")):
        if context.option(dest) is not None:
            words += [option, str(context.option(dest))]
    return words


def suggest(context: Context, *words: str) -> str:
    """``lightsail-restore <backend flags> <words>``, shell-quoted."""
    return f"{program()} {shlex.join([*backend_words(context), *words])}"


_LISTS = {
    "snapshot_exists": "get-instance-snapshots",
    "source_instance_exists": "get-instances",
    "key_pair_exists": "get-key-pairs",
    "X6_bundle_exists": "get-bundles",
}
"""The plan's rules for a name that does not exist, and the AWS CLI command that lists the names."""


def with_listing(context: Context, rule: str, message: str) -> str:
    """A plan's message of a name that does not exist, with the command that lists the names.

    ``local show`` on the local backend (bundles aside: the local catalogue is AWS's), else the AWS CLI; other
    messages are left as they are.
    """
    operation = _LISTS.get(rule)
    if operation is None:
        return message
    backend = context.backend
    if backend.kind == "local" and operation != "get-bundles":
        return f"{message}; list them with: {suggest(context, 'local', 'show')}"
    words = ["aws", "lightsail", operation, "--region", backend.region]
    if backend.kind != "local" and (context.option("profile") or os.environ.get("AWS_PROFILE")):
        words += ["--profile", str(backend.profile)]
    return f"{message}; list them with: {shlex.join(words)}"


def put_back_command(context: Context, static_ip: str, instance: str) -> str:
    """The command that attaches ``static_ip`` to ``instance`` again on the same backend.

    Against AWS, the AWS CLI's ``attach-static-ip`` (with the Region, and the profile and endpoint given); with the
    local backend, which only this package answers, the same call through a boto3 client of its state file.
    """
    backend = context.backend
    if backend.kind == "local":
        code = (
            "from lightsail_restore.local import LocalLightsail; "
            f"LocalLightsail.from_file({str(backend.state_file)!r}).client({backend.region!r})"
            f".attach_static_ip(staticIpName={static_ip!r}, instanceName={instance!r})"
        )
        return shlex.join([sys.executable, "-c", code])
    words = ["aws", "lightsail", "attach-static-ip", "--region", backend.region]
    if context.option("profile") or os.environ.get("AWS_PROFILE"):
        words += ["--profile", str(backend.profile)]
    if context.option("endpoint_url") is not None:
        words += ["--endpoint-url", str(context.option("endpoint_url"))]
    return shlex.join([*words, "--static-ip-name", static_ip, "--instance-name", instance])


def _is(word: str, option: str) -> bool:
    name = word.partition("=")[0]
    return len(name) >= 4 and option.startswith(name)


def _may_hold_user_data(option: str, value: str) -> bool:
    r"""Whether an inline ``--cli-input-json``/``--cli-input-yaml`` value holds ``userData``, or cannot be read.

    Read as the command reads it, so a member spelt with an escape (``"userD\u0061ta"``) is found; an input
    that cannot be read is treated as holding it.
    """
    if value.startswith(("file://", "fileb://")):
        return False
    try:
        if _is(option, "--cli-input-yaml"):
            import yaml

            data = yaml.safe_load(value)
        else:
            data = json.loads(value)
    except Exception:
        return True
    return not isinstance(data, dict) or "userData" in data


def resume_command(argv: Sequence[str]) -> tuple[str, bool]:
    """The same command line again (rerunning a restore resumes it), and whether a secret had to be left out.

    ``--no-check`` is dropped (the plan is what recognises the instances already created); user data given
    as text on the command line is replaced by a placeholder, never printed.
    """
    words: list[str] = []
    hidden = False
    skip_next = False
    for index, word in enumerate(argv):
        if skip_next:
            skip_next = False
            continue
        if _is(word, "--no-check"):
            continue
        name = word.partition("=")[0]
        secret = _is(word, "--user-data") or (
            (_is(word, "--cli-input-json") or _is(word, "--cli-input-yaml"))
            and _may_hold_user_data(
                name, word.partition("=")[2] if "=" in word else (argv[index + 1] if index + 1 < len(argv) else "")
            )
        )
        if secret:
            name, sep, value = word.partition("=")
            if not sep:
                value = argv[index + 1] if index + 1 < len(argv) else ""
                skip_next = True
            if value.startswith(("file://", "fileb://")):
                words += [name, value]
            else:
                words += [name, PLACEHOLDER]
                hidden = True
            continue
        words.append(word)
    return f"{program()} {shlex.join(words)}", hidden
