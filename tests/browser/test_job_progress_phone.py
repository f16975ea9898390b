"""A background job's page on a 360 px phone: the progress bar while the worker runs it, then its outcome, with
JavaScript (htmx polls the progress part and follows the redirect) and without (the page refreshes itself). axe and
the Nu checker run on the page."""

import pytest
from playwright.sync_api import expect

from complaints.management.letter_samples import stored_case
from complaints.models import Case, Job
from complaints.services.jobs import job_begin, job_create, job_finish, job_progress
from tests.browser.conftest import PHONE, check_screen
from tests.browser.test_letters_phone import sign_in
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("javascript", [False, True], ids=["no-js", "js"])
def test_an_import_shows_its_progress_then_the_messages_to_review(live_server, browse, javascript):
    owner = UserFactory(username="+8613800138000", phone="+8613800138000")
    case = Case.objects.create(owner=owner, data={"spec": "zhirao-case/1"})
    job = job_create(actor=owner, kind=Job.Kind.SMS_IMPORT, case=case, arguments={"evidence_id": 0}, total=3)
    job_begin(job=job)
    job_progress(job=job, done=1)
    page = browse(viewport=PHONE, javascript=javascript)
    sign_in(page, live_server, owner)
    page.goto(f"{live_server.url}/jobs/{job.pk}/")
    progress = page.locator("#job-progress")
    expect(progress).to_contain_text("正在处理")
    expect(progress.locator("progress")).to_have_attribute("value", "33")
    check_screen(page, f"job-progress-phone{'' if javascript else '-nojs'}")

    # The worker finishes; the page notices by itself and shows the imported messages waiting for review.
    job_finish(job=job, result={"created": 2, "duplicates": 0, "not_received": 1, "skipped": [], "skipped_count": 0})
    page.wait_for_url(f"{live_server.url}/cases/{case.pk}/log/#pending", timeout=15_000)
    expect(page.locator("main")).to_contain_text("读取到 2 条收到的短信")
    expect(page.locator("main")).to_contain_text("1 条是你自己发出的短信或草稿")


@pytest.mark.parametrize("javascript", [False, True], ids=["no-js", "js"])
def test_all_letters_at_once_from_the_letters_list_on_a_phone(live_server, browse, javascript):
    owner = UserFactory(username="+8613800138000", phone="+8613800138000")
    case = stored_case(owner)
    page = browse(viewport=PHONE, javascript=javascript)
    sign_in(page, live_server, owner)
    page.goto(f"{live_server.url}/cases/{case.pk}/letters/")
    page.get_by_role("button", name="生成并打包全部文书").click()  # no worker here: it has run by the time the page opens
    job = Job.objects.get(kind=Job.Kind.LETTER_BUNDLE)
    page.wait_for_url(f"{live_server.url}/jobs/{job.pk}/")
    main = page.locator("main")
    expect(main).to_contain_text("封文书已生成")
    expect(main).to_contain_text("没有放入的文书")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    check_screen(page, f"letters-bundle-phone{'' if javascript else '-nojs'}")
    with page.expect_download() as download:
        page.get_by_role("link", name="下载全部文书（ZIP）").click()
    assert download.value.suggested_filename == f"letters-{case.reference}.zip"
