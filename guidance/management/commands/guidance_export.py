from django.core.management.base import BaseCommand

from guidance import export, keywords, letter_export


class Command(BaseCommand):
    help = "把维权步骤阶梯、问答树和文书文本写成 Markdown，供律师审阅：docs/guidance-ladder.md、docs/guidance-tree.md、docs/guidance-letters.md，以及截图识别关键词：docs/guidance-keywords.md"

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true", help="只检查已提交的文件是否过时（过时则退出码 1）")

    def handle(self, *args, check=False, **options):
        documents = [(export.LADDER_DOC, export.ladder_markdown()), (letter_export.LETTERS_DOC, letter_export.letters_markdown()),
                     (keywords.KEYWORDS_DOC, keywords.keywords_markdown())]
        tree_text = export.tree_markdown()
        if tree_text is not None:
            documents.append((export.TREE_DOC, tree_text))
        stale = []
        for path, text in documents:
            current = path.read_text(encoding="utf-8") if path.exists() else None
            if current == text:
                continue
            if check:
                stale.append(path.name)
                continue
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            self.stdout.write(f"已写入 {path}")
        if stale:
            self.stderr.write(f"已过时，请运行 python manage.py guidance_export：{'、'.join(stale)}")
            raise SystemExit(1)
