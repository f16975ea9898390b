"""Text predicates of the letters acceptance suite (issue 13), each a pure function of the text a reader sees.

They take the pdftotext -layout text of a letter (pages separated by form feeds) or a part of it, and return what
is wrong ([] / None / False when nothing is). tests/unit/test_letters_truth_predicates.py shows each one passing a
good hand-written text and catching a bad one, so a failure of the acceptance suite means the letter is wrong.
Law texts come from ../shared/law (the only law texts); nothing here imports the app.
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path

LAW_DIR = Path(__file__).resolve().parents[2] / "shared" / "law"
if not LAW_DIR.is_dir():  # worktrees live next to ../shared
    LAW_DIR = Path("/work/shared/law")

CJK = "\u4e00-\u9fff"
NUMERAL = "〇零一二三四五六七八九十百千"
PAGE_FOOTER = re.compile(r"^\s*\d+\s*/\s*\d+\s*$")


def flat(text: str) -> str:
    """Without the spaces and line breaks the layout adds, so wrapped sentences compare whole."""
    return re.sub(r"\s+", "", text)


def without_footers(text: str) -> str:
    return "\n".join(line.replace("\f", "") for line in text.split("\n") if not PAGE_FOOTER.match(line.replace("\f", "")))


def joined(text: str) -> str:
    """One string: the lines of a paragraph joined without their breaks (so a doubled word split by a line wrap is
    seen), paragraphs (blank lines) and table columns (runs of 2+ spaces) kept apart by '|', single spaces dropped."""
    out = []
    for line in without_footers(text).split("\n"):
        line = line.strip()
        if not line:
            out.append("|")
            continue
        out.append(re.sub(r"\s", "", re.sub(r"\s{2,}", "|", line)))
    return re.sub(r"\|+", "|", "".join(out))


def remove_all(text: str, parts, placeholder: str = "") -> str:
    """`text` (flat) with each of `parts` (flattened, longest first) replaced by `placeholder`."""
    for part in sorted({flat(p) for p in parts if p and len(flat(p)) >= 4}, key=len, reverse=True):
        text = text.replace(part, placeholder)
    return text


QUOTED = "〔引文〕"  # stands for her own words in a text checked for template artefacts (no empty “” left behind)


# --- the law files ------------------------------------------------------------------------------------------

@cache
def laws() -> dict[str, dict]:
    return {path.stem: json.loads(path.read_text(encoding="utf-8")) for path in sorted(LAW_DIR.glob("*.json"))}


def _title_key(title: str) -> str:
    title = re.sub(r"[（(][^）)]*[）)]", "", title)
    return re.sub(r"[《》〈〉\s]", "", title).replace("中华人民共和国", "")


def law_for_title(title: str) -> list[str]:
    """The law files a cited title can mean (two for 治安管理处罚法 unless the year is given)."""
    key = _title_key(title)
    found = [stem for stem, law in laws().items() if key in (_title_key(law["title"]), _title_key(law.get("short_name", "")))]
    years = re.findall(r"(19|20)\d\d", title)
    if len(found) > 1 and years:
        year = re.search(r"(?:19|20)\d\d", title).group(0)
        found = [stem for stem in found if year in stem or year in laws()[stem]["title"]] or found
    return found


@cache
def law_paragraphs() -> tuple[str, ...]:
    """Every paragraph (flattened) of every complete article in ../shared/law."""
    return tuple(flat(p) for law in laws().values() for text in law["articles"].values() for p in text.split("\n") if flat(p))


CITATION_HEADING = re.compile(rf"^《(.+)》(第[{NUMERAL}]+条(?:之[{NUMERAL}]+)?)(?:第[{NUMERAL}]+款)?(?:第[（(]?[{NUMERAL}]+[）)]?项)?$")
CITATION_INLINE = re.compile(rf"《([^《》]*(?:〈[^〉]*〉[^《》]*)?)》\s*(第[{NUMERAL}]+条(?:之[{NUMERAL}]+)?)")


def citations(text: str) -> list[tuple[str, str]]:
    """(title, article) of every article the letter names, as a quoted heading or inline (《…》第…条)."""
    found = []
    for line in without_footers(text).split("\n"):
        match = CITATION_HEADING.match(line.strip())
        if match:
            found.append((match.group(1), match.group(2)))
    for match in CITATION_INLINE.finditer(flat(text)):
        found.append((match.group(1), match.group(2)))
    # further articles of the same law in one reference: 《…》第二十九条、第二十二条
    for match in re.finditer(rf"《([^》]+)》((?:第[{NUMERAL}]+条(?:之[{NUMERAL}]+)?[、和及至到]?)+)", flat(text)):
        for article in re.findall(rf"第[{NUMERAL}]+条(?:之[{NUMERAL}]+)?", match.group(2)):
            found.append((match.group(1), article))
    return list(dict.fromkeys(found))


def without_law(text: str) -> str:
    """The letter (flat) without the law it quotes and the headings of its quotes: what the letter itself says."""
    lines = without_footers(text).split("\n")
    body = flat("\n".join(line for line in lines if not CITATION_HEADING.match(line.strip())))
    for paragraph in sorted(law_paragraphs(), key=len, reverse=True):
        if len(paragraph) >= 6:
            body = body.replace(paragraph, "")
    return body


# --- predicates ---------------------------------------------------------------------------------------------

def partial_article_citations(text: str) -> list[str]:
    """Articles cited that ../shared/law holds only in `partial_articles` (never to be cited)."""
    bad = []
    cited = citations(text)
    body = flat(text)
    for stem, law in laws().items():
        for label in law.get("partial_articles") or {}:
            names = {law["title"], law.get("short_name", "")} - {""}
            if any(article == label and stem in law_for_title(title) for title, article in cited) or any(re.search(re.escape(flat(name)) + r"》?(?:的)?" + label, body) for name in names):
                bad.append(f"{law['title']}{label}")
    return list(dict.fromkeys(bad))


def unknown_citations(text: str) -> list[str]:
    """Articles cited that ../shared/law does not hold as complete text (unknown law or article)."""
    bad = []
    for title, article in citations(text):
        stems = law_for_title(title)
        if not stems:
            bad.append(f"《{title}》{article}: no such law in ../shared/law")
        elif not any(article in laws()[stem]["articles"] for stem in stems):
            bad.append(f"《{title}》{article}: not a complete article in ../shared/law")
    return bad


def misquoted_articles(text: str) -> list[str]:
    """Quoted articles (a heading line 《…》第…条 followed by its text) whose text is not verbatim in ../shared/law."""
    lines = without_footers(text).split("\n")
    bad = []
    for index, line in enumerate(lines):
        match = CITATION_HEADING.match(line.strip())
        if not match:
            continue
        title, article = match.group(1), match.group(2)
        stems = [stem for stem in law_for_title(title) if article in laws()[stem]["articles"]]
        if not stems:
            bad.append(f"《{title}》{article}: not in ../shared/law")
            continue
        rest = flat("\n".join(lines[index + 1:]))
        if not any(_quote_matches(rest, laws()[stem]["articles"][article]) for stem in stems):
            bad.append(f"《{title}》{article}: quoted text differs from ../shared/law: {rest[:60]}…")
    return bad


def _quote_matches(rest: str, article_text: str) -> bool:
    """`rest` begins with one or more consecutive paragraphs of the article, verbatim, and does not go on with an
    altered version of the article's next paragraph."""
    paragraphs = [flat(p) for p in article_text.split("\n") if flat(p)]
    for start, first in enumerate(paragraphs):
        if not rest.startswith(first):
            continue
        position, index = len(first), start + 1
        while index < len(paragraphs) and rest.startswith(paragraphs[index], position):
            position += len(paragraphs[index])
            index += 1
        if index < len(paragraphs):
            following = paragraphs[index]
            probe = following[: min(8, len(following))]
            if rest.startswith(probe, position):  # the next paragraph starts but is not quoted verbatim
                return False
        return True
    return False


def slash_alternatives(text: str) -> list[str]:
    """"A/B" alternatives left for the reader: a slash between Chinese words."""
    body = joined(text)
    return [m.group(0) for m in re.finditer(rf"[{CJK}]{{1,6}}\s*/\s*[{CJK}]{{1,6}}", body)]


def doubled_words(text: str) -> list[str]:
    """Doubled two-character words (本人本人)."""
    return [m.group(0) for m in re.finditer(rf"([{CJK}]{{2}})\1", joined(text))]


DANGLING = [r"[，、：；](?=\d{1,2}\.(?!\d))", r"，\s*。", r"、\s*。", r"：\s*。", r"；\s*。", r"，\s*，", r"。\s*。", r"、\s*、", r"，\s*）", r"、\s*）", r"：\s*）",
            r"（\s*）", r"\(\s*\)", r"《\s*》", r"“\s*”", r"【\s*】", r"〈\s*〉", r"「\s*」", r"（\s*，", r"（\s*。"]
EMPTY_LABEL = re.compile(r"^\s*(地址|通讯地址|联系电话|住所|住址|身份证号码|被申诉人|被申诉人地址|被告|原告|发件人|致|邮编)：\s*$")


def dangling_punctuation(text: str) -> list[str]:
    """Punctuation left dangling by an empty field: "，。", "（）", "：。", "、。", empty brackets, a list item ending in "，"."""
    body = joined(text)
    return [m.group(0) for pattern in DANGLING for m in re.finditer(pattern, body)]


def empty_labels(text: str) -> list[str]:
    """A label printed with no value ("地址：" and nothing after it)."""
    return [line.strip() for line in without_footers(text).split("\n") if EMPTY_LABEL.match(line)]


HEADINGS = re.compile(
    rf"^(?:[一二三四五六七八九十]+、\s*\S{{2,20}}|诉讼请求|事实与理由|事实和理由|法律依据|证据和证据来源|证据目录|附件|附件：\S*|附：|此致|"
    rf"涉及的号码|补充说明：|号码\s+号码归属运营商.*|《.+》第[{NUMERAL}]+条(?:之[{NUMERAL}]+)?(?:第[{NUMERAL}]+款)?)$"
)


def stranded_headings(text: str) -> list[str]:
    """Headings printed as the last line of a page (their text starts on the next page)."""
    pages = text.split("\f")
    while pages and not pages[-1].strip():
        pages.pop()
    bad = []
    for number, page in enumerate(pages[:-1], start=1):
        lines = [line.strip() for line in page.split("\n") if line.strip() and not PAGE_FOOTER.match(line)]
        if lines and HEADINGS.match(lines[-1]):
            bad.append(f"page {number}: {lines[-1]}")
    return bad


ALLOWED_LATIN = {"SHA", "PDF", "URL", "APP", "App", "app", "E-mail", "email", "Email", "sha256", "SHA256"}


def english_ids(text: str, *, allowed=()) -> list[str]:
    """English words or ids (escalation, snake_case, kind names) in the Chinese text; SHA-256, PDF, URLs, hex
    hashes, E.164 numbers and strings the borrower typed (`allowed`) are fine."""
    body = flat(text)
    body = re.sub(r"https?://\S+?(?=[\u3000-\u303f\uff00-\uffef\u4e00-\u9fff]|$)", "", body)
    for item in sorted({flat(a) for a in allowed if a}, key=len, reverse=True):
        body = body.replace(item, "")
    body = re.sub(r"SHA-?256", "", body, flags=re.IGNORECASE)
    body = re.sub(r"(?<![A-Za-z])[0-9a-f]{12,}(?![g-zG-Z])", "", body)  # hex digests, possibly wrapped
    tokens = re.findall(r"[A-Za-z][A-Za-z_]*", body)
    return [t for t in tokens if t not in ALLOWED_LATIN and not re.fullmatch(r"[0-9a-f]{1,12}", t)]


def zero_count_rows(text: str) -> list[str]:
    """Places where "0" reads as a count of contacts ("记录次数 0", "0次", a number's table row with a bare 0)."""
    bad = []
    for line in without_footers(text).split("\n"):
        if re.search(r"(?<![\d.])0\s*(?:次|条|通)", line) or (re.search(r"\d{5,}", line) and re.search(r"(?:^|\s)0(?:\s|$)", line)):
            bad.append(line.strip())
    return bad


def totals_below(text: str, floor: int) -> list[str]:
    """Totals ("共N次") below `floor` (her stated peak per day): her statement is understated."""
    return [m.group(0) for m in re.finditer(r"共(\d+)\s*(?:次|条)", flat(text)) if int(m.group(1)) < floor]


def states_peak(text: str, peak: int) -> bool:
    return re.search(rf"(?<!\d){peak}\s*(?:次|条|通|个)", flat(text)) is not None


TABLE_ROW_START = re.compile(r"^\+?\d{5,}")


def port_sentences(text: str, port: str) -> list[str]:
    """Each place a 106 port is named: its table row (with the lines its cells wrap onto, up to the next row or a
    blank line), or the sentence around it."""
    places = []
    lines = without_footers(text).split("\n")
    in_row = set()
    for index, line in enumerate(lines):
        if port in line.replace(" ", "") and re.search(r"\S\s{2,}\S", line.strip()):
            row = [index]
            for following in range(index + 1, len(lines)):
                if not lines[following].strip() or TABLE_ROW_START.match(lines[following].strip()):
                    break
                row.append(following)
            in_row.update(row)
            places.append(flat("".join(lines[i] for i in row)))
    body = flat("\n".join(line for index, line in enumerate(lines) if index not in in_row))
    for sentence in re.split(r"(?<=[。；])", body):
        if port in sentence:
            places.append(sentence)
    return places


def port_called_collectors_number(place: str) -> bool:
    """True when a place naming a 106 port does not describe it as the port of a site that was abused."""
    described = "端口" in place and re.search(r"网站|平台|应用|验证码|注册", place)
    return not described


THIRD_PARTY_WORDS = r"家人|家属|亲属|亲友|父母|配偶|朋友|工作单位|用人单位|同事|领导|通讯录|联系人|第三人|他人"
CONTACT_VERBS = r"联系(?!人|方式|电话|号码)|骚扰|侵扰|透露|告知|催收(?!机构|方|公司|人员|主体)|拨打|打扰|发送|泄露"


THIRD_PARTY_KINDS = {
    "family": r"家人|家属|亲属|父母|配偶|子女|亲友",
    "employer": r"工作单位|用人单位|同事|领导",
    "contacts": r"通讯录|联系人|朋友|好友",
}


def unfounded_third_parties(demands: str, targets: set[str]) -> list[str]:
    """Third parties a demand names that the case does not say were contacted (family, employer, contacts)."""
    found = []
    for sentence in third_party_demands(demands):
        for target, pattern in THIRD_PARTY_KINDS.items():
            if target not in targets:
                found += re.findall(pattern, sentence)
    return found


def third_party_demands(demands: str) -> list[str]:
    """Demands (sentences of the demands section) about contacting third parties."""
    return [s for s in re.split(r"(?<=[。；])", flat(demands)) if re.search(THIRD_PARTY_WORDS, s) and re.search(CONTACT_VERBS, s)]


NIGHT_WORDS = r"夜间|晚上|深夜|凌晨|休息时间|21时|22时|次日8时|21:00|22:00"


def night_wording(text: str) -> list[str]:
    return re.findall(NIGHT_WORDS, text)


# Allegation words that need the borrower's report (harassment.content).
ALLEGATIONS = {
    "insult": r"辱骂|侮辱|谩骂",
    "defamation": r"诽谤|捏造事实",
    "threat": r"威胁|恐吓",
    "threat_violence": r"暴力|人身安全|殴打|伤害",
    "impersonating_officials": r"冒充|冒称|假冒|冒用|假扮",
    "obscene": r"淫秽",
    "false_legal_threat": r"谎称|虚假.{0,4}(?:诉讼|起诉|传票)|假传票",
}


def allegations(text: str, content: set[str]) -> list[str]:
    """Allegation words the borrower's reported content does not support."""
    allowed = set(content)
    if content & {"threat_violence", "threat_exposure", "false_legal_threat"}:
        allowed.add("threat")
    return [word for key, pattern in ALLEGATIONS.items() if key not in allowed for word in re.findall(pattern, text)]


def demands_code_bombing_stop(demands: str) -> bool:
    body = flat(demands)
    return any("验证码" in s and re.search(r"停止|制止|不得|禁止", s) for s in re.split(r"(?<=[。；])", body))


def cites_psapl_2025_article_50(text: str) -> bool:
    """Cites 治安管理处罚法 第五十条, of the 2025 revision (not the 2012 text)."""
    for title, article in citations(text):
        if article == "第五十条" and "治安管理处罚法" in title and "2012" not in title:
            return True
    return False


def cites(text: str, stem: str, article: str) -> bool:
    return any(article == cited and stem in law_for_title(title) for title, cited in citations(text))


# How a sentence names each action of facts.md (its 中文 name and the usual ways a letter says it).
ACTION_WORDS = {
    "demand_collector_stop": r"要求催收方停止|停止违规催收|停止催收通知|通知催收方",
    "complain_lender": r"向放贷机构投诉|向贵司投诉|放贷机构.{0,20}投诉",
    "pipl_request": r"个人信息|撤回.{0,6}同意|删除",
    "negotiate_repayment": r"协商还款|还款方案",
    "complain_carrier": r"运营商.{0,20}投诉|向中国(?:移动|联通|电信|广电).{0,10}投诉",
    "report_12321": r"12321",
    "appeal_miit": r"申诉",
    "complain_regulator": r"金融监[督管]|金融管理|监管(?:部门|局|机构)",
    "report_police": r"报案|报警|公安",
    "sue_in_court": r"起诉|法院",
    "complain_consumer_association": r"消费者(?:协会|委员会|权益保护委员会)|保护消费者权益委员会",
}


def self_citations(text: str, dates: list[str], action: str = "") -> list[str]:
    """Sentences that state a step was already taken on one of `dates` (today): the letter citing its own sending.
    With the letter's `action`, a sentence that names only other actions (another step she took the same day) is
    not one; a sentence that names its own action, or no action at all, is."""
    found = []
    for sentence in re.split(r"(?<=[。；])", flat(text)):
        if "已" not in sentence or not any(d in sentence for d in dates):
            continue
        if action:
            own = re.search(ACTION_WORDS[action], sentence)
            others = any(re.search(words, sentence) for name, words in ACTION_WORDS.items() if name != action)
            if others and not own:
                continue
        found.append(sentence)
    return found


def counts_from_receipt(text: str) -> bool:
    """The 15 days are counted from the lender's receipt of the complaint, and nowhere from the letter's date."""
    body = flat(text)
    from_receipt = re.search(r"收到[^。]{0,20}(?:之日起|起)[^。]{0,12}15日|15日[^。]{0,20}自[^。]{0,12}收到", body)
    from_letter = re.search(r"自本函(?:日期|发出|落款)?(?:之日)?起算|自本函日期起", body)
    return bool(from_receipt) and not from_letter


HEDGES = r"以现行|为准|可能|或已|尚待|如仍|如该|是否仍|修订前|未经核实|版本"


def unhedged_mentions(text: str, article_phrase: str) -> list[str]:
    """Sentences (outside quoted law) that rely on `article_phrase` without a hedge."""
    return [s for s in re.split(r"(?<=[。；])", text) if article_phrase in s and not re.search(HEDGES, s)]


def announces_evidence_list(body: str) -> bool:
    return "证据目录" in flat(body)


def has_evidence_list(text: str) -> bool:
    """An evidence list is attached: its heading on a line of its own, and at least one row (证据1)."""
    lines = without_footers(text).split("\n")
    for index, line in enumerate(lines):
        if re.fullmatch(r"\s*(附件：)?证据目录\s*", line):
            return re.search(r"证据\s*1(?!\d)", flat("\n".join(lines[index:]))) is not None
    return False


def shared_paragraphs(facts_by_case: dict[str, str]) -> list[tuple[str, str, str]]:
    """(case, other case, paragraph) for each facts paragraph two letters share (tables and short captions aside)."""
    seen: dict[str, str] = {}
    shared = []
    for case_id, facts in facts_by_case.items():
        for paragraph in paragraphs(facts):
            if paragraph in seen and seen[paragraph] != case_id:
                shared.append((seen[paragraph], case_id, paragraph))
            seen.setdefault(paragraph, case_id)
    return shared


def paragraphs(section: str) -> list[str]:
    """Paragraphs (separated by blank lines) of a section, flattened; table rows and captions under 10 characters aside."""
    blocks, current = [], []
    for line in without_footers(section).split("\n"):
        if not line.strip() or re.search(r"\S\s{3,}\S", line.strip()):
            if current:
                blocks.append(flat("".join(current)))
            current = []
            continue
        current.append(line)
    if current:
        blocks.append(flat("".join(current)))
    return [block for block in blocks if len(block) >= 10]


def appeal_ground_problem(text: str, result: str) -> str:
    """What is wrong with the ground an MIIT appeal states (电信用户申诉处理办法 第十条（四）) for the carrier complaint's
    `result`: '' when it states the one ground her step gives."""
    body = flat(text)
    unanswered = re.search(r"未在15日内答复|15日内未答复|15日内未作答复|15日内未予答复", body)
    if result in ("continued", "refused"):
        if "不满意" not in body:
            return "does not say she is dissatisfied with the carrier's handling"
        if unanswered:
            return "also gives the 15 unanswered days as a ground"
        return ""
    if not unanswered:
        return "does not say the carrier left the complaint unanswered for 15 days"
    if "不满意或者" in body:
        return "leaves both grounds for the reader"
    return ""


def promised_answer_periods(text: str) -> list[str]:
    """Sentences promising a 30-day answer under 电信条例 第三十九条."""
    return [s for s in re.split(r"(?<=[。；）])", flat(text)) if re.search(r"30日|三十日", s) and re.search(r"电信条例|第三十九条", s)]


def names_defendant(text: str, name: str) -> bool:
    """`name` is a defendant (被告：…, 被告一：…, 第二被告：…) of a 起诉状."""
    return re.search(r"被告[^：:。]{0,4}[：:]" + re.escape(flat(name)), flat(text)) is not None
