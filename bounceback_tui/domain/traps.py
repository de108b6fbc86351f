"""Spotting common thinking traps in what a person writes (PRODUCT.md, "Thinking traps").

Pure, offline and rule based: a handful of regular expressions, compiled once at import, are run
over the text. Only harsh, self-directed talk in the writer's own voice should trigger; ordinary
uses of the same words ("I always prepare notes", "I should email the recruiter", "the label on
the jar") should not. The result is a hint, never a score: at most one `Trap` per name, in order
of position, with the words that triggered it and one gentle reframing question.

How a text is read:

* Curly and other look-alike apostrophes count as "'" ("I’m" reads as "I'm"); "im" reads as
  "I'm". Matching ignores (ASCII) case. Offsets always refer to the text as given.
* Words inside double quotation marks ("…", “…”, „…“, «…», 「…」, 『…』) are someone else's words
  (quoted feedback, say) and never trigger. An opening mark with no closing one hides the rest of
  its line.
* Patterns stay inside one sentence: ".", "!", "?", "…", the CJK stops and line breaks end a
  sentence. A Should statement inside a question ("Do you think I should have known?") does
  not count.
* A trap just after "I don't think", "I no longer believe", "I used to think", "it's not that"
  and the like does not count ("I don't think I'm a failure").

Limitations: English only; a fixed list of words and phrasings, so some harsh talk is missed and a
few unusual ordinary sentences may still trigger; single quotation marks are not treated as
quotes (they are indistinguishable from apostrophes); sarcasm, hypotheticals and reported speech
without quotation marks are read literally.

Speed: the text is folded once (same length), then scanned once by one pattern made of every
rule's alternatives grouped by their first letters; the rules are tried one by one only where it
matches. Gaps are bounded and nothing repeats inside an unbounded repetition, so time grows
linearly with the text: about 0.1-0.3 ms for a paragraph and 20-40 ms for 100,000 characters of
ordinary prose on a modest machine (text made of little but "I I I …" takes a few times longer).
Compiling the patterns at import takes about 0.1 s.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from types import MappingProxyType
from typing import Final

__all__ = ["REFRAMES", "TRAP_NAMES", "Trap", "detect_thinking_traps",
           "untrapped_sentences"]


@dataclass(frozen=True)
class Trap:
    """One thinking trap found in a text: its name, where, and one question to reframe it."""

    name: str
    """One of `TRAP_NAMES`."""
    start: int
    """`text[start:end]` is the phrase that triggered it."""
    end: int
    reframe: str
    """One gentle question, in plain words, that offers another way to look at it."""


TRAP_NAMES: Final[tuple[str, ...]] = (
    "Labeling",
    "Overgeneralizing",
    "Fortune telling",
    "Personalizing",
    "Should statements",
    "Catastrophizing",
    "Mind reading",
    "Discounting the positive",
)
"""Every trap name, in the order PRODUCT.md lists them (also the tie-break order)."""

REFRAMES: Final[MappingProxyType[str, str]] = MappingProxyType({
    "Labeling":
        "Would you call a friend that after one no? What would you say to them instead?",
    "Overgeneralizing":
        "Can you think of one time it went differently, even a little?",
    "Fortune telling":
        "What do you know for sure today, and which part is still a guess about tomorrow?",
    "Personalizing":
        "What else, apart from you, might have shaped how this turned out?",
    "Should statements":
        "How would it sound as \"next time I'd like to…\" instead of \"I should have\"?",
    "Catastrophizing":
        "What is the most likely way this plays out, rather than the worst one?",
    "Mind reading":
        "What did they actually say or do, and which part are you filling in yourself?",
    "Discounting the positive":
        "If a friend had done this, would you tell them it doesn't count?",
})
"""The reframing question offered for each trap name."""


# --------------------------------------------------------------------------------------------
# Reading the text: apostrophes, quotations, sentences.
# --------------------------------------------------------------------------------------------

_LINE_BREAKS: Final = "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
_SPACES: Final = (
    "\t\x1f\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
    "\u202f\u205f\u3000"
)

_FOLD: Final = str.maketrans({
    **dict.fromkeys("\u2019\u2018\u02bc\u02b9\u2032\u00b4`\uff07\u201b", "'"),
    **{chr(code): chr(code + 32) for code in range(ord("A"), ord("Z") + 1)},
    **dict.fromkeys(_SPACES, " "),
    **dict.fromkeys(_LINE_BREAKS, "\n"),
})
"""One character for one, so offsets hold: look-alike apostrophes become "'", ASCII capitals
small letters, every other space " " and every line break "\n". The rules are then written in
lower-case ASCII with plain spaces, which compiles and matches several times faster than
re.IGNORECASE and Unicode space classes."""

_MASK: Final = "\ufffc"
"""Stands in for each quoted character: neither a word character nor a space."""

_QUOTED: Final = re.compile(
    r'"[^"]+"|"[^"\n]+'
    r"|\u201c[^\u201d]+\u201d|\u201c[^\u201d\n]+"
    r"|\u201e[^\u201c\u201d]+[\u201c\u201d]|\u201e[^\u201c\u201d\n]+"
    r"|\u00ab[^\u00bb]+\u00bb|\u00ab[^\u00bb\n]+"
    r"|\u300c[^\u300d]+\u300d|\u300e[^\u300f]+\u300f"
)
"""A quotation, or an opening mark and the rest of its line (matched in the folded text)."""

_STOPS: Final = ".!?\u2026\u3002\uff01\uff1f\n"
_SENTENCE_END: Final = re.compile(f"[{_STOPS}]+")
_QUESTION_MARKS: Final = frozenset("?\uff1f")

_WS: Final = " +"
"""Space between two words of one sentence (in the folded text)."""


def _rule(*alternatives: str) -> tuple[str, ...]:
    """A rule's alternatives, written with single spaces standing for `_WS`, as regex sources."""
    return tuple(alternative.replace(" ", _WS) for alternative in alternatives)


def _compile(alternatives: tuple[str, ...]) -> re.Pattern[str]:
    """One pattern that matches any of the alternatives, tried in order."""
    return re.compile("|".join(f"(?:{alternative})" for alternative in alternatives))


def _first_letters(source: str) -> str:
    r"""The letters a match of `source` can start with.

    Every alternative starts with `\b`, then a word, a group of words, or a `(?=[…])` lookahead
    naming its first letters; anything else is a mistake in this module and raises ValueError.
    """
    if not source.startswith(r"\b"):
        raise ValueError(f"a rule must start at a word boundary: {source[:40]!r}")
    return _leading_letters(source[2:])


def _leading_letters(source: str) -> str:
    """The letters `source` starts with: a word, a group of words, or a `(?=[…])` lookahead."""
    if source.startswith("(?=["):
        letters = source[4:source.index("]")]
    elif source[:1].isalpha() and source[1:2] not in ("?", "*", "{"):
        letters = source[0]
    elif source.startswith("(?:"):
        depth, close, splits = 0, -1, [3]
        for index, char in enumerate(source):
            if char == "\\" or (index and source[index - 1] == "\\"):
                continue
            depth += (char == "(") - (char == ")")
            if depth == 1 and char == "|":
                splits.append(index + 1)
            if depth == 0:
                close = index
                break
        if close < 0 or source[close + 1:close + 2] in ("?", "*", "{"):
            raise ValueError(f"a rule may start with nothing: {source[:40]!r}")
        ends = [split - 1 for split in splits[1:]] + [close]
        letters = "".join(_leading_letters(source[begin:end]) for begin, end in zip(splits, ends))
    else:
        raise ValueError(f"a rule must start with a word: {source[:40]!r}")
    if not letters.isalpha():
        raise ValueError(f"a rule must start with a letter: {source[:40]!r}")
    return letters


def _words(*phrases: str) -> str:
    """An alternation of words or phrases, longest first, ending on a word boundary."""
    ordered = sorted(phrases, key=len, reverse=True)
    return "(?:" + "|".join(ordered) + r")\b"


# --------------------------------------------------------------------------------------------
# Shared vocabulary.
# --------------------------------------------------------------------------------------------

_I_AM: Final = r"\b(?:i'?m|i am)"
_I_WILL: Final = r"\b(?:i'?ll|i will|i'?m going to|i am going to|i'?m gonna|i am gonna)"
_OTHERS: Final = (
    r"\b(?=[tshepam])(?:they|he|she|everyone|everybody|people|all of them|"
    r"the (?:whole )?(?:interviewers?|recruiters?|hiring managers?|managers?|panel|team|"
    r"company|ceo|cto|founders?|others|other candidates|lead|engineers)|"
    r"my (?:friends|family|parents|colleagues|former colleagues|ex-colleagues|"
    r"manager|boss|recruiter|partner|mentor))"
)
"""Other people whose thoughts the writer might guess at."""

_DEGREE: Final = (
    r"(?:(?:just|such|so|really|truly|totally|completely|utterly|absolutely|basically|"
    r"literally|clearly|obviously|officially|still|always|a|an|the|complete|total|utter|"
    r"absolute|big|huge|massive|nothing but|kind of|pretty|too) ){0,4}"
)
"""Up to four softening or intensifying words between "I'm" and a label."""

_LABEL: Final = "(?:" + "|".join((
    _words(
        "failure", "loser", "idiot", "fraud", "fake", "impostor", "imposter", "moron",
        "joke", "disappointment", "embarrassment", "disgrace", "fool", "nobody", "burden",
        "waste of space", "waste of time", "waste of oxygen", "lost cause", "hopeless case",
        "screw-?up", "f-?up", "dud", "write-off", "worst", "useless", "worthless", "hopeless",
        "pathetic", "stupid", "dumb", "incompetent", "unemployable", "inadequate",
        "a mess of a person", "unlovable", "good for nothing", "good-for-nothing",
    ),
    r"not (?:good|smart|clever|talented|strong|skilled|capable) enough\b",
    r"not cut out for\b",
    (r"(?:terrible|awful|horrible|lousy|hopeless|pathetic|useless|worthless|rubbish|crappy|"
     r"fake) \w+"),
)) + ")"
"""Harsh names for a whole person."""

_JUDGED: Final = "(?:" + _LABEL + "|" + _words(
    "boring", "weird", "awkward", "annoying", "unprofessional", "unqualified", "clueless",
    "arrogant", "desperate", "a bad fit", "too old", "too junior", "not smart", "dense",
    "slow", "out of my depth", "a waste of their time", "wasting their time",
) + ")"
"""What the writer imagines others concluded about them."""

_NEGATIVE_ACTS: Final = _words(
    "mess(?:ing)? (?:it |things |everything )?up", "screw(?:ing)? (?:it |things |everything )?up",
    "fail", "failing", "blow(?:ing)? it", "ruin", "ruin(?:ing)? (?:it|everything)", "choke",
    "choking", "freeze", "freezing", "freeze up", "bomb", "bombing", "say the wrong thing",
    "saying the wrong thing", "get(?:ting)? rejected", "get(?:ting)? turned down",
    "get(?:ting)? ghosted", "get(?:ting)? passed over", "lose out", "losing out",
    "mak(?:e|ing) (?:a )?mistakes?", "fall(?:ing)? apart", "stumble", "stumbling",
    "sabotag(?:e|ing) myself", "panic", "panicking", "embarrass(?:ing)? myself",
    "get(?:ting)? it wrong", "come(?: in)? second", "fall(?:ing)? short", "fumble", "fumbling",
)
"""Continuations that make "I always …" self-defeating rather than a neutral habit."""

_NEVER: Final = (
    r"\bi (?:never|never ever|can never|can'?t ever|cannot ever|don'?t ever|do not ever)"
)

_NOT_PARTICIPLES: Final = (
    r"(?!(?:ten|seven|eleven|open|often|even|then|when|token|kitchen|garden|children|women|"
    r"men|chicken|screen|green|dozen|heaven|oxygen|citizen|need|red|bed|speed|feed|seed|shed|"
    r"hundred|own|town|brown|down|gown)\b)"
)
"""Words ending like a past participle that are not one ("I should have ten minutes")."""


# --------------------------------------------------------------------------------------------
# The rules, one pattern per trap.
# --------------------------------------------------------------------------------------------

_LABELING: Final = _rule(
    rf"{_I_AM} {_DEGREE}{_LABEL}",
    rf"\bi (?:was|feel like|felt like|feel like i'?m|felt like i was) {_DEGREE}{_LABEL}",
    r"\bwhat an? (?:(?:complete|total|absolute|utter|big|huge) ){0,2}"
    r"(?:idiot|loser|failure|fool|moron|fraud|joke) i (?:am|was)\b",
    r"\bi (?:hate|despise|can'?t stand) myself\b",
)

_OVERGENERALIZING: Final = _rule(
    rf"\bi (?:always|constantly|keep|keep on|inevitably|invariably) {_NEGATIVE_ACTS}",
    r"\bi (?:always|constantly) (?:get|end up|come) (?:it |things |everything )?"
    r"(?:wrong|rejected|ghosted|passed over|turned down|last|second)\b",
    rf"{_NEVER} (?:get|land|win) (?:(?:a|an|any|the|a single|one) )?(?:job|jobs|offers?|"
    r"interviews?|callbacks?|call backs?|responses?|replies|break|breaks|chance|shot|yes|"
    r"second round|past the \w+|through|hired|picked|chosen|selected|called back|anywhere|"
    r"anything right|it right)\b",
    rf"{_NEVER} (?:succeed|hear back|catch a break|make it (?:past|through)|do anything right|"
    r"get anything right|pass (?:a|an|any|the) (?:\w+ )?(?:interview|screen|round|test))\b",
    r"\b(?:nobody|no(?:-| |)one|no (?:company|employer|recruiter|team|hiring manager)|"
    r"none of them)(?: will| would| is going to|'s going to| is gonna)? ever "
    r"(?:hire|want|pick|choose|call|take|like|respond|reply|answer|give|consider|get back)\b",
    r"\b(?:nobody|no(?:-| |)one) (?:wants|likes|hires|picks|chooses|calls) me\b",
    r"\bevery(?: |)(?:time|single time) i [^" + _STOPS + r"]{0,60}?\b(?:fail|mess|screw|"
    r"blow|ruin|choke|freeze|bomb|get rejected|get turned down|get ghosted|goes? wrong|"
    r"falls? apart|lose|panic)",
    r"\bnothing (?:ever )?(?:works|goes) (?:out )?(?:right )?for me\b",
    r"\bnothing ever (?:works|goes right|goes my way|changes|works out|pans out|happens)\b",
    r"\b(?:this|it) (?:always|only ever) happens(?: to me)?\b",
    r"\bi (?:can'?t|cannot|never) do anything right\b",
    r"\bi (?:fail|mess up|screw up|ruin) (?:at )?everything\b",
    r"\beverything i (?:do|try|touch) (?:fails|goes wrong|falls apart|turns out badly)\b",
)

_FORTUNE_TELLING: Final = _rule(
    rf"{_I_WILL} never (?:get|find|land) (?:[\w']+ ){{0,2}}(?:job|jobs|role|work|offer|offers|"
    r"position|career|interview|interviews|hired|anything|anywhere|past|through|callback|yes|"
    r"chance|break)\b",
    rf"{_I_WILL} never (?:be (?:able|good enough|hired|employed|successful|enough|anything|"
    r"chosen|picked|ready)|make it|succeed|work again|pass|get over|have (?:a|any) "
    r"(?:career|job|future))\b",
    rf"{_I_AM} (?:(?:definitely|probably|surely|just|so) )?(?:going to|gonna|bound to|sure to|"
    r"certain to|destined to|doomed to) (?:fail|mess|screw|blow it|bomb|be rejected|"
    r"get rejected|choke|freeze|be unemployed|be stuck|lose|never|be turned down)\b",
    r"\bi (?:won'?t|will not) (?:ever )?(?:get|find|land|pass) (?:(?:a|an|any|the|this|that) )?"
    r"(?:job|offer|interview|role|position|work|callback|yes)\b",
    r"\bi(?:'ll| will) (?:(?:just|probably|only|definitely|surely|obviously) )?"
    r"(?:get|be) (?:rejected|turned down|ghosted|passed over)\b",
    r"\bi(?:'ll| will) (?:(?:just|probably|definitely|surely|obviously) )?"
    r"(?:fail|bomb|blow it|mess (?:it )?up|screw (?:it )?up|choke)\b",
    r"\b(?:it|this|that|tomorrow|the (?:next )?(?:one|interview|call|round|screen|application|"
    r"meeting))(?:(?:'s|s| is) (?:going to|gonna)| will|'ll|ll| is bound to) "
    r"(?:(?:just|probably|definitely|surely|obviously) )?"
    r"(?:go (?:badly|wrong|terribly|horribly|awfully)|end badly|fail|fall through|"
    r"be (?:a |another )?(?:rejection|no|failure|waste of time|the same)|happen again)\b",
    r"\b(?:nobody|no(?:-| |)one|no (?:company|employer|recruiter|team|hiring manager))"
    r"(?: is going to|'s going to| is gonna| will|'ll) (?:hire|want|pick|choose|take|call)\b",
)

_PERSONALIZING: Final = _rule(
    r"\b(?:it|that|this)(?:'s| is| was|s) (?:(?:all|entirely|completely|totally|only|just) )?"
    r"(?:my (?:own )?fault|because of me)\b",
    r"\ball my (?:own )?fault\b",
    r"\b(?:it|that|this)(?:'s| is| was|s) all on me\b",
    r"\b(?:rejected|passed on|turned down|dropped|ghosted|cut|let go of) me because "
    r"(?:of me|of who i am|of my personality|(?:i'?m|i am) (?:not|too|just|such)\b|"
    rf"(?:i'?m|i am) {_DEGREE}{_JUDGED})",
    r"\bi (?:(?:totally|completely|just|really|single-handedly) )?"
    r"(?:ruined|wrecked|sabotaged|destroyed) (?:it|everything|my (?:chances?|shot)|"
    r"the (?:whole )?(?:interview|thing|process|call|chance|opportunity))\b",
    rf"{_I_AM} (?:(?:the|the whole|the real) problem\b(?! (?:solver|solving))|the one to blame\b|"
    r"to blame\b)",
    rf"{_I_AM} (?:the|the only|the real) reason (?:we|they|it|this|that|the \w+) "
    r"(?:lost|failed|didn'?t|did not|fell through|went wrong|said no|rejected|passed on|"
    r"missed|couldn'?t|could not|never)\b",
    r"\bi (?:blame myself|let (?:everyone|everybody|them|the team|my family|my \w+) down)\b",
)

_SHOULD: Final = _rule(
    r"\bi (?:really |definitely |honestly |just |totally )?"
    r"(?:should(?:'ve| have| of|ve)|shoulda|shouldn'?t have|should not have|"
    r"ought to have|ought to'?ve) (?:(?:\w+ly|been) )?" + _NOT_PARTICIPLES +
    r"(?:known|done|said|asked|made|thought|told|brought|kept|left|sent|got|won|run|met|read|"
    r"put|stood|understood|felt|held|gone|seen|been|\w+ed|\w+en|\w+wn)\b",
    r"\bi (?:should|ought to) (?:already )?(?:know|have known|'ve known) better\b",
    r"\bi (?:should|ought to) (?:already )?be (?:(?:so|much|way|a lot|far|more) )?"
    r"(?:better|perfect|further|smarter|stronger|over (?:this|it)|past (?:this|it)|"
    r"employed|hired|ahead|good enough|doing better)\b",
    r"\bi must (?:always )?(?:be (?:perfect|flawless|the best|better|smarter)|"
    r"not (?:fail|mess up|make (?:a )?mistakes?)|never (?:fail|make (?:a )?mistakes?|mess up))\b",
    r"\bi (?:have to|need to|'ve got to|got to) (?:always )?(?:be (?:perfect|flawless|the best)|"
    r"never (?:fail|make (?:a )?mistakes?|mess up))\b",
    r"\bi (?:shouldn'?t|should not|must not|mustn'?t) (?:feel|be) "
    r"(?:(?:so|this) )?(?:upset|sad|hurt|bothered|anxious|nervous|emotional|disappointed|"
    r"this way|like this)\b",
)

_CATASTROPHIZING: Final = _rule(
    r"\bmy (?:whole |entire )?(?:career|life|future)(?:'s| is| are| was| will be|"
    r" is going to be|s) (?:(?:completely|totally|basically|now|officially|so|just|pretty "
    r"much) )?(?:over|ruined|finished|done|dead|destroyed|doomed|wrecked|hopeless|gone|"
    r"a (?:disaster|mess|joke|write-off|failure))\b",
    r"\bmy (?:chances|prospects|job (?:hunt|search)|hopes)(?:'s| is| are| were| was) "
    r"(?:(?:completely|totally|basically|now|officially|so|just) )?"
    r"(?:ruined|dead|destroyed|doomed|wrecked|hopeless|gone|over)\b",
    r"\b(?:this|it|that|everything|today|the (?:interview|whole thing|call|day|week))"
    r"(?:'s|s| is| was| has been|(?: will|'ll|ll|(?:'s|s| is) (?:going to|gonna)) be) "
    r"(?:(?:a|an|such|complete|total|absolute|utter|full|real|"
    r"huge|massive|just) ){0,3}(?:disaster(?!(?: |-)?recover)|catastrophe|nightmare|"
    r"train(?: |-|)wreck|catastrophic|the end of the world|hopeless)\b",
    rf"{_I_WILL} (?:(?:probably|just|definitely|surely) )?end up (?:homeless|broke|"
    r"on the streets?|alone|destitute|bankrupt|penniless|with nothing|unemployed forever)\b",
    rf"{_I_WILL} (?:(?:probably|just|definitely|surely) )?(?:be (?:unemployed|jobless|stuck|"
    r"broke) forever|never recover|lose everything)\b",
    r"\beverything(?:'s| is| was|s| has been) (?:(?:completely|totally|just|now) )?"
    r"(?:ruined|over|falling apart|destroyed|lost|wrecked|hopeless|pointless)\b",
    r"\bworst (?:\w+ ){0,2}(?:ever|of my (?:life|career))\b",
    r"\bi (?:can'?t|cannot|won'?t|will not) survive (?:another|one more|this|it)\b",
    r"\b(?:ruined|destroyed|wrecked) my (?:whole |entire )?(?:life|career|future)\b",
)

_MIND_READING: Final = _rule(
    _OTHERS + r"(?:"
    r"(?: all)? (?:(?:must|probably|definitely|clearly|obviously|surely|totally|secretly|all|"
    r"now|could|must have|just) ){0,2}(?:think|thinks|thought|believe|believes|believed|know|"
    r"knows|knew|decided|figured|assumed|assume|assumes|found|see|sees|saw|could tell|can tell|"
    r"could see|can see|concluded) (?:that )?(?:i'?m|i am|i was|me) (?:(?:a|an|so|such|just|"
    r"completely|totally|really|too|an absolute|the|kind of|pretty) ){0,3}" + _JUDGED +
    r"|(?: all)? (?:(?:must|probably|definitely|clearly|obviously|surely|all|totally|secretly|"
    r"just|really) ){0,2}(?:have )?(?:hated|hate|hates|disliked|dislike|dislikes|despised|"
    r"despise|laughed at|laughing at|pitied|pity|judged|judging|judge|mocked|looked down on|"
    r"(?:are|were|was|is) laughing at|couldn'?t stand|can'?t stand|(?:were|was) bored "
    r"(?:by|of)) me\b"
    r"| (?:(?:clearly|obviously|just|probably|definitely) )?(?:didn'?t|did not|don'?t|do not|"
    r"doesn'?t|does not) (?:like|respect|rate|trust) me\b"
    r"| (?:saw|see|sees|could see|can see) (?:right )?through me\b"
    r")",
    rf"\bi (?:could|can) (?:just )?(?:tell|see|sense) (?:that )?{_OTHERS} (?:(?:didn'?t|"
    r"did not|don'?t|do not|doesn'?t|does not) (?:like|rate|respect|trust) me|"
    r"(?:were|was) bored|hated me|thought i was)\b",
)

_DISCOUNTING: Final = _rule(
    _OTHERS + r"(?:"
    r"(?:'s|'re| are| were| was| is)? (?:probably )?(?:only|just|merely) "
    r"(?:(?:said|says|saying) (?:that|it|so|this) (?:to (?:be (?:nice|polite|kind|friendly|"
    r"supportive)|make me feel better|cheer me up)|out of pity|because (?:they|he|she) "
    r"(?:had|have|has) to)|being (?:nice|polite|kind|friendly|supportive|generous)|"
    r"trying to be (?:nice|polite|kind|friendly|supportive))\b"
    r"|(?: must have been| must be| were| are| was| is|'re|'s) (?:(?:just|probably|really) )?"
    r"desperate\b"
    r")",
    r"\b(?:it|that|this|the (?:offer|interview|callback|result|win|job|promotion|yes))"
    r"(?:'s|s| was| is) (?:(?:just|only|pure|sheer|simply|probably|all|a|dumb|blind|total|"
    r"complete|some) ){0,3}(?:luck|fluke|a lucky break|beginner'?s luck|coincidence)\b",
    r"\bi (?:just|only|simply|probably) got lucky\b",
    r"\bi was (?:just|only|simply|probably) lucky\b",
    r"\b(?:that|it|this|which|those|these) (?:doesn'?t|does not|don'?t|do not|didn'?t|"
    r"did not|shouldn'?t|wouldn'?t|won'?t) (?:really )?count\b"
    r"(?! (?:as|for|toward|towards|against|on|down|up)\b)",
    r"\b(?:anyone|anybody|any idiot|any fool|a monkey) (?:could(?:'ve| have| of|ve)|can|"
    r"would(?:'ve| have)) (?:done|do|managed|passed|gotten|got|landed) (?:it|that|this)\b",
    r"\b(?:it|that|this)(?: wasn'?t| was not| isn'?t| is not|'s not|s not) (?:a )?"
    r"(?:real|proper|true) (?:achievement|win|success|accomplishment|offer)\b",
    r"\bi only (?:got|passed|landed|made) (?:it|that|this|the \w+|an? \w+) because\b",
)

_RULE_SOURCES: Final[tuple[tuple[str, tuple[str, ...]], ...]] = (
    ("Labeling", _LABELING),
    ("Overgeneralizing", _OVERGENERALIZING),
    ("Fortune telling", _FORTUNE_TELLING),
    ("Personalizing", _PERSONALIZING),
    ("Should statements", _SHOULD),
    ("Catastrophizing", _CATASTROPHIZING),
    ("Mind reading", _MIND_READING),
    ("Discounting the positive", _DISCOUNTING),
)

_RULES: Final[tuple[tuple[str, re.Pattern[str]], ...]] = tuple(
    (name, _compile(alternatives)) for name, alternatives in _RULE_SOURCES
)
"""Each trap name with its pattern, in priority order (the order of `TRAP_NAMES`)."""


def _scanner() -> re.Pattern[str]:
    """One pattern for every alternative of every rule, grouped by the letters a match starts with.

    Scanning the text once with it, and trying the rules one by one only where it matches, is
    several times faster than scanning with each rule: at a word that starts with "b", say, one
    cheap look at the letters rules out every alternative.
    """
    by_letters: dict[str, list[str]] = {}
    for _, alternatives in _RULE_SOURCES:
        for alternative in alternatives:
            letters = "".join(sorted(set(_first_letters(alternative))))
            by_letters.setdefault(letters, []).append(alternative[2:])  # `\b` comes first
    groups = "|".join(
        f"(?=[{letters}])(?:{'|'.join(f'(?:{source})' for source in sources)})"
        for letters, sources in sorted(by_letters.items())
    )
    return re.compile(rf"\b(?:{groups})")


_ANY_RULE: Final = _scanner()
"""Finds the places where at least one rule matches (the rules then say which, and how far)."""

_DISTANCED: Final = _compile(_rule(
    r"\b(?:don'?t|do not|didn'?t|did not|doesn'?t|does not|no longer|not|never|won'?t|"
    r"will not|nobody|no(?:-| |)one|stop(?:ped)?|refuse to) (?:(?:really|honestly|actually|"
    r"even|truly|anymore|for a second|for a moment) )?(?:think|thinks|thinking|believe|"
    r"believes|believing|feel|say|says|saying|tell myself|telling myself|buy|accept|agree)"
    r"(?: that)? $",
    r"\bused to (?:think|believe|feel|say|tell myself)(?: that)? $",
    r"\b(?:it'?s|it is) not (?:that|like) $",
))
"""Words just before a match that distance the writer from it ("I don't think …")."""


# --------------------------------------------------------------------------------------------
# Detection.
# --------------------------------------------------------------------------------------------


def _prepare(text: str) -> str:
    """The text as the rules read it: same length, apostrophes unified, quotations masked."""
    unified = text.translate(_FOLD)
    if not any(mark in unified for mark in '"\u201c\u201e\u00ab\u300c\u300e'):
        return unified
    return _QUOTED.sub(lambda match: _MASK * (match.end() - match.start()), unified)


def _is_question(prepared: str, end: int) -> bool:
    """Whether the sentence around `end` ends with a question mark."""
    stop = _SENTENCE_END.search(prepared, end)
    return stop is not None and not _QUESTION_MARKS.isdisjoint(stop.group())


def _counts(name: str, prepared: str, start: int, end: int) -> bool:
    """Whether a match of rule `name` at `start:end` counts as the writer's own harsh talk."""
    if _DISTANCED.search(prepared, max(0, start - 60), start):
        return False
    return not (name == "Should statements" and _is_question(prepared, end))


def detect_thinking_traps(text: str) -> list[Trap]:
    """The thinking traps in `text`, in order of position: at most one per name, never overlapping.

    Each trap's `text[start:end]` is the phrase that triggered it. Text in double quotation marks
    is ignored, and so are Should statements inside questions. Pure and offline; linear in the
    length of the text.
    """
    if not text or not isinstance(text, str):
        return []
    prepared = _prepare(text)
    found: list[Trap] = []
    taken: set[str] = set()
    muted: dict[str, int] = {}  # a rule whose match did not count stays quiet up to its end
    position = 0
    while len(taken) < len(_RULES):
        match = _ANY_RULE.search(prepared, position)
        if match is None:
            break
        start = match.start()
        for name, rule in _RULES:
            if name in taken or muted.get(name, 0) > start:
                continue
            hit = rule.match(prepared, start)
            if hit is None:
                continue
            if not _counts(name, prepared, start, hit.end()):
                muted[name] = hit.end()
                continue
            found.append(Trap(name, start, hit.end(), REFRAMES[name]))
            taken.add(name)
            position = hit.end()
            break
        else:
            position = start + 1
    return found


_SENTENCE_BREAK = re.compile(r"(?<=[.!?…])\s+")


def untrapped_sentences(text: str) -> list[str]:
    """The sentences of `text` (its line breaks read as spaces) in which no thinking trap is
    found: what may be handed back to the person (the offer moment, the story). A sentence
    with a trap in it ("I'm such a failure") is never quoted back as a lesson."""
    if not text or not isinstance(text, str):
        return []
    return [sentence for part in _SENTENCE_BREAK.split(" ".join(text.split()))
            if (sentence := part.strip()) and not detect_thinking_traps(sentence)]
