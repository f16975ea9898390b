"""Logging errors without the personal data a borrower trusted us with.

With DEBUG off, Django logs every 500 on `django.request` with the traceback. An exception's message
can quote what it choked on: an ID number, a phone number, a collector's message. `PrivateFormatter`
writes the record's message and the traceback's frames (file, line, function: what a developer needs
to find the bug) and, of the exception, only its class; then it blanks anything left that looks like
an ID or phone number. Request bodies and local variables are never written.
"""

import contextvars
import json
import logging
import re
import traceback

# 18-digit resident ID numbers (the last may be X), mobile and fixed-line numbers with or without +86,
# and any run of 7 or more digits (account and card numbers).
_PERSONAL = re.compile(r"(?<![0-9])(?:\+?86[ -]?)?(?:[0-9][ -]?){6,}[0-9Xx]?(?![0-9])")


# The structured fields a log line may carry (`extra=` of a logging call). Anything else passed as extra is
# left out, so a careless `extra={"phone": ...}` cannot reach the log.
STRUCTURED_FIELDS = ("event", "method", "route", "status", "duration_ms", "cpu_ms", "role", "bytes", "pages",
                     "kind", "task", "outcome", "attempt", "removed")
# The id of the request this thread is serving (complaints.request_log sets it), on every line written meanwhile.
current_request_id: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")


def redact(text: str) -> str:
    return _PERSONAL.sub("[redacted]", text)


def structured_fields(record) -> dict:
    """The record's allowed structured fields: numbers as they are, text redacted."""
    return {field: redact(field_value) if isinstance(field_value, str) else field_value
            for field in STRUCTURED_FIELDS if (field_value := getattr(record, field, None)) is not None}


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

    def formatMessage(self, record) -> str:
        # Only the message is redacted: the time stamp's digits are not a phone number.
        record.message = redact(record.message)
        return super().formatMessage(record)

    def format(self, record) -> str:
        fields = "".join(f" {field}={field_value}" for field, field_value in structured_fields(record).items())
        return super().format(record) + fields



class JsonFormatter(PrivateFormatter):
    """One JSON object a line, for a log collector: time, level, logger, message, the request id and the
    allowed structured fields. Text values are redacted like PrivateFormatter's lines; numbers are kept."""

    def format(self, record) -> str:
        line = {"time": self.formatTime(record), "level": record.levelname, "logger": record.name,
                "message": redact(record.getMessage()), "request_id": current_request_id.get()}
        line.update(structured_fields(record))
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False)
