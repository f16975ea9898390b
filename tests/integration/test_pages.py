import pytest
from django.core.files.storage import FileSystemStorage
from django.db import OperationalError
from django.urls import reverse

from tests.factories import CaseFactory, ClinicFactory

pytestmark = pytest.mark.django_db


def test_home_page_says_in_chinese_what_zhirao_does(client):
    response = client.get(reverse("home"))
    assert response.status_code == 200
    page = response.content.decode()
    assert '<html lang="zh-CN">' in page
    assert "依法" in page and "催收" in page
    assert 'href="tel:110"' in page  # the help strip
    assert "不要向任何人交费" in page and "协商还款是免费的" in page  # the warning against paid "anti-collection" services


def test_pages_carry_a_strict_content_security_policy(client):
    policy = client.get(reverse("home"))["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "style-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "object-src 'none'" in policy


def test_pages_have_no_inline_script_or_style(client):
    page = client.get(reverse("home")).content.decode()
    assert "<script>" not in page and "<style" not in page and " style=" not in page
    assert "htmx-2.min.js" in page
    assert 'data-hx-headers=\'{"X-CSRFToken": "' in page


def test_healthz_says_the_process_is_alive_without_asking_the_database(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_readyz_reports_the_database_and_the_storage(client):
    response = client.get(reverse("readyz"))
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "storage": "ok"}


def test_readyz_is_503_naming_only_the_error_class_when_the_database_does_not_answer(client, monkeypatch):
    from django.db import connection

    def refuse():
        raise OperationalError("could not connect to server at 10.0.0.9 as user zhirao")

    monkeypatch.setattr(connection, "cursor", refuse)
    response = client.get(reverse("readyz"))
    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "OperationalError", "storage": "ok"}
    assert "10.0.0.9" not in response.content.decode()


class UnreachableStorage(FileSystemStorage):
    def exists(self, name):
        raise ConnectionError("object store at 10.0.0.7 did not answer")


def test_readyz_is_503_when_the_storage_does_not_answer(client, settings):
    settings.STORAGES = {**settings.STORAGES, "default": {
        "BACKEND": "tests.integration.test_pages.UnreachableStorage", "OPTIONS": {}}}
    response = client.get(reverse("readyz"))
    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "ok", "storage": "ConnectionError"}


def test_unknown_page_is_a_chinese_404_with_the_help_strip(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    page = response.content.decode()
    assert "找不到这个页面" in page and 'href="tel:110"' in page


def test_csrf_failure_page_is_in_chinese(client):
    csrf_client = client.__class__(enforce_csrf_checks=True)
    response = csrf_client.post(reverse("set_language"), {"language": "en"})
    assert response.status_code == 403
    assert "页面已过期" in response.content.decode()


def test_switching_to_english_and_back(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"}, follow=True)
    page = response.content.decode()
    assert '<html lang="en">' in page
    assert "Stop debt-collection harassment" in page
    response = client.post(reverse("set_language"), {"language": "zh-hans", "next": "/"}, follow=True)
    assert '<html lang="zh-CN">' in response.content.decode()


def test_without_a_shared_case_the_help_strip_links_to_every_clinic(client):
    ClinicFactory(name="星光法律援助工作站", phone="020-12345678", address="广州市天河区体育西路1号", hours="周一至周五 9:00–17:00")
    ClinicFactory(name="晨曦法律服务中心", phone="", address="", hours="")
    home = client.get(reverse("home")).content.decode()
    assert f'href="{reverse("clinics")}"' in home and "找法律援助" in home
    assert 'href="tel:12348"' in home  # the national legal-aid line, from ../shared/directory/hotlines.json
    response = client.get(reverse("clinics"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "晨曦法律服务中心" in page and "星光法律援助工作站" in page
    assert 'href="tel:020-12345678"' in page and "广州市天河区体育西路1号" in page and "周一至周五 9:00–17:00" in page
    assert 'href="tel:110"' in page and 'href="tel:12348"' in page


def test_a_borrower_whose_case_is_shared_sees_their_own_clinic_instead(client):
    clinic = ClinicFactory(name="星光法律援助工作站", phone="020-12345678")
    case = CaseFactory(shared_with=clinic)
    client.force_login(case.owner)
    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "你的法律援助机构：星光法律援助工作站" in page and 'href="tel:020-12345678"' in page
    assert "找法律援助" not in page


def test_chinese_is_the_default_whatever_the_browser_asks_for(client):
    page = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert '<html lang="zh-CN">' in page and "依法" in page
    client.post(reverse("set_language"), {"language": "en"})
    assert '<html lang="en">' in client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="zh-CN").content.decode()


def test_every_page_names_its_icon_and_the_icon_is_served(client):
    from django.contrib.staticfiles import finders

    page = client.get(reverse("home")).content.decode()
    assert 'rel="icon"' in page and "favicon.svg" in page
    assert finders.find("favicon.svg")
