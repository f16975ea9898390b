"""The letter data (guidance/letters) as Markdown for a lawyer to review: each kind's addressee, answer period,
required fields, and every demand, citation and attachment with the fact it depends on. `guidance_export`
writes docs/guidance-letters.md; a test fails when the committed file no longer matches the data."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings

from guidance import law, letter_data
from guidance.export import _describe
from guidance.ladder import read_yaml

LETTERS_DOC = Path(settings.BASE_DIR) / "docs" / "guidance-letters.md"


def _when(item: dict) -> str:
    parts = []
    for key, word in (("when", "适用于"), ("unless", "不适用于")):
        value = item.get(key)
        if value:
            names = [value] if isinstance(value, str) else value
            parts.append(f"{word}：" + "，或 ".join(f"`{name}`" for name in names))
    return f"（{'；'.join(parts)}）" if parts else "（总是）"


def letters_markdown() -> str:
    kinds = letter_data.all_kinds()  # refuse to export data that fails its checks
    conditions = read_yaml(letter_data.path_for(letter_data.CONDITIONS))
    out = [
        "# 文书文本（供律师审阅）",
        "",
        "由 `python manage.py guidance_export` 从 `guidance/letters/` 生成，请勿手工修改。"
        "法条原文在生成文书时从 `../shared/law` 读取；答复期限来自维权步骤阶梯（`ladder: true`），"
        "或者是本人自定的合理期限（`days`，文书中注明并非法律规定）。",
        "",
        f"## 条件（`guidance/letters/{letter_data.path_for(letter_data.CONDITIONS).relative_to(letter_data.LETTERS_DIR)}`）",
        "",
    ]
    out += [f"- `{name}`：{_describe(condition)}" for name, condition in conditions.items()]
    wording = letter_data.wording()
    out += ["", f"## 事实部分的句子（`guidance/letters/{letter_data.path_for(letter_data.WORDING).relative_to(letter_data.LETTERS_DIR)}`）",
            "", "每句只在案件含有它所述的事实时使用；花括号中的填空由程序从案件中计算。", ""]
    out += [f"- `{name}`：{text}" for name, text in wording.sentences.items()]
    out += ["", "标签：", ""]
    out += [f"- {kind}：" + "；".join(f"`{key}` {text}" for key, text in labels.items()) for kind, labels in wording.labels.items()]
    out += ["", "文书页面的固定文字：", ""]
    out += [f"- `{name}`：{text}" for name, text in wording.document.items()]
    for kind in letter_data.KIND_ORDER:
        spec = kinds[kind]
        out += ["", f"## {spec.kind}：{spec.title}", "",
                f"- 文件：`guidance/letters/{spec.source}`；审阅：{spec.reviewed_by}（{spec.review_date}）",
                f"- 服务的行动：`{spec.action}`；收件方：`{spec.addressee}`；邮寄：{spec.postal}"
                + (f"；抄送：`{spec.copy_to}`" if spec.copy_to else ""),
                f"- 必填：{'、'.join(f'`{path}`' for path in spec.required)}"]
        for name, paths in spec.required_when.items():
            out.append(f"- 当 `{name}` 时还须：{'、'.join(f'`{path}`' for path in paths)}")
        for item in spec.reply:
            period = "阶梯中该行动收件方的答复期限（自收件方收到之日起算）" if item.get("ladder") else f"本人自定的{item['days']}日"
            out.append(f"- 答复期限{_when(item)}：{period}")
        if spec.inputs:
            out += ["", "填写项：", ""]
            out += [f"- `{item.name}`：{item.label}" + ("（必填）" if item.required else "") for item in spec.inputs]
        out += ["", f"开头：{spec.intro}", "", "请求："]
        out += [f"{number}. {item['text']} {_when(item)}" for number, item in enumerate(spec.demands, start=1)]
        out += ["", "法律依据："]
        for item in spec.citations:
            flag = "（二手来源）" if law.is_secondary(item["law"]) else ""
            out.append(f"- 《{law.law_title(item['law'])}》{item['article']}{flag} {_when(item)}")
        out += ["", "附件："]
        out += [f"- {item['text']} {_when(item)}" for item in spec.attachments] or ["- （无）"]
        if spec.closing:
            out += ["", f"结尾：{spec.closing}"]
    return "\n".join(out) + "\n"
