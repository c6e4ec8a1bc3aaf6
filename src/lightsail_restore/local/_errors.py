"""The service's error answers: AWS JSON 1.1 error bodies with Lightsail's ``code``, ``message``, ``tip``, ``docs``."""

from __future__ import annotations

from typing import Any, Final

__all__ = ["DOCS", "ServiceError", "invalid", "not_found"]

DOCS: Final = "https://docs.aws.amazon.com/lightsail/2016-11-28/api-reference/"
"""Where the ``docs`` member of an error points: the API Reference (the operation's page when known)."""


class ServiceError(Exception):
    """An error answer: AWS error type (``__type``), Lightsail ``code``, message, tip and HTTP status.

    Args:
        error_type: The AWS error type, e.g. ``InvalidInputException``; botocore's ``Error.Code``.
        message: What went wrong, in the service's words.
        tip: What to do about it.
        code: Lightsail's ``code`` member; by default the type without ``Exception`` (``InvalidInput``).
        status: The HTTP status.
    """

    def __init__(self, error_type: str, message: str, *, tip: str = "", code: str = "", status: int = 400) -> None:
        super().__init__(message)
        self.error_type = error_type
        self.message = message
        self.tip = tip
        self.code = code or error_type.removesuffix("Exception")
        self.status = status

    def body(self, operation: str | None = None) -> dict[str, Any]:
        """The JSON 1.1 error body; ``docs`` names the operation's API Reference page when given."""
        docs = f"{DOCS}API_{operation}.html" if operation else DOCS
        return {"__type": self.error_type, "code": self.code, "message": self.message, "tip": self.tip, "docs": docs}


def invalid(message: str, tip: str) -> ServiceError:
    """An ``InvalidInputException`` (HTTP 400): the request breaks one of the service's rules."""
    return ServiceError("InvalidInputException", message, tip=tip)


def not_found(message: str, tip: str) -> ServiceError:
    """A ``NotFoundException`` (HTTP 400): a resource the request names does not exist in the Region."""
    return ServiceError("NotFoundException", message, tip=tip)
