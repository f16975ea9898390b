"""A whole Zhirao as one folder, and back: the database as Django fixtures and every stored file.

`backup_write(DIR)` writes DIR/database.json (every table that holds data, with its ids, without
sessions, content types, permissions or log-in lock-out counters), DIR/files/ (each evidence file and
letter PDF, streamed from storage) and DIR/manifest.json (each file's storage name, size and SHA-256).

`backup_restore(DIR)` loads it into an empty, migrated database and an empty storage: it checks every
file against the manifest, writes it under its own storage name, and at the end checks every evidence
row's and letter's SHA-256 against what storage now holds. Anything that does not match stops the
restore with BackupError naming it. The hashes are the evidence's integrity: a restore that cannot prove
them is not a restore.
"""

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from django.core.files import File
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import transaction

from complaints.models import Evidence, Letter, ThirdPartyUpload, User

SPEC = "zhirao-backup/1"
_CHUNK = 1024 * 1024
# Not data: rebuilt by migrate, or short-lived (sessions end, lock-out counters expire, queued tasks rerun).
_EXCLUDED = ["contenttypes", "auth.permission", "sessions", "axes", "admin.logentry", "django_tasks_database"]


class BackupError(Exception):
    pass


@dataclass
class RestoreReport:
    evidence_checked: int
    letters_checked: int
    files: int


def _stored_files():
    for evidence in Evidence.objects.order_by("pk"):
        yield "evidence", evidence.storage_name, evidence.sha256
    # Third parties' uploads still waiting for the borrower (an accepted one's file is its Evidence row's).
    for upload in ThirdPartyUpload.objects.exclude(storage_name="").order_by("pk"):
        yield "third_party", upload.storage_name, upload.sha256
    for letter in Letter.objects.order_by("pk"):
        yield "letter", letter.pdf_storage_name, letter.pdf_sha256


def _copy_hashing(source, target) -> tuple[str, int]:
    digest, size = hashlib.sha256(), 0
    while chunk := source.read(_CHUNK):
        digest.update(chunk)
        size += len(chunk)
        if target is not None:
            target.write(chunk)
    return digest.hexdigest(), size


def _file_path(directory: Path, position: int) -> Path:
    # Numbered, not named after storage names: nothing in a name can climb out of the folder.
    return directory / "files" / f"{position:08d}"


def backup_write(directory: Path) -> dict:
    """Write the backup into `directory` (created; must be empty). Returns the manifest.

    A stored file whose bytes no longer match its row's hash is still copied, and listed under
    `mismatched`: the backup records the damage, it does not hide it."""
    directory.mkdir(parents=True, exist_ok=True)
    if any(directory.iterdir()):
        raise BackupError(f"{directory} is not empty")
    (directory / "files").mkdir()
    with (directory / "database.json").open("w", encoding="utf-8") as out:
        # Primary keys are kept: audit rows refer to cases and accounts by id.
        call_command("dumpdata", natural_foreign=True, exclude=_EXCLUDED, indent=1, stdout=out)
    files, mismatched = [], []
    for position, (kind, name, expected) in enumerate(_stored_files()):
        with default_storage.open(name, "rb") as source, _file_path(directory, position).open("wb") as target:
            sha256, size = _copy_hashing(source, target)
        files.append({"kind": kind, "storage_name": name, "file": _file_path(directory, position).name, "sha256": sha256, "size": size})
        if sha256 != expected:
            mismatched.append(name)
    manifest = {"spec": SPEC, "files": files, "mismatched": mismatched}
    (directory / "manifest.json").write_text(json.dumps(manifest, indent=1), encoding="utf-8")
    return manifest


def backup_restore(directory: Path) -> RestoreReport:
    """Restore `directory` into this (empty) database and storage; BackupError on anything that does not match."""
    try:
        manifest = json.loads((directory / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise BackupError(f"{directory}/manifest.json: {error}") from None
    if manifest.get("spec") != SPEC:
        raise BackupError(f"{directory} is not a {SPEC} backup")
    if User.objects.exists():
        raise BackupError("the database is not empty: restore only into a freshly migrated database")
    written = []
    try:
        with transaction.atomic():
            call_command("loaddata", str(directory / "database.json"), verbosity=0)
            for item in manifest["files"]:
                name = item["storage_name"]
                path = directory / "files" / Path(item["file"]).name
                with path.open("rb") as source:
                    sha256, _size = _copy_hashing(source, None)
                if sha256 != item["sha256"]:
                    raise BackupError(f"{name}: the backup's copy does not match its SHA-256")
                if default_storage.exists(name):
                    raise BackupError(f"{name}: storage is not empty")
                with path.open("rb") as source:
                    saved = default_storage.save(name, File(source))
                written.append(saved)
                if saved != name:
                    raise BackupError(f"{name}: storage saved it as {saved}")
            report = _verify_every_hash()
            report.files = len(written)
            return report
    except Exception:
        for name in written:
            default_storage.delete(name)
        raise


def _verify_every_hash() -> RestoreReport:
    evidence_checked = letters_checked = 0
    for kind, name, expected in _stored_files():
        if not default_storage.exists(name):
            raise BackupError(f"{kind} {name}: missing from the backup")
        with default_storage.open(name, "rb") as stored:
            sha256, _size = _copy_hashing(stored, None)
        if sha256 != expected:
            raise BackupError(f"{kind} {name}: SHA-256 {sha256} where its row says {expected}")
        if kind in ("evidence", "third_party"):
            evidence_checked += 1
        else:
            letters_checked += 1
    return RestoreReport(evidence_checked=evidence_checked, letters_checked=letters_checked, files=0)
