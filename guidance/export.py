"""The ladder (and the question tree, once it exists) as Markdown, for a lawyer to review: every condition,
prerequisite, waiting period and the exact text of every article cited. `guidance_export` writes it under
docs/; a test fails when the committed file no longer matches the data."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings

from guidance import ladder as ladders
from guidance import law

LADDER_DOC = Path(settings.BASE_DIR) / "docs" / "guidance-ladder.md"
TREE_DOC = Path(settings.BASE_DIR) / "docs" / "guidance-tree.md"


def _describe(condition: dict | None) -> str:
    """A condition of the YAML in words (the compiled form cannot be read back)."""
    if condition is None:
        return "总是适用"
    if "any" in condition:
        return "以下任一：" + "；".join(_describe(part) for part in condition["any"])
    if "all" in condition:
        return "以下全部：" + "；".join(_describe(part) for part in condition["all"])
    if "not" in condition:
        return f"并非（{_describe(condition['not'])}）"
    field = f"`{condition['field']}`"
    if "is" in condition:
        return f"{field} 为 {str(condition['is']).lower()}"
    if "not_empty" in condition:
        return f"{field} 不为空"
    if "in" in condition:
        return f"{field} 是 {'、'.join(condition['in'])} 之一"
    return f"{field} 包含 {'、'.join(condition['has_any'])} 中的任一项"


def _citation_lines(citations: list[dict]) -> list[str]:
    lines = []
    for citation in citations:
        stem, label = citation["law"], citation["article"]
        flags = []
        if law.is_secondary(stem) or not law.has_article(stem, label):
            flags.append("二手来源，未经官方文本核对")
        if law.is_superseded(stem):
            flags.append("已被新版本取代")
        flag = f"（{'；'.join(flags)}）" if flags else ""
        lines.append(f"- 《{law.law_title(stem)}》{label}{flag}（`{stem}`）：引用 “{citation['quote']}”")
    return lines


def _legal_lines(item: dict) -> list[str]:
    """An item's note for legal workers, which the borrower sees only in a fold."""
    legal = item.get("for_legal_workers")
    return [f"**给法律工作者**：{legal['zh']}", ""] if legal else []


def ladder_markdown(ladder_id: str = ladders.CURRENT[0], version: str = ladders.CURRENT[1]) -> str:
    ladders.load(ladder_id, version)  # refuse to export a ladder that fails its checks
    raw = ladders.read_yaml(ladders.path_for(ladder_id, version))
    meta = raw["ladder"]
    out = [
        f"# 维权步骤阶梯 {meta['id']} {meta['version']}：{meta['title']['zh']}",
        "",
        "由 `python manage.py guidance_export` 从 "
        f"`guidance/ladders/{meta['id']}/{meta['version']}.yaml` 生成，请勿手工修改。",
        "",
        f"- 适用地区：{meta['jurisdiction']}",
        f"- 编写：{'、'.join(meta['authors'])}",
        f"- 审阅：{'、'.join(meta['reviewed_by'])}（{meta['review_date']}）",
        f"- 生效：{meta['effective_from']}",
        "",
        "状态的含义：do_now 现在就做；waiting 等待前一步的答复期限；later 需要先完成前一步；done 已做；not_applicable 不适用。"
        "等待期只来自法律文件中的条文；没有条文的，只作为实践顺序（practice），不设法定期限。",
        "",
    ]
    for number, action in enumerate(raw["actions"], 1):
        out += [f"## {number}. {action['title']['zh']}（`{action['id']}`）", ""]
        out.append(f"- 适用条件：{_describe(action.get('applies_when'))}")
        if action.get("urgent"):
            out.append("- 紧急：适用时总是列入 `urgent`，排在一切之前")
        out.append(f"- 文书：{action['letter'] or '无'}；收件方规则：`{action['addressee']}`")
        out.append(f"- 问题已解决后是否停止：{'是' if action['stops_when_resolved'] else '否'}")
        out += ["", f"**理由**：{action['why']['zh']}", "", f"*Why*: {action['why']['en']}", "", *_legal_lines(action)]
        if action.get("not_applicable_why"):
            out += [f"**不适用时**：{action['not_applicable_why']['zh']}", ""]
        for need in action.get("needs", []):
            basis = "法律要求" if need["basis"] == "law" else "实践顺序（没有法律要求）"
            when = f"，当 {_describe(need['when'])}" if "when" in need else ""
            out += [f"### 先做：`{need['action']}`（{basis}{when}）", "", need["why"]["zh"], "", *_legal_lines(need)]
            out += _citation_lines(need["citations"])
            wait = need.get("wait")
            if wait:
                out += ["", f"**等待期**：{wait['days']} 日（{'自然日' if wait['counting'] == 'calendar' else wait['counting']}），"
                        f"适用于结果为 {'、'.join(wait['after_results'])} 或尚无结果；到期日 = 前一步日期 + {wait['days']} 日，当天仍在期限内。",
                        "", wait["why"]["zh"], "", *_legal_lines(wait)]
                out += _citation_lines(wait["citations"])
            out.append("")
        for note in action.get("notes", []):
            out += [f"**补充（当 {_describe(note['when'])}）**：{note['zh']}", "", *_legal_lines(note)]
            out += _citation_lines(note["citations"])
            out.append("")
        out += ["**依据**：", "", *_citation_lines(action["citations"]), ""]
    out += ["## 引用条文全文", ""]
    seen = []
    for action in ladders.load(ladder_id, version).actions:
        every = list(action.citations)
        for need in action.needs:
            every += list(need.citations) + (list(need.wait.citations) if need.wait else [])
        for note in action.notes:
            every += list(note.citations)
        for citation in every:
            key = (citation.law, citation.article)
            if key not in seen:
                seen.append(key)
    for stem, label in sorted(seen):
        text, complete = law.article_excerpt(stem, label)
        mark = "" if complete and not law.is_secondary(stem) else "（二手或不完整文本）"
        out += [f"### 《{law.law_title(stem)}》{label}{mark}", "", *[f"> {line}" for line in text.split("\n")], ""]
    return "\n".join(out).rstrip() + "\n"


def _value(value) -> str:
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, list):
        return "[" + ", ".join(str(item) for item in value) + "]"
    return str(value)


def tree_markdown() -> str | None:
    """The question tree (guidance.tree, newest version) for review: every node, choice, field set and route."""
    try:
        from guidance import tree as trees
    except ImportError:
        return None
    tree = trees.load()
    meta = tree.meta
    routes = trees.paths(tree)
    out = [
        f"# 问答树 {tree.id} {tree.version}：{meta['title']['zh']}",
        "",
        f"由 `python manage.py guidance_export` 从 `guidance/trees/{tree.id}/{tree.version}.yaml` 生成，请勿手工修改。",
        "",
        f"- 适用地区：{meta['jurisdiction']}",
        f"- 编写：{'、'.join(meta['authors'])}",
        f"- 审阅：{'、'.join(meta['reviewed_by'])}（{meta['review_date']}）",
        f"- 生效：{meta['effective_from']}",
        f"- 第一个问题：`{tree.start}`；从第一个问题到行动计划共有 {len(routes)} 条不同的路径（见文末）。",
        "",
    ]
    for node in tree.nodes.values():
        out += [f"## `{node.id}`（{node.kind}）：{node.text.zh}", "", f"*{node.text.en}*", "",
                f"**为什么问**：{node.why.zh}", "", f"*Why we ask*: {node.why.en}", ""]
        for citation in node.citations:
            flag = "（二手来源）" if law.is_secondary(citation["law"]) else ""
            out.append(f"- 依据：《{law.law_title(citation['law'])}》{citation['article']}{flag}")
        if node.citations:
            out.append("")
        if node.screen:
            title = tree.screen_title(node.screen)
            together = "、".join(f"`{other.id}`" for other in trees.screen_nodes(tree, node.id))
            out += [f"- 同一屏（“{title.zh}”）提问：{together}", ""]
        if node.call:
            out += [f"- 页面提供拨打 {node.call} 的按钮", ""]
        if node.choices:
            out += ["| 选项 | 中文 | English | 写入案件文件 | 下一步 |", "|---|---|---|---|---|"]
            for choice in node.choices:
                sets = "；".join(f"`{field}` = {_value(value)}" for field, value in choice.sets.items()) or "—"
                target = choice.next or node.next
                out.append(f"| `{choice.value}` | {choice.label.zh} | {choice.label.en} | {sets} | `{target}` |")
            out.append("")
        for item in node.inputs:
            required = "必填" if item.required else "选填"
            out.append(f"- 输入 `{item.id}` → `{item.field}`（{item.type}，{required}）：{item.label.zh}")
        if node.inputs:
            out.append("")
        if node.kind != "single" and node.next:
            out += [f"下一步：`{node.next}`", ""]
    out += ["## 所有路径", ""]
    out += [f"{number}. {route.id}" for number, route in enumerate(routes, 1)]
    return "\n".join(out).rstrip() + "\n"
