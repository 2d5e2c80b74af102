"""account.contact_language and account.communication_needs: how the department should reach the
person, as they set it (issue #23, point 12)

Revision ID: 0025
Revises: 0024
Create Date: 2026-12-07 10:30:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0025'
down_revision = '0024'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('account', schema=None) as batch_op:
        batch_op.add_column(sa.Column('contact_language', sa.Enum(
            'kk', 'ru', name='account_contact_language', native_enum=False, create_constraint=True, length=32),
            nullable=True))
        batch_op.add_column(sa.Column('communication_needs', sa.JSON(), nullable=False, server_default='[]'))


def downgrade():
    with op.batch_alter_table('account', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_account_account_contact_language'), type_='check')
        batch_op.drop_column('communication_needs')
        batch_op.drop_column('contact_language')
