"""The case file of ../shared/spec/facts.md (`zhirao-case/1`): parse, check and normalise it.

`parse_case_file` accepts a dict or JSON text and returns a new, normalised dict (phone numbers in E.164 or
digits, duplicate list values dropped, dates as ISO strings). Anything wrong raises `CaseFileError` naming
the field (`lender.kind`, `steps_taken[1].on`) with a plain-Chinese message and an English one.
"""

from __future__ import annotations

import datetime as dt
import json
import re

from guidance import clock
from guidance.phones import normalize_number

CASE_SPEC = "zhirao-case/1"

# The action ids of facts.md, in the order the plan lists them.
ACTIONS = (
    "preserve_evidence",
    "call_police_now",
    "demand_collector_stop",
    "complain_lender",
    "pipl_request",
    "negotiate_repayment",
    "complain_carrier",
    "report_12321",
    "appeal_miit",
    "complain_regulator",
    "report_police",
    "sue_in_court",
    "complain_consumer_association",
)

LENDER_KINDS = ("bank", "consumer_finance", "microloan", "online_platform", "unlicensed", "unknown")
COLLECTOR_KINDS = ("lender_itself", "outsourced_agency", "unknown")
CHANNELS = ("sms", "call", "verification_code_bombing", "wechat", "visit", "post", "other")
TARGETS = ("self", "family", "contacts", "employer", "other_third_party")
CONTENTS = (
    "threat_violence",
    "threat_exposure",
    "insult",
    "defamation",
    "false_legal_threat",
    "impersonating_officials",
    "disclose_debt",
    "obscene",
)
STEP_RESULTS = ("no_reply", "continued", "refused", "resolved")
# court_papers.kind: a copy of a lawsuit's complaint (起诉状副本, usually with a 传票), a payment order (支付令), or
# anything else that claims to come from a court (a 诉前通知, a "court" SMS): only the first two start a legal period.
COURT_PAPER_KINDS = ("complaint_copy", "payment_order", "other")
WANTS = ("stop_harassment", "compensation", "delete_my_data", "negotiate_repayment")


class CaseFileError(ValueError):
    """A case file that cannot be used. `field` is a path such as `lender.kind` or `log[2].at` ("" = the whole file)."""

    def __init__(self, field: str, message: str, message_en: str | None = None):
        self.field = field
        self.message = message
        self.message_en = message_en or message
        super().__init__(self.line())

    def line(self, language: str = "zh-hans") -> str:
        """One line naming the field and the problem, in Chinese or (language "en…") English."""
        message = self.message_en if language.startswith("en") else self.message
        return f"{self.field}: {message}" if self.field else message


# --- value checkers: each takes (value, path, context) and returns the normalised value ---------------------

_TYPE_NAMES = {str: ("文本", "text"), bool: ("布尔值（true 或 false）", "true or false"), int: ("整数", "a whole number"),
               list: ("列表 [...]", "a list [...]"), dict: ("对象 {...}", "an object {...}")}


def _expect_type(value, kind, path):
    # bool is an int in Python; a case file's true is never a count.
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        zh, en = _TYPE_NAMES[kind]
        raise CaseFileError(path, f"应为{zh}，实际是 {json.dumps(value, ensure_ascii=False)}",
                            f"must be {en}, got {json.dumps(value, ensure_ascii=False)}")
    return value


def _text(max_length=500):
    def check(value, path, context):
        text = _expect_type(value, str, path).strip()
        if len(text) > max_length:
            raise CaseFileError(path, f"太长（最多 {max_length} 个字符）", f"too long (at most {max_length} characters)")
        return text
    return check


def _boolean(value, path, context):
    return _expect_type(value, bool, path)


def _count(value, path, context):
    number = _expect_type(value, int, path)
    if number < 0 or number > 100000:
        raise CaseFileError(path, f"数字 {number} 不合理（应在 0 到 100000 之间）", f"{number} is out of range (0 to 100000)")
    return number


def _money(value, path, context):
    """Whole yuan, as people state a monthly income or a debt: 0 to 100 million."""
    amount = _expect_type(value, int, path)
    if amount < 0 or amount > 100_000_000:
        raise CaseFileError(path, f"金额 {amount} 不合理（应在 0 到 100000000 元之间）", f"{amount} is out of range (0 to 100000000 yuan)")
    return amount


def _choice(options):
    def check(value, path, context):
        _expect_type(value, str, path)
        if value not in options:
            listed = "、".join(options)
            raise CaseFileError(path, f"不认识的取值 \"{value}\"，可选：{listed}",
                                f"unknown value \"{value}\"; allowed: {', '.join(options)}")
        return value
    return check


def _parse_date(value, path):
    _expect_type(value, str, path)
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise CaseFileError(path, f"日期格式应为 YYYY-MM-DD（例如 2026-03-20），实际是 \"{value}\"",
                            f"a date must be written YYYY-MM-DD (e.g. 2026-03-20), got \"{value}\"")
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise CaseFileError(path, f"日期不存在：{value}", f"no such date: {value}") from None


def _date(*, not_after_today: bool):
    def check(value, path, context):
        day = _parse_date(value, path)
        if day.year < 1990:
            raise CaseFileError(path, f"日期太早：{value}", f"date too early: {value}")
        if not_after_today and day > context["today"]:
            raise CaseFileError(path, f"日期 {value} 晚于今天（{context['today']}），不能是将来的日期",
                                f"{value} is after today ({context['today']}); it cannot be in the future")
        return day.isoformat()
    return check


def _moment(value, path, context):
    _expect_type(value, str, path)
    try:
        moment = dt.datetime.fromisoformat(value)
    except ValueError:
        raise CaseFileError(path, f"时间格式应为 2026-03-14T22:41:00+08:00，实际是 \"{value}\"（或日期不存在）",
                            f"a time must look like 2026-03-14T22:41:00+08:00, got \"{value}\" (or no such date)") from None
    if moment.tzinfo is None:
        # People in mainland China write local time; facts.md's examples carry +08:00.
        moment = moment.replace(tzinfo=clock.SHANGHAI)
    if clock.local(moment).date() > context["today"]:
        raise CaseFileError(path, f"时间 {value} 晚于今天（{context['today']}）", f"{value} is after today ({context['today']})")
    return moment.isoformat()


def _phone(value, path, context):
    text = _expect_type(value, str, path).strip()
    normalised = normalize_number(text)
    if normalised is None:
        raise CaseFileError(path, f"不是电话号码：\"{text}\"", f"not a phone number: \"{text}\"")
    return normalised


# A resident ID number (GB 11643): 17 digits and an ISO 7064 MOD 11-2 check character.
ID_NUMBER_PATTERN = re.compile(r"\d{17}[\dX]")
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def id_number_check_ok(text: str) -> bool:
    """Whether an ID number of the right shape (ID_NUMBER_PATTERN, upper-case X) has the right check character."""
    return text[17] == "10X98765432"[sum(int(digit) * weight for digit, weight in zip(text[:17], _ID_WEIGHTS, strict=True)) % 11]


def _id_number(value, path, context):
    text = _expect_type(value, str, path).strip().upper()
    if not text:
        return ""
    if not (ID_NUMBER_PATTERN.fullmatch(text) and id_number_check_ok(text)):
        raise CaseFileError(path, "身份证号码应为 18 位（最后一位可以是 X），且校验位正确", "an ID number has 18 characters (the last may be X) and a valid check digit")
    return text


def _postcode(value, path, context):
    text = _expect_type(value, str, path).strip()
    if text and not re.fullmatch(r"\d{6}", text):
        raise CaseFileError(path, f"邮政编码应为 6 位数字，实际是 \"{text}\"", f"a postcode has 6 digits, got \"{text}\"")
    return text


def _evidence_ref(value, path, context):
    text = _expect_type(value, str, path).strip()
    if not re.fullmatch(r"sha256:[0-9a-f]{64}", text):
        raise CaseFileError(path, f"证据引用应为 sha256: 加 64 位十六进制小写字符，实际是 \"{text}\"",
                            f"an evidence reference is sha256: followed by 64 lowercase hex digits, got \"{text}\"")
    return text


def _list_of(item, *, unique=True):
    def check(value, path, context):
        _expect_type(value, list, path)
        result = []
        for index, element in enumerate(value):
            normalised = item(element, f"{path}[{index}]", context)
            if not (unique and normalised in result):
                result.append(normalised)
        return result
    return check


def _object(fields: dict, *, required=()):
    def check(value, path, context):
        _expect_type(value, dict, path or "(整个文件)")
        result = {}
        for key in value:
            if key not in fields:
                where = f"{path}.{key}" if path else key
                raise CaseFileError(where, f"不认识的字段 \"{key}\"，可用字段：{'、'.join(fields)}",
                                    f"unknown field \"{key}\"; known fields: {', '.join(fields)}")
        for key, checker in fields.items():
            where = f"{path}.{key}" if path else key
            if key not in value:
                if key in required:
                    raise CaseFileError(where, "缺少这个必填字段", "this field is required")
                continue
            result[key] = checker(value[key], where, context)
        return result
    return check


ADDRESS = _object({"province": _text(50), "city": _text(50), "district": _text(50), "street": _text(200), "postcode": _postcode})

CASE_FILE = _object({
    "spec": _text(40),
    "today": _date(not_after_today=False),
    "borrower": _object({"name": _text(100), "phone": _phone, "id_number": _id_number, "address": ADDRESS,
                         "contact_address": ADDRESS}),
    "lender": _object({"name": _text(200), "kind": _choice(LENDER_KINDS), "app_name": _text(100), "address": ADDRESS,
                       "illegal_debt_signs": _boolean, "loan_reference": _text(100)}),
    "collector": _object({"name": _text(200), "kind": _choice(COLLECTOR_KINDS), "numbers": _list_of(_phone), "address": ADDRESS}),
    "safety": _object({"in_danger_now": _boolean}),
    "harassment": _object({
        "channels": _list_of(_choice(CHANNELS)),
        "targets": _list_of(_choice(TARGETS)),
        "content": _list_of(_choice(CONTENTS)),
        "night_contact": _boolean,
        "max_per_day": _count,
        "first_seen": _date(not_after_today=True),
    }),
    "log": _list_of(_object({
        "at": _moment, "channel": _choice(CHANNELS), "from_number": _phone, "target": _choice(TARGETS),
        "text": _text(5000), "evidence": _list_of(_evidence_ref),
    }, required=("at",)), unique=False),
    "steps_taken": _list_of(_object({
        "action": _choice(ACTIONS), "on": _date(not_after_today=True), "result": _choice(STEP_RESULTS),
        "reference": _text(100), "target": _text(100),
    }, required=("action", "on")), unique=False),
    "wants": _list_of(_choice(WANTS)),
    "court_papers": _object({"kind": _choice(COURT_PAPER_KINDS), "received_on": _date(not_after_today=True), "verified": _boolean}),
    # What the borrower can afford, for negotiate_repayment (guidance.negotiation): monthly figures and the amount
    # owed, in whole yuan; optional, kept in her case.
    "negotiation": _object({"monthly_income": _money, "essential_spending": _money, "amount_owed": _money}),
    # What the case holds as evidence: stored files and confirmed log entries. Derived by the app from what it stores
    # (complaints.selectors.case_file.case_file_for), never typed or exported; a file without it counts its own `log`.
    "evidence_held": _object({"files": _count, "log_entries": _count}),
})


def parse_case_file(data_or_json_text, *, today: dt.date | None = None) -> dict:
    """Check a case file (dict, or JSON text/bytes) and return it normalised; raise CaseFileError if it is wrong.

    `today` overrides the file's own `today` (the plan command's --today); dates of things that already
    happened (steps, log, first_seen) may not be after it.
    """
    data = data_or_json_text
    if isinstance(data, bytes | bytearray):
        try:
            data = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise CaseFileError("", "文件不是 UTF-8 编码的文本", "the file is not UTF-8 text") from None
    if isinstance(data, str):
        try:
            data = json.loads(data)
        except json.JSONDecodeError as error:
            raise CaseFileError("", f"不是有效的 JSON（第 {error.lineno} 行第 {error.colno} 列：{error.msg}）",
                                f"not valid JSON (line {error.lineno}, column {error.colno}: {error.msg})") from None
    if not isinstance(data, dict):
        raise CaseFileError("", "案件文件应是一个 JSON 对象 {...}", "a case file must be a JSON object {...}")
    spec = data.get("spec", CASE_SPEC)
    if spec != CASE_SPEC:
        raise CaseFileError("spec", f"应为 \"{CASE_SPEC}\"，实际是 {json.dumps(spec, ensure_ascii=False)}",
                            f"must be \"{CASE_SPEC}\", got {json.dumps(spec, ensure_ascii=False)}")
    override = today
    if today is None:
        today = _parse_date(data["today"], "today") if "today" in data else clock.today()
    case = CASE_FILE(data, "", {"today": today})
    case["spec"] = CASE_SPEC
    if override is not None:
        case["today"] = override.isoformat()
    return case
