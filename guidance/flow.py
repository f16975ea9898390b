"""The borrower's answers while they go through the questions, kept by guidance.guide_state (an encrypted cookie in
her browser; nothing in the database until she saves a case).

State shape: {"tree": {"id", "version"}, "answers": {node id: answer}, "case": {the case file the answers
describe}, "saved_case_id": once saved}. The tree version is kept so that a borrower who started under one version
finishes under it even if a newer one is published meanwhile.
"""

from __future__ import annotations

import datetime as dt

from django.utils import formats
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from guidance import clock
from guidance import tree as trees
from guidance.answers import display_input
from guidance.guide_state import GuideState


class Flow:
    def __init__(self, guide: GuideState):
        self.guide = guide
        stored = guide.get() or {}
        ref = stored.get("tree") or {}
        try:
            self.tree = trees.load(ref.get("id", "escalation"), ref.get("version"))
        except trees.TreeError:
            # A version no longer shipped (should not happen: published versions stay); start again on the newest.
            self.tree, stored = trees.load(), {}
        self.answers: dict = dict(stored.get("answers") or {})
        self._stored = stored
        self._walked = None  # the path the answers take, until they change (one page asks for it several times)

    @property
    def started(self) -> bool:
        return bool(self.answers)

    def walk(self):
        if self._walked is None:
            self._walked = trees.walk(self.tree, self.answers)
        return self._walked

    @property
    def stop(self) -> str:
        """The first question still to answer on the borrower's path, or PLAN when every one is answered."""
        return self.walk()[1]

    def case(self) -> dict:
        return trees.case_from_answers(self.tree, self.answers, on_path=self.walk()[0])

    def save_answers(self, answers: dict):
        """Keep a screen's answers ({node id: answer}), and the case file they now describe."""
        self.answers.update(answers)
        self._walked = None
        self._store()

    def reset(self):
        self.guide.set(None)

    @property
    def answered_case(self) -> dict | None:
        """The case file the stored answers describe, as last saved with them (None before any answer)."""
        return self._stored.get("case") or None

    @property
    def saved_case_id(self) -> int | None:
        """The case these answers were saved as, so saving twice never makes a second copy."""
        return self._stored.get("saved_case_id")

    def mark_saved(self, case_id: int):
        self._stored = {**self._stored, "saved_case_id": case_id}
        self.guide.set(self._stored)

    def _store(self):
        self._stored = {**self._stored, "tree": self.tree.ref, "answers": self.answers, "case": self.case()}
        self.guide.set(self._stored)

    def screen(self, node_id: str) -> list:
        """The questions asked on the same page as `node_id` (the page's address is its first one's)."""
        return trees.screen_nodes(self.tree, node_id)

    def screen_start(self, node_id: str) -> str:
        return node_id if node_id == trees.PLAN else self.screen(node_id)[0].id

    def _screens_on_path(self) -> list[str]:
        """The first question of each screen on the borrower's path so far, in order."""
        return list(dict.fromkeys(self.screen_start(node.id) for node in self.walk()[0]))

    def can_show(self, node_id: str) -> bool:
        """A screen can be shown once every question before it on the borrower's path is answered."""
        on_path, stop = self.walk()
        start = self.screen_start(node_id)
        return start == self.screen_start(stop) or any(node.id == start for node in on_path)

    def previous(self, node_id: str) -> str | None:
        """The first question of the screen before the one `node_id` is on."""
        starts = self._screens_on_path()
        start = self.screen_start(node_id)
        index = starts.index(start) if start in starts else len(starts)
        return starts[index - 1] if index > 0 else None

    def progress(self, node_id: str) -> tuple[int, int]:
        """(position of this screen, expected number of screens) on the borrower's path so far."""
        on_path, _stop = self.walk()
        starts = self._screens_on_path()
        start = self.screen_start(node_id)
        position = starts.index(start) + 1 if start in starts else len(starts) + 1
        # After the answered part of the path, count the shortest way on to the plan.
        last = on_path[-1] if on_path else None
        from_id = trees.next_node(last, self.answers[last.id]) if last else self.tree.start
        return position, len(starts) + _shortest(self.tree, from_id)

    def after_answer(self, node, answer: dict, *, back_to_review: bool) -> str:
        """Where to go once `node` (the last of its screen) is answered: the next screen, or the review at the end.

        Coming from the review, skip questions whose kept answers still apply and stop at the first gap.
        """
        if back_to_review:
            return self.stop
        return trees.next_node(node, answer)

    def review_rows(self, language: str | None = None) -> list[dict]:
        language = language or get_language() or "zh-hans"
        rows = []
        for node in self.walk()[0]:
            if node.kind == "notice":
                continue
            rows.append({"node": node, "question": node.text.get(language), "answers": answer_lines(node, self.answers[node.id], language)})
        return rows


def _shortest(tree, node_id: str) -> int:
    """Number of screens on the shortest way from `node_id` (the start of a screen) to the plan."""
    count, frontier, seen = 0, {node_id}, set()
    while trees.PLAN not in frontier:
        seen |= frontier
        frontier = {target for current in frontier for target in trees.screen_nodes(tree, current)[-1].targets()} - seen
        count += 1
    return count


def chinese_date(iso: str, language: str) -> str:
    """2026-04-04 -> 2026年4月4日 (or the English date format)."""
    day = dt.date.fromisoformat(iso)
    if language.startswith("en"):
        return formats.date_format(day, "j F Y")
    return clock.chinese_date(day)


def answer_lines(node, answer: dict, language: str) -> list[str]:
    """The answer to one question, in words, one line per chosen option or filled input."""
    if node.kind == "single":
        return [node.choice(answer["choice"]).label.get(language)]
    if node.kind == "multi":
        return [node.choice(value).label.get(language) for value in answer["choices"]]
    lines = []
    for item in node.inputs:
        value = answer["values"].get(item.id)
        if value in (None, "", []):
            shown = _("（未填写）")
        elif item.type == "date":
            shown = chinese_date(value, language)
        elif isinstance(value, list):
            shown = "、".join(value)
        else:
            shown = display_input(item, value)
        lines.append(f"{item.label.get(language)}：{shown}")
    return lines
