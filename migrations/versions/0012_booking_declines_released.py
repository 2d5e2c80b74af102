"""booking_decline: who declined a booking, so it is never offered to them again; the booking
status "released" for a booking no interpreter accepted in time

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-01 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None

STATUSES = ('requested', 'confirmed', 'no_interpreter', 'cancelled', 'late_cancelled', 'completed', 'no_show')


def status_type(*codes):
    return sa.Enum(*codes, name='booking_status', native_enum=False, create_constraint=True, length=32)


def upgrade():
    op.create_table('booking_decline',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('booking_id', sa.Integer(), nullable=False),
    sa.Column('interpreter_id', sa.Integer(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('declined_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['booking_id'], ['booking.id'], name=op.f('fk_booking_decline_booking_id_booking')),
    sa.ForeignKeyConstraint(['interpreter_id'], ['interpreter.id'],
                            name=op.f('fk_booking_decline_interpreter_id_interpreter')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_booking_decline')),
    sa.UniqueConstraint('booking_id', 'interpreter_id', name='uq_booking_decline_once')
    )
    with op.batch_alter_table('booking_decline', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_booking_decline_booking_id'), ['booking_id'], unique=False)
    # The CHECK of the status codes gains "released" (SQLite rebuilds the table to change it).
    with op.batch_alter_table('booking', schema=None) as batch_op:
        batch_op.alter_column('status', existing_type=status_type(*STATUSES), type_=status_type(*STATUSES, 'released'),
                              existing_nullable=False)


def downgrade():
    # A released booking was refunded like one without an interpreter: it reads as one again.
    op.execute("UPDATE booking SET status = 'no_interpreter' WHERE status = 'released'")
    with op.batch_alter_table('booking', schema=None) as batch_op:
        batch_op.alter_column('status', existing_type=status_type(*STATUSES, 'released'), type_=status_type(*STATUSES),
                              existing_nullable=False)
    with op.batch_alter_table('booking_decline', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_booking_decline_booking_id'))
    op.drop_table('booking_decline')
