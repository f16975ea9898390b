"""complaints/session_store.py: Django's database sessions with cheaper reads and writes, the same in every other way."""

import datetime as dt

import pytest
from django.conf import settings
from django.contrib.sessions.backends.base import UpdateError
from django.contrib.sessions.backends.db import SessionStore as DjangoSessionStore
from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone

from complaints.session_store import SessionStore
from tests.factories import BorrowerFactory

pytestmark = [pytest.mark.django_db, pytest.mark.security]

RIGHT = "correct-horse-battery-staple"


def test_the_site_uses_it():
    assert settings.SESSION_ENGINE == "complaints.session_store"


def test_it_reads_and_writes_what_djangos_own_store_does():
    ours = SessionStore()
    ours["guidance"] = {"answers": {"start": {"choice": "calls"}}, "note": "中文"}
    ours.set_expiry(3600)
    ours.save()
    theirs = DjangoSessionStore(ours.session_key)
    assert theirs["guidance"] == {"answers": {"start": {"choice": "calls"}}, "note": "中文"}
    theirs["guidance"] = {"answers": {}}
    theirs.save()
    ours = SessionStore(ours.session_key)
    assert ours["guidance"] == {"answers": {}}
    ours["more"] = 1
    ours.save()
    row = Session.objects.get(session_key=ours.session_key)
    assert DjangoSessionStore().decode(row.session_data) == {"guidance": {"answers": {}}, "more": 1, "_session_expiry": 3600}
    assert abs(row.expire_date - (timezone.now() + dt.timedelta(seconds=3600))) < dt.timedelta(seconds=60)


def test_an_expired_session_is_not_read():
    session = SessionStore()
    session["guidance"] = {"answers": {"start": {"choice": "calls"}}}
    session.save()
    Session.objects.filter(session_key=session.session_key).update(expire_date=timezone.now() - dt.timedelta(seconds=1))
    again = SessionStore(session.session_key)
    assert "guidance" not in again
    assert again.session_key is None  # a new key is made if anything is stored, never the old one again


@pytest.mark.parametrize("store", [SessionStore, DjangoSessionStore], ids=["ours", "django"])
def test_a_session_deleted_on_the_server_while_a_request_runs_is_not_written_back(store):
    session = store()
    session["guidance"] = {"answers": {}}
    session.save()
    stale = store(session.session_key)
    assert stale["guidance"] == {"answers": {}}  # read at the start of a request
    session.delete()  # logged out in another tab meanwhile
    stale["guidance"] = {"answers": {"start": {"choice": "calls"}}}
    with pytest.raises(UpdateError):
        stale.save()
    assert not Session.objects.exists()


def test_a_logged_out_session_cookie_opens_nothing(client):
    user = BorrowerFactory()
    client.post(reverse("login"), {"username": user.username, "password": RIGHT})
    old_cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert client.get(reverse("cases:list")).status_code == 200
    client.post(reverse("logout"))
    client.cookies[settings.SESSION_COOKIE_NAME] = old_cookie
    response = client.get(reverse("cases:list"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))

