"""guidance.plan_card: a plan card's HTML, its values escaped, its messages translated, its buttons posting with the
page's CSRF token."""

import datetime as dt
import html
import re

from django.template import engines
from django.test import RequestFactory
from django.utils import translation
from django.utils.translation import gettext_lazy

from guidance.plan_card import plan_card_html

TODAY = dt.date(2026, 12, 6)


def _card(**changes) -> dict:
    card = {
        "id": "collector_cease", "title": "要求催收方停止", "status": "do_now", "why": "理由", "for_legal_workers": "",
        "until": None, "days_left": None, "needs": [], "letter": gettext_lazy("要求停止违规催收函"),
        "letter_kind": "collector_cease", "letter_url": "", "negotiation_url": "",
        "addressee": {"name": None, "hotline": None, "channel": None, "note": None, "numbers": [], "alternatives": []},
        "citations": [], "targets": [],
    }
    return {**card, **changes}


def _text(markup: str) -> str:
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", markup))).strip()


def test_every_value_is_escaped_where_the_borrower_or_the_case_wrote_it():
    hostile = '<script>alert("x")</script> & \'quoted\''
    markup = plan_card_html(_card(
        title=hostile, why=hostile, letter_url='/cases/1/letters/x/?a=1&b="2"',
        addressee={"name": hostile, "hotline": "12378", "channel": hostile, "note": hostile, "numbers": [hostile],
                   "alternatives": [{"name": hostile, "hotline": "12321", "when": hostile}]}))
    assert "<script>" not in markup
    assert markup.count("&lt;script&gt;") == 8  # title, why, name, channel, numbers, note, the alternative's when and name
    assert 'href="/cases/1/letters/x/?a=1&amp;b=&quot;2&quot;"' in markup
    assert '<a href="tel:12378">电话 12378</a>' in markup and '<a href="tel:12321">电话 12321</a>' in markup


def test_a_waiting_card_says_until_when_and_counts_the_days_in_each_language():
    card = _card(status="waiting", until=TODAY, days_left=1)
    assert "等待至 2026年12月6日（还剩 1 天）" in _text(plan_card_html(card))
    with translation.override("en"):
        assert "Waiting until 6 December 2026 (1 day left)" in _text(plan_card_html(card))
        assert "(3 days left)" in _text(plan_card_html({**card, "days_left": 3}))


def test_a_later_card_names_the_steps_it_waits_for():
    markup = plan_card_html(_card(status="later", needs=["保全证据", "要求催收方停止"]))
    assert '<p class="plan-card__when">需要先完成：保全证据、要求催收方停止</p>' in markup


def test_without_a_prepare_address_it_names_the_letter_and_has_no_form():
    markup = plan_card_html(_card())
    assert "<form" not in markup
    assert "文书：要求停止违规催收函" in _text(markup) and "保存案件后" in _text(markup)
    linked = plan_card_html(_card(letter_url="/cases/7/letters/collector_cease/"))
    assert '<a href="/cases/7/letters/collector_cease/">要求停止违规催收函</a>' in linked and "保存案件后" not in linked


def test_prepare_buttons_post_with_the_token_one_per_carrier_still_to_write_to():
    one = plan_card_html(_card(), prepare="/cases/from-guidance/", csrf_token="TOKEN")
    assert one.count("<form") == 1
    assert '<input type="hidden" name="csrfmiddlewaretoken" value="TOKEN">' in one
    assert '<input type="hidden" name="letter" value="collector_cease">' in one and 'name="to"' not in one
    assert "准备要求停止违规催收函" in _text(one)
    targets = [{"target": carrier, "name": carrier, "numbers": ["+8613800000000"], "status": gettext_lazy("现在就做"),
                "open": carrier != "中国电信", "until": None, "letter_url": ""} for carrier in ("中国移动", "中国联通", "中国电信")]
    per_carrier = plan_card_html(_card(id="complain_carrier", letter_kind="carrier_complaint",
                                       letter=gettext_lazy("致运营商的投诉信"), targets=targets), prepare="/p/", csrf_token="T")
    assert per_carrier.count("<form") == 2
    assert '<input type="hidden" name="to" value="中国移动">' in per_carrier and 'value="中国电信"' not in per_carrier
    assert "中国电信（+8613800000000）：现在就做" in _text(per_carrier)


def test_each_carrier_line_gives_its_wait_and_its_letter():
    targets = [{"target": "中国移动", "name": "中国移动", "numbers": [], "status": gettext_lazy("等待答复"), "open": False,
                "until": TODAY, "letter_url": "/cases/1/letters/carrier_complaint/?to=中国移动"}]
    markup = plan_card_html(_card(targets=targets))
    assert "中国移动：等待答复，等待至 2026年12月6日 给中国移动的文书" in _text(markup)
    assert 'aria-label="每家运营商各自的进度"' in markup


def test_the_tags_give_each_card_the_pages_csrf_token_and_list_the_other_steps_in_lines():
    request = RequestFactory().get("/guide/plan/")
    cards = [_card(), _card(id="complain_lender", letter_kind="lender_complaint")]
    markup = engines["django"].from_string("{% load plan_cards %}{% plan_cards cards prepare='/p/' %}").render({"cards": cards}, request)
    tokens = re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', markup)
    assert len(tokens) == 2 and len(tokens[0]) == 64 and markup.count("<li ") == 2
    assert "csrfmiddlewaretoken" not in engines["django"].from_string("{% load plan_cards %}{% plan_cards cards %}").render({"cards": cards})
    lines = engines["django"].from_string("{% load plan_cards %}{% plan_lines cards %}").render(
        {"cards": [_card(status="done", why="<已做>"), _card(id="sue", title="起诉", status="not_applicable", why="")]})
    assert lines == ('<li id="action-collector_cease" data-status="done">要求催收方停止<br><span class="plan-list__why">&lt;已做&gt;</span></li>'
                     '<li id="action-sue" data-status="not_applicable">起诉</li>')
