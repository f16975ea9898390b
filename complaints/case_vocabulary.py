"""The case file's fixed vocabularies (../shared/spec/facts.md) with the words borrowers see."""

from django.utils.translation import gettext_lazy as _

LENDER_KINDS = [
    ("bank", _("银行")),
    ("consumer_finance", _("消费金融公司")),
    ("microloan", _("小额贷款公司（含网络小贷）")),
    ("online_platform", _("助贷/导流平台或借款 App（本身不是放贷机构）")),
    ("unlicensed", _("没有放贷资质的机构或个人")),
    ("unknown", _("不清楚")),
]
COLLECTOR_KINDS = [
    ("lender_itself", _("放贷机构自己催收")),
    ("outsourced_agency", _("外包催收公司")),
    ("unknown", _("不清楚")),
]
CHANNELS = [
    ("sms", _("短信")),
    ("call", _("电话")),
    ("verification_code_bombing", _("验证码轰炸（大量注册/验证码短信）")),
    ("wechat", _("微信")),
    ("visit", _("上门")),
    ("post", _("信件")),
    ("other", _("其他")),
]
TARGETS = [
    ("self", _("我本人")),
    ("family", _("家人")),
    ("contacts", _("通讯录里的联系人（爆通讯录）")),
    ("employer", _("工作单位、同事")),
    ("other_third_party", _("其他人")),
]
CONTENT = [
    ("threat_violence", _("威胁人身安全、暴力威胁")),
    ("threat_exposure", _("威胁告诉家人、单位、通讯录或公开曝光")),
    ("insult", _("辱骂")),
    ("defamation", _("捏造事实、诽谤")),
    ("false_legal_threat", _("假称法院、公安要起诉、抓人")),
    ("impersonating_officials", _("冒充公检法或政府工作人员")),
    ("disclose_debt", _("向别人透露我的欠款")),
    ("obscene", _("淫秽、下流内容")),
]
ACTIONS = [
    ("preserve_evidence", _("保全证据")),
    ("call_police_now", _("立即报警（110）")),
    ("demand_collector_stop", _("要求催收方停止违规催收")),
    ("complain_lender", _("向放贷机构投诉")),
    ("pipl_request", _("行使个人信息权利（撤回同意、删除通讯录等信息）")),
    ("negotiate_repayment", _("协商还款")),
    ("complain_carrier", _("向号码所属运营商投诉")),
    ("report_12321", _("向12321举报")),
    ("appeal_miit", _("向工业和信息化部电信用户申诉受理中心申诉")),
    ("complain_regulator", _("向金融监管部门投诉")),
    ("report_police", _("向公安机关报案")),
    ("sue_in_court", _("向人民法院起诉")),
    ("complain_consumer_association", _("向消费者协会投诉")),
]
COURT_PAPER_KINDS = [
    ("complaint_copy", _("法院寄来的起诉状副本（常和传票一起）")),
    ("payment_order", _("法院的支付令")),
    ("other", _("其他自称来自法院的通知（如“诉前通知”、短信）")),
]
STEP_RESULTS = [
    ("no_reply", _("没有回复")),
    ("continued", _("骚扰还在继续")),
    ("refused", _("被拒绝")),
    ("resolved", _("已解决")),
]
WANTS = [
    ("stop_harassment", _("停止骚扰")),
    ("compensation", _("要求赔偿")),
    ("delete_my_data", _("删除我的个人信息")),
    ("negotiate_repayment", _("协商还款")),
]
# Mainland provincial-level divisions, as written on an envelope.
PROVINCES = [
    "北京市", "天津市", "河北省", "山西省", "内蒙古自治区", "辽宁省", "吉林省", "黑龙江省", "上海市", "江苏省",
    "浙江省", "安徽省", "福建省", "江西省", "山东省", "河南省", "湖北省", "湖南省", "广东省", "广西壮族自治区",
    "海南省", "重庆市", "四川省", "贵州省", "云南省", "西藏自治区", "陕西省", "甘肃省", "青海省", "宁夏回族自治区",
    "新疆维吾尔自治区",
]
ADDRESS_PARTS = ("province", "city", "district", "street", "postcode")


def label(choices, value) -> str:
    """The borrower-facing word for a stored value; the value itself when it is not in the list."""
    return str(dict(choices).get(value, value))
