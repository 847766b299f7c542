"""invitation and reset codes stored as HMAC; an invitation's link gets its own 128-bit token

Revision ID: 9b4d2e6f8a13
Revises: 7c1f3e9a2b64
Create Date: 2026-12-07 23:20:00.000000

Codes already given out cannot be re-hashed (only their plain SHA-256 is known), so every
existing row is marked `legacy_hash`: it keeps working as before, typed or through the link
that was sent (which carried the code), until it is used, cancelled or runs out (7 days for an
invitation, 4 hours for a reset code). New rows are HMAC only; see app/codes.py.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '9b4d2e6f8a13'
down_revision = '7c1f3e9a2b64'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('invitations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('link_hash', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('legacy_hash', sa.Boolean(), server_default=sa.false(),
                                      nullable=False))
        batch_op.create_unique_constraint(batch_op.f('uq_invitations_link_hash'), ['link_hash'])
    with op.batch_alter_table('password_resets', schema=None) as batch_op:
        batch_op.add_column(sa.Column('legacy_hash', sa.Boolean(), server_default=sa.false(),
                                      nullable=False))
    op.execute("UPDATE invitations SET legacy_hash = true")
    op.execute("UPDATE password_resets SET legacy_hash = true")


def downgrade():
    # Rows made after the upgrade hold HMACs the old code cannot check: they stop working.
    with op.batch_alter_table('password_resets', schema=None) as batch_op:
        batch_op.drop_column('legacy_hash')
    with op.batch_alter_table('invitations', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_invitations_link_hash'), type_='unique')
        batch_op.drop_column('legacy_hash')
        batch_op.drop_column('link_hash')
