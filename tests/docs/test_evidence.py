"""The repository is self-contained: no file refers to a path outside it, and every evidence id cited is defined.

The code, tests and docs cite facts about real Lightsail by id (``E6``, ``X12``, ``C-2.11``, ``UG-fw``, ...);
``docs/design/evidence.md`` defines each, with its public source. A citation of an id it does not define, a
reference to a document that lives outside the repository (a ``spec/`` folder, ``CONSTRAINTS.md``, ``DESIGN.md``,
``STYLE.md``, a ``shared/`` folder, the raw answer files), or a Markdown link that leaves the repository or
points at nothing, fails here.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CATALOGUE = ROOT / "docs" / "design" / "evidence.md"
SCANNED = ("src", "tests", "docs", "benchmarks", "examples", "scripts", ".ci")
TOP_FILES = ("README.md", "CHANGELOG.md", "pyproject.toml", "constraints.txt", "mypy.ini")
SUFFIXES = {".py", ".md", ".json", ".toml", ".txt", ".ini", ".yaml", ".yml", ".sh", ""}

OUTSIDE = re.compile(
    r"(?<![\w./-])(?:spec|shared)/|\b(?:CONSTRAINTS|DESIGN|STYLE)\.md\b|real-lightsail-answers|/work/|\bCONSTRAINTS\b"
)
"""References to documents that live beside the repository, not in it."""

CITATIONS = (
    re.compile(r"\bE\d{1,2}b?\b"),  # recorded answers: E1..E52, E16b
    re.compile(r"\bX\d{1,2}\b"),  # cross-field rules
    re.compile(r"\bC-\d+(?:\.\d+)?\b"),  # request facts
    re.compile(r"\bD-[a-z]+\b"),  # decisions
    re.compile(r"\b(?:UG|API|CLI|TF|GR|IPV6)-[A-Za-z0-9]+\b|\bM-(?:old|CopySnapshot)\b"),  # source keys
    re.compile(r"(?<=\[)(?:M|SM|EP|EXP|API|CE|CFN|TF|CLI|LfR|ACCT|3P)(?=\])"),  # bracketed source keys
)
LINK = re.compile(r"\]\(([^)\s]+)\)")


THIS = Path(__file__).resolve()


def _read(path: Path) -> bool:
    generated = "__pycache__" in path.parts or any(part.endswith(".egg-info") for part in path.parts)
    return path.is_file() and path.suffix in SUFFIXES and not generated and path != THIS


def files() -> Iterator[Path]:
    """Every text file of the repository a reader meets (this test's own patterns excepted)."""
    for name in TOP_FILES:
        if (ROOT / name).is_file():
            yield ROOT / name
    for folder in SCANNED:
        yield from (path for path in sorted((ROOT / folder).rglob("*")) if _read(path))


def defined() -> set[str]:
    """The ids the catalogue defines: the bold names before the colon of each ``- **id**`` line, and the ``C-``
    groups its headings name (``### C-2 The members ...``)."""
    ids: set[str] = set()
    for line in CATALOGUE.read_text(encoding="utf-8").splitlines():
        if line.startswith("- **"):
            ids |= set(re.findall(r"\*\*([^*]+)\*\*", line.split(":", 1)[0]))
        elif line.startswith("### "):
            ids |= set(re.findall(r"\bC-\d+\b", line))
    return ids


def cited(text: str) -> set[str]:
    return {match.group() for pattern in CITATIONS for match in pattern.finditer(text)}


def test_the_catalogue_defines_the_ids_the_code_has_always_cited() -> None:
    ids = defined()
    assert {f"E{n}" for n in range(1, 53)} | {"E16b"} <= ids
    assert {f"X{n}" for n in range(1, 17)} <= ids
    assert {"M", "CLI", "TF", "CFN", "UG-fw", "API-PortInfo", "M-CopySnapshot", "C-4.1", "C-8.6", "D-names"} <= ids


def outside_references(path: Path) -> list[str]:
    """What ``path`` refers to outside the repository: named documents, and Markdown links leaving it or dangling."""
    text = path.read_text(encoding="utf-8", errors="replace")
    found = [match.group() for match in OUTSIDE.finditer(text)]
    for target in LINK.findall(text) if path.suffix == ".md" else ():
        resolved = (path.parent / target.split("#", 1)[0]).resolve()
        if not re.match(r"[a-z]+:|#", target) and not (resolved.is_relative_to(ROOT) and resolved.exists()):
            found.append(target)
    return found


def test_no_reference_leaves_the_repository() -> None:
    found = {str(path.relative_to(ROOT)): refs for path in files() if (refs := outside_references(path))}
    assert found == {}
    assert len(list(files())) > 200  # the scan reads the whole tree


def test_every_cited_id_is_defined() -> None:
    ids = defined()
    unknown = {f"{path.relative_to(ROOT)}: {each}" for path in files() for each in cited(path.read_text("utf-8")) - ids}
    assert sorted(unknown) == []


def test_the_checks_can_fail() -> None:
    """A citation of an id the catalogue lacks is seen, and so is a reference to the documents beside the repo."""
    assert cited("as E99 and X42 and C-9.9 say") - defined() == {"E99", "X42", "C-9.9"}
    assert OUTSIDE.search("see spec/CONSTRAINTS.md §3") and OUTSIDE.search("(DESIGN.md)")
    assert not OUTSIDE.search("docs/design/evidence.md")
    assert not OUTSIDE.search("https://semver.org/spec/v2.0.0.html")


def test_the_validation_pages_source_keys_are_in_the_catalogue() -> None:
    page = (ROOT / "docs" / "validation.md").read_text(encoding="utf-8")
    table = page.split("## Sources of the rules above", 1)[1].split("\n\n", 2)[1]
    keys = {key.strip() for cell in re.findall(r"^\| ([^|]+?) \|", table, re.MULTILINE) for key in cell.split(",")}
    assert keys - {"Key", "---"} <= defined()
