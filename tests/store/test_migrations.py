"""The schema is under Alembic: migrations ship in the package, run on open, back up first."""

from __future__ import annotations

import sqlite3
import stat
from pathlib import Path

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory

import bounceback_tui.store.journal_models  # noqa: F401  (registers every table)
import bounceback_tui.store.planning_models  # noqa: F401
from bounceback_tui.store import Store
from bounceback_tui.store.file.database import MIGRATIONS_DIR, _initialise_file, make_engine
from bounceback_tui.store.models import metadata
from bounceback_tui.store.schema import HEAD, REVISIONS


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


def test_known_revisions_match_the_migration_scripts() -> None:
    script = ScriptDirectory.from_config(alembic_config())
    assert script.get_heads() == [HEAD]
    history = [rev.revision for rev in script.walk_revisions()]
    assert list(reversed(history)) == list(REVISIONS)


def test_migrated_schema_matches_the_models(store: Store) -> None:
    with store.database.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), metadata)
        # compare_metadata does not see AUTOINCREMENT, which keeps ids from being reused
        tables = conn.exec_driver_sql(
            "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE "
            "'sqlite_%' AND name != 'alembic_version'").all()
        order_index = conn.exec_driver_sql(
            "SELECT sql FROM sqlite_master WHERE name = 'ix_applications_pipeline_order'"
        ).scalar()
    # Alembic cannot compare an index with DESC expressions; it is checked by hand instead.
    diff = [d for d in diff if not (d[0] in ("add_index", "remove_index")
                                    and d[1].name == "ix_applications_pipeline_order")]
    assert diff == []
    assert order_index is not None
    assert "(closed, last_activity_at DESC, id DESC)" in order_index
    # application_details is keyed by its application's id (itself never reused)
    assert {name for name, sql in tables if "AUTOINCREMENT" not in sql} == {
        "application_details"}


def test_the_pipeline_page_query_uses_the_order_index(store: Store) -> None:
    """At 100,000 applications a page must not sort the table."""
    from sqlalchemy.dialects import sqlite

    store.add_application("Acme", "Engineer")
    with store.database.engine.connect() as conn:
        plan = " ".join(str(row[-1]) for row in conn.exec_driver_sql(
            "EXPLAIN QUERY PLAN SELECT * FROM applications "
            "ORDER BY closed, last_activity_at DESC, id DESC LIMIT 100 OFFSET 50").all())
    assert "ix_applications_pipeline_order" in plan and "TEMP B-TREE" not in plan
    assert sqlite  # the dialect the store compiles for


def make_old_database(path: Path, revision: str) -> None:
    """A BounceBack database at an older schema, with an application in it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.touch(mode=0o600)
    _initialise_file(path)
    engine = make_engine(path)
    config = alembic_config()
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, revision)
        conn.exec_driver_sql(
            "INSERT INTO applications (company, role, source, location, url, notes, stage, "
            "applied_at, last_activity_at, created_at, updated_at) VALUES ('Acme', 'Engineer', "
            "'', '', '', 'kept', 'applied', '2026-10-01 09:00:00.000000', "
            "'2026-10-01 09:00:00.000000', '2026-10-01 09:00:00.000000', "
            "'2026-10-01 09:00:00.000000')"
        )
        conn.exec_driver_sql(
            "INSERT INTO stage_events (application_id, stage, at, note) "
            "VALUES (1, 'applied', '2026-10-01 09:00:00.000000', '')"
        )
    engine.dispose()


def test_an_older_database_is_backed_up_then_migrated(db_path: Path) -> None:
    make_old_database(db_path, REVISIONS[0])
    with Store.open(db_path) as store:
        assert store.database.migrated_from == REVISIONS[0]
        backup = store.database.premigration_backup
        assert backup is not None and backup.parent == db_path.parent / "backups"
        assert stat.S_IMODE(backup.stat().st_mode) == 0o600
        (app,) = store.list_applications()
        assert (app.company, app.notes, app.follow_up_on) == ("Acme", "kept", None)
        edited = store.edit_application(app.id, follow_up_on=__import__("datetime").date(2026, 12, 1))
        assert edited.follow_up_on.isoformat() == "2026-12-01"
        with store.database.engine.connect() as conn:
            assert conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar() == HEAD
    # the backup is the database as it was: old schema, same data, self-contained
    conn = sqlite3.connect(backup)
    try:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone()[0] == REVISIONS[0]
        assert conn.execute("SELECT company FROM applications").fetchall() == [("Acme",)]
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        conn.close()
    assert not Path(f"{backup}-wal").exists()


def test_a_new_database_needs_no_backup(db_path: Path) -> None:
    with Store.open(db_path) as store:
        assert store.database.premigration_backup is None
    assert not (db_path.parent / "backups").exists()


def test_an_upgraded_database_gets_what_the_live_refresh_reads(db_path: Path) -> None:
    """A database made before revision 0003 gets the outcome index and the activity log's
    triggers; "no's since the last yes" then reads the last yes and counts the no's after it
    from the index, not the whole table."""
    from bounceback_tui.store.queries import live

    make_old_database(db_path, "0002")
    with Store.open(db_path) as store:
        assert store.database.migrated_from == "0002"
        with store.database.engine.connect() as conn:
            raw = conn.connection.driver_connection
            indexes = {row[1] for row in raw.execute("PRAGMA index_list(applications)")}
            assert "ix_applications_outcome_at" in indexes
            triggers = {row[0] for row in raw.execute(
                "SELECT tbl_name FROM sqlite_master WHERE type = 'trigger'"
                " AND name NOT LIKE '%_sync_%' AND name NOT LIKE '%_uid'")}  # sync's: 0007
            # the streak's log of writes to the activity tables (tests/store/test_live_query.py)
            assert triggers == {"stage_events", "reflections", "wins", "growth_actions",
                                "interviews", "activity_touches"}
            statements = []
            raw.set_trace_callback(statements.append)
            live._current_run(raw)
            raw.set_trace_callback(None)
            plans = [" ".join(str(row[-1]) for row in raw.execute(
                "EXPLAIN QUERY PLAN " + sql)) for sql in statements]
    assert statements and all("ix_applications_outcome_at" in plan for plan in plans), plans


def test_a_hunt_that_already_syncs_sends_its_week_after_0008(db_path: Path) -> None:
    """A database at 0007 that syncs, with a person linked to Acme, an interview with them
    and Acme's details: after the upgrade each row has its uid (the details Acme's own, the
    links the uids they join) and waits in the outbox for the next push."""
    make_old_database(db_path, "0007")
    conn = sqlite3.connect(db_path)
    try:
        now = "2026-10-01 09:00:00.000000"
        conn.executescript(f"""
            UPDATE sync_state SET enabled = 1 WHERE id = 1;
            INSERT INTO contacts (id, name, title, company, email, phone, link, notes,
                created_at, updated_at) VALUES (1, 'Priya', '', '', '', '', '', '', '{now}',
                '{now}');
            INSERT INTO application_contacts (application_id, contact_id, part)
                VALUES (1, 1, 'recruiter');
            INSERT INTO interviews (id, application_id, kind, starts_at, with_text, place, notes,
                how_it_went, created_at, updated_at) VALUES (1, 1, 'phone', '{now}', '', '', '',
                '', '{now}', '{now}');
            INSERT INTO interview_contacts (interview_id, contact_id) VALUES (1, 1);
            INSERT INTO application_details (application_id, pay_text, pay_currency, pay_period,
                posting, tags) VALUES (1, '90k', '', '', '', '[]');
            DELETE FROM sync_outbox;
        """)
        conn.commit()
    finally:
        conn.close()
    Store.open(db_path).close()
    conn = sqlite3.connect(db_path)
    try:
        app, contact, interview = (conn.execute(f"SELECT uid FROM {t}").fetchone()[0]
                                   for t in ("applications", "contacts", "interviews"))
        assert conn.execute("SELECT uid FROM application_details").fetchone()[0] == app
        assert conn.execute("SELECT uid FROM application_contacts").fetchone()[0] == (
            f"{app}/{contact}/recruiter")
        assert conn.execute("SELECT uid FROM interview_contacts").fetchone()[0] == (
            f"{interview}/{contact}")
        assert sorted(conn.execute("SELECT entity, row_id, op FROM sync_outbox")) == [
            ("application_contacts", 1, "put"), ("application_details", 1, "put"),
            ("contacts", 1, "put"), ("interview_contacts", 1, "put"), ("interviews", 1, "put")]
    finally:
        conn.close()
