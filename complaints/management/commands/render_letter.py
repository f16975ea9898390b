"""Render a letter (or every applicable letter plus envelopes) from a case file, the way the web app does."""

import datetime as dt
import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from complaints.letters.compose import LetterIncomplete, compose, letter_targets, render_html
from complaints.letters.output import envelope_missing, envelope_parties, envelope_pdf, letter_pdf
from complaints.letters.registry import KIND_ORDER
from complaints.letters.selection import applicable_targets
from guidance.schema import CaseFileError, parse_case_file


def _file_stem(kind: str, target: str) -> str:
    return f"{kind}-{target}" if target else kind


class Command(BaseCommand):
    help = "Render one letter kind (or --kind all: every applicable letter and its envelope) from a zhirao-case/1 file."

    def add_arguments(self, parser):
        parser.add_argument("--case", required=True, help="case file (zhirao-case/1 JSON)")
        parser.add_argument("--kind", required=True, help=f"one of {', '.join(KIND_ORDER)}, or all")
        parser.add_argument("--out", required=True, help="output PDF (one kind) or directory (all)")
        parser.add_argument("--today", help="letter date YYYY-MM-DD (default: the case file's today, else today in China)")
        parser.add_argument("--target", default="", help="for carrier_complaint/miit_appeal: the carrier (e.g. 中国移动)")
        parser.add_argument("--pdfa", action="store_true", help="write PDF/A-3b")

    def handle(self, *args, **options):
        try:
            self._handle(options)
        except CommandError as error:
            # One clear line and exit status 2, whatever went wrong with the input.
            self.stderr.write(f"render_letter: {error}")
            raise SystemExit(2) from None

    def _handle(self, options):
        kind = options["kind"]
        if kind != "all" and kind not in KIND_ORDER:
            raise CommandError(f"unknown kind {kind!r}; choose one of {', '.join(KIND_ORDER)} or all")
        today = self._today(options["today"])
        try:
            case = parse_case_file(Path(options["case"]).read_bytes(), today=today)
        except OSError as error:
            raise CommandError(f"cannot read case file {options['case']}: {error.strerror}") from None
        except CaseFileError as error:
            raise CommandError(f"case file {options['case']}: {error.line()}") from None
        today = dt.date.fromisoformat(case["today"])
        if kind == "all":
            self._render_all(case, today, Path(options["out"]), options["pdfa"])
            return
        targets = [target for each_kind, target in letter_targets(case) if each_kind == kind]
        target = options["target"]
        if not target and kind in ("carrier_complaint", "miit_appeal") and len(targets) > 1:
            known = [each for each in targets if each]
            target = known[0] if known else ""
        draft = compose(case, kind, today=today, target=target)
        if draft.missing:
            raise CommandError(f"{kind}: missing fields: {'; '.join(draft.missing)}")
        out = Path(options["out"])
        out.write_bytes(letter_pdf(render_html(draft), archival=options["pdfa"]))
        self.stdout.write(str(out))

    def _today(self, value) -> dt.date | None:
        """--today if given (it overrides the case file's own `today`, which parse_case_file defaults to Shanghai's date)."""
        if not value:
            return None
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            raise CommandError(f"--today must be a date YYYY-MM-DD, not {value!r}") from None

    def _render_all(self, case, today, out: Path, archival: bool):
        if out.exists() and not out.is_dir():
            raise CommandError(f"--out {out} is a file; --kind all needs a directory")
        out.mkdir(parents=True, exist_ok=True)
        written = 0
        for kind, target in applicable_targets(case):
            draft = compose(case, kind, today=today, target=target)
            stem = _file_stem(kind, target)
            try:
                html = render_html(draft)
            except LetterIncomplete as error:
                self.stderr.write(f"skipped {stem}: missing fields: {'; '.join(error.missing)}")
                continue
            (out / f"{stem}.pdf").write_bytes(letter_pdf(html, archival=archival))
            written += 1
            parties = envelope_parties(draft)
            if draft.postal and not envelope_missing(*parties):
                (out / f"{stem}-envelope.pdf").write_bytes(envelope_pdf(*parties))
        if not written:
            raise CommandError("no letter could be produced: every applicable letter is missing fields (listed above)")
        self.stdout.write(json.dumps({"written": written, "out": str(out)}, ensure_ascii=False))
