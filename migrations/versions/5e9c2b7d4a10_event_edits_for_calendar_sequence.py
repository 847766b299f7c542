"""events count their edits, so a calendar app's SEQUENCE rises even for edits within a second

Revision ID: 5e9c2b7d4a10
Revises: e01b3a8fc547
Create Date: 2026-11-27 12:05:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '5e9c2b7d4a10'
down_revision = 'e01b3a8fc547'
branch_labels = None
depends_on = None


def upgrade():
    # 0 for existing events: their SEQUENCE stays what it was (the count is added to it).
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.add_column(sa.Column('edits', sa.Integer(), server_default='0', nullable=False))


def downgrade():
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.drop_column('edits')
