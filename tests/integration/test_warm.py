"""complaints.warm: what gunicorn's master loads before it forks, so no worker's first request reads reviewed data."""

import pytest
import yaml
from django.urls import reverse

from complaints.warm import warm
from guidance import tree as trees

pytestmark = pytest.mark.django_db


def test_after_the_warm_up_the_guide_and_its_questions_read_no_yaml(client, monkeypatch):
    warm()

    def no_more_reading(*args, **kwargs):
        raise AssertionError("reviewed data was read after the warm-up")

    monkeypatch.setattr(yaml, "safe_load", no_more_reading)
    assert client.get(reverse("guidance:start")).status_code == 200
    first_question = client.get(reverse("guidance:question", kwargs={"node_id": trees.load().start}))
    assert first_question.status_code == 200
    for version in trees.versions("escalation"):
        assert trees.load("escalation", version).id == "escalation"
        assert "screen_chains" in vars(trees.load("escalation", version))  # the screens are worked out before the fork
