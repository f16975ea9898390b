"""The apps' boundary: the pure side (guidance's domain modules) never imports the Django app `complaints`,
and the benchmarks never import the test suite.

`complaints` uses guidance (the case file, the engine, phones, the clock, the vocabulary); the arrows run one way,
so the engine can be run and tested without the app's models. Imports are read with ast, so an import inside a
function counts as well.
"""

import ast
from pathlib import Path

import pytest

GUIDANCE = Path(__file__).resolve().parents[2] / "guidance"
# The Django glue of the guidance app may reach into complaints (pages, commands); everything else is pure.
NOT_PURE = {"views.py", "urls.py", "apps.py"}
NOT_PURE_DIRS = {"templatetags", "management", "migrations"}


def pure_modules() -> list[Path]:
    return sorted(path for path in GUIDANCE.glob("*.py") if path.name not in NOT_PURE)


def imported_modules(source: str) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def test_the_pure_side_is_what_the_rule_says():
    names = {path.name for path in pure_modules()}
    assert {"engine.py", "schema.py", "phones.py", "analysis.py", "clock.py", "vocabulary.py"} <= names
    assert not names & NOT_PURE
    assert all((GUIDANCE / directory).is_dir() for directory in NOT_PURE_DIRS)


@pytest.mark.parametrize("path", pure_modules(), ids=lambda path: path.name)
def test_pure_modules_do_not_import_the_complaints_app(path):
    wrong = sorted(name for name in imported_modules(path.read_text(encoding="utf-8"))
                   if name == "complaints" or name.startswith("complaints."))
    assert wrong == [], f"guidance/{path.name} imports {wrong}: move what it needs to the pure side"


@pytest.mark.parametrize(("source", "found"), [
    ("import complaints.models", True),
    ("from complaints import models", True),
    ("def f():\n    from complaints.models import Case\n", True),
    ("from guidance import clock\nimport phonenumbers", False),
    ("from . import complaints_like", False),
])
def test_the_check_sees_every_form_of_import(source, found):
    assert any(name == "complaints" or name.startswith("complaints.") for name in imported_modules(source)) is found


@pytest.mark.parametrize("path", sorted((GUIDANCE.parent / "bench").glob("*.py")), ids=lambda path: path.name)
def test_benchmarks_do_not_import_the_test_suite(path):
    wrong = sorted(name for name in imported_modules(path.read_text(encoding="utf-8")) if name == "tests" or name.startswith("tests."))
    assert wrong == [], f"bench/{path.name} imports {wrong}: move what it needs out of tests/"
