"""A whole Zhirao as one folder, and back: the database as Django fixtures and every stored file.

`backup_write(DIR)` writes DIR/database.json (every table that holds data, with its ids, without
sessions, content types, permissions or log-in lock-out counters), DIR/files/ (each evidence file and
letter PDF, streamed from storage) and DIR/manifest.json (each file's storage name, size and SHA-256).

Encrypted (the default): each of those files is sealed with AES-256-GCM under the first of
ZHIRAO_BACKUP_KEYS, in the format of complaints.storage_crypto (64 KiB chunks, the key's id in the
header; a changed, cut-short or appended file does not open) and named with SEALED appended
(manifest.json.zre, database.json.zre, files/00000000.zre). Backup keys are not the storage keys: a backup
is kept off the machine and for longer than a storage key lives (`storage_reencrypt` retires old storage
keys), and whoever keeps the backups need not be able to read the live bucket. Rotation is the storage's:
put a new key first and keep an old one listed as long as backups written under it are kept. With no
backup key, `backup_write` refuses unless asked for `encrypt=False` (`backup --unencrypted`): a backup in
the clear holds every borrower's ID number, address and evidence.

`backup_restore(DIR)` loads it into an empty, migrated database and an empty storage: it opens the
manifest first (a backup that does not decrypt with the configured keys stops there, having restored
nothing), checks every file against the manifest, writes it under its own storage name, and at the end
checks every evidence row's and letter's SHA-256 against what storage now holds. Anything that does not
match stops the restore with BackupError naming it. The hashes are the evidence's integrity: a restore
that cannot prove them is not a restore.
"""

import contextlib
import hashlib
import io
import json
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import transaction

from complaints.models import Evidence, Letter, ThirdPartyUpload, User
from complaints.storage_crypto import EncryptedFileDamaged, decrypt_stream, encrypt_stream, parse_keys

SPEC = "zhirao-backup/1"
SEALED = ".zre"
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


def _backup_keys() -> list[tuple[str, bytes]]:
    try:
        return parse_keys(settings.BACKUP_KEYS)
    except ValueError as error:
        raise BackupError(f"ZHIRAO_BACKUP_KEYS: {error}") from None


class _Writer:
    """Writes the backup's files, each sealed under `key` (id, bytes) or, with None, in the clear."""

    def __init__(self, directory: Path, key: tuple[str, bytes] | None):
        self.directory, self.key = directory, key

    def path(self, relative: str) -> Path:
        return self.directory / (relative + SEALED if self.key else relative)

    @contextlib.contextmanager
    def open(self, relative: str):
        """A binary file to write `relative`'s original bytes into."""
        if self.key is None:
            with self.path(relative).open("wb") as target:
                yield target
            return
        with tempfile.TemporaryFile() as plain:
            yield plain
            plain.seek(0)
            with self.path(relative).open("wb") as target:
                encrypt_stream(plain, target, key_id=self.key[0], key=self.key[1])


def _file_name(position: int) -> str:
    # Numbered, not named after storage names: nothing in a name can climb out of the folder.
    return f"{position:08d}"


def backup_write(directory: Path, *, encrypt: bool = True) -> dict:
    """Write the backup into `directory` (created; must be empty), sealed under the first of
    ZHIRAO_BACKUP_KEYS unless `encrypt` is False. Returns the manifest. BackupError, before anything is
    written, when encryption is asked for and no backup key is configured.

    A stored file whose bytes no longer match its row's hash is still copied, and listed under
    `mismatched`: the backup records the damage, it does not hide it."""
    keys = _backup_keys()
    if encrypt and not keys:
        raise BackupError("ZHIRAO_BACKUP_KEYS is not set: set a backup key (docs/SECURITY.md), "
                          "or pass --unencrypted to write every borrower's data in the clear")
    writer = _Writer(directory, keys[0] if encrypt else None)
    directory.mkdir(parents=True, exist_ok=True)
    if any(directory.iterdir()):
        raise BackupError(f"{directory} is not empty")
    (directory / "files").mkdir()
    with writer.open("database.json") as out:
        text = io.TextIOWrapper(out, encoding="utf-8")
        # Primary keys are kept: audit rows refer to cases and accounts by id.
        call_command("dumpdata", natural_foreign=True, exclude=_EXCLUDED, indent=1, stdout=text)
        text.flush()
        text.detach()  # the binary file stays open for the writer to seal
    files, mismatched = [], []
    for position, (kind, name, expected) in enumerate(_stored_files()):
        with default_storage.open(name, "rb") as source, writer.open(f"files/{_file_name(position)}") as target:
            sha256, size = _copy_hashing(source, target)
        files.append({"kind": kind, "storage_name": name, "file": _file_name(position), "sha256": sha256, "size": size})
        if sha256 != expected:
            mismatched.append(name)
    manifest = {"spec": SPEC, "encrypted": encrypt, "files": files, "mismatched": mismatched}
    with writer.open("manifest.json") as out:
        out.write(json.dumps(manifest, indent=1).encode("utf-8"))
    return manifest


class _Reader:
    """Opens the backup's files as their original bytes, decrypting a sealed backup with ZHIRAO_BACKUP_KEYS."""

    def __init__(self, directory: Path):
        self.directory = directory
        self.sealed = (directory / ("manifest.json" + SEALED)).exists()
        self.keys = dict(_backup_keys())
        if self.sealed and not self.keys:
            raise BackupError(f"{directory} is encrypted: set ZHIRAO_BACKUP_KEYS to the key it was written with")

    @contextlib.contextmanager
    def open(self, relative: str):
        """A binary file of `relative`'s original bytes, at its start; BackupError when it does not decrypt."""
        path = self.directory / (relative + SEALED if self.sealed else relative)
        if not self.sealed:
            with path.open("rb") as plain:
                yield plain
            return
        with path.open("rb") as stored, tempfile.TemporaryFile() as plain:
            try:
                decrypt_stream(stored, plain, keys=self.keys)
            except EncryptedFileDamaged as error:
                raise BackupError(f"{path.name}: {error} (a wrong key in ZHIRAO_BACKUP_KEYS, or the backup "
                                  "was changed); nothing restored from it") from None
            plain.seek(0)
            yield plain


def backup_restore(directory: Path) -> RestoreReport:
    """Restore `directory` into this (empty) database and storage; BackupError on anything that does not match."""
    reader = _Reader(directory)
    try:
        with reader.open("manifest.json") as source:
            manifest = json.loads(source.read().decode("utf-8"))
    except (OSError, ValueError) as error:
        raise BackupError(f"{directory}/manifest.json: {error}") from None
    if manifest.get("spec") != SPEC:
        raise BackupError(f"{directory} is not a {SPEC} backup")
    if User.objects.exists():
        raise BackupError("the database is not empty: restore only into a freshly migrated database")
    written = []
    try:
        with transaction.atomic():
            with reader.open("database.json") as source, tempfile.TemporaryDirectory() as scratch:
                fixture = Path(scratch) / "database.json"  # loaddata reads a named file
                with fixture.open("wb") as target:
                    _copy_hashing(source, target)
                call_command("loaddata", str(fixture), verbosity=0)
            for item in manifest["files"]:
                name = item["storage_name"]
                with reader.open(f"files/{Path(item['file']).name}") as source:
                    sha256, _size = _copy_hashing(source, None)
                    if sha256 != item["sha256"]:
                        raise BackupError(f"{name}: the backup's copy does not match its SHA-256")
                    if default_storage.exists(name):
                        raise BackupError(f"{name}: storage is not empty")
                    source.seek(0)
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
