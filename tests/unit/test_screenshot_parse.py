"""guidance/screenshot.py: OCR lines of a screenshot to proposed log entries (no OCR engine here: the lines are
written as an engine returns them)."""

import datetime as dt

import pytest

from guidance.clock import SHANGHAI
from guidance.screenshot import OcrLine, numbers_in, parse_when, read_screen, screenshot_date

# A Sunday.
REFERENCE = dt.date(2026, 12, 6)


@pytest.mark.parametrize(("text", "day", "time"), [
    ("22:41", REFERENCE, dt.time(22, 41)),
    ("今天 09:05", REFERENCE, dt.time(9, 5)),
    ("昨天 22:41", dt.date(2026, 12, 5), dt.time(22, 41)),
    ("昨天22:41", dt.date(2026, 12, 5), dt.time(22, 41)),
    ("前天 上午8:00", dt.date(2026, 12, 4), dt.time(8, 0)),
    ("星期三 21:10", dt.date(2026, 12, 2), dt.time(21, 10)),
    ("周日 10:00", dt.date(2026, 11, 29), dt.time(10, 0)),  # a weekday is never the screenshot's own day
    ("星期三", dt.date(2026, 12, 2), None),
    ("下午 3:05", REFERENCE, dt.time(15, 5)),
    ("上午12:30", REFERENCE, dt.time(0, 30)),
    ("中午12:10", REFERENCE, dt.time(12, 10)),
    ("中午1:10", REFERENCE, dt.time(13, 10)),
    ("凌晨2:15", REFERENCE, dt.time(2, 15)),
    ("晚上11:59", REFERENCE, dt.time(23, 59)),
    ("昨天 下午3:05", dt.date(2026, 12, 5), dt.time(15, 5)),
    ("12月3日 21:10", dt.date(2026, 12, 3), dt.time(21, 10)),
    ("12月3日 下午9:10", dt.date(2026, 12, 3), dt.time(21, 10)),
    ("12月9日 21:10", dt.date(2025, 12, 9), dt.time(21, 10)),  # after the screenshot's day: last year
    ("2026/12/03", dt.date(2026, 12, 3), None),
    ("2026/12/03 21:10", dt.date(2026, 12, 3), dt.time(21, 10)),
    ("2026年12月3日 星期四 21:10", dt.date(2026, 12, 3), dt.time(21, 10)),
    ("２０２６－１２－０３　２１：１０", dt.date(2026, 12, 3), dt.time(21, 10)),  # full-width
    ("3:05 PM", REFERENCE, dt.time(15, 5)),
    ("22:41:08", REFERENCE, dt.time(22, 41)),
])
def test_dates_and_times_as_phones_print_them(text, day, time):
    when = parse_when(text, REFERENCE)
    assert when is not None
    assert (when.day, when.time) == (day, time)


@pytest.mark.parametrize("text", ["请于今天18:00前还款", "25:10", "2026/02/30", "下午", "您的验证码是 4839", "昨天的事"])
def test_lines_that_are_not_only_a_time(text):
    assert parse_when(text, REFERENCE) is None


@pytest.mark.parametrize(("text", "numbers"), [
    ("+86 138 0013 8000", ["+8613800138000"]),
    ("138-0013-8000", ["+8613800138000"]),
    ("１３８００１３８０００", ["+8613800138000"]),  # full-width digits
    ("1069 0123 4567", ["106901234567"]),
    ("10690123456", ["10690123456"]),
    ("106575551234", ["106575551234"]),
    ("王经理 (170 1234 5678)", ["+8617012345678"]),
    ("信息", []),
])
def test_numbers_in_a_line(text, numbers):
    assert numbers_in(text) == numbers


@pytest.mark.parametrize(("exif", "filename", "day"), [
    ("2026:12:03 21:15:00", "IMG_0001.PNG", dt.date(2026, 12, 3)),
    ("", "Screenshot_20261203-221500.png", dt.date(2026, 12, 3)),
    ("", "屏幕截图 2026-12-01 101010.png", dt.date(2026, 12, 1)),
    ("", "IMG_4411.PNG", None),
    ("", "Screenshot_20261399-221500.png", None),
])
def test_the_screenshots_own_date(exif, filename, day):
    assert screenshot_date(exif_datetime=exif, filename=filename) == day


def line(text, left, top, right, bottom):
    return OcrLine(text, (left, top, right, bottom))


# An iOS-like SMS conversation at 750 x 1334: status bar, header number, two dividers, three received bubbles
# (one of two lines), one sent reply, the input bar.
IOS_SMS = [
    line("9:41", 30, 12, 90, 44),
    line("1069 0123 4567", 250, 120, 500, 150),
    line("昨天 下午3:05", 300, 250, 450, 276),
    line("【某某借】您的验证码是483921，", 40, 300, 520, 334),
    line("五分钟内有效，请勿泄露。", 40, 340, 400, 374),
    line("你这个老赖，再不还钱就爆通讯录", 40, 420, 560, 454),
    line("我已经在协商了", 450, 500, 700, 534),
    line("今天 22:41", 320, 600, 430, 626),
    line("我们已经立案，明天上门抓人", 40, 660, 520, 694),
    line("短信/彩信", 100, 1260, 260, 1290),
]


def test_a_conversation_becomes_one_proposal_per_received_message():
    screen = read_screen(IOS_SMS, width=750, height=1334, reference=REFERENCE)
    assert screen.sender == "106901234567"
    assert [proposal.text for proposal in screen.proposals] == [
        "【某某借】您的验证码是483921，五分钟内有效，请勿泄露。",
        "你这个老赖，再不还钱就爆通讯录",
        "我们已经立案，明天上门抓人",
    ]
    first, second, third = screen.proposals
    assert first.at == dt.datetime(2026, 12, 5, 15, 5, tzinfo=SHANGHAI)
    assert first.time_text == "昨天 下午3:05"
    assert first.channel == "verification_code_bombing"
    assert second.at == first.at and second.channel == "sms"
    assert second.content == ("threat_exposure", "insult")
    assert third.at == dt.datetime(2026, 12, 6, 22, 41, tzinfo=SHANGHAI)
    assert third.content == ("false_legal_threat",)
    assert all(proposal.from_number == "106901234567" for proposal in screen.proposals)


def test_the_crop_covers_the_bubble_and_stays_inside_the_image():
    first = read_screen(IOS_SMS, width=750, height=1334, reference=REFERENCE).proposals[0]
    left, top, right, bottom = first.box
    assert left <= 40 and top <= 300 and right >= 520 and bottom >= 374
    assert left >= 0 and top >= 0 and right <= 750 and bottom <= 1334
    # and not the next bubble
    assert bottom < 420


def test_a_stamp_under_a_bubble_belongs_to_it_and_keeps_the_dividers_day():
    android = [
        line("10:02", 20, 10, 80, 40),
        line("+86 170 1234 5678", 200, 110, 520, 140),
        line("星期三", 330, 230, 420, 256),
        line("再不还钱，小心你的家人", 40, 280, 420, 314),
        line("21:10", 40, 322, 110, 344),
        line("你儿子欠钱不还，告诉你单位", 40, 380, 500, 414),
        line("21:12", 40, 422, 110, 444),
    ]
    screen = read_screen(android, width=720, height=1280, reference=REFERENCE)
    assert [proposal.at for proposal in screen.proposals] == [
        dt.datetime(2026, 12, 2, 21, 10, tzinfo=SHANGHAI), dt.datetime(2026, 12, 2, 21, 12, tzinfo=SHANGHAI)]
    assert screen.proposals[1].time_text == "星期三 21:12"
    assert screen.proposals[1].content == ("threat_exposure", "disclose_debt")
    assert screen.sender == "+8617012345678"


def test_a_long_sent_message_is_still_the_borrowers_own():
    sent = [line("我已经在和贵公司协商还款方案，请不要再", 200, 300, 710, 334),
            line("给我的家人和同事发短信", 200, 340, 520, 374),
            line("不协商就等着上门", 120, 420, 400, 454)]  # a chat app's received bubble, beside the avatar
    screen = read_screen(sent, width=750, height=1334, reference=REFERENCE)
    assert [proposal.text for proposal in screen.proposals] == ["不协商就等着上门"]


def test_no_number_in_the_header_leaves_the_sender_for_the_borrower():
    screen = read_screen([line("催收王经理", 250, 120, 450, 150), line("还钱", 40, 300, 120, 334)],
                         width=750, height=1334, reference=REFERENCE)
    assert screen.sender == ""
    assert screen.proposals[0].from_number == ""
    assert screen.proposals[0].at is None


def test_an_empty_screen_proposes_nothing():
    assert read_screen([], width=750, height=1334, reference=REFERENCE).proposals == ()
