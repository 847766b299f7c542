"""a calendar address ends with the person's sessions (password change, reset, admin sign-out)

Revision ID: 7c1f3e9a2b64
Revises: b7e4c1d9a2f3
Create Date: 2026-12-07 22:50:00.000000

"""
from alembic import op
import sqlalchemy as sa

import app.models.types


# revision identifiers, used by Alembic.
revision = '7c1f3e9a2b64'
down_revision = 'b7e4c1d9a2f3'
branch_labels = None
depends_on = None


def upgrade():
    # Existing addresses keep working (NULL): they end at the person's next such event.
    with op.batch_alter_table('calendar_feed_tokens', schema=None) as batch_op:
        batch_op.add_column(sa.Column('ended_at', app.models.types.UTCDateTime(timezone=True),
                                      nullable=True))


def downgrade():
    with op.batch_alter_table('calendar_feed_tokens', schema=None) as batch_op:
        batch_op.drop_column('ended_at')
