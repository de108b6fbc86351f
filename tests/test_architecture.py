"""The house rules of docs/architecture.md, checked: import-linter's contracts in
pyproject.toml (layers, panes independent, only store/ talks to SQLite, a pure domain/, a data
layer without Textual or Rich), and an app shell that stays a shell."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _lint_imports() -> list[str]:
    exe = shutil.which("lint-imports", path=str(Path(sys.executable).parent))
    assert exe is not None, "import-linter is missing: pip install -e '.[test]'"
    return [exe, "--config", str(ROOT / "pyproject.toml"), "--no-cache"]


def test_every_import_contract_is_kept() -> None:
    done = subprocess.run(_lint_imports(), cwd=ROOT, capture_output=True, text=True,
                          timeout=300)
    report = done.stdout + done.stderr
    assert done.returncode == 0, report
    assert "5 kept, 0 broken" in report, report


def test_a_broken_rule_is_caught(tmp_path: Path) -> None:
    """The contracts bite: the same check on a copy where domain/ imports the store fails
    and names the contract."""
    copy = tmp_path / "bounceback_tui"
    shutil.copytree(ROOT / "bounceback_tui", copy,
                    ignore=shutil.ignore_patterns("__pycache__"))
    stages = copy / "domain" / "stages.py"
    stages.write_text(stages.read_text() + "\nfrom bounceback_tui.store import errors  # noqa\n")
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    done = subprocess.run(_lint_imports()[:-1] + ["--config", str(tmp_path / "pyproject.toml"),
                                                   "--no-cache"],
                          cwd=tmp_path, capture_output=True, text=True, timeout=300,
                          env={"PYTHONPATH": str(tmp_path), "PATH": "/usr/bin:/bin"})
    report = done.stdout + done.stderr
    assert done.returncode != 0, report
    assert "domain/ is pure" in report, report


def test_the_app_is_a_shell() -> None:
    """app.py holds layout, screens, palette, themes and routing; work lives in the panes,
    the store bridge and exports.py (issue 13: at most 350 lines)."""
    lines = (ROOT / "bounceback_tui" / "app.py").read_text().count("\n")
    assert lines <= 350, f"app.py has grown to {lines} lines"
