"""``userData`` is a secret: it never shows in a repr, a str, JSON, an ``Issue``, an error or a log record.

Checked for valid requests, for requests refused for another reason, and for requests whose ``userData`` is
itself the problem (too large, wrong type). ``to_boto3()`` is the one place it is revealed, on purpose.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from hypothesis import given
from pydantic import ValidationError

from lightsail_restore import CreateInstancesFromSnapshotRequest, RequestValidationError, parse_request
from lightsail_restore.testing.strategies import (
    InvalidInput,
    create_instances_from_snapshot_params,
    invalid_create_instances_from_snapshot_inputs,
)

Request = CreateInstancesFromSnapshotRequest
CANARY = "CANARY-7f3a9c-db-password"
SCRIPT = f"#!/bin/bash\necho '{CANARY}' > /root/.pw\n"
BASE: dict[str, Any] = {
    "instanceNames": ["web-1"],
    "availabilityZone": "us-east-2a",
    "bundleId": "micro_3_0",
    "instanceSnapshotName": "web-snap",
}


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(f"{record.name} {record.getMessage()} {record.exc_text or ''}")


@contextmanager
def every_log_record() -> Iterator[list[str]]:
    """Every log record of every logger, at DEBUG and up, while the block runs."""
    root = logging.getLogger()
    handler, level = _Collect(), root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    try:
        yield handler.lines
    finally:
        root.removeHandler(handler)
        root.setLevel(level)


def assert_refusal_hides_canary(params: dict[str, Any]) -> RequestValidationError:
    with every_log_record() as logs:
        with pytest.raises(RequestValidationError) as refused:
            Request.from_boto3(params)
        with pytest.raises(ValidationError) as pydantic_error:
            Request.model_validate(params)
    error = refused.value
    texts = [str(error), repr(error), repr(error.args), repr(error.issues), *map(str, error.issues), *logs]
    exc = pydantic_error.value
    texts += [str(exc), repr(exc), repr(exc.errors(include_input=False)), exc.json(include_input=False)]
    for text in texts:
        assert CANARY not in text
    return error


@given(create_instances_from_snapshot_params())
def test_valid_request_never_shows_user_data(params: dict[str, Any]) -> None:
    params = {**params, "userData": SCRIPT}
    with every_log_record() as logs:
        request = Request.model_validate(params)
        shown = [repr(request), str(request), request.model_dump_json(), repr(request.model_dump())]
        shown += [repr(request.to_redacted_boto3()), repr(request.user_data), *logs]
    for text in shown:
        assert CANARY not in text
    assert request.to_boto3()["userData"] == SCRIPT  # the one place it is revealed: the wire


@given(invalid_create_instances_from_snapshot_inputs())
def test_refusal_for_another_reason_never_shows_user_data(invalid: InvalidInput) -> None:
    params = dict(invalid.params)
    if invalid.path != "userData":
        params["userData"] = SCRIPT
    elif invalid.rule in ("user_data_size", "utf8"):
        params["userData"] = CANARY + invalid.params["userData"]
    elif invalid.rule == "given_twice":
        params["userData"] = params["user_data"] = SCRIPT
    error = assert_refusal_hides_canary(params)
    assert (invalid.path, invalid.rule) in [(issue.path, issue.rule) for issue in error.issues]


@pytest.mark.parametrize(
    ("user_data", "rule"),
    [
        (SCRIPT * 1000, "user_data_size"),
        (CANARY + "é" * 8192, "user_data_size"),
        ([SCRIPT], "type"),
        ({"script": SCRIPT}, "type"),
        (SCRIPT.encode(), "type"),
        (SCRIPT + "\udcff", "utf8"),
        (SCRIPT * 1000 + "\ud800", "utf8"),
    ],
    ids=["too-large", "too-large-in-utf8-bytes", "list", "dict", "bytes", "lone-surrogate", "too-large-and-surrogate"],
)
def test_invalid_user_data_itself_is_never_shown(user_data: Any, rule: str) -> None:
    error = assert_refusal_hides_canary({**BASE, "userData": user_data})
    assert [(issue.path, issue.rule) for issue in error.issues] == [("userData", rule)]


def test_typed_constructors_and_parse_request_hide_user_data() -> None:
    with pytest.raises(RequestValidationError) as refused:
        Request.from_manual_snapshot(
            "web-snap",
            instance_names=["web 1"],
            availability_zone="us-east-2a",
            bundle_id="micro_3_0",
            user_data=SCRIPT,
        )
    assert CANARY not in str(refused.value)
    with pytest.raises(RequestValidationError) as refused:
        parse_request({**BASE, "userData": SCRIPT * 1000})
    assert CANARY not in str(refused.value) + repr(refused.value.issues)


@pytest.mark.parametrize(
    "params",
    [
        {**BASE, "userData": SCRIPT * 1000},
        {**BASE, "userData": [SCRIPT]},
        {**{k: v for k, v in BASE.items() if k != "bundleId"}, "userData": SCRIPT},
    ],
    ids=["too-large", "wrong-type", "missing-other-member"],
)
def test_pydantic_errors_list_never_shows_user_data(params: dict[str, Any]) -> None:
    with pytest.raises(ValidationError) as caught:
        Request.model_validate(params)
    assert CANARY not in repr(caught.value.errors())
    assert CANARY not in caught.value.json()
