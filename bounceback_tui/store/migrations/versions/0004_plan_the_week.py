"""Plan the week (issue 14): interviews, contacts and their parts, and each application's
pay, posting, deadline, excitement and tags (in a table beside applications, so that the
pipeline's pages stay narrow).

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from bounceback_tui.store.types import Instant

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def _application_id() -> sa.Column:
    return sa.Column("application_id", sa.Integer(),
                     sa.ForeignKey("applications.id", ondelete="CASCADE"), nullable=False)


def upgrade() -> None:
    op.create_table(
        "interviews",
        sa.Column("id", sa.Integer(), primary_key=True),
        _application_id(),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("starts_at", Instant(), nullable=True),
        sa.Column("due_at", Instant(), nullable=True),
        sa.Column("minutes", sa.Integer(), nullable=True),
        sa.Column("with_text", sa.String(), nullable=False),
        sa.Column("place", sa.String(), nullable=False),
        sa.Column("notes", sa.String(), nullable=False),
        sa.Column("how_it_went", sa.String(), nullable=False),
        sa.Column("created_at", Instant(), nullable=False),
        sa.Column("updated_at", Instant(), nullable=False),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_interviews_application_id", "interviews", ["application_id"])
    op.create_index("ix_interviews_starts_at", "interviews", ["starts_at"])
    op.create_index("ix_interviews_due_at", "interviews", ["due_at"])
    op.create_table(
        "contacts",
        sa.Column("id", sa.Integer(), primary_key=True),
        *(sa.Column(name, sa.String(), nullable=False)
          for name in ("name", "title", "company", "email", "phone", "link", "notes")),
        sa.Column("created_at", Instant(), nullable=False),
        sa.Column("updated_at", Instant(), nullable=False),
        sqlite_autoincrement=True,
    )
    op.create_table(
        "application_contacts",
        sa.Column("id", sa.Integer(), primary_key=True),
        _application_id(),
        sa.Column("contact_id", sa.Integer(),
                  sa.ForeignKey("contacts.id", ondelete="CASCADE"), nullable=False),
        sa.Column("part", sa.String(), nullable=False),
        sa.UniqueConstraint("application_id", "contact_id", "part"),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_application_contacts_contact_id", "application_contacts",
                    ["contact_id"])
    op.create_table(
        "interview_contacts",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("interview_id", sa.Integer(),
                  sa.ForeignKey("interviews.id", ondelete="CASCADE"), nullable=False),
        sa.Column("contact_id", sa.Integer(),
                  sa.ForeignKey("contacts.id", ondelete="CASCADE"), nullable=False),
        sa.UniqueConstraint("interview_id", "contact_id"),
        sqlite_autoincrement=True,
    )
    op.create_table(
        "application_details",
        sa.Column("application_id", sa.Integer(),
                  sa.ForeignKey("applications.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("pay_text", sa.String(), nullable=False),
        sa.Column("pay_min", sa.Integer(), nullable=True),
        sa.Column("pay_max", sa.Integer(), nullable=True),
        sa.Column("pay_currency", sa.String(), nullable=False),
        sa.Column("pay_period", sa.String(), nullable=False),
        sa.Column("posting", sa.String(), nullable=False),
        sa.Column("deadline_on", sa.Date(), nullable=True),
        sa.Column("excitement", sa.Integer(), nullable=True),
        sa.Column("tags", sa.JSON(), nullable=False),
    )
    op.create_index("ix_application_details_deadline_on", "application_details",
                    ["deadline_on"])


def downgrade() -> None:
    for table in ("application_details", "interview_contacts", "application_contacts",
                  "contacts", "interviews"):
        op.drop_table(table)
