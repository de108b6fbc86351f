"""The processes the reliability tests kill, and the small fork server that starts them.

Importing the store costs about a second; a test that kills twenty writers would spend most
of its time importing. So `python fault_jobs.py` imports the store once (opening nothing),
then forks one child per request: a child is writing within milliseconds, and `kill -9`
lands while it writes, not while it imports.

Protocol (one JSON object a line on stdin, one answer a line on stdout):
  {"op": "run", "job": NAME, "args": {...}, "log": PATH}  ->  {"pid": PID}
  {"op": "wait", "pid": PID}                                ->  {"status": N}
A child writes its progress to `log` ("ready", then one line per committed change, written
only after the commit returned) and anything unexpected to `log + ".err"`. `status` is the
exit code, or minus the signal that ended the child (-9 for SIGKILL).

Every job is deterministic given its seed, so a test can recompute what a row must hold.
"""

from __future__ import annotations

import importlib
import json
import os
import random
import sys
import traceback
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

FORWARD = ("applied", "screening", "interviewing", "offer", "accepted")
CLOSING = ("rejected", "ghosted", "withdrawn", "declined")


class Log:
    """Progress lines, each one write(2) to an O_APPEND file: whole lines survive a kill."""

    def __init__(self, path: str) -> None:
        self._fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)

    def line(self, text: str) -> None:
        """Write one line (it is in the kernel when this returns, so a kill cannot lose it)."""
        os.write(self._fd, (text + "\n").encode())


def next_stage(rng: random.Random, current: str) -> str:
    """A plausible next stage for an application at `current` (never `current` itself)."""
    if current == "saved":
        return "applied"
    if current in FORWARD[:-1] and rng.random() < 0.7:
        return FORWARD[FORWARD.index(current) + 1]
    return rng.choice([s for s in CLOSING + FORWARD if s != current])


def write_pipeline(db: str, log: Log, seed: int, count: int = 0) -> int:
    """Add applications and move them along, one transaction each, forever (or `count`
    changes). Logs `add ID` / `move EVENT_ID` after each commit."""
    from bounceback_tui.store import InvalidInput, Store

    rng = random.Random(seed)
    with Store.open(db) as store:
        ids = [r.id for r in store.list_applications()]
        log.line("ready")
        done = 0
        while not count or done < count:
            if not ids or rng.random() < 0.45:
                stage = "saved" if rng.random() < 0.15 else "applied"
                record = store.add_application(
                    f"Company {seed}-{done}", rng.choice(["Backend", "Data", "SRE"]),
                    stage=stage, source=rng.choice(["", "referral", "LinkedIn"]),
                    notes="n" * rng.randrange(0, 3000))  # some rows spill onto more pages
                ids.append(record.id)
                log.line(f"add {record.id}")
            else:
                app_id = rng.choice(ids)
                current = store.get_application(app_id).application.stage
                try:
                    event = store.move(app_id, next_stage(rng, current),
                                       note="moved " * rng.randrange(0, 40))
                except InvalidInput:
                    continue  # e.g. the clock did not move since the last event
                log.line(f"move {event.id}")
            done += 1
    return 0


def draft_answers(seed: int, revision: int) -> dict[str, Any]:
    """The answers revision `revision` of a draft holds: recomputable, so a test can check
    a row is wholly one revision, not half of two. Some texts span several pages."""
    rng = random.Random(f"{seed}/{revision}")
    words = ["calm", "tired", "hopeful", "sad", "curious", "steady", "frustrated"]

    def text(longest: int) -> str:
        return f"r{revision} " + "".join(rng.choice("abcdefgh ,.é\n") for _ in
                                         range(rng.randrange(0, longest)))

    return {
        "feelings": rng.sample(words, rng.randrange(0, 4)),
        "mood_before": rng.randrange(1, 6),
        "reasons": rng.sample(["fit", "experience", "internal", "freeze"], rng.randrange(0, 3)),
        "reasons_text": text(9000),
        "went_well": text(2000),
        "do_differently": text(2000),
        "taught_me": text(12000),
        "next_step": text(200),
        "commitment_due": date(2026, 1, 1 + revision % 28),
        "mood_after": rng.randrange(1, 6),
    }


def save_drafts(db: str, log: Log, seed: int, count: int = 0) -> int:
    """Keep saving new revisions of one reflection draft (created on first run), as the
    dashboard's autosave does. Logs `draft ID REVISION` after each commit."""
    from bounceback_tui.store import Store

    with Store.open(db) as store:
        drafts = store.list_reflections(status="draft")
        if drafts:
            current = drafts[0]
        else:
            app = store.add_application("Draft Co", "Engineer", stage="rejected")
            current = store.save_reflection(draft_answers(seed, 1), application_id=app.id)
            log.line(f"draft {current.id} {current.revision}")
        log.line("ready")
        done = 0
        while not count or done < count:
            revision = current.revision + 1
            current = store.save_reflection(draft_answers(seed, revision),
                                            reflection_id=current.id,
                                            expected_revision=current.revision)
            assert current.revision == revision
            log.line(f"draft {current.id} {current.revision}")
            done += 1
    return 0


def add_many(db: str, log: Log, seed: int, count: int, tag: str) -> int:
    """`count` adds (and a move after every second one), then exit 0: a concurrent writer."""
    from bounceback_tui.store import Store

    with Store.open(db) as store:
        log.line("ready")
        for n in range(count):
            record = store.add_application(f"{tag} {n}", "Engineer")
            log.line(f"add {record.id}")
            if n % 2:
                event = store.move(record.id, "screening")
                log.line(f"move {event.id}")
    return 0


def bulk_then_small(db: str, log: Log, seed: int, bulk: int, small: int) -> int:
    """One import of `bulk` applications (one transaction, as `bounceback import` does),
    then `small` single adds; exit 0."""
    from bounceback_tui.store import Store
    from bounceback_tui.store.interchange import apply_plan, plan_json

    document = {"format": "bounceback", "version": 1, "applications": [
        {"company": f"Bulk {seed}-{n}", "role": "Engineer", "notes": "b" * 3000,
         "events": [{"stage": "applied", "at": "2026-10-01T09:00:00+00:00"}]}
        for n in range(bulk)]}
    with Store.open(db) as store:
        log.line("ready")
        apply_plan(store, plan_json(json.dumps(document)))
        log.line(f"bulk {bulk}")
        for n in range(small):
            record = store.add_application(f"Small {seed}-{n}", "Engineer")
            log.line(f"add {record.id}")
    return 0


def backup_loop(db: str, log: Log, seed: int, folder: str) -> int:
    """Back the database up into `folder` again and again (`Store.backup`)."""
    from bounceback_tui.store import Store

    with Store.open(db) as store:
        log.line("ready")
        while True:
            made = store.backup(Path(folder))
            log.line(f"backup {made}")


def create_and_add_when_told(db: str, log: Log, seed: int, go: str) -> int:
    """Wait (cheaply) until the file `go` exists, then create the database at `db` and add
    one application: the test attaches strace in between, so only the store's own
    system calls are traced."""
    import time

    from bounceback_tui.store import Store

    log.line("ready")
    while not os.path.exists(go):
        time.sleep(0.002)
    with Store.open(db) as store:
        record = store.add_application("Acme", "Engineer")
        log.line(f"add {record.id}")
    return 0


JOBS: dict[str, Callable[..., int]] = {
    "write_pipeline": write_pipeline,
    "save_drafts": save_drafts,
    "add_many": add_many,
    "backup_loop": backup_loop,
    "bulk_then_small": bulk_then_small,
    "create_and_add_when_told": create_and_add_when_told,
}


def _child(request: dict[str, Any]) -> None:
    """In the forked child: run one job; never return into the server's loop."""
    code = 1
    try:
        err = os.open(request["log"] + ".err", os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        os.dup2(err, 2)
        os.dup2(err, 1)
        sys.stdout = sys.stderr = os.fdopen(err, "w", buffering=1)
        code = JOBS[request["job"]](log=Log(request["log"]), **request["args"])
    except BaseException:  # noqa: BLE001  (reported in the .err file the test reads)
        traceback.print_exc()
    finally:
        os._exit(code)


def serve() -> None:
    """The fork server's loop (see the module docstring)."""
    # Import what the jobs use once, here, so children start warm; open no database.
    for module in ("pendulum", "bounceback_tui.domain.metrics", "bounceback_tui.store.service",
                   "bounceback_tui.store.journal_models", "bounceback_tui.store.interchange",
                   "alembic.command", "alembic.config"):
        importlib.import_module(module)

    out = sys.stdout
    for line in sys.stdin:
        request = json.loads(line)
        if request["op"] == "run":
            pid = os.fork()
            if pid == 0:
                _child(request)
            answer: dict[str, Any] = {"pid": pid}
        elif request["op"] == "wait":
            _, status = os.waitpid(request["pid"], 0)
            answer = {"status": os.waitstatus_to_exitcode(status)}
        else:
            answer = {"error": f"unknown op {request['op']!r}"}
        out.write(json.dumps(answer) + "\n")
        out.flush()


if __name__ == "__main__":
    serve()
