"""a caseworker version on families, so two admins changing the caseworker at once leave one

Revision ID: e01b3a8fc547
Revises: 7a1b3732b34f
Create Date: 2026-11-27 11:34:52.366337

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e01b3a8fc547'
down_revision = '7a1b3732b34f'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('families', schema=None) as batch_op:
        batch_op.add_column(sa.Column('caseworker_version', sa.Integer(), server_default='0',
                                      nullable=False))


def downgrade():
    with op.batch_alter_table('families', schema=None) as batch_op:
        batch_op.drop_column('caseworker_version')
