"""What every benchmark does first and last: find the project and start Django; write its own section of the report.

A benchmark runs as `python bench/<name>.py`, so its folder is on sys.path and `import _bootstrap` finds this
module, which puts the project root there too. Each script writes one section of docs/benchmarks.md, between
its `<!-- <name>:start -->` and `<!-- <name>:end -->` lines, and leaves the other sections as they are.
"""

from __future__ import annotations

import os
import platform
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REPORT = ROOT / "docs" / "benchmarks.md"
_NEW_REPORT = "# 性能基准\n\n由 bench/ 下的脚本写入；每个脚本只改写自己的一节。\n"

if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")


def django_setup() -> None:
    """Start Django with the project's settings (after any environment a script sets first, such as DATABASE_URL)."""
    import django

    django.setup()


def markers(name: str) -> tuple[str, str]:
    """The lines that open and close the section of benchmark `name` in the report."""
    return f"<!-- {name}:start -->", f"<!-- {name}:end -->"


def write_section(text: str, path: Path = REPORT) -> None:
    """Put a section (its first line the start marker, its last the end marker) in the report in place of its old copy."""
    lines = text.splitlines()
    start, end = lines[0], lines[-1]
    current = path.read_text(encoding="utf-8") if path.exists() else _NEW_REPORT
    if start in current and end in current:
        updated = current[: current.index(start)] + text + current[current.index(end) + len(end):]
    else:
        updated = current.rstrip("\n") + "\n\n" + text + "\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(updated, encoding="utf-8")


def commit() -> str:
    """The commit the measured code is at (with "+改动" when the work tree differs from it), so a figure names its code."""
    try:
        head = subprocess.run(["git", "rev-parse", "--short=10", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=True).stdout.strip()
        # The report itself is not the measured code: another benchmark may just have rewritten its section.
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no", "--", ".", ":!docs/benchmarks.md"],
                               cwd=ROOT, capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "（未知提交）"
    return f"{head}+改动" if dirty else head


def machine() -> str:
    """The code, the Python and the machine a result was measured on, for the report's closing line."""
    return f"提交 {commit()}，Python {platform.python_version()}，{platform.machine()}，{os.cpu_count()} 核"

