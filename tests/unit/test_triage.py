import datetime as dt

from complaints.triage import LogSummary, compute_priority, summarize_log

TODAY = dt.date(2026, 3, 20)
CHINA = dt.timezone(dt.timedelta(hours=8))


def priority(data=None, log=LogSummary(), next_deadline=None):
    return compute_priority(data or {}, log, today=TODAY, next_deadline=next_deadline)


def test_a_quiet_case_has_the_lowest_priority_and_says_so():
    result = priority({"harassment": {"channels": ["sms"], "targets": ["self"]}})
    assert result.score == 0 and result.level == 0
    assert result.reason == "暂未发现紧急情况"


def test_danger_now_comes_first_with_the_reason_in_words():
    result = priority({"safety": {"in_danger_now": True}})
    assert result.level == 4
    assert "人身危险" in result.reason


def test_threat_of_violence_is_danger_even_when_the_borrower_did_not_say_so():
    result = priority({"harassment": {"content": ["threat_violence"]}})
    assert result.level == 4
    assert "暴力" in result.reason


def test_contacting_family_or_employer_outranks_any_volume():
    third_party = priority({"harassment": {"targets": ["self", "employer", "family"]}})
    flood = priority({"harassment": {"max_per_day": 300, "night_contact": True, "channels": ["verification_code_bombing"]}})
    assert third_party.level == 3 > flood.level == 2
    assert third_party.score > flood.score
    assert third_party.reason == "催收方联系了家人、工作单位"


def test_contacts_reached_through_the_log_count_too():
    result = priority({}, LogSummary(contacts=3, max_per_day=3, targets=frozenset({"self", "contacts"})))
    assert result.level == 3
    assert "通讯录联系人" in result.reason


def test_volume_and_night_contacts_come_before_deadlines():
    night = priority({}, LogSummary(contacts=2, max_per_day=1, night_contacts=2, targets=frozenset({"self"})))
    deadline = priority({}, next_deadline=TODAY - dt.timedelta(days=1))
    assert night.level == 2 and deadline.level == 1
    assert "夜间（21:00–8:00）被联系 2 次" in night.reason


def test_high_volume_is_reported_with_the_count():
    result = priority({"harassment": {"max_per_day": 40}})
    assert result.level == 2
    assert "一天最多被联系 40 次" in result.reason


def test_deadline_wording_for_passed_today_and_soon():
    assert "已于 3月19日 届满" in priority(next_deadline=dt.date(2026, 3, 19)).reason
    assert "今天届满" in priority(next_deadline=TODAY).reason
    assert "还有 2 天" in priority(next_deadline=dt.date(2026, 3, 22)).reason
    far = priority(next_deadline=dt.date(2026, 4, 30))
    assert far.score == 0


def test_lower_factors_order_cases_within_the_same_level():
    threat_only = priority({"harassment": {"content": ["threat_violence"]}})
    threat_and_employer = priority({"harassment": {"content": ["threat_violence"], "targets": ["employer"]}})
    assert threat_only.level == threat_and_employer.level == 4
    assert threat_and_employer.score > threat_only.score
    assert threat_and_employer.reason.index("暴力") < threat_and_employer.reason.index("工作单位")


def test_log_summary_counts_days_and_nights_in_china_time():
    entries = [
        (dt.datetime(2026, 3, 14, 22, 41, tzinfo=CHINA), "self"),
        # 23:30 UTC on the 14th is 07:30 on the 15th in China: night, and the next day.
        (dt.datetime(2026, 3, 14, 23, 30, tzinfo=dt.UTC), "family"),
        (dt.datetime(2026, 3, 15, 12, 0, tzinfo=CHINA), "self"),
    ]
    summary = summarize_log(entries)
    assert summary.contacts == 3
    assert summary.max_per_day == 2
    assert summary.night_contacts == 2
    assert summary.targets == {"self", "family"}


def test_empty_log_summary():
    assert summarize_log([]) == LogSummary()
