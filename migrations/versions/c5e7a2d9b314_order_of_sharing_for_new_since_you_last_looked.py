"""'new since you last looked' follows the order things were shared in, not ids

Photos, events and "about me" versions get `shared_seq` (the number taken when the item became
visible to the family, from `families.share_seq`); messages and photos get `position` (their
place in the thread and the gallery); every marker keeps its number in `last_seen_seq`, and
`seen_markers.last_seen_id` goes.

Backfill, so every marker means what it meant: an existing shared photo, event or version
takes its id as its number, a marker of those areas takes its highest id seen, and each
family's counter starts above every id, so anything approved from now on is newer than all
of it. A shared message's position is its `shared_seq`; one never shared (waiting, declined,
taken back while it waited) stands just after the shared message written before it.

Revision ID: c5e7a2d9b314
Revises: 9b4d2e6f8a13
Create Date: 2026-11-28 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c5e7a2d9b314'
down_revision = '9b4d2e6f8a13'
branch_labels = None
depends_on = None

KINDS = ('photos', 'events', 'about_versions')
# States an item can only reach by having been shared (a withdrawal may come from waiting).
SHARED_STATES = "('visible', 'hidden')"


def upgrade():
    with op.batch_alter_table('families', schema=None) as batch_op:
        batch_op.add_column(sa.Column('share_seq', sa.Integer(), server_default='0',
                                      nullable=False))
    for table in KINDS:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column('shared_seq', sa.Integer(), server_default='0',
                                          nullable=False))
            if table == 'photos':
                batch_op.add_column(sa.Column('position', sa.Integer(), server_default='0',
                                              nullable=False))
        op.execute(f"UPDATE {table} SET shared_seq = id WHERE state IN {SHARED_STATES}")
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.create_index(f'ix_{table}_family_id_state_shared_seq',
                                  ['family_id', 'state', 'shared_seq'], unique=False)
    op.execute("UPDATE photos SET position = id")
    with op.batch_alter_table('photos', schema=None) as batch_op:
        batch_op.create_index('ix_photos_family_id_position', ['family_id', 'position'],
                              unique=False)

    connection = op.get_bind()
    top = max(connection.execute(sa.text(f"SELECT COALESCE(MAX(id), 0) FROM {table}"))
              .scalar_one() for table in KINDS)
    connection.execute(sa.text("UPDATE families SET share_seq = :top"), {"top": top})

    with op.batch_alter_table('messages', schema=None) as batch_op:
        batch_op.add_column(sa.Column('position', sa.Integer(), server_default='0',
                                      nullable=False))
    op.execute("UPDATE messages SET position = shared_seq WHERE shared_seq > 0")
    op.execute(
        "UPDATE messages SET position = COALESCE((SELECT MAX(earlier.shared_seq) FROM messages"
        " AS earlier WHERE earlier.family_id = messages.family_id"
        " AND earlier.id < messages.id AND earlier.shared_seq > 0), 0)"
        " WHERE shared_seq = 0"
    )
    with op.batch_alter_table('messages', schema=None) as batch_op:
        batch_op.create_index('ix_messages_family_id_position', ['family_id', 'position'],
                              unique=False)

    op.execute("UPDATE seen_markers SET last_seen_seq = last_seen_id WHERE area <> 'messages'")
    with op.batch_alter_table('seen_markers', schema=None) as batch_op:
        batch_op.drop_column('last_seen_id')


def downgrade():
    with op.batch_alter_table('seen_markers', schema=None) as batch_op:
        batch_op.add_column(sa.Column('last_seen_id', sa.Integer(), server_default='0',
                                      nullable=False))
    # Back to highest ids: the newest id among what each marker had seen (by its number).
    for table, area in (('photos', "'photos'"), ('events', "'events'")):
        op.execute(
            f"UPDATE seen_markers SET last_seen_id = COALESCE((SELECT MAX(t.id) FROM {table} t"
            " JOIN memberships m ON m.family_id = t.family_id"
            " WHERE m.id = seen_markers.membership_id AND t.shared_seq > 0"
            f" AND t.shared_seq <= seen_markers.last_seen_seq), 0) WHERE area = {area}"
        )
    op.execute(
        "UPDATE seen_markers SET last_seen_id = COALESCE((SELECT MAX(t.id) FROM about_versions t"
        " JOIN memberships m ON m.family_id = t.family_id"
        " WHERE m.id = seen_markers.membership_id AND t.shared_seq > 0"
        " AND t.shared_seq <= seen_markers.last_seen_seq), 0) WHERE area LIKE 'about:%'"
    )
    op.execute("UPDATE seen_markers SET last_seen_seq = 0 WHERE area <> 'messages'")
    with op.batch_alter_table('messages', schema=None) as batch_op:
        batch_op.drop_index('ix_messages_family_id_position')
        batch_op.drop_column('position')
    with op.batch_alter_table('photos', schema=None) as batch_op:
        batch_op.drop_index('ix_photos_family_id_position')
        batch_op.drop_column('position')
    for table in KINDS:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_index(f'ix_{table}_family_id_state_shared_seq')
            batch_op.drop_column('shared_seq')
    with op.batch_alter_table('families', schema=None) as batch_op:
        batch_op.drop_column('share_seq')
