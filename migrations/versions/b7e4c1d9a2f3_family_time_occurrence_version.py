"""family-time occurrences carry a version, so two changes of one date cannot both win

Revision ID: b7e4c1d9a2f3
Revises: 5e9c2b7d4a10
Create Date: 2026-12-07 23:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b7e4c1d9a2f3'
down_revision = '5e9c2b7d4a10'
branch_labels = None
depends_on = None


def upgrade():
    # 1 for existing rows: the ORM counts from 1 (0 is "no row yet" in the forms).
    with op.batch_alter_table('family_time_occurrences', schema=None) as batch_op:
        batch_op.add_column(sa.Column('version', sa.Integer(), server_default='1',
                                      nullable=False))


def downgrade():
    with op.batch_alter_table('family_time_occurrences', schema=None) as batch_op:
        batch_op.drop_column('version')
