"""complaints.audit_actions: every action name the code passes to audit_record is registered and labelled.

The names are read from the source (every `audit_record(action=...)` call), so a new audit row written under
an unregistered name fails here before it fails in production.
"""

import ast
from pathlib import Path

import pytest

from complaints.audit_actions import AUDIT_ACTIONS, UnknownAuditAction, audit_action_check, audit_action_label
from complaints.services.audit import audit_record

CODE = Path(__file__).resolve().parents[2] / "complaints"
# evidence_open_verified records f"evidence.{purpose}": its purposes are read from its callers.
PURPOSE_CALLS = {"evidence_open_verified"}


def _calls(tree, names):
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", None)
            if name in names:
                yield node


def _keyword(call, name):
    return next((keyword.value for keyword in call.keywords if keyword.arg == name), None)


def action_names_in_code() -> tuple[set[str], list[str]]:
    """The action names the code writes, and the places where an action is not a name this test can read."""
    names, unreadable, purposes = set(), [], set()
    for path in sorted(CODE.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for call in _calls(tree, {"audit_record"}):
            action = _keyword(call, "action")
            if isinstance(action, ast.Constant) and isinstance(action.value, str):
                names.add(action.value)
            elif ast.unparse(action) == "f'evidence.{purpose}'":
                continue  # the purposes below
            elif path.name != "audit.py":  # audit_record itself passes its argument on
                unreadable.append(f"{path.relative_to(CODE.parent)}:{call.lineno}: {ast.unparse(action)}")
        for call in _calls(tree, PURPOSE_CALLS):
            purpose = _keyword(call, "purpose")
            if isinstance(purpose, ast.Constant):
                purposes.add(f"evidence.{purpose.value}")
            elif not (isinstance(purpose, ast.Name) and purpose.id == "purpose"):
                unreadable.append(f"{path.relative_to(CODE.parent)}:{call.lineno}: purpose={ast.unparse(purpose)}")
    return names | purposes, unreadable


def test_every_action_name_in_the_code_is_registered_and_labelled():
    names, unreadable = action_names_in_code()
    assert unreadable == [], "write the action name as a literal (or extend this test to read it)"
    assert len(names) > 40  # the scan finds the calls (a broken scan would pass vacuously)
    assert sorted(names - set(AUDIT_ACTIONS)) == []
    for name in names:
        label = str(AUDIT_ACTIONS[name])
        assert label and label != name, name


def test_every_registered_name_is_used_in_the_code():
    names, _unreadable = action_names_in_code()
    assert sorted(set(AUDIT_ACTIONS) - names) == []


def test_labels_are_distinct_so_staff_can_tell_actions_apart():
    labels = [str(label) for label in AUDIT_ACTIONS.values()]
    assert len(labels) == len(set(labels))


def test_an_unknown_action_is_refused_with_a_clear_error_before_anything_is_written():
    assert audit_action_check("case.note_add") == "case.note_add"
    with pytest.raises(UnknownAuditAction, match=r"'evidence\.download'.*complaints\.audit_actions\.AUDIT_ACTIONS"):
        # No database here: a write would fail differently.
        audit_record(actor=None, action="evidence.download", subject=None)


def test_the_audit_page_label_falls_back_to_the_recorded_name_for_old_rows():
    assert audit_action_label("evidence.downloaded") == AUDIT_ACTIONS["evidence.downloaded"]
    assert audit_action_label("some.retired_name") == "some.retired_name"
