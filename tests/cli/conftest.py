"""Fixtures for the command-line tests: a private HOME, a database path in tmp_path, and a
runner that checks the one-line error contract on every failure."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from bounceback_tui.cli import cli
from bounceback_tui.store import Store

PROG = "bounceback"


@pytest.fixture(autouse=True)
def private_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """No test reads or writes the real user folders or honours a real $BOUNCEBACK_DB."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.delenv("BOUNCEBACK_DB", raising=False)
    monkeypatch.setenv("COLUMNS", "120")  # the table's width does not depend on the terminal
    return home


@pytest.fixture
def db(tmp_path: Path) -> Path:
    """Where a test's database lives (created by the first command that opens it)."""
    return tmp_path / "hunt.db"


@dataclass
class Bounceback:
    """Runs `bounceback --db DB …` in-process through click's CliRunner."""

    db: Path
    runner: CliRunner

    def run(self, *args: str, db: Path | bool = True, input: str | None = None) -> Result:
        """Any outcome; `db=False` leaves out --db, a Path uses that file instead."""
        prefix: list[str] = []
        if db is True:
            prefix = ["--db", str(self.db)]
        elif isinstance(db, Path):
            prefix = ["--db", str(db)]
        return self.runner.invoke(cli, [*prefix, *args], input=input, prog_name=PROG,
                                  catch_exceptions=False)

    def ok(self, *args: str, **kwargs: Any) -> str:
        """Runs a command that must succeed; returns its standard output."""
        result = self.run(*args, **kwargs)
        assert result.exit_code == 0, (result.exit_code, result.stdout, result.stderr)
        return result.stdout

    def fails(self, *args: str, **kwargs: Any) -> str:
        """Runs a command that must fail with one `bounceback: …` line and exit status 1;
        returns that line without the prefix."""
        result = self.run(*args, **kwargs)
        assert result.exit_code == 1, (result.exit_code, result.stdout, result.stderr)
        assert result.stdout == "", result.stdout
        return one_error_line(result.stderr)

    def add(self, company: str, role: str, *options: str) -> int:
        """Adds an application through the CLI and returns its id."""
        return int(self.ok("add", company, role, *options))

    def rows(self, *options: str, **kwargs: Any) -> list[dict[str, Any]]:
        """`list --json`, parsed."""
        return json.loads(self.ok("list", "--json", *options, **kwargs))

    def export(self, **kwargs: Any) -> dict[str, Any]:
        """`export --format json`, parsed."""
        return json.loads(self.ok("export", "--format", "json", **kwargs))


def one_error_line(stderr: str) -> str:
    """The message of a failure, after checking the error contract."""
    assert "Traceback" not in stderr, stderr
    lines = stderr.splitlines()
    assert len(lines) == 1, stderr
    assert lines[0].startswith(f"{PROG}: "), stderr
    message = lines[0][len(PROG) + 2:]
    assert message.strip(), stderr
    assert not message.startswith("unexpected error"), stderr  # a bug, not a refusal
    return message


@pytest.fixture
def bb(db: Path) -> Bounceback:
    """The command line, bound to the test's database."""
    return Bounceback(db, CliRunner())


@pytest.fixture
def store_at() -> Iterator[Callable[[Path], Store]]:
    """Opens Stores for seeding and checking; every one is closed at the end of the test."""
    opened: list[Store] = []

    def open_store(path: Path) -> Store:
        store = Store.open(path)
        opened.append(store)
        return store

    yield open_store
    for store in opened:
        store.close()


def snapshot(path: Path) -> tuple[bytes | None, list[str]]:
    """A database file's bytes and the names beside it (to prove nothing was written and no
    -wal/-shm was left behind)."""
    data = path.read_bytes() if path.exists() else None
    return data, sorted(p.name for p in path.parent.iterdir())


@pytest.fixture
def file_state() -> Callable[[Path], tuple[bytes | None, list[str]]]:
    """`file_state(path)`: the bytes of a file and the names beside it."""
    return snapshot


# --- the real installed command --------------------------------------------------------------


def installed_bounceback() -> str:
    """The `bounceback` console script of the environment running the tests."""
    search = os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")])
    found = shutil.which("bounceback", path=search)
    assert found, "the bounceback console script is not installed in this environment"
    return found


@pytest.fixture
def run_process(private_home: Path, tmp_path: Path
                ) -> Callable[..., subprocess.CompletedProcess[str]]:
    """`run_process(args, extra_env=…)`: a real process with the private HOME, the test's
    folder as working directory, no terminal on stdin, and a time limit."""

    def run(args: list[str], *, extra_env: dict[str, str] | None = None
            ) -> subprocess.CompletedProcess[str]:
        env = {key: value for key, value in os.environ.items() if key != "BOUNCEBACK_DB"}
        env.update(HOME=str(private_home),
                   XDG_DATA_HOME=str(private_home / ".local" / "share"),
                   XDG_CONFIG_HOME=str(private_home / ".config"), PYTHONDONTWRITEBYTECODE="1")
        env.update(extra_env or {})
        return subprocess.run(args, capture_output=True, text=True, env=env, cwd=tmp_path,
                              stdin=subprocess.DEVNULL, timeout=60, check=False)

    return run


@pytest.fixture
def bounceback_exe() -> str:
    """The installed `bounceback` console script."""
    return installed_bounceback()
