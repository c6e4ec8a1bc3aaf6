"""The README as a new user follows it: ``bash scripts/demo``, then the README's ``lightsail-restore`` lines in a
shell where ``.venv/bin`` is on PATH (``source .venv/bin/activate``), from the folder that holds ``.demo/``.

One slow test (the demo installs the package and waits for a real, local, restore: about 8 s)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from lightsail_restore.local import LocalLightsail

from .conftest import FAST
from .test_docs import DEMO, README, examples


def test_the_demo_then_the_readme_lines(tmp_path: Path) -> None:
    state = tmp_path / ".demo" / "local.json"
    env = {**os.environ, "DEMO_STATE": str(state), "PYTHON": sys.executable}
    bash = shutil.which("bash") or "/bin/bash"
    demo = subprocess.run(  # noqa: S603 - our own script
        [bash, str(DEMO)],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        check=False,
    )
    assert demo.returncode == 0, demo.stderr
    assert "web-2     succeeded  running" in demo.stdout
    assert f"lightsail-restore --local-state {state} local show" in demo.stdout  # its next steps use its state
    LocalLightsail.from_file(state).timings = FAST  # the same steps, faster
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env['PATH']}"  # what activating .venv does
    for example in examples(README.read_text(encoding="utf-8")):
        done = subprocess.run(  # noqa: S602 - the README's line, run by a shell as written
            example.line.removeprefix("$ "), shell=True, cwd=tmp_path, capture_output=True, text=True, env=env,
            timeout=120, check=False,
        )  # fmt: skip
        assert done.returncode == example.code, (example.line, done.stderr)
        assert "Traceback" not in done.stderr
    assert "web-3     succeeded  running" in done.stdout
    assert "state file .demo/local.json" in done.stdout
