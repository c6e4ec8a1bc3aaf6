# mypy: ignore-errors
# (the project's mypy run skips this case; tests/typing/test_mypy_cases.py blanks line 1 and checks it)
"""Pinned typing gaps: what mypy says today where a user would want something else.

Each block states the gap. When one is closed, tests/typing fails on this file: move the line to the good case
or give it the error it now has.
"""

from __future__ import annotations

from lightsail_restore import CreateInstancesFromSnapshotRequest
from lightsail_restore._api import LightsailApi

# Gap: the model's constructor types ``user_data`` as SecretStr only (the pydantic plugin's init_typed), though
# it takes a plain str at run time, as the typed constructors and the client's keyword arguments do.
plain_user_data = CreateInstancesFromSnapshotRequest(
    instance_names=["web-2"],
    availability_zone="us-east-2a",
    bundle_id="micro_3_0",
    instance_snapshot_name="web-1-snap",
    user_data="#!/bin/bash\necho hi\n",  # E: arg-type
)

# Gap: ``.get`` on the thin layer's answers (boto3-stubs' TypedDicts) accepts a misspelt key (PEP 589 lets
# ``.get`` take any str; mypy answers ``object``), so a misspelling whose value is only tested for truth passes.
# Typed uses and ``item["key"]`` are checked: see case_api_answers.py.


def holds_it(api: LightsailApi) -> bool:
    found = api.get_static_ip("web-ip").get("staticIp") or {}
    return bool(found.get("isAtached"))
