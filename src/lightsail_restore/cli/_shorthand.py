r"""The AWS CLI's shorthand syntax for structured flags: ``key=a,value=b``, ``name=[{k=v,k2=v2}]``, ``k@=file://x``.

The grammar is the one the AWS CLI documents (``aws help topics``, "shorthand syntax"), written here from it:

* a value is ``key=values`` pairs separated by commas; a key is letters, digits and ``- _ . # / :``;
* ``values`` is a list ``[v, v]``, an object ``{key=v, key=v}``, or a scalar; after ``=`` at the top level,
  ``a,b,c`` is a list of scalars until an item holds an ``=`` (then it starts the next pair);
* a scalar is bare (``\,`` for a comma; no ``, ] }`` otherwise; trailing spaces dropped) or quoted
  (``'...'`` or ``"..."``, with ``\'``, ``\"`` and ``\\`` escapes);
* ``key@=file://PATH`` (or ``fileb://``) takes the value from a file.

Everything parses to strings, lists and dicts; what a member expects (a list where one object was given) is
adjusted by the caller, as the AWS CLI does from the model.
"""

from __future__ import annotations

import string
from collections.abc import Callable
from typing import Any

__all__ = ["ShorthandError", "looks_like_shorthand", "parse_shorthand"]

_KEY_CHARS = frozenset(string.ascii_letters + string.digits + "-_.#/:")


class ShorthandError(ValueError):
    """The text is not valid shorthand; the message says where (a caret under the position)."""

    def __init__(self, text: str, index: int, problem: str) -> None:
        self.problem, self.index = problem, index
        super().__init__(f"{problem} at position {index + 1}:\n  {text}\n  {' ' * index}^")


def looks_like_shorthand(text: str) -> bool:
    """Whether ``text`` starts like ``key=`` or ``key@=`` (and so is not a plain scalar or JSON)."""
    index = 0
    while index < len(text) and text[index] in _KEY_CHARS:
        index += 1
    rest = text[index:].lstrip()
    return index > 0 and rest.startswith(("=", "@="))


class _Parser:
    def __init__(self, text: str, read_file: Callable[[str], str | None]) -> None:
        self.text, self.at, self.read_file = text, 0, read_file

    # -- helpers ------------------------------------------------------------------------------------------------
    def error(self, problem: str) -> ShorthandError:
        return ShorthandError(self.text, self.at, problem)

    def peek(self) -> str:
        return self.text[self.at] if self.at < len(self.text) else ""

    def skip_spaces(self) -> None:
        while self.peek() and self.peek() in string.whitespace:
            self.at += 1

    def expect(self, char: str) -> None:
        self.skip_spaces()
        if self.peek() != char:
            found = repr(self.peek()) if self.peek() else "the end"
            raise self.error(f"expected {char!r}, found {found}")
        self.at += 1
        self.skip_spaces()

    # -- grammar ------------------------------------------------------------------------------------------------
    def parse(self) -> dict[str, Any]:
        pairs: dict[str, Any] = {}
        while True:
            self.add_pair(pairs, top=True)
            if not self.peek():
                return pairs
            self.expect(",")

    def key(self) -> str:
        self.skip_spaces()
        start = self.at
        while self.peek() and self.peek() in _KEY_CHARS:
            self.at += 1
        if self.at == start:
            raise self.error("expected a key (letters, digits, - _ . # / :)")
        return self.text[start : self.at]

    def add_pair(self, members: dict[str, Any], *, top: bool) -> None:
        """Read one ``key=value`` into ``members``; a key given twice is refused where its pair starts."""
        start = self.at
        key, value = self.pair(top=top)
        if key in members:
            self.at = start
            hint = " (separate list entries with a space, not a comma)" if top else ""
            raise self.error(f"the key {key!r} is given twice{hint}")
        members[key] = value
        self.skip_spaces()

    def pair(self, *, top: bool) -> tuple[str, Any]:
        key = self.key()
        self.skip_spaces()
        from_file = self.peek() == "@"
        if from_file:
            self.at += 1
        self.expect("=")
        value = self.values() if top else self.value_in_brackets()
        return key, self.resolve(value) if from_file else value

    def resolve(self, value: Any) -> Any:
        if isinstance(value, str):
            loaded = self.read_file(value)
            return value if loaded is None else loaded
        return value

    def values(self) -> Any:
        if not self.peek():
            return ""
        if self.peek() in "[{":
            return self.value_in_brackets()
        first = self.scalar(stops=",")
        items = [first]
        while True:
            save = self.at
            self.skip_spaces()
            if self.peek() != ",":
                self.at = save
                break
            self.at += 1
            if self.next_item_is_a_pair():
                self.at = save
                break
            self.skip_spaces()
            items.append(self.scalar(stops=","))
        return first if len(items) == 1 else items

    def next_item_is_a_pair(self) -> bool:
        rest = self.text[self.at :].lstrip()
        return looks_like_shorthand(rest)

    def value_in_brackets(self) -> Any:
        self.skip_spaces()
        if self.peek() == "[":
            return self.list()
        if self.peek() == "{":
            return self.object()
        return self.scalar(stops=",]}")

    def list(self) -> list[Any]:
        items: list[Any] = []
        self.bracketed("[", "]", lambda: items.append(self.value_in_brackets()))
        return items

    def object(self) -> dict[str, Any]:
        members: dict[str, Any] = {}
        self.bracketed("{", "}", lambda: self.add_pair(members, top=False))
        return members

    def bracketed(self, opening: str, closing: str, read: Callable[[], None]) -> None:
        """``opening``, then items read by ``read`` and separated by commas, then ``closing``."""
        self.expect(opening)
        while self.peek() != closing:
            if not self.peek():
                raise self.error(f"expected {closing!r}")
            read()
            self.skip_spaces()
            if not self.peek():
                raise self.error(f"expected {closing!r}")
            if self.peek() != closing:
                self.expect(",")
        self.at += 1

    def scalar(self, *, stops: str) -> str:
        self.skip_spaces()
        if self.peek() in ("'", '"'):
            return self.quoted(self.peek())
        out: list[str] = []
        while self.peek() and self.peek() not in stops and self.peek() not in "]}":
            if self.text.startswith("\\,", self.at):
                out.append(",")
                self.at += 2
                continue
            out.append(self.peek())
            self.at += 1
        return "".join(out).rstrip()

    def quoted(self, quote: str) -> str:
        start = self.at
        self.at += 1
        out: list[str] = []
        while True:
            char = self.peek()
            if not char:
                self.at = start
                raise self.error(f"this {quote} quote is never closed")
            if char == "\\" and self.text[self.at + 1 : self.at + 2] in (quote, "\\"):
                out.append(self.text[self.at + 1])
                self.at += 2
                continue
            self.at += 1
            if char == quote:
                return "".join(out)
            out.append(char)


def parse_shorthand(text: str, read_file: Callable[[str], str | None] = lambda _: None) -> dict[str, Any]:
    """Parse one shorthand value into dicts, lists and strings.

    Args:
        text: The value, e.g. ``key=env,value=prod``.
        read_file: Called with a ``key@=`` value: the file's content for ``file://``/``fileb://``, else ``None``.

    Raises:
        ShorthandError: The text is not valid shorthand.
    """
    return _Parser(text, read_file).parse()
