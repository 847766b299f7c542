"""Events about the children (school, health, celebrations, court) and who is coming.

Revision ID: d43c8dad8929
Revises: a8a880cc10b0
Create Date: 2026-11-27 05:08:56.900968

"""
from alembic import op
import sqlalchemy as sa

import app.models.types  # noqa: F401  (custom column types used below)


# revision identifiers, used by Alembic.
revision = 'd43c8dad8929'
down_revision = 'a8a880cc10b0'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('events',
    sa.Column('title', sa.String(length=120), nullable=False),
    sa.Column('kind', sa.Enum('school_performance', 'school_conference', 'report_card', 'medical_appointment', 'dental', 'therapy', 'activity', 'birthday', 'holiday', 'family_gathering', 'court_hearing', 'other', name='eventkind', native_enum=False, length=24), nullable=False),
    sa.Column('starts_at', app.models.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('ends_at', app.models.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('all_day', sa.Boolean(), nullable=False),
    sa.Column('local_date', sa.Date(), nullable=True),
    sa.Column('place', sa.String(length=200), nullable=False),
    sa.Column('video_link', sa.String(length=500), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('updated_at', app.models.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('state', sa.Enum('pending', 'visible', 'declined', 'hidden', 'withdrawn', name='contentstate', native_enum=False, length=24), nullable=False),
    sa.Column('state_reason', sa.String(length=500), nullable=False),
    sa.Column('moderated_at', app.models.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('created_at', app.models.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('family_id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=False),
    sa.Column('moderated_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_events_author_id_users')),
    sa.ForeignKeyConstraint(['family_id'], ['families.id'], name=op.f('fk_events_family_id_families')),
    sa.ForeignKeyConstraint(['moderated_by_id'], ['users.id'], name=op.f('fk_events_moderated_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_events'))
    )
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.create_index('ix_events_family_id_id', ['family_id', 'id'], unique=False)
        batch_op.create_index('ix_events_family_id_starts_at_id', ['family_id', 'starts_at', 'id'], unique=False)

    op.create_table('event_answers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('answer', sa.Enum('going', 'maybe', 'not_going', name='answer', native_enum=False, length=12), nullable=False),
    sa.Column('updated_at', app.models.types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_event_answers_event_id_events'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_event_answers_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_event_answers')),
    sa.UniqueConstraint('event_id', 'user_id', name=op.f('uq_event_answers_event_id_user_id'))
    )
    op.create_table('event_children',
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('child_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['child_id'], ['children.id'], name=op.f('fk_event_children_child_id_children')),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_event_children_event_id_events'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('event_id', 'child_id', name=op.f('pk_event_children'))
    )


def downgrade():
    op.drop_table('event_children')
    op.drop_table('event_answers')
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.drop_index('ix_events_family_id_starts_at_id')
        batch_op.drop_index('ix_events_family_id_id')

    op.drop_table('events')
