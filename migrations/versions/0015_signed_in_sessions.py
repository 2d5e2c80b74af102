"""signed_in_session: sessions kept on the server; sign_in_code: attempts out, asked_from in

Signing out ends the session's row, so a copied cookie stops working. Wrong codes are no longer
counted on the code's row (a row exists only for a registered IIN, so the count told strangers who
is registered); they are counted per address and IIN for every IIN alike (portal/auth/guesses.py).
sign_in_code.asked_from (a keyed digest of the address) caps the codes one address makes a phone get.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-06 20:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('signed_in_session',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key_hash', sa.String(length=64), nullable=False),
    sa.Column('role', sa.Enum('person', 'staff', 'interpreter', name='session_role', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('account', sa.String(length=20), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_seen_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('ended_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_signed_in_session')),
    sa.UniqueConstraint('key_hash', name=op.f('uq_signed_in_session_key_hash'))
    )
    with op.batch_alter_table('signed_in_session', schema=None) as batch_op:
        batch_op.create_index('ix_signed_in_session_role_account', ['role', 'account'], unique=False)
    with op.batch_alter_table('sign_in_code', schema=None) as batch_op:
        batch_op.drop_column('attempts')
        batch_op.add_column(sa.Column('asked_from', sa.String(length=16), nullable=True))


def downgrade():
    with op.batch_alter_table('sign_in_code', schema=None) as batch_op:
        batch_op.drop_column('asked_from')
        batch_op.add_column(sa.Column('attempts', sa.Integer(), nullable=False, server_default='0'))
    with op.batch_alter_table('signed_in_session', schema=None) as batch_op:
        batch_op.drop_index('ix_signed_in_session_role_account')
    op.drop_table('signed_in_session')
