"""golden hour: intake, facts board, channel clocks, planned posts, clearance attempts

Revision ID: 0010_golden_hour
Revises: 0004_merge_features
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import app.db.types

revision = "0010_golden_hour"
down_revision = "0004_merge_features"
branch_labels = None
depends_on = None

T = app.db.types.UTCDateTime


def _shared() -> list[sa.Column]:
    return [
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", T(), nullable=False),
        sa.Column("created_by", sa.String(length=200), nullable=False),
        sa.Column("created_device", sa.String(length=36), nullable=False),
        sa.Column("updated_at", T(), nullable=False),
        sa.Column("updated_by", sa.String(length=200), nullable=False),
        sa.Column("updated_device", sa.String(length=36), nullable=False),
        sa.Column("hlc", sa.BigInteger(), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
    ]


TABLES: dict[str, tuple[list[sa.Column], list[str]]] = {
    "incident_intake": ([
        sa.Column("incident_id", sa.String(length=36), nullable=False),
        sa.Column("what", sa.Text(), nullable=False),
        sa.Column("where", sa.Text(), nullable=False),
        sa.Column("when_text", sa.Text(), nullable=False),
        sa.Column("comms_lead", sa.String(length=200), nullable=False),
        sa.Column("media_on_scene", sa.Text(), nullable=False),
        sa.Column("casualties", sa.Text(), nullable=False),
        sa.Column("sources", sa.Text(), nullable=False),
    ], ["incident_id"]),
    "incident_fact": ([
        sa.Column("incident_id", sa.String(length=36), nullable=False),
        sa.Column("no", sa.Integer(), nullable=False),
        sa.Column("claim", sa.Text(), nullable=False),
        sa.Column("source", sa.String(length=300), nullable=False),
        sa.Column("heard_at", T(), nullable=False),
        sa.Column("state", sa.String(length=12), nullable=False),
        sa.Column("changed_at", T(), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
    ], ["incident_id"]),
    "incident_channel": ([
        sa.Column("incident_id", sa.String(length=36), nullable=False),
        sa.Column("channel", sa.String(length=20), nullable=False),
        sa.Column("first_minutes", sa.Float(), nullable=False),
        sa.Column("every_minutes", sa.Float(), nullable=False),
        sa.Column("first_posted_at", T(), nullable=True),
        sa.Column("last_posted_at", T(), nullable=True),
        sa.Column("next_due_at", T(), nullable=True),
        sa.Column("posts", sa.Integer(), nullable=False),
    ], ["incident_id"]),
    "incident_channel_post": ([
        sa.Column("incident_id", sa.String(length=36), nullable=False),
        sa.Column("channel", sa.String(length=20), nullable=False),
        sa.Column("posted_at", T(), nullable=False),
        sa.Column("due_at", T(), nullable=True),
        sa.Column("next_due_at", T(), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
    ], ["incident_id"]),
    "planned_post": ([
        sa.Column("at", T(), nullable=False),
        sa.Column("channel", sa.String(length=20), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("source", sa.String(length=200), nullable=False),
        sa.Column("incident_id", sa.String(length=36), nullable=False),
    ], ["at"]),
    "clearance_attempt": ([
        sa.Column("incident_id", sa.String(length=36), nullable=False),
        sa.Column("step_no", sa.Integer(), nullable=False),
        sa.Column("rung", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=200), nullable=False),
        sa.Column("contact", sa.String(length=200), nullable=False),
        sa.Column("at", T(), nullable=False),
        sa.Column("outcome", sa.String(length=12), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
    ], ["incident_id"]),
}


def upgrade() -> None:
    for name, (columns, indexed) in TABLES.items():
        op.create_table(name, *columns, *_shared(), sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{name}")))
        with op.batch_alter_table(name, schema=None) as batch_op:
            for column in [*indexed, "hlc"]:
                batch_op.create_index(batch_op.f(f"ix_{name}_{column}"), [column], unique=False)


def downgrade() -> None:
    for name, (_columns, indexed) in reversed(list(TABLES.items())):
        with op.batch_alter_table(name, schema=None) as batch_op:
            for column in [*indexed, "hlc"]:
                batch_op.drop_index(batch_op.f(f"ix_{name}_{column}"))
        op.drop_table(name)
