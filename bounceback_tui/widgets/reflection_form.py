"""The guided reflection: ten optional steps from a "no" to the next step (PRODUCT.md,
"The reflection method"), in BounceBack's own words.

The form holds no database session. It keeps the answers, says when they changed, and asks
its pane to save them (`SaveRequested`): a draft about a second after typing starts, when focus
leaves the form, and on `escape`; for good with `ctrl+s`. A gentle hint names a thinking trap
about a second after typing pauses (`traps.py`); it never blocks saving.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Button, Input, Label, RadioButton, RadioSet, SelectionList, Static
from textual.widgets.selection_list import Selection

from ..domain.user_text import visible
from .form_fields import (
    ChoiceList,
    LineInput,
    NotesArea,
    OneChoice,
    after_typed_keys,
    visible_notes,
)
from ..store.records import ACTION_KINDS, FEEDBACK_STATUSES, REFLECTION_ANSWERS

if TYPE_CHECKING:
    from datetime import date

    from textual.timer import Timer

    from ..store.planning import ContactRecord
    from ..store.records import ApplicationRecord, ReflectionRecord, WinRecord

W = TypeVar("W", bound=Widget)

FEELINGS = ("frustrated", "sad", "disappointed", "embarrassed", "anxious", "angry",
            "doubting myself", "replaying it", "numb", "tired", "relieved")
REASONS = ("the role was not the right fit", "they wanted different experience",
           "someone with more years applied", "an internal candidate",
           "the hiring manager changed their mind", "a hiring freeze or budget cut",
           "timing", "I may never know, and that is all right")
MISMATCHES = ("culture", "role", "team", "values")

STEPS: tuple[tuple[str, str], ...] = (
    ("Feel it", "What are you feeling right now? Pick any that fit; every one is allowed."),
    ("Not a verdict on you", "Most no's are about the opening, not the person. What may "
     "have played a part?"),
    ("Ask for feedback", "A short, polite note can bring back something useful. Nothing is "
     "sent from here."),
    ("Look back kindly", "Talk to yourself the way you would talk to a friend."),
    ("Was it the right fit?", "Sometimes a no saves you from a place that was not for you."),
    ("Where to aim next", "What does this tell you about the roles you want?"),
    ("Keep building", "One small, concrete thing to do next, with a day."),
    ("You have done this before", ""),
    ("Your wins", "Things that went well, so they are not forgotten."),
    ("Next", "What is the next step, and how do you feel now?"),
)

HINT_DELAY = 1.0
"""Seconds after typing pauses before a thinking-trap hint may appear."""
DRAFT_DELAY = 1.0
"""Seconds after the first unsaved change before the draft is written (at most)."""

MULTILINE = ("reasons_text", "feedback_text", "went_well", "do_differently", "taught_me",
             "alignment_text", "direction_text", "next_step")
"""Answers written in a multi-line field (line breaks kept)."""


def feedback_request(company: str | None, role: str | None, to: str | None = None) -> str:
    """A short, polite request for feedback naming the company and role (never sent),
    greeting `to` by their first name when it is addressed to someone."""
    if company and role:
        about = f"the {role} role at {company}"
    elif company:
        about = f"the role at {company}"
    else:
        about = "the role"
    first = to.split()[0] if to and to.split() else ""
    return (
        f"Hello{' ' + first if first else ''},\n\n"
        f"Thank you for letting me know about {about}. I appreciated the chance to apply "
        "and to learn about the team.\n\n"
        "If you have a moment, I would be grateful for any feedback on my application or "
        "interviews: anything that could help me do better next time.\n\n"
        "Thank you again for your time.\n\n"
        "Best regards,"
    )


@dataclass(frozen=True)
class FormContext:
    """What the form shows beside the questions, read from the store before it opens."""

    application: ApplicationRecord | None = None
    """The application the reflection is about (None: free-standing)."""
    outcome: str | None = None
    """Its no: "rejected" or "ghosted" (or its current stage)."""
    patterns: tuple[str, ...] = ()
    """Lines about past rejections (step 6)."""
    bounced_back: int = 0
    """Setbacks already bounced back from (step 8)."""
    median_days: float | None = None
    """Median bounce-back time in days (step 8)."""
    gentle: bool = False
    """Gentle mode: step 8 leaves out how many no's there were."""
    wins: tuple[WinRecord, ...] = field(default_factory=tuple)
    """Logged wins to choose three from (step 9)."""
    people: tuple[ContactRecord, ...] = field(default_factory=tuple)
    """The application's people: step 3's request can be addressed to one of them."""


def pick_wins(wins: tuple[WinRecord, ...], *, seed: int = 0) -> list[WinRecord]:
    """Three wins: the two most recent and one older one at random (or what there is)."""
    newest = sorted(wins, key=lambda w: (w.at, w.id), reverse=True)
    chosen = newest[:2]
    older = newest[2:]
    if older:
        chosen.append(random.Random(seed).choice(older))
    return chosen


def resilience_line(bounced_back: int, median_days: float | None, *,
                    gentle: bool = False) -> str:
    """Step 8 in one kind sentence (in gentle mode, without counting the no's)."""
    if bounced_back == 0:
        return ("This may be the first no you log here. Whatever you do next, even small, "
                "is the first step of bouncing back.")
    times = "setback" if bounced_back == 1 else "setbacks"
    line = ("You have bounced back before" if gentle
            else f"You have already bounced back from {bounced_back} {times}")
    if median_days is not None:
        days = f"{median_days:.1f}".rstrip("0").rstrip(".")
        if days == "0":  # within hours: "within 0 days" reads as never
            line += ", usually the same day"
        else:
            line += f", usually within {days} {'day' if days == '1' else 'days'}"
    return line + ". You know how to do this."


class StepTitle(Static):
    """"Step 3 of 10 · Ask for feedback"."""


class TrapHint(Static):
    """A gentle note under a field: the trap's name and one question. Click or ctrl+g hides."""

    def on_click(self) -> None:
        self.post_message(ReflectionForm.HintDismissed(self))


class ReflectionForm(VerticalScroll, can_focus=False):
    """The ten steps. Every one optional; `ctrl+s` saves, `escape` leaves keeping the draft."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", id="reflection.save", priority=True),
        Binding("escape", "leave", "Leave (draft kept)", id="reflection.leave", priority=True),
        Binding("ctrl+down,pagedown", "step(1)", "Next step", id="reflection.next_step",
                priority=True),
        Binding("ctrl+up,pageup", "step(-1)", "Previous step", id="reflection.previous_step",
                priority=True),
        # Priority: focus moves before the keys typed after it are routed (fast typists, tmux).
        Binding("tab", "app.focus_next", "Next field", id="reflection.next_field",
                show=False, priority=True),
        Binding("shift+tab", "app.focus_previous", "Previous field",
                id="reflection.previous_field", show=False, priority=True),
        Binding("ctrl+r", "copy_request", "Copy feedback request",
                id="reflection.copy_request", show=False, priority=True),
        Binding("ctrl+g", "dismiss_hint", "Hide hint", id="reflection.hide_hint", show=False,
                priority=True),
    ]

    class SaveRequested(Message):
        """The pane should write the answers (`status` "draft" or "saved")."""

        def __init__(self, form: ReflectionForm, status: str, reason: str) -> None:
            super().__init__()
            self.form = form
            self.status = status
            self.reason = reason

    class Left(Message):
        """`escape`: the person is done for now (the draft is being saved)."""

        def __init__(self, form: ReflectionForm) -> None:
            super().__init__()
            self.form = form

    class AddWin(Message):
        """Step 9's field: log a win."""

        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    class HintDismissed(Message):
        def __init__(self, hint: TrapHint) -> None:
            super().__init__()
            self.hint = hint

    def __init__(self, context: FormContext, reflection: ReflectionRecord | None = None, *,
                 id: str | None = None) -> None:
        super().__init__(id=id)
        self.context = context
        self.reflection_id: int | None = reflection.id if reflection else None
        """The stored reflection (None until the first save)."""
        self.revision: int | None = reflection.revision if reflection else None
        """Its revision when last read or saved here (a stale save is caught)."""
        self.status = reflection.status if reflection else "draft"
        self._initial = reflection.answers() if reflection else {}
        self.changes = 0
        """Changes since the form opened (compared with `saved_changes`)."""
        self.saved_changes = 0
        self._loading = True
        self._draft_timer: Timer | None = None
        self._hint_timers: dict[str, Timer] = {}
        self._dismissed: set[tuple[str, str]] = set()
        self._step = 1

    # --- layout --------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        answers = self._initial
        yield StepTitle("", id="reflection-progress")
        for number, (title, prompt) in enumerate(STEPS, start=1):
            with Vertical(id=f"step-{number}", classes="step"):
                yield Label(f"{number}. {title}", classes="step-title")
                if prompt:
                    yield Static(prompt, classes="step-prompt")
                yield from getattr(self, f"_step_{number}")(answers)

    def _about_text(self) -> Text:
        app = self.context.application
        text = Text()
        if app is None:
            text.append("A reflection of your own", style="bold")
            text.append(" — about anything on your mind in the hunt.")
            return text
        text.append("About ")
        text.append(visible(app.company), style="bold")
        text.append(" — ")
        text.append(visible(app.role), style="bold")
        if self.context.outcome:
            text.append(f" ({self.context.outcome})")
        return text

    @staticmethod
    def _choices(words: tuple[str, ...], chosen: list[str] | tuple[str, ...],
                 *, id: str) -> SelectionList[str]:
        extra = [w for w in chosen if w not in words]  # words saved by another version
        options = [Selection(visible(w), w, w in chosen) for w in (*words, *extra)]
        return ChoiceList(*options, id=id, classes="choices")

    @staticmethod
    def _scale(label: str, value: int | None, *, id: str) -> ComposeResult:
        yield Label(label, classes="field-label")
        with OneChoice(id=id, classes="scale"):
            for n in range(1, 6):
                yield RadioButton(str(n), value=value == n, name=str(n))

    @staticmethod
    def _area(label: str, name: str, answers: dict[str, Any]) -> ComposeResult:
        yield Label(label, classes="field-label")
        area = NotesArea(answers.get(name) or "", id=name, soft_wrap=True,
                         tab_behavior="focus", classes="answer")
        yield area
        yield TrapHint("", id=f"hint-{name}", classes="hint", markup=False)

    def _step_1(self, answers: dict[str, Any]) -> ComposeResult:
        yield self._choices(FEELINGS, answers.get("feelings") or [], id="feelings")
        yield from self._scale("Mood now: 1 heavy … 5 light", answers.get("mood_before"),
                               id="mood_before")

    def _step_2(self, answers: dict[str, Any]) -> ComposeResult:
        yield self._choices(REASONS, answers.get("reasons") or [], id="reasons")
        yield from self._area("Anything else", "reasons_text", answers)

    def _step_3(self, answers: dict[str, Any]) -> ComposeResult:
        status = answers.get("feedback_status") or "not asked"
        with OneChoice(id="feedback_status", classes="choices-row"):
            for choice in FEEDBACK_STATUSES:
                yield RadioButton(choice, value=choice == status, name=choice)
        people = self.context.people
        if people:
            with OneChoice(id="feedback_to", classes="choices-row"):
                for index, person in enumerate(people):
                    yield RadioButton(visible(f"to {person.name}"), value=index == 0,
                                      name=str(index))
                yield RadioButton("to no one by name", name="")
        with Horizontal(classes="buttons"):
            yield Button("Copy feedback request (ctrl+r)", id="copy-request", compact=True)
        preview = Static("", id="request-preview", classes="request", markup=False)
        preview.display = False
        yield preview
        yield from self._area("What came back", "feedback_text", answers)

    def _step_4(self, answers: dict[str, Any]) -> ComposeResult:
        yield from self._area("What went well?", "went_well", answers)
        yield from self._area("What would you do differently?", "do_differently", answers)
        yield from self._area("What did it teach you about yourself?", "taught_me", answers)

    def _step_5(self, answers: dict[str, Any]) -> ComposeResult:
        yield Label("A mismatch of…", classes="field-label")
        yield self._choices(MISMATCHES, answers.get("mismatches") or [], id="mismatches")
        yield from self._area("What you noticed", "alignment_text", answers)

    def _step_6(self, answers: dict[str, Any]) -> ComposeResult:
        lines = self.context.patterns or ("What this no shares with others will gather here "
                                          "over time.",)
        yield Static("\n".join(visible(line) for line in lines), id="patterns",
                     classes="aside", markup=False)
        yield from self._area("Direction", "direction_text", answers)

    def _step_7(self, answers: dict[str, Any]) -> ComposeResult:
        yield Label("One thing to do", classes="field-label")
        yield LineInput(visible(answers.get("commitment_text") or ""), id="commitment_text",
                        placeholder="e.g. finish the SQL course, update the portfolio",
                        classes="answer-line")
        kind = answers.get("commitment_kind") or ""
        with OneChoice(id="commitment_kind", classes="choices-row"):
            for choice in ACTION_KINDS:
                yield RadioButton(choice, value=choice == kind, name=choice)
        yield Label("By (YYYY-MM-DD, optional)", classes="field-label")
        due = answers.get("commitment_due")
        yield LineInput(due.isoformat() if due else "", id="commitment_due",
                        placeholder="optional", classes="answer-line")
        yield Static("", id="commitment-due-error", classes="error", markup=False)

    def _step_8(self, answers: dict[str, Any]) -> ComposeResult:
        yield Static(resilience_line(self.context.bounced_back, self.context.median_days,
                                     gentle=self.context.gentle),
                     id="resilience", classes="aside", markup=False)

    def _step_9(self, answers: dict[str, Any]) -> ComposeResult:
        yield Static(self._wins_text(), id="wins", classes="aside", markup=False)
        yield Label("Add a win (enter logs it)", classes="field-label")
        yield LineInput(id="new-win", placeholder="kind words, a skill learned, an interview "
                        "reached…", classes="answer-line")

    def _step_10(self, answers: dict[str, Any]) -> ComposeResult:
        yield from self._area("The next step", "next_step", answers)
        yield from self._scale("Mood now: 1 heavy … 5 light", answers.get("mood_after"),
                               id="mood_after")

    def _wins_text(self) -> Text:
        wins = pick_wins(self.context.wins, seed=self.reflection_id or 0)
        text = Text()
        if not wins:
            text.append("Wins you log gather here. The first one can be small.")
            return text
        for win in wins:
            text.append("★ ", style="bold")
            text.append(visible(win.text))
            text.append("\n")
        text.rstrip()
        return text

    def on_mount(self) -> None:
        self._show_progress(1)
        self.call_after_refresh(self._loaded)

    def _loaded(self) -> None:
        self._loading = False

    def focus_first(self) -> None:
        """Put the cursor in step 1's first field."""
        self._focus_step(1)

    def has_parts(self) -> bool:
        """Whether the form's fields are there to read (not once it is being put away)."""
        return self.is_attached and bool(self.query("#feelings"))

    # --- answers -------------------------------------------------------------------------

    def answers(self) -> dict[str, Any]:
        """Every answer as the store takes it (`store.save_reflection(answers, …)`)."""
        values: dict[str, Any] = {}
        for name in ("feelings", "reasons", "mismatches"):
            values[name] = list(self.query_one(f"#{name}", SelectionList).selected)
        for name in ("mood_before", "mood_after"):
            pressed = self.query_one(f"#{name}", RadioSet).pressed_button
            values[name] = int(pressed.name) if pressed is not None and pressed.name else None
        pressed = self.query_one("#feedback_status", RadioSet).pressed_button
        values["feedback_status"] = pressed.name if pressed is not None else "not asked"
        pressed = self.query_one("#commitment_kind", RadioSet).pressed_button
        values["commitment_kind"] = pressed.name if pressed is not None else ""
        for name in MULTILINE:
            values[name] = self.query_one(f"#{name}", NotesArea).text
        values["commitment_text"] = self.query_one("#commitment_text", Input).value
        values["commitment_due"] = self._due()
        assert set(values) == set(REFLECTION_ANSWERS)
        return values

    def _due(self) -> date | None:
        from ..domain.dates import DateInputError, parse_day

        text = self.query_one("#commitment_due", Input).value.strip()
        error = self.query_one("#commitment-due-error", Static)
        if not text:
            error.update("")
            return None
        try:
            day = parse_day(text, allow_future=True)
        except DateInputError as exc:
            error.update(f"{exc} (the draft keeps the rest)")
            return None
        error.update("")
        return day

    @property
    def dirty(self) -> bool:
        """Whether something typed here is not in the store yet."""
        return self.changes != self.saved_changes

    def _changed(self) -> None:
        if self._loading:
            return
        self.changes += 1
        if self._draft_timer is None:  # not reset by later keys: at most DRAFT_DELAY behind
            self._draft_timer = self.set_timer(DRAFT_DELAY, self._save_draft)

    def _save_draft(self) -> None:
        self._draft_timer = None
        if self.dirty:
            self.post_message(self.SaveRequested(self, "draft", "timer"))

    def saved(self, record: ReflectionRecord, changes: int) -> None:
        """The pane wrote the answers read at `changes`."""
        self.reflection_id = record.id
        self.revision = record.revision
        self.status = record.status
        self.saved_changes = max(self.saved_changes, changes)

    @on(SelectionList.SelectedChanged)
    @on(RadioSet.Changed)
    def _choice_changed(self) -> None:
        self._changed()

    @on(Input.Changed, "#commitment_text, #commitment_due")
    def _line_changed(self) -> None:
        self._changed()

    @on(NotesArea.Changed)
    def _text_changed(self, event: NotesArea.Changed) -> None:
        self._changed()
        name = event.text_area.id or ""
        timer = self._hint_timers.pop(name, None)
        if timer is not None:
            timer.stop()
        self._hint_timers[name] = self.set_timer(HINT_DELAY, lambda: self._check_traps(name))

    @on(Input.Submitted, "#new-win")
    def _win_submitted(self, event: Input.Submitted) -> None:
        text = event.value.strip()
        if text:
            self.post_message(self.AddWin(text))
            event.input.value = ""

    def win_added(self, win: WinRecord) -> None:
        """Show a win logged from step 9 at the top of the list."""
        self.context = FormContext(**{**self.context.__dict__,
                                      "wins": (win, *self.context.wins)})
        self.query_one("#wins", Static).update(self._wins_text())

    # --- thinking-trap hints -------------------------------------------------------------

    def _check_traps(self, name: str) -> None:
        from ..domain.traps import detect_thinking_traps

        self._hint_timers.pop(name, None)
        if not self.is_mounted:
            return
        area = self.query_one(f"#{name}", NotesArea)
        hint = self.query_one(f"#hint-{name}", TrapHint)
        text = area.text
        traps = [t for t in detect_thinking_traps(text[:20_000])
                 if (name, t.name) not in self._dismissed]
        if not traps:
            hint.update("")
            hint.remove_class("-shown")
            return
        trap = traps[0]
        line = Text()
        line.append(f"{trap.name}? ", style="bold")
        line.append(f"“{visible(text[trap.start:trap.end])}” — ", style="italic")
        line.append(trap.reframe)
        line.append("  (ctrl+g hides this)", style="dim")
        hint.update(line)
        hint.trap_name = trap.name  # type: ignore[attr-defined]
        hint.add_class("-shown")

    def action_dismiss_hint(self) -> None:
        """Hide the hint under the focused field (it will not come back for that trap)."""
        focused = self.screen.focused
        name = focused.id if focused is not None else None
        hints = [self.query_one(f"#hint-{name}", TrapHint)] if name in MULTILINE else [
            h for h in self.query(TrapHint) if h.has_class("-shown")]
        for hint in hints:
            self._dismiss(hint)

    @on(HintDismissed)
    def _hint_clicked(self, event: HintDismissed) -> None:
        self._dismiss(event.hint)

    def _dismiss(self, hint: TrapHint) -> None:
        trap = getattr(hint, "trap_name", None)
        if trap and hint.id:
            self._dismissed.add((hint.id.removeprefix("hint-"), trap))
        hint.update("")
        hint.remove_class("-shown")

    # --- steps and keys ------------------------------------------------------------------

    def _step_of(self, widget: Widget | None) -> int | None:
        while widget is not None and widget is not self:
            if widget.has_class("step") and widget.id and widget.id.startswith("step-"):
                return int(widget.id.removeprefix("step-"))
            widget = widget.parent  # type: ignore[assignment]
        return None

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        step = self._step_of(event.widget)
        if step is not None:
            self._show_progress(step)

    def on_descendant_blur(self, event: events.DescendantBlur) -> None:
        self.call_after_refresh(self._maybe_left)

    def _maybe_left(self) -> None:
        """Focus went somewhere outside the form: write the draft now."""
        focused = self.screen.focused if self.is_attached else None
        inside = focused is not None and self in focused.ancestors_with_self
        if not inside and self.dirty and self.is_attached:
            self.post_message(self.SaveRequested(self, "draft", "blur"))

    def _show_progress(self, step: int) -> None:
        self._step = step
        title, _ = STEPS[step - 1]
        text = self._about_text()
        text.append("\n")
        text.append(f"Step {step} of 10", style="bold")
        text.append(f" · {title}")
        text.append("   ctrl+↓/↑ steps · ctrl+s save · esc leave (draft kept)", style="dim")
        progress = self._part("#reflection-progress", StepTitle)
        if progress is not None:
            progress.update(text)

    def _part(self, selector: str, kind: type[W]) -> W | None:
        """One of the form's parts; None while the form is being put away (a key can ask
        for a step in the moment between `escape` and the form leaving)."""
        found = self.query(selector)
        return found.first(kind) if found else None

    def _first_field(self, step: int) -> Widget | None:
        section = self._part(f"#step-{step}", Vertical)
        if section is None:
            return None
        return next((w for w in section.query("*") if w.focusable), None)

    def _focus_step(self, step: int) -> None:
        """Focus the step's first field and show the step from its title (one scroll, not
        the focus's own scroll and then this one: the picture does not depend on timing)."""
        section = self._part(f"#step-{step}", Vertical)
        if section is None or not self.is_attached:
            return
        target = self._first_field(step)
        if target is not None:
            self.screen.set_focus(target, scroll_visible=False)
        self.scroll_to_widget(section, top=True, animate=False, immediate=True)
        self._show_progress(step)

    def action_step(self, delta: int) -> None:
        """Jump to the next or previous step's first field (a step with nothing to fill in,
        like step 8, is shown on the way but skipped), once the keys before it are taken."""
        after_typed_keys(self.screen, lambda: self._step_by(delta))

    def _step_by(self, delta: int) -> None:
        current = self._step_of(self.screen.focused) or self._step
        step = current + delta
        while 1 <= step <= len(STEPS) and self._first_field(step) is None:
            step += delta
        if 1 <= step <= len(STEPS):
            self._focus_step(step)

    def action_save(self) -> None:
        """Save for good (a draft becomes a saved reflection), once the focused field has
        taken the keys sent before ctrl+s (space, down, space, ctrl+s in one burst: the two
        choices are saved, whatever the machine's load)."""
        after_typed_keys(self.screen, lambda: self.post_message(
            self.SaveRequested(self, "saved", "ctrl+s")))

    def action_leave(self) -> None:
        """Leave the form; the draft is kept (with the keys typed before escape)."""
        after_typed_keys(self.screen, lambda: self.post_message(self.Left(self)))

    @on(Button.Pressed, "#copy-request")
    def _copy_pressed(self) -> None:
        self.action_copy_request()

    def action_copy_request(self) -> None:
        """Compose a feedback request, show it and copy it (OSC 52)."""
        app = self.context.application
        person = self._addressee()
        text = feedback_request(app.company if app else None, app.role if app else None,
                                person.name if person else None)
        preview = self.query_one("#request-preview", Static)
        shown = visible_notes(text)
        if person is not None and person.email:
            shown = f"To: {visible(person.email)}\n\n{shown}"
        preview.update(shown)
        preview.display = True
        self.app.copy_to_clipboard(text)
        self.app.notify("Feedback request copied. Paste it into your email; nothing was "
                        "sent.", markup=False)

    def _addressee(self) -> ContactRecord | None:
        """The person step 3's request is addressed to (None: no one by name)."""
        chosen = self.query("#feedback_to")
        button = chosen.first(RadioSet).pressed_button if chosen else None
        if button is None or not button.name:
            return None
        return self.context.people[int(button.name)]

    def has_unsaved_text(self) -> bool:
        """For the quit prompt: drafts are saved on quit, so nothing is at risk here."""
        return False
