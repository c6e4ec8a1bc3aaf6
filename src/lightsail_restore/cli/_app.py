"""One run of the command: parse, decide the backend, run the subcommand, print its report; never a traceback.

Every outcome is a report: the document on stdout (``--output json|text|yaml``, filtered by ``--query``), or the
readable lines (``table``), and problems on stderr in every mode. Exit codes: 0 done; 1 the service refused,
an instance failed or timed out, or no answer; 2 refused before sending; 130 and 143 interrupted.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
from collections.abc import Sequence
from typing import Any, TextIO

from . import _documents as documents
from . import _human as human
from ._commands import COMMANDS, Env, Report, schema
from ._context import Backend, Context, resolve
from ._debuglog import debug_logging
from ._drill import DRILL_COMMANDS
from ._errors import Problem, Refusal, UsageError
from ._hints import HIDDEN_USER_DATA, put_back_command, resume_command
from ._interrupts import CreateWatch, Interrupted, ignore_signals, writes_left
from ._layout import fit, width_of
from ._local import state_problem
from ._parser import parse_args
from ._render import compile_query, early_render, render
from ._skeleton import skeleton_text
from ._streams import OutputError, write_output
from ._style import Style, wants_color

__all__ = ["run"]

EXIT_FAILED, EXIT_REFUSED = 1, 2


def _raised_in(exc: BaseException, package: str) -> bool:
    tb = exc.__traceback__
    while tb is not None:
        name = str(tb.tb_frame.f_globals.get("__name__", ""))
        if name == package or name.startswith(package + "."):
            return True
        tb = tb.tb_next
    return False


def _config_errors() -> tuple[type[BaseException], ...]:
    from botocore.exceptions import NoCredentialsError, NoRegionError, PartialCredentialsError

    return (NoCredentialsError, PartialCredentialsError, NoRegionError)


class Runner:
    """Runs one parsed command line and prints its report."""

    def __init__(self, args: argparse.Namespace, argv: Sequence[str], stdout: TextIO, stderr: TextIO) -> None:
        self.args, self.argv, self.stdout, self.stderr = args, argv, stdout, stderr
        self.context: Context | None = None
        self.env: Env | None = None
        self.query: Any = None

    @property
    def output(self) -> str:
        if self.context is not None:
            return self.context.output
        return getattr(self.args, "output", None) or "table"

    def run(self) -> int:
        """Run the command; every failure becomes a report and an exit code."""
        report = self._report()
        ignore_signals()  # the outcome is decided: print it whole
        self.emit(report)
        return report.code

    def _report(self) -> Report:
        from .. import LightsailError, LightsailRestoreError

        try:
            return self._command()
        except Refusal as refusal:
            return self.refusal(refusal)
        except LightsailError as error:
            backend = self.context.backend if self.context else None
            service = backend.service if backend else "AWS"
            lines = [f"lightsail-restore: {service} refused: {error.error_code}: {error.message}"]
            lines += [f"  tip: {error.tip}"] if error.tip else []
            lines += [f"  request id: {error.request_id}"] if error.request_id else []
            return Report(EXIT_FAILED, documents.error_document(error, backend), problems=lines)
        except Interrupted as interrupted:
            ignore_signals()
            return self.interrupted(interrupted)
        except Exception as exc:
            return self._unexpected(exc, LightsailRestoreError)

    def _unexpected(self, exc: Exception, library_error: type[Exception]) -> Report:
        from botocore.exceptions import BotoCoreError

        backend = self.context.backend if self.context else None
        if isinstance(exc, _config_errors()):
            problem = f"{exc}; nothing was sent (see --region and --profile, or use --local)"
            return self.refusal(Refusal([Problem(problem, "aws_configuration")], "configuration"))
        if backend is not None and backend.kind == "local" and _raised_in(exc, "lightsail_restore.local"):
            assert backend.state_file is not None  # noqa: S101 - every local backend has one
            watch = self.env.watch if self.env else None
            if watch is not None and watch.changes:
                return self._state_lost(backend, exc, watch)
            return self.refusal(state_problem(backend.state_file, exc))
        if isinstance(exc, library_error | BotoCoreError):
            message = f"lightsail-restore: {exc}"
            return Report(
                EXIT_FAILED, documents.failure_document(type(exc).__name__, str(exc), backend), problems=[message]
            )
        message = f"internal error ({type(exc).__name__}: {exc}); please report it, with --debug for the details"
        if getattr(self.args, "debug", False):
            import traceback

            self.stderr.write("".join(traceback.format_exception(exc)))
        return Report(
            EXIT_FAILED,
            documents.failure_document("InternalError", message, backend),
            problems=[f"lightsail-restore: {message}"],
        )

    def _state_lost(self, backend: Backend, exc: Exception, watch: CreateWatch) -> Report:
        """The local state file became unusable after this run changed the account: exit 1, never a refusal."""
        assert backend.state_file is not None  # noqa: S101 - every local backend has one
        problem = state_problem(backend.state_file, exc).problems[0].message
        created = ", ".join(f"{c['name']} (operation {c['operationId']})" for c in watch.created)
        message = (
            f"the local state file {backend.state_file} became unusable during the run, after this run changed "
            f"the account ({', '.join(watch.changes)}): {problem}; created by this run: {created or 'nothing'}"
        )
        resume, hidden = resume_command(self.argv)
        lines = [f"lightsail-restore: {message}", f"  once the file is usable again, to resume: {resume}"]
        lines += [f"  {HIDDEN_USER_DATA}"] if hidden else []
        return Report(EXIT_FAILED, documents.failure_document("LocalStateError", message, backend), problems=lines)

    def _command(self) -> Report:
        skeleton = getattr(self.args, "generate_cli_skeleton", None)
        if self.args.command == "schema" or skeleton is not None:
            self._compile_query()
            return schema() if skeleton is None else Report(0, {}, raw=skeleton_text(skeleton))
        self.context = resolve(self.args)
        self._compile_query()
        env = Env(
            self.context,
            self.stderr,
            Style(wants_color(getattr(self.args, "color", None), self.stdout)),
            Style(wants_color(getattr(self.args, "color", None), self.stderr)),
            live=_is_tty(self.stderr),
            argv=self.argv,
        )
        self.env = env
        debug = debug_logging(self.stderr) if getattr(self.args, "debug", False) else contextlib.nullcontext()
        with debug:
            return {**COMMANDS, **DRILL_COMMANDS}[self.args.command](env)

    def _compile_query(self) -> None:
        query = getattr(self.args, "query", None)
        if query is not None:
            try:
                self.query = compile_query(query)
            except ValueError as exc:
                problem = Problem(f"is not a JMESPath expression: {exc}", "query", "--query")
                raise Refusal([problem], "flags") from None

    def refusal(self, refusal: Refusal) -> Report:
        """The report of a refusal (exit 2), in its one format."""
        backend = self.context.backend if self.context else None
        doc = documents.refusal_document(refusal.problems, refusal.by, backend, refusal.extra)
        warnings = [
            f"lightsail-restore: warning: {w}" for w in (self.env.built.warnings if self.env and self.env.built else [])
        ]
        problems = warnings + human.refusal_lines(refusal.problems, refusal.by, backend.describe() if backend else None)
        return Report(EXIT_REFUSED, doc, refusal.lines, problems)

    def interrupted(self, interrupted: Interrupted) -> Report:
        """What an interruption leaves: what this run created, and the command that resumes."""
        if self.env is not None:
            self.env.stop_progress()
        watch = self.env.watch if self.env else None
        created = watch.created if watch else []
        sent = watch.sent if watch else False
        backend = self.context.backend if self.context else None
        lines = [f"lightsail-restore: interrupted ({interrupted.what})."]
        command = self.args.command
        resume, hidden = resume_command(self.env.argv if self.env else self.argv)
        if created:
            names = ", ".join(f"{c['name']} (operation {c['operationId']})" for c in created)
            lines.append(f"  created by this run on {backend.describe() if backend else 'the backend'}: {names}")
        elif sent:
            lines.append("  the create request was sent, but its answer did not arrive: instances may exist")
        elif command == "restore" and not (watch and (watch.copied or watch.copy_sent)):
            lines.append("  nothing was created by this run")
        if watch and watch.copied:
            copies = ", ".join(f"{c['name']} (operation {c['operationId']})" for c in watch.copied)
            lines.append(f"  copied by this run (a rerun uses the copy, never copies again): {copies}")
        elif watch and watch.copy_sent:
            lines.append("  the copy request was sent, but its answer did not arrive: the copy may exist")
        said, left, put_back = writes_left(watch.writes if watch else [])
        if said:
            lines.append(f"  written by this run: {'; '.join(said)}")
            lines.append(f"  it leaves: {'; '.join(left)}")
        if command == "restore" and not getattr(self.args, "mark", True):
            lines.append("  sent without the mark (--no-mark): a rerun cannot resume what it created; to run it again:")
        elif command == "restore":
            lines.append("  to resume (instances already created are waited on, never created twice):")
        else:
            lines.append("  to run it again:")
        lines.append(f"    {resume}")
        if hidden:
            lines.append(f"  {HIDDEN_USER_DATA}")
        put_backs = [
            {"staticIpName": ip, "instanceName": to, "command": put_back_command(self.context, ip, to)}
            for ip, to in put_back
            if self.context is not None
        ]
        for back in put_backs:
            lines.append(f"  or, to put {back['staticIpName']} back on {back['instanceName']}: {back['command']}")
        doc = documents.interrupted_document(interrupted.name, created, sent, resume, backend)
        if said:
            doc["interrupted"].update(writes=list(watch.writes if watch else []), leaves=left, putBack=put_backs)
        if watch and (watch.copy_sent or watch.copied):
            doc["interrupted"]["copied"] = list(watch.copied)
        return Report(interrupted.code, doc, problems=lines)

    def emit(self, report: Report) -> None:
        """Print the report: stdout in the chosen format, problems on stderr.

        A ``--query`` that fails on this document (a JMESPath type error) prints the whole document instead,
        says so, and makes a successful run exit 1; stdout that cannot be written to is a problem on stderr.
        """
        try:
            self._emit_output(report)
        except OutputError as exc:
            report.problems.append(f"lightsail-restore: cannot write the output to stdout: {exc}")
            report.code = report.code or EXIT_FAILED
        if report.problems:
            _write(self.stderr, "\n".join(self._fit(report.problems, self.stderr)))

    def _fit(self, lines: Sequence[str], stream: TextIO) -> list[str]:
        """Readable lines for ``stream``: findings wrapped at its width, warnings and errors marked."""
        return fit(lines, width_of(stream), Style(wants_color(getattr(self.args, "color", None), stream)))

    def _emit_output(self, report: Report) -> None:
        if report.raw is not None:
            write_output(self.stdout, report.raw)
            return
        data: Any = report.document
        if self.query is not None:
            from jmespath.exceptions import JMESPathError

            try:
                data = self.query.search(report.document)
            except JMESPathError as exc:
                reason = " ".join(str(exc).split())
                report.problems.append(
                    f"lightsail-restore: --query could not be applied to the result ({reason}); "
                    "the whole result is printed instead"
                )
                report.code = report.code or EXIT_FAILED
                data = report.document
                if self.output == "table":
                    write_output(self.stdout, "\n".join(report.lines) if report.lines else render(data, "text"))
                    return
        if self.output == "table" and self.query is None:
            if report.lines:
                write_output(self.stdout, "\n".join(self._fit(report.lines, self.stdout)))
            return
        output = "text" if self.output == "table" else self.output
        try:
            text = render(data, output)
        except ImportError:
            text = render(data, "json")
            report.problems.append(
                "lightsail-restore: --output yaml needs PyYAML: pip install 'lightsail-restore[yaml]'"
            )
        write_output(self.stdout, text)


def _is_tty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def _write(stream: TextIO, text: str) -> None:
    stream.write(text + "\n")
    stream.flush()


def _usage_report(error: UsageError, argv: Sequence[str], stderr: TextIO) -> Report:
    doc = documents.refusal_document(error.problems, "flags", None)
    return Report(EXIT_REFUSED, doc, problems=[error.usage.rstrip("\n"), f"{error.prog}: error: {error.message}"])


def run(argv: Sequence[str] | None, stdout: TextIO, stderr: TextIO) -> int:
    """Run the command line ``argv`` (``sys.argv[1:]`` when ``None``) and return the exit code."""
    words = list(sys.argv[1:] if argv is None else argv)
    try:
        with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
            args = parse_args(words)
    except SystemExit as done:  # --help, --version
        return done.code if isinstance(done.code, int) else 0
    except UsageError as error:
        report = _usage_report(error, words, stderr)
        text = early_render(words, report.document)
        if text is not None:
            try:
                write_output(stdout, text)
            except OutputError as exc:
                report.problems.append(f"lightsail-restore: cannot write the output to stdout: {exc}")
        _write(stderr, "\n".join(fit(report.problems, width_of(stderr), Style(wants_color(None, stderr)))))
        return EXIT_REFUSED
    return Runner(args, words, stdout, stderr).run()
