"""Fixtures many integration tests share: a clinic, and a member of its staff signed in on the test client."""

import pytest

from tests.factories import ClinicFactory, StaffFactory


@pytest.fixture
def clinic():
    return ClinicFactory()


@pytest.fixture
def staff(clinic, client):
    user = StaffFactory(clinic=clinic)
    client.force_login(user)
    return user
