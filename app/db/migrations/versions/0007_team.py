"""team: officer role, contracted hours, merges of duplicate officers

Revision ID: 0007_team
Revises: 0004_merge_features
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import app.db.types

revision = "0007_team"
down_revision = "0004_merge_features"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("officer", schema=None) as batch_op:
        batch_op.add_column(sa.Column("role", sa.String(length=200), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("contracted_hours", sa.Float(), nullable=True))
        batch_op.add_column(sa.Column("merged_into", sa.String(length=36), nullable=True))
        batch_op.create_index(batch_op.f("ix_officer_merged_into"), ["merged_into"], unique=False)
    op.create_table(
        "officer_merge",
        sa.Column("survivor_id", sa.String(length=36), nullable=False),
        sa.Column("merged_id", sa.String(length=36), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("automatic", sa.Boolean(), nullable=False),
        sa.Column("moved", app.db.types.JSONText(), nullable=False),
        sa.Column("undone", sa.Boolean(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", app.db.types.UTCDateTime(), nullable=False),
        sa.Column("created_by", sa.String(length=200), nullable=False),
        sa.Column("created_device", sa.String(length=36), nullable=False),
        sa.Column("updated_at", app.db.types.UTCDateTime(), nullable=False),
        sa.Column("updated_by", sa.String(length=200), nullable=False),
        sa.Column("updated_device", sa.String(length=36), nullable=False),
        sa.Column("hlc", sa.BigInteger(), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_officer_merge")),
    )
    with op.batch_alter_table("officer_merge", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_officer_merge_hlc"), ["hlc"], unique=False)
        batch_op.create_index(batch_op.f("ix_officer_merge_merged_id"), ["merged_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_officer_merge_survivor_id"), ["survivor_id"], unique=False)


def downgrade() -> None:
    op.drop_table("officer_merge")
    with op.batch_alter_table("officer", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_officer_merged_into"))
        batch_op.drop_column("merged_into")
        batch_op.drop_column("contracted_hours")
        batch_op.drop_column("role")
