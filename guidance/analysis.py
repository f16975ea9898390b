"""Pattern analysis of the harassment log, and its chart.

Pure: takes log items (LogEntry rows or facts.md `log` dicts), returns numbers a letter or a page can show.
Times are judged in Asia/Shanghai, where the borrower lives: "night" is 21:00 to 08:00 local time.
"""

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from xml.sax.saxutils import escape

from django.utils.translation import gettext as _

from guidance.clock import local
from guidance.phones import normalize_number, phone_info

NIGHT_STARTS = dt.time(21, 0)
NIGHT_ENDS = dt.time(8, 0)
# Beyond this span the chart shows only the days with contacts, not every calendar day in between.
CONTINUOUS_DAYS_LIMIT = 92
# Beyond this many days with contacts the chart has a bar per month (a year of daily bars is too thin to read, and
# costs the page as much as the log is long); the log page lists the days month by month.
CHART_DAYS_LIMIT = 92


def is_night(moment: dt.datetime) -> bool:
    """21:00 up to (not including) 08:00 local time; naive datetimes are taken as local time."""
    time = local(moment).time()
    return time >= NIGHT_STARTS or time < NIGHT_ENDS


@dataclass(frozen=True)
class Contact:
    at: dt.datetime  # local time
    channel: str
    from_number: str
    target: str

    @property
    def night(self) -> bool:
        return is_night(self.at)


def contact_from(item) -> Contact:
    """A Contact from a LogEntry (attributes) or a facts.md log dict (`at` as ISO 8601 text)."""
    if isinstance(item, dict):
        at = item["at"]
        if isinstance(at, str):
            at = dt.datetime.fromisoformat(at)
        return Contact(local(at), item.get("channel", "other"), item.get("from_number", ""), item.get("target", "self"))
    return Contact(local(item.at), item.channel, item.from_number or "", item.target or "self")


@dataclass(frozen=True)
class DayCount:
    day: dt.date
    total: int
    night: int

    @property
    def daytime(self) -> int:
        return self.total - self.night


@dataclass(frozen=True)
class MonthCount:
    month: dt.date  # its first day
    total: int
    night: int
    active_days: int

    @property
    def daytime(self) -> int:
        return self.total - self.night


def months_of(days) -> tuple[MonthCount, ...]:
    """The DayCounts summed per calendar month, in order; months without contacts are left out."""
    months: dict[dt.date, list[int]] = {}
    for day in days:
        if day.total:
            counts = months.setdefault(day.day.replace(day=1), [0, 0, 0])
            counts[0] += day.total
            counts[1] += day.night
            counts[2] += 1
    return tuple(MonthCount(month, total, night, active) for month, (total, night, active) in months.items())


def chart_bars(analysis: "LogAnalysis") -> tuple:
    """What the chart draws: a bar per day (DayCount), or per month (MonthCount) beyond CHART_DAYS_LIMIT active days."""
    if analysis.active_days <= CHART_DAYS_LIMIT:
        return analysis.days
    return months_of(analysis.days)


@dataclass(frozen=True)
class NumberCount:
    number: str
    total: int
    night: int
    first: dt.datetime
    last: dt.datetime
    kind: str
    carrier: str


@dataclass(frozen=True)
class LogAnalysis:
    total: int = 0
    night_total: int = 0
    first_contact: dt.datetime | None = None
    last_contact: dt.datetime | None = None
    days: tuple[DayCount, ...] = ()  # for the chart: every day from first to last (or only active days over long spans)
    numbers: tuple[NumberCount, ...] = ()  # most frequent first
    channels: tuple[tuple[str, int], ...] = ()  # (channel, count), most frequent first
    targets: tuple[tuple[str, int], ...] = ()
    third_parties: tuple[tuple[str, int], ...] = ()  # targets other than the borrower
    max_per_day: int = 0
    max_day: dt.date | None = None
    active_days: int = 0
    continuous: bool = field(default=True)

    @property
    def night_contact(self) -> bool:
        return self.night_total > 0

    def harassment_summary(self) -> dict:
        """The facts.md `harassment` fields this log proves (empty when the log is)."""
        if not self.total:
            return {}
        return {
            "channels": [channel for channel, _count in self.channels],
            "targets": [target for target, _count in self.targets],
            "night_contact": self.night_contact,
            "max_per_day": self.max_per_day,
            "first_seen": self.first_contact.date().isoformat(),
        }


def analyse_log(items) -> LogAnalysis:
    contacts = sorted((contact_from(item) for item in items), key=lambda contact: contact.at)
    if not contacts:
        return LogAnalysis()
    per_day_total: Counter = Counter()
    per_day_night: Counter = Counter()
    by_number: dict[str, list[Contact]] = {}
    for contact in contacts:
        day = contact.at.date()
        per_day_total[day] += 1
        if contact.night:
            per_day_night[day] += 1
        if contact.from_number:
            by_number.setdefault(contact.from_number, []).append(contact)

    first_day, last_day = contacts[0].at.date(), contacts[-1].at.date()
    span = (last_day - first_day).days + 1
    continuous = span <= CONTINUOUS_DAYS_LIMIT
    day_list = [first_day + dt.timedelta(days=offset) for offset in range(span)] if continuous else sorted(per_day_total)
    days = tuple(DayCount(day, per_day_total[day], per_day_night[day]) for day in day_list)
    max_day, max_per_day = max(per_day_total.items(), key=lambda pair: (pair[1], -pair[0].toordinal()))

    numbers = []
    for number, seen in _most_used_first(by_number):
        info = phone_info(number)
        numbers.append(
            NumberCount(
                number=number,
                total=len(seen),
                night=sum(1 for contact in seen if contact.night),
                first=seen[0].at,
                last=seen[-1].at,
                kind=info.kind,
                carrier=info.carrier,
            )
        )
    targets = Counter(contact.target for contact in contacts).most_common()
    return LogAnalysis(
        total=len(contacts),
        night_total=sum(per_day_night.values()),
        first_contact=contacts[0].at,
        last_contact=contacts[-1].at,
        days=days,
        numbers=tuple(numbers),
        channels=tuple(Counter(contact.channel for contact in contacts).most_common()),
        targets=tuple(targets),
        third_parties=tuple((target, count) for target, count in targets if target != "self"),
        max_per_day=max_per_day,
        max_day=max_day,
        active_days=len(per_day_total),
        continuous=continuous,
    )


# The stored form of a LogAnalysis (complaints stores it on the case whenever the log changes, so pages and plans
# read it instead of analysing thousands of entries each time). Bump the version when LogAnalysis changes: a
# summary of another version is not read (complaints.selectors.case_file analyses the log afresh instead).
SUMMARY_VERSION = 1


def analysis_to_json(analysis: LogAnalysis) -> dict:
    """The analysis as JSON-ready data (dates and times as ISO 8601 text), with its SUMMARY_VERSION."""
    def moment(value):
        return value.isoformat() if value is not None else None

    return {
        "version": SUMMARY_VERSION,
        "total": analysis.total,
        "night_total": analysis.night_total,
        "first_contact": moment(analysis.first_contact),
        "last_contact": moment(analysis.last_contact),
        "days": [[day.day.isoformat(), day.total, day.night] for day in analysis.days],
        "numbers": [[number.number, number.total, number.night, number.first.isoformat(), number.last.isoformat(),
                     number.kind, number.carrier] for number in analysis.numbers],
        "channels": [list(pair) for pair in analysis.channels],
        "targets": [list(pair) for pair in analysis.targets],
        "max_per_day": analysis.max_per_day,
        "max_day": moment(analysis.max_day),
        "active_days": analysis.active_days,
        "continuous": analysis.continuous,
    }


def analysis_from_json(data: dict) -> LogAnalysis | None:
    """The LogAnalysis analysis_to_json stored; None when `data` is empty or of another SUMMARY_VERSION."""
    if not data or data.get("version") != SUMMARY_VERSION:
        return None

    def moment(value):
        return local(dt.datetime.fromisoformat(value)) if value else None

    targets = tuple((target, count) for target, count in data["targets"])
    return LogAnalysis(
        total=data["total"],
        night_total=data["night_total"],
        first_contact=moment(data["first_contact"]),
        last_contact=moment(data["last_contact"]),
        days=tuple(DayCount(dt.date.fromisoformat(day), total, night) for day, total, night in data["days"]),
        numbers=tuple(NumberCount(number, total, night, moment(first), moment(last), kind, carrier)
                      for number, total, night, first, last, kind, carrier in data["numbers"]),
        channels=tuple((channel, count) for channel, count in data["channels"]),
        targets=targets,
        third_parties=tuple((target, count) for target, count in targets if target != "self"),
        max_per_day=data["max_per_day"],
        max_day=dt.date.fromisoformat(data["max_day"]) if data["max_day"] else None,
        active_days=data["active_days"],
        continuous=data["continuous"],
    )


def analyse_after(items, day: dt.date) -> LogAnalysis:
    """The analysis of the contacts after `day` (from the next day on, Asia/Shanghai): what the log holds since a step
    taken that day, such as a letter mailed. The step's own day is left out, since the log cannot tell whether a
    contact that day came before or after the letter went."""
    return analyse_log(item for item in items if contact_from(item).at.date() > day)


def _most_used_first(by_number: dict[str, list[Contact]]) -> list[tuple[str, list[Contact]]]:
    """Numbers with their contacts (in time order): the most contacts first, then the one seen first."""
    return sorted(by_number.items(), key=lambda pair: (-len(pair[1]), pair[1][0].at))


def collector_numbers(case: dict) -> list[str]:
    """The numbers the collector used, in the one order plans, letters and pages list them.

    First the numbers the log counts, most contacts first (as LogAnalysis.numbers); then the numbers the
    borrower listed in `collector.numbers` that have no log entries, in the order listed. Each number once;
    the borrower's own number (`borrower.phone`, compared after normalisation) never, however it is written.
    """
    by_number: dict[str, list[Contact]] = {}
    for contact in sorted((contact_from(item) for item in case.get("log") or ()), key=lambda contact: contact.at):
        if contact.from_number:
            by_number.setdefault(contact.from_number, []).append(contact)
    listed = (case.get("collector") or {}).get("numbers") or ()
    own = normalize_number((case.get("borrower") or {}).get("phone") or "")
    result, seen = [], {own}
    for number in [number for number, _contacts in _most_used_first(by_number)] + list(listed):
        key = normalize_number(number) or number
        if key not in seen:
            seen.add(key)
            result.append(number)
    return result


def stated_values(current: dict, *, last_stated: dict, last_merged: dict) -> dict:
    """What the borrower stated, out of `current` values that may hold what the log added last time.

    A value still as the last merge left it is taken from before that merge (`last_stated`): the log's part
    of it can go when the log no longer shows it (an entry deleted or corrected). A value changed since is
    the borrower's own. With no earlier merge everything current counts as stated.
    """
    stated = {}
    for key in set(current) | set(last_stated):
        if key in last_merged and current.get(key) == last_merged[key]:
            if key in last_stated:
                stated[key] = last_stated[key]
        elif key in current:
            stated[key] = current[key]
    return stated


def merge_harassment(existing: dict, derived: dict) -> dict:
    """The case file's `harassment` after adding what the log proves; nothing the borrower stated is lost."""
    merged = dict(existing or {})
    if not derived:
        return merged
    for key in ("channels", "targets"):
        known = list(merged.get(key) or [])
        merged[key] = known + [value for value in derived[key] if value not in known]
    merged["night_contact"] = bool(merged.get("night_contact")) or derived["night_contact"]
    merged["max_per_day"] = max(int(merged.get("max_per_day") or 0), derived["max_per_day"])
    stated_first = merged.get("first_seen")
    merged["first_seen"] = min(stated_first, derived["first_seen"]) if stated_first else derived["first_seen"]
    return merged


def with_targets(harassment: dict, shown) -> dict:
    """`harassment` with the targets in `shown` (facts.md values other evidence shows contacted) added after its own,
    each once; unchanged when `shown` adds nothing."""
    targets = list(harassment.get("targets") or [])
    added = [target for target in dict.fromkeys(shown) if target not in targets]
    return {**harassment, "targets": targets + added} if added else harassment


# ---- chart ----------------------------------------------------------------------------------------------------------

CHART_WIDTH = 560
CHART_HEIGHT = 400
_PLOT_LEFT, _PLOT_RIGHT, _PLOT_TOP, _PLOT_BOTTOM = 52, 548, 84, 330
_DAY_FILL = "#1f4e79"
_NIGHT_FILL = "#8a2b1d"
_MAX_LABELS = 6


def _nice_ceiling(value: int) -> tuple[int, int]:
    """An axis top ≥ value and a tick step giving at most five ticks, both round numbers."""
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000):
        if value <= step * 5:
            return max(step, -(-value // step) * step), step
    step = 10 ** len(str(value))
    return -(-value // step) * step, step


def day_label(day: dt.date) -> str:
    return _("%(month)s月%(day)s日") % {"month": day.month, "day": day.day}


def month_label(month: dt.date) -> str:
    return _("%(year)s年%(month)s月") % {"year": month.year, "month": month.month}


def _bar_label(bar) -> str:
    return month_label(bar.month) if isinstance(bar, MonthCount) else day_label(bar.day)


def harassment_chart_svg(analysis: LogAnalysis, *, id_prefix: str = "zr-chart") -> str:
    """Bars of contacts per day, the night part hatched; an SVG document scaled by its viewBox.

    No style attributes or scripts (the CSP forbids them): colours and the hatch are presentation attributes
    and a <pattern>, so the chart looks the same inline in a page and in a WeasyPrint PDF. Pass a distinct
    `id_prefix` when a page shows more than one chart.
    """
    title_id, desc_id, hatch_id = f"{id_prefix}-title", f"{id_prefix}-desc", f"{id_prefix}-night"
    bars = chart_bars(analysis)
    monthly = bars is not analysis.days
    title = _("每月被联系次数") if monthly else _("每日被联系次数")
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="harassment-chart" viewBox="0 0 {CHART_WIDTH} {CHART_HEIGHT}"'
        f' width="100%" preserveAspectRatio="xMidYMid meet" role="img" aria-labelledby="{title_id} {desc_id}"'
        f' font-family="Noto Sans CJK SC, Noto Sans SC, sans-serif">',
        f'<title id="{title_id}">{escape(title)}</title>',
        f'<desc id="{desc_id}">{escape(_chart_description(analysis))}</desc>',
        "<defs>",
        f'<pattern id="{hatch_id}" patternUnits="userSpaceOnUse" width="8" height="8" patternTransform="rotate(45)">',
        f'<rect width="8" height="8" fill="#ffffff"/><rect width="4" height="8" fill="{_NIGHT_FILL}"/>',
        "</pattern>",
        "</defs>",
        f'<rect x="0" y="0" width="{CHART_WIDTH}" height="{CHART_HEIGHT}" fill="#ffffff"/>',
        f'<text x="{_PLOT_LEFT}" y="26" font-size="22" font-weight="bold" fill="#1a1a1a">{escape(title)}</text>',
    ]
    parts += _legend(hatch_id)
    if not bars:
        parts.append(
            f'<text x="{CHART_WIDTH // 2}" y="{CHART_HEIGHT // 2}" font-size="20" text-anchor="middle" fill="#444444">'
            f"{escape(_('还没有联系记录'))}</text>"
        )
        parts.append("</svg>")
        return "".join(parts)

    top, step = _nice_ceiling(max(bar.total for bar in bars))
    plot_height = _PLOT_BOTTOM - _PLOT_TOP
    plot_width = _PLOT_RIGHT - _PLOT_LEFT

    def y_of(count: int) -> float:
        return _PLOT_BOTTOM - plot_height * count / top

    for tick in range(0, top + 1, step):
        y = y_of(tick)
        parts.append(
            f'<line x1="{_PLOT_LEFT}" y1="{y:.1f}" x2="{_PLOT_RIGHT}" y2="{y:.1f}" stroke="#d0d0d0" stroke-width="1"/>'
        )
        parts.append(
            f'<text x="{_PLOT_LEFT - 8}" y="{y + 6:.1f}" font-size="17" text-anchor="end" fill="#333333">{tick}</text>'
        )
    parts.append(
        f'<text x="14" y="{(_PLOT_TOP + _PLOT_BOTTOM) / 2:.0f}" font-size="17" text-anchor="middle" fill="#333333"'
        f' transform="rotate(-90 14 {(_PLOT_TOP + _PLOT_BOTTOM) / 2:.0f})">{escape(_("次数"))}</text>'
    )

    count = len(bars)
    slot = plot_width / count
    bar = min(max(slot * 0.7, 1.0), 56.0)
    label_every = max(1, -(-count // _MAX_LABELS))
    for index, day in enumerate(bars):
        x = _PLOT_LEFT + slot * index + (slot - bar) / 2
        label = _bar_label(day)
        if day.daytime:
            parts.append(
                f'<rect class="bar-day" x="{x:.1f}" y="{y_of(day.total):.1f}" width="{bar:.1f}"'
                f' height="{y_of(day.night) - y_of(day.total):.1f}" fill="{_DAY_FILL}">'
                f"<title>{escape(label)} {escape(_('白天'))} {day.daytime}</title></rect>"
            )
        if day.night:
            parts.append(
                f'<rect class="bar-night" x="{x:.1f}" y="{y_of(day.night):.1f}" width="{bar:.1f}"'
                f' height="{_PLOT_BOTTOM - y_of(day.night):.1f}" fill="url(#{hatch_id})" stroke="{_NIGHT_FILL}"'
                f' stroke-width="1"><title>{escape(label)} {escape(_("夜间"))} {day.night}</title></rect>'
            )
        if count <= 16 and day.total:
            parts.append(
                f'<text x="{x + bar / 2:.1f}" y="{y_of(day.total) - 4:.1f}" font-size="16" text-anchor="middle"'
                f' fill="#1a1a1a">{day.total}</text>'
            )
        if index % label_every == 0:
            parts.append(
                f'<text class="day-label" x="{x + bar / 2:.1f}" y="{_PLOT_BOTTOM + 24}" font-size="17"'
                f' text-anchor="middle" fill="#333333">{escape(label)}</text>'
            )
    parts.append(
        f'<line x1="{_PLOT_LEFT}" y1="{_PLOT_BOTTOM}" x2="{_PLOT_RIGHT}" y2="{_PLOT_BOTTOM}" stroke="#333333" stroke-width="1.5"/>'
    )
    axis_title = _("月份") if monthly else _("日期") if analysis.continuous else _("日期（只显示有联系的日子）")
    parts.append(
        f'<text x="{(_PLOT_LEFT + _PLOT_RIGHT) / 2:.0f}" y="{CHART_HEIGHT - 12}" font-size="17" text-anchor="middle"'
        f' fill="#333333">{escape(axis_title)}</text>'
    )
    parts.append("</svg>")
    return "".join(parts)


def _legend(hatch_id: str) -> list[str]:
    x = _PLOT_LEFT
    return [
        f'<rect x="{x}" y="40" width="18" height="16" fill="{_DAY_FILL}"/>',
        f'<text x="{x + 24}" y="54" font-size="17" fill="#1a1a1a">{escape(_("白天（8:00–21:00）"))}</text>',
        f'<rect x="{x + 200}" y="40" width="18" height="16" fill="url(#{hatch_id})" stroke="{_NIGHT_FILL}" stroke-width="1"/>',
        f'<text x="{x + 224}" y="54" font-size="17" fill="#1a1a1a">{escape(_("夜间（21:00–次日8:00）"))}</text>',
    ]


def _chart_description(analysis: LogAnalysis) -> str:
    if not analysis.total:
        return _("还没有联系记录")
    return _(
        "从%(first)s到%(last)s共被联系%(total)s次，其中夜间%(night)s次；单日最多%(max)s次（%(max_day)s）。"
    ) % {
        "first": day_label(analysis.first_contact.date()),
        "last": day_label(analysis.last_contact.date()),
        "total": analysis.total,
        "night": analysis.night_total,
        "max": analysis.max_per_day,
        "max_day": day_label(analysis.max_day),
    }
