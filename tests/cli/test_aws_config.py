"""Without ``--local`` the command uses boto3's usual configuration; missing pieces are refused before anything
is sent (exit 2) with no traceback. Nothing here reaches the network."""

from __future__ import annotations

from pathlib import Path

import pytest

from lightsail_restore.cli.local import default_local_state

from .conftest import SNAP, Run

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
