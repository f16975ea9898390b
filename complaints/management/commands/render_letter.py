"""Render a letter (or every applicable letter plus envelopes) from a case file, the way the web app does.

A case file (zhirao-case/1) names evidence only by hash (`log[].evidence`); the files, their descriptions and
the times they were received are in the evidence ZIP that case_export writes next to it (or `--evidence`).
With that ZIP, letters that name the evidence list carry it as their last pages (with --pdfa, the originals
embedded, each checked against its hash) and `--kind all` also writes evidence_list.pdf; without it, no
evidence list is made and the command says so when the log refers to evidence.
"""

import datetime as dt
import json
import zipfile
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from complaints.evidence_list import evidence_list_document_pdf, evidence_list_html, evidence_list_meta
from complaints.evidence_rows import evidence_attachment, rows_from_manifest
from complaints.forms.letters import LetterEditForm
from complaints.letters.compose import LetterIncomplete, compose, letter_targets, render_html
from complaints.letters.output import envelope_missing, envelope_parties, envelope_pdf, letter_pdf
from complaints.letters.registry import KIND_ORDER, get_kind
from complaints.letters.selection import applicable_targets
from complaints.services.case_transfer import evidence_zip_path_for
from complaints.services.evidence_archive import (
    EvidenceArchiveError,
    evidence_archive_member_bytes,
    evidence_manifest_read,
)
from guidance import clock
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
        parser.add_argument("--pdfa", action="store_true", help="write PDF/A-3b (with the evidence ZIP: the original files embedded)")
        parser.add_argument("--evidence", help="the case's evidence ZIP (default: the <case>-evidence.zip case_export wrote beside it)")
        parser.add_argument("--input", action="append", default=[], metavar="NAME=VALUE",
                            help="what the web form asks for: a kind's input (e.g. police_station=…, court_name=…), "
                                 "narrative=… (the 补充说明) or demands=… (one demand each; repeat for more); repeatable")

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
        # A file without `today` (case_export writes none) is dated today in China.
        today = dt.date.fromisoformat(case["today"]) if case.get("today") else clock.today()
        evidence = self._evidence(case, Path(options["case"]), options["evidence"])
        try:
            self._render(case, kind, today, options, evidence)
        except EvidenceArchiveError as error:
            raise CommandError(f"evidence ZIP: {' '.join(error.messages)}") from None
        finally:
            if evidence is not None:
                evidence[0].close()
        referenced = {reference for entry in case.get("log") or [] for reference in entry.get("evidence") or []}
        if evidence is None and referenced:
            self.stderr.write(f"note: the case file's log refers to {len(referenced)} evidence file(s) but there is no evidence ZIP "
                              f"(case_export writes it beside the case file; or give --evidence): no evidence list was made")

    def _render(self, case, kind, today, options, evidence):
        if kind == "all":
            self._render_all(case, today, Path(options["out"]), options["pdfa"], evidence, options)
            return
        targets = [target for each_kind, target in letter_targets(case) if each_kind == kind]
        target = options["target"]
        if not target and kind in ("carrier_complaint", "miit_appeal") and len(targets) > 1:
            known = [each for each in targets if each]
            target = known[0] if known else ""
        edits = self._edits(kind, self._typed(options["input"], kinds=(kind,)))
        draft = compose(case, kind, today=today, target=target, evidence_list=evidence[1] if evidence else None, **edits)
        if draft.missing:
            raise CommandError(f"{kind}: missing fields: {'; '.join(draft.missing)}")
        out = Path(options["out"])
        out.write_bytes(self._letter_pdf(draft, options["pdfa"], evidence))
        self.stdout.write(str(out))

    def _typed(self, pairs: list[str], *, kinds) -> list[tuple[str, str]]:
        """--input NAME=VALUE pairs, each NAME one the web form asks for in one of `kinds`."""
        known = {"narrative", "demands"} | {item.name for kind in kinds for item in get_kind(kind).inputs}
        typed = []
        for pair in pairs:
            name, sep, value = pair.partition("=")
            name = name.strip()
            if not sep or name not in known:
                raise CommandError(f"--input {pair!r}: expected NAME=VALUE with NAME one of {', '.join(sorted(known))}")
            typed.append((name, value.strip()))
        return typed

    def _edits(self, kind: str, typed: list[tuple[str, str]]) -> dict:
        """The typed values for one kind, checked by the web form's own rules (LetterEditForm)."""
        spec = get_kind(kind)
        names = {item.name for item in spec.inputs}
        data = {f"input_{name}": value for name, value in typed if name in names}
        data["narrative"] = "\n".join(value for name, value in typed if name == "narrative")
        data["demands"] = "\n".join(value for name, value in typed if name == "demands")
        form = LetterEditForm(data, spec=spec)
        if not form.is_valid():
            problems = "; ".join(f"{field.removeprefix('input_')}: {' '.join(str(error) for error in errors)}"
                                 for field, errors in form.errors.items())
            raise CommandError(f"{kind}: {problems}")
        edits = form.edits()
        return {"inputs": edits["inputs"], "narrative": edits["narrative"], "demands": edits["demands"] or None}

    def _evidence(self, case, case_path: Path, given: str | None):
        """(open ZIP, rows, manifest items by hash) of the case's evidence ZIP, or None when there is none."""
        path = Path(given) if given else evidence_zip_path_for(case_path)
        if path is None:
            return None
        try:
            archive = zipfile.ZipFile(path)
        except (OSError, zipfile.BadZipFile) as error:
            raise CommandError(f"cannot read the evidence ZIP {path}: {getattr(error, 'strerror', None) or error}") from None
        try:
            items = evidence_manifest_read(archive)
        except EvidenceArchiveError as error:
            archive.close()
            raise CommandError(f"evidence ZIP {path}: {' '.join(error.messages)}") from None
        return archive, rows_from_manifest(items), {item["sha256"]: item for item in items}

    def _attachments(self, rows, evidence):
        archive, _rows, items = evidence
        return [evidence_attachment(row, evidence_archive_member_bytes(archive, items[row.sha256])) for row in rows]

    def _letter_pdf(self, draft, archival: bool, evidence) -> bytes:
        attachments = self._attachments(draft.evidence_list, evidence) if archival and draft.evidence_list else None
        return letter_pdf(render_html(draft, embedded=archival), archival=archival, attachments=attachments)

    def _evidence_list_pdf(self, case, archival: bool, evidence) -> bytes:
        rows = evidence[1]
        meta = evidence_list_meta(borrower=(case.get("borrower") or {}).get("name", ""), count=len(rows))
        html = evidence_list_html(rows=rows, meta=meta, embedded=archival)
        return evidence_list_document_pdf(html, attachments=self._attachments(rows, evidence) if archival else None)

    def _today(self, value) -> dt.date | None:
        """--today if given (it overrides the case file's own `today`, which parse_case_file defaults to Shanghai's date)."""
        if not value:
            return None
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            raise CommandError(f"--today must be a date YYYY-MM-DD, not {value!r}") from None

    def _render_all(self, case, today, out: Path, archival: bool, evidence, options):
        if out.exists() and not out.is_dir():
            raise CommandError(f"--out {out} is a file; --kind all needs a directory")
        out.mkdir(parents=True, exist_ok=True)
        written = 0
        typed = self._typed(options["input"], kinds=KIND_ORDER)
        for kind, target in applicable_targets(case):
            draft = compose(case, kind, today=today, target=target, evidence_list=evidence[1] if evidence else None,
                            **self._edits(kind, typed))
            stem = _file_stem(kind, target)
            try:
                pdf = self._letter_pdf(draft, archival, evidence)
            except LetterIncomplete as error:
                self.stderr.write(f"skipped {stem}: missing fields: {'; '.join(error.missing)}")
                continue
            (out / f"{stem}.pdf").write_bytes(pdf)
            written += 1
            parties = envelope_parties(draft)
            if draft.postal and not envelope_missing(*parties):
                (out / f"{stem}-envelope.pdf").write_bytes(envelope_pdf(*parties))
        if not written:
            raise CommandError("no letter could be produced: every applicable letter is missing fields (listed above)")
        if evidence and evidence[1]:
            (out / "evidence_list.pdf").write_bytes(self._evidence_list_pdf(case, archival, evidence))
        self.stdout.write(json.dumps({"written": written, "out": str(out), "evidence_list": bool(evidence and evidence[1])},
                                     ensure_ascii=False))
