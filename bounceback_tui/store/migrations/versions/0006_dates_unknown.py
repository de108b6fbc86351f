"""Events whose date is unknown (issue 15, the product notes' metrics): an import that gives
a stage but no date for it keeps the event, ordered after the application's last dated
event (at that event's instant), and says so.

- `stage_events.dated`: false for such an event; it is shown as "date unknown".
- `applications.stage_dated` / `applications.outcome_dated`: whether the current stage's
  event and the outcome's event are dated (kept with the other summary columns, 0002). An
  undated outcome is left out of bounce-back times; an undated current stage gets no quiet /
  "ghosted?" marker.

Every row made before this revision is dated.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ADD COLUMN, as in 0002: a batch copy would lose AUTOINCREMENT.
    op.add_column("stage_events", sa.Column("dated", sa.Boolean(), nullable=False,
                                            server_default=sa.true()))
    op.add_column("applications", sa.Column("stage_dated", sa.Boolean(), nullable=False,
                                            server_default=sa.true()))
    op.add_column("applications", sa.Column("outcome_dated", sa.Boolean(), nullable=False,
                                            server_default=sa.true()))


def downgrade() -> None:
    op.drop_column("applications", "outcome_dated")
    op.drop_column("applications", "stage_dated")
    op.drop_column("stage_events", "dated")
