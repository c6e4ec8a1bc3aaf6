"""``--debug``: the logs of ``lightsail_restore`` and botocore's wire on stderr, with ``userData`` removed.

The filter works on the structure, not on the secret's text: a ``userData`` member of any dict, and of any
JSON request body (``str`` or ``bytes``, as botocore logs it) among a record's arguments, is replaced before
the message is formatted; a ``"userData": "..."`` member still present in the formatted text (a body already
formatted into the message) is replaced too. Nothing else is touched, so no other output changes whatever
the user data spells.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any, TextIO

__all__ = ["REMOVED", "RemoveUserData", "debug_logging", "without_user_data"]

REMOVED = "(userData removed)"
USER_DATA = "userData"
_MEMBER = re.compile(r"""(["']userData["']\s*:\s*)(["'])(?:\\\\.|\\.|(?!\2).)*\2""", re.DOTALL)
"""A ``userData`` member in formatted text, its escapes single (JSON) or doubled (the ``repr`` of a bytes body)."""
_DEBUG_LOGGERS = ("lightsail_restore", "botocore")


def _json_text(text: str) -> str | None:
    """``text`` re-serialized without its ``userData`` value, or ``None`` when it is not such JSON."""
    if USER_DATA not in text:
        return None
    try:
        data = json.loads(text)
    except ValueError:
        return None
    if not isinstance(data, dict) or USER_DATA not in data:
        return None
    return json.dumps({**data, USER_DATA: REMOVED})


def without_user_data(value: Any) -> Any:
    """``value`` with every ``userData`` member (of dicts and of JSON bodies) removed; the same object if none."""
    if isinstance(value, bytes):
        text = _json_text(value.decode("utf-8", "replace"))
        return value if text is None else text.encode("utf-8")
    if isinstance(value, str):
        text = _json_text(value)
        return value if text is None else text
    if isinstance(value, Mapping):
        items = {k: REMOVED if k == USER_DATA else without_user_data(v) for k, v in value.items()}
        changed = any(items[k] is not v for k, v in value.items())
        return items if changed else value
    if isinstance(value, list | tuple):
        parts = [without_user_data(v) for v in value]
        changed = any(p is not v for p, v in zip(parts, value, strict=True))
        return type(value)(parts) if changed else value
    return value


class RemoveUserData(logging.Filter):
    """A handler filter that formats each record itself, without ``userData``.

    The record is changed in place (message formatted, arguments dropped, exception text filtered), so every
    handler after this one sees only the filtered record.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        """Filter ``record`` in place; always keep it."""
        try:
            message = str(record.msg) % without_user_data(record.args) if record.args else str(record.msg)
        except (TypeError, ValueError, KeyError):
            message = record.getMessage()
        record.msg, record.args = _MEMBER.sub(lambda m: f"{m.group(1)}{m.group(2)}{REMOVED}{m.group(2)}", message), ()
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = _MEMBER.sub(lambda m: f"{m.group(1)}{m.group(2)}{REMOVED}{m.group(2)}", record.exc_text)
        return True


@contextmanager
def debug_logging(stream: TextIO) -> Iterator[None]:
    """DEBUG logs of ``lightsail_restore`` and botocore (every request and answer) on ``stream``, filtered."""
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter("%(asctime)s %(name)s %(levelname)s %(message)s"))
    handler.addFilter(RemoveUserData())
    loggers = [logging.getLogger(name) for name in _DEBUG_LOGGERS]
    levels = [each.level for each in loggers]
    for each in loggers:
        each.setLevel(logging.DEBUG)
        each.addHandler(handler)
    try:
        yield
    finally:
        for each, level in zip(loggers, levels, strict=True):
            each.removeHandler(handler)
            each.setLevel(level)
