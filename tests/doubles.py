"""Stand-ins tests put in place of the app's own functions."""


def fails_once_after(real):
    """`real`, except that its first call raises after doing its work: a job that fails late (saving its ZIP, say)
    and is retried."""
    calls = []

    def stand_in(**kwargs):
        calls.append(1)
        result = real(**kwargs)
        if len(calls) == 1:
            raise ConnectionError("storage went away while saving the ZIP")
        return result

    return stand_in
