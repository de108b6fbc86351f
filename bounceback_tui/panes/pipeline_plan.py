"""The week's workflows of the Pipeline pane (issue 14): interviews, people and an
application's details, from the table (`i`, `c`, `h`) and from the detail screen (where each
can also be changed or removed).

Like every workflow of the pane: a dialog asks, one store call runs through the store bridge,
and what was saved is said in a line that can be taken back (`u`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from ..domain.user_text import visible

if TYPE_CHECKING:
    from ..screens.detail import ApplicationDetailScreen
    from ..store import Store
    from ..store.planning import ContactRecord, InterviewRecord
    from ..store.records import ApplicationRecord
    from ..store_bridge import StoreBridge

Then = Callable[[], object] | None
"""What to do once a change is saved (the detail screen reads its plan again)."""


class WeekWorkflows:
    """Mixin for `PipelinePane`: it provides `bridge`, `app`, `_clock` and `_reload`."""

    if TYPE_CHECKING:
        bridge: StoreBridge
        app: Any
        _clock: Any

        def _reload(self, keep_id: int | None = None) -> None: ...

        @property
        def table(self) -> Any: ...

    def schedule_interview(self, record: ApplicationRecord, then: Then = None) -> None:
        """Ask when, what kind, how long, with whom and where; save it and say when."""
        from ..domain.time_text import in_zone
        from ..screens.interview_dialog import InterviewDialog

        def answered(result: Any) -> None:
            if result is None:
                return
            take_home = result.kind == "take-home"

            def add(store: Store) -> Any:
                people, free = with_whom(result.with_text, store.list_contacts())
                return store.add_interview(
                    record.id, kind=result.kind, starts_at=None if take_home else result.when,
                    due_at=result.when if take_home else None, minutes=result.minutes,
                    with_text=free, place=result.place, contact_ids=people)

            def added(interview: Any) -> None:
                when = in_zone(interview.when)
                what = "Take-home due" if take_home else interview.kind.capitalize()
                self.app.notify(f"{what} {when:%a %d %b %H:%M}: {visible(record.company)}. "
                                "u takes it back.", markup=False)
                self._saved(record.id, then)

            self.bridge.run(add, done=added)

        self.app.push_screen(InterviewDialog(record, clock=self._clock), answered)

    def add_contact(self, record: ApplicationRecord, then: Then = None) -> None:
        """Ask who (and their part); link a person already known by that name, else add."""
        from ..screens.contact_dialog import ContactDialog

        def ask(known: Any) -> None:
            self.app.push_screen(ContactDialog(record, tuple(c.name for c in known)), answered)

        def answered(result: Any) -> None:
            if result is None:
                return

            def save(store: Store) -> Any:
                same = [c for c in store.list_contacts(name=result.name)
                        if c.name.casefold() == result.name.casefold()]
                if same:
                    return "Linked", store.link_contact(same[0].id, record.id, result.part)
                return "Added", store.add_contact(
                    result.name, title=result.title, email=result.email,
                    phone=result.phone, application_id=record.id, part=result.part)

            def saved(done: Any) -> None:
                self.app.notify(f"{done[0]} {visible(done[1].name)} ({result.part}) to "
                                f"{visible(record.company)}. u takes it back.", markup=False)
                self._saved(record.id, then)

            self.bridge.run(save, done=saved)

        self.bridge.run(lambda store: store.list_contacts(), done=ask, changes=False)

    def note_how_it_went(self, record: ApplicationRecord) -> None:
        """The last interview that has started: ask how it went (optional), and keep it."""
        now = self.bridge.now()

        def found(interviews: Any) -> None:
            past = [i for i in interviews if i.starts_at is not None and i.starts_at <= now]
            if not past:
                self.app.notify(f"How it went can be noted once an interview with "
                                f"{visible(record.company)} has taken place; i schedules one.",
                                markup=False)
                return
            self.ask_how_it_went(past[-1])

        self.bridge.run(lambda store: store.list_interviews(application_id=record.id),
                        done=found, changes=False)

    def ask_how_it_went(self, interview: InterviewRecord, then: Then = None) -> None:
        """One line on how `interview` went (empty clears it; escape leaves it)."""
        from ..domain.time_text import in_zone
        from ..screens.how_it_went_dialog import HowItWentDialog

        when = f"{in_zone(interview.when):%a %-d %b %H:%M}"

        def answered(text: Any) -> None:
            if text is None:  # skipped: the row stops asking (until the next start)
                self.table.not_asked.add(interview.application_id)
                self.table.refresh_times()
                return
            if text == interview.how_it_went:
                return

            def kept(_result: Any) -> None:
                self.app.notify("Kept. u takes it back." if text else "Cleared.")
                self._saved(interview.application_id, then)

            self.bridge.run(lambda store: store.record_how_it_went(interview.id, text),
                            done=kept)

        self.app.push_screen(HowItWentDialog(interview, when), answered)

    def _saved(self, application_id: int, then: Then) -> None:
        self._reload(keep_id=application_id)  # the table's next interview
        if then is not None:
            then()

    # --- from the detail screen ------------------------------------------------------------

    def on_detail_ask(self, screen: ApplicationDetailScreen, what: str, item: Any) -> None:
        """What the detail screen asks for (see `ApplicationDetailScreen`)."""
        record = screen.detail.application
        application_id = record.id

        def again() -> None:
            self.bridge.run(lambda store: store.application_plan(application_id),
                            done=screen.update_plan, changes=False)

        if what == "reflect":  # the detail screen closes; the reflection opens
            screen.dismiss(None)
            self.reflect_on(record)  # type: ignore[attr-defined]
        elif what == "details":
            self.edit_details(screen, again)
        elif what == "interview":
            self.schedule_interview(record, again)
        elif what == "person":
            self.add_contact(record, again)
        elif what == "change_interview":
            self.change_interview(item, again)
        elif what == "how_it_went_interview":
            self.ask_how_it_went(item, again)
        elif what == "remove_interview":
            self.remove_interview(item, again)
        elif what == "change_person":
            self.change_contact(item, again)
        elif what == "remove_person":
            self.take_off(item, record, again)

    def edit_details(self, screen: ApplicationDetailScreen, then: Then) -> None:
        """Pay, deadline, excitement, tags and the posting, in one form."""
        from ..screens.details_dialog import DetailsDialog
        from ..store.planning import DetailsRecord

        record = screen.detail.application
        details = screen.plan.details if screen.plan is not None else DetailsRecord(record.id)

        def answered(changes: Any) -> None:
            if not changes:
                return

            def saved(_result: Any) -> None:
                self.app.notify(f"Saved the details of {visible(record.company)}. "
                                "u takes it back.", markup=False)
                self._saved(record.id, then)

            self.bridge.run(lambda store: store.set_details(record.id, **changes), done=saved)

        self.app.push_screen(DetailsDialog(record, details, clock=self._clock), answered)

    def change_interview(self, interview: InterviewRecord, then: Then) -> None:
        """The interview form, filled in; only what was changed is saved."""
        from ..domain.time_text import in_zone
        from ..screens.interview_dialog import InterviewDialog
        from ..widgets.form_fields import visible_line

        def answered(result: Any) -> None:
            if result is None:
                return
            changes: dict[str, Any] = {}
            if result.kind != interview.kind:
                changes["kind"] = result.kind
            if (f"{in_zone(result.when):%Y-%m-%d %H:%M}"
                    != f"{in_zone(interview.when):%Y-%m-%d %H:%M}"):
                changes["due_at" if result.kind == "take-home" else "starts_at"] = result.when
            if result.minutes != interview.minutes:
                changes["minutes"] = result.minutes
            for name, typed in (("with_text", result.with_text), ("place", result.place)):
                if typed != visible_line(getattr(interview, name)).strip():
                    changes[name] = typed  # untouched text stays byte for byte
            if not changes:
                return

            def saved(_result: Any) -> None:
                self.app.notify(f"Changed the {result.kind} with "
                                f"{visible(interview.company)}. u takes it back.",
                                markup=False)
                self._saved(interview.application_id, then)

            self.bridge.run(lambda store: store.edit_interview(interview.id, **changes),
                            done=saved)

        self.app.push_screen(InterviewDialog(interview=interview, clock=self._clock), answered)

    def remove_interview(self, interview: InterviewRecord, then: Then) -> None:
        """Remove after confirmation (u brings it back)."""
        from ..domain.time_text import in_zone
        from ..screens.confirm import ConfirmDialog

        label = f"the {interview.kind} of {in_zone(interview.when):%a %-d %b %H:%M}"

        def answered(yes: bool | None) -> None:
            if yes:
                self.bridge.run(lambda store: store.delete_interview(interview.id),
                                done=lambda _r: (self.app.notify(
                                    f"Removed {label}. u brings it back.", markup=False),
                                    self._saved(interview.application_id, then)))

        self.app.push_screen(ConfirmDialog(f"Remove {label}?", yes="Remove"), answered)

    def change_contact(self, contact: ContactRecord, then: Then) -> None:
        """The person's form, filled in; only what was changed is saved."""
        from ..screens.contact_dialog import ContactDialog
        from ..widgets.form_fields import visible_line

        def answered(result: Any) -> None:
            if result is None:
                return
            changes = {name: typed for name, typed in (
                ("name", result.name), ("title", result.title), ("email", result.email),
                ("phone", result.phone))
                if typed != visible_line(getattr(contact, name)).strip()}
            if not changes:
                return

            def saved(_result: Any) -> None:
                self.app.notify(f"Saved {visible(changes.get('name', contact.name))}. "
                                "u takes it back.", markup=False)
                if then is not None:
                    then()

            self.bridge.run(lambda store: store.edit_contact(contact.id, **changes),
                            done=saved)

        self.app.push_screen(ContactDialog(None, contact=contact), answered)

    def take_off(self, contact: ContactRecord, record: ApplicationRecord, then: Then) -> None:
        """Take a person off this application (they stay in the hunt), after asking."""
        from ..screens.confirm import ConfirmDialog

        question = f"Take {contact.name} off {record.company}? They stay in your people."

        def answered(yes: bool | None) -> None:
            if yes:
                self.bridge.run(lambda store: store.unlink_contact(contact.id, record.id),
                                done=lambda _r: (self.app.notify(
                                    f"Took {visible(contact.name)} off "
                                    f"{visible(record.company)}. u brings it back.",
                                    markup=False), self._saved(record.id, then)))

        self.app.push_screen(ConfirmDialog(visible(question), yes="Take off"), answered)


def with_whom(text: str, known: list[Any]) -> tuple[list[int], str]:
    """The people named in an interview's "with" (comma between names) who are known by
    exactly that name (one each: a name two people share stays text), and the rest as typed."""
    by_name: dict[str, list[int]] = {}
    for person in known:
        by_name.setdefault(person.name.strip().casefold(), []).append(person.id)
    people, free = [], []
    for part in text.split(","):
        ids = by_name.get(part.strip().casefold(), [])
        if len(ids) == 1:
            people.append(ids[0])
        elif part.strip():
            free.append(part.strip())
    if not people:
        return [], text  # nothing matched: the text exactly as typed
    return people, ", ".join(free)
