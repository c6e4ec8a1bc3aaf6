"""The words of a command line that may be user data, so that a usage error never shows them back.

Which words they are is decided from their places (the value after ``--user-data``, ``--cli-input-json`` or
``--cli-input-yaml``, a prefix of one, or a near miss such as ``--user-dta``), never by looking for the secret's
text in a message.
"""

from __future__ import annotations

import difflib
import shlex
from collections.abc import Sequence

__all__ = ["HIDDEN", "SECRET_OPTIONS", "secret_words", "shown_word"]

SECRET_OPTIONS = ("--user-data", "--cli-input-json", "--cli-input-yaml")
"""The options whose value may hold user data: never shown back in a usage error, even misspelt."""
HIDDEN = "(a value that may be user data, not shown)"
"""What a usage error says in place of such a value."""


def _secret_option(name: str) -> bool:
    """Whether an option word is, or looks meant as, one whose value may hold user data (``--user-dta``)."""
    if not name.startswith("--") or len(name) < 4:
        return False
    if any(option.startswith(name) for option in SECRET_OPTIONS):
        return True
    return bool(difflib.get_close_matches(name, SECRET_OPTIONS, n=1, cutoff=0.75))


def secret_words(argv: Sequence[str]) -> set[str]:
    """The words of ``argv`` that may be user data: each value given to a ``SECRET_OPTIONS`` option or a near miss.

    Decided from the words' places on the command line (the word after such an option, or after its ``=``),
    never by looking for the secret's text in a message.
    """
    found: set[str] = set()
    for index, word in enumerate(argv):
        name, sep, value = word.partition("=")
        if _secret_option(name):
            if sep:
                found.add(value)
            elif index + 1 < len(argv):
                found.add(argv[index + 1])
    return found


def shown_word(word: str, hidden: set[str]) -> str:
    """A word of an ``unrecognized arguments`` message: shell-quoted, or hidden when it may be user data."""
    name, sep, _ = word.partition("=")
    if sep and _secret_option(name):
        return f"{shlex.quote(name)}={HIDDEN}"
    return HIDDEN if word in hidden else shlex.quote(word)
