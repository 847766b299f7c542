"""changes to shared events and photo captions wait for review as rows of their own
(item_edits, at most one waiting per item), and photos count their caption changes

Revision ID: b7e41c9d2f65
Revises: c5e7a2d9b314
Create Date: 2026-11-28 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b7e41c9d2f65'
down_revision = 'c5e7a2d9b314'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'item_edits',
        sa.Column('item_kind', sa.String(length=20), nullable=False),
        sa.Column('item_id', sa.Integer(), nullable=False),
        sa.Column('base_version', sa.Integer(), nullable=False),
        sa.Column('fields', sa.JSON(), nullable=False),
        sa.Column('values', sa.JSON(), nullable=False),
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('state', sa.Enum('pending', 'visible', 'declined', 'hidden', 'withdrawn',
                                   name='contentstate', native_enum=False,
                                   create_constraint=False, length=24), nullable=False),
        sa.Column('state_reason', sa.String(length=500), nullable=False),
        sa.Column('moderated_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('family_id', sa.Integer(), nullable=False),
        sa.Column('author_id', sa.Integer(), nullable=False),
        sa.Column('moderated_by_id', sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(['author_id'], ['users.id'], ),
        sa.ForeignKeyConstraint(['family_id'], ['families.id'], ),
        sa.ForeignKeyConstraint(['moderated_by_id'], ['users.id'], ),
        sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('item_edits', schema=None) as batch_op:
        batch_op.create_index('ix_item_edits_family_id_id', ['family_id', 'id'], unique=False)
        batch_op.create_index('ix_item_edits_item_kind_item_id', ['item_kind', 'item_id'],
                              unique=False)
        # One change per item waits at a time: two forms sent at once cannot both leave one.
        batch_op.create_index('uq_item_edits_one_waiting', ['item_kind', 'item_id'],
                              unique=True, sqlite_where=sa.text("state = 'pending'"),
                              postgresql_where=sa.text("state = 'pending'"))
    # 0 for existing photos: no caption change was counted before.
    with op.batch_alter_table('photos', schema=None) as batch_op:
        batch_op.add_column(sa.Column('version', sa.Integer(), server_default='0',
                                      nullable=False))


def downgrade():
    with op.batch_alter_table('photos', schema=None) as batch_op:
        batch_op.drop_column('version')
    with op.batch_alter_table('item_edits', schema=None) as batch_op:
        batch_op.drop_index('uq_item_edits_one_waiting')
        batch_op.drop_index('ix_item_edits_item_kind_item_id')
        batch_op.drop_index('ix_item_edits_family_id_id')
    op.drop_table('item_edits')
