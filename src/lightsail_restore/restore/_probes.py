"""The readiness gate's probes: real sockets from this machine to a new instance, one attempt each.

``probe(check, host, timeout)`` makes one attempt of a health check (``request/_health.py``) against ``host`` and
says why it did not pass (``None`` when it passed). The attempt's timeout bounds the connect and each read. Nothing
is retried here: the gate (``ready.py``) tries again until the restore's deadline.
"""

from __future__ import annotations

import http.client
import socket
import ssl

from ..request._health import HealthCheck, HttpCheck, SshCheck

__all__ = ["probe"]

_BANNERS = (b"SSH-2.0-", b"SSH-1.99-")
_BANNER_MAX = 255
"""RFC 4253: the identification line is at most 255 characters, CR LF included."""


def probe(check: HealthCheck, host: str, timeout: float) -> str | None:
    """One attempt of ``check`` against ``host`` (an IPv4 or IPv6 address): ``None`` when it passed, else why not."""
    try:
        if isinstance(check, HttpCheck):
            return _http(check, host, timeout)
        with socket.create_connection((host, check.port), timeout=timeout) as connection:
            return _banner(connection) if isinstance(check, SshCheck) else None
    except TimeoutError:
        return f"no answer within {timeout:g} s"
    except (OSError, http.client.HTTPException) as exc:
        return _in_words(exc)


def _banner(connection: socket.socket) -> str | None:
    """Read the server's identification line: ``None`` for an SSH-2.0 banner."""
    received = b""
    while b"\n" not in received and len(received) < _BANNER_MAX:
        chunk = connection.recv(_BANNER_MAX - len(received))
        if not chunk:
            break
        received += chunk
    if received.startswith(_BANNERS):
        return None
    if not received:
        return "the connection was closed without an SSH banner"
    first = received.split(b"\n", 1)[0][:40].decode("ascii", "replace").strip()
    return f"answered {first!r}, not an SSH-2.0 banner"


def _http(check: HttpCheck, host: str, timeout: float) -> str | None:
    """``GET check.path``: ``None`` when it answers the expected status."""
    address = f"[{host}]" if ":" in host else host
    connection: http.client.HTTPConnection
    if check.https:
        context = ssl.create_default_context()
        context.check_hostname = False  # asked by address: a certificate for the site's name does not cover it
        context.verify_mode = ssl.CERT_NONE
        connection = http.client.HTTPSConnection(address, check.port, timeout=timeout, context=context)
    else:
        connection = http.client.HTTPConnection(address, check.port, timeout=timeout)
    try:
        connection.request("GET", check.path, headers={"User-Agent": "lightsail-restore readiness gate"})
        response = connection.getresponse()
        response.read(65536)
        status = response.status
    finally:
        connection.close()
    if status == check.expected_status:
        return None
    return f"answered HTTP {status}, not {check.expected_status}"


def _in_words(error: BaseException) -> str:
    if isinstance(error, ConnectionRefusedError):
        return "connection refused (nothing listens on the port, or the firewall refuses it)"
    if isinstance(error, ConnectionResetError):
        return "the connection was reset"
    if isinstance(error, http.client.RemoteDisconnected):
        return "the server closed the connection without an answer"
    text = getattr(error, "strerror", None) or str(error) or type(error).__name__
    return f"{type(error).__name__}: {text}"
