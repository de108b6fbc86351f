"""What the thinking-trap check costs on a typical answer (issue 16: "stay under 1 ms for a
typical answer"), against a baseline measured in the same run.

Not part of the test run. Run:

    python tests/benchmarks/bench_traps.py [--repeat 3000]

A typical answer is a few sentences of a reflection (about 250 characters); the check runs
about a second after typing pauses. The baseline is the cheapest scan of the same text that
any checker must do: folding it (`str.lower`) and one search for a word. Also printed: the
20,000 characters the form checks at most, how long importing the rules takes (it happens in
a worker when the reflection opens), and how often the hint speaks over the two tables in
tests/domain (the issue's target: at least 40% of distorted thoughts, at most 3% of others).
"""

from __future__ import annotations

import argparse
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

ANSWERS = [
    ("The interview went okay until the system design part. I froze when they asked about "
     "sharding and I think they must have thought I was clueless. I should have practised more, "
     "honestly. Next time I'll do a mock round with Sam first."),
    ("I explained my projects clearly and the hiring manager laughed at my joke about YAML. "
     "The take-home was fair. I'm a bit tired but glad I went."),
    ("I didn't get the job so I must be incompetent. Everyone else my age is further along and "
     "I'll never catch up. They only called me back because they were desperate."),
    ("Asked about salary too early? Maybe. The recruiter said the team went with an internal "
     "candidate, which is not about me. I'll ask Priya how she handles that question."),
]


def _median_us(fn, texts: list[str], repeat: int) -> float:
    samples = []
    for _ in range(5):
        start = time.perf_counter()
        for _ in range(repeat):
            for text in texts:
                fn(text)
        samples.append((time.perf_counter() - start) / (repeat * len(texts)) * 1e6)
    return statistics.median(samples)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3000)
    args = parser.parse_args()

    started = time.perf_counter()
    from bounceback_tui.domain.traps import detect_thinking_traps
    import_ms = (time.perf_counter() - started) * 1000
    fresh = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", "import bounceback_tui.domain.traps"],
        capture_output=True, text=True, check=True).stderr.splitlines()
    own = [line for line in fresh if line.rstrip().endswith("bounceback_tui.domain.traps")]
    word = re.compile(r"\bfailure\b")

    def baseline(text: str) -> object:
        return word.search(text.lower())

    base_us = _median_us(baseline, ANSWERS, args.repeat)
    check_us = _median_us(detect_thinking_traps, ANSWERS, args.repeat)
    print(f"typical answer ({sum(map(len, ANSWERS)) // len(ANSWERS)} characters): "
          f"{check_us:.0f} µs per check, baseline {base_us:.1f} µs "
          f"({check_us / base_us:.0f}× the baseline); target < 1000 µs")

    long = (" ".join(ANSWERS) + " ") * (20_000 // len(" ".join(ANSWERS)) + 1)
    long = long[:20_000]
    long_us = _median_us(detect_thinking_traps, [long], 20)
    base_long = _median_us(baseline, [long], 20)
    print(f"20,000 characters (the most the form checks): {long_us / 1000:.1f} ms, "
          f"baseline {base_long / 1000:.2f} ms ({long_us / base_long:.0f}×)")
    print(f"importing the rules: {import_ms:.0f} ms in this process"
          + (f"; -X importtime: {own[-1].split('|')[1].strip()} µs cumulative" if own else ""))

    tables = Path(__file__).resolve().parent.parent / "domain"
    for name, distorted_label in (("thoughts.tsv", None), ("thoughts_heldout.tsv", "distorted")):
        rows = [line.split("\t") for line in
                (tables / name).read_text(encoding="utf-8").splitlines()[1:] if line.strip()]
        pairs = [(row[0] != "none" if distorted_label is None else row[0] == distorted_label,
                  row[-1]) for row in rows]
        hits = [bool(detect_thinking_traps(text)) for _, text in pairs]
        distorted = [hit for (is_distorted, _), hit in zip(pairs, hits) if is_distorted]
        others = [hit for (is_distorted, _), hit in zip(pairs, hits) if not is_distorted]
        print(f"{name}: caught {sum(distorted)} of {len(distorted)} distorted "
              f"({sum(distorted) / len(distorted):.0%}), flagged {sum(others)} of {len(others)} "
              f"others ({sum(others) / len(others):.1%})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
