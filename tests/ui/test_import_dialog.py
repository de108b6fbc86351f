"""Importing from the dashboard (issue 15): the palette's "Import a file…" asks for a path
(tab completes it), shows how the file reads, and imports on enter; u takes it back."""

from __future__ import annotations

from pathlib import Path

from ui_support import ready, settle, until

from bounceback_tui.screens.import_dialog import complete_path
from bounceback_tui.store import Store

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "imports"


def test_tab_completes_a_path_as_far_as_it_is_certain(tmp_path: Path) -> None:
    (tmp_path / "Downloads").mkdir()
    (tmp_path / "Downloads" / "Job Applications.csv").write_text("x")
    (tmp_path / "Downloads" / "Job Applications_1.csv").write_text("x")
    (tmp_path / "Downloads" / "photo.png").write_text("x")
    assert complete_path(f"{tmp_path}/Down") == (f"{tmp_path}/Downloads/", ["Downloads/"])
    completed, names = complete_path(f"{tmp_path}/Downloads/J")
    assert completed == f"{tmp_path}/Downloads/Job Applications"
    assert names == ["Job Applications.csv", "Job Applications_1.csv"]
    assert complete_path(f"{tmp_path}/Downloads/p") == (f"{tmp_path}/Downloads/p", [])


async def test_the_palette_imports_a_file_after_showing_how_it_reads(
        dashboard, empty_db: Path, tmp_path: Path) -> None:
    source = tmp_path / "teal.csv"
    source.write_bytes((FIXTURES / "teal-UNVERIFIED.csv").read_bytes())
    app = dashboard(empty_db)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await ready(pilot, rows=False)
        from bounceback_tui.palette import import_file

        import_file(app)
        await settle(pilot)
        assert type(app.screen).__name__ == "ImportDialog"
        await pilot.press(*f"{tmp_path}/te", "tab")
        assert app.screen.path_text == str(source)
        await pilot.press("enter")
        await until(pilot, lambda: "Negotiating" in str(
            app.screen.query_one("#import-report").render()), what="the report")
        report = str(app.screen.query_one("#import-report").render())
        assert "Job Position  → role" in report and "'Negotiating' → offer (1)" in report
        with Store.open(empty_db) as store:
            assert store.count_applications() == 0  # nothing written yet
        await pilot.press("enter")
        await settle(pilot)
        await until(pilot, lambda: app.pipeline_pane.table.row_count == 7,
                    what="the imported rows")
        assert any("Imported 7 applications" in n.message for n in app._notifications)
        await pilot.press("1", "u")
        await settle(pilot)
        with Store.open(empty_db) as store:
            assert store.count_applications() == 0


async def test_a_file_with_problems_lists_them_and_imports_nothing(
        dashboard, empty_db: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("Company,Role,Status\nAcme,Dev,Heard back?\n,PM,Applied\n")
    app = dashboard(empty_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot, rows=False)
        from bounceback_tui.palette import import_file

        import_file(app)
        await settle(pilot)
        await pilot.press(*str(bad), "enter")
        await until(pilot, lambda: "Nothing can be imported yet" in str(
            app.screen.query_one("#import-report").render()), what="the problems")
        report = str(app.screen.query_one("#import-report").render())
        assert "row 3: the company is empty" in report and "'Heard back?'" in report
        await pilot.press("enter")  # asks what the status means; escape stops asking
        await settle(pilot)
        assert type(app.screen).__name__ == "StatusWordDialog"
        await pilot.press("escape")
        await settle(pilot)
        assert type(app.screen).__name__ == "ImportDialog"
        assert "row 3: the company is empty" in str(
            app.screen.query_one("#import-report").render())
        await pilot.press("escape")
    assert not empty_db.exists() or Store.open(empty_db).count_applications() == 0


async def test_a_path_typed_in_one_burst_then_tab_and_enter_is_read_whole(
        dashboard, empty_db: Path, tmp_path: Path) -> None:
    """Keys sent together (tmux, a paste, a fast typist): tab completes the whole path typed
    before it (it used to complete the first letters and the rest landed after)."""
    from textual import events

    source = tmp_path / "simplify.csv"
    source.write_bytes((FIXTURES / "simplify.csv").read_bytes())
    app = dashboard(empty_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot, rows=False)
        from bounceback_tui.palette import import_file

        import_file(app)
        await settle(pilot)
        for key in [*f"{tmp_path}/sim", "tab"]:  # queued at once, handled later
            character = key if len(key) == 1 else None
            app.post_message(events.Key(key, character))
        await settle(pilot)
        assert app.screen.path_text == str(source)  # tab completed the whole path typed
        await pilot.press("enter")
        await until(pilot, lambda: "SAVED" in str(
            app.screen.query_one("#import-report").render()), what="the report")


async def test_a_large_file_shows_how_far_the_import_has_got(
        dashboard, empty_db: Path, tmp_path: Path, monkeypatch) -> None:
    """From 2,000 applications the import shows a bar over the dashboard, moved every 1,000
    written, and closes it when all are in (issue 15: progress shows for large files)."""
    from bounceback_tui.screens.import_progress import ImportProgress

    source = tmp_path / "big.csv"
    source.write_text("Company,Title,Status,Date Applied\n" + "".join(
        f"Company {n},Engineer,Applied,2026-10-{1 + n % 28:02d}\n" for n in range(2_500)),
        encoding="utf-8")
    seen: list[tuple[int, str]] = []
    real_advance = ImportProgress.advance

    def advance(self, done: int) -> None:
        real_advance(self, done)
        seen.append((done, str(self.query_one("#import-progress-count").render())))

    monkeypatch.setattr(ImportProgress, "advance", advance)
    app = dashboard(empty_db)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await ready(pilot, rows=False)
        from bounceback_tui.palette import import_file

        import_file(app)
        await settle(pilot)
        await pilot.press(*str(source))
        await pilot.press("enter")
        await until(pilot, lambda: "2500 applications" in str(
            app.screen.query_one("#import-report").render()), what="the report")
        await pilot.press("enter")
        await until(pilot, lambda: seen and seen[-1][0] == 2_500, what="the last advance")
        await until(pilot, lambda: not isinstance(app.screen, ImportProgress),
                    what="the bar closed")
        await until(pilot, lambda: app.pipeline_pane.table.row_count == 2_500,
                    what="the imported rows")
    assert [done for done, _ in seen] == [1_000, 2_000, 2_500]
    assert seen[0][1] == "1,000 of 2,500 applications"
    assert any("Imported 2500 applications" in n.message for n in app._notifications)
    assert not any(n.message.startswith("Importing") for n in app._notifications)


async def test_an_unknown_status_is_asked_about_and_then_imported(
        dashboard, empty_db: Path, tmp_path: Path) -> None:
    """The CLI's `--status WORD=STAGE`, in the dashboard: the dry run finds 'Heard back?' and
    'Not a fit!' nobody knows; enter asks what each means (a word that says no is
    never offered a forward stage), and the file reads again with the answers."""
    sheet = tmp_path / "mine.csv"
    sheet.write_text("Company,Role,Status,Date Applied\n"
                     "Acme,Dev,Heard back?,2026-11-02\n"
                     "Globex,PM,Not a fit!,2026-11-03\n"
                     "Initech,SRE,Heard back?,2026-11-04\n")
    app = dashboard(empty_db)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await ready(pilot, rows=False)
        from bounceback_tui.palette import import_file
        from bounceback_tui.screens.status_word import StatusWordDialog
        from textual.widgets import OptionList

        import_file(app)
        await settle(pilot)
        await pilot.press(*str(sheet), "enter")
        await until(pilot, lambda: "Nothing can be imported yet" in str(
            app.screen.query_one("#import-report").render()), what="the problems")
        report = str(app.screen.query_one("#import-report").render())
        assert "unknown status 'Heard back?' (rows 2, 4): enter says what it means" in report
        assert "--status" not in report
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, StatusWordDialog) and app.screen.word == "Heard back?"
        offered = [str(o.id) for o in app.screen.query_one(OptionList).options]
        assert offered[0] == "saved" and "screening" in offered
        await pilot.press("down", "down", "enter")  # saved, applied, screening
        await settle(pilot)
        assert app.screen.word == "Not a fit!"  # the next word
        offered = [str(o.id) for o in app.screen.query_one(OptionList).options]
        assert offered == ["saved", "declined", "rejected", "ghosted", "withdrawn", "closed"]
        await pilot.press("down", "down", "enter")  # rejected
        await until(pilot, lambda: "'Heard back?' → screening (2)" in str(
            app.screen.query_one("#import-report").render()), what="the file read again")
        assert "'Not a fit!' → rejected (1)" in str(
            app.screen.query_one("#import-report").render())
        await pilot.press("enter")
        await until(pilot, lambda: app.pipeline_pane.table.row_count == 3,
                    what="the imported rows")
    with Store.open(empty_db) as store:
        stages = {r.company: r.stage for r in store.list_applications()}
    assert stages == {"Acme": "screening", "Globex": "rejected", "Initech": "screening"}
