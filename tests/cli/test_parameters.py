"""The core speaks in parameters, the command in flags: one table (``flags.PARAM_FLAGS``) between them.

Below the command (``src/lightsail_restore`` outside ``cli/``) no string names a command-line flag; each issue and
finding lists the parameters its message names (``params``), and every one of them has a row in the command's
table, whose flags the command has.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

import lightsail_restore
from lightsail_restore import RequestValidationError
from lightsail_restore.cli._flags import PARAM_FLAGS, flag_of, problem_of, say_in_flags
from lightsail_restore.cli._parser import build_parser
from lightsail_restore.errors import Issue
from lightsail_restore.restore._cross_region import check_cross_region
from lightsail_restore.restore._cutover import CutOver
from lightsail_restore.restore._findings import Finding
from lightsail_restore.restore._source import ResolvedSource
from lightsail_restore.restore._stand_in import stand_in_warning

PACKAGE = Path(lightsail_restore.__file__).parent
CORE = sorted(p for p in PACKAGE.rglob("*.py") if "cli" not in p.relative_to(PACKAGE).parts)
FLAG = re.compile(r"(?<![\w-])--[a-z]")
AWS_CLI = "aws lightsail "
"""The AWS CLI's own command (the static IP's put-back line) names the AWS CLI's flags, not this command's."""


def _docstrings(tree: ast.AST) -> set[int]:
    """The ids of the string nodes that are docstrings (a module's, a class's, a function's, an attribute's)."""
    found = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(body, list):
            found |= {
                id(stmt.value)
                for stmt in body
                if isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Constant | ast.JoinedStr)
            }
    return found


def _strings(path: Path) -> list[tuple[int, str]]:
    """Every string literal of a module but its docstrings, an f-string as its text parts joined."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docs = _docstrings(tree)
    inner = {id(v) for node in ast.walk(tree) if isinstance(node, ast.JoinedStr) for v in node.values}
    found = []
    for node in ast.walk(tree):
        if id(node) in docs or id(node) in inner:
            continue
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            found.append((node.lineno, node.value))
        elif isinstance(node, ast.JoinedStr):
            text = "".join(str(v.value) if isinstance(v, ast.Constant) else "{}" for v in node.values)
            found.append((node.lineno, str(text)))
    return found


def _named_params(path: Path) -> list[tuple[int, str]]:
    """The parameters a module's findings and issues name: ``params=(...)``, or ``Issue``'s fourth argument."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call):
            continue
        given = [k.value for k in node.keywords if k.arg == "params"]
        if isinstance(node.func, ast.Name) and node.func.id == "Issue" and len(node.args) >= 4:
            given.append(node.args[3])
        for value in given:
            for tuple_ in (n for n in ast.walk(value) if isinstance(n, ast.Tuple)):
                found += [(node.lineno, str(e.value)) for e in tuple_.elts if isinstance(e, ast.Constant)]
    return found


def test_no_string_below_the_command_names_a_flag() -> None:
    named = [
        f"{path.relative_to(PACKAGE)}:{line}: {text!r}"
        for path in CORE
        for line, text in _strings(path)
        if FLAG.search(text) and AWS_CLI not in text
    ]
    assert named == []


def test_the_scan_finds_a_flag_in_a_message(tmp_path: Path) -> None:
    """The scan itself: a flag in a plain or an f-string message is found, in a docstring it is not."""
    module = tmp_path / "m.py"
    module.write_text(
        '"""Says --help."""\n'
        'def f(x):\n    """--x in a docstring."""\n'
        '    a = "give copy_ports (--copy-ports)"\n'
        '    return f"{x}: give ports (--ports FILE)"\n'
    )
    assert [text for _, text in _strings(module) if FLAG.search(text)] == [
        "give copy_ports (--copy-ports)",
        "{}: give ports (--ports FILE)",
    ]


def test_every_parameter_the_core_names_has_a_row_in_the_table() -> None:
    named = {param: f"{path.relative_to(PACKAGE)}:{line}" for path in CORE for line, param in _named_params(path)}
    assert len(named) >= 10  # the scan sees the findings' and issues' parameters
    assert {param: where for param, where in named.items() if param not in PARAM_FLAGS} == {}


def test_every_row_of_the_table_is_a_flag_of_the_command() -> None:
    """A parameter's row is a flag of ``restore`` (or of ``keep``, its own); a library method's row is a command."""
    parser = build_parser()
    restore, keep = parser.subcommand("restore"), parser.subcommand("keep")
    assert restore is not None and keep is not None
    options = set(restore.long_options()) | set(keep.long_options())
    methods = {param: command for param, command in PARAM_FLAGS.items() if param.startswith("client.")}
    assert methods == {"client.keep": "keep"}
    assert {
        param: words for param, words in PARAM_FLAGS.items() if param not in methods and words.split()[0] not in options
    } == {}


@pytest.mark.parametrize(
    ("options", "flags"),
    [
        ({"copy_ports": True, "ports": []}, ["--ports"]),
        ({"move_static_ip": True}, ["--move-static-ip"]),
    ],
    ids=["copy and ports", "move alone"],
)
def test_the_core_refuses_in_parameters_and_the_command_says_flags(
    options: dict[str, object], flags: list[str]
) -> None:
    with pytest.raises(RequestValidationError) as refused:
        CutOver.of(**options)
    issues = refused.value.issues
    assert all("--" not in i.message and i.params for i in issues)
    problems = [problem_of(i) for i in issues]
    assert [p.flag for p in problems] == flags
    assert all(not re.search(r"(?<![\w-])(copy_ports|move_static_ip|static_ip|ports)\b", p.message) for p in problems)


@pytest.mark.parametrize(
    ("call", "flag", "words"),
    [
        (lambda: CutOver.of(copy_ports=True).check_with(wait=False, check=True), "--no-wait", "drop --no-wait"),
        (lambda: CutOver.of(static_ip="web-ip").check_with(wait=True, check=False), "--no-check", "drop --no-check"),
        (lambda: check_cross_region(None, "copy-1"), "--copy-name", "give --source-region too"),
        (lambda: check_cross_region("us-east-1", None, check=False), "--no-check", "drop --no-check"),
    ],
    ids=["no wait", "no check", "copy name alone", "cross-Region without the plan"],
)
def test_a_rule_about_options_names_the_option_and_its_value(call: object, flag: str, words: str) -> None:
    with pytest.raises(RequestValidationError) as refused:
        call()  # type: ignore[operator]
    [issue] = refused.value.issues
    assert "--" not in issue.message
    problem = problem_of(issue)
    assert (problem.flag, words in problem.message) == (flag, True)


def test_only_the_words_the_core_lists_are_said_as_flags() -> None:
    """A parameter's name inside another word, or a word the issue does not list, stays as it is."""
    issue = Issue("portInfos", "r", "copy_ports copies the rules of web-1: give ports, or copy_ports", ("ports",))
    assert problem_of(issue).message == "copy_ports copies the rules of web-1: give --ports FILE, or copy_ports"
    assert say_in_flags("give wait=False or waits", ("wait=False",)) == "give --no-wait or waits"
    assert flag_of("tags[0].key") == "--tags" and flag_of("tags", {"tags": "--cli-input-json"}) == "--cli-input-json"


def test_a_call_of_the_library_is_said_as_its_command_and_a_value_after_its_flag() -> None:
    """``client.keep(...)`` becomes the ``keep`` command with its flags; ``static_ip='web-ip'`` the flag and value."""
    message = "keep it first (client.keep(source_instance_name='web-1', restore_date='2026-03-03')): it stays"
    params = ("restore_point", "client.keep", "source_instance_name", "restore_date")
    assert say_in_flags(message, params) == (
        "keep it first (lightsail-restore keep --source-instance-name web-1 --restore-date 2026-03-03): it stays"
    )
    assert say_in_flags("give static_ip='web-ip' and move_static_ip", ("static_ip", "move_static_ip")) == (
        "give --static-ip web-ip and --move-static-ip"
    )
    assert say_in_flags("give static_ip (a name)", ("static_ip",)) == "give --static-ip NAME (a name)"


CLI = PACKAGE / "cli"
REWRITES = frozenset({"sub", "subn", "replace", "removesuffix", "removeprefix"})
ALLOWED = {
    "commands.local": "a timing's argparse name said as its flag (no message)",
    "debuglog.RemoveUserData.filter": "user data removed from a debug log record (rule 4: a secret)",
    "errors.Problem.where": "an AWS path said as the flag it would have (no message)",
    "flags.kebab": "an AWS member's name as a flag's",
    "flags.RequestFlag.dest": "a flag's name as argparse's",
    "flags.RequestFlag.help": "the request model's field documentation as --help text (no message)",
    "flags.in_flag_words": "the request members in the names this command line gave them (BuiltRequest.named)",
    "flags._say": "THE mapping: each parameter a finding lists (params) said by its row of PARAM_FLAGS",
    "human.local_lines": "the command's own description of its backend",
    "layout._wrap": "a command kept whole when a line wraps (no word changes)",
    "layout.fit": "the word warning or error colored (no word changes)",
    "render.compile_query": "JMESPath's error on one line",
    "request._option": "an argparse name said as its flag (no message)",
    "secret_words.hidden_in": "a secret's value hidden in argparse's message (rule 4)",
}
"""Every place in ``cli/`` that rewrites a string, and why it is not the command rewriting the core's prose: the
core's messages reach the command line only through ``say_in_flags`` (``flags._say``) and ``in_flag_words``."""


def _rewrites(path: Path) -> set[str]:
    """The functions of a module (``Class.method``) that call ``re.sub``, ``str.replace``, ``removesuffix``..."""
    found: set[str] = set()

    def walk(node: ast.AST, where: str) -> None:
        for child in ast.iter_child_nodes(node):
            inner = where
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                inner = f"{where}.{child.name}" if where else child.name
            call = child.func if isinstance(child, ast.Call) else None
            dataclasses_replace = isinstance(call, ast.Attribute) and ast.unparse(call.value) == "dataclasses"
            if isinstance(call, ast.Attribute) and call.attr in REWRITES and not dataclasses_replace:
                found.add(f"{path.stem.lstrip('_')}.{inner or '<module>'}")
            walk(child, inner)

    walk(ast.parse(path.read_text(encoding="utf-8")), "")
    return found


def test_the_command_rewrites_no_message_of_the_core_by_hand() -> None:
    """A new ``re.sub``/``.replace(``/``removesuffix`` below ``cli/`` fails until it is shown not to edit core prose."""
    found = set().union(*(_rewrites(path) for path in sorted(CLI.glob("*.py"))))
    assert len(found) >= 10  # the scan sees them
    assert sorted(found - ALLOWED.keys()) == []
    assert sorted(ALLOWED.keys() - found) == []  # an entry whose rewrite is gone leaves the list
    assert {"points.point_words", "retire._flag_words"}.isdisjoint(found)


def test_the_scan_finds_a_rewrite(tmp_path: Path) -> None:
    module = tmp_path / "m.py"
    module.write_text(
        "import re, dataclasses\n"
        "def f(m):\n    return re.sub('x', 'y', m.message)\n"
        "class C:\n    def g(self, d):\n        return d.removesuffix('; again')\n"
        "def h(p):\n    return dataclasses.replace(p, path='')\n"
    )
    assert _rewrites(module) == {"m.f", "m.C.g"}


def test_a_finding_the_core_makes_with_a_parameter_the_table_lacks_is_caught(
    _core_speaks_in_parameters: list[str],
) -> None:
    """The suite-wide spy (``tests/conftest.py``): the core passes a finding's parameters on (``source_gone``)."""
    gone = Finding("source_exists", "sourceInstanceName", "error", "web-1 is gone; give copy_name", ("no_such",))
    source = ResolvedSource("manual", "web-1-snap", region="us-east-1")
    stand_in_warning(source, "copy-1", None, unreachable=None, gone=(gone,))
    assert [b.split(":")[0] for b in _core_speaks_in_parameters] == ["source_gone"]
    assert "unmapped ['no_such'], unlisted ['copy_name']" in _core_speaks_in_parameters[0]
    _core_speaks_in_parameters.clear()
