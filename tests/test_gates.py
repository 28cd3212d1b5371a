"""Quality gates of issue 13, run with every `./dev test` and so in CI: ruff with the rule set in
pyproject.toml at 0 findings, and `mypy --strict` on `asskomm` and `hooks` at 0 errors."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent  # the venv's ruff and mypy, pinned in requirements/lock.txt


def run(*cmd: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(cmd, cwd=REPO, capture_output=True, text=True)


def test_ruff_finds_nothing() -> None:
    result = run(str(BIN / "ruff"), "check", "--no-cache", ".")
    assert result.returncode == 0, f"ruff check .:\n{result.stdout}{result.stderr}"


def test_mypy_strict_finds_nothing() -> None:
    # The configuration (strict, files = asskomm and hooks) is in pyproject.toml.
    result = run(str(BIN / "mypy"), "--strict", "asskomm", "hooks")
    assert result.returncode == 0, f"mypy --strict asskomm hooks:\n{result.stdout}{result.stderr}"
    assert "Success: no issues found" in result.stdout
