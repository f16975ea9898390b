"""The demo case's harassment log: two weeks of made-up SMS and calls, ending yesterday.

Dated relative to today (Asia/Shanghai), so the log page's chart and the staff queue never show a stale
demo. Entries go through log_entry_create, as a borrower's own would, so the case file's `harassment`
summary and the triage priority follow. Every text says （演示数据）.
"""

import datetime as dt

from complaints.models import Case, LogEntry
from complaints.services.log import log_entry_create
from guidance import clock

# The two collector numbers of the demo case file (demo_data.DEMO_CASE_FILE), as the case file stores them.
DEMO_MOBILE = "+8617012345678"
DEMO_SMS_PORT = "10690000123456"

SMS, CALL = LogEntry.Channel.SMS, LogEntry.Channel.CALL
SELF, FAMILY, CONTACTS, EMPLOYER = LogEntry.Target.SELF, LogEntry.Target.FAMILY, LogEntry.Target.CONTACTS, LogEntry.Target.EMPLOYER

# days before today, local time, channel, number, who was contacted, the text or what was said
DEMO_LOG = [
    (14, "10:05", SMS, DEMO_SMS_PORT, SELF, "【示例借】（演示数据）尊敬的客户，您的借款已逾期3天，请尽快还款，以免影响个人征信。"),
    (13, "22:40", CALL, DEMO_MOBILE, SELF, "（演示数据）晚上来电催款，语气很凶，说“不还钱就别想好过”。"),
    (12, "09:30", SMS, DEMO_SMS_PORT, SELF, "【示例借】（演示数据）您的账单已逾期5天，今日不处理将通知您的紧急联系人。"),
    (12, "23:15", SMS, DEMO_MOBILE, SELF, "（演示数据）装死是吧？明天开始打你通讯录，让所有人都知道你是老赖。"),
    (11, "14:20", CALL, DEMO_MOBILE, FAMILY, "（演示数据）打给我母亲，说我欠钱不还要坐牢，逼她替我还款。"),
    (10, "21:50", CALL, DEMO_MOBILE, CONTACTS, "（演示数据）打给我的同学，说我借钱不还，让他转告我马上还钱。"),
    (10, "21:58", SMS, DEMO_MOBILE, CONTACTS,
     "（演示数据）您好，演示用户在我司借款逾期不还，您是其紧急联系人，请督促其还款，否则将一并追究责任。"),
    (9, "07:10", CALL, DEMO_MOBILE, SELF, "（演示数据）早上7点多来电，接通后辱骂，挂断后又连续打了好几次。"),
    (8, "11:00", CALL, DEMO_MOBILE, EMPLOYER, "（演示数据）打到我公司前台，说要找人事领导，称我是诈骗犯，要求公司扣我工资还债。"),
    (8, "11:25", SMS, DEMO_MOBILE, SELF, "（演示数据）你单位电话我们已经打了，再不还款下一步就是把你的欠款信息发到你公司群里。"),
    (7, "00:35", SMS, DEMO_MOBILE, SELF, "（演示数据）你的案件已提交法务部，三天内不处理直接起诉，冻结你名下所有银行卡。"),
    (6, "16:40", SMS, DEMO_SMS_PORT, SELF, "【示例借】（演示数据）您的逾期欠款已转交第三方机构催收，请尽快与催收员联系处理。"),
    (5, "22:10", CALL, DEMO_MOBILE, FAMILY, "（演示数据）晚上打给我爸，说要派人上门找我家里人，让他们小心点。"),
    (5, "22:30", SMS, DEMO_MOBILE, FAMILY, "（演示数据）转告演示用户：明天上午十点前还清，否则外访人员直接上门，后果自负。"),
    (4, "08:50", CALL, DEMO_MOBILE, SELF, "（演示数据）上班路上来电，说已经“备好材料”，今天就去公司找我。"),
    (3, "13:15", CALL, DEMO_MOBILE, EMPLOYER, "（演示数据）又打到我公司，找我的直属领导，说我欠钱不还，让领导做我工作。"),
    (3, "23:45", SMS, DEMO_MOBILE, SELF, "（演示数据）最后通知：你的照片和身份证信息已经整理好了，今晚不还就发给你所有联系人。"),
    (2, "06:30", CALL, DEMO_MOBILE, SELF, "（演示数据）清晨6点半来电，没说话就挂断，随后又打了一次。"),
    (2, "10:20", SMS, DEMO_SMS_PORT, SELF, "【示例借】（演示数据）您的借款严重逾期，请立即还款，我司将依法追究您的违约责任。"),
    (1, "21:35", CALL, DEMO_MOBILE, CONTACTS, "（演示数据）打给我通讯录里的一位朋友，说我欠钱跑路了，让他帮忙找我。"),
]


def demo_log_add(case: Case, *, actor, today: dt.date | None = None) -> int:
    """Add the demo log to `case` unless it already has a log; returns how many entries were added.

    Idempotent (a case with any entry is left alone); each entry is atomic and audited by log_entry_create.
    """
    if case.log_entries.exists():
        return 0
    today = today or clock.today()
    for days_ago, local_time, channel, number, target, text in DEMO_LOG:
        at = dt.datetime.combine(today - dt.timedelta(days=days_ago), dt.time.fromisoformat(local_time), tzinfo=clock.SHANGHAI)
        log_entry_create(actor=actor, case=case, at=at, channel=channel, from_number=number, target=target, text=text)
    return len(DEMO_LOG)
