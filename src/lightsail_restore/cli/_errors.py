"""What the command refuses before sending anything, in one shape whatever refused it.

A refusal is a list of ``Problem``s, each naming the flag (on the command line) and the AWS member path, the
rule broken and what to do, and who refused: ``flags`` (the command line itself), ``request`` (the request's
rules), ``plan`` (the plan's look-ups in the account) or ``configuration`` (Region, profile, credentials, the
local state file). It is always exit code 2, and nothing was sent.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, ClassVar, Literal

from .._document import OrderedDocument

__all__ = ["Problem", "Refusal", "RefusedBy", "UsageError"]

RefusedBy = Literal["flags", "request", "plan", "configuration"]


@dataclass(frozen=True, slots=True)
class Problem(OrderedDocument):
    """One reason a command was refused (``to_dict()``, its JSON form: ``flag``, ``path``, ``rule``, ``message``).

    Attributes:
        message: What is wrong and what to do, in the words of the command line.
        rule: A stable rule id (``restore_date``, ``X6_bundle_too_small``, ``usage``, ``no_region``, ...).
        flag: The flag concerned (``--restore-date``), when there is one.
        path: The AWS member path concerned (``restoreDate``), when there is one.
    """

    MEMBERS: ClassVar[tuple[str, ...]] = ("flag", "path", "rule", "message")
    """The document's members, in their order."""

    message: str
    rule: str
    flag: str | None = None
    path: str = ""

    def where(self) -> str:
        """The flag (with the AWS path when it says more), the path alone, or ``(request)``."""
        own = re.sub(r"(?<=[a-z0-9])([A-Z])", r"-\1", self.path).lower()
        if self.flag and self.path and self.flag != f"--{own}":
            return f"{self.flag} ({self.path})"
        return self.flag or self.path or "(request)"


@dataclass(eq=False)
class Refusal(Exception):
    """The command refuses to go on: nothing was sent (exit code 2).

    Attributes:
        problems: Every problem found.
        by: What refused it.
        extra: More members for the JSON document (e.g. the ``plan``), and lines for the table output.
    """

    problems: list[Problem]
    by: RefusedBy
    extra: dict[str, Any] = field(default_factory=dict)
    lines: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        return "; ".join(f"{p.where()}: {p.message}" for p in self.problems)


class UsageError(Refusal):
    """A flag the parser cannot use; printed with the usage of the (sub)command it belongs to."""

    def __init__(self, message: str, *, usage: str, prog: str, flag: str | None = None) -> None:
        super().__init__([Problem(message, "usage", flag)], "flags")
        self.usage, self.prog, self.message = usage, prog, message

    def __str__(self) -> str:
        return self.message
