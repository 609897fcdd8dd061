"""sync: conflicts derived from field-group heads (kind, who, rule message) on sync_conflict

Revision ID: 0005_sync_groups
Revises: 0004_merge_features
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005_sync_groups"
down_revision = "0004_merge_features"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("sync_conflict", schema=None) as batch_op:
        batch_op.add_column(sa.Column("shared_id", sa.String(length=36), nullable=True))
        batch_op.add_column(sa.Column("kind", sa.String(length=10), nullable=False, server_default="edit"))
        batch_op.add_column(sa.Column("local_officer", sa.String(length=200), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("resolved_by", sa.String(length=200), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("message", sa.Text(), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("other_row_id", sa.String(length=36), nullable=True))
        batch_op.create_unique_constraint(batch_op.f("uq_sync_conflict_shared_id"), ["shared_id"])


def downgrade() -> None:
    with op.batch_alter_table("sync_conflict", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_sync_conflict_shared_id"), type_="unique")
        for name in ("other_row_id", "message", "resolved_by", "local_officer", "kind", "shared_id"):
            batch_op.drop_column(name)
