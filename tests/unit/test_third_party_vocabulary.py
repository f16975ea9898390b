"""Who a third party is to the borrower, the facts.md target their evidence shows contacted, the consent they give
(reviewed data, published like the letters), and how those targets join the case file's `harassment`."""

import hashlib
import json
import shutil

import pytest

from guidance import consent, letter_data, schema, vocabulary
from guidance.analysis import with_targets


def test_every_relation_has_labels_a_target_of_the_schema_and_the_letters_words():
    values = [term.value for term in vocabulary.THIRD_PARTY_RELATIONS]
    assert values == ["family", "colleague", "employer", "friend", "other"]
    assert set(vocabulary.THIRD_PARTY_TARGETS) == set(values)
    assert set(vocabulary.THIRD_PARTY_TARGETS.values()) <= set(schema.TARGETS) - {"self"}
    assert set(letter_data.wording().labels["relations"]) == set(values)
    assert all(term.zh and term.en for term in vocabulary.THIRD_PARTY_RELATIONS)


def test_only_what_a_file_shows_is_claimed_a_friend_is_not_said_to_be_in_her_contacts():
    assert vocabulary.THIRD_PARTY_TARGETS["family"] == "family"
    assert vocabulary.THIRD_PARTY_TARGETS["colleague"] == vocabulary.THIRD_PARTY_TARGETS["employer"] == "employer"
    assert vocabulary.THIRD_PARTY_TARGETS["friend"] == vocabulary.THIRD_PARTY_TARGETS["other"] == "other_third_party"


def test_shown_targets_join_her_own_once_and_in_order_and_add_nothing_else():
    stated = {"targets": ["self", "employer"], "content": ["insult"]}
    assert with_targets(stated, ["family", "employer", "family"]) == {"targets": ["self", "employer", "family"], "content": ["insult"]}
    assert with_targets(stated, []) is stated
    assert with_targets({}, ["family"]) == {"targets": ["family"]}


def test_the_consent_in_use_is_published_and_has_both_languages():
    current = consent.current("third_party")
    assert consent.check_all() == []
    assert current.version == "2026-12-06.1"
    assert "我自愿" in current.text("zh-hans") and current.text("en").startswith("I choose")


@pytest.fixture
def consents_copy(tmp_path, monkeypatch):
    copy = tmp_path / "consents"
    shutil.copytree(consent.CONSENTS_DIR, copy)
    monkeypatch.setattr(consent, "CONSENTS_DIR", copy)
    consent.current.cache_clear()
    yield copy
    consent.current.cache_clear()


def test_an_edited_published_consent_or_a_missing_language_is_refused(consents_copy):
    path = consents_copy / "third_party" / "2026-12-06.1.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("我自愿", "我同意"), encoding="utf-8")
    assert any("sha256" in problem for problem in consent.check_all())
    with pytest.raises(consent.ConsentDataError):
        consent.current("third_party")

    newer = consents_copy / "third_party" / "2026-12-06.2.yaml"
    newer.write_text('version: "2026-12-06.2"\nreviewed_by: x\nreview_date: "2026-12-07"\ntext: {zh: 只有中文}\n', encoding="utf-8")
    published = json.loads((consents_copy / "published.json").read_text(encoding="utf-8"))
    published["third_party/2026-12-06.2"] = hashlib.sha256(newer.read_bytes()).hexdigest()
    (consents_copy / "published.json").write_text(json.dumps(published), encoding="utf-8")
    assert any("zh 和 en" in problem for problem in consent.check_all())
