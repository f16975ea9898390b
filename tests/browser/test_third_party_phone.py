"""On a 360 px phone, with and without JavaScript: the borrower makes an upload link; a relative opens it, reads the
consent, gives her name and relation and uploads a screenshot, which waits, marked, on the borrower's evidence page
until she accepts it."""

import pytest

from complaints.models import ThirdPartyUpload
from tests.browser.conftest import check_screen
from tests.browser.test_letters_phone import no_sideways_scroll, sign_in
from tests.factories import CaseFactory
from tests.fixtures.evidence import samples

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_a_relative_uploads_a_screenshot_through_the_link_on_a_phone(live_server, browse, javascript, tmp_path):
    case = CaseFactory(borrower_name="李四")
    screenshot_file = tmp_path / "收到的催收短信.png"
    screenshot_file.write_bytes(samples.png((720, 1280)))
    suffix = "" if javascript else "-nojs"

    borrower = browse(javascript=javascript)
    sign_in(borrower, live_server, case.owner)
    borrower.goto(f"{live_server.url}/cases/{case.pk}/evidence/")
    borrower.get_by_role("link", name="家人、同事或单位也收到了催收信息？请他们帮你上传").click()
    borrower.get_by_label("7 天").check()
    borrower.get_by_label("备注（只有你自己看得到，可以不填）").fill("给妈妈")
    borrower.get_by_role("button", name="生成链接").click()
    link_url = borrower.get_by_label("上传链接").input_value()
    assert "/give/" in link_url and "给妈妈" in borrower.content()
    no_sideways_scroll(borrower)
    check_screen(borrower, f"third-party-links-phone{suffix}")

    relative = browse(javascript=javascript)
    relative.goto(link_url)
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

    borrower.goto(f"{live_server.url}/cases/{case.pk}/evidence/")
    pending = borrower.locator("#pending")
    assert "王小明（家人/亲属）提供" in pending.inner_text()
    pending.get_by_role("button", name="采纳").click()
    assert "由王小明（家人/亲属）提供" in borrower.locator(".evidence-list").inner_text()
    no_sideways_scroll(borrower)
    check_screen(borrower, f"third-party-accepted-phone{suffix}")
