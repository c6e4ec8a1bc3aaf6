"""Every ```python block of README.md and docs/*.md runs, and every script under examples/ runs."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
BLOCK = re.compile(r"^```python\n(.*?)^```", re.DOTALL | re.MULTILINE)


def python_blocks(page: Path) -> list[str]:
    return BLOCK.findall(page.read_text(encoding="utf-8"))


@pytest.mark.parametrize("page", [p for p in PAGES if python_blocks(p)], ids=lambda p: p.name)
def test_docs_python_blocks_run(page: Path) -> None:
    namespace: dict[str, object] = {"__name__": f"docs_{page.stem}"}
    for index, block in enumerate(python_blocks(page)):
        code = compile(block, f"{page.name}[block {index}]", "exec")
        exec(code, namespace)  # noqa: S102 - running our own documentation is the point


def test_readme_has_examples() -> None:
    assert python_blocks(ROOT / "README.md"), "the README's example must be a runnable python block"


def test_build_request_example() -> None:
    result = subprocess.run(  # noqa: S603
        [sys.executable, str(ROOT / "examples" / "build_request.py")],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "[restore_date]" in result.stdout
    assert "addOns[0].autoSnapshotAddOnRequest.snapshotTimeOfDay" in result.stdout
    assert "'userData': '**********'" in result.stdout
    assert "secret-password" not in result.stdout + result.stderr
