"""What a letter says about the harassment, computed from the case file (facts.md names) and its log.

Counts, nights, numbers and third parties come from guidance.analysis (the same numbers the case page
shows); the words quoted come from the log's texts. Everything returns plain text: the templates escape it.
Where there is no log, the borrower's answers in `harassment` are used; nothing is guessed.
"""

import datetime as dt
from dataclasses import dataclass

from guidance.analysis import LogAnalysis, analyse_log, is_night
from guidance.clock import SHANGHAI, chinese_date, chinese_datetime
from guidance.phones import UNKNOWN, phone_info

THIRD_PARTIES = ("family", "contacts", "employer", "other_third_party")

CHANNEL_LABELS = {
    "sms": "短信", "call": "电话", "verification_code_bombing": "验证码短信轰炸", "wechat": "微信",
    "visit": "上门", "post": "信件", "other": "其他方式",
}
TARGET_LABELS = {
    "self": "本人", "family": "家人", "contacts": "通讯录中的联系人", "employer": "工作单位",
    "other_third_party": "其他无关第三人",
}
CONTENT_LABELS = {
    "threat_violence": "以暴力相威胁",
    "threat_exposure": "威胁向家人、工作单位、通讯录联系人或公众曝光",
    "insult": "辱骂",
    "defamation": "捏造事实诽谤",
    "false_legal_threat": "谎称将被法院起诉、被公安机关抓捕",
    "impersonating_officials": "冒充国家机关工作人员",
    "disclose_debt": "向第三人透露本人的债务情况",
    "obscene": "发送淫秽内容",
}
ACTION_LABELS = {
    "preserve_evidence": "保全证据",
    "call_police_now": "拨打110报警",
    "demand_collector_stop": "书面要求催收方停止违规催收",
    "complain_lender": "向放贷机构投诉",
    "pipl_request": "向放贷机构提出个人信息权利请求",
    "negotiate_repayment": "申请协商还款",
    "complain_carrier": "向号码所属运营商投诉",
    "report_12321": "向12321举报",
    "appeal_miit": "向电信用户申诉受理机构申诉",
    "complain_regulator": "向金融监管部门投诉",
    "report_police": "向公安机关报案",
    "sue_in_court": "向人民法院起诉",
}
RESULT_LABELS = {
    "no_reply": "对方未答复", "continued": "此后骚扰仍在继续", "refused": "对方拒绝处理", "resolved": "对方已处理",
}
QUOTE_LIMIT = 3
QUOTE_MAX_CHARS = 160


def display_number(number: str) -> str:
    """A mainland number as people write it (13800138000); ports and short codes as given."""
    return number[3:] if number.startswith("+86") else number


def joined(items) -> str:
    return "、".join(items)


def address_line(address: dict | None) -> str:
    if not address:
        return ""
    parts = [str(address.get(part) or "").strip() for part in ("province", "city", "district", "street")]
    if parts[0] == parts[1]:  # municipalities: 重庆市重庆市 -> 重庆市
        parts[1] = ""
    return "".join(parts)


def _moment(value) -> dt.datetime:
    moment = dt.datetime.fromisoformat(value) if isinstance(value, str) else value
    return moment if moment.tzinfo else moment.replace(tzinfo=SHANGHAI)


@dataclass(frozen=True)
class NumberSummary:
    """One harassing number: how often the log shows it and the carrier whose range it is in ('' when unknown)."""

    number: str
    count: int
    first: dt.date | None
    last: dt.date | None
    carrier: str


def _carrier(value: str) -> str:
    return "" if value == UNKNOWN else value


def harassing_numbers(case: dict) -> list[NumberSummary]:
    """Every number the collector used: those counted in the log, then those the borrower listed without log entries."""
    analysis = analyse_log(case.get("log") or [])
    numbers = [NumberSummary(number=item.number, count=item.total, first=item.first.date(), last=item.last.date(),
                             carrier=_carrier(item.carrier)) for item in analysis.numbers]
    seen = {item.number for item in numbers}
    for number in (case.get("collector") or {}).get("numbers") or []:
        if number not in seen:
            seen.add(number)
            numbers.append(NumberSummary(number=number, count=0, first=None, last=None, carrier=_carrier(phone_info(number).carrier)))
    return numbers


def conditions(case: dict) -> set[str]:
    """Named facts the reviewed letter data branches on (`when:` in templates/letters/*.yaml)."""
    harassment = case.get("harassment") or {}
    analysis = analyse_log(case.get("log") or [])
    targets = set(harassment.get("targets") or []) | {target for target, _count in analysis.targets}
    content = set(harassment.get("content") or [])
    lender = case.get("lender") or {}
    collector = case.get("collector") or {}
    found = {f"wants_{want}" for want in case.get("wants") or []}
    if targets & set(THIRD_PARTIES):
        found.add("third_parties_contacted")
    if "contacts" in targets:
        found.add("contact_list_used")
    if harassment.get("night_contact") or analysis.night_contact:
        found.add("night_contact")
    if content & {"insult", "defamation"}:
        found.add("insult_or_defamation")
    if lender.get("illegal_debt_signs") or lender.get("kind") == "unlicensed":
        found.add("illegal_debt_signs")
    if lender.get("kind") in ("bank", "consumer_finance"):
        found.add("banking_regulated")
    if collector.get("kind") == "outsourced_agency":
        found.add("collector_outsourced")
    return found


def _volume(analysis: LogAnalysis, harassment: dict, party: str) -> str:
    if analysis.total:
        channels = joined(f"{CHANNEL_LABELS.get(channel, channel)}{count}次" for channel, count in analysis.channels)
        using = f"使用{len(analysis.numbers)}个号码" if analysis.numbers else ""
        sentence = (f"自{chinese_date(analysis.first_contact.date())}至{chinese_date(analysis.last_contact.date())}，"
                    f"{party}{using}联系本人及他人共{analysis.total}次（{channels}）")
        if analysis.max_per_day > 1:
            sentence += f"，其中{chinese_date(analysis.max_day)}一天即达{analysis.max_per_day}次"
        return sentence + "。"
    if harassment.get("first_seen") or harassment.get("channels"):
        channels = joined(CHANNEL_LABELS.get(channel, channel) for channel in harassment.get("channels") or [])
        since = f"自{chinese_date(dt.date.fromisoformat(harassment['first_seen']))}起，" if harassment.get("first_seen") else ""
        sentence = f"{since}{party}{f'通过{channels}' if channels else ''}反复联系本人"
        if harassment.get("max_per_day"):
            sentence += f"，最多时一天达{harassment['max_per_day']}次"
        return sentence + "。"
    return ""


def _quotes(log: list[dict], party: str) -> list[str]:
    """The first few recorded words, third parties' first (they show how far it reached), in time order."""
    with_text = [item for item in log if str(item.get("text") or "").strip() and item.get("at")]
    with_text.sort(key=lambda item: (item.get("target", "self") == "self", _moment(item["at"])))
    chosen = sorted(with_text[:QUOTE_LIMIT], key=lambda item: _moment(item["at"]))
    lines = []
    for item in chosen:
        text = item["text"].strip()
        if len(text) > QUOTE_MAX_CHARS:
            text = text[:QUOTE_MAX_CHARS] + "……"
        who = TARGET_LABELS.get(item.get("target") or "self", "本人")
        source = f"号码{display_number(item['from_number'])}" if item.get("from_number") else party
        channel = item.get("channel") or "other"
        verb = "打电话对" if channel == "call" else f"以{CHANNEL_LABELS.get(channel, '其他方式')}向"
        lines.append(f"例如，{chinese_datetime(_moment(item['at']))}，{source}{verb}{who}称：“{text}”")
    return lines


def facts_paragraphs(case: dict, *, party: str = "催收方") -> list[str]:
    """The facts section: who was contacted, how often, at night, what was said, which numbers, what was done."""
    borrower = case.get("borrower") or {}
    lender = case.get("lender") or {}
    harassment = case.get("harassment") or {}
    log = case.get("log") or []
    analysis = analyse_log(log)
    paragraphs = []
    if lender.get("name"):
        app = f"（通过“{lender['app_name']}”应用）" if lender.get("app_name") else ""
        paragraphs.append(f"本人{borrower.get('name', '')}{app}向{lender['name']}借款。因借款逾期，{party}对本人进行催收。")
    volume = _volume(analysis, harassment, party)
    if volume:
        paragraphs.append(volume)
    if analysis.night_total:
        night = [_moment(item["at"]) for item in log if item.get("at") and is_night(_moment(item["at"]))]
        example = max(night, key=lambda moment: (moment.astimezone(SHANGHAI).hour - 21) % 24)
        paragraphs.append(f"其中{analysis.night_total}次发生在晚上21时至次日8时之间的休息时间，例如{chinese_datetime(example)}。")
    elif harassment.get("night_contact"):
        paragraphs.append(f"{party}多次在晚上21时至次日8时之间的休息时间联系。")
    if analysis.third_parties:
        counts = joined(f"{TARGET_LABELS.get(target, target)}{count}次" for target, count in analysis.third_parties)
        paragraphs.append(f"{party}还联系了与借款无关的第三人：{counts}。")
    else:
        third = [TARGET_LABELS[target] for target in harassment.get("targets") or [] if target in THIRD_PARTIES]
        if third:
            paragraphs.append(f"{party}还联系了与借款无关的第三人：本人的{joined(third)}。")
    content = [CONTENT_LABELS[item] for item in harassment.get("content") or [] if item in CONTENT_LABELS]
    if content:
        paragraphs.append(f"催收的内容包括：{joined(content)}。")
    paragraphs += _quotes(log, party)
    for step in case.get("steps_taken") or []:
        label = ACTION_LABELS.get(step.get("action"), "")
        if label and step.get("on"):
            result = RESULT_LABELS.get(step.get("result") or "", "")
            paragraphs.append(f"本人已于{chinese_date(dt.date.fromisoformat(step['on']))}{label}{f'，{result}' if result else ''}。")
    return paragraphs


def log_evidence_lines(case: dict) -> list[str]:
    """Evidence and its source as 民事诉讼法 第一百二十四条(四) asks: the log and the files it links to."""
    analysis = analyse_log(case.get("log") or [])
    hashes = {ref for entry in case.get("log") or [] for ref in entry.get("evidence") or []}
    lines = []
    if analysis.total:
        lines.append(f"催收骚扰记录{analysis.total}条（{chinese_date(analysis.first_contact.date())}至"
                     f"{chinese_date(analysis.last_contact.date())}），来源：本人手机")
    if hashes:
        lines.append(f"截图、录音等证据文件{len(hashes)}份（均附SHA-256校验值，见证据目录），来源：本人手机")
    return lines
