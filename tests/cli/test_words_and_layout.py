"""What a person reads: flags not Python names, near matches for a name that does not exist, a short usage,
one instruction, findings wrapped at the terminal's width, marked warnings, and a ``local show`` a drill can use."""

from __future__ import annotations

import argparse
import io
import json
import os
import re
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from lightsail_restore import InstanceProgress
from lightsail_restore.cli._flags import say_in_flags
from lightsail_restore.cli._layout import COMMANDS, fit
from lightsail_restore.cli._parser import build_parser
from lightsail_restore.cli._progress import Progress
from lightsail_restore.cli._style import Style
from lightsail_restore.local import LocalLightsail, Timings
from lightsail_restore.restore import ChosenPoint, RestorePoint

from .conftest import SNAP, TTY, Result, Run

EVIDENCE_ID = re.compile(r"\bE\d+[ab]?\b")
ANSI = re.compile(r"\x1b\[[0-9;]*m")
SOURCE = ["--availability-zone", "us-east-2a", "--bundle-id", "micro_3_0"]
HOUR = timedelta(hours=1)


def command(state: Path, *argv: str, env: dict[str, str] | None = None, cwd: Path | None = None) -> Result:
    """The command as a subprocess, its output piped, with ``env`` added to a clean environment."""
    base = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES", "NO_COLOR")}
    done = subprocess.run(  # noqa: S603 - our own command
        [sys.executable, "-m", "lightsail_restore", "--local-state", str(state), *argv],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
        env={**base, **(env or {})},
        cwd=cwd,
    )
    return Result(done.returncode, done.stdout, done.stderr)


def test_help_names_flags_not_python_names(state: Path) -> None:
    shown = command(state, "restore", "--help").out
    for python in ("source_instance_name", "datetime.date", "repr"):
        assert python not in shown
    assert "Exclusive with --source-instance-name" in " ".join(shown.split())


def test_the_plan_says_no_evidence_ids(state: Path) -> None:
    planned = command(state, "plan", "--instance-names", "web-2", *SNAP)
    assert planned.code == 0, planned.err
    assert "firewall rules" in planned.out
    assert not EVIDENCE_ID.findall(planned.out + planned.err)


def test_a_snapshot_that_does_not_exist_gets_near_matches_and_how_to_list_them(state: Path) -> None:
    refused = command(state, "plan", "--instance-names", "web-2", *SOURCE, "--instance-snapshot-name", "web-1-snp")
    assert refused.code == 2
    assert "did you mean web-1-snap" in refused.err
    assert f"--local-state {state} local show" in refused.err
    assert "GetInstanceSnapshots" not in refused.err
    assert "source: not found" not in refused.out  # a refused plan prints no source that does not exist


def test_a_bundle_that_does_not_exist_gets_near_matches_and_the_aws_cli_list(state: Path) -> None:
    argv = ["--instance-names", "web-2", "--availability-zone", "us-east-2a", "--instance-snapshot-name", "web-1-snap"]
    refused = command(state, "plan", *argv, "--bundle-id", "micro_3")
    assert refused.code == 2
    assert "did you mean micro_3_0" in refused.err
    assert "aws lightsail get-bundles --region us-east-2" in refused.err
    assert "GetBundles" not in refused.err


def test_a_misspelt_flag_prints_a_short_usage_with_did_you_mean(state: Path) -> None:
    refused = command(state, "plan", "--instance-names", "web-2", "--bundle-idd", "micro_3_0")
    assert refused.code == 2
    assert "did you mean --bundle-id?" in refused.err
    assert "lightsail-restore plan --help" in refused.err
    assert len(refused.err.splitlines()) <= 8, refused.err
    assert "--cli-connect-timeout" not in refused.err


def test_cli_input_json_naming_a_file_without_file_scheme_gets_the_hint(state: Path, tmp_path: Path) -> None:
    (tmp_path / "req.json").write_text(json.dumps({"instanceNames": ["web-2"]}))
    refused = command(state, "plan", "--cli-input-json", "req.json", cwd=tmp_path)
    assert refused.code == 2
    assert "file://req.json" in refused.err


def test_blank_members_of_a_generated_skeleton_are_said_to_be_deleted(state: Path, tmp_path: Path) -> None:
    skeleton = command(state, "plan", "--generate-cli-skeleton")
    (tmp_path / "req.json").write_text(skeleton.out)
    refused = command(state, "plan", "--cli-input-json", f"file://{tmp_path / 'req.json'}")
    assert refused.code == 2
    assert "delete the members you do not use" in refused.err


def test_a_timed_out_restore_with_a_cut_over_left_gives_one_instruction(state: Path) -> None:
    LocalLightsail.from_file(state).timings = Timings(operation_seconds=0.05, boot_seconds=30, copy_seconds=0.1)
    ended = command(state, "restore", "--instance-names", "web-2", *SNAP, "--copy-ports", "--timeout", "1")
    assert ended.code == 1
    said = ended.out + ended.err
    assert "wait --instance-names" not in said
    assert "run the same restore again" in said


def test_local_help_lists_only_what_local_takes(state: Path) -> None:
    shown = command(state, "local", "--help").out
    for other in ("--profile", "--endpoint-url", "--ca-bundle", "--no-verify-ssl", "--cli-read-timeout"):
        assert other not in shown
    assert "--local-state" in shown
    assert "--boot-seconds" in shown


def test_findings_wrap_at_the_terminal_width_with_a_hanging_indent(state: Path) -> None:
    planned = command(state, "plan", "--instance-names", "web-2", *SNAP, env={"COLUMNS": "80"})
    assert planned.code == 0, planned.err
    lines = planned.out.splitlines()
    first = next(n for n, line in enumerate(lines) if line.startswith("  warning: "))
    last = max(n for n, line in enumerate(lines) if line.startswith(("  warning: ", "    ")))
    findings = lines[first : last + 1]
    assert len(findings) > 3 * len([line for line in findings if line.startswith("  warning: ")])  # wrapped
    assert all(len(line) <= 80 for line in findings), [line for line in findings if len(line) > 80]
    assert all(line.startswith(("  warning: ", "    ")) for line in findings)  # a hanging indent
    assert not ANSI.search(planned.out + planned.err)  # piped: never colour


KEEP = "lightsail-restore keep --source-instance-name web-1 --restore-date 2026-03-03"


@pytest.mark.parametrize("width", [40, 60, 80, 100, 140])
def test_the_keep_command_a_finding_suggests_stays_on_one_line_at_any_width(width: int) -> None:
    """The roll-off warnings of a restore point say the ``keep`` command: it wraps whole, as ``restore``'s does."""
    taken = datetime(2026, 3, 3, 6, tzinfo=UTC)
    point = RestorePoint(
        "auto", "web-1", None, "2026-03-03", taken, 0.0, "available", 40, "micro_3_0", rolls_off_at=taken + HOUR
    )
    findings = ChosenPoint("latest", point, "the newest", taken, horizon=7200.0).findings()[1:]
    assert [f.rule for f in findings] == ["restore_point_rolls_off", "restore_point_outlasted"]
    lines = [f"  {f.severity}: --restore-point: {say_in_flags(f.message, f.params)} [{f.rule}]" for f in findings]
    assert all(KEEP in line for line in lines)
    for line in lines:
        wrapped = fit([line], width, Style())
        assert " ".join(w.strip() for w in wrapped) == line.strip()  # no word changes
        assert sum(KEEP in w for w in wrapped) == 1, wrapped  # the command on one line
        assert all(len(w) <= width for w in wrapped if KEEP not in w), wrapped  # the rest wraps at the width
        [holding] = [w for w in wrapped if KEEP in w]
        assert len(holding) <= max(width, len(f"    ({KEEP}):")), wrapped  # the command glued, nothing after it


def test_every_subcommand_is_known_as_the_start_of_a_command_to_keep_whole() -> None:
    parser = build_parser()
    [sub] = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    assert sorted(COMMANDS) == sorted(sub.choices)


def test_warnings_are_coloured_on_a_terminal_unless_no_color(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    coloured = run("plan", "--instance-names", "web-2", *SNAP, stdout=TTY())
    assert re.search(r"\x1b\[33mwarning\x1b\[0m", coloured.out), coloured.out
    monkeypatch.setenv("NO_COLOR", "1")
    plain = run("plan", "--instance-names", "web-2", *SNAP, stdout=TTY())
    assert "warning:" in plain.out
    assert not ANSI.search(plain.out)


def test_errors_are_marked(state: Path) -> None:
    refused = command(state, "plan", "--instance-names", "web-2", *SOURCE, "--instance-snapshot-name", "web-1-snp")
    assert refused.err.startswith("lightsail-restore: error: refused by the plan")


def test_the_progress_shows_one_state_per_instance() -> None:
    stream = io.StringIO()
    progress = Progress(stream, mode="plain", style=Style(), timeout=60)
    progress([InstanceProgress("web-2", "Started", 0.0, False), InstanceProgress("web-3", "pending", 0.0, False)])
    line = stream.getvalue()
    assert "Started" not in line
    assert "creating web-2" in line
    assert "pending web-3" in line


def test_the_live_progress_elapsed_time_moves_between_polling_rounds() -> None:
    stream = TTY()
    ticks = iter(range(100))
    progress = Progress(
        stream, mode="live", style=Style(), timeout=60, width=200, clock=lambda: next(ticks), every=None
    )
    progress([InstanceProgress("web-2", "pending", 0.0, False)])
    assert "0s of 1m00s" in stream.getvalue()
    progress.tick()
    progress.tick()
    assert "2s of 1m00s" in stream.getvalue().split("\r")[-1]
    progress.close()


def test_local_show_shows_what_a_drill_verifies(state: Path) -> None:
    shown = command(state, "local", "show")
    assert shown.code == 0, shown.err
    text = shown.out
    assert re.search(r"static IP web-ip \([\d.]+\): attached to web-1", text)
    assert "tcp 8080 from 203.0.113.0/24" in text
    assert "AutoSnapshot" in text
    assert re.search(r"\d{4}-\d\d-\d\d \(failed\)", text)
    doc = command(state, "--output", "json", "local", "show").json()
    assert doc["staticIps"][0]["attachedTo"] == "web-1"
    web1 = next(i for i in doc["instances"] if i["name"] == "web-1")
    assert web1["addOns"] and web1["ports"]
    assert any(s["status"] == "Failed" for s in doc["autoSnapshots"]["web-1"])
