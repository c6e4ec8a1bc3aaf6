"""Keeping ``userData`` out of everything the command prints or logs, botocore's wire logs included.

Three layers, each enough on its own for the cases it covers:

1. structured: a ``userData`` member of any dict, and of any JSON body (``str`` or ``bytes``) in a log record's
   arguments, is replaced before the message is formatted (botocore logs the request body as a ``bytes`` repr);
2. secrets: every spelling of the actual value (raw, JSON-escaped, ``repr``-escaped, ``bytes``-repr-escaped)
   is replaced wherever it appears;
3. textual: a ``"userData": "..."`` member still present in the formatted text is replaced.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any, TextIO

__all__ = ["REDACTED", "RedactingFilter", "Redactor", "debug_logging", "spellings"]

REDACTED = "**********"
USER_DATA = "userData"
MIN_SECRET_LENGTH = 4
"""Shorter values are not replaced as substrings (they would mangle the output); layers 1 and 2 still apply."""

_MEMBER = re.compile(r"""(["']userData["']\s*:\s*)(["'])(?:\\.|(?!\2).)*\2""", re.DOTALL)
_DEBUG_LOGGERS = ("lightsail_restore", "botocore")


def spellings(value: str) -> set[str]:
    """Every way ``value`` can appear in a log line: raw, JSON-escaped, and either of those ``repr``-escaped."""
    bases = {value, json.dumps(value)[1:-1], json.dumps(value, ensure_ascii=False)[1:-1]}
    found = set(bases)
    for base in bases:
        found.add(repr(base)[1:-1])
        found.add(repr(base.encode("utf-8"))[2:-1])
    return {each for each in found if each}


def _redact_json_text(text: str) -> str | None:
    """``text`` re-serialized with its ``userData`` member redacted, or ``None`` when it is not such JSON."""
    if USER_DATA not in text:
        return None
    try:
        data = json.loads(text)
    except ValueError:
        return None
    if not isinstance(data, dict) or USER_DATA not in data:
        return None
    return json.dumps({**data, USER_DATA: REDACTED})


def redact_value(value: Any) -> Any:
    """``value`` with every ``userData`` member (of dicts and of JSON bodies) redacted; the same object if none."""
    if isinstance(value, bytes):
        text = _redact_json_text(value.decode("utf-8", "replace"))
        return value if text is None else text.encode("utf-8")
    if isinstance(value, str):
        text = _redact_json_text(value)
        return value if text is None else text
    if isinstance(value, Mapping):
        items = {k: REDACTED if k == USER_DATA else redact_value(v) for k, v in value.items()}
        changed = any(items[k] is not v for k, v in value.items())
        return items if changed else value
    if isinstance(value, (list, tuple)):
        parts = [redact_value(v) for v in value]
        changed = any(p is not v for p, v in zip(parts, value, strict=True))
        return type(value)(parts) if changed else value
    return value


class Redactor:
    """Replaces ``userData`` (the member, and every remembered secret value) in text."""

    def __init__(self) -> None:
        self._secrets: list[str] = []

    def remember(self, value: str | None) -> None:
        """Remember a value that must never be printed, in all its spellings."""
        if value and len(value) >= MIN_SECRET_LENGTH:
            merged = set(self._secrets) | spellings(value)
            self._secrets = sorted(merged, key=len, reverse=True)

    def redact(self, text: str) -> str:
        """``text`` with every ``userData`` member and every remembered secret replaced by asterisks."""
        for secret in self._secrets:
            text = text.replace(secret, REDACTED)
        return _MEMBER.sub(lambda m: f"{m.group(1)}{m.group(2)}{REDACTED}{m.group(2)}", text)

    def redact_data(self, data: Any) -> Any:
        """JSON-ready ``data`` with every string (keys included) redacted.

        Literals (``true``, ``null``, numbers) are left alone, so the data serializes to valid JSON whatever the
        secret spells.
        """
        if isinstance(data, str):
            return self.redact(data)
        if isinstance(data, Mapping):
            return {self.redact(str(k)): self.redact_data(v) for k, v in data.items()}
        if isinstance(data, (list, tuple)):
            return [self.redact_data(v) for v in data]
        return data


class RedactingFilter(logging.Filter):
    """A handler filter that formats each record itself, with ``userData`` redacted at every layer.

    The record is changed in place (message formatted and redacted, arguments dropped, exception text
    redacted), so every handler after this one sees only the redacted record.
    """

    def __init__(self, redactor: Redactor) -> None:
        super().__init__()
        self.redactor = redactor

    def filter(self, record: logging.LogRecord) -> bool:
        """Redact ``record`` in place; always keep it."""
        try:
            message = str(record.msg) % redact_value(record.args) if record.args else str(record.msg)
        except (TypeError, ValueError, KeyError):
            message = record.getMessage()
        record.msg, record.args = self.redactor.redact(message), ()
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = self.redactor.redact(record.exc_text)
        if record.stack_info:
            record.stack_info = self.redactor.redact(record.stack_info)
        return True


@contextmanager
def debug_logging(stream: TextIO, redactor: Redactor) -> Iterator[None]:
    """DEBUG logs of ``lightsail_restore`` and botocore (the wire: requests and answers) on ``stream``, redacted."""
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter("%(asctime)s %(name)s %(levelname)s %(message)s"))
    handler.addFilter(RedactingFilter(redactor))
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
