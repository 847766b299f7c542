"""photos: shared photos, kept only as clean renditions by random storage keys

Revision ID: 3209f4cdca34
Revises: ab6f86cd9980
Create Date: 2026-11-27 05:08:15.145863

"""
from alembic import op
import sqlalchemy as sa

import app.models.types  # noqa: F401  (custom column types used below)


# revision identifiers, used by Alembic.
revision = '3209f4cdca34'
down_revision = 'ab6f86cd9980'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('photos',
    sa.Column('caption', sa.String(length=500), nullable=False),
    sa.Column('content_type', sa.String(length=40), nullable=False),
    sa.Column('display_key', sa.String(length=64), nullable=False),
    sa.Column('display_width', sa.Integer(), nullable=False),
    sa.Column('display_height', sa.Integer(), nullable=False),
    sa.Column('thumb_key', sa.String(length=64), nullable=False),
    sa.Column('thumb_width', sa.Integer(), nullable=False),
    sa.Column('thumb_height', sa.Integer(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('state', sa.Enum('pending', 'visible', 'declined', 'hidden', 'withdrawn', name='contentstate', native_enum=False, length=24), nullable=False),
    sa.Column('state_reason', sa.String(length=500), nullable=False),
    sa.Column('moderated_at', app.models.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('created_at', app.models.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('family_id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=False),
    sa.Column('moderated_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_photos_author_id_users')),
    sa.ForeignKeyConstraint(['family_id'], ['families.id'], name=op.f('fk_photos_family_id_families')),
    sa.ForeignKeyConstraint(['moderated_by_id'], ['users.id'], name=op.f('fk_photos_moderated_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_photos'))
    )
    with op.batch_alter_table('photos', schema=None) as batch_op:
        batch_op.create_index('ix_photos_family_id_id', ['family_id', 'id'], unique=False)



def downgrade():
    with op.batch_alter_table('photos', schema=None) as batch_op:
        batch_op.drop_index('ix_photos_family_id_id')

    op.drop_table('photos')
