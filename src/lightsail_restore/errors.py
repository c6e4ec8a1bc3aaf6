"""Exceptions raised by lightsail_restore, and the one boundary where botocore's errors become ours.

The tree::

    LightsailRestoreError                 root of everything this library raises
    ├── RequestValidationError            refused before sending; nothing left the process (also a ValueError)
    │   └── PlanRefusedError              the plan found errors in the account; .plan holds every finding
    ├── LightsailError                    AWS answered with an error (an unknown code lands here itself)
    │   ├── InvalidInputException         input broke a service rule (names in use, plan size, ...)
    │   ├── NotFoundException             a resource (snapshot, source instance, key pair) does not exist
    │   ├── OperationFailureException     the operation failed to execute
    │   ├── AccessDeniedException         credentials lack access
    │   ├── AccountSetupInProgressException   retryable: the account is still being set up
    │   ├── RegionSetupInProgressException    retryable: an opt-in Region is still being set up
    │   ├── UnauthenticatedException      not authenticated
    │   └── ServiceException              retryable: a server-side fault
    ├── ResponseShapeError                AWS answered 2xx, but in a shape we do not understand
    ├── TransportError                    no answer at all: connection failure or timeout
    ├── SourceRegionUnreachableError      cross-Region: the source Region did not answer and no copy stands in
    ├── OperationError                    a cut-over operation failed, ended in an unknown status, or timed out
    ├── ReadinessError                    the readiness gate did not pass: which check, how often tried, its last error
    └── RestoreFailedError                the restore did not complete; .outcome holds every instance

Dispatch is on the AWS error code (``__type``), never on the HTTP status: Lightsail's documented statuses
disagree with its Smithy model (evidence C-5.1). The one exception is a page from a gateway in front
of the service (HTML, no JSON): botocore then reports the status itself as the code (``"503"``).

Which errors are worth another try is decided here only: ``is_retryable(error)`` (throttling, server faults,
gateway pages, set-up in progress, no answer at all), and ``is_name_in_use(error)`` (Lightsail's "Some names are
already in use", body ``code`` ``NameExists``).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

if TYPE_CHECKING:  # botocore is imported when an error is mapped, so `lightsail-restore --help` starts without it
    from botocore.exceptions import ClientError

__all__ = [
    "AccessDeniedException",
    "AccountSetupInProgressException",
    "InvalidInputException",
    "Issue",
    "LightsailError",
    "LightsailRestoreError",
    "NotFoundException",
    "OperationFailureException",
    "RegionSetupInProgressException",
    "RequestValidationError",
    "ResponseShapeError",
    "ServiceException",
    "SourceRegionUnreachableError",
    "TransportError",
    "UnauthenticatedException",
    "from_client_error",
    "is_name_in_use",
    "is_retryable",
    "mapped_client_errors",
]


class LightsailRestoreError(Exception):
    """Root of every exception this library raises.

    Every one pickles and copies whole (``pickle``, ``copy.copy``, ``copy.deepcopy``): the same class, message and
    attributes, rebuilt without calling ``__init__`` again (whose arguments are not its ``args``). A pickle carries no
    ``userData``: an error holding a request (``PlanRefusedError.plan``, ``RestoreFailedError.outcome``) is
    pickled with the request's ``userData`` left out (``_pickled``); a copy in the same process keeps it.
    """

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuilt, (type(self), self.args, self._pickled()))

    def __copy__(self) -> LightsailRestoreError:
        return _rebuilt(type(self), self.args, dict(vars(self)))

    def __deepcopy__(self, memo: dict[int, Any]) -> LightsailRestoreError:
        import copy

        return _rebuilt(type(self), copy.deepcopy(self.args, memo), copy.deepcopy(dict(vars(self)), memo))

    def _pickled(self) -> dict[str, Any]:
        """The attributes a pickle carries (all of them; a class holding a request leaves its ``userData`` out)."""
        return dict(vars(self))


def _rebuilt(cls: type[LightsailRestoreError], args: tuple[Any, ...], state: dict[str, Any]) -> LightsailRestoreError:
    """An exception of ``cls`` with these ``args`` and attributes (how a pickle or a copy comes back)."""
    error = cls.__new__(cls, *args)
    error.args = args
    vars(error).update(state)
    return error


@dataclass(frozen=True, slots=True)
class Issue:
    """One problem with a request: where it is (AWS path), which rule it breaks, and what is allowed.

    Attributes:
        path: The AWS path of the offending member, e.g.
            ``addOns[0].autoSnapshotAddOnRequest.snapshotTimeOfDay``; empty for the request as a whole.
        rule: A stable rule id, e.g. ``time_of_day`` or ``X1_exclusive_source``.
        message: A sentence saying what is allowed. It never contains the input value. It names the library's
            options and the AWS members as they are spelled here (``copy_ports``, ``staticIpName``), never a
            command-line flag.
        params: The parameters the message names, the one the issue is about first: library options
            (``move_static_ip``), an option with the value it is about (``wait=False``) or AWS members
            (``targetSnapshotName``); empty when ``path`` says it. The command line says each as its flag.
    """

    path: str
    rule: str
    message: str
    params: tuple[str, ...] = ()

    def __str__(self) -> str:
        where = self.path or "(request)"
        return f"{where}: {self.message} [{self.rule}]"


class RequestValidationError(LightsailRestoreError, ValueError):
    """The request was refused before sending: nothing left the process.

    Attributes:
        issues: The problems found, each with its AWS path, rule id and message (at most 50 from the request
            models: a request with more problems names the first ones and counts the rest in ``omitted``).
        omitted: How many more problems were found but not listed.
    """

    def __init__(self, issues: tuple[Issue, ...] | list[Issue], *, omitted: int = 0) -> None:
        self.issues: tuple[Issue, ...] = tuple(issues)
        self.omitted = omitted
        lines = "\n".join(f"  - {issue}" for issue in self.issues)
        count = len(self.issues) + omitted
        noun = "problem" if count == 1 else "problems"
        if omitted:
            lines += f"\n  ... and {omitted} more"
            noun += f", the first {len(self.issues)} listed"
        super().__init__(f"request refused before sending ({count} {noun}):\n{lines}")

    @property
    def rules(self) -> tuple[str, ...]:
        """The rule ids of all issues, in order."""
        return tuple(issue.rule for issue in self.issues)

    @property
    def paths(self) -> tuple[str, ...]:
        """The AWS paths of all issues, in order."""
        return tuple(issue.path for issue in self.issues)


class LightsailError(LightsailRestoreError):
    """AWS answered with an error. An error code we do not model (throttling, a new exception) is this class.

    Attributes:
        error_code: The AWS error type, e.g. ``NotFoundException`` (``e.response["Error"]["Code"]``).
        code: Lightsail's own ``code`` body member, when present.
        message: The message AWS gave.
        tip: Lightsail's ``tip`` body member: what to do about it, when present.
        docs: Lightsail's ``docs`` body member, when present.
        request_id: The AWS request id, for support tickets.
        http_status: The HTTP status of the answer (informational only: do not dispatch on it).
    """

    retryable: ClassVar[bool] = False
    """Whether trying the same request again later can succeed."""

    def __init__(
        self,
        message: str,
        *,
        error_code: str,
        code: str | None = None,
        tip: str | None = None,
        docs: str | None = None,
        request_id: str | None = None,
        http_status: int | None = None,
    ) -> None:
        self.error_code = error_code
        self.code = code
        self.message = message
        self.tip = tip
        self.docs = docs
        self.request_id = request_id
        self.http_status = http_status
        super().__init__(message)

    @property
    def is_retryable(self) -> bool:
        """Whether trying the same request again later can succeed (throttling, server faults, set-up).

        True for the retryable classes, for throttling and server-fault codes we do not model, and for any
        HTTP 5xx (a gateway page arrives with the status as its code, e.g. ``"503"``).
        """
        if self.retryable or self.error_code in _RETRYABLE_UNMODELLED:
            return True
        status = self.http_status
        if status is None and self.error_code.isdigit():
            status = int(self.error_code)
        return status is not None and 500 <= status <= 599

    def __str__(self) -> str:
        parts = [f"{self.error_code}: {self.message}"]
        if self.tip:
            parts.append(f"tip: {self.tip}")
        if self.request_id:
            parts.append(f"request id: {self.request_id}")
        return " | ".join(parts)

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(error_code={self.error_code!r}, message={self.message!r}, "
            f"request_id={self.request_id!r}, http_status={self.http_status!r})"
        )


class InvalidInputException(LightsailError):
    """The input broke a service rule: a name in use, a plan too small, a date with no snapshot, ..."""


class NotFoundException(LightsailError):
    """A resource the request refers to (snapshot, source instance, key pair) does not exist."""


class OperationFailureException(LightsailError):
    """The operation failed to execute; inspect the operation for details."""


class AccessDeniedException(LightsailError):
    """The credentials cannot be authenticated or lack access to the resource."""


class AccountSetupInProgressException(LightsailError):
    """The account is still being set up; retry after a delay."""

    retryable: ClassVar[bool] = True


class RegionSetupInProgressException(LightsailError):
    """An opt-in Region is still being set up; retry after a few minutes."""

    retryable: ClassVar[bool] = True


class UnauthenticatedException(LightsailError):
    """The request was not authenticated."""


class ServiceException(LightsailError):
    """A general server-side fault; retrying may succeed."""

    retryable: ClassVar[bool] = True


class ResponseShapeError(LightsailRestoreError):
    """AWS answered 2xx, but in a shape this library does not understand."""


class TransportError(LightsailRestoreError):
    """No answer from AWS: the connection failed or timed out (after botocore's own retries)."""


class SourceRegionUnreachableError(LightsailRestoreError):
    """A cross-Region restore's source Region did not answer, and no copy an earlier run made can stand in for it.

    Raised by the plan when a read of the source Region fails on an error retrying may fix (no answer, throttling,
    a 5xx: what outlasted botocore's own retries) and the target Region holds no copy of this request's source under
    the copy's name. Nothing was sent. Run the same restore again once the source Region answers.

    Attributes:
        region: The source Region.
        cause: The error the read met (a ``TransportError`` or a retryable ``LightsailError``).
    """

    def __init__(self, message: str, *, region: str, cause: LightsailRestoreError) -> None:
        self.region = region
        self.cause = cause
        super().__init__(message)


_MODELLED: Mapping[str, type[LightsailError]] = {
    cls.__name__: cls
    for cls in (
        InvalidInputException,
        NotFoundException,
        OperationFailureException,
        AccessDeniedException,
        AccountSetupInProgressException,
        RegionSetupInProgressException,
        UnauthenticatedException,
        ServiceException,
    )
}

_RETRYABLE_UNMODELLED = frozenset(
    {
        "ThrottlingException",
        "Throttling",
        "TooManyRequestsException",
        "RequestLimitExceeded",
        "ServiceUnavailable",
        "InternalFailure",
        "InternalError",
        "RequestTimeout",
        "RequestTimeoutException",
        "PriorRequestNotComplete",
        "502",
        "503",
        "504",
    }
)

_NAME_IN_USE_CODE = "NameExists"
_NAME_IN_USE_TEXT = "some names are already in use"


def is_retryable(error: BaseException) -> bool:
    """Whether the same call can succeed if made again later: the one place this is decided.

    True for ``TransportError`` (no answer: a connection reset or a timeout) and for a ``LightsailError`` whose
    ``is_retryable`` is true (throttling, ``InternalFailure``, ``ServiceUnavailable``, any 5xx with or without a
    JSON body, account or Region set-up in progress). False for everything else (access denied, a missing
    resource, a refused input): retrying cannot fix those.
    """
    if isinstance(error, TransportError):
        return True
    return isinstance(error, LightsailError) and error.is_retryable


def is_name_in_use(error: BaseException) -> bool:
    """Whether AWS refused because a name is taken: body ``code`` ``NameExists`` or "Some names are already in use".

    (evidence E20, E21: the ``code`` is AWS's; the message text is the same for every resource type.)
    """
    if not isinstance(error, LightsailError):
        return False
    return error.code == _NAME_IN_USE_CODE or _NAME_IN_USE_TEXT in error.message.lower()


def _str_or_none(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def from_client_error(error: ClientError) -> LightsailError:
    """Turn a botocore ``ClientError`` into the matching typed error (not raised, not chained).

    Args:
        error: The error botocore raised.

    Returns:
        An instance of the class named by the AWS error code, or a plain ``LightsailError`` for a code we
        do not model.
    """
    response: Mapping[str, Any] = error.response or {}
    err: Mapping[str, Any] = response.get("Error") or {}
    meta: Mapping[str, Any] = response.get("ResponseMetadata") or {}
    error_code = _str_or_none(err.get("Code")) or "Unknown"
    message = _str_or_none(response.get("message")) or _str_or_none(err.get("Message")) or error_code
    status = meta.get("HTTPStatusCode")
    cls = _MODELLED.get(error_code, LightsailError)
    return cls(
        message,
        error_code=error_code,
        code=_str_or_none(response.get("code")),
        tip=_str_or_none(response.get("tip")),
        docs=_str_or_none(response.get("docs")),
        request_id=_str_or_none(meta.get("RequestId")),
        http_status=status if isinstance(status, int) else None,
    )


def _raised_in_botocore_parser(exc: BaseException) -> bool:
    """Whether the exception passed through botocore's response parser (``botocore.parsers``) on its way up."""
    tb = exc.__traceback__
    while tb is not None:
        if tb.tb_frame.f_globals.get("__name__") == "botocore.parsers":
            return True
        tb = tb.tb_next
    return False


@contextmanager
def mapped_client_errors() -> Iterator[None]:
    """Map botocore errors raised inside the block to this library's typed errors, chained with ``from``.

    Raises:
        LightsailError: AWS answered with an error (a subclass for a modelled code).
        TransportError: No answer: connection failure or timeout.
        ResponseShapeError: botocore's response parser crashed on the answer (a body botocore cannot read,
            e.g. ``"operations": "nope"``); any other exception passes through unchanged.
    """
    from botocore.exceptions import (
        ClientError,
        ConnectionClosedError,
        ConnectTimeoutError,
        EndpointConnectionError,
        ReadTimeoutError,
    )
    from botocore.exceptions import ConnectionError as BotocoreConnectionError
    from botocore.exceptions import HTTPClientError as BotocoreHTTPClientError

    transport = (
        EndpointConnectionError,
        ConnectTimeoutError,
        ReadTimeoutError,
        ConnectionClosedError,
        BotocoreConnectionError,
        BotocoreHTTPClientError,
    )
    try:
        yield
    except ClientError as exc:
        raise from_client_error(exc) from exc
    except transport as exc:
        raise TransportError(f"no answer from AWS Lightsail: {exc}") from exc
    except Exception as exc:
        if not _raised_in_botocore_parser(exc):
            raise
        # botocore's message may quote the answer: name the failure only (the cause keeps the details).
        raise ResponseShapeError(
            f"AWS answered in a shape botocore's response parser cannot read ({type(exc).__name__})"
        ) from exc
