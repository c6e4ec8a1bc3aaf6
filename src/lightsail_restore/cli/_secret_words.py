"""The words of a command line that may be user data, so that a usage error never shows them back.

Which words they are is decided from their places (the value after ``--user-data``, ``--cli-input-json`` or
``--cli-input-yaml``, a prefix of one, or a near miss such as ``--user-dta``), never by looking for the secret's
text in a message.
"""

from __future__ import annotations

import difflib
import shlex
from collections.abc import Sequence

__all__ = ["HIDDEN", "SECRET_OPTIONS", "hidden_in", "secret_words", "shown_word"]

SECRET_OPTIONS = ("--user-data", "--cli-input-json", "--cli-input-yaml")
"""The options whose value may hold user data: never shown back in a usage error, even misspelt."""
HIDDEN = "(a value that may be user data, not shown)"
"""What a usage error says in place of such a value."""


def _secret_option(name: str) -> bool:
    """Whether an option word is, or looks meant as, one whose value may hold user data (``--user-dta``)."""
    if not name.startswith("--") or len(name) < 3:
        return False
    if any(option.startswith(name) for option in SECRET_OPTIONS):
        return True
    return bool(difflib.get_close_matches(name, SECRET_OPTIONS, n=1, cutoff=0.75))


def secret_words(argv: Sequence[str]) -> set[str]:
    """The words of ``argv`` that may be user data: each value given to a ``SECRET_OPTIONS`` option or a near miss.

    The whole ``--option=value`` word is one of them too when the value is given so. Decided from the words'
    places on the command line (the word after such an option, or after its ``=``), never by looking for the
    secret's text in a message.
    """
    found: set[str] = set()
    for index, word in enumerate(argv):
        name, sep, value = word.partition("=")
        if _secret_option(name):
            if sep:
                found.update((value, word))
            elif index + 1 < len(argv):
                found.add(argv[index + 1])
    return found


def hidden_in(message: str, hidden: set[str]) -> str:
    """``message`` (argparse's) with each hidden ``--option=value`` word shown as ``--option=(a value ...)``.

    argparse quotes such a word whole (``ambiguous option: --use=... could match``); the words are the command
    line's own (``secret_words``), so nothing else in the message can change.
    """
    for word in sorted(hidden, key=len, reverse=True):
        name, sep, _ = word.partition("=")
        if sep and word.startswith("--") and _secret_option(name) and word in message:
            message = message.replace(word, f"{name}={HIDDEN}")
    return message


def shown_word(word: str, hidden: set[str]) -> str:
    """A word of an ``unrecognized arguments`` message: shell-quoted, or hidden when it may be user data."""
    name, sep, _ = word.partition("=")
    if sep and _secret_option(name):
        return f"{shlex.quote(name)}={HIDDEN}"
    return HIDDEN if word in hidden else shlex.quote(word)
