"""Join the feature branches (rota, shift log, incidents, photo, subtitles, sync) into one head.

Revision ID: 0004_merge_features
Revises: 0003_incidents, 0003_photo, 0003_rota, 0003_shiftlog_more, 0003_subtitles, 0003_sync
Create Date: 2026-11-23
"""

from __future__ import annotations

revision = "0004_merge_features"
down_revision = ("0003_incidents", "0003_photo", "0003_rota", "0003_shiftlog_more", "0003_subtitles", "0003_sync")
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
