"""What a letter says about the harassment, computed from the case file (facts.md names) and its log.

The borrower's statements (`harassment`) and the log are merged, never one replacing the other (facts.md,
"Statements and the log"): a letter first says what she states, then what the log adds (counts, dates,
numbers, quoted words). Counts, nights, numbers and third parties come from guidance.analysis (the same
numbers the case page shows). Everything returns plain text: the templates escape it. Nothing is guessed:
a sentence appears only when the case holds the fact it states.
"""

import copy
import datetime as dt
from collections import Counter
from dataclasses import dataclass
from functools import cached_property

from guidance import letter_data
from guidance.analysis import (
    LogAnalysis,
    analyse_after,
    analyse_log,
    analysis_from_json,
    analysis_to_json,
    contact_from,
    is_night,
    merge_harassment,
)
from guidance.clock import SHANGHAI, chinese_date, chinese_datetime
from guidance.phones import UNKNOWN, phone_info

THIRD_PARTIES = ("family", "contacts", "employer", "other_third_party")
BOMBING = "verification_code_bombing"



def label(kind: str, key: str) -> str:
    """A label of the reviewed wording (guidance/letters/wording): channels, targets, content, stop, actions, results."""
    return letter_data.wording().labels[kind].get(key, "")


def say(name: str, **slots) -> str:
    """One sentence of the reviewed wording with its slots filled from the case."""
    return letter_data.wording().say(name, **slots)


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


@dataclass(frozen=True)
class ContactsSince:
    """The collector's contacts the log holds after a day (guidance.analysis.analyse_after, counted only): how many,
    by which means and whom (most first, as LogAnalysis counts them), from how many numbers, and the latest day."""

    total: int
    channels: tuple[tuple[str, int], ...]
    targets: tuple[tuple[str, int], ...]
    numbers: int
    last_day: dt.date | None

    @property
    def third_parties(self) -> tuple[tuple[str, int], ...]:
        return tuple((target, count) for target, count in self.targets if target != "self")


def contacts_since(analysis: LogAnalysis) -> ContactsSince:
    return ContactsSince(total=analysis.total, channels=analysis.channels, targets=analysis.targets,
                         numbers=len(analysis.numbers), last_day=analysis.last_contact.date() if analysis.total else None)


class LetterCase:
    """A case file as the letters read it, its log analysed once: a letters page composes every draft of a case
    from one case file, and a log can hold tens of thousands of entries. Made per request from the case file it
    reads (never kept between requests); every function here takes it or the case file itself.

    Everything the letters take from the log is one of the properties below (never the entries themselves outside
    them), so StoredLetterCase can answer the same from the case's stored summary without reading the log."""

    def __init__(self, case: dict):
        self.file = case
        self._after: dict[dt.date, ContactsSince] = {}

    @cached_property
    def log(self) -> list[dict]:
        return self.file.get("log") or []

    @cached_property
    def contacts(self) -> list[dict]:
        """The log's contacts by the collector: verification-code floods are told apart (they come from abused sites)."""
        return [item for item in self.log if item.get("channel") != BOMBING]

    @cached_property
    def analysis(self) -> LogAnalysis:
        return analyse_log(self.log)

    @cached_property
    def contact_analysis(self) -> LogAnalysis:
        return analyse_log(self.contacts)

    def contacts_after(self, day: dt.date) -> ContactsSince:
        if day not in self._after:
            self._after[day] = contacts_since(analyse_after(self.contacts, day))
        return self._after[day]

    @cached_property
    def code_flood_numbers(self) -> frozenset[str]:
        """The logged numbers every message of which is a verification code (none of the collector's own texts)."""
        channels_by_number: dict[str, set] = {}
        for item in self.log:
            if item.get("from_number"):
                channels_by_number.setdefault(item["from_number"], set()).add(item.get("channel") or "other")
        return frozenset(number for number, seen in channels_by_number.items() if seen == {BOMBING})

    @cached_property
    def evidence_files(self) -> int:
        """How many distinct files the log's entries link to."""
        return len({ref for entry in self.log for ref in entry.get("evidence") or []})

    @cached_property
    def merged_harassment(self) -> dict:
        """`harassment` with what the log proves added (guidance.analysis.merge_harassment, as the engine does);
        nights, peaks and targets are taken from the collector's own contacts, not from a flood of codes."""
        contacts = self.contact_analysis
        merged = merge_harassment(self.file.get("harassment") or {}, contacts.harassment_summary() if contacts.total else {})
        if contacts.total < self.analysis.total and BOMBING not in (merged.get("channels") or []):
            merged["channels"] = [*(merged.get("channels") or []), BOMBING]
        return merged

    @cached_property
    def bombing_ports(self) -> set[str]:
        """SMS ports that sent verification codes: every logged message from them is code bombing, or (unlogged) the
        borrower reports code bombing and listed the port. A port that sent the collector's own texts is not one."""
        logged = {item.number for item in self.analysis.numbers}
        bombing = BOMBING in (self.merged_harassment.get("channels") or [])
        ports = set()
        for number in logged | set((self.file.get("collector") or {}).get("numbers") or []):
            if phone_info(number).kind != "sms_port":
                continue
            if number in self.code_flood_numbers or (number not in logged and bombing):
                ports.add(number)
        return ports

    @cached_property
    def numbers(self) -> tuple[NumberSummary, ...]:
        """Every number of the case: those counted in the log, then those the borrower listed without log entries."""
        ports = self.bombing_ports
        numbers = [NumberSummary(number=item.number, count=item.total, first=item.first.date(), last=item.last.date(),
                                 carrier=_carrier(item.carrier), kind=item.kind, bombing_port=item.number in ports)
                   for item in self.analysis.numbers]
        seen = {item.number for item in numbers}
        for number in (self.file.get("collector") or {}).get("numbers") or []:
            if number not in seen:
                seen.add(number)
                info = phone_info(number)
                numbers.append(NumberSummary(number=number, count=0, first=None, last=None, carrier=_carrier(info.carrier),
                                             kind=info.kind, bombing_port=number in ports))
        return tuple(numbers)

    @cached_property
    def night_example(self) -> dt.datetime | None:
        """The collector's contact latest in the night (counted from 21:00), which the facts give as an example."""
        night = [_moment(item["at"]) for item in self.contacts if item.get("at") and is_night(_moment(item["at"]))]
        return max(night, key=lambda moment: (moment.astimezone(SHANGHAI).hour - 21) % 24, default=None)

    @cached_property
    def bombing_log(self) -> tuple[int, dt.date, dt.date, dt.date, int, dict | None] | None:
        """The logged verification-code flood: (messages, first day, last day, peak day, its count, the first with
        words), days in Asia/Shanghai; None when the log holds none."""
        log = [item for item in self.log if item.get("channel") == BOMBING and item.get("at")]
        if not log:
            return None
        days: dict = {}
        for item in log:
            day = _moment(item["at"]).astimezone(SHANGHAI).date()
            days[day] = days.get(day, 0) + 1
        peak_day, peak = max(days.items(), key=lambda pair: (pair[1], -pair[0].toordinal()))
        example = next((item for item in log if str(item.get("text") or "").strip()), None)
        return len(log), min(days), max(days), peak_day, peak, example

    @cached_property
    def quoted(self) -> list[dict]:
        """The contacts whose recorded words the facts quote: the first few, third parties' first (they show how far
        it reached), in time order."""
        with_text = [item for item in self.contacts if str(item.get("text") or "").strip() and item.get("at")]
        with_text.sort(key=lambda item: (item.get("target", "self") == "self", _moment(item["at"])))
        return sorted(with_text[:QUOTE_LIMIT], key=lambda item: _moment(item["at"]))


# ---- the letters' part of the stored log summary ---------------------------------------------------------------------
# complaints stores it in Case.log_summary["letters"] whenever the log changes, beside the analysis of the whole log,
# so a letters page reads a case of any log length in the same time. Bump the version when what is stored changes:
# a part of another version is not read (the letters then read the log itself).
LETTER_FACTS_VERSION = 1
_QUOTED_KEYS = ("at", "channel", "from_number", "target", "text")


def _day_channel_target_counts(contacts_in_order) -> list[list]:
    """[day, channel, target, count] of the contacts (in time order), days in order and, within a day, in the order each
    pair first came: summed from any day on, they count channels and targets in the order LogAnalysis.most_common
    breaks ties."""
    counts: Counter = Counter()
    for contact in contacts_in_order:
        counts[(contact.at.date(), contact.channel, contact.target)] += 1
    return [[day.isoformat(), channel, target, count] for (day, channel, target), count in counts.items()]


def letter_facts_json(log: list[dict]) -> dict:
    """What the letters read of a log (facts.md `log` items) that the log alone decides, as JSON-ready data."""
    read = LetterCase({"log": log})
    contacts = read.contact_analysis
    bombing = read.bombing_log
    in_order = sorted((contact_from(item) for item in read.contacts), key=lambda contact: contact.at)
    last_days = {contact.from_number: contact.at.date().isoformat() for contact in in_order if contact.from_number}
    return {
        "version": LETTER_FACTS_VERSION,
        # the collector's own contacts, when a code flood makes them other than the whole log
        "contacts": analysis_to_json(contacts) if contacts.total < read.analysis.total else None,
        "contact_days": _day_channel_target_counts(in_order),
        "contact_number_last_days": last_days,
        "code_flood_numbers": sorted(read.code_flood_numbers),
        "night_example": read.night_example.isoformat() if read.night_example else None,
        "bombing": None if bombing is None else [
            bombing[0], *(day.isoformat() for day in bombing[1:4]), bombing[4],
            {"at": bombing[5]["at"], "text": bombing[5]["text"]} if bombing[5] else None],
        "quoted": [{key: item[key] for key in _QUOTED_KEYS if key in item} for item in read.quoted],
    }


def log_summary_json(log: list[dict], analysis: LogAnalysis | None = None) -> dict:
    """A Case.log_summary of a log (facts.md `log` items): its analysis (`analysis` when the caller has it already)
    and, under "letters", the letters' part."""
    return {**analysis_to_json(analysis or analyse_log(log)), "letters": letter_facts_json(log)}


class StoredLetterCase(LetterCase):
    """A case file without its log, read as LetterCase reads the file with it: the whole log's analysis and the
    letters' part of the stored summary (letter_facts_json of the same log) answer every log property, and
    `evidence_files` is counted by the caller. Same letters, whatever the log's length."""

    def __init__(self, case: dict, *, analysis: LogAnalysis, stored: dict, evidence_files: int):
        super().__init__(case)
        self.__dict__.update(analysis=analysis, evidence_files=evidence_files, log=[], contacts=[])
        self._stored = stored

    @classmethod
    def readable(cls, stored) -> bool:
        return bool(stored) and stored.get("version") == LETTER_FACTS_VERSION

    @cached_property
    def contact_analysis(self) -> LogAnalysis:
        return analysis_from_json(self._stored["contacts"]) if self._stored["contacts"] else self.analysis

    def contacts_after(self, day: dt.date) -> ContactsSince:
        if day not in self._after:
            channels: Counter = Counter()
            targets: Counter = Counter()
            for on, channel, target, count in self._stored["contact_days"]:
                if dt.date.fromisoformat(on) > day:
                    channels[channel] += count
                    targets[target] += count
            numbers = sum(1 for last in self._stored["contact_number_last_days"].values() if dt.date.fromisoformat(last) > day)
            total = sum(channels.values())
            self._after[day] = ContactsSince(total=total, channels=tuple(channels.most_common()),
                                             targets=tuple(targets.most_common()), numbers=numbers,
                                             last_day=self.contact_analysis.last_contact.date() if total else None)
        return self._after[day]

    @cached_property
    def code_flood_numbers(self) -> frozenset[str]:
        return frozenset(self._stored["code_flood_numbers"])

    @cached_property
    def night_example(self) -> dt.datetime | None:
        return _moment(self._stored["night_example"]) if self._stored["night_example"] else None

    @cached_property
    def bombing_log(self):
        if self._stored["bombing"] is None:
            return None
        count, first, last, peak_day, peak, example = self._stored["bombing"]
        return (count, dt.date.fromisoformat(first), dt.date.fromisoformat(last), dt.date.fromisoformat(peak_day), peak,
                example)

    @cached_property
    def quoted(self) -> list[dict]:
        return list(self._stored["quoted"])


def reading(case: dict | LetterCase) -> LetterCase:
    """`case` as a LetterCase: the one given, or a new one of a bare case file (analysed when first asked)."""
    return case if isinstance(case, LetterCase) else LetterCase(case)


def harassing_numbers(case: dict | LetterCase) -> list[NumberSummary]:
    """Every number of the case: those counted in the log, then those the borrower listed without log entries."""
    return list(reading(case).numbers)


def collector_numbers(case: dict | LetterCase) -> list[NumberSummary]:
    """The numbers the collector itself used: code-bombing ports belong to the abused sites, not to it."""
    return [number for number in reading(case).numbers if not number.bombing_port]


def merged_harassment(case: dict | LetterCase) -> dict:
    """`harassment` with what the log proves added; a copy the caller may change (LetterCase.merged_harassment)."""
    return copy.deepcopy(reading(case).merged_harassment)


def repeated_contact(case: dict | LetterCase) -> bool:
    """The collector itself contacted her repeatedly (a flood of codes is not counted): at least two a day stated,
    two contacts in the log, or visits."""
    read = reading(case)
    channels = set(read.merged_harassment.get("channels") or [])
    stated_peak = int((read.file.get("harassment") or {}).get("max_per_day") or 0) if channels - {BOMBING} else 0
    return stated_peak >= 2 or read.contact_analysis.total >= 2 or "visit" in channels


def letter_facts(case: dict | LetterCase, **letter) -> dict:
    """What the letter data's conditions (guidance/letters/conditions) are evaluated on: the case file with its
    statements merged with the log, and the `letter` facts computed here or given by the caller."""
    read = reading(case)
    numbers = read.numbers
    return {**read.file, "harassment": merged_harassment(read),
            "letter": {"repeated_contact": repeated_contact(read), "has_screenshots": False, "regulator": "",
                       "co_defendant_lender": False,
                       "third_party_logged": any(target in THIRD_PARTIES for target, _count in read.contact_analysis.targets),
                       "collector_numbers": any(not number.bombing_port for number in numbers),
                       "bombing_ports": any(number.bombing_port for number in numbers), **letter}}


def _third_labels(targets, me: str) -> list[str]:
    """The third parties contacted, as one phrase per kind: 本人的家人、工作单位 / 其他无关第三人."""
    own = [label("targets", target) for target in targets if target in THIRD_PARTIES and target != "other_third_party"]
    labels = [say("own_third_parties", me=me, parties=joined(own))] if own else []
    if "other_third_party" in targets:
        labels.append(label("targets", "other_third_party"))
    return labels


def _loan(case: dict, party: str, me: str, with_reference: bool, roles: dict) -> str:
    borrower = case.get("borrower") or {}
    lender = case.get("lender") or {}
    collector = case.get("collector") or {}
    if not lender.get("name"):
        return ""
    app = say("loan_app", app=lender["app_name"]) if lender.get("app_name") else ""
    reference = say("loan_reference", reference=lender["loan_reference"]) if with_reference and lender.get("loan_reference") else ""
    lender_name = roles.get("lender", "") + lender["name"]
    sentence = say("loan", me=me, borrower=borrower.get("name", ""), app=app, lender=lender_name, reference=reference)
    if collector.get("name") and collector.get("kind") == "outsourced_agency":
        sentence += say("collected_by_agency", collector=roles.get("collector", "") + collector["name"])
    elif collector.get("kind") == "lender_itself":
        sentence += say("collected_by_lender", lender=lender_name)
    return sentence


def whom(targets, third: list[str], me: str) -> str:
    """Whom the collector contacted: her (when she is among the targets, or none are stated) and the third parties."""
    if not third:
        return me
    if targets and "self" not in targets:
        return joined(third)
    return say("statement_whom_others", me=me, others=joined(third))


def _beyond_the_log(stated: dict, analysis: LogAnalysis) -> dict:
    """The stated values, less a first day or peak that only repeats what the log shows (stored sections may already
    hold what the log proves): the log's own paragraph gives those with their dates."""
    if not analysis.total:
        return stated
    stated = dict(stated)
    if stated.get("first_seen") == analysis.first_contact.date().isoformat():
        stated.pop("first_seen")
    if int(stated.get("max_per_day") or 0) == analysis.max_per_day:
        stated.pop("max_per_day")
    return stated


def _statement(stated: dict, party: str, me: str, repeated: bool) -> str:
    """What the borrower states (harassment.*), in her words' substance; '' when she stated nothing."""
    channels = [label("channels", item) for item in stated.get("channels") or [] if item != BOMBING]
    third = _third_labels(stated.get("targets") or [], me)
    if set(stated.get("channels") or []) == {BOMBING} and not third:
        return ""  # she states a code flood only: the flood's own paragraph tells it
    if not (stated.get("first_seen") or stated.get("max_per_day") or channels or third):
        return ""
    return say(
        "statement", me=me, party=party,
        since=say("since", date=_date(stated["first_seen"])) if stated.get("first_seen") else "",
        via=say("statement_via", channels=joined(channels)) if channels else "",
        whom=whom(stated.get("targets") or [], third, me),
        verb=say("statement_verb_repeated" if repeated else "statement_verb_once"),
        # her stated peak counts every contact: where a code flood is among them, the letter says the peak includes it
        peak=say("statement_peak_with_codes" if BOMBING in (stated.get("channels") or []) else "statement_peak",
                 count=stated["max_per_day"]) if stated.get("max_per_day") and channels else "",
    )


def _bombing(read: LetterCase, stated: dict, party: str, me: str, numbers) -> str:
    """验证码短信轰炸: the flood, its stated peak, what the log holds of it, and whose the ports are."""
    only_bombing = set(stated.get("channels") or []) == {BOMBING}
    logged = ""
    if read.bombing_log:
        count, first, last, peak_day, peak, example = read.bombing_log
        logged = say(
            "bombing_logged", me=me, count=count,
            span=chinese_date(first) if first == last else say("span_range", first=chinese_date(first), last=chinese_date(last)),
            peak=say("bombing_logged_peak", date=chinese_date(peak_day), count=peak) if peak > 1 and first != last else "",
            example=say("bombing_example", moment=chinese_datetime(_moment(example["at"])),
                        text=example["text"].strip()[:QUOTE_MAX_CHARS]) if example else "",
        )
    ports = [display_number(number.number) for number in numbers if number.bombing_port]
    return say(
        "bombing", me=me, party=party, logged=logged,
        since=say("since", date=_date(stated["first_seen"])) if stated.get("first_seen") and only_bombing else "",
        peak=say("bombing_peak", me=me, count=stated["max_per_day"]) if stated.get("max_per_day") and only_bombing else "",
        ports=say("bombing_ports", ports=joined(ports), party=party) if ports else "",
    )


def _log_paragraph(analysis: LogAnalysis, party: str, me: str, has_statement: bool, numbers) -> str:
    if not analysis.total:
        return ""
    own = [number for number in numbers if not number.bombing_port and number.count]
    first, last = analysis.first_contact.date(), analysis.last_contact.date()
    counts = joined(say("log_channel_count", channel=me if target == "self" else label("targets", target), count=count)
                    for target, count in analysis.targets)
    return say(
        "log", me=me, count=analysis.total, of_stated=say("log_of_stated") if has_statement else "",
        span=chinese_date(first) if first == last else say("span_range", first=chinese_date(first), last=chinese_date(last)),
        channels=joined(say("log_channel_count", channel=label("channels", channel) or channel, count=count)
                        for channel, count in analysis.channels),
        numbers=say("log_numbers", party=party, count=len(own)) if own else "",
        whom=say("log_whom", counts=counts) if analysis.third_parties else "",
        peak=say("log_peak", date=chinese_date(analysis.max_day), count=analysis.max_per_day) if analysis.max_per_day > 1 else "",
    )


def _quotes(read: LetterCase, party: str, me: str) -> list[str]:
    """The recorded words LetterCase.quoted chose, each with its moment, source and whom it reached."""
    lines = []
    for item in read.quoted:
        text = item["text"].strip()
        if len(text) > QUOTE_MAX_CHARS:
            text = text[:QUOTE_MAX_CHARS] + "……"
        target = item.get("target") or "self"
        channel = label("channels", item.get("channel") or "other") or label("channels", "other")
        lines.append(say(
            "quote", moment=chinese_datetime(_moment(item["at"])), text=text,
            source=say("quote_source_number", number=display_number(item["from_number"])) if item.get("from_number") else party,
            verb=say("quote_verb_call") if item.get("channel") == "call" else say("quote_verb_other", channel=channel),
            who=me if target == "self" else (_third_labels([target], me) or [label("targets", target)])[0],
        ))
    return lines


def step_sentence(step: dict, me: str) -> str:
    action = label("actions", step.get("action"))
    if not (action and step.get("on")):
        return ""
    result = label("results", step.get("result") or "")
    return say("step", me=me, date=_date(step["on"]), action=action,
               target=say("step_target", target=step["target"]) if step.get("target") else "",
               reference=say("step_reference", reference=step["reference"]) if step.get("reference") else "",
               result=say("step_result", result=result) if result else "")


def last_continued_step(case: dict, own_action: str = "") -> dict | None:
    """The latest step (by its date) after which the harassment went on (`continued`), other than the letter's own
    action: the last letter sent, whose mailing date the facts since then are counted from."""
    steps = [step for step in case.get("steps_taken") or []
             if step.get("result") == "continued" and step.get("on") and step.get("action") != own_action]
    return max(steps, key=lambda step: step["on"], default=None)


def since_step_sentence(case: dict | LetterCase, step: dict, *, party: str, me: str) -> str:
    """What the log holds of the collector's contacts after `step` was taken (not the code flood): how many, by which
    means, from how many numbers, whom, and the latest. '' when the log holds none since then."""
    analysis = reading(case).contacts_after(dt.date.fromisoformat(step["on"]))
    action = label("actions", step.get("action"))
    if not (analysis.total and action):
        return ""
    counts = joined(say("log_channel_count", channel=me if target == "self" else label("targets", target), count=count)
                    for target, count in analysis.targets)
    return say(
        "since_step", date=_date(step["on"]), me=me, action=action, party=party, count=analysis.total,
        target=say("step_target", target=step["target"]) if step.get("target") else "",
        channels=joined(say("log_channel_count", channel=label("channels", channel) or channel, count=count)
                        for channel, count in analysis.channels),
        numbers=say("since_step_numbers", count=analysis.numbers) if analysis.numbers else "",
        whom=say("log_whom", counts=counts) if analysis.third_parties else "",
        last=chinese_date(analysis.last_day),
    )


def facts_paragraphs(case: dict | LetterCase, *, party: str = "催收方", me: str = "本人", own_action: str = "",
                     loan_reference: bool = False, roles: dict | None = None) -> list[str]:
    """The facts section: the loan, what she states, what her log adds (counts, dates, numbers, nights, third
    parties, quoted words), and the earlier steps she took (never the step this letter itself is); the last one after
    which the harassment went on is followed by what the log holds since it was taken."""
    read = reading(case)
    case = read.file
    stated = case.get("harassment") or {}
    merged = read.merged_harassment
    analysis = read.contact_analysis
    numbers = read.numbers
    paragraphs = []
    loan = _loan(case, party, me, loan_reference, roles or {})
    if loan:
        paragraphs.append(loan)
    statement = _statement(_beyond_the_log(stated, analysis), party, me, repeated_contact(read))
    if statement:
        paragraphs.append(statement)
    logged = _log_paragraph(analysis, party, me, bool(statement), numbers)
    if logged:
        paragraphs.append(logged)
    if BOMBING in (merged.get("channels") or []):
        paragraphs.append(_bombing(read, stated, party, me, numbers))
    if analysis.night_total:
        paragraphs.append(say("night_logged", count=analysis.night_total, moment=chinese_datetime(read.night_example)))
    elif merged.get("night_contact"):
        paragraphs.append(say("night_stated", me=me, party=party))
    # What she reports of the content goes with her recorded words that show it (or with her statement when she
    # recorded none): a list of labels standing alone would be the same paragraph in every case with that content.
    content = [label("content", item).format(me=me) for item in merged.get("content") or [] if label("content", item)]
    content_sentence = say("content", me=me, party=party, content=joined(content)) if content else ""
    quotes = _quotes(read, party, me)
    if quotes:
        paragraphs.append(content_sentence + say("quotes", me=me, quotes="；".join(quotes)))
    elif content_sentence and statement:
        paragraphs[paragraphs.index(statement)] = statement + content_sentence
    elif content_sentence:
        paragraphs.append(content_sentence)
    since = last_continued_step(case, own_action)
    for step in case.get("steps_taken") or []:
        if step.get("action") == own_action:
            continue
        sentence = step_sentence(step, me)
        if sentence:
            paragraphs.append(sentence)
        if step is since:  # the facts since the last letter follow the sentence that says it was sent
            after = since_step_sentence(read, step, party=party, me=me)
            if after:
                paragraphs.append(after)
    return paragraphs


def log_evidence_lines(case: dict | LetterCase, me: str = "本人") -> list[str]:
    """Evidence and its source as 民事诉讼法 第一百二十四条(四) asks: the log and the files it links to."""
    read = reading(case)
    analysis = read.analysis
    lines = []
    if analysis.total:
        lines.append(say("evidence_log", count=analysis.total, first=chinese_date(analysis.first_contact.date()),
                         last=chinese_date(analysis.last_contact.date()), me=me))
    if read.evidence_files:
        lines.append(say("evidence_files", count=read.evidence_files, me=me))
    return lines
