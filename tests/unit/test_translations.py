"""The English UI is complete: every string marked for translation has an English text."""

from pathlib import Path

import polib

PO_FILE = Path(__file__).resolve().parents[2] / "locale" / "en" / "LC_MESSAGES" / "django.po"


def test_every_msgid_has_an_english_translation():
    catalogue = polib.pofile(str(PO_FILE))
    untranslated = [entry.msgid for entry in catalogue if not entry.obsolete and not entry.translated()]
    assert untranslated == [], f"untranslated in {PO_FILE.name}: {untranslated[:20]}"


def test_no_fuzzy_translations_ship():
    catalogue = polib.pofile(str(PO_FILE))
    fuzzy = [entry.msgid for entry in catalogue if "fuzzy" in entry.flags]
    assert fuzzy == []
