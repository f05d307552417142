"""The one base of every error that refuses a user's input or a step the rules forbid.

Its text is one line in Chinese that says what and where, meant to be shown as it is. It is
mapped in one place per surface: the ``gongkai`` command prints it as one line and exits 2
(``gongkai.cli``); a web page answers with it and the error's HTTP status
(``gongkai.lib.middleware.DomainErrorMiddleware``); the API answers JSON with the same status
(``gongkai.api.api``). A view that can show the message next to the form the user filled in
catches it there instead, so that nothing the user entered is lost. Plain Python: the report
engine's errors derive from it too.
"""

from __future__ import annotations


class DomainError(Exception):
    """A refusal to show the user. ``status`` is the HTTP answer: 400 for bad input, 409 for a
    step the case's state does not allow, 413 for a body or file over its limit."""

    status = 400


def one_line(exc: DomainError) -> str:
    """The error as one line: its first line of text, else its type's name."""
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
