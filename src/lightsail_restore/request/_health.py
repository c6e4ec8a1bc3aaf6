"""The health checks of the readiness gate: what must answer on a new instance before anything moves to it.

Three kinds, each with its own timeout per attempt: ``TcpCheck`` (a connection is accepted), ``HttpCheck`` (a
``GET`` of a path answers an expected status, over TLS with ``https``) and ``SshCheck`` (the server sends an
``SSH-2.0`` banner). Each is checked when made, as every request is: a refusal names the member and the rule, and
``parse_health_checks`` names it inside the list (``healthChecks[1].port``). The command's shorthand
(``tcp:22``, ``http:80/healthz``, ``https:443/``, ``ssh``, ``ssh:2222``) is read by ``HealthCheck.parse``.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Annotated, ClassVar

from pydantic import Field, computed_field

from .._document import AS_GIVEN, OrderedDocument
from ..errors import Issue, RequestValidationError

__all__ = ["HealthCheck", "HttpCheck", "SshCheck", "TcpCheck", "parse_health_checks"]

DEFAULT_TIMEOUT = 5.0
"""Seconds one attempt of a check may take (connect, and each read) unless told otherwise."""
_MAX_TIMEOUT = 300.0
_PATH = re.compile(r"/[!-~]*")
"""An absolute path of visible ASCII (no spaces, no control characters): what a request line can carry."""


def _port_issues(port: object) -> list[Issue]:
    if isinstance(port, bool) or not isinstance(port, int):
        return [Issue("port", "type", "must be a whole number from 1 to 65535")]
    if not 1 <= port <= 65535:
        return [Issue("port", "port_range", "must be from 1 to 65535")]
    return []


def _timeout_issues(timeout: object) -> list[Issue]:
    if isinstance(timeout, bool) or not isinstance(timeout, int | float):
        return [Issue("timeout", "type", "must be a number of seconds")]
    if not math.isfinite(timeout) or not 0 < timeout <= _MAX_TIMEOUT:
        return [Issue("timeout", "timeout_range", f"must be above 0 and at most {_MAX_TIMEOUT:g} seconds")]
    return []


@dataclass(frozen=True)
class HealthCheck(OrderedDocument):
    """A check of a new instance that must pass before the static IP moves to it (see the subclasses).

    ``to_dict()``: ``check`` (the shorthand), ``kind``, ``port``, ``timeoutSeconds``, and an HTTP check's ``path``
    and ``expectedStatus``.

    Attributes:
        port: The TCP port probed on the instance's public address.
        timeout: Seconds one attempt may take (to connect, and for each read); it is tried again until the
            restore's deadline.
    """

    MEMBERS: ClassVar[tuple[str, ...]] = ("check", "kind", "port", "timeoutSeconds")
    """The document's first members, in their order (an HTTP check's after them)."""

    port: int
    timeout: Annotated[float, AS_GIVEN, Field(alias="timeoutSeconds")] = DEFAULT_TIMEOUT
    _KIND: ClassVar[str] = ""

    @computed_field  # type: ignore[prop-decorator]
    @property
    def kind(self) -> str:
        """``tcp``, ``http``, ``https`` or ``ssh``."""
        return self._KIND

    def __post_init__(self) -> None:
        issues = _port_issues(self.port) + _timeout_issues(self.timeout) + self._more_issues()
        if issues:
            raise RequestValidationError(issues)

    def _more_issues(self) -> list[Issue]:
        return []

    def describe(self) -> str:
        """The check in the command's shorthand (``tcp:22``, ``http:80/healthz``)."""
        return f"{self.kind}:{self.port}"

    @computed_field(alias="check")  # type: ignore[prop-decorator]
    @property
    def _check(self) -> str:
        return self.describe()

    @staticmethod
    def parse(text: str, *, timeout: float = DEFAULT_TIMEOUT) -> HealthCheck:
        """A check from the command's shorthand: ``tcp:PORT``, ``http:PORT/PATH``, ``https:PORT/PATH``, ``ssh[:PORT]``.

        Raises:
            RequestValidationError: Not one of these forms, or a port or path that breaks its rule.
        """
        kind, _, rest = text.partition(":")
        kind = kind.strip().lower()
        if kind == "ssh" and not rest:
            return SshCheck(timeout=timeout)
        digits = re.match(r"\d+", rest)
        if kind not in ("tcp", "http", "https", "ssh") or digits is None:
            message = "must be tcp:PORT, http:PORT/PATH, https:PORT/PATH or ssh[:PORT] (e.g. http:80/healthz)"
            raise RequestValidationError([Issue("", "health_check_form", message)])
        port, path = int(digits.group()), rest[digits.end() :]
        if kind in ("http", "https"):
            return HttpCheck(port=port, path=path or "/", https=kind == "https", timeout=timeout)
        if path:
            raise RequestValidationError([Issue("", "health_check_form", f"a {kind} check takes a port, no path")])
        return TcpCheck(port=port, timeout=timeout) if kind == "tcp" else SshCheck(port=port, timeout=timeout)


@dataclass(frozen=True)
class TcpCheck(HealthCheck):
    """Passes when a TCP connection to the port is accepted."""

    _KIND: ClassVar[str] = "tcp"


@dataclass(frozen=True)
class SshCheck(HealthCheck):
    """Passes when the server on the port sends an SSH-2.0 banner (``SSH-2.0-...``, or ``SSH-1.99-...``)."""

    port: int = 22
    _KIND: ClassVar[str] = "ssh"


@dataclass(frozen=True)
class HttpCheck(HealthCheck):
    """Passes when ``GET path`` answers ``expected_status`` (over TLS with ``https``, the certificate not verified).

    Attributes:
        path: The absolute path asked for (``/healthz``).
        expected_status: The HTTP status that passes.
        https: Speak TLS. The certificate is not verified: the probe asks the instance by its address, which a
            certificate for the site's name does not cover.
    """

    path: str = "/"
    expected_status: int = 200
    https: Annotated[bool, Field(exclude=True)] = False

    @property
    def kind(self) -> str:
        """``https`` or ``http``."""
        return "https" if self.https else "http"

    def _more_issues(self) -> list[Issue]:
        issues = []
        if not isinstance(self.path, str) or not _PATH.fullmatch(self.path):
            issues.append(Issue("path", "http_path", "must start with / and hold only visible ASCII (no spaces)"))
        status = self.expected_status
        if isinstance(status, bool) or not isinstance(status, int) or not 100 <= status <= 599:
            issues.append(Issue("expectedStatus", "http_status", "must be an HTTP status from 100 to 599"))
        https: object = self.https  # callers outside mypy pass anything
        if not isinstance(https, bool):
            issues.append(Issue("https", "type", "must be True or False"))
        return issues

    def describe(self) -> str:
        """``http:80/healthz``; `` expects 204`` added when the status that passes is not 200."""
        expects = "" if self.expected_status == 200 else f" expects {self.expected_status}"
        return f"{self.kind}:{self.port}{self.path}{expects}"


def parse_health_checks(checks: Sequence[HealthCheck | str] | None) -> tuple[HealthCheck, ...]:
    """Every check of ``checks`` (models, or the command's shorthand), each refusal named by its place in the list.

    Raises:
        RequestValidationError: One issue per broken check (paths ``healthChecks[i]`` and ``healthChecks[i].port``).
    """
    if checks is None:
        return ()
    if isinstance(checks, str | bytes) or not isinstance(checks, Sequence):
        raise RequestValidationError(
            [Issue("healthChecks", "type", "must be a list of health checks (TcpCheck, HttpCheck, SshCheck, 'tcp:22')")]
        )
    parsed: list[HealthCheck] = []
    issues: list[Issue] = []
    for index, check in enumerate(checks):
        where = f"healthChecks[{index}]"
        try:
            parsed.append(HealthCheck.parse(check) if isinstance(check, str) else _model(check))
        except RequestValidationError as exc:
            issues += [Issue(f"{where}.{i.path}" if i.path else where, i.rule, i.message) for i in exc.issues]
    if issues:
        raise RequestValidationError(issues)
    return tuple(parsed)


def _model(check: object) -> HealthCheck:
    if not isinstance(check, HealthCheck):
        message = "must be a TcpCheck, HttpCheck or SshCheck, or a string such as 'http:80/healthz'"
        raise RequestValidationError([Issue("", "type", message)])
    return check
