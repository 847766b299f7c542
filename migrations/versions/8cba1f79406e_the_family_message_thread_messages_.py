"""the family message thread: messages, their revisions, reports, read markers and receipts

Revision ID: 8cba1f79406e
Revises: 829e8cfd784c
Create Date: 2026-11-27 06:59:29.910289

"""
from alembic import op
import sqlalchemy as sa

import app.models.types  # noqa: F401  (custom column types used below)


# revision identifiers, used by Alembic.
revision = '8cba1f79406e'
down_revision = '829e8cfd784c'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('messages',
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('edited_at', app.models.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('shared_seq', sa.Integer(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('state', sa.Enum('pending', 'visible', 'declined', 'hidden', 'withdrawn', name='contentstate', native_enum=False, length=24), nullable=False),
    sa.Column('state_reason', sa.String(length=500), nullable=False),
    sa.Column('moderated_at', app.models.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('created_at', app.models.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('family_id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=False),
    sa.Column('moderated_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_messages_author_id_users')),
    sa.ForeignKeyConstraint(['family_id'], ['families.id'], name=op.f('fk_messages_family_id_families')),
    sa.ForeignKeyConstraint(['moderated_by_id'], ['users.id'], name=op.f('fk_messages_moderated_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_messages'))
    )
    with op.batch_alter_table('messages', schema=None) as batch_op:
        batch_op.create_index('ix_messages_family_id_id', ['family_id', 'id'], unique=False)
        batch_op.create_index('ix_messages_family_id_state_shared_seq', ['family_id', 'state', 'shared_seq'], unique=False)

    op.create_table('reports',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('family_id', sa.Integer(), nullable=False),
    sa.Column('item_kind', sa.String(length=20), nullable=False),
    sa.Column('item_id', sa.Integer(), nullable=False),
    sa.Column('reporter_id', sa.Integer(), nullable=False),
    sa.Column('reason', sa.String(length=500), nullable=False),
    sa.Column('created_at', app.models.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('resolved_at', app.models.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('resolved_by_id', sa.Integer(), nullable=True),
    sa.Column('resolution', sa.String(length=500), nullable=False),
    sa.ForeignKeyConstraint(['family_id'], ['families.id'], name=op.f('fk_reports_family_id_families')),
    sa.ForeignKeyConstraint(['reporter_id'], ['users.id'], name=op.f('fk_reports_reporter_id_users')),
    sa.ForeignKeyConstraint(['resolved_by_id'], ['users.id'], name=op.f('fk_reports_resolved_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reports'))
    )
    with op.batch_alter_table('reports', schema=None) as batch_op:
        batch_op.create_index('ix_reports_family_id_item_kind_item_id', ['family_id', 'item_kind', 'item_id'], unique=False)

    op.create_table('message_revisions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('message_id', sa.Integer(), nullable=False),
    sa.Column('family_id', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('created_at', app.models.types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['family_id'], ['families.id'], name=op.f('fk_message_revisions_family_id_families')),
    sa.ForeignKeyConstraint(['message_id'], ['messages.id'], name=op.f('fk_message_revisions_message_id_messages')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_message_revisions'))
    )
    with op.batch_alter_table('message_revisions', schema=None) as batch_op:
        batch_op.create_index('ix_message_revisions_message_id_id', ['message_id', 'id'], unique=False)

    with op.batch_alter_table('families', schema=None) as batch_op:
        batch_op.add_column(sa.Column('thread_version', sa.Integer(), server_default='0', nullable=False))

    with op.batch_alter_table('seen_markers', schema=None) as batch_op:
        batch_op.add_column(sa.Column('last_seen_seq', sa.Integer(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('receipt_seq', sa.Integer(), server_default='0', nullable=False))

    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('read_receipts', sa.Boolean(), server_default=sa.true(), nullable=False))



def downgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('read_receipts')

    with op.batch_alter_table('seen_markers', schema=None) as batch_op:
        batch_op.drop_column('receipt_seq')
        batch_op.drop_column('last_seen_seq')

    with op.batch_alter_table('families', schema=None) as batch_op:
        batch_op.drop_column('thread_version')

    with op.batch_alter_table('message_revisions', schema=None) as batch_op:
        batch_op.drop_index('ix_message_revisions_message_id_id')

    op.drop_table('message_revisions')
    with op.batch_alter_table('reports', schema=None) as batch_op:
        batch_op.drop_index('ix_reports_family_id_item_kind_item_id')

    op.drop_table('reports')
    with op.batch_alter_table('messages', schema=None) as batch_op:
        batch_op.drop_index('ix_messages_family_id_state_shared_seq')
        batch_op.drop_index('ix_messages_family_id_id')

    op.drop_table('messages')
