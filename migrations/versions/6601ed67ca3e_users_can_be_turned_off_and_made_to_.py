"""users can be turned off and made to change their password

Revision ID: 6601ed67ca3e
Revises: ff742baeab40
Create Date: 2026-11-27 04:38:09.055049

"""
from alembic import op
import sqlalchemy as sa

import app.models.types  # noqa: F401  (custom column types used below)


# revision identifiers, used by Alembic.
revision = '6601ed67ca3e'
down_revision = 'ff742baeab40'
branch_labels = None
depends_on = None


def upgrade():
    # Server defaults fill the rows that exist: nobody is off, nobody must change a password.
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('must_change_password', sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.add_column(sa.Column('deactivated_at', app.models.types.UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('deactivated_reason', sa.String(length=500), server_default='', nullable=False))


def downgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('deactivated_reason')
        batch_op.drop_column('deactivated_at')
        batch_op.drop_column('must_change_password')
