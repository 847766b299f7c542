"""about me: one shared version per change of a section about a child

Revision ID: ab6f86cd9980
Revises: d43c8dad8929
Create Date: 2026-11-27 05:08:09.644956

"""
from alembic import op
import sqlalchemy as sa

import app.models.types  # noqa: F401  (custom column types used below)


# revision identifiers, used by Alembic.
revision = 'ab6f86cd9980'
down_revision = 'd43c8dad8929'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('about_versions',
    sa.Column('child_id', sa.Integer(), nullable=False),
    sa.Column('section', sa.String(length=20), nullable=False),
    sa.Column('text', sa.String(length=2000), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('state', sa.Enum('pending', 'visible', 'declined', 'hidden', 'withdrawn', name='contentstate', native_enum=False, length=24), nullable=False),
    sa.Column('state_reason', sa.String(length=500), nullable=False),
    sa.Column('moderated_at', app.models.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('created_at', app.models.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('family_id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=False),
    sa.Column('moderated_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_about_versions_author_id_users')),
    sa.ForeignKeyConstraint(['child_id'], ['children.id'], name=op.f('fk_about_versions_child_id_children')),
    sa.ForeignKeyConstraint(['family_id'], ['families.id'], name=op.f('fk_about_versions_family_id_families')),
    sa.ForeignKeyConstraint(['moderated_by_id'], ['users.id'], name=op.f('fk_about_versions_moderated_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_about_versions'))
    )
    with op.batch_alter_table('about_versions', schema=None) as batch_op:
        batch_op.create_index('ix_about_versions_child_id_section_id', ['child_id', 'section', 'id'], unique=False)
        batch_op.create_index('ix_about_versions_family_id_id', ['family_id', 'id'], unique=False)



def downgrade():
    with op.batch_alter_table('about_versions', schema=None) as batch_op:
        batch_op.drop_index('ix_about_versions_family_id_id')
        batch_op.drop_index('ix_about_versions_child_id_section_id')

    op.drop_table('about_versions')
