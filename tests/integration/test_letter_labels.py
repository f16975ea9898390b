"""The letters list names each letter with its addressee, and no two entries read the same (issue 14)."""

import re
from html import unescape

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from complaints.services.cases import case_create
from guidance import clock
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _chinese_afterwards():
    """A request in English leaves English active in the test's thread: the tests after these expect Chinese."""
    yield
    translation.activate(settings.LANGUAGE_CODE)

CASES = {
    "two carriers, lender named": {
        "lender": {"name": "某某贷款平台", "kind": "microloan"},
        "collector": {"numbers": ["+8617012345678", "+8617112345678"]},
        "harassment": {"channels": ["call", "sms"], "targets": ["self", "employer"], "content": ["threat_exposure"]},
    },
    "nothing named": {"collector": {"numbers": ["+8613812345678"]}, "harassment": {"channels": ["sms"]}},
    "collector named, bank lender": {
        "lender": {"name": "某某银行", "kind": "bank"},
        "collector": {"name": "某某信息咨询有限公司", "kind": "outsourced_agency", "numbers": ["+8618612345678", "+8613812345678"]},
        "harassment": {"channels": ["call"], "content": ["insult"]}, "wants": ["compensation", "delete_my_data", "negotiate_repayment"],
    },
}


def _entries(page: str) -> list[str]:
    return [unescape(re.sub(r"<[^>]+>", "", item)).strip()
            for item in re.findall(r'<h2 class="letter-list__title">(.*?)</h2>', page, flags=re.S)]


@pytest.mark.parametrize("name", CASES)
@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_every_entry_names_its_addressee_and_reads_differently(client, name, language):
    owner = UserFactory()
    data = {"borrower": {"name": "赵敏", "phone": "+8613900139000"}, **CASES[name], "today": clock.today().isoformat()}
    case = case_create(owner=owner, actor=owner, data=data)
    client.force_login(owner)
    client.cookies["django_language"] = language
    entries = _entries(client.get(reverse("letters:list", args=[case.pk]), HTTP_ACCEPT_LANGUAGE=language).content.decode())
    assert len(entries) >= 3
    assert len(set(entries)) == len(entries), entries
    if language == "en":
        assert not any(re.search(r"[\u4e00-\u9fff]", entry) for entry in entries if "某某" not in entry), entries
        return
    assert all(entry.startswith(("致", "就", "向")) for entry in entries), entries
    if name == "two carriers, lender named":
        assert {"致中国电信的投诉信", "致中国联通的投诉信", "致某某贷款平台的投诉信", "致催收方的停止催收函"} <= set(entries), entries
    if name == "collector named, bank lender":
        assert "致某某信息咨询有限公司的停止催收函" in entries and "致某某银行的个人信息权利请求函" in entries, entries
