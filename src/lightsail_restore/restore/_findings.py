"""What the plan finds: one ``Finding`` per problem or remark, each with a rule id, an AWS path and a severity."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Annotated, ClassVar, Literal

from pydantic import Field

from ._document import OrderedDocument

__all__ = ["Finding", "Findings", "Severity", "near"]

Severity = Literal["error", "warning", "info"]
"""``error`` stops the restore (nothing is sent); ``warning`` and ``info`` do not."""

_ORDER: dict[Severity, int] = {"error": 0, "warning": 1, "info": 2}


def near(name: str, names: Iterable[str]) -> str:
    """`` (did you mean a or b?)`` for the names close to ``name`` (a misspelling), or nothing."""
    close = difflib.get_close_matches(name, sorted(set(names)), n=3, cutoff=0.6)
    return f" (did you mean {' or '.join(close)}?)" if close else ""


@dataclass(frozen=True, slots=True)
class Finding(OrderedDocument):
    """One result of the plan.

    ``to_dict()``: ``severity``, ``path``, ``rule``, ``message``.

    Attributes:
        rule: A stable rule id, e.g. ``X6_bundle_too_small``.
        path: The AWS path of the member concerned, e.g. ``bundleId``.
        severity: ``error`` (the request would fail: nothing is sent), ``warning`` or ``info``.
        message: What is wrong and what to do instead, naming the library's options and the AWS members (never
            a command-line flag).
        params: The parameters the message names, the one the finding is about first (``Issue.params``): library
            options (``copy_ports``), an option with its value (``provenance=False``) or AWS members (``addOns``);
            empty when ``path`` says it.
    """

    MEMBERS: ClassVar[tuple[str, ...]] = ("severity", "path", "rule", "message")
    """The document's members, in their order (``params`` is not in it)."""

    rule: str
    path: str
    severity: Severity
    message: str
    params: Annotated[tuple[str, ...], Field(exclude=True)] = ()

    def __str__(self) -> str:
        return f"{self.severity}: {self.path or '(request)'}: {self.message} [{self.rule}]"


class Findings(list[Finding]):
    """The findings gathered so far; ``sorted()`` gives them errors first, in the order found."""

    def add(self, rule: str, path: str, severity: Severity, message: str, *, params: tuple[str, ...] = ()) -> None:
        """Record one finding (``params``: the parameters its message names, ``Finding.params``)."""
        self.append(Finding(rule, path, severity, message, params))

    def sorted(self) -> tuple[Finding, ...]:
        """Errors first, then warnings, then remarks; within a severity, in the order found."""
        return tuple(sorted(self, key=lambda f: _ORDER[f.severity]))
