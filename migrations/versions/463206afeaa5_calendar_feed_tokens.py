"""Calendar subscription addresses: one per person, only the SHA-256 of the token is kept.

Revision ID: 463206afeaa5
Revises: a123fcd2686a
Create Date: 2026-11-27 08:19:47.432543

"""
from alembic import op
import sqlalchemy as sa

import app.models.types  # noqa: F401  (custom column types used below)


# revision identifiers, used by Alembic.
revision = '463206afeaa5'
down_revision = 'a123fcd2686a'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('calendar_feed_tokens',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', app.models.types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_calendar_feed_tokens_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_calendar_feed_tokens')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_calendar_feed_tokens_token_hash')),
    sa.UniqueConstraint('user_id', name=op.f('uq_calendar_feed_tokens_user_id'))
    )


def downgrade():
    op.drop_table('calendar_feed_tokens')
