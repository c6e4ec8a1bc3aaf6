"""From the command line to a validated request: the whole-request input, the flags over it, user data apart.

The whole request comes from ``--cli-input-json``, ``--cli-input-yaml`` (text, ``file://`` or ``fileb://``, as the
AWS CLI reads them) or ``--request FILE`` (JSON or YAML by suffix, ``-`` for stdin); at most one of them. Flags
override its members. Refusals name the flag that set a member (``--restore-date``), or the input it came from.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any

from pydantic import Field

from .._document import Document
from ._errors import Problem, Refusal
from ._flags import CREATE_FLAGS, RequestFlag, flag_of_path, in_flag_words
from ._hints import PLACEHOLDER
from ._textdata import DuplicateKeyError, UnreadableError, load_json, load_yaml
from ._values import FILE, FILEB, MAX_FILE_BYTES, FileProblem, param_file_path, read_param_file

__all__ = ["BuiltRequest", "UserData", "build_request", "not_listed", "read_whole_request"]

_WHOLE = ("cli_input_json", "cli_input_yaml", "request")


@dataclass(frozen=True, slots=True)
class UserData(Document):
    """What the output says of user data: never its text, nor a digest of it, only its size and where it came from.

    A plain hash of a short secret in the script (a 12-byte password) is as good as the secret, so none is shown.
    ``to_dict()``: ``bytes``, ``source``.
    """

    size: Annotated[int, Field(alias="bytes")]
    source: str

    @classmethod
    def of(cls, text: str, source: str) -> UserData:
        """Describe ``text``."""
        return cls(len(text.encode("utf-8")), source)

    def describe(self) -> str:
        """``57 bytes, from file://launch.sh (never shown)``."""
        return f"{self.size} bytes, from {self.source} (never shown)"


@dataclass
class BuiltRequest:
    """The validated request, what its user data looks like, and the warnings about the input."""

    request: Any
    user_data: UserData | None = None
    warnings: list[str] = field(default_factory=list)
    named: dict[str, str] = field(default_factory=dict)
    """Each member's name on this command line: its flag, or the whole-request input that gave it."""

    def problem(self, path: str, rule: str, message: str) -> Problem:
        """A problem with the member at AWS ``path``, named by its flag and said in flag words."""
        flag = flag_of_path(path, CREATE_FLAGS)
        name = self.named.get(flag.member) if flag is not None else None
        own = {f.member: f.flag for f in CREATE_FLAGS}
        words = {member: name for member, name in self.named.items() if own.get(member) == name}
        if rule == "unknown_member":  # a member of the input, by its AWS name: the message lists the input's names
            words = {}
        return Problem(in_flag_words(message, words), rule, name, path)


def not_listed(omitted: int, listed: int, flag: str | None) -> Problem:
    """The last problem of a refusal that names only some: how many more there are."""
    more = f"and {omitted} more problems, not listed (a refusal names at most {listed})"
    return Problem(more, "too_many_problems", flag)


def _option(args: argparse.Namespace, dest: str) -> str:
    return "--" + dest.replace("_", "-")


def _load_yaml(text: str, where: str) -> Any:
    flag = where.split()[0]
    try:
        import yaml
    except ImportError:
        raise Refusal(
            [Problem("YAML needs PyYAML: pip install 'lightsail-restore[yaml]'", "yaml_missing", flag)], "flags"
        ) from None
    try:
        return load_yaml(text)
    except DuplicateKeyError as exc:
        raise Refusal([Problem(str(exc), "duplicate_key", flag)], "flags") from None
    except UnreadableError as exc:
        raise Refusal([Problem(str(exc), "yaml", flag)], "flags") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f", line {mark.line + 1}" if mark is not None else ""
        raise Refusal([Problem(f"is not valid YAML{line}", "yaml", flag)], "flags") from None


def _load_json(text: str, where: str) -> Any:
    flag = where.split()[0]
    try:
        return load_json(text)
    except json.JSONDecodeError as exc:
        problem = f"is not valid JSON ({exc.msg}, line {exc.lineno})"
        raise Refusal([Problem(problem, "json", flag)], "flags") from None
    except DuplicateKeyError as exc:
        raise Refusal([Problem(str(exc), "duplicate_key", flag)], "flags") from None
    except UnreadableError as exc:
        raise Refusal([Problem(str(exc), "json", flag)], "flags") from None


def _read_stdin() -> str:
    """The bytes of stdin as UTF-8 text, read as a file's are (at most ``MAX_FILE_BYTES``)."""
    stream = sys.stdin
    if stream is None:
        raise FileProblem("stdin is closed: pipe the request in, or give --request FILE")
    source = getattr(stream, "buffer", None)
    data = source.read(MAX_FILE_BYTES + 1) if source is not None else stream.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        raise FileProblem("stdin holds more than 1 MiB, more than any request")
    if isinstance(data, str):
        return data
    try:
        return bytes(data).decode("utf-8")
    except UnicodeDecodeError:
        raise FileProblem("stdin is not UTF-8 text (every member of this request is text)") from None


def read_whole_request(args: argparse.Namespace) -> tuple[dict[str, Any], str | None]:
    """The members of ``--cli-input-json``, ``--cli-input-yaml`` or ``--request``, and which one gave them.

    Raises:
        Refusal: More than one was given, or it cannot be read, parsed, or is not one object.
    """
    given = [dest for dest in _WHOLE if getattr(args, dest, None) is not None]
    if len(given) > 1:
        both = " and ".join(_option(args, dest) for dest in given)
        raise Refusal(
            [Problem(f"{both} each give the whole request; give one", "one_input", _option(args, given[1]))], "flags"
        )
    if not given:
        return {}, None
    dest = given[0]
    flag = _option(args, dest)
    value: str = getattr(args, dest)
    _placeholder(value, flag)
    try:
        if dest == "request":
            if value == "-":
                text, suffix, where = _read_stdin(), "", "--request -"
            else:
                path = param_file_path(value) or Path(value).expanduser()
                text, suffix, where = (
                    (read_param_file(FILE + str(path)) or ""),
                    path.suffix.lower(),
                    f"--request {value}",
                )
            is_yaml = suffix in (".yaml", ".yml") or (suffix != ".json" and not text.lstrip().startswith("{"))
        else:
            loaded = read_param_file(value)
            if loaded is None:
                _file_without_scheme(value, flag)
            text = value if loaded is None else loaded
            where = f"{flag} {value}" if loaded is not None else flag
            is_yaml = dest == "cli_input_yaml"
    except FileProblem as exc:
        raise Refusal([Problem(str(exc), "file", flag)], "flags") from None
    data = _load_yaml(text, where) if is_yaml else _load_json(text, where)
    if not isinstance(data, dict):
        problem = "must hold one request object (AWS member names, as --generate-cli-skeleton prints)"
        raise Refusal([Problem(problem, "one_object", flag)], "flags")
    return data, where


def _blanks(data: Any) -> int:
    """How many members of a whole-request input are a generated skeleton's blanks: ``""``, or a ``KeyName`` key."""
    if isinstance(data, dict):
        return sum(1 for key in data if key == "KeyName") + sum(_blanks(v) for v in data.values())
    if isinstance(data, list):
        return sum(_blanks(v) for v in data)
    return 1 if data == "" else 0


def _file_without_scheme(value: str, flag: str) -> None:
    """Refuse a file's name given as the request itself: the AWS CLI reads a file only after ``file://``."""
    text = value.strip()
    try:
        looks_like_file = text.lower().endswith((".json", ".yaml", ".yml")) or Path(text).expanduser().is_file()
    except (OSError, ValueError):  # not a name a file can have
        looks_like_file = False
    if text and not text.startswith(("{", "[")) and "\n" not in text and looks_like_file:
        problem = f"is the request itself, not a file to read: to read the file {text}, give file://{text}"
        raise Refusal([Problem(problem, "file_scheme", flag)], "flags")


def _placeholder(value: str, flag: str) -> None:
    """Refuse the placeholder a resume command prints for user data given as text: sent, it would be the script."""
    if value == PLACEHOLDER:
        problem = (
            f"is {PLACEHOLDER}, the placeholder a resume command prints for user data given as text: put the user "
            "data back (or give --user-data file://PATH)"
        )
        raise Refusal([Problem(problem, "resume_placeholder", flag)], "flags")


def _user_data(args: argparse.Namespace, built: BuiltRequest) -> str | None:
    value: str | None = getattr(args, "user_data", None)
    if value is None:
        return None
    _placeholder(value, "--user-data")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:  # bytes that are not UTF-8 on the command line, as Python hands them over
        problem = "is not UTF-8 text; give the script with --user-data file://PATH, whose bytes must be UTF-8"
        raise Refusal([Problem(problem, "not_utf8", "--user-data")], "flags") from None
    try:
        loaded = read_param_file(value)
    except FileProblem as exc:
        raise Refusal([Problem(str(exc), "file", "--user-data")], "flags") from None
    if loaded is not None:
        prefix = FILEB if value.startswith(FILEB) else FILE
        built.user_data = UserData.of(loaded, f"{prefix}{value[len(prefix) :]}")
        return loaded
    if len(value) < 4096 and "\n" not in value and Path(value).expanduser().is_file():
        built.warnings.append(
            "the --user-data value names an existing file, but is sent as text, not as the file's content; "
            "write file://PATH to send the file"
        )
    built.user_data = UserData.of(value, "--user-data text")
    return value


def _flag_members(args: argparse.Namespace, flags: tuple[RequestFlag, ...]) -> dict[str, Any]:
    params: dict[str, Any] = {}
    for flag in flags:
        if flag.kind == "secret":
            continue
        value = getattr(args, flag.dest, None)
        if value is None:
            continue
        if flag.kind in ("names", "structs"):
            value = [item for word in value for item in word]
        params[flag.member] = value
    return params


def build_request(args: argparse.Namespace) -> BuiltRequest:
    """The request the command line describes.

    Raises:
        Refusal: An input cannot be read (``flags``), or the request breaks a rule (``request``), each
            problem named by its flag, or by the whole-request input and the AWS path.
    """
    from .. import RequestValidationError, parse_request

    whole, where = read_whole_request(args)
    built = BuiltRequest(request=None)
    flagged = _flag_members(args, CREATE_FLAGS)
    user_data = _user_data(args, built)
    if user_data is not None:
        flagged["userData"] = user_data
    elif isinstance(whole.get("userData"), str) and where:
        built.user_data = UserData.of(whole["userData"], where)
    params = {**whole, **flagged}
    whole_name = where.split()[0] if where else None
    for flag in CREATE_FLAGS:
        if flag.member in flagged or whole_name is None:
            built.named[flag.member] = flag.flag
        elif whole_name is not None:
            built.named[flag.member] = whole_name
    try:
        built.request = parse_request(params)
    except RequestValidationError as exc:
        problems = []
        for issue in exc.issues:
            problem = built.problem(issue.path, issue.rule, issue.message)
            if problem.flag is None and whole_name is not None:
                problem = Problem(problem.message, problem.rule, whole_name, problem.path)
            problems.append(problem)
        if exc.omitted:
            problems.append(not_listed(exc.omitted, len(exc.issues), whole_name))
        blank = _blanks(whole)
        if blank and whole_name is not None:
            blanks = (
                f'{blank} members are left blank ("", or KeyName), as --generate-cli-skeleton prints them: '
                "fill in the members you use, and delete the members you do not use"
            )
            problems.append(Problem(blanks, "skeleton_blanks", whole_name))
        raise Refusal(problems, "request") from None
    return built
