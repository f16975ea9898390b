"""guidance.analysis: counts, night boundaries in Asia/Shanghai, the harassment summary and the chart."""

import datetime as dt
import xml.etree.ElementTree as ET

import pytest

from guidance import clock
from guidance.analysis import (
    CHART_DAYS_LIMIT,
    analyse_after,
    analyse_log,
    chart_bars,
    collector_numbers,
    harassment_chart_svg,
    is_night,
    merge_harassment,
    months_of,
    stated_values,
)

SHANGHAI = clock.SHANGHAI
SVG = "{http://www.w3.org/2000/svg}"


def at(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=SHANGHAI)


@pytest.mark.parametrize(
    ("clock", "night"),
    [("20:59", False), ("21:00", True), ("23:59", True), ("00:00", True), ("07:59", True), ("08:00", False), ("12:00", False)],
)
def test_night_boundaries(clock, night):
    assert is_night(at(f"2026-03-14T{clock}")) is night


def test_night_is_judged_in_shanghai_time_whatever_the_stored_zone():
    # 13:30 UTC is 21:30 in Shanghai; 23:59 UTC is 07:59 next morning there.
    assert is_night(dt.datetime(2026, 3, 14, 13, 30, tzinfo=dt.UTC)) is True
    assert is_night(dt.datetime(2026, 3, 14, 23, 59, tzinfo=dt.UTC)) is True
    assert is_night(dt.datetime(2026, 3, 15, 0, 0, tzinfo=dt.UTC)) is False


def entry(when, number="+8617012345678", channel="sms", target="self"):
    return {"at": when, "channel": channel, "from_number": number, "target": target}


LOG = [
    entry("2026-03-01T10:00:00+08:00"),
    entry("2026-03-01T20:59:00+08:00", channel="call"),
    entry("2026-03-01T21:00:00+08:00", channel="call"),
    entry("2026-03-03T07:59:00+08:00", number="10690000123456"),
    entry("2026-03-03T08:00:00+08:00", number="10690000123456", target="contacts"),
    entry("2026-03-03T09:00:00+08:00", target="family"),
    entry("2026-03-03T23:30:00+08:00", target="family"),
    entry("2026-03-03T12:00:00+08:00", number="", channel="visit", target="employer"),
]


def test_counts_per_day_including_empty_days():
    analysis = analyse_log(LOG)
    assert analysis.total == 8
    assert [(d.day.isoformat(), d.total, d.night) for d in analysis.days] == [
        ("2026-03-01", 3, 1),
        ("2026-03-02", 0, 0),
        ("2026-03-03", 5, 2),
    ]
    assert analysis.max_per_day == 5
    assert analysis.max_day == dt.date(2026, 3, 3)
    assert analysis.active_days == 2
    assert analysis.night_total == 3


def test_first_and_last_contact_and_per_number():
    analysis = analyse_log(LOG)
    assert analysis.first_contact == at("2026-03-01T10:00")
    assert analysis.last_contact == at("2026-03-03T23:30")
    by_number = {n.number: n for n in analysis.numbers}
    assert set(by_number) == {"+8617012345678", "10690000123456"}
    assert by_number["+8617012345678"].total == 5
    assert by_number["+8617012345678"].night == 2
    assert by_number["+8617012345678"].kind == "virtual_mobile"
    assert by_number["10690000123456"].kind == "sms_port"
    assert by_number["10690000123456"].night == 1
    assert analysis.numbers[0].number == "+8617012345678"


def test_third_parties_and_channels():
    analysis = analyse_log(LOG)
    assert dict(analysis.third_parties) == {"family": 2, "contacts": 1, "employer": 1}
    assert dict(analysis.channels) == {"sms": 5, "call": 2, "visit": 1}


def test_harassment_summary_and_merge_keep_what_the_borrower_said():
    summary = analyse_log(LOG).harassment_summary()
    assert summary == {
        "channels": ["sms", "call", "visit"],
        "targets": ["self", "family", "contacts", "employer"],
        "night_contact": True,
        "max_per_day": 5,
        "first_seen": "2026-03-01",
    }
    stated = {"channels": ["wechat"], "content": ["insult"], "max_per_day": 40, "first_seen": "2026-02-20", "night_contact": False}
    merged = merge_harassment(stated, summary)
    assert merged["channels"] == ["wechat", "sms", "call", "visit"]
    assert merged["content"] == ["insult"]
    assert merged["max_per_day"] == 40
    assert merged["first_seen"] == "2026-02-20"
    assert merged["night_contact"] is True
    assert merge_harassment(stated, {}) == stated


def test_empty_log():
    analysis = analyse_log([])
    assert analysis.total == 0
    assert analysis.harassment_summary() == {}
    svg = harassment_chart_svg(analysis)
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG}svg"
    assert "还没有联系记录" in svg


def test_long_spans_show_only_active_days():
    analysis = analyse_log([entry("2026-01-01T10:00:00+08:00"), entry("2026-06-01T22:00:00+08:00")])
    assert analysis.continuous is False
    assert [d.day.isoformat() for d in analysis.days] == ["2026-01-01", "2026-06-01"]


def test_chart_is_valid_svg_with_day_labels_and_hatched_night_bars():
    svg = harassment_chart_svg(analyse_log(LOG))
    root = ET.fromstring(svg)
    assert root.get("viewBox") == "0 0 560 400"
    assert root.get("role") == "img"
    labels = [t.text for t in root.iter(f"{SVG}text") if t.get("class") == "day-label"]
    assert labels == ["3月1日", "3月2日", "3月3日"]
    pattern = root.find(f"{SVG}defs/{SVG}pattern")
    night_bars = [r for r in root.iter(f"{SVG}rect") if r.get("class") == "bar-night"]
    assert len(night_bars) == 2
    assert all(bar.get("fill") == f"url(#{pattern.get('id')})" for bar in night_bars)
    day_bars = [r for r in root.iter(f"{SVG}rect") if r.get("class") == "bar-day"]
    assert len(day_bars) == 2
    assert "style" not in svg and "<script" not in svg
    assert "共被联系8次，其中夜间3次" in root.find(f"{SVG}desc").text


def test_chart_labels_thin_out_on_many_days():
    log = [entry(f"2026-03-{day:02d}T10:00:00+08:00") for day in range(1, 31)]
    root = ET.fromstring(harassment_chart_svg(analyse_log(log), id_prefix="other"))
    labels = [t.text for t in root.iter(f"{SVG}text") if t.get("class") == "day-label"]
    assert 4 <= len(labels) <= 6
    assert labels[0] == "3月1日"
    assert root.find(f"{SVG}defs/{SVG}pattern").get("id") == "other-night"


def test_stated_values_separate_the_borrowers_part_from_what_the_log_added():
    stated = {"channels": ["wechat"]}
    merged = {"channels": ["wechat", "call"], "night_contact": True}
    # Untouched since the merge: the log's additions are set aside.
    assert stated_values(merged, last_stated=stated, last_merged=merged) == {"channels": ["wechat"]}
    # Changed by the borrower since: theirs, including what the log had put there.
    edited = {"channels": ["wechat", "call", "sms"], "night_contact": True}
    assert stated_values(edited, last_stated=stated, last_merged=merged) == {"channels": ["wechat", "call", "sms"]}
    # Removed by the borrower since: gone from what they state too.
    assert stated_values({"night_contact": True}, last_stated=stated, last_merged=merged) == {}
    # Never merged before: all of it is the borrower's.
    assert stated_values(merged, last_stated={}, last_merged={}) == merged


# --- collector_numbers: the one order of "the collector's numbers" ----------------------------------------------------


def _logged(*pairs):
    return [{"at": f"2026-03-{day}T10:00:00+08:00", "channel": "call", "from_number": number} for day, number in pairs]


def test_collector_numbers_most_contacts_first_then_the_listed_ones_without_log_entries():
    case = {
        "collector": {"numbers": ["+8613900139000", "95588", "+8618612345678"]},
        "log": _logged((14, "+8618612345678"), (12, "10690000123456"), (15, "10690000123456"), (13, "+8618612345678"),
                       (16, "10690000123456"), (11, "+8617012345678")),
    }
    assert collector_numbers(case) == ["10690000123456", "+8618612345678", "+8617012345678", "+8613900139000", "95588"]


def test_collector_numbers_ties_go_to_the_number_seen_first_whatever_the_log_order():
    case = {"log": _logged((15, "+8618612345678"), (11, "+8617012345678"))}
    assert collector_numbers(case) == ["+8617012345678", "+8618612345678"]
    assert [count.number for count in analyse_log(case["log"]).numbers] == collector_numbers(case)


def test_collector_numbers_leave_out_the_borrowers_own_number_however_it_is_written():
    case = {
        "borrower": {"phone": "+8613800138000"},
        "collector": {"numbers": ["13800138000", "+8613900139000"]},
        "log": _logged((11, "138 0013 8000"), (12, "+8613800138000"), (13, "+8613900139000")),
    }
    assert collector_numbers(case) == ["+8613900139000"]


def test_collector_numbers_list_each_number_once_and_empty_cases_have_none():
    assert collector_numbers({}) == []
    assert collector_numbers({"borrower": {"phone": "+8613800138000"}, "log": [{"at": "2026-03-11T10:00:00+08:00"}]}) == []
    case = {"collector": {"numbers": ["+8613900139000", "139 0013 9000"]}, "log": _logged((11, "13900139000"))}
    assert collector_numbers(case) == ["13900139000"]


def test_analyse_after_counts_from_the_next_day_in_shanghai_time():
    # 23:30 UTC on 3 March is 07:30 on 4 March in Shanghai: after a step taken on 3 March.
    items = [
        {"at": "2026-03-03T23:50:00+08:00", "channel": "call", "from_number": "+8617012345678"},
        {"at": "2026-03-03T23:30:00+00:00", "channel": "sms", "from_number": "+8617012345679", "target": "family"},
        {"at": "2026-03-05T10:00:00+08:00", "channel": "call", "from_number": "+8617012345678"},
        {"at": "2026-03-06T10:00:00+08:00", "channel": "visit"},
    ]
    after = analyse_after(items, dt.date(2026, 3, 3))
    assert (after.total, len(after.numbers), after.last_contact.date()) == (3, 2, dt.date(2026, 3, 6))
    assert dict(after.third_parties) == {"family": 1}
    assert analyse_after(items, dt.date(2026, 3, 6)).total == 0


def test_a_year_of_contacts_is_charted_per_month_with_every_contact_counted():
    """Beyond CHART_DAYS_LIMIT days with contacts the chart draws a bar per month: as readable, and as cheap to draw,
    for a year of an imported phone backup as for a week."""
    days = [dt.date(2025, 12, 1) + dt.timedelta(days=offset) for offset in range(0, 365, 3)]
    log = [entry(f"{day.isoformat()}T{hour:02d}:00:00+08:00") for day in days for hour in (10, 23)]
    analysis = analyse_log(log)
    assert analysis.active_days == len(days) > CHART_DAYS_LIMIT
    months = months_of(analysis.days)
    assert [month.month for month in months][:2] == [dt.date(2025, 12, 1), dt.date(2026, 1, 1)] and len(months) == 12
    assert sum(month.total for month in months) == len(log) and sum(month.night for month in months) == len(days)
    assert sum(month.active_days for month in months) == len(days)
    root = ET.fromstring(harassment_chart_svg(analysis))
    assert root.find(f"{SVG}title").text == "每月被联系次数"
    assert len([rect for rect in root.iter(f"{SVG}rect") if rect.get("class") == "bar-night"]) == 12
    labels = [text.text for text in root.iter(f"{SVG}text") if text.get("class") == "day-label"]
    assert labels[0] == "2025年12月" and 4 <= len(labels) <= 6


def test_up_to_the_limit_of_active_days_the_chart_keeps_a_bar_per_day():
    log = [entry((dt.date(2026, 1, 1) + dt.timedelta(days=offset)).isoformat() + "T10:00:00+08:00")
           for offset in range(0, 2 * CHART_DAYS_LIMIT, 2)]
    analysis = analyse_log(log)
    assert analysis.active_days == CHART_DAYS_LIMIT and chart_bars(analysis) == analysis.days
    assert ET.fromstring(harassment_chart_svg(analysis)).find(f"{SVG}title").text == "每日被联系次数"
