"""``LightsailRestoreClient.from_session``: boto3's own session, Region and profile; standard retries by default.

The environment is pinned to dummy credentials and empty AWS config files, so nothing here reads the machine's
real AWS set-up; the clients are real boto3 clients, answered in-process when a test sends anything.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import boto3
import pytest
from botocore.config import Config

from lightsail_restore import LightsailError, LightsailRestoreClient

from .conftest import RECORDED_OPERATION, Wire

MANUAL = {
    "instanceNames": ["web-2"],
    "availabilityZone": "us-east-2a",
    "bundleId": "micro_3_0",
    "instanceSnapshotName": "web-1-snap",
}


@pytest.fixture(autouse=True)
def aws_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """Dummy credentials, no Region, no retry settings; a config file the test may fill with profiles."""
    for name in (
        "AWS_PROFILE",
        "AWS_DEFAULT_PROFILE",
        "AWS_REGION",
        "AWS_DEFAULT_REGION",
        "AWS_RETRY_MODE",
        "AWS_MAX_ATTEMPTS",
        "AWS_SESSION_TOKEN",
        "AWS_ENDPOINT_URL",
        "AWS_ENDPOINT_URL_LIGHTSAIL",
    ):
        monkeypatch.delenv(name, raising=False)
    config = tmp_path / "config"
    config.write_text("", encoding="utf-8")
    credentials = tmp_path / "credentials"
    credentials.write_text("", encoding="utf-8")
    monkeypatch.setenv("AWS_CONFIG_FILE", str(config))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(credentials))
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "x")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "y")
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    return config


def retries(client: LightsailRestoreClient) -> dict[str, Any]:
    config: Any = client.lightsail.meta.config  # botocore sets ``retries`` at run time; its stubs lack it
    return dict(config.retries)


def answered(client: LightsailRestoreClient, wire: Wire) -> LightsailRestoreClient:
    events: Any = client.lightsail.meta.events
    events.register("before-send.lightsail", wire)
    return client


def test_the_region_is_the_boto3_clients() -> None:
    client = LightsailRestoreClient.from_session(region_name="eu-west-2")
    assert client.region == "eu-west-2"
    assert client.lightsail.meta.region_name == "eu-west-2"
    assert client.lightsail.meta.service_model.service_name == "lightsail"


def test_standard_retries_by_default() -> None:
    """boto3 alone would use the ``legacy`` mode here."""
    plain = LightsailRestoreClient(boto3.client("lightsail", region_name="us-east-2"))
    assert retries(plain) == {"mode": "legacy"}
    assert retries(LightsailRestoreClient.from_session(region_name="us-east-2")) == {"mode": "standard"}


def test_the_callers_config_wins_and_keeps_standard_mode_unless_it_names_a_mode() -> None:
    config = Config(retries={"max_attempts": 2}, connect_timeout=7, user_agent_extra="restore-test")
    client = LightsailRestoreClient.from_session(region_name="us-east-2", config=config)
    # botocore keeps attempts as ``total_max_attempts`` (``max_attempts`` counts retries: 2 means 3 in all).
    assert retries(client) == {"mode": "standard", "total_max_attempts": 3}
    meta_config: Any = client.lightsail.meta.config
    assert (meta_config.connect_timeout, meta_config.user_agent_extra) == (7, "restore-test")

    adaptive = Config(retries={"mode": "adaptive", "total_max_attempts": 4})
    client = LightsailRestoreClient.from_session(region_name="us-east-2", config=adaptive)
    assert retries(client) == {"mode": "adaptive", "total_max_attempts": 4}

    no_retries = Config(read_timeout=3)
    assert retries(LightsailRestoreClient.from_session(region_name="us-east-2", config=no_retries)) == {
        "mode": "standard"
    }


def test_the_callers_config_object_is_not_changed() -> None:
    config = Config(retries={"max_attempts": 2})
    LightsailRestoreClient.from_session(region_name="us-east-2", config=config)
    assert config.retries == {"max_attempts": 2}  # type: ignore[attr-defined]


def test_a_given_session_is_used() -> None:
    session = boto3.Session(region_name="ap-south-1", aws_access_key_id="a", aws_secret_access_key="b")
    client = LightsailRestoreClient.from_session(session)
    assert client.region == "ap-south-1"
    assert retries(client) == {"mode": "standard"}
    assert LightsailRestoreClient.from_session(session, region_name="eu-west-1").region == "eu-west-1"


def test_a_profile_picks_its_region(aws_env: Path) -> None:
    aws_env.write_text("[profile restore]\nregion = ca-central-1\n", encoding="utf-8")
    assert LightsailRestoreClient.from_session(profile_name="restore").region == "ca-central-1"


def test_a_session_and_a_profile_together_are_refused() -> None:
    with pytest.raises(TypeError, match="not both"):
        LightsailRestoreClient.from_session(boto3.Session(region_name="us-east-2"), profile_name="restore")


def test_standard_mode_really_retries_throttling(sleeps: list[float]) -> None:
    """botocore's standard mode makes 3 attempts in all: two throttles and a success give a typed answer."""
    wire = Wire()
    client = answered(LightsailRestoreClient.from_session(region_name="us-east-2"), wire)
    wire.error("ThrottlingException", message="Rate exceeded")
    wire.error("ThrottlingException", message="Rate exceeded")
    wire.answer({"operations": [RECORDED_OPERATION]})
    result = client.create_instances_from_snapshot(MANUAL)
    assert [op.resource_name for op in result.operations] == ["web-2"]
    assert (wire.calls, len(sleeps)) == (3, 2)


def test_standard_mode_gives_up_after_three_attempts(sleeps: list[float]) -> None:
    wire = Wire()
    client = answered(LightsailRestoreClient.from_session(region_name="us-east-2"), wire)
    for _ in range(4):
        wire.error("ThrottlingException", message="Rate exceeded")
    with pytest.raises(LightsailError) as info:
        client.create_instances_from_snapshot(MANUAL)
    assert (info.value.error_code, info.value.is_retryable) == ("ThrottlingException", True)
    assert wire.calls == 3


def test_importing_the_package_creates_no_boto3_client() -> None:
    """Run in a fresh interpreter: creating a botocore client during import would fail the import."""
    program = textwrap.dedent(
        """
        import sys
        import botocore.session

        def refuse(*args, **kwargs):
            raise AssertionError("a boto3/botocore client was created at import time")

        botocore.session.Session.create_client = refuse
        import lightsail_restore
        import lightsail_restore._client
        import lightsail_restore._response
        assert "boto3" not in sys.modules, "boto3 is imported eagerly"
        print("ok")
        """
    )
    done = subprocess.run(  # noqa: S603 - our own interpreter, a fixed program
        [sys.executable, "-c", program], capture_output=True, text=True, check=False, timeout=60
    )
    assert (done.returncode, done.stdout.strip()) == (0, "ok"), done.stderr
