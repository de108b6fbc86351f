"""Typing into a reflection answer that already holds 100 KB, against typing into an empty
one, measured in the same run (issue 4: "an answer of 100 KB stays responsive to type in").

Not part of the test run. Run:

    python tests/benchmarks/bench_reflection.py [--keys 60]

Each key goes through Pilot (the same path as a terminal key) into the "What went well?"
field; the median time per key is printed for both fields and as a ratio. The thinking-trap
check that runs after a pause is timed on its own (it looks at the first 20,000 characters).
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import time
from pathlib import Path


async def per_key_ms(db: Path, text: str, keys: int) -> float:
    from bounceback_tui.app import make_app
    from bounceback_tui.widgets.reflection_form import NotesArea, ReflectionForm

    app = make_app(db, settings_file=Path(tempfile.mkdtemp()) / "config.toml")
    async with app.run_test(size=(120, 40)) as pilot:
        while app.store is None:
            await pilot.pause(0.05)
        await pilot.press("r")
        while not app.query(ReflectionForm):
            await pilot.pause(0.05)
        await pilot.pause(0.2)
        area = app.query_one("#went_well", NotesArea)
        area.load_text(text)
        area.focus()
        area.move_cursor(area.document.end)
        await pilot.pause(0.2)
        times = []
        for _ in range(keys):
            start = time.perf_counter()
            await pilot.press("x")
            times.append((time.perf_counter() - start) * 1000)
        return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keys", type=int, default=60)
    args = parser.parse_args()
    from bounceback_tui.store import Store
    from bounceback_tui.domain.traps import detect_thinking_traps

    db = Path(tempfile.mkdtemp(prefix="bb-bench-")) / "r.db"
    with Store.open(db) as store:
        store.add_application("Acme", "Engineer")
    big = ("I prepared well and the panel was kind.\n" * 40 + "x" * 60 + "\n") * 60
    empty_ms = asyncio.run(per_key_ms(db, "", args.keys))
    big_ms = asyncio.run(per_key_ms(db, big, args.keys))
    start = time.perf_counter()
    for _ in range(20):
        detect_thinking_traps(big[:20_000])
    trap_ms = (time.perf_counter() - start) / 20 * 1000
    print(f"answer of {len(big):,} characters")
    print(f"per key, empty answer   {empty_ms:6.1f} ms (median of {args.keys})")
    print(f"per key, 100 KB answer  {big_ms:6.1f} ms  ({big_ms / empty_ms:.2f}x)")
    print(f"trap check on 20,000 characters after a pause: {trap_ms:.1f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
