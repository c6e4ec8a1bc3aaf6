"""``--output json`` stays valid JSON whatever the user data is (found by black-box testing of the command).

The printer used to redact the remembered ``userData`` value as a substring of the serialized JSON, so user data
that spells a JSON literal (``true``, ``null``) turned ``"ok": true`` into ``"ok": **********`` and stdout no
longer parsed. The documents never hold ``userData`` now (it is removed from the data), so nothing is replaced.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from lightsail_restore.cli import main
from lightsail_restore.local import LocalLightsail, Timings

from .conftest import SNAP

REQUEST = ["--instance-names", "web-2", *SNAP]


def _plan_json(tmp_path: Path, user_data: str) -> tuple[int, str]:
    state = tmp_path / "json-output-state.json"
    LocalLightsail.from_file(state, timings=Timings(operation_seconds=0.0, boot_seconds=0.0))
    out, err = io.StringIO(), io.StringIO()
    argv = ["--local", "--local-state", str(state), "--output", "json", "plan", *REQUEST, "--user-data", user_data]
    return main(argv, stdout=out, stderr=err), out.getvalue()


def test_a_script_user_data_is_redacted_and_the_output_parses(tmp_path: Path) -> None:
    code, out = _plan_json(tmp_path, "#!/bin/sh\necho json-canary-5e1\n")

    assert code == 0
    assert "json-canary-5e1" not in out
    assert "userData" not in json.loads(out)["wouldSend"]
    assert json.loads(out)["userData"]["bytes"] == len("#!/bin/sh\necho json-canary-5e1\n")


@pytest.mark.parametrize("user_data", ["true", "null"])
def test_user_data_spelling_a_json_literal_keeps_the_output_valid(tmp_path: Path, user_data: str) -> None:
    code, out = _plan_json(tmp_path, user_data)

    assert code == 0
    plan = json.loads(out)
    assert plan["ok"] is True
    assert plan["source"]["date"] is None
    assert "userData" not in plan["wouldSend"]
    assert plan["userData"]["bytes"] == len(user_data)
