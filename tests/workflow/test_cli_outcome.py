"""What the command prints for the outcomes of this issue: the automatic snapshot's date that was restored,
"created; the answer was lost", a not-found name, and a wait that ended early (with how to go on).

Faults are injected into an in-memory backend, which the command (file-backed) cannot see, so the outcome is
printed with the command's own printer.
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from typing import Any

from lightsail_restore import LightsailRestoreClient, RestoreOutcome
from lightsail_restore._cli_output import Printer
from lightsail_restore._cli_redact import Redactor
from lightsail_restore.local import LocalLightsail, ManualClock

from .conftest import LATEST_DATE, auto, manual


def printed(outcome: RestoreOutcome, *, json_output: bool = False) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    Printer(out, err, json_output=json_output, redactor=Redactor()).outcome(outcome)
    return out.getvalue(), err.getvalue()


def test_the_table_names_the_automatic_snapshots_date(client: LightsailRestoreClient, clock: ManualClock) -> None:
    out, err = printed(client.restore(auto(), clock=clock))
    assert f"restored from the automatic snapshot of web-1 from {LATEST_DATE}" in out.splitlines()[-1]
    assert err == ""
    data, _ = printed(client.restore(auto(names=("web-3",)), clock=clock), json_output=True)
    assert json.loads(data)["restoredDate"] == LATEST_DATE


def test_the_table_says_when_the_answer_was_lost(
    backend: LocalLightsail, client: LightsailRestoreClient, clock: ManualClock
) -> None:
    backend.lose_answer(operation="CreateInstancesFromSnapshot")
    out, _ = printed(client.restore(manual(names=("web-2", "web-3")), clock=clock))
    lines = out.splitlines()
    assert lines[1].split()[:2] == ["web-2", "succeeded"] and "(created; the answer was lost)" in lines[1]
    assert "(created; the answer was lost)" in lines[2]
    assert lines[-1] == "restored from manual snapshot web-1-snap"
    again, _ = printed(client.restore(manual(names=("web-2", "web-3")), clock=clock))
    assert "succeeded (resumed)" in again.splitlines()[1] and "answer was lost" not in again


def test_a_wait_that_ended_early_says_how_to_go_on(
    backend: LocalLightsail,
    impatient: LightsailRestoreClient,
    clock: ManualClock,
    impatient_hooks: Callable[[str, Callable[..., Any]], None],
) -> None:
    impatient_hooks(
        "after-call.lightsail.CreateInstancesFromSnapshot",
        lambda **_: backend.fail_next("AccessDeniedException", operation="GetOperations"),
    )
    outcome = impatient.restore(manual(), clock=clock)
    out, err = printed(outcome)
    assert out.splitlines()[1].split()[:2] == ["web-2", "unknown"]
    assert "the wait ended early on an error retrying cannot fix: AccessDeniedException" in err
    assert "run the same restore again (or `lightsail-restore wait --instance-names web-2`)" in err
    data, _ = printed(outcome, json_output=True)
    assert json.loads(data)["error"]["errorCode"] == "AccessDeniedException"
    assert json.loads(data)["ok"] is False


def test_a_name_not_found_is_said_so(client: LightsailRestoreClient, clock: ManualClock) -> None:
    out, err = io.StringIO(), io.StringIO()
    result = client.wait(["ghost-1"], clock=clock)
    Printer(out, err, json_output=False, redactor=Redactor()).wait_result(result)
    assert out.getvalue().splitlines()[1].split()[:2] == ["ghost-1", "not_found"]
    assert "ghost-1 was not found: no instance and no creation operation of that name" in err.getvalue()
