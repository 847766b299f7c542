"""reports are resolved from the review queue: how (kept, hidden, talk), and an index for
the caseload's open-report counts

Revision ID: ecebbb55a30e
Revises: 58357c3ef770
Create Date: 2026-11-27 10:20:46.097083

"""
from alembic import op
import sqlalchemy as sa

import app.models.types  # noqa: F401  (custom column types used below)


# revision identifiers, used by Alembic.
revision = 'ecebbb55a30e'
down_revision = '58357c3ef770'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('reports', schema=None) as batch_op:
        batch_op.add_column(sa.Column('outcome', sa.Enum('kept', 'hidden', 'talk', name='reportoutcome', native_enum=False, length=12), nullable=True))
        batch_op.create_index('ix_reports_family_id_resolved_at', ['family_id', 'resolved_at'], unique=False)


def downgrade():
    with op.batch_alter_table('reports', schema=None) as batch_op:
        batch_op.drop_index('ix_reports_family_id_resolved_at')
        batch_op.drop_column('outcome')
