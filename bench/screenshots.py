"""Screenshots of harassing SMS and chat conversations, drawn with Pillow and the Noto CJK fonts, with what they show.

The OCR tests and bench/ocr.py read these instead of real borrowers' screenshots (which the project never keeps):
six phone styles (iOS-like and Android-like SMS, a chat app; each light and dark) with a status bar, a header
with the sender's number, time stamps as phones print them, received and sent bubbles and an input bar, then
scaled and JPEG-compressed as a screenshot that was shared is. Each comes with its truth: the sender's number as
the log stores it, and each received message's text and moment.
"""

from __future__ import annotations

import datetime as dt
import io
import random
from dataclasses import dataclass
from functools import cache

from PIL import Image, ImageDraw, ImageFont

FONT = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
FONT_SC = 2  # the Simplified Chinese face of the collection
SHANGHAI = dt.timezone(dt.timedelta(hours=8))
STYLES = ("ios_light", "ios_dark", "android_light", "android_dark", "chat_light", "chat_dark")
WIDTH = 1080  # drawn at this width, then scaled to the phone's own

TEXTS = (
    "你好，你在某某借的借款已逾期15天，请今天18点前处理。",
    "再不还钱，我们就爆通讯录，让你全家都知道你是老赖！",
    "你的案件已提交立案，明天上门抓人，后果自负。",
    "我是法院工作人员，请配合执行，否则冻结你的银行卡。",
    "你儿子欠我司5000元至今未还，请督促他还款。",
    "小心你的家人，出门注意安全。",
    "今天不还款，我们会通知你单位领导和同事。",
    "最后一次提醒，逾期费用每天都在增加，请尽快还款。",
    "不要以为换了号码就找不到你，我们知道你住哪里。",
    "已安排专人上门核实你的情况，请保持电话畅通。",
    "你这种人就是垃圾东西，借钱不还不要脸。",
    "请于今晚21:00前还清欠款8826元，否则移交律师处理。",
)
CODE_TEXTS = (
    "【{app}】您的验证码是{code}，5分钟内有效，请勿泄露给他人。",
    "【{app}】验证码{code}，您正在注册成为新用户，感谢您的支持！",
    "【{app}】您的动态码为{code}，如非本人操作请忽略。",
)
APPS = ("优品商城", "快借钱包", "乐享生活", "星辰阅读", "美食外卖", "云端网盘")
REPLIES = ("我已经在协商还款了", "请不要再骚扰我的家人", "好的", "我会按时还的")
_CN_WEEKDAYS = "一二三四五六日"
_MOBILE_PREFIXES = ("134", "135", "138", "139", "150", "152", "158", "170", "176", "181", "185", "189", "199")


@dataclass(frozen=True)
class Expected:
    text: str
    at: dt.datetime


@dataclass(frozen=True)
class Shot:
    """One rendered screenshot and what it shows."""

    style: str
    data: bytes
    filename: str
    width: int
    height: int
    sender: str  # as the log stores it: E.164 or a port's digits
    messages: tuple[Expected, ...]


@cache
def font(size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(FONT, size, index=FONT_SC)


def _sender(rng: random.Random) -> tuple[str, str]:
    """(the number as the header prints it, as the log stores it)."""
    if rng.random() < 0.4:
        port = "1069" + "".join(rng.choice("0123456789") for _ in range(rng.choice((7, 8, 9))))
        shown = port if rng.random() < 0.5 else " ".join((port[:4], port[4:8], port[8:]))
        return shown, port
    number = rng.choice(_MOBILE_PREFIXES) + "".join(rng.choice("0123456789") for _ in range(8))
    shown = rng.choice((
        f"+86 {number[:3]} {number[3:7]} {number[7:]}",
        f"{number[:3]} {number[3:7]} {number[7:]}",
        number,
        f"+86{number}",
    ))
    return shown, "+86" + number


def _stamp(rng: random.Random, moment: dt.datetime, reference: dt.date, *, clock12: bool) -> str:
    """A moment as a phone prints it above a bubble, relative to the screenshot's day."""
    back = (reference - moment.date()).days
    if clock12:
        period = "凌晨" if moment.hour < 6 else "上午" if moment.hour < 12 else "下午" if moment.hour < 18 else "晚上"
        hour = moment.hour % 12 or 12
        time = f"{period}{hour}:{moment.minute:02d}"
    else:
        time = f"{moment:%H:%M}"
    if back == 0:
        return rng.choice((time, f"今天 {time}"))
    if back == 1:
        return f"昨天 {time}"
    if back < 7 and rng.random() < 0.7:
        return f"{rng.choice(('星期', '周'))}{_CN_WEEKDAYS[moment.weekday()]} {time}"
    if rng.random() < 0.5:
        return f"{moment.month}月{moment.day}日 {time}"
    return f"{moment:%Y/%m/%d} {time}"


def _day_only(moment: dt.datetime, reference: dt.date) -> str:
    back = (reference - moment.date()).days
    if back == 0:
        return "今天"
    if back == 1:
        return "昨天"
    if back < 7:
        return f"星期{_CN_WEEKDAYS[moment.weekday()]}"
    return f"{moment.month}月{moment.day}日"


# Punctuation phones never start a line with: it hangs at the end of the line before.
_NO_LINE_START = "，。！？、；：）」』!?,.:;)"


def _wrap(text: str, face: ImageFont.FreeTypeFont, width: int) -> list[str]:
    lines, current = [], ""
    for character in text:
        if current and character not in _NO_LINE_START and face.getlength(current + character) > width:
            lines.append(current)
            current = character
        else:
            current += character
    return [*lines, current] if current else lines


@dataclass(frozen=True)
class _Palette:
    background: str
    text: str
    faint: str
    received: str
    sent: str
    sent_text: str
    bar: str


_PALETTES = {
    "ios_light": _Palette("#ffffff", "#000000", "#8e8e93", "#e9e9eb", "#34c759", "#ffffff", "#f6f6f6"),
    "ios_dark": _Palette("#000000", "#ffffff", "#8e8e93", "#26252a", "#30d158", "#ffffff", "#1c1c1e"),
    "android_light": _Palette("#fefbff", "#1b1b1f", "#6f6f78", "#e7e0ec", "#d3e3fd", "#041e49", "#f3edf7"),
    "android_dark": _Palette("#1b1b1f", "#e4e1e6", "#a09fa8", "#303034", "#0b57d0", "#ffffff", "#25232a"),
    "chat_light": _Palette("#ededed", "#111111", "#a3a3a3", "#ffffff", "#95ec69", "#111111", "#f7f7f7"),
    "chat_dark": _Palette("#111111", "#d5d5d5", "#6a6a6a", "#2c2c2c", "#3eb575", "#111111", "#1e1e1e"),
}


def _conversation(rng: random.Random, reference: dt.date, sender: str) -> list[tuple[dt.datetime, str, bool]]:
    """(moment, text, sent by the borrower) for 2 to 4 messages, oldest first, all before the screenshot was taken."""
    start = dt.datetime.combine(reference, dt.time(23, 30), tzinfo=SHANGHAI) - dt.timedelta(
        days=rng.choice((0, 1, 1, 2, 3, 4, 5, 9, 30)), hours=rng.randint(0, 16), minutes=rng.randint(0, 59))
    messages, moment = [], start
    texts = rng.sample(TEXTS, 4)
    for text in texts[: rng.randint(2, 4)]:
        if sender.startswith("106") and rng.random() < 0.7:
            text = rng.choice(CODE_TEXTS).format(app=rng.choice(APPS), code=rng.randint(100000, 999999))
        sent = not sender.startswith("106") and messages and rng.random() < 0.2
        messages.append((moment, rng.choice(REPLIES) if sent else text, bool(sent)))
        moment += dt.timedelta(minutes=rng.choice((1, 2, 5, 40, 90, 200)))
    return [message for message in messages if message[0].date() <= reference]


def render(rng: random.Random, style: str, reference: dt.date) -> Shot:
    """One screenshot of `style` taken on `reference` (the file name carries that day, as phones name them)."""
    palette = _PALETTES[style]
    shown, stored = _sender(rng)
    height = int(WIDTH * rng.choice((16 / 9, 19.5 / 9, 20 / 9)))
    image = Image.new("RGB", (WIDTH, height), palette.background)
    draw = ImageDraw.Draw(image)
    ios, android = style.startswith("ios"), style.startswith("android")
    body = font(44 if not android else 42)
    small = font(32)
    # Status bar: the clock, the signal bars and the battery.
    draw.rectangle((0, 0, WIDTH, 110), fill=palette.bar if not ios else palette.background)
    draw.text((60, 30), f"{rng.randint(0, 23)}:{rng.randint(0, 59):02d}", font=font(40), fill=palette.text)
    for bar in range(4):
        draw.rectangle((800 + bar * 18, 70 - bar * 10, 812 + bar * 18, 80), fill=palette.text)
    draw.rounded_rectangle((900, 45, 990, 80), 8, outline=palette.text, width=3)
    draw.rectangle((906, 51, 906 + rng.randint(20, 78), 74), fill=palette.text)
    # Header with the contact's number.
    header = font(48 if ios else 46)
    draw.rectangle((0, 110, WIDTH, 290), fill=palette.bar)
    draw.text((40, 160), "<", font=header, fill=palette.text if not ios else "#0a84ff")
    if ios:
        draw.ellipse((WIDTH / 2 - 50, 120, WIDTH / 2 + 50, 210), fill="#a0a0a8")
        draw.text((WIDTH / 2, 245), shown, font=font(36), fill=palette.text, anchor="mm")
    elif android:
        draw.text((130, 200), shown, font=header, fill=palette.text, anchor="lm")
    else:
        draw.text((WIDTH / 2, 200), shown, font=header, fill=palette.text, anchor="mm")
    # The conversation.
    messages = _conversation(rng, reference, stored)
    # What the screenshot shows of a message's moment: its own stamp under the bubble (Android-like), else the
    # stamp above its group (phones print one for messages close together).
    y, expected, last_moment, shown_moment = 340, [], None, None
    clock12 = rng.random() < 0.5
    for moment, text, sent in messages:
        gap = last_moment is None or (moment - last_moment) > dt.timedelta(minutes=30) or moment.date() != last_moment.date()
        if gap and not android:
            draw.text((WIDTH / 2, y + 20), _stamp(rng, moment, reference, clock12=clock12), font=small, fill=palette.faint, anchor="mm")
            shown_moment = moment
            y += 80
        elif gap and (last_moment is None or moment.date() != last_moment.date()):
            draw.text((WIDTH / 2, y + 20), _day_only(moment, reference), font=small, fill=palette.faint, anchor="mm")
            y += 80
        last_moment = moment
        lines = _wrap(text, body, int(WIDTH * 0.62))
        line_height = int(body.size * 1.45)
        bubble_width = max(int(body.getlength(line)) for line in lines) + 60
        bubble_height = line_height * len(lines) + 40
        avatar = 0 if not style.startswith("chat") else 110
        if y + bubble_height + 160 > height - 150:
            break  # the rest of the conversation is scrolled out of sight
        if sent:
            left = WIDTH - 40 - avatar - bubble_width
            colour, text_colour = palette.sent, palette.sent_text
        else:
            left = 40 + avatar
            colour, text_colour = palette.received, palette.text
        if avatar:
            avatar_left = 30 if not sent else WIDTH - 120
            draw.rounded_rectangle((avatar_left, y, avatar_left + 90, y + 90), 10, fill="#7d8ca3" if not sent else "#c9a27d")
        draw.rounded_rectangle((left, y, left + bubble_width, y + bubble_height), 36 if not style.startswith("chat") else 10, fill=colour)
        for index, line in enumerate(lines):
            draw.text((left + 30, y + 20 + index * line_height), line, font=body, fill=text_colour)
        y += bubble_height
        if android:
            draw.text((left + 10 if not sent else left + bubble_width - 110, y + 10), f"{moment:%H:%M}", font=font(30), fill=palette.faint)
            y += 60
        y += 36
        if not sent:
            expected.append(Expected(text, (moment if android else shown_moment).replace(second=0, microsecond=0)))
    # Input bar.
    draw.rectangle((0, height - 150, WIDTH, height), fill=palette.bar)
    draw.rounded_rectangle((120, height - 125, WIDTH - 140, height - 45), 40, outline=palette.faint, width=3)
    draw.text((160, height - 85), "短信" if not style.startswith("chat") else "", font=small, fill=palette.faint, anchor="lm")
    # Shared as phones share them: scaled to the phone's width, JPEG-compressed.
    scale = rng.choice((720, 828, 1080, 1170)) / WIDTH
    size = (round(WIDTH * scale), round(height * scale))
    image = image.resize(size, Image.Resampling.LANCZOS)
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=rng.randint(60, 90))
    filename = f"Screenshot_{reference:%Y%m%d}-{rng.randint(0, 235959):06d}.jpg"
    return Shot(style, out.getvalue(), filename, size[0], size[1], stored, tuple(expected))


def render_set(count: int, *, seed: int = 17, reference: dt.date = dt.date(2026, 12, 6)) -> list[Shot]:
    """`count` screenshots cycling through the styles, the same for the same seed."""
    rng = random.Random(seed)
    return [render(rng, STYLES[index % len(STYLES)], reference) for index in range(count)]
