"""How a management command refuses bad input: one clean line on stderr and exit status 2.

Django's `CommandError` prints "CommandError: <text>"; the people who run these commands (a clinic volunteer, a
script) should read only the Chinese sentence that names the file, field or number and says what is wrong.
"""

from typing import NoReturn


def fail(command, message: str) -> NoReturn:
    """Bad input: one line on stderr, exit status 2 (as the shell's usage errors)."""
    command.stderr.write(" ".join(str(message).splitlines()))
    raise SystemExit(2)
