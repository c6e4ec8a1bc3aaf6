"""Without ``--local`` the command uses boto3's usual configuration; missing pieces are refused before anything
is sent (exit 2) with no traceback. Nothing here reaches the network."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from lightsail_restore.cli._local import default_local_state

from .conftest import CROSS, SNAP, WEST, Result, Run

REQUEST = ["plan", "--instance-names", "web-2", *SNAP]


def test_no_region(run: Run) -> None:
    result = run(*REQUEST, local=False)
    assert result.code == 2
    assert "--region: no Region: give --region, or set AWS_REGION" in result.err
    assert "nothing was sent" in result.err
    assert result.out == ""
    assert "Traceback" not in result.err


def test_unknown_profile(run: Run) -> None:
    result = run("--profile", "no-such-profile", "--region", "us-east-2", *REQUEST, local=False)
    assert result.code == 2
    assert "no-such-profile" in result.err
    assert "Traceback" not in result.err


def test_no_credentials(run: Run) -> None:
    result = run("--region", "us-east-2", *REQUEST, local=False)
    assert result.code == 2
    assert "  configuration: Unable to locate credentials; nothing was sent" in result.err
    assert "(request)" not in result.err  # the request is not what is wrong
    assert "Traceback" not in result.err


def test_default_local_state(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    assert default_local_state() == tmp_path / "home" / ".local" / "state" / "lightsail-restore" / "local.json"
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "xdg"))
    assert default_local_state() == tmp_path / "xdg" / "lightsail-restore" / "local.json"
    monkeypatch.setenv("LIGHTSAIL_RESTORE_LOCAL_STATE", "~/somewhere/state.json")
    assert default_local_state() == tmp_path / "home" / "somewhere" / "state.json"


def _hostile_aws_configuration(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """A shell set up for production: a profile that this machine's files lack, files botocore cannot parse."""
    broken = tmp_path / "broken-aws-file"
    broken.write_text("[default\nregion = \n")
    for name in ("AWS_PROFILE", "AWS_DEFAULT_PROFILE"):
        monkeypatch.setenv(name, "prod")
    monkeypatch.setenv("AWS_CONFIG_FILE", str(broken))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(broken))
    monkeypatch.setenv("AWS_ENDPOINT_URL", "http://127.0.0.1:9")
    monkeypatch.setenv("AWS_MAX_ATTEMPTS", "not-a-number")


def test_the_local_backend_never_reads_the_aws_configuration(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, proc: Callable[..., Result]
) -> None:
    _hostile_aws_configuration(monkeypatch, tmp_path)
    shown = proc("local", "show")
    assert (shown.code, shown.err) == (0, "")
    assert "web-1" in shown.out
    planned = proc("--output", "json", "plan", "--instance-names", "web-2", *SNAP)
    assert planned.code == 0, planned.err
    assert planned.json()["ok"] is True
    restored = proc("--output", "json", "restore", "--instance-names", "web-3", *SNAP)
    assert restored.code == 0, restored.err
    assert [i["status"] for i in restored.json()["instances"]] == ["succeeded"]
    cross = proc("--output", "json", *WEST, "plan", *CROSS)
    assert cross.code == 0, cross.err
    for result in (shown, planned, restored, cross):
        assert "profile" not in result.err
        assert "config file" not in result.err


@pytest.mark.parametrize("variable", ["AWS_PROFILE", "AWS_DEFAULT_PROFILE"])
def test_a_missing_profile_against_aws_is_refused_naming_the_backend(
    monkeypatch: pytest.MonkeyPatch, run: Run, variable: str
) -> None:
    monkeypatch.setenv(variable, "prod")
    result = run("--region", "us-east-2", *REQUEST, local=False)
    assert result.code == 2
    assert f"{variable}: " in result.err
    assert "AWS" in result.err and "'prod'" in result.err and "--local" in result.err
    assert "Traceback" not in result.err


def test_a_config_file_botocore_cannot_parse_against_aws_is_refused(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, run: Run
) -> None:
    broken = tmp_path / "broken-config"
    broken.write_text("[default\nregion = \n")
    monkeypatch.setenv("AWS_CONFIG_FILE", str(broken))
    result = run("--region", "us-east-2", *REQUEST, local=False)
    assert result.code == 2, result.err
    assert "refused by the configuration" in result.err
    assert str(broken) in result.err and "AWS" in result.err
    assert "Traceback" not in result.err
