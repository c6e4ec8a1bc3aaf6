"""The ``lightsail-restore`` command: plan, restore and watch from a shell, against AWS or the local backend.

Exit codes: 0 done; 1 the service refused (AWS, or the local backend, named as such), an instance failed or
timed out, or no answer came; 2 refused before sending (bad flags, broken rules, plan errors, configuration),
every problem on stderr by flag and rule; 130 interrupted (Ctrl-C), 143 terminated (SIGTERM), each saying what
was already created and the command that resumes. ``userData`` is never printed or logged. See ``docs/cli.md``.

This module stays small: ``main`` takes over Ctrl-C and SIGTERM before anything heavy is imported. The package's
modules are private: ``_parser`` (the command line), ``_secret_words`` (values a usage error never shows back),
``_flags`` (request flags and the parameters' flags), ``_values`` and ``_shorthand`` (flag values), ``_request``
(the request), ``_context`` (the backend), ``_local`` (the local state file), ``_commands``, ``_documents`` (JSON),
``_human`` (tables), ``_render`` (JSON, text, YAML, ``--query``), ``_progress``, ``_style``, ``_hints`` (commands
to copy), ``_interrupts``, ``_streams`` (closed or full stdout and stderr), ``_skeleton``, ``_debuglog`` and
``_app`` (one run), and one module a command or flag group (``_drill``, ``_retire``, ``_points``, ``_bundles``, ...).
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Sequence
from typing import Any, TextIO

from . import _interrupts, _streams

__all__ = ["main"]


def _early_document(argv: Sequence[str] | None, out: TextIO, document: dict[str, Any]) -> None:
    """The document of an outcome reached before the command line was parsed, as ``--output``/``--query`` ask."""
    from ._render import early_render

    text = early_render(list(sys.argv[1:] if argv is None else argv), document)
    if text is not None:
        with contextlib.suppress(_streams.OutputError):
            _streams.write_output(out, text)


def main(argv: Sequence[str] | None = None, *, stdout: TextIO | None = None, stderr: TextIO | None = None) -> int:
    """Run ``lightsail-restore`` with ``argv`` (``sys.argv[1:]`` by default) and return its exit code.

    Never raises for a refusal, a service error, a failed instance or an interruption: each is an exit code
    and a message on ``stderr`` (and, with ``--output json``, one JSON document on ``stdout``). A closed or full
    ``stderr`` is written to as far as it goes; a closed or full ``stdout`` is a message on ``stderr`` and exit 1.
    """
    out = stdout if stdout is not None else (sys.stdout if sys.stdout is not None else _streams.closed_stream())
    err = _streams.stderr_sink(stderr if stderr is not None else sys.stderr)
    with _interrupts.handle_signals():
        try:
            from ._app import run

            return run(argv, out, err)
        except _interrupts.Interrupted as interrupted:
            _interrupts.ignore_signals()
            document = {"signal": interrupted.name, "createSent": False, "created": [], "resume": None}
            _early_document(argv, out, {"ok": False, "interrupted": document, "backend": None})
            err.write(f"lightsail-restore: interrupted ({interrupted.what}) before anything was sent.\n")
            err.flush()
            return interrupted.code
        except BrokenPipeError:  # stdout closed early (``| head``): stop quietly, as other commands do
            with contextlib.suppress(OSError, ValueError):
                os.dup2(os.open(os.devnull, os.O_WRONLY), out.fileno())
            return 1
        except Exception as exc:  # the last net: a bug is a message, never a traceback (--debug reports it whole)
            message = f"internal error ({type(exc).__name__}); please report it"
            error = {"by": "command", "errorCode": "InternalError", "message": message}
            _early_document(argv, out, {"ok": False, "error": error, "backend": None})
            err.write(f"lightsail-restore: {message}\n")
            return 1
