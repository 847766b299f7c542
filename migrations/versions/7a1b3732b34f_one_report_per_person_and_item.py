"""one report per person and item: a unique index, so a form sent twice at once cannot save
two reports

Revision ID: 7a1b3732b34f
Revises: ecebbb55a30e
Create Date: 2026-11-27 11:32:00.181452

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '7a1b3732b34f'
down_revision = 'ecebbb55a30e'
branch_labels = None
depends_on = None


def upgrade():
    # A double tap may already have saved two reports: keep each person's first one (the
    # one the caseworker saw first), or the unique index below could not be built.
    op.execute(sa.text(
        "DELETE FROM reports WHERE id NOT IN ("
        " SELECT first_id FROM ("
        "  SELECT MIN(id) AS first_id FROM reports"
        "  GROUP BY family_id, item_kind, item_id, reporter_id) AS firsts)"
    ))
    with op.batch_alter_table('reports', schema=None) as batch_op:
        # The unique index starts with the same three columns, so it serves those look-ups.
        batch_op.drop_index('ix_reports_family_id_item_kind_item_id')
        batch_op.create_index('uq_reports_family_id_item_kind_item_id_reporter_id',
                              ['family_id', 'item_kind', 'item_id', 'reporter_id'], unique=True)


def downgrade():
    with op.batch_alter_table('reports', schema=None) as batch_op:
        batch_op.drop_index('uq_reports_family_id_item_kind_item_id_reporter_id')
        batch_op.create_index('ix_reports_family_id_item_kind_item_id',
                              ['family_id', 'item_kind', 'item_id'], unique=False)
