"""Acceptance suite of issue 13 ("Letters that tell the truth"), written from the issue and facts.md, not from today's
letters: 33 case files (tests/letters_truth_cases.py), read from the real PDF text of the letters they call for: every
case's cease letter, every kind for each case whose variation that kind is about, the other kinds for every third
case (171 letters; ZHIRAO_TRUTH_FULL=1 renders all 297).

Each test names the rule it checks; its message names the case, the letter and the offending text. A letter the case
calls for that cannot be made fails every check of that letter with the reason. Each PDF is rendered once per session.
"""

import datetime as dt
import json
from functools import cache

import pytest

from tests import letters_truth_predicates as p
from tests.letters_truth_cases import (
    CASES_BY_ID,
    TEN_CASES,
    RenderFailed,
    address_line,
    bombing_ports,
    case_dates,
    case_strings,
    chinese_date,
    combo_id,
    combos,
    content_of,
    demands_section,
    evidence_hashes,
    facts_section,
    has_bombing,
    has_night_contact,
    has_third_parties,
    in_danger,
    kinds_for,
    letter_body,
    letter_text,
    national,
    numbers_of,
    own_words,
    targets_of,
)

pytestmark = pytest.mark.pdf

ALL = combos()


def where(predicate, kinds=None):
    """The (case, kind, target) combinations a rule applies to, decided from the case file alone."""
    return [combo for combo in ALL if (kinds is None or combo[1] in kinds) and predicate(CASES_BY_ID[combo[0]], combo)]


def each(predicate=lambda case, combo: True, kinds=None):
    selected = where(predicate, kinds)
    assert selected, "a rule of the suite applies to no case: the case files lost a variation"
    return pytest.mark.parametrize("combo", selected, ids=combo_id)


def text_of(combo) -> str:
    try:
        return letter_text(*combo)
    except RenderFailed as error:
        reason = str(error)
    pytest.fail(f"{combo_id(combo)}: the letter the case calls for could not be made: {reason}", pytrace=False)


def case_of(combo):
    return CASES_BY_ID[combo[0]]


@cache
def _facts(combo) -> str:
    return facts_section(text_of(combo))


def facts_of(combo) -> str:
    facts = _facts(combo)
    if not facts.strip():
        pytest.fail(f"{combo_id(combo)}: the letter has no facts section", pytrace=False)
    return facts


@cache
def assertions(combo) -> str:
    """What the letter itself says (flat): without the law it quotes and without her own logged texts and narrative."""
    return p.remove_all(p.without_law(letter_body(text_of(combo))), own_words(case_of(combo)))


@cache
def template_text(combo) -> str:
    """The letter (without the evidence list after it) as one joined string, her own logged texts and narrative taken out."""
    return p.remove_all(p.joined(letter_body(text_of(combo))), own_words(case_of(combo)), p.QUOTED)


def fail(combo, rule, evidence):
    pytest.fail(f"{combo_id(combo)}: {rule}: {evidence}", pytrace=False)


# === Every letter the case calls for can be made ============================================================

@each()
def test_letter_can_be_made(combo):
    assert text_of(combo).strip()


# === Letters state what the case holds: no more, no less =====================================================

@each(lambda case, combo: (case.file.get("harassment") or {}).get("first_seen"))
def test_stated_start_date_appears_in_facts(combo):
    first_seen = chinese_date(case_of(combo).file["harassment"]["first_seen"])
    if first_seen not in p.flat(facts_of(combo)):
        fail(combo, f"the facts omit the stated start date {first_seen} (statements and the log are merged, never replaced)",
             p.flat(facts_of(combo))[:160])


@each(lambda case, combo: (case.file.get("harassment") or {}).get("max_per_day"))
def test_stated_peak_per_day_appears_in_facts(combo):
    peak = case_of(combo).file["harassment"]["max_per_day"]
    if not p.states_peak(facts_of(combo), peak):
        fail(combo, f"the facts omit the stated peak of {peak} a day", p.flat(facts_of(combo))[:160])


@each(lambda case, combo: (case.file.get("harassment") or {}).get("max_per_day"))
def test_no_total_below_the_stated_peak(combo):
    peak = case_of(combo).file["harassment"]["max_per_day"]
    low = p.totals_below(assertions(combo), peak)
    if low:
        fail(combo, f"a total below her stated peak of {peak} a day reads as the whole harassment", low)


@each()
def test_zero_never_reads_as_a_count_of_contacts(combo):
    rows = p.zero_count_rows(letter_body(text_of(combo)))
    if rows:
        fail(combo, "'记录次数 0' / '0次' reads as a count of contacts", rows[:3])


# --- verification-code bombing ---

@each(lambda case, combo: has_bombing(case))
def test_code_bombing_is_named(combo):
    body = p.flat(letter_body(text_of(combo)))
    if "验证码" not in body or "轰炸" not in body:
        fail(combo, "the case has verification-code bombing but the letter does not name 验证码短信轰炸", body[:120])


@each(lambda case, combo: bombing_ports(case))
def test_bombing_ports_are_not_called_the_collectors_numbers(combo):
    text = p.without_footers(letter_body(text_of(combo)))
    for port in bombing_ports(case_of(combo)):
        for place in p.port_sentences(text, port):
            if p.port_called_collectors_number(place):
                fail(combo, f"106 port {port} is presented as a number of the collector, not as the port of an abused site", place[:160])


BOMBING_STOP_KINDS = ("collector_cease", "lender_complaint", "police_report", "civil_complaint")


@each(lambda case, combo: has_bombing(case), kinds=BOMBING_STOP_KINDS)
def test_code_bombing_stop_is_demanded(combo):
    if not p.demands_code_bombing_stop(demands_section(text_of(combo))):
        fail(combo, "no demand that the verification-code bombing stop", p.flat(demands_section(text_of(combo)))[:200])


@each(lambda case, combo: has_bombing(case), kinds=BOMBING_STOP_KINDS)
def test_code_bombing_cites_psapl_2025_article_50(combo):
    if not p.cites_psapl_2025_article_50(text_of(combo)):
        fail(combo, "verification-code bombing without 治安管理处罚法（2025）第五十条", p.citations(text_of(combo))[:8])


# --- every demand and allegation depends on a fact of the case ---

@each(lambda case, combo: not has_third_parties(case))
def test_no_third_party_demand_without_third_parties(combo):
    found = p.third_party_demands(p.remove_all(p.flat(demands_section(text_of(combo))), own_words(case_of(combo))))
    if found:
        fail(combo, "a demand about third parties, but no third party was contacted", found[0][:140])


@each(lambda case, combo: has_third_parties(case) and not set(p.THIRD_PARTY_KINDS) <= targets_of(case))
def test_third_party_demands_name_only_those_contacted(combo):
    demands = p.remove_all(p.flat(demands_section(text_of(combo))), own_words(case_of(combo)))
    found = p.unfounded_third_parties(demands, targets_of(case_of(combo)))
    if found:
        fail(combo, f"a demand names third parties who were not contacted ({sorted(set(found))}; contacted: "
             f"{sorted(targets_of(case_of(combo)) - {'self'})})", p.third_party_demands(demands)[0][:140])


@each(lambda case, combo: not has_night_contact(case))
def test_no_night_wording_without_night_contact(combo):
    found = p.night_wording(assertions(combo))
    if found:
        body = assertions(combo)
        at = body.find(found[0])
        fail(combo, "night-time wording, but the case has no night contact", body[max(0, at - 40): at + 30])


@each()
def test_no_allegation_the_borrower_did_not_report(combo):
    found = p.allegations(assertions(combo), content_of(case_of(combo)))
    if found:
        body = assertions(combo)
        at = body.find(found[0])
        fail(combo, f"alleges {sorted(set(found))} but she reported only {sorted(content_of(case_of(combo))) or 'no such content'}",
             body[max(0, at - 40): at + 30])


@each(lambda case, combo: not has_third_parties(case))
def test_others_contacted_only_when_others_were(combo):
    body = assertions(combo)
    if "本人及他人" in body:
        at = body.find("本人及他人")
        fail(combo, "'联系本人及他人' but only she was contacted", body[max(0, at - 30): at + 20])


def _own_step_today(case, combo):
    from tests.letters_truth_cases import KIND_ACTION
    return any(step["action"] == KIND_ACTION[combo[1]] and step["on"] == case.file["today"]
               and step.get("target", combo[2]) == combo[2] for step in case.file.get("steps_taken") or [])


@each(_own_step_today)
def test_letter_never_cites_itself_as_an_earlier_step(combo):
    from tests.letters_truth_cases import KIND_ACTION

    found = p.self_citations(assertions(combo), [chinese_date(case_of(combo).file["today"])], KIND_ACTION[combo[1]])
    if found:
        fail(combo, "the letter cites its own sending (today) as an earlier step", found[0][:140])


# === No template artefacts ==================================================================================

@each()
def test_no_slash_alternatives(combo):
    found = p.slash_alternatives(template_text(combo))
    if found:
        fail(combo, "'A/B' alternative left for the reader", found[:3])


@each()
def test_no_doubled_words(combo):
    found = p.doubled_words(template_text(combo))
    if found:
        fail(combo, "doubled word", found[:3])


@each()
def test_no_dangling_punctuation(combo):
    found = p.dangling_punctuation(template_text(combo)) + p.empty_labels(letter_body(text_of(combo)))
    if found:
        fail(combo, "dangling punctuation or empty field", found[:3])


@each()
def test_no_heading_stranded_at_the_foot_of_a_page(combo):
    found = p.stranded_headings(text_of(combo))
    if found:
        fail(combo, "heading as the last line of a page", found)


@each()
def test_no_english_ids_in_the_chinese_text(combo):
    found = p.english_ids(template_text(combo), allowed=case_strings(case_of(combo)))
    if found:
        fail(combo, "English id or word in the Chinese text", found[:5])


@each()
def test_an_announced_evidence_list_is_attached(combo):
    text = text_of(combo)
    if p.announces_evidence_list(letter_body(text)) and not p.has_evidence_list(text):
        at = p.flat(letter_body(text)).find("证据目录")
        fail(combo, "announces an evidence list (证据目录) that the PDF does not carry", p.flat(letter_body(text))[at - 10: at + 30])


# === Legal corrections =======================================================================================

TELECOM_KINDS = ("carrier_complaint", "miit_appeal", "report_12321")


@each(kinds=TELECOM_KINDS)
def test_telecom_letters_do_not_cite_telecom_regulations_article_39(combo):
    if p.cites(text_of(combo), "telecom_regulations", "第三十九条"):
        fail(combo, "cites 电信条例 第三十九条 (service quality and fee disputes) for harassment from someone else's number",
             "《中华人民共和国电信条例》第三十九条")


@each(kinds=("miit_appeal",))
def test_miit_appeal_promises_no_30_day_answer_from_article_39(combo):
    found = p.promised_answer_periods(assertions(combo))
    if found:
        fail(combo, "promises a 30-day answer under 电信条例 第三十九条", found[0][:140])


@each(kinds=("carrier_complaint", "report_12321"))
def test_carrier_and_12321_cite_civil_code_1033(combo):
    if not p.cites(text_of(combo), "civil_code", "第一千零三十三条"):
        fail(combo, "does not cite 民法典 第一千零三十三条", p.citations(text_of(combo)))


@each(lambda case, combo: content_of(case) & {"insult", "defamation"}, kinds=("carrier_complaint", "report_12321"))
def test_carrier_and_12321_cite_telecom_56_when_insults_were_sent(combo):
    if not p.cites(text_of(combo), "telecom_regulations", "第五十六条"):
        fail(combo, "insults or defamation were sent but 电信条例 第五十六条 is not cited", p.citations(text_of(combo)))


def _carrier_step(case, carrier):
    steps = [s for s in case.file.get("steps_taken") or [] if s["action"] == "complain_carrier" and s.get("target", carrier) == carrier]
    return steps[-1] if steps else None


@each(kinds=("miit_appeal",))
def test_miit_appeal_states_the_ground_her_step_gives(combo):
    step = _carrier_step(case_of(combo), combo[2])
    problem = p.appeal_ground_problem(assertions(combo), step["result"])
    if problem:
        at = assertions(combo).find("投诉")
        fail(combo, f"carrier complaint result {step['result']}: the appeal {problem} (电信用户申诉处理办法 第十条)",
             assertions(combo)[max(0, at - 20): at + 60])


@each()
def test_no_partial_article_is_cited(combo):
    found = p.partial_article_citations(text_of(combo))
    if found:
        fail(combo, "cites an article ../shared/law holds only in partial_articles", found)


@each()
def test_every_cited_article_is_complete_in_shared_law(combo):
    found = p.unknown_citations(letter_body(text_of(combo)))
    if found:
        fail(combo, "cites an article ../shared/law does not hold in full", found[:3])


@each()
def test_every_quoted_article_is_verbatim(combo):
    found = p.misquoted_articles(letter_body(text_of(combo)))
    if found:
        fail(combo, "quoted article text differs from ../shared/law", found[:2])


@each(lambda case, combo: in_danger(case), kinds=("collector_cease", "pipl_request"))
def test_no_home_address_to_a_violent_collector_or_unlicensed_lender(combo):
    home = case_of(combo).file["borrower"]["address"]["street"]
    if p.flat(home) in p.flat(letter_body(text_of(combo))):
        fail(combo, "the home address is printed in a letter to a collector who threatened violence or an unlicensed lender", home)


CONTACT_ADDRESS_KINDS = ("collector_cease", "lender_complaint", "pipl_request", "repayment_proposal", "carrier_complaint",
                         "miit_appeal", "regulator_complaint", "consumer_association_complaint")


@each(lambda case, combo: case.file["borrower"].get("contact_address"), kinds=CONTACT_ADDRESS_KINDS)
def test_contact_address_is_printed_instead_of_the_home_address(combo):
    borrower = case_of(combo).file["borrower"]
    body = p.flat(letter_body(text_of(combo)))
    if p.flat(borrower["contact_address"]["street"]) not in body or p.flat(borrower["address"]["street"]) in body:
        fail(combo, "borrower.contact_address must be printed instead of the home address",
             f"contact {address_line(borrower['contact_address'])} / home {address_line(borrower['address'])}")


@each(lambda case, combo: case.file["lender"].get("kind") in ("bank", "consumer_finance"), kinds=("lender_complaint",))
def test_lender_15_days_run_from_receipt(combo):
    body = p.flat(letter_body(text_of(combo)))
    if not p.counts_from_receipt(p.without_law(body)):
        at = body.find("15日")
        fail(combo, "the lender's 15 days (银行业保险业消费投诉处理管理办法 第十八条) must run from its receipt, not the letter's date",
             body[max(0, at - 60): at + 60])


@each(kinds=("police_report",))
def test_police_report_asks_for_a_no_contact_order(combo):
    demands = p.flat(demands_section(text_of(combo)))
    if "禁止接触" not in demands or not p.cites_psapl_2025_article_50(text_of(combo)):
        fail(combo, "repeated 滋扰/纠缠 but no request for a 禁止接触 order under 治安管理处罚法（2025）第五十条第二款", demands[:160])


@each(lambda case, combo: "impersonating_officials" in content_of(case), kinds=("police_report",))
def test_police_report_cites_article_62_for_impersonating_officials(combo):
    if not p.cites(text_of(combo), "public_security_admin_punishments_law_2025", "第六十二条"):
        fail(combo, "impersonating officials without 治安管理处罚法（2025）第六十二条", p.citations(text_of(combo)))


@each(kinds=("police_report",))
def test_police_report_hedges_the_receipt_rule(combo):
    found = p.unhedged_mentions(assertions(combo), "第六十一条")
    if found:
        fail(combo, "公安机关办理行政案件程序规定 第六十一条 (a pre-2025 version) is relied on without the plan's hedge", found[0][:160])


def _licensed_agency(case, combo):
    # facts.md: an online_platform is a 助贷/导流 platform "that is not itself the licensed lender"; issue 13 makes
    # the licensed lender the co-defendant, so a platform is not required to be one.
    return case.file["lender"].get("kind") in ("bank", "consumer_finance", "microloan") and \
        case.file["collector"].get("kind") == "outsourced_agency"


@each(_licensed_agency, kinds=("civil_complaint",))
def test_civil_complaint_names_the_licensed_lender_as_co_defendant(combo):
    lender = case_of(combo).file["lender"]["name"]
    if not p.names_defendant(letter_body(text_of(combo)), lender):
        fail(combo, f"its collector acted for it, but the licensed lender {lender} is not a co-defendant",
             p.flat(letter_body(text_of(combo)))[:160])


def _personal_info_processed(case, combo):
    return "contacts" in targets_of(case) or "disclose_debt" in content_of(case)


@each(_personal_info_processed, kinds=("civil_complaint",))
def test_civil_complaint_cites_pipl_69(combo):
    if not p.cites(text_of(combo), "pipl", "第六十九条"):
        fail(combo, "personal information was processed but 个人信息保护法 第六十九条 (presumed fault) is not cited", p.citations(text_of(combo)))


def _debt_disclosed(case, combo):
    return "disclose_debt" in content_of(case) or any(e.get("target", "self") != "self" for e in case.file.get("log") or [])


@each(_debt_disclosed, kinds=("civil_complaint",))
def test_civil_complaint_claims_apology_and_reputation_when_the_debt_was_disclosed(combo):
    text = text_of(combo)
    demands = p.flat(demands_section(text))
    missing = [claim for claim in ("赔礼道歉", "消除影响", "恢复名誉") if claim not in demands]
    missing += [article for article in ("第九百九十五条", "第一千条") if not p.cites(text, "civil_code", article)]
    if missing:
        fail(combo, "the debt was disclosed to third parties but the complaint lacks", missing)


@each(kinds=("civil_complaint",))
def test_civil_complaint_asks_for_solatium_only_when_asked_in_the_form(combo):
    case = case_of(combo)
    amount = case.inputs_for("civil_complaint").get("compensation_amount")
    demands = p.flat(demands_section(text_of(combo)))
    asked = "compensation" in case.file.get("wants", []) and amount
    if asked and not ("精神损害抚慰金" in demands and amount in demands):
        fail(combo, f"she asked for 精神损害抚慰金 of {amount}元 in the form, the complaint does not", demands[:160])
    if not asked and "精神损害抚慰金" in demands:
        fail(combo, "精神损害抚慰金 claimed although she did not ask for it in the form", demands[:160])


@each(kinds=("civil_complaint",))
def test_civil_complaint_facts_are_told_by_the_plaintiff(combo):
    facts = p.remove_all(p.flat(facts_of(combo)), own_words(case_of(combo)))
    if "本人" in facts:
        at = facts.find("本人")
        fail(combo, "the 事实与理由 speak as '本人' instead of '原告'", facts[max(0, at - 20): at + 30])


@each(kinds=("civil_complaint",))
def test_civil_complaint_offers_the_borrowers_domicile_court(combo):
    if "侵权结果发生地" not in p.flat(text_of(combo)):
        fail(combo, "the court of her domicile as 侵权结果发生地 (民诉法解释 第二十五条) is not offered", p.citations(text_of(combo))[:6])


@each(kinds=("consumer_association_complaint",))
def test_consumer_association_complaint_cites_article_39(combo):
    if not p.cites(text_of(combo), "consumer_protection_law", "第三十九条"):
        fail(combo, "does not cite 消费者权益保护法 第三十九条", p.citations(text_of(combo)))


# === Records the letters need =================================================================================

LENDER_REFERENCE_KINDS = ("lender_complaint", "pipl_request", "repayment_proposal", "regulator_complaint")


@each(lambda case, combo: case.file["lender"].get("loan_reference"), kinds=LENDER_REFERENCE_KINDS)
def test_lender_and_regulator_letters_print_the_loan_reference(combo):
    reference = case_of(combo).file["lender"]["loan_reference"]
    if p.flat(reference) not in p.flat(text_of(combo)):
        fail(combo, "lender.loan_reference is not printed", reference)


@each(lambda case, combo: (_carrier_step(case, combo[2]) or {}).get("reference"), kinds=("miit_appeal",))
def test_miit_appeal_prints_the_carrier_complaint_ticket(combo):
    step = _carrier_step(case_of(combo), combo[2])
    body = p.flat(text_of(combo))
    if p.flat(step["reference"]) not in body or chinese_date(step["on"]) not in body:
        fail(combo, "the carrier complaint it relies on is not printed with its date and ticket number",
             f"{step['on']} {step['reference']}")


def _lender_step_reference(case, combo):
    return any(s["action"] == "complain_lender" and s.get("reference") for s in case.file.get("steps_taken") or [])


@each(_lender_step_reference, kinds=("regulator_complaint",))
def test_regulator_complaint_prints_the_lender_complaint_reference(combo):
    step = next(s for s in case_of(combo).file["steps_taken"] if s["action"] == "complain_lender")
    if p.flat(step["reference"]) not in p.flat(text_of(combo)):
        fail(combo, "the complaint to the lender it relies on is not printed with its acceptance number", step["reference"])


def test_render_letter_takes_the_form_inputs(tmp_path):
    """`manage.py render_letter --input NAME=VALUE` (repeatable) renders a kind whose inputs the case file lacks."""
    from django.core.management import call_command

    from tests.pdf_tools import pdf_text

    case = CASES_BY_ID["c22_employer_contacted"]
    path = tmp_path / "case.json"
    path.write_text(json.dumps(case.file, ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "police.pdf"
    station = case.inputs["police_report"]["police_station"]
    try:
        call_command("render_letter", "--case", str(path), "--kind", "police_report", "--out", str(out),
                     "--input", f"police_station={station}")
    except BaseException as error:
        pytest.fail(f"render_letter --input police_station=… failed: {type(error).__name__}: {error}", pytrace=False)
    assert station in p.flat(pdf_text(out.read_bytes())), "the --input value is not in the letter"


def test_render_letter_kind_all_renders_every_kind_whose_inputs_are_given(tmp_path):
    from django.core.management import call_command

    case = CASES_BY_ID["c22_employer_contacted"]
    path = tmp_path / "case.json"
    path.write_text(json.dumps(case.file, ensure_ascii=False), encoding="utf-8")
    given = {**case.inputs["police_report"], **case.inputs["civil_complaint"]}
    arguments = [item for name, value in given.items() for item in ("--input", f"{name}={value}")]
    try:
        call_command("render_letter", "--case", str(path), "--kind", "all", "--out", str(tmp_path / "all"), *arguments)
    except BaseException as error:
        pytest.fail(f"render_letter --kind all --input …: {type(error).__name__}: {error}", pytrace=False)
    written = {f.name for f in (tmp_path / "all").glob("*.pdf")}
    missing = [name for name in ("police_report.pdf", "civil_complaint.pdf") if name not in written]
    assert not missing, f"--kind all with their inputs given did not render {missing} (wrote {sorted(written)})"


# === Letters a recipient cannot dismiss as form letters =========================================================

@each(lambda case, combo: own_words(case))
def test_facts_quote_her_own_log_or_narrative(combo):
    facts = p.flat(facts_of(combo))
    if not any(p.flat(words)[:15] in facts for words in own_words(case_of(combo))):
        fail(combo, "the facts quote none of her own log entries or her narrative", facts[:160])


@each()
def test_facts_name_dates_and_numbers_from_her_case(combo):
    facts = p.flat(facts_of(combo))
    case = case_of(combo)
    if not any(day in facts for day in case_dates(case)):
        fail(combo, "the facts name no date from her case", case_dates(case)[:3])
    if not any(number in facts for number in numbers_of(case)):
        fail(combo, "the facts name none of the numbers of her case", numbers_of(case)[:3])


@each(lambda case, combo: evidence_hashes(case))
def test_letter_carries_her_evidence_list(combo):
    body = p.flat(text_of(combo))
    missing = [digest[:16] for digest in evidence_hashes(case_of(combo)) if digest not in body]
    if missing:
        fail(combo, "her evidence list (files with SHA-256) is not carried", f"missing {len(missing)} files, e.g. {missing[0]}…")


@pytest.mark.parametrize("kind", ["collector_cease", "lender_complaint"])
def test_no_facts_paragraph_is_shared_by_ten_cases(kind):
    assert len(set(TEN_CASES)) == 10 and all((kind, "") in kinds_for(CASES_BY_ID[c]) for c in TEN_CASES)
    facts = {case_id: facts_of((case_id, kind, "")) for case_id in TEN_CASES}
    shared = p.shared_paragraphs(facts)
    if shared:
        first, second, paragraph = shared[0]
        pytest.fail(f"{kind}: {len(shared)} facts paragraph(s) shared between cases, e.g. {first} and {second}: {paragraph[:100]}",
                    pytrace=False)


def test_the_cases_cover_every_variation():
    """The case files hold every variation the issue lists (so no rule above is vacuous)."""
    cases = list(CASES_BY_ID.values())
    assert len(cases) >= 30
    tags = set().union(*(case.tags for case in cases))
    for tag in ("bombing", "contacts", "danger", "short_log", "two_carriers", "employer", "family_only", "self_only",
                "impersonation", "fake_court", "contact_address", "no_collector_address", "own_step_today", "night", "plain",
                *(f"carrier_{r}" for r in ("no_reply", "continued", "refused", "resolved")),
                *(f"lender_{r}" for r in ("no_reply", "continued", "refused", "resolved"))):
        assert tag in tags, tag
    assert {c.file["lender"]["kind"] for c in cases} >= {"bank", "consumer_finance", "microloan", "online_platform", "unlicensed"}
    assert {kind for c in cases for kind, _t in kinds_for(c)} >= {
        "collector_cease", "lender_complaint", "pipl_request", "repayment_proposal", "carrier_complaint", "report_12321",
        "miit_appeal", "regulator_complaint", "police_report", "civil_complaint", "consumer_association_complaint"}
    assert len({c.file["borrower"]["name"] for c in cases}) == len(cases)
    assert len({c.file["borrower"]["phone"] for c in cases}) == len(cases)
    assert any(case.file.get("today") and dt.date.fromisoformat(case.file["today"]) for case in cases)
    assert all(national(n) for c in cases for n in numbers_of(c))
