"""The one clock: what day it is where the borrower lives (Asia/Shanghai), and dates as Chinese text writes them.

Pure (no Django): the plan engine, the letters, the staff deadlines and the forms all ask this module, so
"today" cannot differ between the plan a borrower reads and the letter she prints.
"""

import datetime as dt
from zoneinfo import ZoneInfo

SHANGHAI = ZoneInfo("Asia/Shanghai")


def now() -> dt.datetime:
    return dt.datetime.now(SHANGHAI)


def today() -> dt.date:
    return now().date()


def local(moment: dt.datetime) -> dt.datetime:
    """The moment in Shanghai time; a moment without a zone is taken as Shanghai time (people write local time)."""
    return (moment if moment.tzinfo else moment.replace(tzinfo=SHANGHAI)).astimezone(SHANGHAI)


def chinese_date(day: dt.date) -> str:
    """2026-03-04 -> 2026年3月4日."""
    return f"{day.year}年{day.month}月{day.day}日"


def chinese_datetime(moment: dt.datetime) -> str:
    """As a letter states when something happened: 2026年3月14日22时41分."""
    moment = local(moment)
    return f"{chinese_date(moment.date())}{moment.hour}时{moment.minute:02d}分"


def chinese_timestamp(moment: dt.datetime) -> str:
    """As a record of receipt states it, to the second: 2026年3月14日 22:41:08."""
    moment = local(moment)
    return f"{chinese_date(moment.date())} {moment:%H:%M:%S}"
