"""Join the second round of feature branches (sync field groups, team identity, captions,
golden hour, lone-worker alerts) into one head.

Revision ID: 0012_merge_team_features
Revises: 0005_sync_groups, 0007_team, 0008_captions, 0010_golden_hour, 0011_lone_worker
Create Date: 2026-12-02
"""

from __future__ import annotations

revision = "0012_merge_team_features"
down_revision = ("0005_sync_groups", "0007_team", "0008_captions", "0010_golden_hour", "0011_lone_worker")
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
