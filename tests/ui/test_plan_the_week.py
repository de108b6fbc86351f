"""The week in the dashboard (issue 14): `i` schedules an interview."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.widgets import Input
from ui_support import NOW, ready, settle, until

from bounceback_tui.store import Store
from bounceback_tui.widgets.form_fields import FormField
from bounceback_tui.widgets.pipeline_table import PipelineTable


async def test_i_schedules_an_interview_typed_as_people_say_it(dashboard, hunt_db: Path
                                                              ) -> None:
    app = dashboard(hunt_db)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await ready(pilot)
        record = app.query_one(PipelineTable).selected
        await pilot.press("i")
        await pilot.pause()
        assert type(app.screen).__name__ == "InterviewDialog"
        await pilot.press(*"someday")
        await pilot.press("enter")
        await pilot.pause()
        assert type(app.screen).__name__ == "InterviewDialog"  # refused inline, kept open
        assert app.screen.query_one("#field-when", FormField).error.startswith(
            "cannot read 'someday': write e.g. tomorrow 10:00")
        app.screen.query_one("#interview-when", Input).value = "tomorrow 10:00"
        await pilot.press("tab", "down", "down", "space")  # the kind: technical
        await pilot.press("tab", *"45", "tab", *"Sam [b]Lee[/b]", "tab", *"Zoom")
        await pilot.press("enter")
        await settle(pilot)
        assert type(app.screen).__name__ != "InterviewDialog"
        with Store.open(hunt_db) as store:
            (interview,) = store.list_interviews(application_id=record.id)
        local = interview.starts_at.in_timezone(NOW.timezone)
        assert (local.date(), local.hour, local.minute) == (NOW.add(days=1).date(), 10, 0)
        assert (interview.kind, interview.minutes) == ("technical", 45)
        assert (interview.with_text, interview.place) == ("Sam [b]Lee[/b]", "Zoom")
        await pilot.press("u")
        await settle(pilot)
        with Store.open(hunt_db) as store:
            assert store.list_interviews(application_id=record.id) == []


async def test_4_shows_what_is_coming_up_and_enter_opens_its_application(
        dashboard, hunt_db: Path) -> None:
    with Store.open(hunt_db) as store:
        acme = store.add_application("Acme [red]Co[/red]", "Engineer")
        store.add_interview(acme.id, kind="technical", starts_at=NOW.add(days=1, hours=1),
                            with_text="Sam")
        store.edit_application(acme.id, follow_up_on=NOW.date())
    app = dashboard(hunt_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.press("4")
        await settle(pilot)
        pane = app.timeline_pane
        agenda = pane.agenda_view
        assert pane.view == "coming up" and agenda is not None and agenda.display
        lines = [str(agenda.get_option_at_index(n).prompt) for n in range(agenda.option_count)]
        today = next(n for n, line in enumerate(lines) if line == "Today")
        tomorrow = lines.index("Tomorrow")
        assert today < tomorrow
        assert any("Acme [red]Co[/red] — Engineer · technical with Sam" in line
                   for line in lines[tomorrow:])
        assert app.focused is agenda
        agenda.highlighted = next(n for n in range(tomorrow, len(lines))
                                  if "technical" in lines[n])
        await pilot.press("enter")
        await settle(pilot)
        assert app.query_one(PipelineTable).selected.id == acme.id
        # a change elsewhere shows up in the view
        with Store.open(hunt_db) as store:
            store.add_interview(acme.id, kind="final", starts_at=NOW.add(days=3))
        await pilot.press("4")
        for _ in range(40):
            await pilot.pause(0.05)
            if any("final" in str(agenda.get_option_at_index(n).prompt)
                   for n in range(agenda.option_count)):
                break
        else:
            raise AssertionError("the new interview never showed in the coming-up view")


async def test_the_header_names_the_next_interview(dashboard, hunt_db: Path) -> None:
    with Store.open(hunt_db) as store:
        acme = store.add_application("Acme", "Engineer")
        store.add_interview(acme.id, kind="video", starts_at=NOW.subtract(hours=2))  # held
        store.add_interview(acme.id, kind="take-home", due_at=NOW.add(hours=3))  # not one
        store.add_interview(acme.id, kind="technical",
                            starts_at=NOW.add(days=1).replace(hour=10, minute=0))
    app = dashboard(hunt_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await settle(pilot)
        header = str(app.query_one("#pulse").render())
        # at 120 columns with this hunt's numbers the header speaks in short
        assert "Acme technical tomorrow 10:00 · " in header


async def test_a_reminder_comes_before_an_interview_once(dashboard, hunt_db: Path) -> None:
    """NOW is 09:30 UTC: an interview at 09:38 is announced once (both the 60- and the
    10-minute reminder were due), and not again on the next look."""
    with Store.open(hunt_db) as store:
        acme = store.add_application("Acme", "Engineer")
        store.add_interview(acme.id, kind="video", starts_at=NOW.add(minutes=8))
    from dataclasses import replace

    from bounceback_tui.settings import Reminders
    from bounceback_tui.widgets.reminder_watch import ReminderWatch

    app = dashboard(hunt_db)
    app.settings = replace(app.settings, reminders=Reminders())  # on, as by default
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await ready(pilot)
        await settle(pilot)

        def reminders() -> list[str]:
            return [n.message for n in app._notifications if n.title == "Coming up"]

        for _ in range(40):
            if reminders():
                break
            await pilot.pause(0.05)
        assert reminders() == ["Acme · video in 8 min, at 09:38. You have prepared for this."]
        app.query_one(ReminderWatch).check()
        await settle(pilot)
        assert len(reminders()) == 1
        # the hunt's follow-ups due today come as one reminder, not one each
        follow_ups = [n.message for n in app._notifications if n.title == "Follow up today"]
        assert len(follow_ups) == 1 and "a short, friendly note" in follow_ups[0]


async def test_the_detail_screen_shows_interviews_people_pay_and_posting(
        dashboard, hunt_db: Path) -> None:
    from datetime import date

    with Store.open(hunt_db) as store:
        acme = store.add_application("Acme", "Engineer")
        sam = store.add_contact("Sam Lee", title="Recruiter", application_id=acme.id,
                                part="recruiter")
        interview = store.add_interview(acme.id, kind="technical",
                                        starts_at=NOW.add(days=1), minutes=45,
                                        contact_ids=[sam.id], place="Zoom [link]")
        store.record_how_it_went(interview.id, "Went well")
        store.set_details(acme.id, pay="£90k–120k", deadline_on=date(2026, 12, 1),
                          excitement=4, tags=["remote"], posting="We build \x1b[31mthings")
    app = dashboard(hunt_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        app.pipeline_pane.show_application(acme.id)
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        screen = app.screen
        assert type(screen).__name__ == "ApplicationDetailScreen"

        def shown(key: str) -> str:
            return str(screen.query_one(f"#detail-{key}").render())

        assert shown("pay") == "£90k–120k  (90,000–120,000 GBP)" and shown("tags") == "remote"
        assert shown("excitement") == "★★★★☆" and "Tue 1 Dec" in shown("deadline")
        interviews = listed(screen, "interview")
        assert len(interviews) == 1 and interviews[0].startswith("technical:")
        assert "45 min · with Sam Lee · Zoom [link]" in interviews[0]
        assert "how it went: Went well" in interviews[0]
        assert listed(screen, "people") == ["Sam Lee · Recruiter (recruiter)"]
        assert "\x1b" not in shown("posting") and "things" in shown("posting")


async def test_c_adds_a_person_and_links_one_already_known(dashboard, hunt_db: Path) -> None:
    app = dashboard(hunt_db)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await ready(pilot)
        record = app.query_one(PipelineTable).selected
        await pilot.press("c")
        await settle(pilot)
        assert type(app.screen).__name__ == "ContactDialog"
        await pilot.press(*"Sam Lee", "tab", "space")  # recruiter, the first part
        await pilot.press("tab", *"Recruiter", "enter")
        await settle(pilot)
        with Store.open(hunt_db) as store:
            (sam,) = store.list_contacts()
        assert (sam.name, sam.title, sam.parts) == ("Sam Lee", "Recruiter",
                                                    ((record.id, "recruiter"),))
        await pilot.press("down", "c")
        await settle(pilot)
        await pilot.press(*"sam lee", "tab", "down", "space", "enter")  # hiring manager
        await settle(pilot)
        with Store.open(hunt_db) as store:
            (again,) = store.list_contacts()  # linked, not a second Sam
        assert len(again.parts) == 2 and again.parts[1][1] == "hiring manager"
        assert any(n.message.startswith("Linked Sam Lee (hiring manager)")
                   for n in app._notifications)


async def test_h_keeps_a_line_about_how_the_last_interview_went(dashboard, hunt_db: Path
                                                               ) -> None:
    app = dashboard(hunt_db)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await ready(pilot)
        record = app.query_one(PipelineTable).selected
        await pilot.press("h")  # nothing has happened yet: it says so, no dialog
        await settle(pilot)
        assert type(app.screen).__name__ != "HowItWentDialog"
        assert any("has taken place; i schedules one." in n.message
                   for n in app._notifications)
        with Store.open(hunt_db) as store:
            store.add_interview(record.id, kind="video", starts_at=NOW.subtract(days=2))
            store.add_interview(record.id, kind="final", starts_at=NOW.subtract(hours=2))
            store.add_interview(record.id, kind="onsite", starts_at=NOW.add(days=2))
        await pilot.press("h")
        await settle(pilot)
        assert type(app.screen).__name__ == "HowItWentDialog"
        assert app.screen.interview.kind == "final"  # the last one that has started
        await pilot.press(*"Good rapport; [b]hard[/b] SQL question", "enter")
        await settle(pilot)
        with Store.open(hunt_db) as store:
            notes = {i.kind: i.how_it_went for i in store.list_interviews(
                application_id=record.id)}
        assert notes == {"video": "", "final": "Good rapport; [b]hard[/b] SQL question",
                         "onsite": ""}
        # the story holds the interviews held, with how they went; not the one to come
        await until(pilot, lambda: any(i.kind == "interview" and i.text.startswith("Good")
                                       for i in app.timeline_pane.items),
                    what="the interview in the timeline")
        assert sorted(i.stage for i in app.timeline_pane.items if i.kind == "interview") == [
            "final", "video"]
        await pilot.press("h", "escape")  # skipped: nothing changes
        await settle(pilot)
        with Store.open(hunt_db) as store:
            assert store.list_interviews(application_id=record.id)[1].how_it_went


def listed(screen: Any, key: str) -> list[str]:
    """The rows of the detail screen's interviews (`interview`) or people (`people`)."""
    from textual.widgets import OptionList

    shown = screen.query_one(f"#detail-{key}-list", OptionList)
    return [str(shown.get_option_at_index(n).prompt) for n in range(shown.option_count)]


async def test_the_detail_screen_changes_and_removes_what_the_week_holds(
        dashboard, hunt_db: Path) -> None:
    """p changes pay and tags; enter on an interview moves it; delete removes it; enter on a
    person changes them; delete takes them off; u in the pipeline brings each back."""
    with Store.open(hunt_db) as store:
        acme = store.add_application("Acme", "Engineer")
        sam = store.add_contact("Sam Lee", application_id=acme.id, part="recruiter")
        interview = store.add_interview(acme.id, kind="video", starts_at=NOW.add(days=1),
                                        with_text="panel\x07")
    app = dashboard(hunt_db)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await ready(pilot)
        app.pipeline_pane.show_application(acme.id)
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        screen = app.screen
        await pilot.press("p")
        await settle(pilot)
        assert type(app.screen).__name__ == "DetailsDialog"
        await pilot.press(*"$150k-170k a year", "tab", "tab", "tab", *"remote, fintech",
                          "ctrl+s")
        await settle(pilot)
        with Store.open(hunt_db) as store:
            details = store.application_details(acme.id)
        assert (details.pay_min, details.pay_max, details.tags) == (
            150_000, 170_000, ("remote", "fintech"))
        assert "150,000–170,000 USD a year" in str(screen.query_one("#detail-pay").render())

        screen.query_one("#detail-interview-list").focus()
        await pilot.press("enter")
        await settle(pilot)
        assert type(app.screen).__name__ == "InterviewDialog"
        when = app.screen.query_one("#interview-when")
        when.value = ""
        await pilot.press(*"2026-12-09 15:30", "enter")
        await settle(pilot)
        with Store.open(hunt_db) as store:
            (moved,) = store.list_interviews()
        local = moved.starts_at.in_timezone(NOW.timezone)
        assert (local.month, local.day, local.hour, local.minute) == (12, 9, 15, 30)
        assert moved.with_text == "panel\x07"  # untouched text stays as it was stored
        assert "Wed 9 Dec" in listed(screen, "interview")[0]

        await pilot.press("delete")
        await settle(pilot)
        await pilot.press("enter")  # Remove
        await settle(pilot)
        with Store.open(hunt_db) as store:
            assert store.list_interviews() == []
        assert listed(screen, "interview") == []

        screen.query_one("#detail-people-list").focus()
        await pilot.press("enter")
        await settle(pilot)
        assert type(app.screen).__name__ == "ContactDialog"
        await pilot.press("tab", *"Recruiter", "enter")
        await settle(pilot)
        assert listed(screen, "people") == ["Sam Lee · Recruiter (recruiter)"]
        await pilot.press("delete")
        await settle(pilot)
        await pilot.press("enter")  # Take off
        await settle(pilot)
        with Store.open(hunt_db) as store:
            assert store.list_contacts(application_id=acme.id) == []
            assert [c.name for c in store.list_contacts()] == ["Sam Lee"]
        assert listed(screen, "people") == []

        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("u", "u", "u")  # taken off, the title, the interview removed
        await settle(pilot)
        with Store.open(hunt_db) as store:
            (back,) = store.list_contacts(application_id=acme.id)
            assert (back.id, back.title, back.parts) == (sam.id, "", ((acme.id, "recruiter"),))
            (again,) = store.list_interviews()
            assert again.id == interview.id and again.starts_at.day == 9


async def test_each_row_says_its_next_interview_and_asks_how_one_went(
        dashboard, hunt_db: Path) -> None:
    """The table's "Next" cell: the next interview wins over follow-up labels; an interview
    that ended without a note asks "how did it go?" until noted or skipped (h, escape)."""
    with Store.open(hunt_db) as store:
        acme = store.add_application("Acme", "Engineer")
        store.add_interview(acme.id, kind="technical", starts_at=NOW.add(days=1))
        globex = store.add_application("Globex", "Engineer")
        store.add_interview(globex.id, kind="video", starts_at=NOW.subtract(hours=2),
                            minutes=45)
        initech = store.add_application("Initech", "Engineer")
        store.add_interview(initech.id, kind="onsite", starts_at=NOW.subtract(hours=3),
                            minutes=30)
    app = dashboard(hunt_db)
    async with app.run_test(size=(160, 40)) as pilot:
        await ready(pilot)
        table = app.query_one(PipelineTable)

        async def next_cell(application_id: int) -> str:
            app.pipeline_pane.show_application(application_id)
            await settle(pilot)
            y = table.cursor_row - int(table.scroll_y) + 1
            return table.render_line(y).text

        assert "tech tmrw " in await next_cell(acme.id)
        assert "how did it go?" in await next_cell(globex.id)
        await pilot.press("h")
        await settle(pilot)
        await pilot.press(*"Good talk", "enter")
        await settle(pilot)
        assert "how did it go?" not in await next_cell(globex.id)
        assert "how did it go?" in await next_cell(initech.id)
        await pilot.press("h")
        await settle(pilot)
        await pilot.press("escape")  # skipped: the row stops asking
        await settle(pilot)
        assert "how did it go?" not in await next_cell(initech.id)
        with Store.open(hunt_db) as store:
            notes = {i.application_id: i.how_it_went for i in store.list_interviews()}
        assert notes[globex.id] == "Good talk" and notes[initech.id] == ""


async def test_with_the_calendar_setting_the_dashboard_keeps_the_file_up_to_date(
        dashboard, hunt_db: Path) -> None:
    """After a change in the dashboard (and a moment's rest), hunt.ics beside the database
    holds the plan as it now is."""
    from dataclasses import replace

    calendar = hunt_db.with_name("hunt.ics")
    app = dashboard(hunt_db)
    app.settings = replace(app.settings, calendar_file=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        assert not calendar.exists()  # nothing changed yet
        record = app.query_one(PipelineTable).selected
        await pilot.press("i", *"tomorrow 10:00", "enter")
        await settle(pilot)
        with Store.open(hunt_db) as store:
            (interview,) = store.list_interviews(application_id=record.id)
        await until(pilot, lambda: calendar.exists() and f"UID:interview-{interview.id}@"
                    in calendar.read_text(), what="the calendar file", timeout=10)


async def test_people_named_in_an_interviews_with_are_linked(dashboard, hunt_db: Path) -> None:
    """`i`: a name in "With" that is one known person links them (their name then shows on
    the interview); other names stay text as typed."""
    app = dashboard(hunt_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        record = app.query_one(PipelineTable).selected
        with Store.open(hunt_db) as store:
            sam = store.add_contact("Sam Lee", application_id=record.id, part="recruiter")
        await pilot.press("i", *"tomorrow 10:00", "tab", "tab", "tab",
                          *"sam lee, a panel of 3", "enter")
        await settle(pilot)
        with Store.open(hunt_db) as store:
            (interview,) = store.list_interviews(application_id=record.id)
        assert (interview.contacts, interview.with_text) == (("Sam Lee",), "a panel of 3")
    from bounceback_tui.panes.pipeline_plan import with_whom

    assert with_whom("Sam Lee", []) == ([], "Sam Lee")
    assert with_whom("  Ana ,Sam Lee ", [sam]) == ([sam.id], "Ana")
