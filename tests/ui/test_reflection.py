"""The guided reflection and the journal in the Reflection pane, driven by keys; each test
checks what the store holds afterwards and what the screen shows."""

from __future__ import annotations

import pendulum
from test_dashboard import screen_text, table
from textual import events
from textual.widgets import OptionList, RadioSet, SelectionList
from ui_support import NOW, clock_at, ready, settle, until

from bounceback_tui.store import Store
from bounceback_tui.widgets.reflection_form import NotesArea, ReflectionForm, TrapHint
from bounceback_tui.panes.reflection import ReflectionPane


def form(app) -> ReflectionForm:
    return app.query_one(ReflectionForm)


async def open_form_by_rejecting(pilot):
    app = pilot.app
    await ready(pilot)
    chosen = table(app).selected
    await pilot.press("x")
    await pilot.pause()
    await pilot.press("enter")
    for _ in range(50):
        await pilot.pause(0.02)
        if app.query(ReflectionForm) and isinstance(app.focused, SelectionList):
            break
    return chosen


async def test_reject_opens_the_form_linked_and_ctrl_s_saves_every_answer(dashboard, hunt_db):
    app = dashboard(hunt_db)
    async with app.run_test(size=(120, 40)) as pilot:
        chosen = await open_form_by_rejecting(pilot)
        assert form(app).context.application.id == chosen.id
        assert app.screen.maximized is app.query_one(ReflectionPane)
        text = screen_text(app)
        assert f"About {chosen.company}" in text and "Step 1 of 10" in text
        # step 1: two feelings and mood 2
        await pilot.press("space", "down", "down", "space", "tab", "right", "enter")
        # step 2: a reason and a line of text
        await pilot.press("ctrl+down", "down", "space", "tab", *"They hired internally.")
        # step 4: three answers
        await pilot.press("ctrl+down", "ctrl+down")
        assert "Step 4 of 10" in screen_text(app)
        await pilot.press(*"Clear answers", "tab", *"Ask more questions", "tab",
                          *"I stay calm")
        # step 7: a commitment with a day
        await pilot.press("pagedown", "pagedown", "pagedown", *"Finish the SQL course",
                          "tab", "right", "enter", "tab", *"2026-12-10")
        # step 10: next step and mood 4
        await pilot.press("ctrl+down", "ctrl+down", "ctrl+down", *"Apply to two roles",
                          "tab", "right", "right", "right", "enter")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not app.query(ReflectionForm)  # saved: back to the journal
    with Store.open(hunt_db) as store:
        saved = store.list_reflections(status="saved")[0]
        actions = store.list_actions(open_only=True)
    assert saved.application_id == chosen.id
    assert saved.feelings == ("frustrated", "disappointed")
    assert saved.mood_before == 2 and saved.mood_after == 4
    assert saved.reasons == ("they wanted different experience",)
    assert saved.reasons_text == "They hired internally."
    assert (saved.went_well, saved.do_differently, saved.taught_me) == (
        "Clear answers", "Ask more questions", "I stay calm")
    assert saved.commitment_text == "Finish the SQL course"
    assert saved.commitment_kind == "résumé/portfolio"
    assert saved.commitment_due == pendulum.date(2026, 12, 10)
    assert saved.next_step == "Apply to two roles"
    assert [a.text for a in actions if a.reflection_id == saved.id] == ["Finish the SQL course"]


def drafts_about(db, application_id):
    with Store.open(db) as store:
        return [r for r in store.list_reflections(status="draft")
                if r.application_id == application_id]


async def test_draft_written_within_two_seconds_and_resumed_later(dashboard, hunt_db):
    app = dashboard(hunt_db)
    async with app.run_test(size=(120, 40)) as pilot:
        chosen = await open_form_by_rejecting(pilot)
        await pilot.press("ctrl+down", "tab", *"first words")
        await pilot.pause(1.6)  # no escape, no ctrl+s: the timer writes the draft
        (draft,) = drafts_about(hunt_db, chosen.id)
        assert draft.reasons_text == "first words"
        await pilot.press(*" and more")
        await pilot.press("escape")  # leave: the draft keeps everything
        await settle(pilot)
        assert not app.query(ReflectionForm)
        assert "Unfinished" in screen_text(app)
    (draft,) = drafts_about(hunt_db, chosen.id)
    assert draft.reasons_text == "first words and more"

    again = dashboard(hunt_db)
    async with again.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await settle(pilot)
        assert any("unfinished reflection" in n.message for n in again._notifications)
        await pilot.press("2", "enter")  # as the toast says: the unfinished one is first
        await settle(pilot)
        assert form(again).query_one("#reasons_text", NotesArea).text == "first words and more"
        await pilot.press("ctrl+down", "tab", "end", *"!", "ctrl+s")
        await settle(pilot)
    assert drafts_about(hunt_db, chosen.id) == []
    with Store.open(hunt_db) as store:
        saved = store.get_reflection(draft.id)
    assert saved.status == "saved" and saved.reasons_text == "first words and more!"


async def test_quitting_with_the_form_open_keeps_the_last_words(dashboard, hunt_db):
    app = dashboard(hunt_db)
    async with app.run_test(size=(120, 40)) as pilot:
        chosen = await open_form_by_rejecting(pilot)
        await pilot.press("ctrl+down", "tab", *"typed just before quitting")
        app.action_quit_app()  # asks nothing: the draft is written on the way out
        await pilot.pause()
    (draft,) = drafts_about(hunt_db, chosen.id)
    assert draft.reasons_text == "typed just before quitting"


async def test_a_save_from_another_window_is_never_overwritten(dashboard, hunt_db):
    app = dashboard(hunt_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_form_by_rejecting(pilot)
        await pilot.press("ctrl+down", "tab", *"mine")
        await pilot.pause(1.6)
        reflection_id = form(app).reflection_id
        with Store.open(hunt_db) as other:  # the other window saves the same reflection
            theirs = other.get_reflection(reflection_id)
            other.save_reflection({**theirs.answers(), "went_well": "theirs"},
                                  reflection_id=reflection_id,
                                  expected_revision=theirs.revision)
        await pilot.press(*" too")
        await pilot.pause(1.6)
        await settle(pilot)
        assert any("another window" in n.message for n in app._notifications)
    with Store.open(hunt_db) as store:
        texts = {(r.reasons_text, r.went_well) for r in store.list_reflections()}
    assert ("mine", "theirs") in texts          # the other window's save is intact
    assert ("mine too", "") in texts            # and ours is kept beside it


async def test_copy_feedback_request_names_company_and_role(dashboard, hunt_db):
    app = dashboard(hunt_db)
    async with app.run_test(size=(120, 40)) as pilot:
        chosen = await open_form_by_rejecting(pilot)
        await pilot.press("ctrl+r")
        await settle(pilot)
        copied = app.clipboard
        assert f"the {chosen.role} role at {chosen.company}" in copied
        assert copied.startswith("Hello,") and "feedback" in copied
        assert "nothing was sent" in " ".join(n.message for n in app._notifications)


async def test_the_feedback_request_can_be_addressed_to_one_of_the_people(dashboard,
                                                                           hunt_db):
    """Issue 14: step 3 offers the application's people, the recruiter first; the request
    greets the one chosen and shows their email; "no one by name" says Hello."""
    from textual.widgets import RadioButton, RadioSet

    app = dashboard(hunt_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        chosen = table(app).selected
        with Store.open(hunt_db) as store:
            store.add_contact("Sam Lee", application_id=chosen.id, part="interviewer")
            store.add_contact("Ana Ruiz", email="ana@acme.example", application_id=chosen.id,
                              part="recruiter")
        await open_form_by_rejecting(pilot)
        await pilot.press("ctrl+down", "ctrl+down")  # step 3
        await settle(pilot)
        people = form(app).query_one("#feedback_to", RadioSet)
        assert [str(b.label) for b in people.query(RadioButton)] == [
            "to Ana Ruiz", "to Sam Lee", "to no one by name"]
        await pilot.press("ctrl+r")
        await settle(pilot)
        assert app.clipboard.startswith("Hello Ana,\n")
        assert "To: ana@acme.example" in str(
            form(app).query_one("#request-preview").render())
        people.query(RadioButton).last().value = True
        await pilot.press("ctrl+r")
        await settle(pilot)
        assert app.clipboard.startswith("Hello,\n")


async def test_a_thinking_trap_hint_appears_after_a_pause_and_hides(dashboard, hunt_db):
    app = dashboard(hunt_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_form_by_rejecting(pilot)
        await pilot.press("ctrl+down", "tab", *"I am a failure.")
        hint = app.query_one("#hint-reasons_text", TrapHint)
        assert not hint.has_class("-shown")  # not while typing
        await pilot.pause(1.3)
        assert hint.has_class("-shown")
        assert "Labeling?" in screen_text(app)
        await pilot.press("ctrl+g")
        await pilot.pause()
        assert not hint.has_class("-shown")
        await pilot.press(*" Still a failure.")
        await pilot.pause(1.3)
        assert not hint.has_class("-shown")  # dismissed for this field and trap
        await pilot.press("ctrl+s")  # a hint never blocks saving
        await settle(pilot)
    with Store.open(hunt_db) as store:
        saved = store.list_reflections(status="saved")[0]
    assert saved.reasons_text == "I am a failure. Still a failure."


async def test_r_starts_a_free_standing_reflection_and_steps_jump(dashboard, hunt_db):
    app = dashboard(hunt_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.press("r")
        await settle(pilot)
        assert form(app).context.application is None
        assert "A reflection of your own" in screen_text(app)
        await pilot.press("ctrl+down", "ctrl+down")
        assert app.focused.id == "feedback_status" and "Step 3 of 10" in screen_text(app)
        await pilot.press("ctrl+up")
        assert app.focused.id == "reasons" and "Step 2 of 10" in screen_text(app)
        for _ in range(12):
            await pilot.press("pagedown")
        assert app.focused.id == "next_step" and "Step 10 of 10" in screen_text(app)


async def test_a_long_pasted_answer_keeps_its_line_breaks(dashboard, hunt_db):
    app = dashboard(hunt_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_form_by_rejecting(pilot)
        await pilot.press("ctrl+down", "ctrl+down", "ctrl+down")
        area = app.focused
        assert area.id == "went_well"
        big = ("line one\nline two\r\n" + "x" * 100) * 900  # about 100 KB with line breaks
        app.post_message(events.Paste(big))  # as the terminal driver delivers a paste
        await pilot.pause()
        await pilot.press("end", "!")
        await pilot.press("ctrl+s")
        await settle(pilot)
    with Store.open(hunt_db) as store:
        saved = store.list_reflections(status="saved")[0]
    assert len(saved.went_well) > 100_000
    assert saved.went_well.startswith("line one\nline two\nxxx")
    assert saved.went_well.count("\n") == 1800


async def test_wins_and_actions_from_the_pane(dashboard, empty_db):
    with clock_at(NOW.subtract(days=1)), Store.open(empty_db) as store:
        store.add_application("Acme", "Engineer")  # yesterday: a 1-day streak
        store.add_action("Update the portfolio", kind="résumé/portfolio",
                         due_on=NOW.date().subtract(days=2))
    app = dashboard(empty_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await settle(pilot)
        assert "1-day streak" in screen_text(app)
        assert "(overdue)" in screen_text(app)
        await pilot.press("2", "w")
        await pilot.pause()
        await pilot.press(*"Kind words from the [b]recruiter[/b]", "enter")
        await settle(pilot)
        assert "Kind words from the [b]recruiter[/b]" in screen_text(app)
        listing = app.query_one("#journal", OptionList)
        ids = [listing.get_option_at_index(i).id for i in range(listing.option_count)]
        listing.highlighted = ids.index(next(i for i in ids if i and i.startswith("action:")))
        await pilot.press("space")
        await settle(pilot)
        assert "2-day streak" in screen_text(app)  # a completed action is a job-hunt action
        await pilot.press("a")
        await pilot.pause()
        await pilot.press(*"Coffee with Sam", "tab", "tab", *"2026-12-01", "enter")
        await settle(pilot)
        assert "Coffee with Sam" in screen_text(app)
    with Store.open(empty_db) as store:
        wins = store.list_wins()
        actions = store.list_actions()
    assert [w.text for w in wins] == ["Kind words from the [b]recruiter[/b]"]
    assert sorted((a.text, a.kind, a.due_on, a.done_at is not None) for a in actions) == [
        ("Coffee with Sam", "skill", pendulum.date(2026, 12, 1), False),
        ("Update the portfolio", "résumé/portfolio", NOW.date().subtract(days=2), True)]


async def test_delete_a_reflection_after_confirmation(dashboard, hunt_db):
    with Store.open(hunt_db) as store:
        before = len(store.list_reflections())
    app = dashboard(hunt_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await settle(pilot)
        await pilot.press("2")
        listing = app.query_one("#journal", OptionList)
        first = next(i for i in range(listing.option_count)
                     if (listing.get_option_at_index(i).id or "").startswith("reflection:"))
        listing.highlighted = first
        doomed = int(listing.get_option_at_index(first).id.split(":")[1])
        await pilot.press("d")
        await pilot.pause()
        await pilot.press("n")  # no: kept
        await settle(pilot)
        await pilot.press("d")
        await pilot.pause()
        await pilot.press("y")
        await settle(pilot)
    with Store.open(hunt_db) as store:
        remaining = [r.id for r in store.list_reflections()]
    assert len(remaining) == before - 1 and doomed not in remaining


async def test_user_text_in_the_form_is_shown_literally(dashboard, tmp_path, frozen):
    db = tmp_path / "odd.db"
    with Store.open(db) as store:
        store.add_application("[b]Bold[/b] \x1b[31mCo", "Dev [@click=app.quit]x[/]")
    app = dashboard(db)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_form_by_rejecting(pilot)
        text = screen_text(app)
        assert "[b]Bold[/b] ␛[31mCo" in text
        assert "Dev [@click=app.quit]x[/]" in text
        await pilot.press("ctrl+r")
        await settle(pilot)
        assert "\x1b" in app.clipboard  # the clipboard gets the name exactly as stored
        assert "\x1b" not in screen_text(app)



async def test_leaving_the_form_for_another_pane_writes_the_draft_at_once(
        dashboard, hunt_db, monkeypatch):
    import bounceback_tui.widgets.reflection_form as reflection_form

    monkeypatch.setattr(reflection_form, "DRAFT_DELAY", 600.0)  # only the blur can save
    app = dashboard(hunt_db)
    async with app.run_test(size=(120, 40)) as pilot:
        chosen = await open_form_by_rejecting(pilot)
        await pilot.press("ctrl+down", "tab", *"written when I look away", "shift+tab")
        assert app.focused.id == "reasons"
        await pilot.press("1")  # to the pipeline: the form loses focus
        await settle(pilot)
        assert app.focused is table(app)
        (draft,) = drafts_about(hunt_db, chosen.id)  # before any quit
        assert draft.reasons_text == "written when I look away"


async def test_journal_items_use_the_width_of_a_narrow_terminal(dashboard, hunt_db):
    """At 80x24 the pane is a tab, hidden until chosen: its items are cut to its real width
    once shown, not to the width it had while hidden."""
    with Store.open(hunt_db) as store:
        reflection = store.list_reflections()[0]
        name = store.get_application(reflection.application_id).application.company
    app = dashboard(hunt_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        assert f"{name} — " in screen_text(app)


async def test_pane_key_pressed_before_the_journal_loads_lands_on_it(dashboard, hunt_db):
    app = dashboard(hunt_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("2")  # at once: the journal is read after the first rows
        await ready(pilot)
        await settle(pilot)
        assert app.focused is app.query_one("#journal", OptionList)


async def test_once_the_form_is_put_away_the_pane_promises_nothing(dashboard, hunt_db):
    """After `ctrl+s` the pane said "Your reflection will be about …, the guided questions
    will be here"; after `escape` on an untouched form it promised a reflection that was
    never kept. Both now show the journal's line (or the intro when it is empty)."""
    from bounceback_tui.widgets.pane_note import ReflectionNote

    app = dashboard(hunt_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_form_by_rejecting(pilot)
        await pilot.press("space", "ctrl+s")  # a feeling, saved for good
        await settle(pilot)
        assert not app.query(ReflectionForm)
        note = app.query_one(ReflectionNote)
        shown = str(note.render())
        assert "will be about" not in shown and "n: a new reflection" in shown
        assert "will be about" not in screen_text(app)
        await pilot.press("1")
        while table(app).selected.stage in ("rejected", "ghosted"):
            await pilot.press("down")
        await open_form_by_rejecting(pilot)  # another one, left untouched
        assert "will be about" in str(note.render())
        await pilot.press("escape")
        await settle(pilot)
        assert not app.query(ReflectionForm)
        assert "will be about" not in str(note.render())
        assert note.about_label is None


async def _reject_choosing(pilot, *keys: str):
    """x on the first application that is not a no, then the move dialog's reflect choice
    (tab, tab: the choice; `right` moves it) and enter."""
    app = pilot.app
    await ready(pilot)
    await settle(pilot)
    while table(app).selected.stage in ("rejected", "ghosted"):
        await pilot.press("down")
    chosen = table(app).selected
    await pilot.press("x")
    await settle(pilot)
    await pilot.press("tab", "tab", *keys, "enter")
    await settle(pilot)
    return chosen


async def test_a_no_kept_for_later_is_a_quiet_item_that_opens_when_ready(dashboard, hunt_db):
    """Reflect when ready: after the note and the date, "later" keeps a quiet item in the
    Reflection pane instead of opening the form; enter on it opens the reflection about
    that application (one, however often it is asked for)."""
    app = dashboard(hunt_db)
    async with app.run_test(size=(120, 40)) as pilot:
        chosen = await _reject_choosing(pilot, "right")
        assert not app.query(ReflectionForm)
        assert app.focused is table(app)  # the person stays where they were
        with Store.open(hunt_db) as store:
            assert store.get_application(chosen.id).application.stage == "rejected"
            kept = [r for r in store.list_reflections(status="draft")
                    if r.application_id == chosen.id]
        assert len(kept) == 1 and kept[0].untouched
        await settle(pilot)
        assert f"when you are ready: {chosen.company}" in screen_text(app)
        journal = app.query_one("#journal", OptionList)
        await pilot.press("2")
        later = next(i for i, o in enumerate(journal.options)
                     if o.id == f"reflection:{kept[0].id}")
        journal.highlighted = later
        await pilot.press("enter")
        await until(pilot, lambda: app.query(ReflectionForm), what="the reflection")
        assert form(app).context.application.id == chosen.id
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("1")
        assert table(app).move_cursor_to_id(chosen.id)
        await pilot.press("r")  # r on the no: the same reflection, not a second one
        await until(pilot, lambda: app.query(ReflectionForm), what="the reflection again")
        assert form(app).reflection_id == kept[0].id


async def test_not_on_this_one_records_the_no_and_nothing_else(dashboard, hunt_db):
    app = dashboard(hunt_db)
    async with app.run_test(size=(120, 40)) as pilot:
        with Store.open(hunt_db) as store:
            drafts = len(store.list_reflections(status="draft"))
        chosen = await _reject_choosing(pilot, "right", "right")
        assert not app.query(ReflectionForm)
        with Store.open(hunt_db) as store:
            assert store.get_application(chosen.id).application.stage == "rejected"
            assert len(store.list_reflections(status="draft")) == drafts
        assert "will be about" not in screen_text(app)
        assert f"when you are ready: {chosen.company}" not in screen_text(app)


async def test_r_reflects_on_a_closed_application_from_the_pipeline_detail_and_timeline(
        dashboard, hunt_db):
    """Any no, however long ago: `r` on it in the pipeline, in its detail screen and on its
    timeline entry opens a reflection about it."""
    with Store.open(hunt_db) as store:
        reflected = {r.application_id for r in store.list_reflections()}
        old_nos = [r for r in store.list_applications()
                   if r.stage in ("rejected", "ghosted") and r.id not in reflected]
    app = dashboard(hunt_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await settle(pilot)
        first = next(r for r in old_nos if table(app).move_cursor_to_id(r.id))
        await pilot.press("r")
        await until(pilot, lambda: app.query(ReflectionForm), what="a reflection (pipeline)")
        assert form(app).context.application.id == first.id
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("1")
        second = next(r for r in old_nos if r.id != first.id and
                      table(app).move_cursor_to_id(r.id))
        await pilot.press("enter")  # the detail screen
        await until(pilot, lambda: type(app.screen).__name__ == "ApplicationDetailScreen",
                    what="the detail screen")
        await pilot.press("r")
        await until(pilot, lambda: app.query(ReflectionForm), what="a reflection (detail)")
        assert form(app).context.application.id == second.id
        assert type(app.screen).__name__ != "ApplicationDetailScreen"
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("3")
        listing = app.query_one("#timeline-list")
        row = next(i for i, r in enumerate(listing.rows) if r.item is not None
                   and r.item.stage in ("rejected", "ghosted") and r.id
                   and r.id.startswith("application:"))
        target = listing.rows[row].item.application_id
        listing.cursor = row
        await pilot.press("r")
        await until(pilot, lambda: app.query(ReflectionForm), what="a reflection (timeline)")
        assert form(app).context.application.id == target


async def test_a_choice_list_acts_on_each_key_in_its_own_queue(dashboard, hunt_db):
    """Keys that reach the app in one read (tmux, a fast typist) sit in the focused list's
    queue together with the save that ctrl+s (a priority key, run at once) queues behind
    them (`after_typed_keys`). Each key must act as the list reads it: Textual's own way
    runs a binding only after the key has bubbled back up to the app, behind the save, and
    under load `space down space ctrl+s` saved no feelings (tests/e2e/test_tmux.py)."""
    app = dashboard(hunt_db)
    async with app.run_test(size=(120, 40)) as pilot:
        chosen = await open_form_by_rejecting(pilot)
        choices = app.focused
        assert isinstance(choices, SelectionList)
        seen: list[list[str]] = []
        for key, character in (("space", " "), ("down", None), ("space", " ")):
            forwarded = events.Key(key, character)
            forwarded._set_forwarded()  # as the app hands a key to the focused field
            choices.post_message(forwarded)
        choices.call_later(lambda: seen.append(list(choices.selected)))
        await until(pilot, lambda: seen, what="the queue to reach the callback")
        assert seen == [["frustrated", "sad"]]
        await pilot.press("tab")  # the mood before: the scale's right and enter, in a burst
        mood = app.focused
        assert isinstance(mood, RadioSet)
        for key in ("right", "right", "enter"):
            forwarded = events.Key(key, None)
            forwarded._set_forwarded()  # as the app hands a key to the focused field
            mood.post_message(forwarded)
        pressed: list[str | None] = []
        mood.call_later(lambda: pressed.append(
            mood.pressed_button.name if mood.pressed_button else None))
        await until(pilot, lambda: pressed, what="the mood's queue to reach the callback")
        assert pressed == ["3"]
        await pilot.press("ctrl+s")
        await until(pilot, lambda: not app.query(ReflectionForm), what="the save")
    with Store.open(hunt_db) as store:
        saved = [r for r in store.list_reflections(status="saved")
                 if r.application_id == chosen.id]
    assert [(r.feelings, r.mood_before) for r in saved] == [(("frustrated", "sad"), 3)]
