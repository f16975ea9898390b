"""Demo cases with check-in answers, so that after `make run` the staff outcomes page has figures to show.

Walk-in cases of the demo clinic (no borrower account), dated from today: first letters sent 35–70 days ago,
answered "stopped", "continued" or not at all, in groups of at least five so the page shows them (smaller groups
are counted as left out, as they would be). Idempotent: nothing is added when the demo outcomes exist."""

import datetime as dt

from complaints.models import Case, CheckIn
from complaints.services.cases import case_create, case_share_create
from guidance import clock

DEMO_OUTCOMES_MARK = "（演示回访数据）"
# (first step, lender kind, collector, letter sent N days ago, days from the first question to the letter, answers
#  as (days after the letter, answer))
DEMO_OUTCOMES = [
    *[("demand_collector_stop", "consumer_finance", "示例信息咨询有限公司", 60 - n, n % 3, answers)
      for n, answers in enumerate([[(9, "stopped")], [(8, "stopped")], [(10, "continued"), (24, "stopped")], [(7, "worse")], []])],
    *[("complain_lender", "microloan", "示例资产管理有限公司", 50 - n, 1 + n % 2, answers)
      for n, answers in enumerate([[(16, "stopped")], [(15, "continued")], [], [(18, "stopped")], [(40, "stopped")], []])],
    *[("complain_carrier", "bank", "示例外包催收公司", 40, 2, [(16, "stopped")]) for _ in range(2)],
]


def demo_outcomes_add(clinic, *, actor) -> int:
    """Add the demo outcome cases to `clinic`, opened by `actor` (its staff) at the desk, unless they exist; returns
    how many were added."""
    if Case.objects.filter(data__collector__name__endswith=DEMO_OUTCOMES_MARK).exists():
        return 0
    today = clock.today()
    for action, kind, collector, ago, lag, answers in DEMO_OUTCOMES:
        letter_on = today - dt.timedelta(days=ago)
        case = case_create(owner=None, actor=actor, data={
            "borrower": {"name": "演示求助人"}, "lender": {"name": "示例借款机构（演示数据）", "kind": kind},
            "collector": {"name": collector + DEMO_OUTCOMES_MARK}, "harassment": {"channels": ["call", "sms"]},
            "steps_taken": [{"action": action, "on": letter_on.isoformat(),
                             **({"result": "resolved" if answers[-1][1] == "stopped" else "continued"} if answers else {})}]})
        started = dt.datetime.combine(letter_on - dt.timedelta(days=lag), dt.time(10), tzinfo=clock.SHANGHAI)
        Case.objects.filter(pk=case.pk).update(created_at=started)
        CheckIn.objects.bulk_create([CheckIn(case=case, action=action, step_on=letter_on, answer=answer,
                                             answered_on=letter_on + dt.timedelta(days=after)) for after, answer in answers])
        case_share_create(case=case, clinic=clinic, consent_text="演示数据：来访者同意本机构处理其案件。", actor=actor)
    return len(DEMO_OUTCOMES)
