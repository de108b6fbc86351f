"""Spotting common thinking traps in what a person writes (PRODUCT.md, "Thinking traps").

Pure, offline and rule based: regular expressions, compiled once at import, are run over the
text. The rules describe the *shape* of a harsh thought, not only its words:

* a label for the whole self ("I'm such a failure"), also as a conclusion drawn from one event
  ("so I must be incompetent", "it makes me a bad person", "this proves how useless I am");
* never/always about the self or about anyone, in the present ("I always mess up", "she never
  respects me", "recruiters always ghost me"; not a past account: "he never told me");
* predictions stated as certain ("I'll never find work", "they're going to say no, I just know
  it"), worst cases ("my career is over", "if this fails I'll end up homeless");
* taking the blame for what others did or felt ("it must be something I did");
* should/must about what one feels or is ("I should be feeling good by now", "I shouldn't still
  be this upset"), and rules for others ("recruiters should always reply");
* guessed thoughts and feelings of others ("she must be angry with me", "they obviously find me
  boring");
* explaining a good outcome away ("it was just luck", "they only hired me because …").

Ordinary uses of the same words ("I always prepare notes", "I should email the recruiter", "the
label on the jar") do not trigger. The result is a hint, never a score: at most one `Trap` per
name, in order of position, with the words that triggered it and one gentle reframing question.

How a text is read:

* Curly and other look-alike apostrophes count as "'" ("I’m" reads as "I'm"); "im" reads as
  "I'm". Matching ignores (ASCII) case. Offsets always refer to the text as given.
* Words inside quotation marks ("…", “…”, „…“, «…», 「…」, 『…』, and '…' or ‘…’ that open at the
  start of a word and close at the end of one) are someone else's words and never trigger. An
  opening double mark with no closing one hides the rest of its line.
* Patterns stay inside one sentence: ".", "!", "?", "…", the CJK stops and line breaks end a
  sentence. A Should statement inside a question ("Do you think I should have known?") does
  not count.
* What comes earlier in the same clause (up to a comma, ";", "but", "though" …) can take a
  match back: a negation or a distancing verb ("I don't for a second believe …", "it's not
  true that …", "doesn't mean …", "I used to think …", "back then I thought …"), other people's
  words reported without quotation marks ("he says I'm stupid", "she told me I was lazy", "my
  mom thinks …" before a label), and fears named as fears ("worried that …"). A negated belief
  reaches across commas to its object ("I don't, after everything, believe I'm a failure").
  A catastrophe after "like" or "as if" is a figure of speech ("it felt like the end of the
  world").

How often it speaks, on the tables in tests/domain (issue 16's target: at least 40% of short
distorted thoughts, at most 3% of undistorted ones): thoughts_heldout.tsv, written by someone who
never saw the rules, 46% of 160 distorted thoughts and 1 of 100 others (24% and none before
these shapes); thoughts.tsv, the specification, 97% and none. On long, free-form posts
(a public set of about 2,500 people's descriptions of their thoughts) it flags about 15% of the
distorted ones and under 2% of the others.

Limitations: English only; a fixed set of shapes and words, so some harsh talk is missed
(sarcasm, comparisons, emotional reasoning without "so I must be …") and a few unusual ordinary
sentences may still trigger; hypotheticals are read literally; someone else's *belief* reported
plainly ("my mom thinks I'm lazy") reads as a guess.

Speed: the text is folded once (same length), then scanned once by one pattern made of every
rule's alternatives grouped by their first letters; the rules are tried one by one only where it
matches. Gaps are bounded and nothing repeats inside an unbounded repetition, so time grows
linearly with the text: about 0.15 ms for a typical answer of a few sentences and 15-20 ms for
the 20,000 characters the form checks at most (tests/benchmarks/bench_traps.py). Compiling the
patterns at import takes about 0.25 s; the dashboard does it in a worker when a reflection
opens.
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

_ANY_WORD: Final = "(?=[abcdefghijklmnopqrstuvwxyz])\\w+"
"""Any word (spelled out as its first letters, so the scanner can group the rules)."""

_I_AM: Final = r"\b(?:i'?m|i am)"
_I_WILL: Final = r"\b(?:i'?ll|i will|i'?m going to|i am going to|i'?m gonna|i am gonna)"
_OTHERS: Final = (
    r"\b(?=[thspeoamwgcridy])(?:they|he|she|people|everyone|everybody|others|other people|"
    r"all of them|men|women|guys|girls|companies|employers|recruiters|interviewers|"
    r"hiring managers|doctors|teachers|"
    r"(?:my|our|the|her|his|their|your) (?:(?:whole|old|former|new|ex-|current) )?"
    r"(?:mom|mum|mother|dad|father|parents|boss|manager|partner|husband|wife|boyfriend|"
    r"girlfriend|friends?|family|sister|brother|teachers?|co-?workers?|colleagues?|kids?|"
    r"children|son|daughter|team|teammates?|recruiters?|interviewers?|hiring managers?|"
    r"managers?|panel|company|ceo|cto|founders?|lead|engineers|ex|roommates?|flatmates?|"
    r"in-laws|mother-in-law|father-in-law|neighbou?rs?|doctors?|landlord|host|classmates?|"
    r"coach|therapist|date|crush|others|other candidates|relatives|cousins?|aunt|uncle|"
    r"grandma|grandpa|grandmother|grandfather|audience|clients?|customers?|students?|"
    r"staff|employees))"
)
"""Other people whose thoughts the writer might guess at, or whose acts they might call
"always" or "never"."""

_DEGREE: Final = (
    r"(?:(?:just|such|so|really|truly|totally|completely|utterly|absolutely|basically|"
    r"literally|clearly|obviously|officially|still|always|a|an|the|complete|total|utter|"
    r"probably|definitely|honestly|simply|very|fundamentally|inherently|"
    r"absolute|big|huge|massive|nothing but|kind of|pretty|too) ){0,4}"
)
"""Up to four softening or intensifying words between "I'm" and a label."""

_LABEL: Final = "(?:" + "|".join((
    _words(
        "failure", "loser", "idiot", "fraud", "fake", "impostor", "imposter", "moron",
        "joke", "disappointment", "embarrassment", "disgrace", "fool", "burden",
        "nobody(?=\\x20*(?:[.,;!?\n]|$))", "weak(?=\\x20*(?:[.,;!?\n]|$|\\x20person|\\x20willed))",
        "waste of space", "waste of time", "waste of oxygen", "lost cause", "hopeless case",
        "screw-?up", "f-?up", "dud", "write-off", "worst", "useless", "worthless", "hopeless",
        "pathetic", "stupid", "dumb", "incompetent", "unemployable", "inadequate",
        "a mess of a person", "unlovable", "good for nothing", "good-for-nothing",
        "ugly", "unattractive", "repulsive", "disgusting", "lazy", "selfish",
        "broken", "damaged", "defective", "inferior", "unworthy", "unwanted", "unlikable",
        "unlikeable", "self-cent(?:er|re)d", "a pushover", "a doormat",
        "(?:a |an )?(?:\\w+ )?disaster of a (?:human(?:\\x20being)?|person)", "thoughtless", "heartless", "careless",
        "fat(?![\\w-])", "gross", "a zero", "not a good (?:\\w+ )?(?:person|human|\\w+er)", "crazy(?!\\x20(?:about|busy|good|for|in love))", "a coward", "a let-?down", "a lost cause", "a nobody", "a has-been",
        "a bad person", "not worth (?:it|anything|much|the effort|hiring|loving)",
        "not meant (?:for|to)", "unhireable", "unhirable", "a reject",
    ),
    (r"(?:a |an |the )?(?:bad|terrible|awful|horrible|lousy|rubbish|worst|failed|poor|"
     r"crappy|useless|pathetic|shit|shitty) (?:person|human(?: being)?|mother|mom|mum|"
     r"father|dad|parent|friend|wife|husband|partner|daughter|son|sister|brother|employee|"
     r"worker|engineer|developer|designer|candidate|interviewee|student|teacher|boss|"
     r"manager|colleague|leader|writer|team ?mate|professional|adult)\b"),
    (r"not (?:good|smart|clever|talented|strong|skilled|capable|pretty|attractive|worthy|"
     r"lovable|likeable|likable|interesting|experienced|qualified|thin|fit|young|brave|"
     r"confident|competent|fun) enough\b"),
    (r"not (?:a )?good enough (?:\w+ )?(?:person|friend|sister|brother|mother|father|mom|dad|"
     r"partner|wife|husband|son|daughter|parent|employee|candidate|engineer|worker)\b"),
    r"not enough\b(?! (?:time|money|experience|\w+ (?:time|money|experience)))",
    r"not (?:worthy|lovable|likeable|likable) (?:of (?:love|anything|being \w+)|at all)\b",
    r"not cut out for\b",
    r"(?:a|an) (?:\w+ )?(?:failure|loser|disappointment|fraud|disgrace)\b",
    r"failing (?:as an? \w+|at (?:life|everything|being \w+))",
    (r"not (?:very |that |at all )?(?:interesting|attractive|likeable|likable|lovable|smart|"
     r"talented|worth (?:it|anything|the effort|their time|her time|his time))"
     r"(?=\x20*(?:[.,;!?\n]|$))"),
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

_SELF_NEG: Final = "(?:" + _JUDGED + "|" + _words(
    "bad", "a bad fit", "unlikable", "unlikeable", "unwanted", "unhireable", "unhirable",
    "the problem", "doing (?:something|everything|it) wrong", "not meant to (?:be|work|have)",
    "defective", "broken", "crazy", "insane", "lazy", "selfish", "ugly", "unlovable",
    "unattractive", "weak", "not normal", "abnormal", "cursed", "a lost cause",
) + ")"
"""What a person concludes about themselves from one event ("so I must be …")."""

_PEOPLE: Final = _OTHERS

_PRESENT: Final = (
    r"(?!\w+ed\b|(?:told|sent|had|gave|took|made|got|did|said|went|came|saw|knew|thought|"
    r"brought|left|put|kept|bought|paid|met|felt|heard|found|wrote|spoke|was|were|would|"
    r"could|used|keep|keeps|kept)\b)"
)
"""Not a verb in the past (nor "used to", "keep …ing"): what others *always* or *never* do
is a generalization in the present; a past account ("he never told me") is a memory."""

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
    # A conclusion about the self drawn from one event: "so I must be …", "it makes me a …".
    rf"\bi (?:must|have to|gotta) be {_DEGREE}{_SELF_NEG}",
    rf"\b(?:so|then|therefore|which means|that means|this means|it means|i guess|i suppose|"
    rf"i know|i'?m sure|maybe) (?:that )?(?:i'?m|i am|i was) {_DEGREE}{_SELF_NEG}",
    rf"\b(?:makes|made|proves|proved|shows|showed|means|meant|confirms|confirmed)"
    rf" (?:that )?(?:me|i'?m|i am|i was) {_DEGREE}{_SELF_NEG}",
    r"\b(?:there must be|there has to be|there'?s got to be) (?:something|sth) (?:\w+ )?"
    r"wrong with me\b",
    r"\bi (?:feel|felt) (?:so |really |completely |totally )?(?:worthless|useless|stupid|"
    r"pathetic|like (?:a |an )(?:failure|loser|fraud|idiot|burden|disappointment|nobody|"
    r"joke|waste|mess))\b",
    rf"\b(?:how|just how) {_DEGREE}{_SELF_NEG} i (?:really |truly )?(?:am|was)\b",
    r"\bmy (?:work|job|speech|essay|writing|art|code|portfolio|cv|resume|life|ideas?|"
    r"presentation|answers?|drawing|cooking|performance|project|book|music|voice|face|body)"
    r"(?:'s| is| was| are| were) (?:(?:just|so|completely|totally|utterly|basically|really) )?"
    r"(?:worthless|useless|pointless|garbage|rubbish|crap|trash|terrible|awful|pathetic|"
    r"a joke|a failure|a waste|meaningless|not any good|no good|isn'?t any good|"
    r"not good enough|embarrassing)\b",
    r"\bmy (?:work|job|speech|essay|writing|art|code|portfolio|cv|resume|ideas?|"
    r"presentation|answers?|performance|project) (?:isn'?t|is not|wasn'?t|was not) "
    r"(?:any|at all|even remotely) good\b",
    rf"\bwhat (?:a|an) {_DEGREE}(?:{_LABEL}|jerk|mess|screw-?up|waste) i (?:really )?(?:am|was)\b",
    r"\bi (?:don'?t|do not|didn'?t|did not) deserve (?:to (?:be|get|have|live|feel|"
    r"succeed|win|be happy)|anything|love|it|happiness|a (?:job|chance|second chance|"
    r"good \w+)|this (?:job|role|offer)|the (?:job|role|offer)|better|good things|you|"
    r"them|him|her|friends)\b",
    r"\bi (?:don'?t|do not) have what it takes\b",
    r"\bi feel\b[^.!?\n]{0,40}?\b(?:so|therefore|which means|that means|hence|thus) "
    r"(?:i must be|i'?m (?:probably|obviously|clearly|definitely|just|a|an|such)|"
    r"i am (?:probably|obviously|clearly|definitely|just|a|an|such))\b",
    r"\b(?:feeling|always feeling) (?:so |completely |totally |utterly )?(?:unworthy|worthless|"
    r"useless|inadequate|unlovable|like a (?:failure|loser|burden|fraud|disappointment))\b",
    r"\bnot being (?:good|smart|pretty|strong|clever|talented|interesting|fun|thin) enough\b",
    r"\bi (?:made|make|'ll make|will make|'m going to make|am going to make|'m gonna make|"
    r"always make) (?:such |a real |a complete |a total |an absolute )?(?:a |an )?"
    r"(?:fool|idiot|ass|clown|spectacle) of myself\b",
    _OTHERS + r"(?:'s| is| are|'re) (?:(?:so|such|just|totally|completely|a total|"
    r"a complete|an absolute|really|such a|such an|so damn|damn) )*(?:selfish|inconsiderate|"
    r"horrible|an idiot|a jerk|a moron|an asshole|a loser|pathetic|worthless|incompetent|"
    r"a narcissist|evil|heartless|clueless|hopeless|useless|irrelevant|stupid|lazy|"
    r"a (?:\w+ )?(?:idiot|moron|jerk|loser)|a (?:\w+ )?useless (?:person|human|\w+))\b"
    r"(?! at\b)",
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
    # "never/always" about anyone: what one act becomes when it is said to be every act.
    _PEOPLE + r" (?:(?:just|really|still) )?(?:never|never ever|hardly ever|don'?t ever|"
    r"doesn'?t ever|won'?t ever) (?:\w+ly )?(?:respects?|listens?|cares?|helps?|"
    r"understands?|supports?|appreciates?|notices?|calls?|texts?|answers?|replies?|"
    r"invites?|includes?|thanks?|praises?|values?|trusts?|loves?|acknowledges?|"
    r"has time for me|have time for me|gets? me|takes? me seriously|believes? me|hears? me)\b",
    _PEOPLE + r"(?: (?:is|are)|'s|'re)? (?:always|constantly|forever|keeps?|keep on|"
    r"never stops?|all the time) (?:\w+ly )?(?:criticiz\w* me|criticis\w* me|ignor\w* me|"
    r"blam\w* me|judg\w* me|puts? me down|putting me down|belittl\w* me|picks? on me|"
    r"picking on me|lets? me down|letting me down|reject\w* me|hates? me|mak(?:e|es|ing) fun "
    r"of me|laugh(?:s|ing)? at me|mock\w* me|treat(?:s|ing)? me (?:like|badly)|"
    r"disrespect\w* me|insult\w* me|abandon\w* me|exclud\w* me|overlook\w* me|"
    r"pass(?:es|ing)? me over|against me|mad at me|disappointed in me)\b",
    r"\b(?:nobody|no(?:-| |)one|no (?:company|employer|recruiter|man|woman|guy|girl))"
    r"(?: ever| really| even)? (?:loves|cares(?: about)?|understands|respects|listens(?: to)?|"
    r"notices|believes(?: in)?|needs|likes|wants|wants to (?:hire|date|be with|hear)|"
    r"gives a damn about|will ever (?:love|want|like|understand|hire|care))"
    r"(?: me\b| for me\b|(?=\x20*(?:[.,;!?\n]|$)))",
    r"\b(?:everyone|everybody|people|they all)(?: always)? (?:hates|hate|ignores|ignore|"
    r"leaves|leave|judges|judge|laughs at|laugh at|abandons|abandon|rejects|reject|"
    r"avoids|avoid|uses|use|gets tired of|get tired of|is against|are against) me\b",
    r"\b(?:everyone|everybody|all my friends|all of my friends|other people|others|"
    r"everyone else|all of them)(?: else)? (?:is|are|seems?|has|have|gets?) (?:(?:so much|"
    r"much|way|far|a lot|all|always) )?(?:better|smarter|happier|prettier|richer|further|"
    r"ahead of me|doing better|more (?:successful|talented|qualified|attractive|"
    r"interesting|popular|experienced|confident)|(?:getting|got) (?:jobs|offers|hired|"
    r"married|promoted))\b",
    r"\bnothing (?:good|right|positive|nice)? ?ever (?:happens|goes right|comes|works|"
    r"goes my way|works out)\b",
    r"\b(?:things|it|stuff|relationships|jobs) never (?:work|works|go|goes|turn|turns|"
    r"pan|pans) out(?: for me| right| well)?\b",
    r"\bi (?:always|constantly|inevitably|invariably|keep) (?:end(?:ing)? up|wind(?:ing)? up|"
    r"get(?:ting)?) (?:alone|hurt|dumped|left|used|abandoned|disappointed|screwed|"
    r"overlooked|ignored|left out|blamed|in trouble|the short end|taken advantage of|"
    r"rejected|ghosted|passed over|let down|stuck)\b",
    r"\bi (?:never|can'?t ever|cannot ever) (?:finish|succeed|win|fit in|belong|"
    r"get (?:anything|anywhere|ahead|it right|what i want|a break)|do (?:anything|things) "
    r"(?:right|well)|make (?:friends|it))\b",
    r"\bnothing (?:i do |i try )?(?:ever )?(?:works|helps|matters|changes|goes right)"
    r"(?=\x20*(?:[.,;!?\n]|$| for me| anymore))",
    rf"\bi {_NEGATIVE_ACTS} (?:\w+ )?(?:all the time|constantly|every (?:single )?time|"
    r"again and again|over and over|every day|always)\b",
    _PEOPLE + r" (?:doesn'?t|don'?t|does not|do not|never) (?:even )?(?:appreciate|value|"
    r"notice|care about|respect|like|acknowledge) (?:anything|everything|a thing|"
    r"anything at all)(?: that)? i\b",
    rf"{_I_AM} (?:always|constantly|forever|never not) (?:so |too |the )?(?:awkward|late|wrong|"
    r"behind|last|clumsy|forgetful|messing|failing|screwing|useless|rejected|left out|"
    r"the one (?:who|to blame|left out)|the last (?:one|to know|choice))\b",
    r"\bi (?:never|can never|can'?t ever) (?:say the right thing|do (?:a )?good enough|"
    r"do anything well|get (?:things|anything) right|make (?:the )?right (?:choices|decisions)|"
    r"finish anything)\b",
    r"\beverything (?:always )?(?:goes|turns out|ends|went|turned out) (?:badly|wrong|bad)\b",
    r"\b(?:he|she|they|you|we|my \w+|" + _ANY_WORD + r"'s \w+) (?:can'?t|cannot|never) do "
    r"anything right\b",
    _OTHERS + r" (?:always|constantly|forever) " + _PRESENT + r"(?!(?:help|support|love|cheer|"
    r"encourage|listen|remember|bring|check|believe|back|stand|include|invite|thank|praise|"
    r"look out|treat|make|call|ask|tell|know|say|want|come|complain|interrupt|give|text|"
    r"talk|send|take|let|buy|pay|show|teach|hug|kiss|visit|drive|pick me up|feed)\w*)"
    r"(?:\w+ ){1,2}?(?:me|people like me|someone like me|on me|at me)\b",
    _OTHERS + r" (?:always|constantly|forever) (?:criticiz|criticis|judg|ignor|dismiss|reject|"
    r"belittl|mock|undermin|questions?|doubts?)\w* (?:me|my \w+)\b",
    _OTHERS + r" (?:never|never ever|hardly ever) " + _PRESENT + r"(?!(?:let|fail|judge|"
    r"criticiz|criticis|forget|hurt|lie|complain|give up|blame|yell|shout|ask|touch|hit)\w*)"
    r"(?:\w+ ){1,2}?(?:me|people like me|someone like me|anyone like me)\b",
    r"\b(?:nobody|no(?:-| |)one|no (?:company|employer|recruiter|\w+)) ever (?:\w+ ){0,2}?"
    r"(?:me|my \w+|someone like me|people like me|back)\b",
    r"\bevery (?:single )?(?:\w+ )?(?:interview|application|date|job|attempt|relationship|"
    r"time|one) (?:\w+ ){0,1}(?:goes|went|ends|ended|turns|turned) (?:out )?(?:wrong|badly|bad)\b",
    r"\bnothing (?:\w+ ){0,3}?ever (?:works|goes right|pans out|works out|happens|changes|"
    r"comes of it)\b",
    r"\bi (?:can never|can'?t ever|never|always) (?:stick to anything|finish anything|"
    r"get everything wrong|mess everything up|ruin everything|screw everything up)\b",
    r"\bi get everything wrong\b",
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
    rf"{_I_WILL} (?:(?:probably|just|definitely|surely|always|forever) )?(?:be|end up|stay|"
    r"remain|die|grow old) (?:(?:alone|single|unemployed|jobless|unhappy|miserable|poor|"
    r"broke|lonely|a failure|stuck|unloved|unwanted|like this|this way|depressed)"
    r"(?: forever| for ever| for the rest of my life| my whole life)?)\b",
    rf"{_I_WILL} (?:never|never ever) (?:be (?:happy|loved|good|normal|okay|ok|free|better|"
    r"the same|successful|anything|enough|accepted|wanted|whole)|find (?:love|someone|"
    r"anyone|happiness|peace|a partner)|get (?:better|over (?:it|this|him|her))|recover|"
    r"change|amount to anything|fit in|have (?:friends|a family|kids|a relationship|"
    r"enough|money))\b",
    r"\b(?:it|this|things|life|nothing|my life|the pain|this feeling|she|he|they|my \w+)"
    r"(?:'s| is| are)? (?:never going to|never gonna|will never|won'?t ever|'ll never|"
    r"is never going to) (?:get|be|change|improve|work|end|go away|stop|talk to me|"
    r"speak to me|forgive me|love me|want me|come back|call|hire me|accept me)\b",
    rf"{_I_AM} (?:(?:definitely|probably|surely|just|so|totally|certainly) )?(?:going to|gonna|"
    r"bound to|sure to) (?:(?:get|be) (?:fired|dumped|laid off|left|hurt|humiliated|"
    r"embarrassed|alone|kicked out|found out)|make a fool|embarrass myself|look stupid|"
    r"look like an? (?:idiot|fool)|lose (?:my|the|this|everything|it|them|her|him))\b",
    _OTHERS + r" (?:will|'ll|are going to|is going to|'re going to|'s going to|are gonna|"
    r"is gonna) (?:(?:definitely|probably|surely|just|all|never|obviously) )?"
    r"(?:laugh at me|reject me|hate me|judge me|fire me|dump me|leave me|think i'?m|"
    r"see (?:right )?through me|say no|turn me down|never (?:call|hire|forgive|talk|speak|"
    r"love|want|accept))\b",
    r"\bi (?:just |already )?know (?:that )?(?:i(?:'ll| will| won'?t| am going to|'m going to"
    r"|'m gonna)|it(?:'ll| will| won'?t| is going to|'s going to)|they(?:'ll| will| won'?t|"
    r" are going to|'re going to)|(?:he|she)(?:'ll| will| won'?t| is going to|'s going to))"
    r" (?:\w+ ){0,2}(?:fail|go (?:badly|wrong)|reject|say no|hate|laugh|fire|never|not|"
    r"be (?:a disaster|awful|terrible|bad|the same|a no))\b",
    rf"{_I_WILL} never (?!forget|do (?:that|it|this)|make (?:that|this|the same)|let|"
    r"give up|stop|again|regret|know|understand why|ask)(?:\w+ ){0,1}(?:get|become|be|find|"
    r"make|have|land|reach|achieve|see|pass|finish|win|amount|live|escape|afford|own|feel)\b",
    r"\bi (?:won'?t|will not) (?:ever )?(?:find (?:someone|anyone|love|a job|work|another)|"
    r"get (?:paid|hired|a job|an offer|better|in|into|the job|the role|picked|chosen|"
    r"another)|be (?:happy|loved|hired|good enough|successful|ok|okay)|succeed|make it)\b",
    _PEOPLE + r" (?:will|'ll|is going to|are going to|'s going to|'re going to|is gonna|"
    r"are gonna) (?:(?:definitely|probably|surely|just|obviously|never|all) )?"
    r"(?:leave me|not want|never (?:want|talk|speak|invite|call|forgive|hire|accept|love|"
    r"see)|dump me|break up with me|kick me out|hate me|fire me|reject me|laugh at me|"
    r"think less of me|be (?:angry|mad|disappointed|furious) (?:with|at|in) me)\b",
    r"\bi (?:could|might|may|will|'ll|am going to|'m going to|'m gonna) (?:easily )?(?:get|be) "
    r"(?:fired|laid off|dumped|kicked out|evicted|sacked)\b",
    r"\b(?:never|not ever) (?:finding|going to find|gonna find|find|getting|get) "
    r"(?:love|anyone|someone|a job|work|a partner|hired)\b",
    rf"{_I_AM} (?:not|never) (?:going to|gonna) (?:\w+ ){{0,1}}(?:make it|succeed|get|find|"
    r"live up to|be able|pass|win|amount to|recover|be happy)\b",
    rf"{_I_WILL} (?:probably |just )?end up (?:with no|without (?:a|any)|with nothing|"
    r"on (?:the )?streets?|in debt|alone)\b",
    r"\bmy mind (?:will|'ll|is going to|'s going to) (?:go )?blank\b",
    rf"\b(?:{_I_WILL[2:]}|i (?:might|may|could)) (?:\w+ )?(?:lose|get the sack|be sacked|"
    r"be fired) (?:my (?:job|friends|house|home|partner|wife|husband|family|mind|flat|"
    r"apartment|place|kids|savings)|everything|everyone|all my \w+)\b",
    rf"{_I_WILL} never (?:learn|manage|catch up|measure up|live up|stand up|lose enough|"
    r"pay (?:it|this|them|my \w+) off|get out|be rid|feel (?:normal|okay|ok|better|good|safe))\b",
    rf"{_I_WILL} (?:probably |just |totally |definitely )?(?:forget (?:what|everything|my)|"
    r"go crazy|lose my mind|freeze|panic|say something (?:stupid|wrong|dumb)|"
    r"mess (?:it|this|everything) up|screw (?:it|this|everything) up|ruin (?:it|everything)|"
    r"go blank|stutter|make a mess of)\b",
    r"\bi bet (?:\w+ ){0,3}(?:will|'ll|is going to|are going to|'s going to) (?:\w+ ){0,2}"
    r"(?:cancel|fail|say no|reject|hate|laugh|be (?:a drag|awful|terrible|boring|a disaster)|"
    r"think)\b",
    r"\b(?:this|that|the|it) (?:\w+ )?(?:will|'ll|is going to|'s going to) be (?:such |a |"
    r"so |really |totally )*(?:drag|disaster|nightmare|waste of time|awful|terrible|horrible|"
    r"boring|humiliating|embarrassing)\b",
    r"\b" + _ANY_WORD + r" (?:will|'ll|is going to|are going to|'s going to|'re going to) (?:be )?"
    r"(?:so |really |very |totally )?(?:angry|mad|upset|furious|disappointed|annoyed|bored|"
    r"sick|tired) (?:at|with|of|in) me\b",
    r"\b(?:everyone|everybody|they|people|he|she|my \w+) (?:will|'ll|is going to|are going to)"
    r" (?:look down (?:up)?on me|get bored of me|get tired of me|laugh at me|think less of me|"
    r"stop (?:talking to|liking|loving|inviting|calling) me)\b",
    r"\b(?:will|ll|won'?t|going to|gonna)\b[^.!?\n]{0,60}?(?:,? )\b(?:i (?:just )?know it|"
    r"i can (?:just )?feel it)\b",
    r"\b(?:i|they|it|this|that)(?:'ll| will| won'?t| will not|'re going to|'m going to| am going to|"
    r" are going to|'s going to| is going to)\b[^.!?\n,]{0,60}?\b(?:no matter (?:how|what)|"
    r"no point)\b",
    r"\b(?:they|he|she|the (?:\w+ )?(?:recruiter|company|interviewer|panel|team|manager)s?)"
    r"(?:'ll| will|'re going to| are going to|'s going to| is going to) (?:(?:definitely|"
    r"definately|probably|surely|obviously|just) )?(?:say no|pick (?:the other|someone else)|"
    r"choose (?:the other|someone else)|withdraw|reject me|ghost me|turn me down|"
    r"never call|hire someone else)\b",
    r"\b(?:they|he|she|the (?:\w+ )?(?:recruiter|company|interviewer|panel|team|manager)s?)"
    r" (?:won'?t|will not|isn'?t going to|aren'?t going to) (?:ever )?(?:call(?: me)? back|"
    r"get back to me|reply|respond|hire me|pick me|choose me|want me)\b",
    r"\b(?:it|this|that|tomorrow|the (?:\w+ )?(?:one|interview|call|round|screen|application|"
    r"meeting|test|exam|date|results?))(?:'s| is| are|'re)? (?:going to|gonna|will) "
    r"(?:(?:just|probably|definitely|surely|obviously) )?(?:go (?:badly|wrong|terribly|horribly|"
    r"awfully)|be bad|be terrible|be awful|fail)\b",
    r"\b(?:will|ll|going to|gonna) (?:\w+ ){0,3}?(?:resent|hate|blame) me\b",
    rf"{_I_WILL} never pay off\b",
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
    r"\b(?:because of me|my fault|due to me)\b(?!\x20(?:being|and|or|too)\b)",
    r"\bi (?:must have|probably|definitely|obviously) (?:done|did|said) something (?:wrong|"
    r"to (?:upset|annoy|offend|hurt|anger|make))\b",
    r"\bwhat did i do (?:wrong|to deserve)\b",
    r"\bi (?:made|make|caused|cause|drove|drive) (?:him|her|them|everyone|everybody|us|my \w+)"
    r" (?:to )?(?:leave|upset|angry|sad|mad|cry|lose|fail|unhappy|miserable|sick|drink|"
    r"divorce|away|hate me|stop)\b",
    r"\bif only i(?: had(?:n'?t)?| hadn'?t|'d| were| was| could(?:'ve| have)?| did| didn'?t)\b",
    r"\bi should(?:'ve| have) (?:been able to )?(?:prevent|stop|save|protect|seen it coming)",
    r"\bi(?:'m| am) (?:(?:totally|completely|the one|solely|entirely|fully|really) )?"
    r"(?:responsible|to blame) for (?:her|his|their|everyone'?s|everything|it all|"
    r"all of (?:it|this|that)|what happened|how (?:he|she|they) feels?)\b",
    r"\bwhat did i do (?:to (?:\w+ ){0,2}(?:mess|screw|foul|ruin|upset|anger|annoy|make)|"
    r"this time)\b",
    r"\bi(?:'ve| have)? (?:made|make) (?:the )?(?:matters|things|it|everything|this|that) "
    r"(?:so much |even |a lot )?worse\b",
    r"\b(?:ended|failed|broke up|fell apart|fell through|went wrong|is ruined|was ruined|"
    r"spoilt|spoiled|got worse|is over|was lost|lost|left me|cheated|didn'?t work(?: out)?)"
    r" because (?:i|i'?m|i was|i am) (?:not|wasn'?t|never|too|such|so|failed|messed|"
    r"screwed|didn'?t|did not|couldn'?t|am not|'m not)\b",
    r"\bbecause of us\b",
    r"\b(?:it(?:'s| is| was)? |this(?:'s| is| was)? |that(?:'s| is| was)? |must|has to|"
    r"probably)(?:must |must have |has to |probably )?(?:be|been|have been) (?:something|because of something|because) (?:i|of me)\b",
    r"\bi (?:must have|probably|feel like i|think i|know i|feel i|definitely) (?:caused|ruined|"
    r"started|killed|triggered|spoiled|jinxed) (?:it|that|this|the \w+|everyone'?s \w+|"
    r"everything)\b",
    r"\bi (?:feel|am|'m) (?:so |totally |completely |fully )?responsible for (?:it|this|that|"
    r"her|his|their|everything|what)\b",
    r"\bi (?:still |always |really |just )(?:blame myself)\b",
    r"\bi (?:ruined|spoiled|wrecked) everyone'?s \w+\b",
    r"\bbecause i (?:didn'?t|did not) (?:help|support|call|check on|do enough|try hard enough)"
    r" (?:\w+ ){0,2}enough\b",
    r"\b(?:sick|ill|sad|upset|fired|hurt) because i (?:stressed|upset|pushed|worried|let)\b",
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
    # Should and must about feelings, and about how others and life ought to be.
    r"\bi (?:really |just |honestly )?(?:should|ought to|must) (?:already |still |just |"
    r"really |by now |always )?(?:be (?:feeling|happy|happier|fine|okay|ok|over|past|"
    r"stronger|tougher|grateful|thankful|calm|calmer|better|more \w+|able to|coping|handling|"
    r"doing better|used to|further|smarter|perfect|productive|positive|in control|"
    r"stronger than this)|feel (?:\w+ )?(?:good|better|happy|happier|fine|okay|ok|grateful|"
    r"thankful|nothing|no|less)|not (?:feel|be (?:sad|upset|hurt|bothered|anxious|nervous|"
    r"angry|jealous|scared|afraid|this|so|feeling))|never (?:feel|get (?:upset|angry|sad|"
    r"nervous|tired|hurt)|make|fail|need|complain|cry)|have (?:moved on|gotten over|got over|"
    r"been able|done better|handled|coped)|care less|"
    r"stop (?:feeling|being|caring|worrying|crying|thinking))\b",
    r"\bi (?:shouldn'?t|should not|must not|mustn'?t|oughtn'?t to|ought not to) "
    r"(?:(?:still|even|really|ever) )?(?:feel|be feeling|need|care|cry|miss|mind|"
    r"be (?:so |this |that |feeling )?(?:upset|sad|hurt|bothered|anxious|nervous|emotional|"
    r"disappointed|angry|jealous|scared|afraid|sensitive|affected|weak|lonely|depressed|"
    r"tired|stressed|worried|struggling|happy|needy))\b",
    r"\b(?:people|everyone|everybody|others|he|she|they|you|life|the world|things|my \w+)"
    r" (?:should|ought to|must|have to|has to) (?:always |never |just )?(?:care|"
    r"respect|understand me|listen to me|appreciate|love me|treat me|be (?:fair|nice|kind|"
    r"grateful|on time|there for me|more \w+|easier|perfect|better)|do what i|"
    r"thank me|apologi[sz]e)\b",
    r"\bi (?:should|must|have to|need to) (?:always|never) (?:be|do|have|get|make|fail|"
    r"let|show|say|feel|need)\b",
    r"\b(?:he|she|they|you|people|everyone|my (?:boss|manager|partner|husband|wife|friends?|"
    r"family|parents|mom|mum|dad|mother|father|sister|brother|recruiter|team))"
    r" (?:should(?:'ve| have)|shouldn'?t have|should not have|ought to have) "
    + _NOT_PARTICIPLES + r"(?:known|done|told|been|given|called|said|seen|asked|\w+ed)\b",
    r"\bi (?:should|must|ought to) (?:already )?(?:be|have|feel)\b[^.!?\n]{0,30}\bby now\b",
    r"\bi (?:must|have to|need to|'ve got to|got to) (?:always )?(?:make a (?:good|great|"
    r"perfect) impression|impress (?:them|everyone|him|her)|get (?:this|it|everything) "
    r"(?:right|perfect)|not (?:screw|mess) (?:this|it) up|be liked|please (?:everyone|them))\b",
    r"\bi (?:shouldn'?t|should not|mustn'?t|must not) be (?:so |this |that |such an? )?"
    r"(?:lazy|stupid|weak|needy|selfish|dramatic|emotional|pathetic|useless|clingy|"
    r"sensitive|slow|bad at this)\b",
    r"\b" + _ANY_WORD + r" should (?:never|always) (?:feel|get|be|keep|reply|know|need|make|have|"
    r"answer|respond|look|say)\b",
    r"\bi (?:shouldn'?t|should not) still be\b",
    r"\bi should (?:have|be) (?:\w+ ){0,3}already\b",
    r"\bi (?:must|have to|need to) (?:get|be|have|win|pass) (?:(?:\w+ ){0,2}(?:perfect|"
    r"flawless|the best|straight as?|top marks)|an? \w+ (?:from|at) every|everything right)\b",
    r"\bshould (?:just )?know what i (?:need|want|mean|feel|think)\b",
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
    r"\bi (?:can'?t|cannot|couldn'?t|could not) (?:handle|cope with|take|bear|stand|"
    r"survive|face) (?:this|it|that) any ?more\b",
    r"\b(?:something|somethin) (?:(?:terrible|awful|horrible|bad|really bad|tragic) )"
    r"(?:must have|has|is going to|will|'s going to|'ll|might have|could have) "
    r"(?:happen(?:ed)?)\b",
    r"\b(?:it|this|that)(?:'s| is| was|'ll be| will be| would be|'d be) (?:(?:just|truly|"
    r"absolutely|completely|totally|literally) )?(?:the end of (?:me|everything|my \w+)|"
    r"unbearable|the worst thing (?:ever|that could (?:ever )?happen|in the world)|"
    r"the end of the world|a catastrophe|a disaster(?![\x20-]?recover)|a nightmare|"
    r"a total disaster|catastrophic|devastating|the end)\b",
    r"\bwhat if (?:i|they|he|she|it|something|nobody|no one|my \w+|everyone|this) "
    r"(?:\w+ ){0,3}?(?:fail|fails|lose|loses|never|get (?:fired|rejected|sick|hurt|dumped)|"
    r"gets (?:fired|rejected|sick|hurt)|die|dies|goes wrong|go wrong|mess up|screw up|"
    r"blow it|freeze|panic|laughs? at me|hates? me|leaves? me|rejects? me|terrible|awful|"
    r"bad happens)\b",
    r"\b(?:ruined|destroyed|wrecked) (?:my|the) (?:whole |entire )(?:day|week|evening|night|"
    r"weekend|month|year|interview|trip|holiday|vacation|party)\b",
    r"\b(?:one|a single|that one|this one) (?:\w+ ){0,2}(?:ruined|ruins|spoiled|spoils|"
    r"wrecked|wrecks) (?:\w+ ){0,2}(?:everything|my (?:whole |entire )?\w+|the (?:whole|"
    r"entire) \w+)\b",
    r"\b(?:i'?m|i am|we'?re|we are) (?:completely |totally |so |just )?(?:doomed|screwed|"
    r"finished|done for|ruined)\b",
    r"\b(?:it|this|that|everything|today|the (?:whole|entire) \w+)(?:'s| is| was| has been) "
    r"(?:(?:such|just|all) )?(?:a|an|a complete|a total|an absolute|an utter|a huge|"
    r"such a) waste(?! of (?:your|their|his|her|our)\b)\b",
    r"\bi(?:'m| am| was) (?:just )?wasting (?:all )?my (?:time|life)\b",
    r"\b(?:completely|totally|entirely|utterly) (?:blew|blown|ruined|failed|messed up|"
    r"screwed up)\b(?! me\b)",
    r"\b(?:blew|blown|ruined|wrecked|destroyed|screwed up|messed up) (?:it|everything|"
    r"my \w+|the \w+) (?:completely|totally|entirely|for good|forever)\b",
    r"\bi (?:can'?t|cannot) (?:get through|go on|survive|do) (?:this|it)(?: any ?more)?"
    r"(?=\x20*(?:[.,;!?\n]|$))",
    r"\b(?:my|the|our) (?:entire |whole )?\w+ (?:will|is going to|'s going to|'ll) "
    r"(?:burn down|collapse|fall apart|be ruined|be destroyed|go up in flames|explode|"
    r"crash and burn|go under)\b",
    r"\bwhat if (?:i|he|she|they|my \w+) (?:\w+ ){0,2}?(?:stop(?:s)? breathing|"
    r"ha(?:ve|s) a heart attack|crash(?:es)?|never wakes? up)\b",
    rf"{_I_WILL} (?:probably |just )?be (?:homeless|broke|on the streets?|destitute|"
    r"penniless|ruined)\b",
    r"\bwhat if (?:the |my |our )?(?:whole |entire )?(?:\w+ ){0,2}?(?:catch(?:es)? (?:on )?fire|"
    r"sets? on fire|burns? down|blows? up|floods?|collapses?)\b",
    r"\b(?:will|would|ll|is going to|s going to|could|might) (?:completely |totally |utterly )?"
    r"(?:destroy|ruin|wreck|end) (?:my|our|the) (?:entire |whole )?(?:career|life|future|"
    r"family|marriage|chances|reputation)\b",
    r"\bthe worst thing that could (?:have )?(?:ever )?happen(?:ed)?\b",
    r"\b(?:we|i)(?:'re| are|'m| am|'ll| will) (?:going to |gonna )?lose (?:everything|"
    r"the house|our house|my house|the flat|our home|my home)\b",
    r"\b(?:will|ll|going to|gonna) end up (?:homeless|living on the streets?|on the streets?|"
    r"broke|destitute|penniless|with nothing)\b",
    r"\bmy (?:whole |entire )?life (?:falls|will fall|is falling|would fall|is going to fall)"
    r" apart\b",
    r"\bi'?m (?:sure|convinced|certain) (?:that )?(?:it'?s|it is|this is) (?:a |an )?"
    r"(?:something )?(?:heart attack|cancer|tumou?r|stroke|serious|life-threatening|fatal|"
    r"deadly|terminal)\b",
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
    _OTHERS + r"(?:'s|'re)? (?:(?:must|must have|probably|obviously|clearly|surely|secretly|"
    r"definitely|i bet) )(?:be |have been |is |are |was |were |been )?(?:(?:really|so|pretty|"
    r"still|just|all) )?(?:angry|mad|upset|annoyed|disappointed|fed up|sick|tired|bored|"
    r"irritated|furious|frustrated|disgusted|ashamed|embarrassed|done|over it|jealous|"
    r"judging|laughing|talking|avoiding|ignoring|mocking|cheating|lying|unhappy) "
    r"(?:with|at|of|by|in|about|on|to)? ?me\b",
    _OTHERS + r"(?:'s|'re)? (?:(?:must|must have|probably|obviously|clearly|surely|secretly|"
    r"definitely) )(?:think|thinks|thought|feel|feels|felt|want|wants|wanted|regret|"
    r"regrets|regretted|wish|wishes|wished|believe|believes) (?:that )?(?:i'?m|i am|i was|"
    r"me|i|they|hiring|ever|nothing)\b",
    _OTHERS + r" (?:(?:all|just|always) )?(?:(?:is|are|'s|'re|was|were) )(?:all )?"
    r"(?:judging|laughing at|talking about|staring at|gossiping about|whispering about|"
    r"avoiding|making fun of) me\b",
    rf"\b(?:i (?:bet|just know|know|can tell|could tell)|i'?m sure|i am sure|obviously|"
    rf"clearly) (?:that )?{_OTHERS} (?:(?:all|secretly|just|really) )?(?:think|thinks|thought|"
    r"hate|hates|hated|dislike|dislikes|don'?t like|doesn'?t like|didn'?t like|is angry|"
    r"are angry|was angry|were angry|is mad|are mad|regret|regrets|want|wants|wanted|"
    r"pity|pities|judge|judges|laugh|laughs|laughed|see|sees|saw|can see|could see)\b",
    _OTHERS + r"(?:'s|'re)? (?:(?:must|probably|obviously|clearly|surely|secretly) )?"
    r"(?:think|thinks|thought|believe|believes) (?:that )?(?:i'?m|i am|i was) "
    rf"{_DEGREE}{_SELF_NEG}",
    _PEOPLE + r" (?:doesn'?t|does not|don'?t|do not|no longer) (?:even )?(?:like|love|want|"
    r"care about|respect|trust|value|need|rate) me (?:at all|anymore|any more|back|either)\b",
    r"\b(?:maybe|probably|perhaps) " + _PEOPLE[2:] + r" (?:found|find|thinks?|thought|"
    r"hates?|hated|dislikes?|disliked|(?:is|are|was|were) (?:annoyed|bored|angry|mad|upset)"
    r")\b",
    _PEOPLE + r"(?:'s|'re)? (?:obviously|clearly|probably|must|definitely|surely|secretly) "
    r"(?:don'?t|doesn'?t|didn'?t|do not|does not|did not) (?:want|like|care|respect|rate|"
    r"trust|value|need|love)\b",
    r"\b(?:maybe|probably|perhaps) " + _PEOPLE[2:] + r" (?:doesn'?t|don'?t|does not|"
    r"do not|didn'?t|did not|no longer) (?:want|like|care|love|respect|need)\b",
    _PEOPLE + r" (?:doesn'?t|don'?t|does not|do not) (?:love|like|want|care about) me,? "
    r"and (?:\w+ )?never (?:will|did|have|has)\b",
    _OTHERS + r" (?:knows?|can see|sees|saw|noticed|can tell) (?:how|what) (?:\w+ ){1,4}"
    r"i (?:am|was|really am)\b",
    r"\bi'?m (?:worried|afraid|scared|sure|convinced) (?:that )?i'?m (?:annoying|boring|"
    r"bothering|upsetting|a burden to|too much for) \w+",
    _OTHERS + r"(?:'s|'re)? (?:(?:must|probably|obviously|clearly|surely|secretly) )?"
    r"(?:think|thinks|thought|believe|believes) (?:that )?i (?:look|looked|sound|sounded|seem|"
    r"seemed) (?:\w+ )?(?:stupid|dumb|silly|ridiculous|weird|ugly|fat|old|desperate|awkward|"
    r"incompetent|nervous|unprofessional|like an? \w+)\b",
    _OTHERS + r"(?:'s|'re)? (?:(?:must|obviously|clearly|probably|definitely|secretly|surely|"
    r"already|just) ){1,2}(?:finds? me \w+|found me \w+|(?:can'?t|cannot) stand (?:\w+ ){0,2}me|"
    r"resents? me|resented me|decided against me|(?:regrets?|regretted) (?:hiring|meeting|"
    r"inviting|picking|choosing) me|blames? me|pit(?:y|ies|ied) me|look(?:s|ed)? down on me)\b",
    _OTHERS + r" (?:\w+ ){0,4}?(?:is|are|was|were|'s|'re) (?:all )?(?:judging|laughing at|"
    r"talking about|staring at|gossiping about|whispering about|making fun of) (?:me|my \w+|"
    r"how i|us)\b",
    _OTHERS + r" (?:(?!will |won'?t |going |gonna |'ll )\w+ ){0,4}?(?:me|i'?m|my \w+)\b"
    r"[^.!?\n]{0,20}?\b(?:i can (?:just )?tell|"
    r"i can see it|i (?:just )?know it)\b",
    _OTHERS + r"(?:'s|'re)? (?:(?:must|probably|obviously|clearly|surely|secretly) )?"
    r"(?:think|thinks|thought|believe|believes) (?:that )?(?:i'?m|i am|we'?re|we are) "
    r"(?:making (?:it|this|things) (?:all )?up|lying|faking|exaggerating|overreacting|"
    r"being dramatic|(?:\w+ )?(?:terrible|bad|awful|useless|lazy|stupid) \w+)\b",
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
    r"\bbut (?:it|that|this|they|he|she)(?:'s| is| was|'re| are| were) (?:(?:just|only|"
    r"really|probably|because) )?(?:an? )?(?:easy|nothing|no big deal|not a big deal|"
    r"not that (?:hard|difficult|impressive|special|big)|luck|lucky|being nice|being polite|"
    r"being kind|being friendly|nice to everyone|desperate|only because)\b",
    r"\b(?:it|that|this) (?:was|is|'s) (?:just|only|really|probably|simply) (?:an? )?"
    r"(?:easy|simple|small|minor|little|tiny|basic) (?:one|test|exam|task|thing|question|"
    r"interview|role|job|project|win|round|step|part)\b",
    r"\b(?:it|that|this|which) (?:doesn'?t|does not|didn'?t|did not|won'?t) (?:really )?"
    r"(?:mean|prove|change) (?:anything|much|a thing)\b",
    _OTHERS + r" (?:only|just) (?:hired|picked|chose|promoted|called|invited|complimented|"
    r"praised|liked|chose|accepted|interviewed|said yes to|said that to) me because\b",
    r"\b(?:anyone|anybody|everyone|everybody) (?:could|can|would) (?:have )?(?:do|done|"
    r"manage|managed|pass|passed|get|got|gotten) (?:that|it|this)\b",
    r"\bi (?:only|just) (?:got|passed|won|made it|landed|did (?:well|okay|ok|fine))"
    r" (?:\w+ ){0,3}because (?:it|they|the|he|she|of luck)\b",
    r"\b(?:it|that|this|being (?:a |the )?\w+(?: \w+)?|(?:a|the|my) \w+(?: \w+)?) "
    r"(?:means|meant|counts for|is worth|was worth) (?:nothing|very little|little)\b",
    r"\bmy (?:efforts?|work|hard work|time|practice) (?:is|are|was|were) (?:all )?"
    r"(?:wasted|for nothing|pointless|in vain)\b",
    r"\b(?:doesn'?t|does not|didn'?t|did not) (?:really |necessarily )?(?:mean|prove|make) "
    r"(?:that )?(?:i(?:'m| am)|me) (?:really |actually )?(?:smart|good|talented|capable|"
    r"qualified|clever|competent|worth|any good|successful|good at)\b",
    r"\bbut (?:it|that)(?:'s| is| was|s) (?:not |no )(?:a )?(?:big deal|much|anything special|"
    r"that impressive|that great|a real \w+)\b",
    r"\bi(?:'ve| have)? wasted (?:all |so much |my |all my )?(?:of )?(?:that |this |the )?"
    r"(?:time|effort|money|day|week|years)\b",
    r"\b(?:gone|went|go) down the drain\b",
    r"\b(?:only|just) (?:gave|offered|picked|chose|hired|called|invited|praised|passed|"
    r"accepted) me (?:\w+ ){0,3}because\b",
    r"\bbut only because\b",
    r"\b(?:probably|just|only) (?:felt|feel|feels) (?:obligated|sorry for me|bad for me)\b",
    r"\bbut (?:\w+ ){0,2}(?:just|only) likes? me\b",
    r"\b(?:pure|sheer|dumb|total) (?:fluke|luck)\b",
    r"\b(?:just|only) (?:a|one) (?:good|lucky) (?:day|week|one)\b",
    r"\b(?:says|said) that to everyone\b",
    r"\b(?:has|had|have) to say that\b",
    r"\banyone could have\b",
    r"\btoo easy to (?:matter|count|mean anything)\b",
    r"\b(?:doesn'?t|does not|didn'?t|did not) (?:really )?(?:mean|prove|make) (?:that )?"
    r"(?:i(?:'m| am)|me) (?:a |an )?good \w+\b",
    r"\b(?:it|that|this|so it|so that) (?:doesn'?t|does not|didn'?t|did not) (?:really )?matter"
    r"(?=\x20*(?:[.,;!?\n]|$))",
    r"\blots of people (?:do|did|have done|could do|can do) (?:that|it|this)\b",
    r"\bi didn'?t (?:really|actually) do (?:anything|much)\b",
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


_SINGLE_QUOTED: Final = re.compile(
    r"(?<![\w'])'(?=[a-z])(?:[^'\n]|'(?=[a-z])){0,200}?(?<=[\w.!?,])'(?![\w'])")
"""Words in single quotation marks (after folding, "'" and "‘…’" alike): an opening mark at the
start of a word, a closing one at the end of a word; "I'm" and "the parents' house" are not."""


def _mask(match: re.Match[str]) -> str:
    return _MASK * (match.end() - match.start())


def _prepare(text: str) -> str:
    """The text as the rules read it: same length, apostrophes unified, quotations masked."""
    unified = text.translate(_FOLD)
    if any(mark in unified for mark in '"\u201c\u201e\u00ab\u300c\u300e'):
        unified = _QUOTED.sub(_mask, unified)
    if unified.count("'") > 1:
        unified = _SINGLE_QUOTED.sub(_mask, unified)
    return unified


def _is_question(prepared: str, end: int) -> bool:
    """Whether the sentence around `end` ends with a question mark."""
    stop = _SENTENCE_END.search(prepared, end)
    return stop is not None and not _QUESTION_MARKS.isdisjoint(stop.group())


_CLAUSE_START: Final = re.compile(
    r"(?:[" + _STOPS + r",;:()\u2014\u2013]| - | but | though | although | yet | however"
    r" | whereas | while | except )(?!.*(?:[" + _STOPS + r",;:()\u2014\u2013]| - | but "
    r"| though | although | yet | however | whereas | while | except ))"
)
"""The last clause boundary in a stretch of text: a stop, a comma and the like, or a word that
turns the sentence ("but", "though")."""

_SCOPE: Final = _compile(_rule(
    # A negation that reaches the rest of its clause: "I don't for a second believe that …".
    r"\b(?:don'?t|do not|didn'?t|did not|doesn'?t|does not|no longer|never|won'?t|will not|"
    r"nobody|no(?:-| |)one|stop(?:ped)?|refuse to) (?:(?:really|honestly|"
    r"actually|even|truly|for a second|for a moment|for one second|at all|anymore) )*"
    r"(?:think|believe|buy|accept|agree|feel that)\b",
    r"\b(?:not true|untrue|isn'?t true|is not true|a lie|nonsense|not (?:the case|fair to say))"
    r" (?:that|to say)\b",
    r"\bused to (?:think|believe|feel|tell myself)\b",
    r"\b(?:not|never)\b[^,;]{0,30}\b(?:do|did|would|will|could) i (?:believe|think|accept)\b",
    r"\b(?:doesn'?t|does not|didn'?t|did not|won'?t|will not|isn'?t|is not|wasn'?t) "
    r"(?:necessarily |really |automatically )?(?:mean|prove|make|show)(?: that)?\b",
    r"\b(?:once|for (?:years|months|a long time|a while)|back (?:then|in \w+)|at the time|"
    r"caught myself|had always|in the past)\b[^,;]{0,30}\b(?:believed?|thought|"
    r"think(?:ing)?|felt|feel(?:ing)?|told myself|telling myself|saying|convinced)\b",
    r"\bi (?:told myself|believed|was convinced|was sure|was certain)\b",
    # Someone else's words reported without quotation marks: "he says I'm stupid".
    r"(?<!\bi\x20)(?<!\bi\x20just\x20)\b(?:says|said|say|told|tells me|told me|tell me|telling me|"
    r"keeps? saying|kept saying|keeps? telling me|kept telling me|wrote|writes|yelled|yells|"
    r"shouted|shouts|screamed|screams|texted|insists|insisted|claims|claimed|complains|"
    r"complained|accused me of|accuses me of|implied|implies|makes me feel like|"
    r"made me feel like)\b",
    r"\b(?:calls|called|call|calling) me (?:a |an )?\w+",
    r"\b(?:made|make|makes|making|not|isn'?t|wasn'?t|never) $",
    r"\b(?!i\b)(?=[a-z])\w+ (?:thinks|thought|believes|believed|assumes|assumed|decided|"
    r"considers|considered|feels|felt) (?:that )?$",
    r"\b(?:according to|in (?:his|her|their) (?:words|eyes|opinion|view)|to (?:him|her|them))\b",
    r"\b(?:as if|as though|pretend(?:ing)?|imagine|imagining|supposed to think|a dream|"
    r"a nightmare where|the fear that|worried that|worry that|afraid that|scared that|"
    r"concerned that|nor|neither|no reason to (?:assume|think|believe|expect))\b",
))
"""Words earlier in the same clause that make what follows not the writer's own verdict."""

_FIGURE: Final = re.compile(r"(?:\blike|\bas if|\bas though|\bfelt like|\bfeels like) $")
"""A figure of speech just before a catastrophe ("like it's the end of the world")."""


_FAR_NEGATION: Final = re.compile(
    r"(?:\b(?:don'?t|do not|didn'?t|did not|never|no longer|won'?t|refuse to)\b"
    r"(?:(?! but | yet |;| i (?:think|thought|believe|believed|feel|felt) )[^.!?\n]){0,80}?"
    r"\b(?:believe|believed|think|thought|accept|buy)"
    r"|\b(?:not true|untrue|isn'?t true|is not true|a lie|nonsense|not the case)\b"
    r"(?:(?! but | yet |;)[^.!?\n]){0,80}?)"
    r"(?: (?:for|even for) (?:a|one) (?:second|moment|minute))?(?: that)? $"
)
"""A negated belief whose object is what follows, however far back the negation sits in its
sentence: "I don't, after everything this year, believe I'm a failure"."""


def _sentence_before(prepared: str, start: int) -> str:
    """The words of the sentence that precede position `start` (at most 160 characters)."""
    window = prepared[max(0, start - 160):start]
    stop = max(window.rfind(mark) for mark in _STOPS)
    return window[stop + 1:]


def _clause_before(prepared: str, start: int) -> str:
    """The words of the clause that precede position `start` (at most 120 characters)."""
    window = prepared[max(0, start - 120):start]
    boundary = _CLAUSE_START.search(window)
    return window[boundary.end():] if boundary else window


def _counts(name: str, prepared: str, start: int, end: int) -> bool:
    """Whether a match of rule `name` at `start:end` counts as the writer's own harsh talk."""
    if _DISTANCED.search(prepared, max(0, start - 60), start):
        return False
    if _FAR_NEGATION.search(_sentence_before(prepared, start)):
        return False
    before = _clause_before(prepared, start)
    if before and _SCOPE.search(before):
        return False
    if name == "Catastrophizing" and _FIGURE.search(before):
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
