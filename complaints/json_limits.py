"""JSON from outside (a case file, an evidence ZIP's manifest) read with limits on size and nesting.

Python's json module recurses once per level: a file of 100,000 nested brackets raises RecursionError,
a 500 error, and a shallower one can still exhaust the stack of whatever walks it later (deepcopy, the
parser). Real case files nest a handful of levels, so anything deeper than MAX_DEPTH is refused before
parsing, by a scan that counts brackets outside strings without recursing.
"""

import json

MAX_DEPTH = 32


class JsonTooDeep(ValueError):
    pass


def nesting_depth(text: str) -> int:
    """How deep `text`'s arrays and objects nest (0 for a scalar); ignores brackets inside strings."""
    depth = deepest = 0
    in_string = escaped = False
    for character in text:
        if in_string:
            if escaped:
                escaped = False
            elif character == "\\":
                escaped = True
            elif character == '"':
                in_string = False
        elif character == '"':
            in_string = True
        elif character in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif character in "]}":
            depth -= 1
    return deepest


def json_loads_limited(text: str, *, max_depth: int = MAX_DEPTH):
    """json.loads, refusing (JsonTooDeep) text nested deeper than `max_depth`."""
    if nesting_depth(text) > max_depth:
        raise JsonTooDeep(max_depth)
    return json.loads(text)
