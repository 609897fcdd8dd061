"""captions: the team's glossary of names and terms

Revision ID: 0008_captions
Revises: 0004_merge_features
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import app.db.types

revision = "0008_captions"
down_revision = "0004_merge_features"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "glossary_term",
        sa.Column("term", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("mishearings", app.db.types.JSONText(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", app.db.types.UTCDateTime(), nullable=False),
        sa.Column("created_by", sa.String(length=200), nullable=False),
        sa.Column("created_device", sa.String(length=36), nullable=False),
        sa.Column("updated_at", app.db.types.UTCDateTime(), nullable=False),
        sa.Column("updated_by", sa.String(length=200), nullable=False),
        sa.Column("updated_device", sa.String(length=36), nullable=False),
        sa.Column("hlc", sa.BigInteger(), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_glossary_term")),
    )
    with op.batch_alter_table("glossary_term", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_glossary_term_term"), ["term"], unique=False)
        batch_op.create_index(batch_op.f("ix_glossary_term_hlc"), ["hlc"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("glossary_term", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_glossary_term_hlc"))
        batch_op.drop_index(batch_op.f("ix_glossary_term_term"))
    op.drop_table("glossary_term")
