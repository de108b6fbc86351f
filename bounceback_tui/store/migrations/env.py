"""Alembic environment. The store passes its own connection (already inside a
`BEGIN IMMEDIATE` transaction); developers can also run `alembic` with a `sqlalchemy.url`."""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

import bounceback_tui.store.journal_models  # noqa: F401  (registers the journal tables)
import bounceback_tui.store.planning_models  # noqa: F401  (and the week's)
import bounceback_tui.store.sync_models  # noqa: F401  (and sync's)
from bounceback_tui.store.models import metadata

config = context.config


def run() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        context.configure(
            connection=connection,
            target_metadata=metadata,
            render_as_batch=True,
            transactional_ddl=True,
        )
        with context.begin_transaction():
            context.run_migrations()
        return
    url = config.get_main_option("sqlalchemy.url")
    if context.is_offline_mode():
        context.configure(url=url, target_metadata=metadata, render_as_batch=True,
                          literal_binds=True)
        with context.begin_transaction():
            context.run_migrations()
        return
    engine = create_engine(url)
    with engine.connect() as conn:
        context.configure(connection=conn, target_metadata=metadata, render_as_batch=True)
        with context.begin_transaction():
            context.run_migrations()


run()
