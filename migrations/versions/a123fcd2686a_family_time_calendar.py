"""Family time: single times and weekly series, their exceptions and records, the slots that
stop a child being booked twice, and each parent's family-time level with its history.

Revision ID: a123fcd2686a
Revises: 8cba1f79406e
Create Date: 2026-11-27 07:16:48.313119

"""
from alembic import op
import sqlalchemy as sa

import app.models.types  # noqa: F401  (custom column types used below)


# revision identifiers, used by Alembic.
revision = 'a123fcd2686a'
down_revision = '8cba1f79406e'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('family_time_levels',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('family_id', sa.Integer(), nullable=False),
    sa.Column('membership_id', sa.Integer(), nullable=False),
    sa.Column('level', sa.Enum('supervised', 'monitored', 'unsupervised', 'overnight', 'trial_home_visit', name='level', native_enum=False, length=20), nullable=False),
    sa.Column('reason', sa.String(length=500), nullable=False),
    sa.Column('set_by_id', sa.Integer(), nullable=False),
    sa.Column('set_at', app.models.types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['family_id'], ['families.id'], name=op.f('fk_family_time_levels_family_id_families')),
    sa.ForeignKeyConstraint(['membership_id'], ['memberships.id'], name=op.f('fk_family_time_levels_membership_id_memberships')),
    sa.ForeignKeyConstraint(['set_by_id'], ['users.id'], name=op.f('fk_family_time_levels_set_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_family_time_levels'))
    )
    with op.batch_alter_table('family_time_levels', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_family_time_levels_family_id'), ['family_id'], unique=False)
        batch_op.create_index('ix_family_time_levels_membership_id_id', ['membership_id', 'id'], unique=False)

    op.create_table('family_times',
    sa.Column('starts_at', app.models.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('last_ends_at', app.models.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('time_zone', sa.String(length=64), nullable=False),
    sa.Column('first_date', sa.Date(), nullable=False),
    sa.Column('last_date', sa.Date(), nullable=False),
    sa.Column('local_start', sa.Time(), nullable=False),
    sa.Column('duration_minutes', sa.Integer(), nullable=False),
    sa.Column('every_weeks', sa.Integer(), nullable=True),
    sa.Column('mode', sa.Enum('in_person', 'video', 'phone', name='mode', native_enum=False, length=12), nullable=False),
    sa.Column('place', sa.String(length=200), nullable=False),
    sa.Column('call_link', sa.String(length=500), nullable=False),
    sa.Column('supervision', sa.Enum('supervised', 'monitored', 'unsupervised', name='supervision', native_enum=False, length=16), nullable=False),
    sa.Column('supervisor', sa.String(length=120), nullable=False),
    sa.Column('host_id', sa.Integer(), nullable=True),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('confirm_by', app.models.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('expired_at', app.models.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('replaces_id', sa.Integer(), nullable=True),
    sa.Column('replaces_date', sa.Date(), nullable=True),
    sa.Column('make_up_for_id', sa.Integer(), nullable=True),
    sa.Column('make_up_for_date', sa.Date(), nullable=True),
    sa.Column('continues_id', sa.Integer(), nullable=True),
    sa.Column('sequence', sa.Integer(), nullable=False),
    sa.Column('updated_at', app.models.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('state', sa.Enum('pending', 'visible', 'declined', 'hidden', 'withdrawn', name='contentstate', native_enum=False, length=24), nullable=False),
    sa.Column('state_reason', sa.String(length=500), nullable=False),
    sa.Column('moderated_at', app.models.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('created_at', app.models.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('family_id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=False),
    sa.Column('moderated_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_family_times_author_id_users')),
    sa.ForeignKeyConstraint(['continues_id'], ['family_times.id'], name=op.f('fk_family_times_continues_id_family_times')),
    sa.ForeignKeyConstraint(['family_id'], ['families.id'], name=op.f('fk_family_times_family_id_families')),
    sa.ForeignKeyConstraint(['host_id'], ['memberships.id'], name=op.f('fk_family_times_host_id_memberships')),
    sa.ForeignKeyConstraint(['make_up_for_id'], ['family_times.id'], name=op.f('fk_family_times_make_up_for_id_family_times')),
    sa.ForeignKeyConstraint(['moderated_by_id'], ['users.id'], name=op.f('fk_family_times_moderated_by_id_users')),
    sa.ForeignKeyConstraint(['replaces_id'], ['family_times.id'], name=op.f('fk_family_times_replaces_id_family_times')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_family_times'))
    )
    with op.batch_alter_table('family_times', schema=None) as batch_op:
        batch_op.create_index('ix_family_times_family_id_confirm_by', ['family_id', 'confirm_by'], unique=False)
        batch_op.create_index('ix_family_times_family_id_id', ['family_id', 'id'], unique=False)
        batch_op.create_index('ix_family_times_family_id_starts_at', ['family_id', 'starts_at'], unique=False)

    op.create_table('family_time_children',
    sa.Column('family_time_id', sa.Integer(), nullable=False),
    sa.Column('child_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['child_id'], ['children.id'], name=op.f('fk_family_time_children_child_id_children')),
    sa.ForeignKeyConstraint(['family_time_id'], ['family_times.id'], name=op.f('fk_family_time_children_family_time_id_family_times'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('family_time_id', 'child_id', name=op.f('pk_family_time_children'))
    )
    op.create_table('family_time_occurrences',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('family_time_id', sa.Integer(), nullable=False),
    sa.Column('original_date', sa.Date(), nullable=False),
    sa.Column('moved_starts_at', app.models.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('moved_ends_at', app.models.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('replaced_by_id', sa.Integer(), nullable=True),
    sa.Column('outcome', sa.Enum('attended', 'parent_did_not_come', 'child_did_not_come', 'cancelled', name='outcome', native_enum=False, length=24), nullable=True),
    sa.Column('outcome_by_id', sa.Integer(), nullable=True),
    sa.Column('outcome_at', app.models.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('outcome_reason', sa.String(length=500), nullable=False),
    sa.Column('outcome_note', sa.String(length=500), nullable=False),
    sa.ForeignKeyConstraint(['family_time_id'], ['family_times.id'], name=op.f('fk_family_time_occurrences_family_time_id_family_times'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['outcome_by_id'], ['memberships.id'], name=op.f('fk_family_time_occurrences_outcome_by_id_memberships')),
    sa.ForeignKeyConstraint(['replaced_by_id'], ['family_times.id'], name=op.f('fk_family_time_occurrences_replaced_by_id_family_times')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_family_time_occurrences')),
    sa.UniqueConstraint('family_time_id', 'original_date', name=op.f('uq_family_time_occurrences_family_time_id_original_date'))
    )
    op.create_table('family_time_parents',
    sa.Column('family_time_id', sa.Integer(), nullable=False),
    sa.Column('membership_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['family_time_id'], ['family_times.id'], name=op.f('fk_family_time_parents_family_time_id_family_times'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['membership_id'], ['memberships.id'], name=op.f('fk_family_time_parents_membership_id_memberships')),
    sa.PrimaryKeyConstraint('family_time_id', 'membership_id', name=op.f('pk_family_time_parents'))
    )
    op.create_table('family_time_slots',
    sa.Column('child_id', sa.Integer(), nullable=False),
    sa.Column('starts_at', app.models.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('family_time_id', sa.Integer(), nullable=False),
    sa.Column('occurrence_date', sa.Date(), nullable=False),
    sa.ForeignKeyConstraint(['child_id'], ['children.id'], name=op.f('fk_family_time_slots_child_id_children')),
    sa.ForeignKeyConstraint(['family_time_id'], ['family_times.id'], name=op.f('fk_family_time_slots_family_time_id_family_times'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('child_id', 'starts_at', name=op.f('pk_family_time_slots'))
    )
    with op.batch_alter_table('family_time_slots', schema=None) as batch_op:
        batch_op.create_index('ix_family_time_slots_family_time_id_occurrence_date', ['family_time_id', 'occurrence_date'], unique=False)



def downgrade():
    with op.batch_alter_table('family_time_slots', schema=None) as batch_op:
        batch_op.drop_index('ix_family_time_slots_family_time_id_occurrence_date')

    op.drop_table('family_time_slots')
    op.drop_table('family_time_parents')
    op.drop_table('family_time_occurrences')
    op.drop_table('family_time_children')
    with op.batch_alter_table('family_times', schema=None) as batch_op:
        batch_op.drop_index('ix_family_times_family_id_starts_at')
        batch_op.drop_index('ix_family_times_family_id_id')
        batch_op.drop_index('ix_family_times_family_id_confirm_by')

    op.drop_table('family_times')
    with op.batch_alter_table('family_time_levels', schema=None) as batch_op:
        batch_op.drop_index('ix_family_time_levels_membership_id_id')
        batch_op.drop_index(batch_op.f('ix_family_time_levels_family_id'))

    op.drop_table('family_time_levels')
