"""Resource names: the service's naming rule (E22) and the one namespace every resource of a Region shares (E21)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Final

from ._errors import invalid, name_in_use

__all__ = ["check_free", "check_name"]

_NAME: Final = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9._-]{0,253}[A-Za-z0-9])")


def check_name(name: object) -> str:
    """``name`` if it is a valid resource name: 2-255 letters, digits, ``.``, ``-``, ``_``, alphanumeric ends.

    Raises:
        ServiceError: InvalidInputException with the service's message (E22, verbatim).
    """
    if not isinstance(name, str) or not _NAME.fullmatch(name):
        raise invalid(
            f"{name} is not a valid resource name. Resource names must be at least 2 characters long and "
            "contain only alphanumerics, -, _, and ."
        )
    return name


def check_free(wanted: Iterable[str], taken: set[str]) -> None:
    """Refuse the first name of ``wanted`` that is in ``taken`` or wanted twice.

    Raises:
        ServiceError: InvalidInputException, code ``NameExists``, "Some names are already in use: <name>" (E20).
    """
    names = list(wanted)
    for name in names:
        if name in taken or names.count(name) > 1:
            raise name_in_use(name)
