"""Never the wrong account: what only the local backend means selects it, what only AWS means is refused with it,
every output names who answered, and the Region is checked before anything is sent. Nothing here reaches the
network: AWS clients are built and looked at, never called."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from lightsail_restore.cli._context import lightsail_regions, resolve
from lightsail_restore.cli._parser import parse_args
from lightsail_restore.local import LocalLightsail

from .conftest import SNAP, Run

PLAN = ["plan", "--instance-names", "web-2", *SNAP]


@pytest.fixture
def aws_credentials(monkeypatch: pytest.MonkeyPatch) -> None:
    """Credentials and a Region in the environment, as on an operator's machine."""
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "AKIAEXAMPLEEXAMPLE00")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "example-secret-example-secret-example00")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-2")


@pytest.mark.usefixtures("aws_credentials")
def test_local_state_alone_means_the_local_backend(run: Run, state: Path) -> None:
    before = len(LocalLightsail.from_file(state).client().get_operations()["operations"])
    result = run(
        "--local-state", str(state), "--output", "json", "restore", "--instance-names", "web-2", *SNAP, local=False
    )
    assert result.code == 0, result.err
    assert result.json()["backend"] == {"kind": "local", "region": "us-east-2", "stateFile": str(state)}
    after = LocalLightsail.from_file(state).client().get_operations()["operations"]
    assert len(after) == before + 1  # the local backend did the work


@pytest.mark.usefixtures("aws_credentials")
@pytest.mark.parametrize(
    "option",
    [
        ["--profile", "prod"],
        ["--endpoint-url", "https://example.com"],
        ["--no-verify-ssl"],
        ["--ca-bundle", "/etc/ssl/certs/ca.pem"],
        ["--cli-read-timeout", "5"],
        ["--cli-connect-timeout", "5"],
    ],
)
def test_options_that_only_mean_aws_are_refused_with_the_local_backend(run: Run, option: list[str]) -> None:
    result = run("--output", "json", *option, *PLAN)
    assert result.code == 2
    [problem] = result.json()["refused"]
    assert problem["flag"] == option[0] and problem["rule"] == "local_backend"
    assert f"{option[0]}: means AWS, and this command uses the local backend (--local)" in result.err


def test_local_subcommand_is_always_the_local_backend(run: Run, state: Path) -> None:
    result = run("--local-state", str(state), "--output", "json", "local", "show", local=False)
    assert result.json()["backend"]["kind"] == "local"


def test_every_output_names_the_backend(run: Run, state: Path) -> None:
    table = run(*PLAN)
    assert table.out.splitlines()[0].startswith(f"Plan on local Lightsail us-east-2 (state file {state}): ")
    restored = run("restore", "--instance-names", "web-2", *SNAP)
    assert restored.out.splitlines()[0] == f"Restore on local Lightsail us-east-2 (state file {state})"
    waited = run("wait", "--instance-names", "web-2")
    assert waited.out.splitlines()[0] == f"Wait on local Lightsail us-east-2 (state file {state})"
    refused = run("plan", "--instance-names", "web-1", *SNAP)
    assert f"nothing was created on local Lightsail us-east-2 (state file {state})" in refused.err
    failed = run("restore", "--no-check", "--instance-names", "web-1", *SNAP)
    assert "lightsail-restore: local Lightsail refused: " in failed.err
    for argv in (PLAN, ["wait", "--instance-names", "web-2"], ["plan", "--instance-names", "web-1", *SNAP]):
        assert run("--output", "json", *argv).json()["backend"]["stateFile"] == str(state)


@pytest.mark.parametrize(
    ("region", "message"),
    [
        ("US-EAST-2", "'US-EAST-2' is not a Region where Lightsail runs; did you mean us-east-2?"),
        ("us-east-22", "did you mean us-east-2?"),
        ("mars-1", "Lightsail's Regions are ap-northeast-1, "),
        ("us-west-1", "'us-west-1' is not a Region where Lightsail runs"),
    ],
)
def test_the_region_is_checked_with_a_suggestion(run: Run, region: str, message: str) -> None:
    for argv in (["--region", region, "local", "show"], ["--region", region, *PLAN]):
        result = run("--output", "json", *argv)
        assert result.code == 2
        assert message in result.err
        assert result.json()["refused"][0]["flag"] == "--region"
    assert "us-west-1" not in lightsail_regions() and "us-east-2" in lightsail_regions()


def test_a_region_without_demo_data_shows_an_empty_account(run: Run) -> None:
    result = run("--region", "us-west-2", "--output", "json", "local", "show")
    assert result.code == 0, result.err
    assert result.json()["instances"] == [] and result.json()["region"] == "us-west-2"


# -- AWS: the AWS CLI's configuration, checked without sending anything ------------------------------------------
def test_aws_region_comes_from_aws_region_first(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AWS_DEFAULT_REGION", "eu-west-1")
    assert resolve(parse_args(PLAN)).backend.region == "eu-west-1"
    monkeypatch.setenv("AWS_REGION", "eu-west-3")
    assert resolve(parse_args(PLAN)).backend.region == "eu-west-3"
    assert resolve(parse_args(["--region", "ap-south-1", *PLAN])).backend.region == "ap-south-1"
    monkeypatch.setenv("AWS_REGION", "eu-west-9")
    with pytest.raises(Exception, match="AWS_REGION"):
        resolve(parse_args(PLAN))


def test_the_profile_output_setting_and_aws_default_output(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = tmp_path / "aws-config"
    config.write_text("[profile ops]\nregion = us-east-2\noutput = json\n", encoding="utf-8")
    monkeypatch.setenv("AWS_CONFIG_FILE", str(config))
    # a request refused before sending: nothing reaches AWS, and the answer is JSON, as the profile says
    result = run("--profile", "ops", *PLAN, "--ip-address-type", "ipv5", local=False)
    assert result.code == 2
    assert result.json()["backend"] == {"kind": "aws", "region": "us-east-2", "profile": "ops", "endpointUrl": None}
    monkeypatch.setenv("AWS_DEFAULT_OUTPUT", "text")
    assert resolve(parse_args(["--profile", "ops", *PLAN])).output == "text"
    assert resolve(parse_args(["--profile", "ops", "--output", "table", *PLAN])).output == "table"
    assert resolve(parse_args(["--local", *PLAN])).output == "table"  # the local backend reads no AWS config


@pytest.mark.usefixtures("aws_credentials")
def test_connection_options_reach_the_boto3_client(tmp_path: Path) -> None:
    bundle = tmp_path / "ca.pem"
    bundle.write_text("not used: nothing is sent", encoding="utf-8")
    args = ["--endpoint-url", "https://lightsail.example.com", "--cli-read-timeout", "0", "--cli-connect-timeout", "7"]
    client = resolve(parse_args([*args, "--ca-bundle", str(bundle), *PLAN])).lightsail()
    assert client.meta.endpoint_url == "https://lightsail.example.com"
    config: Any = client.meta.config
    assert config.read_timeout is None  # 0: no limit, as in the AWS CLI
    assert config.connect_timeout == 7
    assert config.retries["mode"] == "standard"
    assert client.meta.region_name == "us-east-2"
    insecure = resolve(parse_args(["--no-verify-ssl", *PLAN])).lightsail()
    endpoint: Any = getattr(insecure, "_endpoint")  # noqa: B009 - botocore's, not typed
    assert endpoint.http_session._verify is False


def test_a_missing_profile_or_ca_bundle_is_refused(run: Run) -> None:
    missing = run("--profile", "nope", "--region", "us-east-2", "--output", "json", *PLAN, local=False)
    assert missing.code == 2 and missing.json()["refused"][0]["flag"] == "--profile"
    bundle = run("--region", "us-east-2", "--ca-bundle", "/no/such.pem", *PLAN, local=False)
    assert bundle.code == 2 and "--ca-bundle: no file /no/such.pem" in bundle.err
