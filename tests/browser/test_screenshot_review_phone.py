"""A borrower on a 360 px phone reviews messages read from a screenshot, with and without JavaScript: the crop is
shown beside each, one is corrected and confirmed into the log, one discarded."""

import io

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from complaints.models import Case, LogEntry, ScreenshotProposal
from complaints.services.evidence import evidence_upload
from tests.browser.conftest import screenshot
from tests.factories import ScreenshotProposalFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page, live_server, user):
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])


def _case_with_proposals():
    user = UserFactory()
    case = Case.objects.create(owner=user, data={"spec": "zhirao-case/1"})
    buffer = io.BytesIO()
    Image.new("RGB", (720, 1280), (233, 233, 235)).save(buffer, "PNG")
    evidence = evidence_upload(actor=user, case=case, uploaded=SimpleUploadedFile(
        "Screenshot_20261206-101010.png", buffer.getvalue(), content_type="image/png")).evidence
    first = ScreenshotProposalFactory(evidence=evidence, position=0, crop_left=20, crop_top=300, crop_right=560, crop_bottom=380)
    second = ScreenshotProposalFactory(evidence=evidence, position=1, text="【优品商城】您的验证码是483921", content=[],
                                       channel="verification_code_bombing", crop_left=20, crop_top=400, crop_right=560, crop_bottom=480)
    return user, case, first, second


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_review_confirm_and_discard_on_a_phone(live_server, browse, javascript):
    user, case, first, second = _case_with_proposals()
    page = browse(javascript=javascript)
    sign_in(page, live_server, user)

    page.goto(f"{live_server.url}/cases/{case.pk}/log/")
    page.get_by_role("link", name="从截图中读出了 2 条消息，等待你确认").click()
    assert page.get_by_role("heading", name="截图读出的消息").is_visible()
    crop = page.locator(f"#proposal-{first.pk} img")
    page.wait_for_load_state("load")  # the link's navigation, images included
    assert crop.evaluate("image => image.complete && image.naturalWidth > 0")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert screenshot(page, f"screenshot-review-phone-{'js' if javascript else 'no-js'}").stat().st_size > 0

    card = page.locator(f"#proposal-{first.pk}")
    card.get_by_label("内容", exact=True).fill("你这个老赖")
    card.get_by_role("button", name="确认，记入骚扰记录").click()
    assert page.get_by_text("已确认，加入骚扰记录。").is_visible()
    page.locator(f"#proposal-{second.pk}").get_by_role("button", name="丢弃").click()
    assert page.get_by_text("没有等待确认的消息。").is_visible()

    entry = LogEntry.objects.get(case=case)
    assert entry.text == "你这个老赖"
    assert ScreenshotProposal.objects.get(pk=second.pk).status == ScreenshotProposal.Status.DISCARDED
