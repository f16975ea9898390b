"""A borrower on a 360 px phone uploads evidence (one good file, one refused) saying what it proves, reads the refusal
(after a redirect: reloading sends nothing again), opens the file's
page with its preview and full hash, and describes it — with and without JavaScript."""

import pytest

from complaints.models import Evidence
from tests.browser.conftest import check_screen
from tests.browser.test_letters_phone import no_sideways_scroll, sign_in
from tests.factories import CaseFactory
from tests.fixtures.evidence import samples

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_upload_and_describe_evidence_on_a_phone(live_server, browse, javascript, tmp_path):
    case = CaseFactory()
    screenshot_file = tmp_path / "Screenshot_20260314-224100.png"
    screenshot_file.write_bytes(samples.png((720, 1280)))
    disguised = tmp_path / "截图.jpg"
    disguised.write_bytes(b"MZ" + b"\x00" * 200)
    page = browse(javascript=javascript)
    suffix = "" if javascript else "-nojs"
    sign_in(page, live_server, case.owner)

    page.goto(f"{live_server.url}/cases/{case.pk}/evidence/")
    no_sideways_scroll(page)
    check_screen(page, f"evidence-empty-phone{suffix}")
    page.get_by_label("选择要上传的文件（可以一次选多个）").set_input_files([str(screenshot_file), str(disguised)])
    page.get_by_label("这份证据证明什么？（可不填）").fill("夜间发来威胁告诉单位的短信")
    page.get_by_role("button", name="上传", exact=True).click()
    assert page.url.endswith(f"/cases/{case.pk}/evidence/")  # redirected after the post: reloading sends nothing again
    assert "证明：夜间发来威胁告诉单位的短信" in page.content()
    assert page.get_by_label("这份证据证明什么？（可不填）").input_value() == "夜间发来威胁告诉单位的短信"  # kept for the retry

    alert = page.locator("#upload-refused")
    assert alert.get_attribute("role") == "alert"
    assert "截图.jpg" in alert.inner_text() and "可执行程序" in alert.inner_text()
    assert "已保存“Screenshot_20260314-224100.png”，编号为证据1" in page.content()
    no_sideways_scroll(page)
    check_screen(page, f"evidence-refused-phone{suffix}")
    page.reload()
    assert page.locator("#upload-refused").count() == 0 and Evidence.objects.filter(case=case).count() == 1

    evidence = Evidence.objects.get(case=case)
    page.get_by_role("link", name="查看和填写说明").click()
    assert page.get_by_role("img", name="“Screenshot_20260314-224100.png”的预览图").is_visible()
    page.locator("details.evidence-hash summary").click()  # the checksum is in the legal workers' fold
    assert evidence.sha256 in page.locator(".evidence-hash__full").inner_text()
    page.get_by_label("这是什么").fill("3月14日22:41催收短信截图")
    page.get_by_label("它能证明什么").fill("夜间发送威胁曝光的短信")
    page.get_by_role("button", name="保存说明").click()
    assert "说明已保存" in page.content()
    no_sideways_scroll(page)
    check_screen(page, f"evidence-detail-phone{suffix}")
    evidence.refresh_from_db()
    assert evidence.proves == "夜间发送威胁曝光的短信"
