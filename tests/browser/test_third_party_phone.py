"""A relative opens the borrower's upload link on a 360 px phone, with and without JavaScript: reads the consent,
gives her name and relation and uploads a screenshot, which waits, marked, on the borrower's evidence page."""

import pytest

from complaints.models import ThirdPartyUpload
from complaints.services.third_party import link_create
from tests.browser.conftest import check_screen
from tests.browser.test_letters_phone import no_sideways_scroll, sign_in
from tests.factories import CaseFactory
from tests.fixtures.evidence import samples

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_a_relative_uploads_a_screenshot_through_the_link_on_a_phone(live_server, browse, javascript, tmp_path):
    case = CaseFactory(borrower_name="李四")
    token = link_create(actor=case.owner, case=case, days=3).token
    screenshot_file = tmp_path / "收到的催收短信.png"
    screenshot_file.write_bytes(samples.png((720, 1280)))
    suffix = "" if javascript else "-nojs"

    relative = browse(javascript=javascript)
    relative.goto(f"{live_server.url}/give/{token}/")
    assert "李四" not in relative.content()
    no_sideways_scroll(relative)
    check_screen(relative, f"third-party-upload-phone{suffix}")

    relative.get_by_role("button", name="同意并上传").click()  # nothing filled in: every field says what it needs
    assert relative.locator("#id_uploader_name_error").inner_text() == "请填写你的姓名。"
    assert "上传前需要你明确同意" in relative.locator("#id_consent_error").inner_text()
    no_sideways_scroll(relative)
    check_screen(relative, f"third-party-upload-errors-phone{suffix}")

    relative.get_by_label("你的姓名").fill("王小明")
    relative.get_by_label("家人/亲属").check()
    relative.get_by_label("选择要上传的文件（可以一次选多个）").set_input_files([str(screenshot_file)])
    relative.get_by_label("我已阅读并同意上面的说明").check()
    relative.get_by_role("button", name="同意并上传").click()
    assert "已收到 1 个文件" in relative.content()
    no_sideways_scroll(relative)
    check_screen(relative, f"third-party-received-phone{suffix}")
    upload = ThirdPartyUpload.objects.get(case=case)
    assert (upload.uploader_name, upload.relation, upload.evidence) == ("王小明", "family", None)

    borrower = browse(javascript=javascript)
    sign_in(borrower, live_server, case.owner)
    borrower.goto(f"{live_server.url}/cases/{case.pk}/evidence/")
    pending = borrower.locator("#pending")
    assert "王小明（家人/亲属）提供" in pending.inner_text()
    pending.get_by_role("button", name="采纳").click()
    assert "由王小明（家人/亲属）提供" in borrower.locator(".evidence-list").inner_text()
    no_sideways_scroll(borrower)
    check_screen(borrower, f"third-party-accepted-phone{suffix}")
