"""Flag values as the AWS CLI reads them: ``file://`` and ``fileb://``, JSON, shorthand, lists of names.

Each ``*_value`` function is an argparse ``type``: it turns one command-line word into data, or raises
``argparse.ArgumentTypeError`` with a message that argparse prefixes with the flag's name.
"""

from __future__ import annotations

import argparse
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ._shorthand import ShorthandError, parse_shorthand
from ._textdata import load_json

__all__ = [
    "FILE",
    "FILEB",
    "MAX_FILE_BYTES",
    "FileProblem",
    "map_value",
    "names_value",
    "read_param_file",
    "string_value",
    "structs_value",
]

FILE, FILEB = "file://", "fileb://"
MAX_FILE_BYTES = 1024 * 1024
"""The most a ``file://`` value (or ``--request -``) may hold: far more than any request, so ``file:///dev/zero``
is refused after 1 MiB instead of filling the memory."""


class FileProblem(ValueError):
    """A ``file://`` or ``fileb://`` value that cannot be read as text."""


def param_file_path(value: str) -> Path | None:
    """The path a ``file://``/``fileb://`` value names (``~`` and ``$VARS`` expanded, as the AWS CLI does)."""
    for prefix in (FILEB, FILE):
        if value.startswith(prefix):
            return Path(os.path.expandvars(os.path.expanduser(value[len(prefix) :])))
    return None


def read_param_file(value: str) -> str | None:
    """The content of the file a ``file://``/``fileb://`` value names, or ``None`` for any other value.

    ``fileb://`` reads bytes, as the AWS CLI does; every member of this request is text, so the bytes must
    be UTF-8 either way.

    Raises:
        FileProblem: The file cannot be read, or is not UTF-8 text.
    """
    path = param_file_path(value)
    if path is None:
        return None
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise FileProblem(f"cannot read {path}: {exc.strerror or exc}") from None
    if len(data) > MAX_FILE_BYTES:
        raise FileProblem(
            f"{path} is larger than 1 MiB, more than any value of this command (a request is far smaller)"
        )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise FileProblem(f"{path} is not UTF-8 text (every member of this request is text)") from None


def _loaded(text: str) -> str:
    try:
        loaded = read_param_file(text)
    except FileProblem as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
    return text if loaded is None else loaded


def _json(text: str) -> Any:
    try:
        return load_json(text)
    except json.JSONDecodeError as exc:
        raise argparse.ArgumentTypeError(
            f"is not valid JSON ({exc.msg}, line {exc.lineno} column {exc.colno})"
        ) from None
    except ValueError as exc:  # a key twice, nested too deeply
        raise argparse.ArgumentTypeError(str(exc)) from None


def _shorthand(text: str) -> dict[str, Any]:
    def read(value: str) -> str | None:
        try:
            return read_param_file(value)
        except FileProblem as exc:
            raise argparse.ArgumentTypeError(str(exc)) from None

    try:
        return parse_shorthand(text, read)
    except ShorthandError as exc:
        raise argparse.ArgumentTypeError(f"takes JSON or shorthand (KEY=VALUE,...); {exc}") from None


def string_value(text: str) -> str:
    """A plain string member: the word itself, or the content of ``file://PATH``/``fileb://PATH``."""
    return _loaded(text)


def names_value(text: str) -> list[str]:
    """Instance names: ``a b`` (one per word), ``a,b`` (names never hold a comma) or a JSON list."""
    text = _loaded(text)
    if text.lstrip().startswith("["):
        data = _json(text)
        if not isinstance(data, list):
            raise argparse.ArgumentTypeError("takes names, or a JSON list of names")
        return data
    return [name for name in text.split(",") if name.strip()]


def structs_value(text: str) -> list[Any]:
    """One word of a list-of-objects flag (``--tags``, ``--add-ons``): objects to add to the list.

    A JSON list (``[{...}, {...}]``), one JSON object (``{...}``), or one shorthand object
    (``key=env,value=prod``); any of them from ``file://PATH``.
    """
    text = _loaded(text)
    stripped = text.lstrip()
    if stripped.startswith("["):
        data = _json(text)
        return data if isinstance(data, list) else [data]
    if stripped.startswith("{"):
        return [_json(text)]
    return [_shorthand(text)]


def map_value(list_members: bool) -> Callable[[str], Any]:
    """A map flag (``--attached-disk-mapping``): a JSON object or shorthand ``KEY=[{...}],KEY2=[...]``.

    Args:
        list_members: The map's values are lists, so one object given alone becomes a list of one (as the
            AWS CLI does for shorthand).
    """

    def parse(text: str) -> Any:
        text = _loaded(text)
        data = _json(text) if text.lstrip().startswith("{") else _shorthand(text)
        if list_members and isinstance(data, dict):
            return {key: value if isinstance(value, list) else [value] for key, value in data.items()}
        return data

    return parse
