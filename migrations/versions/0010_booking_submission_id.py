"""booking.submission_id: the same booking form sent twice makes its bookings once

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-25 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade():
    # Null for the bookings made before: they have no form id, and nulls never clash.
    with op.batch_alter_table('booking', schema=None) as batch_op:
        batch_op.add_column(sa.Column('submission_id', sa.String(length=64), nullable=True))
        batch_op.create_unique_constraint('uq_booking_submission_once', ['booked_by_iin', 'submission_id', 'starts_at'])


def downgrade():
    with op.batch_alter_table('booking', schema=None) as batch_op:
        batch_op.drop_constraint('uq_booking_submission_once', type_='unique')
        batch_op.drop_column('submission_id')
