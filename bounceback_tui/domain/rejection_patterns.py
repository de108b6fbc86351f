"""Patterns across past rejections, for step 6 of the reflection ("Refine direction").

Pure and standard library only: give it the (furthest stage, source, role) of every past
"no" (an application whose current stage is `rejected` or `ghosted`) and it counts them by
where they ended, where they came from, and the words that keep coming back in the roles.

Decisions, so the view stays predictable:

- **Stage.** The furthest forward-path stage reached. A missing or unknown furthest stage
  (an imported history that holds only `rejected`, say) counts as `applied`: a company can
  only say no to something that was sent. Stages come in forward-path order
  (saved, applied, screening, interviewing, offer, accepted, declined); only stages with at
  least one rejection are listed.
- **Source.** Surrounding spaces stripped and inner runs of spaces collapsed; an empty
  source is `"unknown"`. Spellings that differ only in case are one source, shown with its
  most common spelling (ties: the spelling that sorts first, so the result never depends on
  the order of the rows). Most rejections first, ties by name ignoring case; at most
  `TOP_SOURCES`.
- **Role words.** Roles are NFKC-normalised and case-folded, then split into words of
  letters and digits (any script). Hyphenated compounds stay one word ("front-end",
  "full-stack"), and a trailing `+`/`#` is kept ("c++", "c#"). Numbers (also "2024-25",
  "10+"), one-character words, common stop words and seniority or filler words ("senior",
  "junior", "jr", "sr", "mid", "ii", "iii", "role", "position", …) are ignored. "lead", "principal", "staff",
  "head" and "manager" are *kept*: they say what kind of responsibility a role carries,
  which is exactly what this step asks about. A word counts once per rejection and is
  listed when it appears in the roles of at least `MIN_ROLE_WORD_COUNT` rejections; most
  first, ties alphabetically; at most `TOP_ROLE_WORDS`.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Final

from .stages import FORWARD_RANK, STAGES

TOP_SOURCES: Final = 5
"""How many sources the view lists at most."""

TOP_ROLE_WORDS: Final = 5
"""How many recurring role words the view lists at most."""

MIN_ROLE_WORD_COUNT: Final = 2
"""A role word recurs when it appears in the roles of at least this many rejections."""

UNKNOWN_SOURCE: Final = "unknown"
"""The source of a rejection whose source was left empty."""

DEFAULT_STAGE: Final = "applied"
"""The furthest stage assumed when none (or an unknown one) was recorded."""

STOP_WORDS: Final[frozenset[str]] = frozenset({
    # Common English function words.
    "a", "an", "and", "or", "of", "the", "for", "to", "in", "on", "at", "with", "by",
    "from", "as", "into", "per", "via", "vs", "our", "your", "we", "you",
    # Seniority and level.
    "senior", "junior", "jr", "sr", "snr", "jnr", "mid", "midlevel", "mid-level", "entry",
    "entry-level", "level", "ii", "iii", "iv", "vi", "vii",
    # Filler that says nothing about the work.
    "role", "position", "job", "opening", "vacancy",
})
"""Words never reported as recurring (already case-folded)."""

_WORD = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*[+#]*")
"""A word: letters/digits of any script, hyphen- or apostrophe-joined parts, then an
optional `+`/`#` suffix (for "c++", "c#")."""

_JOINERS = re.compile(r"[-'’+#]")
"""What may join or end a word; a word that is digits apart from these is a number."""

_SPACES = re.compile(r"\s+")

_STAGE_ORDER: Final[dict[str, tuple[int, int]]] = {
    stage: (rank, STAGES.index(stage)) for stage, rank in FORWARD_RANK.items()
}


@dataclass(frozen=True)
class RejectionPatterns:
    """Past rejections counted three ways (see the module's docstring for the rules)."""

    total: int
    """How many no's."""
    by_stage: tuple[tuple[str, int], ...]
    """Furthest stage reached → count, in forward-path order."""
    by_source: tuple[tuple[str, int], ...]
    """Source → count, most first (ties by name), at most `TOP_SOURCES`."""
    role_words: tuple[tuple[str, int], ...]
    """Recurring role word → count, most first (ties by word), at most `TOP_ROLE_WORDS`."""


def stage_of(furthest: str | None) -> str:
    """The stage a rejection is counted under: its furthest forward-path stage, or
    `DEFAULT_STAGE` when that is missing or not on the forward path."""
    return furthest if furthest in FORWARD_RANK else DEFAULT_STAGE


def source_key(source: str | None) -> str:
    """A source as shown: spaces tidied, `UNKNOWN_SOURCE` when empty."""
    tidy = _SPACES.sub(" ", (source or "").strip())
    return tidy or UNKNOWN_SOURCE


def role_words_of(role: str | None) -> set[str]:
    """The distinct words of a role that may count as a pattern (see module docstring)."""
    text = unicodedata.normalize("NFKC", role or "").casefold()
    words = set()
    for word in _WORD.findall(text):
        if len(word) < 2 or word in STOP_WORDS or _JOINERS.sub("", word).isdigit():
            continue
        words.add(word)
    return words


def rejection_patterns(rows: Iterable[tuple[str | None, str, str]]) -> RejectionPatterns:
    """Count past rejections, given each one's (furthest stage, source, role)."""
    total = 0
    stages: Counter[str] = Counter()
    sources: dict[str, Counter[str]] = {}
    words: Counter[str] = Counter()
    for furthest, source, role in rows:
        total += 1
        stages[stage_of(furthest)] += 1
        shown = source_key(source)
        sources.setdefault(shown.casefold(), Counter())[shown] += 1
        words.update(role_words_of(role))

    by_stage = tuple(sorted(stages.items(), key=lambda item: _STAGE_ORDER[item[0]]))

    grouped = []
    for key, spellings in sources.items():
        spelling = min(spellings, key=lambda name: (-spellings[name], name))
        grouped.append((key, spelling, sum(spellings.values())))
    grouped.sort(key=lambda item: (-item[2], item[0], item[1]))
    by_source = tuple((spelling, count) for _, spelling, count in grouped[:TOP_SOURCES])

    recurring = sorted(
        ((word, count) for word, count in words.items() if count >= MIN_ROLE_WORD_COUNT),
        key=lambda item: (-item[1], item[0]),
    )
    return RejectionPatterns(total, by_stage, by_source, tuple(recurring[:TOP_ROLE_WORDS]))


_STAGE_PHRASES: Final[dict[str, str]] = {
    "saved": "before applying",
    "applied": "after applying",
    "screening": "after screening",
    "interviewing": "after interviews",
    "offer": "after an offer",
    "accepted": "after accepting",
    "declined": "after declining an offer",
}


def describe(patterns: RejectionPatterns) -> list[str]:
    """Short, plain lines for the patterns view; never a judgement, only counts."""
    if patterns.total == 0:
        return []
    noun = "rejection" if patterns.total == 1 else "rejections"
    lines = [f"{patterns.total} past {noun} to learn from."]
    if patterns.by_stage:
        ended = ", ".join(f"{count} {_STAGE_PHRASES.get(stage, f'at {stage}')}"
                          for stage, count in patterns.by_stage)
        lines.append(f"Where they ended: {ended}")
    if patterns.by_source:
        lines.append("Sources: " + ", ".join(f"{name} {count}"
                                             for name, count in patterns.by_source))
    if patterns.role_words:
        lines.append("Recurring in roles: " + ", ".join(f"{word} {count}"
                                                        for word, count in patterns.role_words))
    return lines
