"""The suite passes on any day, not only on the days it was written.

A test that reads the real clock (directly, through SQLite, or in a command it runs) can pass
for weeks and then fail on a date nobody chose. So the tests that read it run once more here
with the whole machine's clock a year ahead: libfaketime moves the clock of the inner pytest
and of every process it starts (the installed `bounceback`, SQLite's own `now`).

The dashboard tests freeze the clock instead; `tests/ui/conftest.py`'s `frozen` fixture fails
a test that leaves the frozen clock (pendulum's `travel_to` does not nest), on any date.

To run the whole suite a year ahead by hand: `faketime -f +365d pytest`.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

FAKETIME = shutil.which("faketime")
ROOT = Path(__file__).resolve().parent.parent

READS_THE_CLOCK = [
    "tests/domain",
    "tests/store",
    "tests/cli",
    "tests/reliability/test_dates_tz.py",
    "tests/ui/test_dashboard.py",
    "tests/ui/test_reflection.py",
    "tests/ui/test_screens.py",
    "tests/ui/test_timeline.py",
]
"""Where tests read today's date: relative dates ("3 days ago", "today"), streaks that end
today, stats of commands run on the real clock, dialogs that default to today."""

YEAR = 365 * 24 * 3600
DAY = 24 * 3600


def _ahead(offset: str, *args: str, **kwargs: object) -> subprocess.CompletedProcess[str]:
    assert FAKETIME is not None
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
    return subprocess.run([FAKETIME, "-f", offset, *args], capture_output=True, text=True,
                          check=False, env=env, cwd=ROOT, **kwargs)  # type: ignore[call-overload]


@pytest.mark.slow
@pytest.mark.skipif(FAKETIME is None, reason="needs libfaketime (Debian: apt-get install "
                    "faketime), which .ci/run installs")
def test_the_tests_that_read_the_clock_pass_a_year_ahead(tmp_path: Path,
                                                         request: pytest.FixtureRequest) -> None:
    """Setup: libfaketime with the clock 365 days ahead of the real one.
    Action: pytest on every test module that reads the real clock, in a new process.
    Holds: the inner processes really see next year (a child `bounceback` too), and every
    one of those tests passes there."""
    seen = _ahead("+365d", sys.executable, "-c", "import time; print(time.time())")
    assert seen.returncode == 0, seen.stderr
    assert float(seen.stdout) - time.time() > YEAR - 3600, "libfaketime did not move the clock"
    bounceback = shutil.which("bounceback", path=str(Path(sys.executable).parent))
    if bounceback:  # the installed command, as the CLI tests run it, sees next year too
        db = tmp_path / "seen" / "h.db"
        added = _ahead("+365d", bounceback, "--db", str(db), "add", "Acme", "Dev")
        listed = _ahead("+365d", bounceback, "--db", str(db), "list", "--json")
        assert added.returncode == 0 and listed.returncode == 0, added.stderr + listed.stderr
        year = int(json.loads(listed.stdout)[0]["applied_on"][:4])
        assert year in {time.localtime(time.time() + YEAR + day).tm_year for day in (-DAY, DAY)}

    early = getattr(request.config, "_year_ahead", None)
    if early is None:  # run alone (or chosen with -k): start it now
        early = YearAhead.start(tmp_path / "inner")
    returncode, output = early.wait()
    tail = "\n".join(output.splitlines()[-40:])
    assert returncode == 0, f"a year ahead, the suite fails:\n{tail}"
    assert " passed" in tail and " failed" not in tail


class YearAhead:
    """The inner run a year ahead, as a process of its own.

    It takes about four minutes, mostly in the dashboard tests, so tests/conftest.py starts it
    once the first, quiet part of the suite is done (the end-to-end tests in a real terminal
    run alone), and the suite goes on beside it (the machine has more than one core; the
    inner run is niced so the outer one keeps its pace). The test above then only waits."""

    def __init__(self, process: subprocess.Popen[str], output: Path) -> None:
        self.process, self.output = process, output

    @classmethod
    def start(cls, basetemp: Path) -> YearAhead:
        assert FAKETIME is not None
        basetemp.parent.mkdir(parents=True, exist_ok=True)
        output = basetemp.parent / "year-ahead.log"
        env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
        nice = [shutil.which("nice") or "nice", "-n", "10"] if shutil.which("nice") else []
        with output.open("w") as sink:
            process = subprocess.Popen(
                [*nice, FAKETIME, "-f", "+365d", sys.executable, "-m", "pytest", "-q",
                 "-p", "no:cacheprovider", "--basetemp", str(basetemp), *READS_THE_CLOCK],
                stdout=sink, stderr=subprocess.STDOUT, text=True, env=env, cwd=ROOT)
        return cls(process, output)

    def wait(self, timeout: float = 1800) -> tuple[int, str]:
        try:
            returncode = self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.stop()
            returncode = -1
        return returncode, self.output.read_text(errors="replace")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
