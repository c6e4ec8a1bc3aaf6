"""docs/cli.md is true: every ``$ lightsail-restore`` line of its console blocks runs against a temporary local
state, with the exit code it shows (``# exit N``, else 0), and prints the output shown under it (numbers and ids
aside). Its files (```` ```json request.json ````) are written to the working directory first."""

from __future__ import annotations

import io
import re
import shlex
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from lightsail_restore.cli import main
from lightsail_restore.local import LocalLightsail

from .conftest import FAST

PAGE = Path(__file__).resolve().parents[2] / "docs" / "cli.md"
BLOCK = re.compile(r"^```(\w+)(?: (\S+))?\n(.*?)^```", re.DOTALL | re.MULTILINE)
EXIT = re.compile(r"#\s*exit (\d+)\s*$")
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


@dataclass
class Example:
    line: str
    argv: list[str]
    code: int
    shown: list[str] = field(default_factory=list)


def examples(text: str) -> list[Example]:
    found: list[Example] = []
    for language, _, body in BLOCK.findall(text):
        if language != "console":
            continue
        for line in body.splitlines():
            if line.startswith("$ "):
                assert line.startswith("$ lightsail-restore "), line
                code = EXIT.search(line)
                argv = shlex.split(line.removeprefix("$ "), comments=True)[1:]
                found.append(Example(line, argv, int(code.group(1)) if code else 0))
            elif found:
                found[-1].shown.append(line)
    return found


def files(text: str) -> dict[str, str]:
    return {name: body for _, name, body in BLOCK.findall(text) if name}


def normal(text: str) -> str:
    return " ".join(re.sub(r"\d+", "N", UUID.sub("ID", text)).split())


EXAMPLES = examples(PAGE.read_text(encoding="utf-8"))


def test_the_page_has_examples_of_every_command() -> None:
    commands = {
        e.argv[e.argv.index(c)]
        for e in EXAMPLES
        for c in ("plan", "restore", "wait", "schema", "local", "bundles")
        if c in e.argv
    }
    assert commands == {"plan", "restore", "wait", "schema", "local", "bundles"}
    assert {e.code for e in EXAMPLES} == {0, 1, 2}
    assert {"request.json", "request.yaml", "launch.sh"} <= set(files(PAGE.read_text(encoding="utf-8")))


def test_every_example_runs_as_shown(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    state = tmp_path / "state.json"
    LocalLightsail.from_file(state, timings=FAST)
    monkeypatch.setenv("LIGHTSAIL_RESTORE_LOCAL_STATE", str(state))  # the examples use the default location
    monkeypatch.chdir(tmp_path)
    for name, body in files(PAGE.read_text(encoding="utf-8")).items():
        (tmp_path / name).write_text(body, encoding="utf-8")
    for example in EXAMPLES:
        out, err = io.StringIO(), io.StringIO()
        code = main(example.argv, stdout=out, stderr=err)
        assert code == example.code, (example.line, err.getvalue())
        printed = normal(out.getvalue() + "\n" + err.getvalue())
        for shown in example.shown:
            assert normal(shown) in printed, (example.line, shown, out.getvalue(), err.getvalue())


README = PAGE.parents[1] / "README.md"
DEMO = PAGE.parents[1] / "scripts" / "demo"


def test_the_readme_commands_run_on_the_demo_state(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    readme = examples(README.read_text(encoding="utf-8"))
    assert [e.argv[:2] for e in readme] == [["--local-state", ".demo/local.json"]] * 4
    assert "source .venv/bin/activate" in README.read_text(encoding="utf-8")  # the Quick start puts it on PATH
    monkeypatch.chdir(tmp_path)
    state = tmp_path / ".demo" / "local.json"
    LocalLightsail.from_file(state, timings=FAST)
    snap = ["--availability-zone", "us-east-2a", "--bundle-id", "micro_3_0", "--instance-snapshot-name", "web-1-snap"]
    assert main(["--local-state", str(state), "restore", "--instance-names", "web-2", *snap], stdout=io.StringIO()) == 0
    for example in readme:
        out, err = io.StringIO(), io.StringIO()
        assert main(example.argv, stdout=out, stderr=err) == example.code, (example.line, err.getvalue())
    assert "web-3     succeeded  running" in out.getvalue()
    assert "state file .demo/local.json" in out.getvalue()


def test_the_demo_prints_the_readme_lines_as_its_next_steps() -> None:
    script = DEMO.read_text(encoding="utf-8")
    assert "STATE=${DEMO_STATE:-.demo/local.json}" in script
    for example in examples(README.read_text(encoding="utf-8")):
        words = example.line.removeprefix("$ ").replace(".demo/local.json", "$Q")
        words = words.replace(
            "--availability-zone us-east-2a --bundle-id micro_3_0 --instance-snapshot-name web-1-snap", "${REQUEST[*]}"
        )
        assert f"  {words}\n" in script, words
