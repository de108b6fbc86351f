"""Importing a file from the dashboard (issue 15; the palette's "Import a file…"): a path
(tab completes it), then what a dry run found (each column and the field it fills, the status
words, notes, every problem), then `enter` imports it.

The file is read and checked here, in a thread (nothing is written); the import itself is
the caller's, through the store bridge.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Footer, Input, Static

from bounceback_tui.screens import DIALOGS_CSS
from bounceback_tui.widgets.form_fields import (
    FormField,
    LineInput,
    after_typed_keys,
    visible_notes,
)

from .dialog import Dialog

READABLE = (".csv", ".xlsx", ".zip", ".json")
"""The files import reads."""


@dataclass(frozen=True)
class ImportChoice:
    """A file read and checked, ready for `interchange.apply_plan(store, plan, source=name)`."""

    path: Path
    plan: Any
    """An `ImportPlan`."""


def complete_path(text: str) -> tuple[str, list[str]]:
    """Tab completion of a path as typed: the text completed as far as it is certain (a
    folder gets its `/`), and the names that could follow (folders with `/`, files import
    can read)."""
    expanded = os.path.expanduser(text) if text else "./"
    folder, partial = os.path.split(expanded)
    try:
        entries = sorted(os.scandir(folder or "."), key=lambda e: e.name.casefold())
    except OSError:
        return text, []
    names = []
    for entry in entries:
        if not entry.name.startswith(partial) or (entry.name.startswith(".")
                                                   and not partial.startswith(".")):
            continue
        try:
            is_dir = entry.is_dir()
        except OSError:
            continue
        if is_dir:
            names.append(entry.name + "/")
        elif entry.name.lower().endswith(READABLE):
            names.append(entry.name)
    if not names:
        return text, []
    common = os.path.commonprefix(names)
    if len(common) > len(partial):
        typed_folder = text[:len(text) - len(partial)] if partial else text
        return typed_folder + common, names
    return text, names


class ImportDialog(Dialog[ImportChoice | None]):
    """"Import a file": a path, what the file holds, then enter imports. `escape` cancels."""

    CSS_PATH = DIALOGS_CSS
    AUTO_FOCUS = "#import-path"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "accept", "Read / Import", id="import.accept", priority=True),
        Binding("tab", "complete", "Complete", id="import.complete", priority=True),
        Binding("escape", "cancel", "Cancel", id="import.cancel"),
    ]

    def __init__(self, start: str = "") -> None:
        super().__init__()
        self._start = start
        self._read: tuple[str, Any] | None = None
        """The path last read and its plan (None: not read, or it had problems)."""
        self._statuses: dict[str, str] = {}
        """What the person said unknown status words mean (normalised word → stage)."""
        self._unknown: tuple[str, dict[str, list[int]]] | None = None
        """The path last read and the status words it holds that nobody knows yet."""

    def compose(self) -> ComposeResult:
        with Vertical(id="import-box", classes="dialog-box") as box:
            box.border_title = "Import a file"
            yield Static("A CSV, .xlsx or .zip from LinkedIn, Huntr, Teal, Simplify, JobSync, "
                         "Notion or a spreadsheet, or a BounceBack .json export.",
                         classes="dialog-title")
            yield FormField("File", LineInput(self._start, id="import-path", compact=True,
                                              placeholder="~/Downloads/Job Applications.csv"),
                            hint=True, id="field-path")
            with VerticalScroll(id="import-report-box"):
                yield Static("", markup=False, id="import-report")
        yield Footer(show_command_palette=False)

    def on_mount(self) -> None:
        self.query_one("#import-report-box").display = False

    @property
    def path_text(self) -> str:
        return self.query_one("#import-path", Input).value.strip()

    @on(Input.Changed, "#import-path")
    def _changed(self, event: Input.Changed) -> None:
        self.query_one("#field-path", FormField).value_changed(event.value)
        if self._read is not None and self._read[0] != event.value.strip():
            self._read = None
            self._show("", problems=False)

    def action_complete(self) -> None:
        after_typed_keys(self, self._complete)  # the keys typed before tab first

    def _complete(self) -> None:
        field = self.query_one("#field-path", FormField)
        path_input = self.query_one("#import-path", Input)
        completed, names = complete_path(path_input.value)
        if completed != path_input.value:
            path_input.value = completed
            path_input.cursor_position = len(completed)
        shown = "  ".join(names[:8]) + ("  …" if len(names) > 8 else "")
        field.show_hint(shown if len(names) > 1 else "" if names else "nothing to complete")

    def action_accept(self) -> None:
        after_typed_keys(self, self._accept)

    def _accept(self) -> None:
        text = self.path_text
        if not text:
            self.query_one("#field-path", FormField).show_error("the file to import")
            return
        if self._read is not None and self._read[0] == text:
            self.dismiss(ImportChoice(Path(os.path.expanduser(text)), self._read[1]))
            return
        if self._unknown is not None and self._unknown[0] == text:
            self._ask_statuses(text, list(self._unknown[1].items()))
            return
        self._show("Reading the file…", problems=False)
        self._check(text, dict(self._statuses))

    def _ask_statuses(self, text: str, words: list[tuple[str, list[int]]]) -> None:
        """What each unknown status word means, one at a time; then the file is read again.
        escape stops asking (what was said is kept)."""
        from ..domain.import_words import normal_word
        from .status_word import StatusWordDialog

        if not words:
            self._show("Reading the file…", problems=False)
            self._check(text, dict(self._statuses))
            return
        (word, rows), rest = words[0], words[1:]

        def answered(stage: str | None) -> None:
            if stage is not None:  # the next question once this one has gone
                self._statuses[normal_word(word)] = stage
                self.call_after_refresh(self._ask_statuses, text, rest)

        self.app.push_screen(StatusWordDialog(word, rows), answered)

    @work(thread=True, exclusive=True, group="import-read")
    def _check(self, text: str, statuses: dict[str, str]) -> None:
        """Read and check the file (a dry run), off the UI thread."""
        path = Path(os.path.expanduser(text))
        try:
            plan = read_plan(path, statuses)
        except ProblemsFound as found:
            self.app.call_from_thread(self._found, text, None, found.lines, found.unknown)
            return
        self.app.call_from_thread(self._found, text, plan, [])

    def _found(self, text: str, plan: Any, problems: list[str],
               unknown: dict[str, list[int]] | None = None) -> None:
        if not self.is_attached or text != self.path_text:
            return  # closed, or the path changed meanwhile
        if problems:
            self._read = None
            self._unknown = (text, unknown) if unknown else None
            lines = [problem.split(": add --status")[0] + ": enter says what it means"
                     if unknown and problem.startswith("unknown status") else problem
                     for problem in problems]
            self._show("\n".join(["Nothing can be imported yet:", *lines, "",
                                  "enter: say what each status means" if unknown else
                                  "Fix the file (or choose another), then enter."]),
                       problems=True)
            return
        self._unknown = None
        self._read = (text, plan)
        count = len(plan.applications) + len(plan.reflections)
        head = (f"enter imports {plan.summary()}" if plan.reflections else
                f"enter imports {len(plan.applications)} applications "
                f"({plan.counts().events} stage events)")
        self._show("\n".join([f"{head}; u takes it back." if count else
                              "Nothing to import in this file.", "", *report_lines(plan)]),
                   problems=False)

    def _show(self, text: str, *, problems: bool) -> None:
        box = self.query_one("#import-report-box")
        box.display = bool(text)
        box.set_class(problems, "-problems")
        self.query_one("#import-report", Static).update(visible_notes(text))

    def action_cancel(self) -> None:
        self.dismiss(None)


class ProblemsFound(Exception):
    """Why a file cannot be imported: one line each; `unknown`: the status words nobody
    knows, with their rows."""

    def __init__(self, lines: list[str], unknown: dict[str, list[int]] | None = None) -> None:
        super().__init__("\n".join(lines))
        self.lines = lines
        self.unknown = unknown or {}


def read_plan(path: Path, statuses: dict[str, str] | None = None) -> Any:
    """The import plan of a file (as `bounceback import --dry-run` reads it), or
    ProblemsFound. `statuses`: more status words, normalised, as `--status` maps them."""
    from bounceback_tui.store import StoreError
    from bounceback_tui.store.csv_import import CsvImportError, merge_plans
    from bounceback_tui.store.import_files import read_tables
    from bounceback_tui.store.interchange import plan_csv, plan_json

    if path.suffix.lower() not in READABLE:
        raise ProblemsFound([f"{path.name}: import reads .csv, .xlsx, .zip and .json files"])
    try:
        if path.suffix.lower() == ".json":
            from bounceback_tui.store.import_files import csv_table

            return plan_json(csv_table(path.read_bytes(), path.name).text)
        plans = []
        tables = read_tables(path)
        for table in tables:  # one table (a CSV file): read once here, again when written
            plan = plan_csv(table.source, source=table.name, lazy=len(tables) == 1,
                            statuses=statuses)
            if table.note:
                plan.notes.insert(0, table.note)
            plans.append(plan)
        plan = merge_plans(plans)
        plan.check()
        return plan
    except CsvImportError as exc:
        raise ProblemsFound(list(exc.problems), exc.unknown) from None
    except (StoreError, OSError) as exc:
        raise ProblemsFound([str(exc)]) from None


def report_lines(plan: Any) -> list[str]:
    """What a dry run found, for a person: columns, status words, notes."""
    lines = []
    if plan.columns:
        lines.append("Columns")
        width = min(max(len(use.header) for use in plan.columns), 24)
        for use in plan.columns:
            target = {"kept": "kept in notes", "": "empty"}.get(use.field,
                                                                use.field.replace("_", " "))
            sample = " · ".join(use.samples)
            lines.append(f"  {use.header[:width]:<{width}}  → {target:<14} {sample[:40]}")
    if plan.statuses:
        lines.append("Statuses")
        lines.extend(f"  '{word}' → {meaning} ({count})" for word, meaning, count in plan.statuses)
    lines.extend(f"Note: {note}" for note in plan.notes)
    return lines
