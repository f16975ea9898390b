"""The case file's value lists (../shared/spec/facts.md, as guidance.schema lists them) in the words people read.

One home for every label, in Chinese and in English together, read by the case forms and the borrower's summary,
the harassment log, the staff pages, triage and the plan. A term has one label per language (what a value is
called everywhere) and may have a hint: a few words of explanation shown beside the label where a borrower
chooses the value or reads back what they chose ("验证码轰炸（大量注册/验证码短信）"). The action titles are
the ladder's own (`title: {zh, en}` in guidance/ladders), read from it rather than copied.

Pure: no database and no request. Labels in the active UI language come from `label()` and the lazy `choices()`,
so Django choices, forms and templates show English in English mode without gettext. Letters keep their own
formal wording (complaints/letters/facts.py).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from django.utils.functional import lazy
from django.utils.translation import get_language

from guidance import schema


@dataclass(frozen=True)
class Term:
    """One value of a facts.md list with its label and optional hint in Chinese (`zh`) and English (`en`)."""

    value: str
    zh: str
    en: str
    hint_zh: str = ""
    hint_en: str = ""

    def label(self, language: str | None = None, *, hint: bool = False) -> str:
        """The label in `language` (default: the active UI language); with `hint`, followed by the hint in brackets."""
        english = (language or get_language() or "").startswith("en")
        text, extra = (self.en, self.hint_en) if english else (self.zh, self.hint_zh)
        if hint and extra:
            return f"{text} ({extra})" if english else f"{text}（{extra}）"
        return text


def _terms(*rows) -> tuple[Term, ...]:
    return tuple(Term(*row) for row in rows)


# Each list in the order of guidance.schema's (tests/unit/test_vocabulary.py holds them equal).
_FIXED = {
    "LENDER_KINDS": _terms(
        ("bank", "银行", "Bank"),
        ("consumer_finance", "消费金融公司", "Consumer finance company"),
        ("microloan", "小额贷款公司", "Microloan company", "含网络小贷", "including online microloans"),
        ("online_platform", "助贷/导流平台或借款 App", "Loan platform or app", "本身不是放贷机构", "not itself the lender"),
        ("unlicensed", "没有放贷资质的机构或个人", "Unlicensed lender (company or person)"),
        ("unknown", "不清楚", "Not sure"),
    ),
    "COLLECTOR_KINDS": _terms(
        ("lender_itself", "放贷机构自己催收", "The lender itself"),
        ("outsourced_agency", "外包催收公司", "An outsourced collection agency"),
        ("unknown", "不清楚", "Not sure"),
    ),
    "CHANNELS": _terms(
        ("sms", "短信", "SMS"),
        ("call", "电话", "Phone call"),
        ("verification_code_bombing", "验证码轰炸", "Verification-code bombing", "大量注册/验证码短信",
         "floods of sign-up/verification SMS"),
        ("wechat", "微信", "WeChat"),
        ("visit", "上门", "Home visit"),
        ("post", "信件", "Letter"),
        ("other", "其他", "Other"),
    ),
    "TARGETS": _terms(
        ("self", "本人", "Me"),
        ("family", "家人", "Family"),
        ("contacts", "通讯录联系人", "Contacts in my phone", "催收方打给通讯录里的联系人，俗称“爆通讯录”",
         "the collector calls the people in my contact list"),
        ("employer", "工作单位", "Employer", "单位领导、同事", "managers or colleagues"),
        ("other_third_party", "其他第三人", "Other people"),
    ),
    "CONTENTS": _terms(
        ("threat_violence", "威胁人身安全、暴力威胁", "Threats of violence"),
        ("threat_exposure", "威胁告诉家人、单位、通讯录或公开曝光", "Threats to tell family, employer, contacts or the public"),
        ("insult", "辱骂", "Insults"),
        ("defamation", "捏造事实、诽谤", "Made-up claims, defamation"),
        ("false_legal_threat", "假称法院、公安要起诉、抓人", "Fake claims of lawsuits, police or arrest"),
        ("impersonating_officials", "冒充公检法或政府工作人员", "Impersonating police, courts or officials"),
        ("disclose_debt", "向别人透露我的欠款", "Telling others about my debt"),
        ("obscene", "淫秽、下流内容", "Obscene content"),
    ),
    "STEP_RESULTS": _terms(
        ("no_reply", "没有回复", "No reply"),
        ("continued", "骚扰仍在继续", "The harassment went on"),
        ("refused", "被拒绝", "Refused"),
        ("resolved", "已解决", "Resolved"),
    ),
    "COURT_PAPER_KINDS": _terms(
        ("complaint_copy", "法院寄来的起诉状副本", "A copy of a lawsuit's complaint sent by the court", "常和传票一起",
         "often with a summons"),
        ("payment_order", "法院的支付令", "A payment order from the court"),
        ("other", "其他自称来自法院的通知", "Another notice that claims to come from a court", "如“诉前通知”、短信",
         "a “pre-suit notice”, a text"),
    ),
    "WANTS": _terms(
        ("stop_harassment", "停止骚扰", "Stop the harassment"),
        ("compensation", "要求赔偿", "Compensation"),
        ("delete_my_data", "删除我的个人信息", "Delete my personal data"),
        ("negotiate_repayment", "协商还款", "Negotiate repayment"),
    ),
}
LISTS = (*_FIXED, "ACTIONS")

# An address as facts.md writes it, and the mainland provincial-level divisions as written on an envelope.
ADDRESS_PARTS = ("province", "city", "district", "street", "postcode")
PROVINCES = (
    "北京市", "天津市", "河北省", "山西省", "内蒙古自治区", "辽宁省", "吉林省", "黑龙江省", "上海市", "江苏省",
    "浙江省", "安徽省", "福建省", "江西省", "山东省", "河南省", "湖北省", "湖南省", "广东省", "广西壮族自治区",
    "海南省", "重庆市", "四川省", "贵州省", "云南省", "西藏自治区", "陕西省", "甘肃省", "青海省", "宁夏回族自治区",
    "新疆维吾尔自治区",
)

# The law texts of ../shared/law (file stem -> the instrument's name in English), for citations on pages read in
# English; the Chinese name is the law file's own `title` (guidance.law.law_title). Letters always cite in Chinese.
LAW_TITLES_EN = {
    "banking_insurance_complaints": "Measures for the Administration of Consumer Complaint Handling in the Banking and Insurance Sectors",
    "banking_insurance_consumer_protection_measures_2022":
        "Measures for the Administration of Consumer Rights Protection by Banking and Insurance Institutions",
    "civil_code": "Civil Code of the People's Republic of China",
    "civil_procedure_law": "Civil Procedure Law of the People's Republic of China",
    "consumer_protection_law": "Law of the People's Republic of China on the Protection of Consumer Rights and Interests",
    "criminal_law": "Criminal Law of the People's Republic of China",
    "mps_admin_case_procedure_rules": "Provisions on the Procedures for Handling Administrative Cases by Public Security Organs",
    "network_security_law_2016": "Cybersecurity Law of the People's Republic of China (2016)",
    "network_security_law_2025": "Cybersecurity Law of the People's Republic of China (2025 amendment)",
    "pboc_financial_consumer_protection_measures":
        "Implementing Measures of the People's Bank of China for the Protection of Financial Consumers' Rights and Interests",
    "pipl": "Personal Information Protection Law of the People's Republic of China",
    "public_security_admin_punishments_law_2012":
        "Law of the People's Republic of China on Penalties for Administration of Public Security (2012 amendment)",
    "public_security_admin_punishments_law_2025":
        "Law of the People's Republic of China on Penalties for Administration of Public Security (2025 revision)",
    "spc_civil_evidence_rules": "Provisions of the Supreme People's Court on Evidence in Civil Proceedings",
    "spc_civil_procedure_interpretation":
        "Interpretation of the Supreme People's Court on the Application of the Civil Procedure Law of the People's Republic of China",
    "spc_mental_damages_interpretation_2020":
        "Interpretation of the Supreme People's Court on Determining Liability for Compensation for Mental Distress in Civil Torts",
    "spc_spp_personal_info_crimes_interpretation_2017":
        "Interpretation of the Supreme People's Court and the Supreme People's Procuratorate on Handling Criminal Cases of "
        "Infringing Citizens' Personal Information",
    "telecom_regulations": "Telecommunications Regulations of the People's Republic of China",
    "telecom_user_appeal_measures": "Measures for Handling Telecommunications User Appeals",
}

_DIGITS = dict(zip("零一二三四五六七八九", range(10), strict=True))
_UNITS = {"十": 10, "百": 100, "千": 1000}
# Articles inserted later between two others (第二百九十三条之一), numbered the way English translations number them.
_INSERTED = {"": "", "之一": "-1", "之二": "-2", "之三": "-3"}


def _chinese_number(text: str) -> int | None:
    """一千一百九十三 -> 1193, 十四 -> 14; None for anything that is not a plain Chinese numeral."""
    total, digit = 0, None
    for character in text:
        if character in _DIGITS:
            digit = _DIGITS[character]
        elif character in _UNITS:
            total += (1 if digit is None else digit) * _UNITS[character]
            digit = None
        else:
            return None
    return total + (digit or 0) if text else None


def article_label(label: str, language: str | None = None) -> str:
    """An article's label in `language`: 第六十七条 reads "Article 67" in English, 第二百九十三条之一 "Article 293-1";
    a label of another shape stays as the law file writes it."""
    english = (language or get_language() or "").startswith("en")
    if not (english and label.startswith("第") and "条" in label):
        return label
    number, _, rest = label[1:].partition("条")
    value = _chinese_number(number)
    if value is None or rest not in _INSERTED:
        return label
    return f"Article {value}{_INSERTED[rest]}"


def law_title(stem: str, title_zh: str, language: str | None = None) -> str:
    """A law's name in `language` (default: the active one): its English name where we hold one, else the Chinese."""
    english = (language or get_language() or "").startswith("en")
    return LAW_TITLES_EN.get(stem, title_zh) if english else title_zh


# A step recorded without a result (facts.md leaves `result` out): not a value of the list, but said in plans.
NO_RESULT = Term("", "尚无结果", "No result yet")

# Who a third party who uploads evidence through a borrower's link is to her (complaints.models.ThirdPartyUpload).
# Not a facts.md list: each relation names the facts.md `harassment.targets` value its evidence shows contacted.
# A friend or anyone else is `other_third_party`: that they were in her phone's contacts is more than a file shows.
THIRD_PARTY_RELATIONS = _terms(
    ("family", "家人/亲属", "Family member or relative"),
    ("colleague", "同事", "Colleague"),
    ("employer", "工作单位（领导、人事等）", "Employer (a manager, HR)"),
    ("friend", "朋友", "Friend"),
    ("other", "其他人", "Someone else"),
)
THIRD_PARTY_TARGETS = {"family": "family", "colleague": "employer", "employer": "employer", "friend": "other_third_party",
                       "other": "other_third_party"}

# The staff queue's priority levels (complaints.triage: score // 100), most urgent first.
PRIORITY_LEVELS = _terms(("4", "紧急", "Urgent"), ("3", "高", "High"), ("2", "中", "Medium"), ("1", "一般", "Normal"), ("0", "低", "Low"))


@functools.cache
def _action_terms() -> tuple[Term, ...]:
    # Imported here: the ladder loads and checks reviewed data, which the other lists never need.
    from guidance import ladder

    return tuple(Term(action.id, action.title.zh, action.title.en) for action in ladder.load().actions)


def terms(list_name: str) -> tuple[Term, ...]:
    """The terms of one list (a name of LISTS, as in guidance.schema), in the list's order."""
    if list_name == "ACTIONS":
        return _action_terms()
    return _FIXED[list_name]


@functools.cache
def _by_value(list_name: str) -> dict[str, Term]:
    return {term.value: term for term in terms(list_name)}


def term(list_name: str, value: str) -> Term | None:
    return _by_value(list_name).get(value)


def label(list_name: str, value, language: str | None = None, *, hint: bool = False) -> str:
    """The words for a stored value in `language` (default: the active one); the value itself when it is not in the list."""
    found = term(list_name, value)
    return found.label(language, hint=hint) if found else str(value)


def labels(list_name: str, values, language: str | None = None, *, hint: bool = False) -> str:
    """Several values' words joined as Chinese lists are ("、"), or with commas in English."""
    english = (language or get_language() or "").startswith("en")
    return (", " if english else "、").join(label(list_name, value, language, hint=hint) for value in values or ())


def _term_label(term: Term, hint: bool) -> str:
    return term.label(hint=hint)


_term_label_lazy = lazy(_term_label, str)


def lazy_label(term: Term, *, hint: bool = False):
    """The term's label as a lazy string: in the UI language active when it is shown, not when it is made."""
    return _term_label_lazy(term, hint)


def choices(list_name: str, *, hint: bool = True) -> list[tuple[str, str]]:
    """(value, label) pairs for a Django field, each label lazy (lazy_label), with its hint unless `hint=False`."""
    return term_choices(terms(list_name), hint=hint)


def term_choices(listed, *, hint: bool = True) -> list[tuple[str, str]]:
    """(value, label) pairs of any terms (a list outside facts.md, such as THIRD_PARTY_RELATIONS), labels lazy."""
    return [(term.value, lazy_label(term, hint=hint)) for term in listed]


def check() -> list[str]:
    """Problems with the vocabulary against guidance.schema's lists: a value missing, extra or out of order, or without a label."""
    problems = []
    for name in LISTS:
        values = tuple(term.value for term in terms(name))
        if values != getattr(schema, name):
            problems.append(f"{name}: {values} != guidance.schema.{name} {getattr(schema, name)}")
        problems += [f"{name}.{term.value}: a label is empty" for term in terms(name) if not (term.zh.strip() and term.en.strip())]
        problems += [f"{name}.{term.value}: a hint in one language only" for term in terms(name) if bool(term.hint_zh) != bool(term.hint_en)]
    return problems
