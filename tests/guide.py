"""The guide's state as a test client holds it (guidance.guide_state: an encrypted cookie, or the session when too long)."""

from guidance.guide_state import COOKIE_NAME, SESSION_KEY, seal, unseal


def guide_state(client) -> dict | None:
    cookie = client.cookies.get(COOKIE_NAME)
    if cookie is not None and cookie.value:
        return unseal(cookie.value)
    return client.session.get(SESSION_KEY)


def give_guide_state(client, state: dict) -> None:
    """As if this browser had answered the guide so far."""
    client.cookies[COOKIE_NAME] = seal(state)
