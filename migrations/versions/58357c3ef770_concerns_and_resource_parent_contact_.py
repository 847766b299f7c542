"""Concerns (a clear process for resolving conflict) and their steps; a resource parent's
address and phone on their membership, hidden from the family unless they share them.

Revision ID: 58357c3ef770
Revises: 463206afeaa5
Create Date: 2026-11-27 10:20:32.287294

"""
from alembic import op
import sqlalchemy as sa

import app.models.types  # noqa: F401  (custom column types used below)


# revision identifiers, used by Alembic.
revision = '58357c3ef770'
down_revision = '463206afeaa5'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('concerns',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('family_id', sa.Integer(), nullable=False),
    sa.Column('raised_by_id', sa.Integer(), nullable=False),
    sa.Column('what_happened', sa.Text(), nullable=False),
    sa.Column('what_would_help', sa.Text(), nullable=False),
    sa.Column('shared', sa.Boolean(), nullable=False),
    sa.Column('status', sa.Enum('open', 'resolved', name='concernstatus', native_enum=False, length=24), nullable=False),
    sa.Column('resolution', sa.Text(), nullable=False),
    sa.Column('resolved_at', app.models.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('resolved_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', app.models.types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['family_id'], ['families.id'], name=op.f('fk_concerns_family_id_families')),
    sa.ForeignKeyConstraint(['raised_by_id'], ['users.id'], name=op.f('fk_concerns_raised_by_id_users')),
    sa.ForeignKeyConstraint(['resolved_by_id'], ['users.id'], name=op.f('fk_concerns_resolved_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_concerns'))
    )
    with op.batch_alter_table('concerns', schema=None) as batch_op:
        batch_op.create_index('ix_concerns_family_id_status', ['family_id', 'status'], unique=False)

    op.create_table('concern_steps',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('concern_id', sa.Integer(), nullable=False),
    sa.Column('family_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('talked_with_parent', 'talked_with_resource_parent', 'meeting', 'agreement', 'other', 'resolved', 'reopened', name='stepkind', native_enum=False, length=32), nullable=False),
    sa.Column('happened_on', sa.Date(), nullable=False),
    sa.Column('note', sa.String(length=1000), nullable=False),
    sa.Column('note_for_family', sa.Boolean(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=False),
    sa.Column('created_at', app.models.types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_concern_steps_author_id_users')),
    sa.ForeignKeyConstraint(['concern_id'], ['concerns.id'], name=op.f('fk_concern_steps_concern_id_concerns')),
    sa.ForeignKeyConstraint(['family_id'], ['families.id'], name=op.f('fk_concern_steps_family_id_families')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_concern_steps'))
    )
    with op.batch_alter_table('concern_steps', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_concern_steps_concern_id'), ['concern_id'], unique=False)

    with op.batch_alter_table('memberships', schema=None) as batch_op:
        batch_op.add_column(sa.Column('address', sa.String(length=300), server_default='', nullable=False))
        batch_op.add_column(sa.Column('phone', sa.String(length=40), server_default='', nullable=False))
        batch_op.add_column(sa.Column('share_contact', sa.Boolean(), server_default=sa.false(), nullable=False))



def downgrade():
    with op.batch_alter_table('memberships', schema=None) as batch_op:
        batch_op.drop_column('share_contact')
        batch_op.drop_column('phone')
        batch_op.drop_column('address')

    with op.batch_alter_table('concern_steps', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_concern_steps_concern_id'))

    op.drop_table('concern_steps')
    with op.batch_alter_table('concerns', schema=None) as batch_op:
        batch_op.drop_index('ix_concerns_family_id_status')

    op.drop_table('concerns')
