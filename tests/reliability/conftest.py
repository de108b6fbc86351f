"""Fixtures of the reliability suite: one fork server for the session, and the figures
(faults injected, writes checked) printed at the end of the run."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from reliability_support import TALLY, ForkServer, Tally


@pytest.fixture(scope="session")
def fork_server() -> Iterator[ForkServer]:
    """Starts warm writer processes in milliseconds (see fault_jobs.py)."""
    server = ForkServer()
    try:
        yield server
    finally:
        server.close()


@pytest.fixture(autouse=True)
def no_children_left(request: pytest.FixtureRequest) -> Iterator[None]:
    """A test that fails half-way leaves no writer running into the next one."""
    yield
    if "fork_server" in request.fixturenames:
        request.getfixturevalue("fork_server").reap_all()


@pytest.fixture
def tally() -> Tally:
    """The suite's running figures."""
    return TALLY


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Print how many faults were injected and how many writes were checked."""
    if not (TALLY.faults or TALLY.writes_checked or TALLY.rows_compared):
        return
    write = terminalreporter.write_line
    terminalreporter.section("reliability figures")
    write(f"faults injected: {sum(TALLY.faults.values())}  "
          + ", ".join(f"{k}: {v}" for k, v in sorted(TALLY.faults.items())))
    write(f"writes checked:  {sum(TALLY.writes_checked.values())}  "
          + ", ".join(f"{k}: {v}" for k, v in sorted(TALLY.writes_checked.items())))
    write(f"rows compared:   {sum(TALLY.rows_compared.values())}  "
          + ", ".join(f"{k}: {v}" for k, v in sorted(TALLY.rows_compared.items())))
