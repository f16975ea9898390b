import datetime as dt
import json
from pathlib import Path

from django.core.management.base import BaseCommand

from guidance import clock, engine, law
from guidance.management.usage_error import fail
from guidance.schema import CaseFileError, parse_case_file

STATUS_HEADINGS = (
    ("do_now", "现在就做"),
    ("waiting", "等待答复"),
    ("later", "以后再做"),
    ("done", "已经做了"),
    ("not_applicable", "不适用"),
)


def summary(plan: dict) -> str:
    """The plan as a short Chinese text a borrower can read."""
    today = dt.date.fromisoformat(plan["today"])
    titles = {entry["action"]: entry["title"] for entry in plan["actions"]}
    lines = [f"行动计划（{clock.chinese_date(today)}，依据 {plan['tree']['id']} {plan['tree']['version']} 版）", ""]
    for action_id in plan["urgent"]:
        entry = next(item for item in plan["actions"] if item["action"] == action_id)
        lines += [f"【紧急】{entry['title']}：{entry['why']}", ""]
    if plan["next"]:
        lines += [f"下一步：{titles[plan['next']]}", ""]
    for status, heading in STATUS_HEADINGS:
        entries = [entry for entry in plan["actions"] if entry["status"] == status and entry["action"] not in plan["urgent"]]
        if not entries:
            continue
        lines.append(f"{heading}：")
        for entry in entries:
            head = f"  • {entry['title']}"
            if status == "waiting":
                until = dt.date.fromisoformat(entry["until"])
                head += f"（等到{clock.chinese_date(until)}，还剩{(until - today).days}天）"
            if status == "later":
                head += f"（需要先：{'、'.join(titles[need] for need in entry['needs'])}）"
            lines.append(head)
            if status not in ("done", "not_applicable"):
                addressee = entry["addressee"]
                if addressee:
                    hotline = f"（{addressee['hotline']}）" if addressee.get("hotline") else ""
                    lines.append(f"    找谁：{addressee['name']}{hotline}")
                lines.append(f"    为什么：{entry['why']}")
                cited = "、".join(f"《{law.law_title(c['law'])}》{c['article']}{'（二手文本）' if c.get('secondary') else ''}" for c in entry["citations"])
                lines.append(f"    依据：{cited}")
            else:
                lines.append(f"    {entry['why']}")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


class Command(BaseCommand):
    help = "根据案件文件（zhirao-case/1）计算行动计划：默认输出中文摘要，--json 输出 zhirao-plan/1"

    def add_arguments(self, parser):
        parser.add_argument("--case", required=True, help="案件文件（JSON）的路径")
        parser.add_argument("--today", help="按哪一天计算（YYYY-MM-DD），默认用案件文件的 today 或今天（北京时间）")
        parser.add_argument("--json", action="store_true", help="输出 facts.md 的 zhirao-plan/1 JSON")

    def handle(self, *args, case, today=None, json=False, **options):
        if today is not None:
            try:
                today = dt.date.fromisoformat(today)
            except ValueError:
                fail(self, f"--today: 日期应为存在的 YYYY-MM-DD，实际是 \"{today}\"")
        try:
            raw = Path(case).read_bytes()
        except OSError as error:
            fail(self, f"{case}: 无法读取文件（{error.strerror}）")
        try:
            parsed = parse_case_file(raw, today=today)
        except CaseFileError as error:
            fail(self, f"{case}: {error.line()}")
        plan = engine.plan(parsed)
        if json:
            self.stdout.write(_dumps(plan))
        else:
            self.stdout.write(summary(plan), ending="")


def _dumps(plan: dict) -> str:
    return json.dumps(plan, ensure_ascii=False, indent=2)
