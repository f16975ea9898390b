"""guidance.vocabulary: every value of every facts.md list has one label in each language, and nothing else."""

import pytest
from django.utils import translation

from guidance import ladder, schema, vocabulary


@pytest.mark.parametrize("name", vocabulary.LISTS)
def test_the_vocabulary_lists_exactly_the_values_of_the_schema_in_its_order(name):
    assert tuple(term.value for term in vocabulary.terms(name)) == getattr(schema, name)


def test_the_vocabulary_covers_every_list_of_the_schema():
    lists = {name for name, value in vars(schema).items() if name.isupper() and isinstance(value, tuple)
             and value and all(isinstance(item, str) for item in value)}
    assert set(vocabulary.LISTS) == lists
    assert vocabulary.check() == []


@pytest.mark.parametrize("name", vocabulary.LISTS)
def test_every_value_has_exactly_one_label_in_each_language(name):
    for term in vocabulary.terms(name):
        assert isinstance(term.zh, str) and term.zh.strip() and term.zh == term.zh.strip(), (name, term.value)
        assert isinstance(term.en, str) and term.en.strip() and term.en == term.en.strip(), (name, term.value)
        assert bool(term.hint_zh) == bool(term.hint_en), (name, term.value)
    values = [term.value for term in vocabulary.terms(name)]
    assert len(values) == len(set(values))
    # One label per value also means no two values of a list read the same.
    assert len({term.zh for term in vocabulary.terms(name)}) == len(values)
    assert len({term.en for term in vocabulary.terms(name)}) == len(values)


def test_action_titles_are_the_ladders_own():
    titles = {action.id: action.title for action in ladder.load().actions}
    assert {term.value: (term.zh, term.en) for term in vocabulary.terms("ACTIONS")} == {
        action_id: (title.zh, title.en) for action_id, title in titles.items()}


def test_labels_follow_the_language_asked_for_or_the_active_one():
    assert vocabulary.label("TARGETS", "contacts", "zh-hans") == "通讯录联系人"
    assert vocabulary.label("TARGETS", "contacts", "en") == "Contacts in my phone"
    with translation.override("en"):
        assert vocabulary.label("CHANNELS", "sms") == "SMS"
        assert vocabulary.labels("TARGETS", ["family", "employer"]) == "Family, Employer"
    with translation.override("zh-hans"):
        assert vocabulary.labels("TARGETS", ["family", "employer"]) == "家人、工作单位"
    assert vocabulary.label("TARGETS", "somebody_new", "en") == "somebody_new"


def test_a_hint_goes_in_brackets_where_a_borrower_chooses_or_reads_back():
    assert vocabulary.label("CHANNELS", "verification_code_bombing", "zh-hans", hint=True) == "验证码轰炸（大量注册/验证码短信）"
    assert vocabulary.label("LENDER_KINDS", "microloan", "en", hint=True) == "Microloan company (including online microloans)"
    assert vocabulary.label("CHANNELS", "sms", "zh-hans", hint=True) == "短信"


def test_choices_are_lazy_and_show_the_language_active_when_rendered():
    choices = dict(vocabulary.choices("STEP_RESULTS"))
    with translation.override("en"):
        assert str(choices["no_reply"]) == "No reply"
    with translation.override("zh-hans"):
        assert str(choices["no_reply"]) == "没有回复"


def test_the_log_models_choices_are_the_vocabularys():
    from complaints.models import LogEntry

    assert tuple(LogEntry.Channel.values) == schema.CHANNELS and tuple(LogEntry.Target.values) == schema.TARGETS
    with translation.override("en"):
        assert LogEntry.Target.CONTACTS.label == "Contacts in my phone"
    with translation.override("zh-hans"):
        assert [str(label) for label in LogEntry.Target.labels] == [term.zh for term in vocabulary.terms("TARGETS")]


def test_every_law_text_has_an_english_name_and_articles_read_as_numbers_in_english():
    from guidance import law

    assert sorted(vocabulary.LAW_TITLES_EN) == sorted(law.law_stems())
    assert vocabulary.law_title("civil_code", "中华人民共和国民法典", "en") == "Civil Code of the People's Republic of China"
    assert vocabulary.law_title("civil_code", "中华人民共和国民法典", "zh-hans") == "中华人民共和国民法典"
    assert [vocabulary.article_label(label, "en") for label in ("第六十七条", "第一千一百九十三条", "第十四条", "第二百九十三条之一")] == [
        "Article 67", "Article 1193", "Article 14", "Article 293-1"]
    assert vocabulary.article_label("第六十七条", "zh-hans") == "第六十七条"
    assert vocabulary.article_label("第一百二十四条(四)", "en") == "第一百二十四条(四)"  # another shape stays as written
