"""Read received text messages out of an SMS export: Android "SMS Backup & Restore" XML, CSV, or plain text.

Pure: bytes in, messages out, no database. Every record that cannot be read is reported with its place in the
file and the reason, never dropped silently. Times without a zone are Asia/Shanghai local time.
"""

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass, field

from defusedxml import ElementTree as SafeET
from defusedxml.common import DefusedXmlException
from django.utils.translation import gettext as _

from guidance.clock import SHANGHAI
from guidance.phones import find_numbers, normalize_number

# SMS Backup & Restore: <sms type=…> 1 received, 2 sent, 3 draft, 4 outbox, 5 failed, 6 queued; <mms msg_box=…> the same.
RECEIVED = "1"
VERIFICATION_WORDS = ("验证码", "校验码", "动态码", "verification code")


class SmsExportError(ValueError):
    """The file is not an SMS export Zhirao can read; the message says why, in the user's language."""


@dataclass(frozen=True)
class ImportedMessage:
    at: dt.datetime
    from_number: str  # normalised (E.164 or port digits); the text as found when it is no phone number
    text: str

    @property
    def channel(self) -> str:
        lowered = self.text.lower()
        return "verification_code_bombing" if any(word in lowered for word in VERIFICATION_WORDS) else "sms"


@dataclass
class ImportResult:
    format: str  # "xml" | "csv" | "text"
    messages: list[ImportedMessage] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (where in the file, why)
    not_received: int = 0  # sent, drafts and the like: the borrower's own messages are not contacts


def parse_sms_export(data: bytes) -> ImportResult:
    """Detect the format from the content and read every received message."""
    head = data[:512].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"<"):
        return _parse_xml(data)
    text = _decode(data)
    if not text.strip():
        raise SmsExportError(_("文件是空的，没有可以导入的短信。"))
    if _looks_like_csv(text):
        return _parse_csv(text)
    return _parse_text(text)


def _decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "utf-16", "gb18030"):
        if encoding == "utf-16" and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
            continue
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise SmsExportError(_("无法识别文件的文字编码，请导出为 UTF-8 编码的文件。"))


# ---- XML (SMS Backup & Restore) -------------------------------------------------------------------------------------


# SMS Backup & Restore writes characters outside the BMP (emoji) as two UTF-16 surrogate references, which
# XML forbids; join each pair into one reference so the file parses.
_SURROGATE_PAIR = re.compile(rb"&#(5[5-6]\d{3});&#(5[6-7]\d{3});")


def _join_surrogates(match: re.Match) -> bytes:
    high, low = int(match[1]), int(match[2])
    if not (0xD800 <= high <= 0xDBFF and 0xDC00 <= low <= 0xDFFF):
        return match[0]
    return b"&#%d;" % (0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00))


def _parse_xml(data: bytes) -> ImportResult:
    result = ImportResult(format="xml")
    data = _SURROGATE_PAIR.sub(_join_surrogates, data)
    position = 0
    try:
        events = SafeET.iterparse(io.BytesIO(data), events=("start", "end"), forbid_dtd=True)
        _event, root = next(events)
        if root.tag != "smses":
            raise SmsExportError(_("这个 XML 文件不是“SMS Backup & Restore”导出的短信备份（没有 <smses> 根元素）。"))
        for event, element in events:
            if event != "end" or element.tag not in ("sms", "mms"):
                continue
            position += 1
            where = _("第%(number)s条") % {"number": position}
            _read_xml_message(element, where, result)
            root.clear()  # keep memory flat on exports of many thousands of messages
    except SmsExportError:
        raise
    except (SafeET.ParseError, DefusedXmlException, StopIteration) as error:
        raise SmsExportError(_("XML 文件已损坏或不完整，无法读取（%(error)s）。") % {"error": type(error).__name__}) from error
    return result


def _read_xml_message(element, where: str, result: ImportResult) -> None:
    box = element.get("type") if element.tag == "sms" else element.get("msg_box")
    if box != RECEIVED:
        result.not_received += 1
        return
    if element.tag == "sms":
        body = element.get("body") or ""
    else:
        body = "\n".join(part.get("text") or "" for part in element.iter("part") if part.get("ct") == "text/plain")
    at = _epoch(element.get("date") or "")
    if at is None:
        result.skipped.append((where, _("时间无法识别")))
        return
    sender = element.get("address") or ""
    result.messages.append(ImportedMessage(at=at, from_number=_number(sender), text=_with_sender(sender, body.strip())))


def _epoch(value: str) -> dt.datetime | None:
    """Milliseconds (the Android format) or seconds since 1970."""
    value = value.strip()
    if not value.isdigit() or len(value) > 13:  # 13 digits of milliseconds reach the year 2286
        return None
    seconds = int(value) / 1000 if len(value) > 11 else int(value)
    try:
        return dt.datetime.fromtimestamp(seconds, tz=SHANGHAI)
    except (OverflowError, OSError, ValueError):
        return None


def _number(raw: str) -> str:
    """Stored form of a sender, checked as the log form checks a typed number: normalised when it is a phone
    number or SMS port ("95588中国工商银行" gives 95588); empty when it holds none (`<img src=x>`, a name),
    since from_number is where letters and the collectors' list take numbers from. `_with_sender` keeps
    such a sender in the message's text instead, so nothing the phone showed is lost."""
    raw = raw.strip()
    number = normalize_number(raw)
    if number is not None:
        return number
    found = find_numbers(raw)
    return found[0].normalized if found else ""


def _with_sender(raw: str, text: str) -> str:
    """The message's text, with the sender as the phone showed it when that was no number (`_number` is empty)."""
    raw = " ".join(raw.split())[:40]
    if raw and not _number(raw):
        return _("（发件人显示为：%(sender)s）") % {"sender": raw} + text
    return text


# ---- dates in text --------------------------------------------------------------------------------------------------

_DATE_TIME = re.compile(
    r"(?P<year>\d{4})\s*[-/.年]\s*(?P<month>\d{1,2})\s*[-/.月]\s*(?P<day>\d{1,2})\s*日?"
    r"(?:\s*T|\s+|\s*)(?:(?P<ampm>上午|下午|晚上|凌晨|中午)\s*)?"
    r"(?P<hour>\d{1,2})\s*[:：时]\s*(?P<minute>\d{1,2})(?:\s*[:：分]\s*(?P<second>\d{1,2})秒?)?"
    r"(?:\s*(?P<tz>Z|[+-]\d{2}:?\d{2}))?"
)


def _parse_moment(text: str) -> tuple[dt.datetime | None, tuple[int, int]]:
    """The first date-time in `text` and its span, or (None, (0, 0))."""
    match = _DATE_TIME.search(text)
    if match is None:
        return None, (0, 0)
    parts = {name: int(value) for name, value in match.groupdict().items() if value and name not in ("ampm", "tz")}
    hour = parts["hour"]
    if match["ampm"] in ("下午", "晚上") and hour < 12:
        hour += 12
    if match["ampm"] == "凌晨" and hour == 12:
        hour = 0
    try:
        moment = dt.datetime(parts["year"], parts["month"], parts["day"], hour, parts["minute"], parts.get("second", 0))
    except ValueError:
        return None, (0, 0)
    zone = match["tz"]
    if zone:
        moment = dt.datetime.fromisoformat(moment.isoformat() + (zone if zone != "Z" else "+00:00")).astimezone(SHANGHAI)
    else:
        moment = moment.replace(tzinfo=SHANGHAI)
    return moment, match.span()


def _parse_time_cell(value: str) -> dt.datetime | None:
    value = value.strip()
    if value.isdigit() and len(value) in (10, 13):
        return _epoch(value)
    moment, _span = _parse_moment(value)
    return moment


# ---- CSV ------------------------------------------------------------------------------------------------------------

_HEADER_WORDS = {
    "time": ("date", "time", "datetime", "timestamp", "时间", "日期", "接收时间", "发送时间", "收信时间"),
    "number": ("address", "number", "phone", "from", "sender", "号码", "电话", "手机号", "发件人", "发信人", "来信号码", "联系人号码"),
    "text": ("body", "text", "message", "content", "内容", "短信内容", "正文", "信息内容"),
    "box": ("type", "direction", "box", "folder", "类型", "方向", "收发"),
}
_SENT_WORDS = ("2", "sent", "outgoing", "发送", "已发送", "发出", "out")


def _looks_like_csv(text: str) -> bool:
    lines = [line for line in text.splitlines()[:20] if line.strip()]
    if not lines:
        return False
    try:
        dialect = csv.Sniffer().sniff("\n".join(lines), delimiters=",;\t")
    except csv.Error:
        return False
    rows = list(csv.reader(lines, dialect))
    widths = {len(row) for row in rows}
    return min(widths) >= 3 and len(widths) <= 2


def _header_columns(row: list[str]) -> dict[str, int] | None:
    columns = {}
    for index, cell in enumerate(row):
        name = cell.strip().lower()
        for role, words in _HEADER_WORDS.items():
            if role not in columns and name in words:
                columns[role] = index
    return columns if {"time", "number", "text"} <= set(columns) else None


def _guess_columns(row: list[str]) -> dict[str, int] | None:
    """For a file without a header: the time, number and text columns, judged from one row's content."""
    columns: dict[str, int] = {}
    for index, cell in enumerate(row):
        if "time" not in columns and _parse_time_cell(cell) is not None:
            columns["time"] = index
        elif "number" not in columns and normalize_number(cell) is not None:
            columns["number"] = index
    rest = [index for index in range(len(row)) if index not in columns.values()]
    if {"time", "number"} <= set(columns) and rest:
        columns["text"] = max(rest, key=lambda index: len(row[index]))
        return columns
    return None


def _parse_csv(text: str) -> ImportResult:
    result = ImportResult(format="csv")
    sample = "\n".join(text.splitlines()[:20])
    dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
    rows = csv.reader(io.StringIO(text), dialect)
    columns = None
    for line_number, row in enumerate(rows, start=1):
        if not any(cell.strip() for cell in row):
            continue
        if columns is None:
            columns = _header_columns(row)
            if columns is not None:
                continue  # that was the header
            columns = _guess_columns(row)
            if columns is None:
                raise SmsExportError(_("无法识别 CSV 文件的列：需要时间、号码和短信内容三列（可以有“时间,号码,内容”这样的表头）。"))
        where = _("第%(number)s行") % {"number": line_number}
        _read_csv_row(row, columns, where, result)
    return result


def _read_csv_row(row: list[str], columns: dict[str, int], where: str, result: ImportResult) -> None:
    if max(columns.values()) >= len(row):
        result.skipped.append((where, _("列数不够")))
        return
    if "box" in columns and row[columns["box"]].strip().lower() in _SENT_WORDS:
        result.not_received += 1
        return
    at = _parse_time_cell(row[columns["time"]])
    if at is None:
        result.skipped.append((where, _("时间无法识别")))
        return
    sender = row[columns["number"]]
    result.messages.append(ImportedMessage(at=at, from_number=_number(sender), text=_with_sender(sender, row[columns["text"]].strip())))


# ---- plain text -----------------------------------------------------------------------------------------------------


def _parse_text(text: str) -> ImportResult:
    """One message per line: a date-time, the sender's number and the message, in any order ("2026-03-14 22:41 170…: …")."""
    result = ImportResult(format="text")
    for line_number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        where = _("第%(number)s行") % {"number": line_number}
        at, (start, end) = _parse_moment(line)
        if at is None:
            result.skipped.append((where, _("找不到时间")))
            continue
        rest = line[:start] + " " + line[end:]
        found = find_numbers(rest)
        if not found:
            result.skipped.append((where, _("找不到发信号码")))
            continue
        sender = found[0]
        body = _strip_sender(rest, sender.input)
        result.messages.append(ImportedMessage(at=at, from_number=sender.normalized, text=body))
    return result


def _strip_sender(rest: str, raw_number: str) -> str:
    """The message once the sender's number and the punctuation around it are taken away."""
    before, _found, after = rest.partition(raw_number)
    if not _found:
        return rest.strip()
    body = (before.strip() + " " + after.strip()).strip()
    return re.sub(r"^[\s:：,，\-—|]+", "", body).strip()
