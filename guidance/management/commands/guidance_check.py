from django.core.management.base import BaseCommand, CommandError

from guidance import consent, keywords, ladder, law, letter_data


def tree_problems() -> list[str] | None:
    """The question tree's problems; None while guidance.tree does not exist."""
    try:
        from guidance import tree
    except ImportError:
        return None
    return tree.check_all()


class Command(BaseCommand):
    help = "检查维权步骤阶梯和问答树：结构、引用的法条是否存在、引文是否与法律文本一字不差"

    def handle(self, *args, **options):
        problems = [f"阶梯 {problem}" for problem in ladder.check_all()]
        from_tree = tree_problems()
        problems += [f"问答树: {problem}" for problem in from_tree or ()]
        problems += [f"文书 {problem}" for problem in letter_data.check_all()]
        problems += [f"同意书 {problem}" for problem in consent.check_all()]
        problems += [f"截图关键词 {problem}" for problem in keywords.check_all()]
        if problems:
            for problem in problems:
                self.stderr.write(problem)
            raise CommandError(f"发现 {len(problems)} 个问题")
        loaded = ladder.load()
        secondary = sorted({
            f"《{law.law_title(citation.law)}》{citation.article}"
            for action in loaded.actions
            for citation in (*action.citations, *(c for need in action.needs for c in need.citations))
            if law.is_secondary(citation.law) or not law.has_article(citation.law, citation.article)
        })
        if secondary:
            self.stdout.write("提示：以下引用来自二手来源，展示时须注明：" + "、".join(secondary))
        checked = f"阶梯 {loaded.id}/{loaded.version}（{len(loaded.actions)} 个行动）"
        if from_tree is not None:
            checked += "、问答树"
        words = keywords.load()
        checked += f"、{len(letter_data.KIND_ORDER)} 种文书和截图关键词 {words.id}/{words.version}"
        self.stdout.write(f"通过：{checked}")
