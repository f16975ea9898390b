"""What can be the id of a row: every table's key is a 64-bit integer (DEFAULT_AUTO_FIELD is BigAutoField).

A value from a URL or a form is checked here before it reaches a query: past 64 bits SQLite raises OverflowError,
and past 4,300 digits Python's own int() refuses the text (ValueError), so either would be a server error.
"""

MAX_DATABASE_ID = 2**63 - 1
_MAX_DIGITS = len(str(MAX_DATABASE_ID))


def database_id(text: str) -> int | None:
    """`text` (spaces around it aside) as a row's id, or None when no row can have it: anything but ASCII digits,
    0, or beyond 64 bits."""
    text = text.strip()
    if not (text.isascii() and text.isdigit()) or len(text) > _MAX_DIGITS:
        return None
    number = int(text)
    return number if 0 < number <= MAX_DATABASE_ID else None
