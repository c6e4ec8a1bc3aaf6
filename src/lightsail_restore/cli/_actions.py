"""argparse actions and value types of the command line: each flag at most once, numbers that make sense."""

from __future__ import annotations

import argparse
import math
import re
from typing import Any

__all__ = [
    "ACTIONS",
    "Store",
    "StoreFalse",
    "StoreTrue",
    "Toggle",
    "endpoint_url",
    "positive_int",
    "positive_seconds",
    "socket_seconds",
]


class _Once(argparse.Action):
    """Refuses a destination set twice (``--tags a --tags b``, ``--wait --no-wait``, ``--region`` twice)."""

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: Any,
        option_string: str | None = None,
    ) -> None:
        """Refuse a second use of the destination, then act as the action it is mixed into."""
        seen: dict[str, str] = getattr(parser, "seen", {})
        used = option_string or self.dest
        if self.dest in seen:
            earlier = seen[self.dest]
            also = "" if earlier == used else f" (as {earlier} too)"
            parser.error(f"argument {used}: given twice{also}; give it once (a list takes every value after one flag)")
        seen[self.dest] = used
        super().__call__(parser, namespace, values, option_string)


class Store(_Once, argparse._StoreAction):
    """``store``, once."""


class StoreTrue(_Once, argparse._StoreTrueAction):
    """``store_true``, once."""


class StoreFalse(_Once, argparse._StoreFalseAction):
    """``store_false``, once."""


class Toggle(_Once, argparse.BooleanOptionalAction):
    """``--x`` / ``--no-x``, once (the two forms count as the same flag)."""


ACTIONS: dict[str, type[argparse.Action]] = {"store": Store, "toggle": Toggle}


def positive_seconds(text: str) -> float:
    """A finite number of seconds above zero (``inf``, ``nan``, ``0`` and negatives are refused)."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not math.isfinite(value) or value <= 0:
        raise argparse.ArgumentTypeError(f"must be a finite number of seconds above 0, not {text!r}")
    return value


def positive_int(text: str) -> int:
    """A whole number above zero."""
    if not text.isdigit() or int(text) == 0:
        raise argparse.ArgumentTypeError(f"must be a positive whole number, not {text!r}")
    return int(text)


def socket_seconds(text: str) -> int:
    """A whole number of seconds, ``0`` for no limit (the AWS CLI's ``--cli-read-timeout`` meaning)."""
    if not text.isdigit():
        raise argparse.ArgumentTypeError(f"must be a whole number of seconds (0: no limit), not {text!r}")
    return int(text)


def endpoint_url(text: str) -> str:
    """A URL with a scheme (``https://lightsail.us-east-2.amazonaws.com``)."""
    if not re.match(r"^https?://[^/\s]+", text):
        raise argparse.ArgumentTypeError(f"must be a URL such as https://HOST, not {text!r}")
    return text
