"""The service's error answers: AWS JSON 1.1 error bodies as Lightsail writes them.

``__type`` is the exception (botocore's ``Error.Code``); ``code`` is Lightsail's own code, which is not the
exception's name (``NameExists`` in an InvalidInputException, E20; ``DoesNotExist`` in a NotFoundException,
inferred from E18/E19); ``tip`` and ``docs`` appear only where Lightsail documents them (E16b, E20).
"""

from __future__ import annotations

from typing import Any, Final

__all__ = [
    "DOES_NOT_EXIST",
    "INVALID_INPUT",
    "NAME_EXISTS",
    "ServiceError",
    "invalid",
    "name_in_use",
    "not_found",
]

NAME_EXISTS: Final = "NameExists"
"""Lightsail's ``code`` for a name already in use (E20, recorded)."""

DOES_NOT_EXIST: Final = "DoesNotExist"
"""Lightsail's ``code`` for a missing resource (E18, E19: inferred, no recorded body)."""

INVALID_INPUT: Final = "InvalidInput"
"""This backend's ``code`` for any other broken rule: the real codes are unknown."""


class ServiceError(Exception):
    """An error answer: AWS error type (``__type``), Lightsail ``code``, message, optional tip and docs, HTTP status.

    Args:
        error_type: The AWS error type, e.g. ``InvalidInputException``; botocore's ``Error.Code``.
        message: What went wrong, in the service's words.
        tip: Lightsail's ``tip`` member; left out of the body when empty.
        code: Lightsail's ``code`` member; by default the type without ``Exception`` (``InvalidInput``).
        status: The HTTP status.
        docs: Lightsail's ``docs`` member; left out of the body when empty.
    """

    def __init__(
        self, error_type: str, message: str, *, tip: str = "", code: str = "", status: int = 400, docs: str = ""
    ) -> None:
        super().__init__(message)
        self.error_type = error_type
        self.message = message
        self.tip = tip
        self.code = code or error_type.removesuffix("Exception")
        self.status = status
        self.docs = docs

    def body(self, operation: str | None = None) -> dict[str, Any]:
        """The JSON 1.1 error body: ``__type``, ``code``, ``message``, and ``tip``/``docs`` when there are some.

        Args:
            operation: The operation answered (kept for callers; the body does not depend on it).
        """
        body: dict[str, Any] = {"__type": self.error_type, "code": self.code, "message": self.message}
        if self.tip:
            body["tip"] = self.tip
        if self.docs:
            body["docs"] = self.docs
        return body


def invalid(message: str) -> ServiceError:
    """An ``InvalidInputException`` (HTTP 400): the request breaks one of the service's rules."""
    return ServiceError("InvalidInputException", message, code=INVALID_INPUT)


def not_found(message: str) -> ServiceError:
    """A ``NotFoundException`` (HTTP 400) with code ``DoesNotExist``: a resource named does not exist in the Region."""
    return ServiceError("NotFoundException", message, code=DOES_NOT_EXIST)


def name_in_use(name: str) -> ServiceError:
    """E20 verbatim: ``InvalidInputException``, code ``NameExists``, "Some names are already in use: <name>"."""
    return ServiceError("InvalidInputException", f"Some names are already in use: {name}", code=NAME_EXISTS)
