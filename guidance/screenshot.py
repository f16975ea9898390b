"""From the lines an OCR engine read on a screenshot of SMS or chat messages to proposed log entries.

Pure (no Django, no OCR engine): the input is each line's text and box, the output one proposal per received
message with the sender's number, the date and time as the phone printed them resolved against the screenshot's
own date, the message text, the content categories of the reviewed keyword list (guidance/keywords) and the
channel (a 106 port's verification-code message is `verification_code_bombing`). Nothing here is a fact of the
case until the borrower confirms it.

The layout rules follow how phones draw a conversation: a status bar at the very top, the contact's name or
number in the header below it, time stamps centred between bubbles (or small under a bubble), received
bubbles on the left and the borrower's own on the right, an input bar at the bottom.
"""

from __future__ import annotations

import datetime as dt
import re
import statistics
import unicodedata
from dataclasses import dataclass, field

from guidance import keywords as keyword_lists
from guidance.clock import SHANGHAI
from guidance.phones import find_numbers

# Fractions of the screenshot's height: the status bar, the header with the contact, the input bar.
STATUS_BAR = 0.045
HEADER = 0.15
INPUT_BAR = 0.92
# A bubble whose text starts right of this fraction of the width is the borrower's own (sent) message: received
# text starts within the left fifth (margin, a chat app's avatar, the bubble's padding), sent text right of it
# even when the bubble is as wide as a phone lets it be (about 70 % of the width).
SENT_LEFT = 0.22
# A time stamp whose centre is this close (fraction of the width) to the middle is a divider between bubbles.
CENTRED = 0.12

Box = tuple[int, int, int, int]  # left, top, right, bottom in pixels


@dataclass(frozen=True)
class OcrLine:
    text: str
    box: Box
    score: float = 1.0

    @property
    def height(self) -> int:
        return self.box[3] - self.box[1]

    @property
    def centre_x(self) -> float:
        return (self.box[0] + self.box[2]) / 2


@dataclass(frozen=True)
class When:
    """A date and time as a phone prints them, resolved: `day` always (the screenshot's own when the phone printed
    none: `dated` is then False), `time` when the phone printed one."""

    day: dt.date
    time: dt.time | None = None
    dated: bool = True

    def merged(self, later: When) -> When:
        """A stamp under a bubble that gives only a time keeps the day of the divider above it."""
        return later if later.dated else When(self.day, later.time, self.dated)


@dataclass(frozen=True)
class Proposal:
    """One received message as a proposed log entry (facts.md `log` item), with where it was on the screenshot."""

    text: str
    box: Box
    from_number: str = ""
    when: When | None = None
    time_text: str = ""
    channel: str = "sms"
    content: tuple[str, ...] = ()

    @property
    def at(self) -> dt.datetime | None:
        if self.when is None or self.when.time is None:
            return None
        return dt.datetime.combine(self.when.day, self.when.time, tzinfo=SHANGHAI)


@dataclass(frozen=True)
class Screen:
    sender: str
    proposals: tuple[Proposal, ...] = field(default_factory=tuple)


# --- dates and times as phones print them -------------------------------------------------------------------------

_WEEKDAYS = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6}
_RELATIVE = {"今天": 0, "昨天": 1, "前天": 2}
_AFTERNOON = {"下午", "晚上", "傍晚", "pm"}
_NIGHT = {"凌晨", "半夜", "上午", "早上", "am"}
_WHEN = re.compile(
    r"^(?:(?P<rel>今天|昨天|前天)"
    r"|(?P<y>\d{4})[年/.\-](?P<m>\d{1,2})[月/.\-](?P<d>\d{1,2})日?"
    r"|(?P<m2>\d{1,2})[月/\-](?P<d2>\d{1,2})日?)?"
    r"(?:(?:星期|周|礼拜)(?P<wd>[一二三四五六日天]))?"
    r"(?P<p1>凌晨|半夜|早上|上午|中午|下午|傍晚|晚上|am|pm)?"
    r"(?:(?P<h>\d{1,2}):(?P<mi>\d{2})(?::\d{2})?)?"
    r"(?P<p2>am|pm)?$"
)


def _fold(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text or "")).lower()


def _hour(hour: int, period: str | None) -> int:
    if period in _AFTERNOON and hour < 12:
        return hour + 12
    if period == "中午" and hour < 11:
        return hour + 12
    if period in _NIGHT and hour == 12:
        return 0
    return hour


def _date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def parse_when(text: str, reference: dt.date) -> When | None:
    """A line that is only a date and/or time as phones print it ("昨天 22:41", "星期三 下午3:05", "12月3日 21:10",
    "2026/12/03"), resolved against `reference`, the day the screenshot was taken; None for anything else."""
    match = _WHEN.match(_fold(text))
    if not match or not (match["rel"] or match["y"] or match["m2"] or match["wd"] or match["h"]):
        return None
    day = reference
    if match["rel"]:
        day = reference - dt.timedelta(days=_RELATIVE[match["rel"]])
    elif match["y"]:
        day = _date(int(match["y"]), int(match["m"]), int(match["d"]))
    elif match["m2"]:
        day = _date(reference.year, int(match["m2"]), int(match["d2"]))
        # A month and day without a year is the latest such day up to the screenshot's.
        if day is not None and day > reference:
            day = _date(reference.year - 1, day.month, day.day)
    elif match["wd"]:
        # Phones print a weekday for the days of the past week before yesterday: never today's.
        back = (reference.weekday() - _WEEKDAYS[match["wd"]]) % 7 or 7
        day = reference - dt.timedelta(days=back)
    if day is None:
        return None
    dated = bool(match["rel"] or match["y"] or match["m2"] or match["wd"])
    if not match["h"]:
        return When(day) if not (match["p1"] or match["p2"]) else None
    hour, minute = int(match["h"]), int(match["mi"])
    hour = _hour(hour, match["p1"] or match["p2"])
    if hour > 23 or minute > 59:
        return None
    return When(day, dt.time(hour, minute), dated)


_FILENAME_DATE = re.compile(r"(?<!\d)(20\d{2})[-_.]?(\d{2})[-_.]?(\d{2})(?!\d)")


def screenshot_date(*, exif_datetime: str = "", filename: str = "") -> dt.date | None:
    """The day a screenshot was taken, where the file says it: EXIF DateTimeOriginal ("2026:12:03 21:15:00"),
    else a date in the phone's file name ("Screenshot_20261203-221500.png", "屏幕截图 2026-12-03 …")."""
    for text in (exif_datetime.replace(":", "-", 2) if exif_datetime else "", filename):
        match = _FILENAME_DATE.search(text or "")
        if match:
            day = _date(int(match[1]), int(match[2]), int(match[3]))
            if day is not None:
                return day
    return None


# --- the sender's number ------------------------------------------------------------------------------------------

# Spaces, dashes and dots people and phones put between digits ("1069 0123 456", "138-0013-8000").
_BETWEEN_DIGITS = re.compile(r"(?<=\d)[\s\-‐–—.·]+(?=\d)")


def numbers_in(text: str) -> list[str]:
    """The phone numbers and SMS ports in a line, normalised as the log stores them (E.164 or port digits)."""
    joined = _BETWEEN_DIGITS.sub("", unicodedata.normalize("NFKC", text or ""))
    return [info.normalized for info in find_numbers(joined)]


# --- the layout ---------------------------------------------------------------------------------------------------


def _union(boxes: list[Box]) -> Box:
    return (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))


def _padded(box: Box, pad: int, width: int, height: int) -> Box:
    return (max(0, box[0] - pad), max(0, box[1] - pad), min(width, box[2] + pad), min(height, box[3] + pad))


@dataclass
class _Bubble:
    lines: list[OcrLine]
    when: When | None
    time_text: str = ""
    time_lines: list[OcrLine] = field(default_factory=list)

    @property
    def left(self) -> int:
        return min(line.box[0] for line in self.lines)

    @property
    def bottom(self) -> int:
        return max(line.box[3] for line in self.lines)


def read_screen(lines: list[OcrLine], *, width: int, height: int, reference: dt.date,
                keywords: keyword_lists.Keywords | None = None) -> Screen:
    """The proposals of one screenshot: every received message, top to bottom."""
    keywords = keywords or keyword_lists.load()
    lines = sorted((line for line in lines if line.text.strip()), key=lambda line: (line.box[1], line.box[0]))
    body = [line for line in lines if STATUS_BAR * height <= (line.box[1] + line.box[3]) / 2 <= INPUT_BAR * height]
    header = [line for line in body if (line.box[1] + line.box[3]) / 2 < HEADER * height]
    sender = next((number for line in header for number in numbers_in(line.text)), "")
    typical = statistics.median([line.height for line in body]) if body else 1
    bubbles: list[_Bubble] = []
    current: When | None = None
    current_text = ""
    previous: OcrLine | None = None
    for line in body:
        if line in header:
            continue
        when = parse_when(line.text, reference)
        if when is not None:
            centred = abs(line.centre_x - width / 2) < CENTRED * width
            last = bubbles[-1] if bubbles else None
            if not centred and last is not None and not last.time_lines and line.box[1] - last.bottom < 1.5 * typical:
                # A stamp under a bubble belongs to that bubble.
                last.when = current.merged(when) if current else when
                last.time_text = " ".join(filter(None, (last.time_text, line.text.strip())))
                last.time_lines.append(line)
            else:
                current, current_text = when, line.text.strip()
            previous = None
            continue
        joins = (previous is not None and bubbles
                 and line.box[1] - previous.box[3] < 0.9 * typical
                 and abs(line.box[0] - previous.box[0]) < 1.5 * typical)
        if joins:
            bubbles[-1].lines.append(line)
        else:
            bubbles.append(_Bubble([line], current, current_text))
        previous = line
    proposals = []
    for bubble in bubbles:
        if bubble.left > SENT_LEFT * width:
            continue  # the borrower's own message
        text = "".join(line.text.strip() for line in bubble.lines)
        channel = "verification_code_bombing" if keywords.is_verification_code(text, sender) else "sms"
        box = _padded(_union([line.box for line in bubble.lines + bubble.time_lines]), int(typical * 0.6), width, height)
        proposals.append(Proposal(
            text=text, box=box, from_number=sender, when=bubble.when,
            time_text=bubble.time_text, channel=channel,
            content=tuple(keywords.flags(text)),
        ))
    return Screen(sender=sender, proposals=tuple(proposals))
