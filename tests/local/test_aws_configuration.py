"""The library's local entry points build clients that depend on no AWS configuration of the user's."""

from __future__ import annotations

from pathlib import Path

import pytest

from lightsail_restore import CopySnapshotRequest
from lightsail_restore.local import LocalLightsail


@pytest.fixture(autouse=True)
def _production_shell(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    broken = tmp_path / "broken-aws-file"
    broken.write_text("[default\nregion = \n")
    monkeypatch.setenv("AWS_PROFILE", "prod")
    monkeypatch.setenv("AWS_DEFAULT_PROFILE", "prod")
    monkeypatch.setenv("AWS_CONFIG_FILE", str(broken))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(broken))
    monkeypatch.setenv("AWS_ENDPOINT_URL", "http://127.0.0.1:9")


def test_the_backends_client_ignores_the_profile_and_files() -> None:
    backend = LocalLightsail.demo()
    client = backend.client("us-east-2")
    assert [i["name"] for i in client.get_instances()["instances"]] == ["web-1"]
    assert client.meta.endpoint_url == "https://lightsail.us-east-2.amazonaws.com"
    backend.fail_next("AccessDeniedException", operation="GetInstances")  # naming an operation reads botocore's model
    with pytest.raises(client.exceptions.AccessDeniedException):
        client.get_instances()


def test_a_copy_request_checks_its_region_without_the_profile() -> None:
    request = CopySnapshotRequest.from_manual_snapshot(
        "web-1-snap", source_region="us-east-2", target_snapshot_name="web-1-copy"
    )
    assert request.source_region == "us-east-2"
