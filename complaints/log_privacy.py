"""Logging errors without the personal data a borrower trusted us with.

With DEBUG off, Django logs every 500 on `django.request` with the traceback. An exception's message
can quote what it choked on: an ID number, a phone number, a collector's message. `PrivateFormatter`
writes the record's message and the traceback's frames (file, line, function: what a developer needs
to find the bug) and, of the exception, only its class; then it blanks anything left that looks like
an ID or phone number. Request bodies and local variables are never written.
"""

import logging
import re
import traceback

# 18-digit resident ID numbers (the last may be X), mobile and fixed-line numbers with or without +86,
# and any run of 7 or more digits (account and card numbers).
_PERSONAL = re.compile(r"(?<![0-9])(?:\+?86[ -]?)?(?:[0-9][ -]?){6,}[0-9Xx]?(?![0-9])")


def redact(text: str) -> str:
    return _PERSONAL.sub("[redacted]", text)


class PrivateFormatter(logging.Formatter):
    def formatException(self, exc_info) -> str:
        kind, _value, trace = exc_info
        frames = traceback.extract_tb(trace)
        lines = ["Traceback (most recent call last):"]
        lines += [f'  File "{frame.filename}", line {frame.lineno}, in {frame.name}' for frame in frames]
        # The exception's class says what went wrong; its message may quote personal data, so it is left out.
        lines.append(f"{kind.__module__}.{kind.__qualname__}: (message withheld)")
        return "\n".join(lines)

    def formatStack(self, stack_info) -> str:
        return ""

    def format(self, record) -> str:
        return redact(super().format(record))
