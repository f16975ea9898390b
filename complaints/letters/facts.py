"""What a letter says about the harassment, computed from the case file (facts.md names) and its log.

The borrower's statements (`harassment`) and the log are merged, never one replacing the other (facts.md,
"Statements and the log"): a letter first says what she states, then what the log adds (counts, dates,
numbers, quoted words). Counts, nights, numbers and third parties come from guidance.analysis (the same
numbers the case page shows). Everything returns plain text: the templates escape it. Nothing is guessed:
a sentence appears only when the case holds the fact it states.
"""

import datetime as dt
from dataclasses import dataclass

from guidance.analysis import LogAnalysis, analyse_log, is_night, merge_harassment
from guidance.clock import SHANGHAI, chinese_date, chinese_datetime
from guidance.phones import UNKNOWN, phone_info

THIRD_PARTIES = ("family", "contacts", "employer", "other_third_party")
BOMBING = "verification_code_bombing"

CHANNEL_LABELS = {
    "sms": "短信", "call": "电话", BOMBING: "验证码短信轰炸", "wechat": "微信",
    "visit": "上门", "post": "信件", "other": "其他方式",
}
TARGET_LABELS = {
    "self": "本人", "family": "家人", "contacts": "通讯录联系人", "employer": "工作单位",
    "other_third_party": "其他无关第三人",
}
CONTENT_LABELS = {
    "threat_violence": "以暴力相威胁",
    "threat_exposure": "威胁向家人、工作单位、通讯录联系人或公众曝光",
    "insult": "辱骂",
    "defamation": "捏造事实诽谤",
    "false_legal_threat": "谎称将被法院起诉、被公安机关抓捕",
    "impersonating_officials": "冒充国家机关工作人员",
    "disclose_debt": "向第三人透露{me}的债务情况",
    "obscene": "发送淫秽内容",
}
# What a demand to stop names, per reported content (only what she reported is named).
STOP_LABELS = {
    "threat_violence": "以暴力相威胁", "threat_exposure": "威胁曝光", "insult": "辱骂", "defamation": "诽谤",
    "false_legal_threat": "谎称起诉、抓捕", "impersonating_officials": "冒充国家机关工作人员", "obscene": "发送淫秽内容",
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
    "complain_consumer_association": "向消费者协会投诉",
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


def _date(value: str) -> str:
    return chinese_date(dt.date.fromisoformat(value))


@dataclass(frozen=True)
class NumberSummary:
    """One number of the case: how often the log shows it, its carrier ('' when unknown), and whether it is the SMS
    port of a site or app abused for verification-code bombing (then it is not the collector's own number)."""

    number: str
    count: int
    first: dt.date | None
    last: dt.date | None
    carrier: str
    kind: str = ""
    bombing_port: bool = False

    @property
    def role(self) -> str:
        if self.bombing_port:
            return "被滥用发送验证码的网站或应用的短信端口"
        if self.kind == "sms_port":
            return "短信端口号"
        return ""


def _carrier(value: str) -> str:
    return "" if value == UNKNOWN else value


def _bombing_ports(case: dict) -> set[str]:
    """SMS ports that sent verification codes: every logged message from them is code bombing, or (unlogged) the
    borrower reports code bombing and listed the port. A port that sent the collector's own texts is not one."""
    log = case.get("log") or []
    channels_by_number: dict[str, set] = {}
    for item in log:
        if item.get("from_number"):
            channels_by_number.setdefault(item["from_number"], set()).add(item.get("channel") or "other")
    bombing = BOMBING in (merged_harassment(case).get("channels") or [])
    ports = set()
    numbers = set(channels_by_number) | set((case.get("collector") or {}).get("numbers") or [])
    for number in numbers:
        if phone_info(number).kind != "sms_port":
            continue
        seen = channels_by_number.get(number)
        if (seen and seen == {BOMBING}) or (not seen and bombing):
            ports.add(number)
    return ports


def harassing_numbers(case: dict) -> list[NumberSummary]:
    """Every number of the case: those counted in the log, then those the borrower listed without log entries."""
    analysis = analyse_log(case.get("log") or [])
    ports = _bombing_ports(case)
    numbers = [NumberSummary(number=item.number, count=item.total, first=item.first.date(), last=item.last.date(),
                             carrier=_carrier(item.carrier), kind=item.kind, bombing_port=item.number in ports)
               for item in analysis.numbers]
    seen = {item.number for item in numbers}
    for number in (case.get("collector") or {}).get("numbers") or []:
        if number not in seen:
            seen.add(number)
            info = phone_info(number)
            numbers.append(NumberSummary(number=number, count=0, first=None, last=None, carrier=_carrier(info.carrier),
                                         kind=info.kind, bombing_port=number in ports))
    return numbers


def collector_numbers(case: dict) -> list[NumberSummary]:
    """The numbers the collector itself used: code-bombing ports belong to the abused sites, not to it."""
    return [number for number in harassing_numbers(case) if not number.bombing_port]


def contact_log(case: dict) -> list[dict]:
    """The log's contacts by the collector: verification-code floods are told apart (they come from abused sites)."""
    return [item for item in case.get("log") or [] if item.get("channel") != BOMBING]


def merged_harassment(case: dict) -> dict:
    """`harassment` with what the log proves added (guidance.analysis.merge_harassment, as the engine does);
    nights, peaks and targets are taken from the collector's own contacts, not from a flood of codes."""
    contacts = contact_log(case)
    merged = merge_harassment(case.get("harassment") or {}, analyse_log(contacts).harassment_summary() if contacts else {})
    if len(contacts) < len(case.get("log") or []) and BOMBING not in (merged.get("channels") or []):
        merged["channels"] = [*(merged.get("channels") or []), BOMBING]
    return merged


def repeated_contact(case: dict) -> bool:
    """The collector itself contacted her repeatedly (a flood of codes is not counted): at least two a day stated,
    two contacts in the log, or visits."""
    harassment = merged_harassment(case)
    channels = set(harassment.get("channels") or [])
    stated_peak = int((case.get("harassment") or {}).get("max_per_day") or 0) if channels - {BOMBING} else 0
    return stated_peak >= 2 or len(contact_log(case)) >= 2 or "visit" in channels


def letter_facts(case: dict, **letter) -> dict:
    """What the letter data's conditions (guidance/letters/conditions) are evaluated on: the case file with its
    statements merged with the log, and the `letter` facts computed here or given by the caller."""
    return {**case, "harassment": merged_harassment(case),
            "letter": {"repeated_contact": repeated_contact(case), "has_screenshots": False, "regulator": "",
                       "co_defendant_lender": False, **letter}}


def _third_labels(targets, me: str) -> list[str]:
    """The third parties contacted, as one phrase per kind: 本人的家人、工作单位 / 其他无关第三人."""
    own = [TARGET_LABELS[target] for target in targets if target in THIRD_PARTIES and target != "other_third_party"]
    labels = [f"{me}的{joined(own)}"] if own else []
    if "other_third_party" in targets:
        labels.append(TARGET_LABELS["other_third_party"])
    return labels


def _loan(case: dict, party: str, me: str, with_reference: bool, roles: dict) -> str:
    borrower = case.get("borrower") or {}
    lender = case.get("lender") or {}
    collector = case.get("collector") or {}
    if not lender.get("name"):
        return ""
    app = f"通过“{lender['app_name']}”应用" if lender.get("app_name") else ""
    reference = f"（借款合同或账户编号：{lender['loan_reference']}）" if with_reference and lender.get("loan_reference") else ""
    lender_name = roles.get("lender", "") + lender["name"]
    sentence = f"{me}{borrower.get('name', '')}{app}向{lender_name}借款{reference}。"
    if collector.get("name") and collector.get("kind") == "outsourced_agency":
        sentence += f"{roles.get('collector', '')}{collector['name']}受托催收该笔借款。"
    elif collector.get("kind") == "lender_itself":
        sentence += f"{lender_name}自行催收该笔借款。"
    return sentence


def _statement(stated: dict, party: str, me: str, repeated: bool) -> str:
    """What the borrower states (harassment.*), in her words' substance; '' when she stated nothing."""
    channels = [CHANNEL_LABELS.get(item, item) for item in stated.get("channels") or [] if item != BOMBING]
    third = _third_labels(stated.get("targets") or [], me)
    if set(stated.get("channels") or []) == {BOMBING} and not third:
        return ""  # she states a code flood only: the flood's own paragraph tells it
    if not (stated.get("first_seen") or stated.get("max_per_day") or channels or third):
        return ""
    since = f"自{_date(stated['first_seen'])}起，" if stated.get("first_seen") else ""
    via = f"以{joined(channels)}方式" if channels else ""
    whom = f"{me}及{joined(third)}" if third else me
    verb = "反复联系" if repeated else "联系"
    peak = ""
    if stated.get("max_per_day") and channels:
        peak = f"，最多时一天达{stated['max_per_day']}次"
    return f"据{me}陈述，{since}{party}{via}{verb}{whom}{peak}。"


def _bombing(case: dict, stated: dict, party: str, me: str, numbers) -> str:
    """验证码短信轰炸: the flood, its stated peak, what the log holds of it, and whose the ports are."""
    log = [item for item in case.get("log") or [] if item.get("channel") == BOMBING and item.get("at")]
    only_bombing = set(stated.get("channels") or []) == {BOMBING}
    since = f"自{_date(stated['first_seen'])}起，" if stated.get("first_seen") and only_bombing else ""
    sentence = (f"{since}在{party}催收期间，{me}的手机号码遭到验证码短信轰炸：大量网站、应用程序的注册或登录验证码短信"
                f"被集中发送到{me}的手机")
    if stated.get("max_per_day") and only_bombing:
        sentence += f"，据{me}陈述最多时一天达{stated['max_per_day']}条"
    if log:
        days: dict = {}
        for item in log:
            day = _moment(item["at"]).astimezone(SHANGHAI).date()
            days[day] = days.get(day, 0) + 1
        first, last = min(days), max(days)
        peak_day, peak = max(days.items(), key=lambda pair: (pair[1], -pair[0].toordinal()))
        span = chinese_date(first) if first == last else f"{chinese_date(first)}至{chinese_date(last)}"
        sentence += f"；{me}逐条记录了其中{len(log)}条（{span}）"
        if peak > 1 and len(days) > 1:
            sentence += f"，{chinese_date(peak_day)}一天即有{peak}条"
        example = next((item for item in log if str(item.get("text") or "").strip()), None)
        if example:
            text = example["text"].strip()[:QUOTE_MAX_CHARS]
            sentence += f"，例如{chinese_datetime(_moment(example['at']))}收到的“{text}”"
    sentence += "。"
    ports = [display_number(number.number) for number in numbers if number.bombing_port]
    if ports:
        sentence += (f"这些验证码短信来自{joined(ports)}等短信端口号，它们是被滥用来发送验证码的网站或应用程序的端口，"
                     f"并非{party}自己的号码。")
    return sentence


def _log_paragraph(analysis: LogAnalysis, party: str, me: str, has_statement: bool, numbers) -> str:
    if not analysis.total:
        return ""
    channels = joined(f"{CHANNEL_LABELS.get(channel, channel)}{count}次" for channel, count in analysis.channels)
    own = [number for number in numbers if not number.bombing_port and number.count]
    span = (chinese_date(analysis.first_contact.date()) if analysis.first_contact.date() == analysis.last_contact.date()
            else f"自{chinese_date(analysis.first_contact.date())}至{chinese_date(analysis.last_contact.date())}")
    lead = f"{me}逐条记录了其中{analysis.total}次" if has_statement else f"{me}逐条记录了{analysis.total}次"
    sentence = f"{lead}（{span}，{channels}）"
    if own:
        sentence += f"，{party}使用的号码有{len(own)}个"
    if analysis.third_parties:
        whom = joined(f"{me if target == 'self' else TARGET_LABELS.get(target, target)}{count}次" for target, count in analysis.targets)
        sentence += f"，被联系的有：{whom}"
    if analysis.max_per_day > 1:
        sentence += f"，其中{chinese_date(analysis.max_day)}一天即达{analysis.max_per_day}次"
    return sentence + "。"


def _quotes(log: list[dict], party: str, me: str) -> list[str]:
    """The first few recorded words, third parties' first (they show how far it reached), in time order."""
    with_text = [item for item in log if str(item.get("text") or "").strip() and item.get("at")]
    with_text.sort(key=lambda item: (item.get("target", "self") == "self", _moment(item["at"])))
    chosen = sorted(with_text[:QUOTE_LIMIT], key=lambda item: _moment(item["at"]))
    lines = []
    for item in chosen:
        text = item["text"].strip()
        if len(text) > QUOTE_MAX_CHARS:
            text = text[:QUOTE_MAX_CHARS] + "……"
        target = item.get("target") or "self"
        who = me if target == "self" else (_third_labels([target], me) or [TARGET_LABELS.get(target, target)])[0]
        source = f"号码{display_number(item['from_number'])}" if item.get("from_number") else party
        channel = item.get("channel") or "other"
        verb = "打电话对" if channel == "call" else f"以{CHANNEL_LABELS.get(channel, '其他方式')}向"
        lines.append(f"{chinese_datetime(_moment(item['at']))}，{source}{verb}{who}称：“{text}”")
    return lines


def step_sentence(step: dict, me: str) -> str:
    label = ACTION_LABELS.get(step.get("action"), "")
    if not (label and step.get("on")):
        return ""
    target = f"（{step['target']}）" if step.get("target") else ""
    reference = f"，工单号或受理编号为{step['reference']}" if step.get("reference") else ""
    result = RESULT_LABELS.get(step.get("result") or "", "")
    return f"{me}已于{_date(step['on'])}{label}{target}{reference}{f'，{result}' if result else ''}。"


def facts_paragraphs(case: dict, *, party: str = "催收方", me: str = "本人", own_action: str = "",
                     loan_reference: bool = False, roles: dict | None = None) -> list[str]:
    """The facts section: the loan, what she states, what her log adds (counts, dates, numbers, nights, third
    parties, quoted words), and the earlier steps she took (never the step this letter itself is)."""
    stated = case.get("harassment") or {}
    merged = merged_harassment(case)
    log = contact_log(case)
    analysis = analyse_log(log)
    numbers = harassing_numbers(case)
    paragraphs = []
    loan = _loan(case, party, me, loan_reference, roles or {})
    if loan:
        paragraphs.append(loan)
    statement = _statement(stated, party, me, repeated_contact(case))
    if statement:
        paragraphs.append(statement)
    logged = _log_paragraph(analysis, party, me, bool(statement), numbers)
    if logged:
        paragraphs.append(logged)
    if BOMBING in (merged.get("channels") or []):
        paragraphs.append(_bombing(case, stated, party, me, numbers))
    if analysis.night_total:
        night = [_moment(item["at"]) for item in log if item.get("at") and is_night(_moment(item["at"]))]
        example = max(night, key=lambda moment: (moment.astimezone(SHANGHAI).hour - 21) % 24)
        paragraphs.append(f"记录中有{analysis.night_total}次发生在晚上21时至次日8时之间的休息时间，例如{chinese_datetime(example)}。")
    elif merged.get("night_contact"):
        paragraphs.append(f"据{me}陈述，{party}曾在晚上21时至次日8时之间的休息时间联系{me}。")
    content = [CONTENT_LABELS[item].format(me=me) for item in merged.get("content") or [] if item in CONTENT_LABELS]
    if content:
        paragraphs.append(f"据{me}陈述，{party}在催收中有下列行为：{joined(content)}。")
    quotes = _quotes(log, party, me)
    if quotes:
        paragraphs.append(f"{me}记录的原话举例如下：" + "；".join(quotes) + "。")
    for step in case.get("steps_taken") or []:
        if step.get("action") == own_action:
            continue
        sentence = step_sentence(step, me)
        if sentence:
            paragraphs.append(sentence)
    return paragraphs


def log_evidence_lines(case: dict, me: str = "本人") -> list[str]:
    """Evidence and its source as 民事诉讼法 第一百二十四条(四) asks: the log and the files it links to."""
    analysis = analyse_log(case.get("log") or [])
    hashes = {ref for entry in case.get("log") or [] for ref in entry.get("evidence") or []}
    lines = []
    if analysis.total:
        lines.append(f"催收骚扰记录{analysis.total}条（{chinese_date(analysis.first_contact.date())}至"
                     f"{chinese_date(analysis.last_contact.date())}），来源：{me}手机")
    if hashes:
        lines.append(f"截图、录音等证据文件{len(hashes)}份（均附SHA-256校验值，见证据目录），来源：{me}手机")
    return lines
