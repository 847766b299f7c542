"""machine translations of what people wrote: one row per text revision and reader's language,
unique, so two readers asking at once keep one (docs/machine-translation.md)

Revision ID: 610c69497dc2
Revises: b7e41c9d2f65
Create Date: 2026-12-08 01:00:18.583870

"""
from alembic import op
import sqlalchemy as sa

import app.models.types  # noqa: F401  (custom column types used below)


# revision identifiers, used by Alembic.
revision = '610c69497dc2'
down_revision = 'b7e41c9d2f65'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('machine_translations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('family_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=30), nullable=False),
    sa.Column('item_id', sa.Integer(), nullable=False),
    sa.Column('field', sa.String(length=30), nullable=False),
    sa.Column('text_sha256', sa.String(length=64), nullable=False),
    sa.Column('source_locale', sa.String(length=10), nullable=False),
    sa.Column('target_locale', sa.String(length=10), nullable=False),
    sa.Column('translated_text', sa.Text(), nullable=False),
    sa.Column('created_at', app.models.types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['family_id'], ['families.id'], name=op.f('fk_machine_translations_family_id_families')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_machine_translations')),
    sa.UniqueConstraint('family_id', 'kind', 'item_id', 'field', 'text_sha256', 'target_locale', name='uq_machine_translations_text')
    )


def downgrade():
    op.drop_table('machine_translations')
