import datetime as dt

from complaints.triage import compute_priority, deadline_from_case_file
from guidance.analysis import LogAnalysis, analyse_log

TODAY = dt.date(2026, 3, 20)
CHINA = dt.timezone(dt.timedelta(hours=8))


def priority(data=None, log=None, next_deadline=None):
    return compute_priority(data or {}, log or LogAnalysis(), today=TODAY, next_deadline=next_deadline)


def log_of(*items):
    """(local time text, target) pairs as a facts.md log."""
    return analyse_log([{"at": at, "channel": "call", "from_number": "+8617012345678", "target": target} for at, target in items])


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
    result = priority({}, log_of(("2026-03-14T10:00:00+08:00", "self"), ("2026-03-14T11:00:00+08:00", "contacts")))
    assert result.level == 3
    assert "通讯录联系人" in result.reason


def test_volume_and_night_contacts_come_before_deadlines():
    night = priority({}, log_of(("2026-03-14T22:41:00+08:00", "self"), ("2026-03-15T07:30:00+08:00", "self")))
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


def test_night_is_judged_in_china_time_from_the_log():
    # 23:30 UTC is 07:30 the next morning in China: a night contact; 01:00 UTC is 09:00 in China: daytime.
    night = priority({}, log_of(("2026-03-14T23:30:00+00:00", "self")))
    day = priority({}, log_of(("2026-03-15T01:00:00+00:00", "self")))
    assert "夜间（21:00–8:00）被联系 1 次" in night.reason
    assert day.score == 0


def test_volume_from_the_log_itself():
    many = [(f"2026-03-14T{10 + i // 6:02d}:{(i % 6) * 10:02d}:00+08:00", "self") for i in range(12)]
    result = priority({}, log_of(*many))
    assert result.level == 2
    assert "一天最多被联系 12 次" in result.reason


def _deadline(*steps):
    case_file = {"lender": {"name": "某某消费金融有限公司", "kind": "consumer_finance"},
                 "collector": {"numbers": ["17012345678"]}, "harassment": {"channels": ["sms"]},
                 "steps_taken": [{"action": action, "on": on, **({"result": result} if result else {})} for action, on, result in steps]}
    return deadline_from_case_file(case_file, today=TODAY)


def test_an_unanswered_lender_complaint_stays_overdue_until_the_regulator_complaint_is_made():
    # Lender complaint on 2026-02-01 (15 days, 第十八条): the period ended on 2026-02-16 without a reply.
    assert _deadline(("complain_lender", "2026-02-01", "no_reply")) == dt.date(2026, 2, 16)
    # A later step on another front does not hide it (the plan as of that later day no longer waits on the lender).
    assert _deadline(("complain_lender", "2026-02-01", "no_reply"), ("complain_carrier", "2026-03-18", "no_reply")) == dt.date(2026, 2, 16)
    # Once the regulator complaint that waited on it is made, the lender's period no longer matters.
    assert _deadline(("complain_lender", "2026-02-01", "no_reply"), ("complain_regulator", "2026-03-01", None)) is None
    # An answered complaint starts no period at all.
    assert _deadline(("complain_lender", "2026-02-01", "refused")) is None


def test_the_earliest_open_period_is_the_deadline():
    lender_running = ("complain_lender", "2026-03-15", "no_reply")  # ends 2026-03-30
    carrier_running = ("complain_carrier", "2026-03-10", "no_reply")  # ends 2026-03-25
    assert _deadline(lender_running) == dt.date(2026, 3, 30)
    assert _deadline(lender_running, carrier_running) == dt.date(2026, 3, 25)


def test_the_case_stores_codes_and_staff_read_the_reasons_in_their_language():
    from complaints.triage import compute_priority as compute
    from complaints.triage import reason_text

    result = compute({"safety": {"in_danger_now": True}, "harassment": {"targets": ["self", "employer"], "max_per_day": 40}},
                     analyse_log([]), today=TODAY, next_deadline=dt.date(2026, 3, 22))
    assert result.code == "in_danger;third_parties=employer;per_day=40;deadline_soon=2+2026-03-22"
    assert reason_text(result.code, "zh-hans") == result.reason == (
        "求助人表示现在有人身危险；催收方联系了工作单位；一天最多被联系 40 次；等待答复的期限还有 2 天届满（3月22日）")
    assert reason_text(result.code, "en") == (
        "The client says they are in danger now; The collector contacted: Employer; Up to 40 contacts in one day; "
        "The answer period ends in 2 days (Mar 22)")
    assert reason_text("催收方联系了家人", "en") == "催收方联系了家人"  # stored before reasons were codes
