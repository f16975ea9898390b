import json

from django.core.management.base import BaseCommand

from guidance.management.usage_error import fail
from guidance.phones import UNKNOWN, phone_info


class Command(BaseCommand):
    help = "分析一个电话号码：类型、运营商、归属地、向谁投诉。Analyse one phone number as a person would type it."

    def add_arguments(self, parser):
        parser.add_argument("number", help="号码，如 138 0013 8000、+86 170-1234-5678、10690000123456、95588")
        parser.add_argument("--json", dest="as_json", action="store_true", help="以 JSON 输出 (machine-readable)")

    def handle(self, *args, number, as_json=False, **options):
        info = phone_info(number)
        if not info.is_valid:
            fail(self, f"“{number}”不是有效的电话号码：请检查位数和开头（手机号11位，固定电话带区号，如 010-12345678）。")
        if as_json:
            self.stdout.write(json.dumps(info.to_dict(), ensure_ascii=False, indent=2))
            return
        lines = [
            f"号码：{info.input}",
            f"规范写法：{info.normalized}",
            f"类型：{info.kind_label}（{info.kind}）",
            f"运营商：{'无法判断' if info.carrier == UNKNOWN else info.carrier}",
            f"归属地：{info.region or '无法判断'}",
        ]
        if info.complain_to:
            lines.append(f"向谁投诉：{info.complain_to.name}，电话 {info.complain_to.hotline}")
        lines.extend(f"注意：{caveat}" for caveat in info.caveats)
        self.stdout.write("\n".join(lines))
