"""Spotting thinking traps in what a person writes (bounceback_tui.domain.traps), sentence by sentence."""

from __future__ import annotations

import dataclasses
import itertools
import subprocess
import sys

import pytest

from bounceback_tui.domain.traps import (
    REFRAMES,
    TRAP_NAMES,
    Trap,
    detect_thinking_traps,
    untrapped_sentences,
)

LAB = "Labeling"
OVER = "Overgeneralizing"
FORT = "Fortune telling"
PERS = "Personalizing"
SHOULD = "Should statements"
CAT = "Catastrophizing"
MIND = "Mind reading"
DISC = "Discounting the positive"

# Each case: the text, then the traps expected in order as (name, a word the span must contain).
FOUND = [
    # Labeling.
    pytest.param("I'm a failure.", [(LAB, "failure")], id="lab-failure"),
    pytest.param("Honestly I am such a loser.", [(LAB, "loser")], id="lab-such-a-loser"),
    pytest.param("im so stupid", [(LAB, "stupid")], id="lab-im-no-apostrophe"),
    pytest.param("I\u2019m a complete fraud and everybody will find out",
                 [(LAB, "fraud")], id="lab-curly-apostrophe"),
    pytest.param("I'm just not good enough for this industry.", [(LAB, "good enough")],
                 id="lab-not-good-enough"),
    pytest.param("I AM USELESS.", [(LAB, "useless")], id="lab-upper-case"),
    pytest.param("What an idiot I was in that call.", [(LAB, "idiot")], id="lab-what-an-idiot"),
    pytest.param("I was such an idiot during the demo.", [(LAB, "idiot")], id="lab-past"),
    pytest.param("I feel like a fraud in every standup.", [(LAB, "fraud")], id="lab-feel-like"),
    # Overgeneralizing.
    pytest.param("I always mess up the technical round.", [(OVER, "always")],
                 id="over-always-mess-up"),
    pytest.param("I never get past the first screen.", [(OVER, "never")], id="over-never-get"),
    pytest.param("Nobody will ever hire me.", [(OVER, "ever")], id="over-nobody-ever"),
    pytest.param("Every time I get close, I fail at the last step.", [(OVER, "every time")],
                 id="over-every-time"),
    pytest.param("Nothing ever works out.", [(OVER, "nothing ever")], id="over-nothing-ever"),
    pytest.param("I keep getting rejected.", [(OVER, "keep")], id="over-keep-getting-rejected"),
    pytest.param("I can't do anything right.", [(OVER, "anything right")],
                 id="over-anything-right"),
    # Fortune telling.
    pytest.param("I'll never get a job in this field.", [(FORT, "never")], id="fort-never-get-job"),
    pytest.param("I will never find a role like that again.", [(FORT, "never find")],
                 id="fort-will-never-find"),
    pytest.param("I'm going to fail the next interview too.", [(FORT, "fail")],
                 id="fort-going-to-fail"),
    pytest.param("It's going to go badly, I can feel it.", [(FORT, "badly")],
                 id="fort-go-badly"),
    pytest.param("No one is going to hire me at my age.", [(FORT, "hire")],
                 id="fort-no-one-going-to"),
    pytest.param("This will happen again.", [(FORT, "happen again")], id="fort-happen-again"),
    pytest.param("I'll just get rejected again.", [(FORT, "rejected")], id="fort-get-rejected"),
    # Personalizing.
    pytest.param("It's all my fault.", [(PERS, "fault")], id="pers-all-my-fault"),
    pytest.param("They rejected me because I'm boring.", [(PERS, "because")],
                 id="pers-rejected-because"),
    pytest.param("It was because of me that the team said no.", [(PERS, "because of me")],
                 id="pers-because-of-me"),
    pytest.param("I ruined it.", [(PERS, "ruined")], id="pers-ruined-it"),
    pytest.param("I blame myself for the whole thing.", [(PERS, "blame")], id="pers-blame"),
    pytest.param("I'm the problem here.", [(PERS, "problem")], id="pers-im-the-problem"),
    # Should statements.
    pytest.param("I should have known better.", [(SHOULD, "should")], id="should-known-better"),
    pytest.param("I should've been better prepared.", [(SHOULD, "should")],
                 id="should-should-ve"),
    pytest.param("I must be perfect in every interview.", [(SHOULD, "must")],
                 id="should-must-be-perfect"),
    pytest.param("I ought to have asked more questions.", [(SHOULD, "ought")], id="should-ought"),
    pytest.param("I shouldn\u2019t have said that about my old job.", [(SHOULD, "shouldn")],
                 id="should-shouldnt-curly"),
    pytest.param("I should be further along by now.", [(SHOULD, "further")],
                 id="should-be-further"),
    # Catastrophizing.
    pytest.param("My career is over.", [(CAT, "over")], id="cat-career-over"),
    pytest.param("This is a disaster.", [(CAT, "disaster")], id="cat-disaster"),
    pytest.param("I'll end up homeless at this rate.", [(CAT, "homeless")],
                 id="cat-end-up-homeless"),
    pytest.param("Everything is ruined now.", [(CAT, "ruined")], id="cat-everything-ruined"),
    pytest.param("That was the worst thing ever.", [(CAT, "worst")], id="cat-worst-ever"),
    pytest.param("It was a total nightmare from start to finish.", [(CAT, "nightmare")],
                 id="cat-total-nightmare"),
    # Mind reading.
    pytest.param("They think I'm stupid.", [(MIND, "think")], id="mind-they-think"),
    pytest.param("They must have hated me.", [(MIND, "hated")], id="mind-must-have-hated"),
    pytest.param("The interviewer thought I was incompetent.", [(MIND, "thought")],
                 id="mind-interviewer-thought"),
    pytest.param("Everyone thinks I'm a fraud.", [(MIND, "thinks")], id="mind-everyone-thinks"),
    pytest.param("I could tell they didn't like me.", [(MIND, "like me")],
                 id="mind-could-tell"),
    pytest.param("The panel saw right through me.", [(MIND, "through me")],
                 id="mind-saw-through"),
    # Discounting the positive.
    pytest.param("They only said that to be nice.", [(DISC, "nice")], id="disc-to-be-nice"),
    pytest.param("It was just luck.", [(DISC, "luck")], id="disc-just-luck"),
    pytest.param("That doesn't count.", [(DISC, "count")], id="disc-doesnt-count"),
    pytest.param("Anyone could have done it.", [(DISC, "anyone")], id="disc-anyone-could"),
    pytest.param("The offer was a fluke.", [(DISC, "fluke")], id="disc-offer-fluke"),
    pytest.param("She's just being polite.", [(DISC, "polite")], id="disc-being-polite"),
    pytest.param("I just got lucky with the questions.", [(DISC, "lucky")],
                 id="disc-got-lucky"),
    # The shape of a thought, not only its words (issue 16): a conclusion about the self drawn
    # from one event, should/must about feelings, never/always about anyone, guessed feelings.
    pytest.param("I didn't get the job so I must be incompetent.", [(LAB, "must be")],
                 id="shape-self-conclusion"),
    pytest.param("Snapping at him like that makes me a bad person.", [(LAB, "bad person")],
                 id="shape-makes-me-a"),
    pytest.param("One typo and it proves I'm careless.", [(LAB, "careless")],
                 id="shape-proves-im"),
    pytest.param("I should be feeling good by now.", [(SHOULD, "feeling")],
                 id="shape-should-feeling"),
    pytest.param("I shouldn't still be this upset about one email.", [(SHOULD, "still")],
                 id="shape-shouldnt-still"),
    pytest.param("She never respects me and constantly talks over me.", [(OVER, "never")],
                 id="shape-never-about-anyone"),
    pytest.param("Recruiters always ghost me.", [(OVER, "always")], id="shape-always-about-them"),
    pytest.param("My boss didn't say good morning, she must be angry with me.",
                 [(MIND, "angry")], id="shape-guessed-feeling"),
    pytest.param("He didn't reply, he obviously doesn't want to work with me.",
                 [(MIND, "obviously")], id="shape-obviously-doesnt-want"),
    pytest.param("They're going to say no, I just know it.", [(FORT, "say no")],
                 id="shape-certain-prediction"),
    pytest.param("They only gave me the offer because nobody else applied.",
                 [(DISC, "because")], id="shape-only-because"),
    pytest.param("The team missed the deadline, it must be something I did.",
                 [(PERS, "something i")], id="shape-must-be-something-i-did"),
    pytest.param("One bad answer will ruin my entire career.", [(CAT, "career")],
                 id="shape-will-ruin"),
    pytest.param("then ‘I’m a loser’ is all I think all week, and I’m a loser.",
                 [(LAB, "loser")], id="single-quoted-then-own-words"),
    # Two traps in one entry: both, in order of position.
    pytest.param("I'm such an idiot, I always mess everything up.",
                 [(LAB, "idiot"), (OVER, "always")], id="mixed-lab-over"),
    pytest.param("I should have prepared more. Now my career is over.",
                 [(SHOULD, "should"), (CAT, "career")], id="mixed-should-cat"),
    pytest.param("They must think I'm useless, and I'll never get a job.",
                 [(MIND, "think"), (FORT, "never")], id="mixed-mind-fort"),
    pytest.param("It was just luck. I'll never get an offer like that again.",
                 [(DISC, "luck"), (FORT, "never")], id="mixed-disc-fort"),
    pytest.param("It's all my fault, this is a disaster.",
                 [(PERS, "fault"), (CAT, "disaster")], id="mixed-pers-cat"),
    pytest.param('The recruiter said "strong portfolio" but I\'m a fraud.',
                 [(LAB, "fraud")], id="mixed-quote-then-own-words"),
    # A question does not hide other traps, only Should statements.
    pytest.param("Should I have known? I'm a failure.", [(LAB, "failure")],
                 id="question-then-label"),
    # A trap repeated is reported once, at its first place.
    pytest.param("I'm a loser. I'm a loser. I'm a loser.", [(LAB, "loser")],
                 id="repeated-once"),
]


@pytest.mark.parametrize(("text", "expected"), FOUND)
def test_finds_the_traps_in_order(text: str, expected: list[tuple[str, str]]) -> None:
    traps = detect_thinking_traps(text)
    assert [trap.name for trap in traps] == [name for name, _ in expected], traps
    for trap, (_, word) in zip(traps, expected, strict=True):
        assert word in text[trap.start:trap.end].lower().replace("\u2019", "'"), (
            text[trap.start:trap.end])


QUIET = [
    # Ordinary words that also appear in traps.
    pytest.param("I always prepare notes before interviews.", id="always-habit"),
    pytest.param("I never got their email, so I'll resend it.", id="never-factual"),
    pytest.param("I never get nervous before a phone screen.", id="never-positive"),
    pytest.param("I should email the recruiter tomorrow.", id="should-plan"),
    pytest.param("I should have the draft ready by Friday.", id="should-have-noun"),
    pytest.param("I should have ten minutes before the call.", id="should-have-ten"),
    pytest.param("Should I ask for feedback?", id="should-question"),
    pytest.param("Do you think I should have asked about salary?", id="should-inner-question"),
    pytest.param("Maybe I should've known better?", id="should-question-at-end"),
    pytest.param("They labeled the file wrong, so I resent it.", id="label-verb"),
    pytest.param("The label on the jar was in French.", id="label-noun"),
    pytest.param("I'm a software engineer with five years of experience.", id="im-a-job"),
    pytest.param("I am such a fan of their product.", id="such-a-fan"),
    pytest.param("I'm not a failure, I'm learning.", id="not-a-failure"),
    pytest.param("I don't think I'm a failure anymore.", id="distanced-label"),
    pytest.param("I used to think it was all my fault.", id="distanced-past"),
    pytest.param("They think I'm a great fit for the platform team.", id="they-think-positive"),
    pytest.param("It was a disaster recovery exercise on a staging cluster.",
                 id="disaster-recovery"),
    pytest.param("Everything is ready for Monday.", id="everything-ready"),
    pytest.param("I'll never forget how kind the hiring manager was.", id="never-forget"),
    pytest.param("My career is growing and I got promoted last year.", id="career-growing"),
    pytest.param("It's not my fault the calendar invite broke.", id="not-my-fault"),
    pytest.param("That counts as a win in my book.", id="counts-as-win"),
    pytest.param("I got the offer and I earned it.", id="positive-offer"),
    pytest.param("I was lucky to meet such a kind team.", id="lucky-gratitude"),
    pytest.param("That doesn't count as overtime.", id="count-as"),
    pytest.param("I'm the problem solver on my team.", id="problem-solver"),
    pytest.param("They rejected me because I'm a good fit elsewhere, they said.", id="because-fit"),
    pytest.param("I never get tired of learning new stacks.", id="never-get-tired"),
    pytest.param("I'll never forget to attach the portfolio again.", id="never-forget-again"),
    pytest.param("Should I follow up, or is it too soon?", id="should-i-question"),
    pytest.param("I don't think they hated me at all.", id="distanced-mind"),
    # Someone else's words without quotation marks, figures of speech, negation anywhere in
    # the clause, thoughts held at a distance (issue 16).
    pytest.param("He says I'm stupid, but I know my work is good.", id="reported-speech"),
    pytest.param("My sister told me I was lazy for sleeping in.", id="reported-told-me"),
    pytest.param("When the build broke it felt like the end of the world, then we fixed it.",
                 id="simile-end-of-world"),
    pytest.param("Losing the demo was like a disaster movie, but we laughed about it later.",
                 id="simile-disaster"),
    pytest.param("I don't, after everything that happened this year, believe I'm a failure.",
                 id="negation-far-back"),
    pytest.param("It is not true, whatever my brain says at 3am, that my career is over.",
                 id="negation-not-true-that"),
    pytest.param("Not for a second do I believe I'm a failure.", id="negation-inverted"),
    pytest.param("Getting ghosted doesnt mean im unemployable.", id="negation-doesnt-mean"),
    pytest.param("For years I believed I was worthless; I don't anymore.", id="distance-years"),
    pytest.param("I caught myself thinking I'm a failure, and let it pass.", id="distance-caught"),
    pytest.param("There's no reason to assume they'll say no.", id="no-reason-to-assume"),
    pytest.param("He never told me about the layoffs before I joined.", id="never-past-account"),
    pytest.param("She always helps me with my cover letters.", id="always-kind-habit"),
    pytest.param("My grandmother always said ‘you’re a failure only if you stop’.",
                 id="single-quoted"),
    # Someone else's words, in quotation marks.
    pytest.param('The interviewer said "you should apply again next year".', id="quoted-should"),
    pytest.param("Feedback: \u201cyou always rush the last question\u201d.", id="quoted-curly"),
    pytest.param('She wrote "I\'m a failure at small talk, too!" with a smiley.',
                 id="quoted-label"),
    pytest.param('He said "this is a disaster of a market right now.', id="quote-left-open"),
    # Empty, odd and non-English input.
    pytest.param("", id="empty"),
    pytest.param("   \n\t  ", id="whitespace"),
    pytest.param("\x00\x01\x02\x1b[31m\x7f\u200b\ufeff", id="control-characters"),
    pytest.param("面接は難しかったけど、次は頑張る。", id="japanese"),
    pytest.param("我失败了吗？下次会更好。", id="chinese"),
    pytest.param("\U0001f622\U0001f622\U0001f4aa\U0001f680", id="emoji"),
    pytest.param("I\x00'm a fail\x00ure", id="nul-inside-words"),
    pytest.param("\ud800 lone surrogate and \U0010ffff", id="surrogate"),
]


@pytest.mark.parametrize("text", QUIET)
def test_ordinary_sentences_trigger_nothing(text: str) -> None:
    assert detect_thinking_traps(text) == []


def test_every_sentence_table_is_big_enough() -> None:
    assert len(FOUND) + len(QUIET) >= 80


def test_spans_index_the_original_text() -> None:
    text = "\u2728 Notes \u2728\n\u201cGreat energy\u201d they said.\nBut im a fraud \U0001f605"
    [trap] = detect_thinking_traps(text)
    assert trap.name == LAB
    assert text[trap.start:trap.end] == "im a fraud"


def test_a_question_mark_inside_quotes_does_not_make_a_question() -> None:
    text = 'They asked "why this role?" and I should have known the answer.'
    assert [trap.name for trap in detect_thinking_traps(text)] == [SHOULD]


def test_sentences_do_not_join_across_a_full_stop_or_line_break() -> None:
    assert detect_thinking_traps("I'm a. Failure of the build was fixed.") == []
    assert detect_thinking_traps("They think I'm\nstupid") == []


def test_every_name_has_one_gentle_question() -> None:
    assert len(TRAP_NAMES) == len(set(TRAP_NAMES)) == 8
    assert set(REFRAMES) == set(TRAP_NAMES)
    for name in TRAP_NAMES:
        reframe = REFRAMES[name]
        assert reframe.strip() and reframe.endswith("?"), name


def test_every_trap_found_is_well_formed() -> None:
    text = " ".join(param.values[0] for param in FOUND)
    traps = detect_thinking_traps(text)
    assert {trap.name for trap in traps} == set(TRAP_NAMES)
    assert [trap.start for trap in traps] == sorted(trap.start for trap in traps)
    for earlier, later in itertools.pairwise(traps):
        assert earlier.end <= later.start
    for trap in traps:
        assert isinstance(trap, Trap)
        assert trap.name in TRAP_NAMES
        assert 0 <= trap.start < trap.end <= len(text)
        assert trap.reframe == REFRAMES[trap.name]
        assert trap.reframe.endswith("?")
    with pytest.raises(dataclasses.FrozenInstanceError):
        traps[0].name = "Other"  # type: ignore[misc]


def test_a_long_text_is_handled() -> None:
    paragraph = (
        "Today I had the final round. I always prepare notes, and I think it went fine, "
        "though they asked a lot about systems design. Should I ask for feedback? "
        "\u201cGreat questions\u201d, the lead said. \U0001f642 \x07 面接 "
    )
    text = (paragraph * (100_000 // len(paragraph) + 1))[:100_000]
    assert len(text) == 100_000
    assert detect_thinking_traps(text) == []
    harsh = text[:50_000] + " I'm a failure and nobody will ever hire me. " + text[50_000:]
    assert [trap.name for trap in detect_thinking_traps(harsh)] == [LAB, OVER]
    dense = "I'm a loser. They hated me. " * 4_000
    assert len(detect_thinking_traps(dense)) == 2
    assert detect_thinking_traps("?" * 100_000 + "I should have known") != []
    assert detect_thinking_traps('"' + "x " * 50_000) == []


def test_the_module_needs_only_the_standard_library() -> None:
    script = (
        "import sys, bounceback_tui.domain.traps\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & "
        "{'textual', 'rich', 'sqlalchemy', 'sqlmodel', 'pendulum'}))"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "[]"


@pytest.mark.parametrize(("text", "kept"), [
    ("I'm such a failure, I always mess up interviews.", []),
    ("I explained my projects clearly. I'm such a failure.",
     ["I explained my projects clearly."]),
    ("I'll never get a job at this rate! I like small teams…  Next time: ask early?",
     ["I like small teams…", "Next time: ask early?"]),
    ("Ask about the team\nbefore the final round.", ["Ask about the team before the final round."]),
    ("", []),
    ("   \n ", []),
])
def test_only_sentences_without_a_trap_are_handed_back(text: str, kept: list[str]) -> None:
    """What the offer moment and the story may quote: a sentence at a time (a line break
    inside one is a space), and never one the hint would question."""
    assert untrapped_sentences(text) == kept
