"""staff_user, interpreter: the second factor, a time-based one-time code's secret and the hashes
of the recovery codes (issue #26, point 3)

Revision ID: 0034
Revises: 0033
Create Date: 2026-12-07 23:40:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0034'
down_revision = '0033'
branch_labels = None
depends_on = None

TABLES = ('staff_user', 'interpreter')


def upgrade():
    for table in TABLES:
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column('totp_secret', sa.String(length=32), nullable=True))
            batch.add_column(sa.Column('totp_confirmed_at', sa.DateTime(timezone=True), nullable=True))
            batch.add_column(sa.Column('totp_last_step', sa.Integer(), nullable=True))
            batch.add_column(sa.Column('recovery_codes', sa.JSON(), nullable=True))


def downgrade():
    for table in TABLES:
        with op.batch_alter_table(table) as batch:
            batch.drop_column('recovery_codes')
            batch.drop_column('totp_last_step')
            batch.drop_column('totp_confirmed_at')
            batch.drop_column('totp_secret')
