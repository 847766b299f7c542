"""glossary: terms explained per language, words to avoid, and a version token for the matcher

Revision ID: 829e8cfd784c
Revises: 3209f4cdca34
Create Date: 2026-11-27 07:00:21.549390

"""
from alembic import op
import sqlalchemy as sa

import app.models.types  # noqa: F401  (custom column types used below)


# revision identifiers, used by Alembic.
revision = '829e8cfd784c'
down_revision = '3209f4cdca34'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('avoid_words',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=80), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_avoid_words')),
    sa.UniqueConstraint('key', name=op.f('uq_avoid_words_key'))
    )
    op.create_table('glossary_state',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('version', sa.String(length=32), nullable=False),
    sa.Column('changed_at', app.models.types.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_glossary_state'))
    )
    op.create_table('glossary_terms',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=80), nullable=False),
    sa.Column('acronyms', sa.JSON(), nullable=False),
    sa.Column('edited_at', app.models.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('updated_at', app.models.types.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_glossary_terms')),
    sa.UniqueConstraint('key', name=op.f('uq_glossary_terms_key'))
    )
    op.create_table('avoid_word_texts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('word_id', sa.Integer(), nullable=False),
    sa.Column('locale', sa.String(length=10), nullable=False),
    sa.Column('says', sa.JSON(), nullable=False),
    sa.Column('instead', sa.String(length=300), nullable=False),
    sa.Column('why', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['word_id'], ['avoid_words.id'], name=op.f('fk_avoid_word_texts_word_id_avoid_words')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_avoid_word_texts')),
    sa.UniqueConstraint('word_id', 'locale', name=op.f('uq_avoid_word_texts_word_id_locale'))
    )
    op.create_table('glossary_texts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('term_id', sa.Integer(), nullable=False),
    sa.Column('locale', sa.String(length=10), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('also', sa.JSON(), nullable=False),
    sa.Column('definition', sa.Text(), nullable=False),
    sa.Column('for_you', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['term_id'], ['glossary_terms.id'], name=op.f('fk_glossary_texts_term_id_glossary_terms')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_glossary_texts')),
    sa.UniqueConstraint('term_id', 'locale', name=op.f('uq_glossary_texts_term_id_locale'))
    )


def downgrade():
    op.drop_table('glossary_texts')
    op.drop_table('avoid_word_texts')
    op.drop_table('glossary_terms')
    op.drop_table('glossary_state')
    op.drop_table('avoid_words')
