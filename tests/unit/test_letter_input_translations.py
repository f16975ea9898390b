"""The letter data's Chinese words that the pages show (the labels and choices of what the borrower types, and what a
letter still lacks) have an English text: the English pages route them through the catalogue."""

import polib

from complaints.letters.compose import FIELD_LABELS
from guidance.letter_data import all_kinds
from tests.unit.test_translations import PO_FILE


def test_every_input_label_choice_and_missing_item_has_an_english_text():
    catalogue = {entry.msgid: entry.msgstr for entry in polib.pofile(str(PO_FILE)) if not entry.msgctxt}
    shown = set(FIELD_LABELS.values())
    for spec in all_kinds().values():
        for item in spec.inputs:
            shown |= {item.label, *item.choices.values()}
    assert [text for text in sorted(shown) if not catalogue.get(text)] == []
